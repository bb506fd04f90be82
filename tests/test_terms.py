"""The names-and-terms page: the glossary as a table, in both editions."""

from __future__ import annotations

import re

import pytest

from article_evidence import evidence, terms

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def ev():
    return evidence.load()


def test_every_term_is_a_row_grouped_by_kind(ev):
    table = terms.glossary_table(ev, "en")
    assert len(table) == len(ev.glossary)
    kinds = list(table["Kind"])
    firsts = [kinds.index(k) for k in dict.fromkeys(kinds)]
    assert firsts == sorted(firsts), "each kind's rows are together"
    assert kinds[0] == "People"


def test_the_differences_are_the_rows_whose_spelling_is_not_the_article_s(ev):
    table = terms.glossary_table(ev, "en", only_differences=True)
    glossary = ev.glossary.dropna(subset=["article_ar"])
    expected = glossary[glossary["article_ar"] != glossary["ar"]]
    assert sorted(table["English"]) == sorted(expected["en"])
    assert "Liu Zhan" in set(table["English"])
    row = table[table["English"] == "Liu Zhan"].iloc[0]
    assert row["The article writes"] == "ليو زان" and row["The book's Arabic"] == "ليو تشان"
    assert "relay" in row["Why the book differs"]


def test_the_counts_follow_the_glossary(ev):
    numbers = terms.numbers(ev)
    assert numbers["terms"] == len(ev.glossary)
    assert numbers["terms_from_article"] == int(ev.glossary["article_ar"].notna().sum())
    differences = terms.glossary_table(ev, "en", only_differences=True)
    assert numbers["terms_differing"] == len(differences)


def test_the_arabic_table_has_arabic_headers_kinds_and_reasons(ev):
    table = terms.glossary_table(ev, "ar", only_differences=True)
    assert not [c for c in table.columns if LATIN.search(c)]
    english, reasons = table.columns[1], table.columns[-1]  # the English term is the row's key
    for column in table.columns.drop([english, reasons]):
        latin = [v for v in table[column] if LATIN.search(re.sub(r"\bP\d\d\b", "", v))]
        assert not latin, (column, latin)
    # a reason quotes the FT's English spelling it corrects, and nothing else in Latin
    quoted = {w for r in table[reasons] for w in re.findall(r"[A-Za-z]+", r)}
    assert quoted <= {"Liu", "Zhan", "Zh", "Major", "General"}, quoted
