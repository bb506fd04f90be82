"""The Arabic edition's fixed terms (data/glossary.csv): loaded, checked, and used.

The loader refuses a glossary row that quotes the article's spelling without its paragraph, or
not verbatim, or that differs from the article's spelling without saying why. The book uses
the glossary in three places, each tested where it is made: the catalogues (every fixed term
in every translated message, tests/test_catalogues.py), the package (``language.term``), and
the Arabic edition's figures and tables (the chapter modules' tests).
"""

from __future__ import annotations

import pytest
from test_bad_input import expect, find, set_cells

from article_evidence import evidence, language


def test_every_channel_and_state_the_model_knows_has_a_term():
    """The lanes and states the figures draw all have their Arabic in the glossary."""
    loaded = evidence.load()
    terms = language.glossary()
    channel_ids = [*loaded.channels["channel_id"], *loaded.context_channels["channel_id"]]
    missing = [
        c for c in channel_ids if f"channel_{c}" not in terms and c not in ("leaders", "routine")
    ]
    assert not missing, f"channels without a glossary term: {missing}"
    states = set(loaded.channels["state_at_publication"].dropna())
    assert not [s for s in states if f"state_{s}" not in terms]


def test_the_corrected_name_and_rank_of_the_attache():
    assert language.term("liu_zhan", "ar") == "ليو تشان"
    row = language.glossary()["liu_zhan"]
    assert row["article_ar"] == "ليو زان" and "relay" in row["correction_en"]
    assert language.term("major_general", "ar") == "اللواء"


def test_terms_in_both_languages():
    assert language.term("month_02", "en") == "February"
    assert language.term("month_02", "ar") == "فبراير"
    with pytest.raises(language.MissingTranslation, match="no term 'nonsense'"):
        language.term("nonsense", "ar")


def test_article_spelling_without_its_paragraph_is_refused(scratch):
    line, _ = find(scratch, "glossary", "article_ar", bool)
    set_cells(scratch, "glossary", line, paragraph_id="")
    problem = expect(scratch, path="data/glossary.csv", column="paragraph_id", line=line)
    assert "go together" in problem.rule


def test_article_spelling_not_in_its_paragraph_is_refused(scratch):
    line, row = find(scratch, "glossary", "article_ar", bool)
    set_cells(
        scratch, "glossary", line, article_ar=row["article_ar"] + "ي", ar=row["article_ar"] + "ي"
    )
    problem = expect(scratch, path="data/glossary.csv", column="article_ar", line=line)
    assert "verbatim" in problem.rule


def test_a_book_spelling_unlike_the_article_must_say_why(scratch):
    line, _ = find(scratch, "glossary", "correction_en", bool)
    set_cells(scratch, "glossary", line, correction_en="")
    problem = expect(scratch, path="data/glossary.csv", column="correction_en", line=line)
    assert "why" in problem.rule


def test_latin_letters_in_the_arabic_column_are_refused(scratch):
    line, _ = find(scratch, "glossary", "ar", bool)
    set_cells(scratch, "glossary", line, ar="ليو Zhan")
    expect(scratch, path="data/glossary.csv", column="ar", line=line)
