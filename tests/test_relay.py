"""The relay table (FT sentence beside the article's words) and the chapter built on it."""

import json
import re

import matplotlib

matplotlib.use("Agg")

import arabic_edition  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from test_evidence import only, problems_after  # noqa: E402

from article_evidence import evidence, figtext, language, paths, relay, style  # noqa: E402

# The sentences of the two FT copies: F1-F6 word for word, R7-R12 reworded.
FT_SENTENCES = [f"F{n}" for n in range(1, 7)] + [f"R{n}" for n in range(7, 13)]


@pytest.fixture(scope="module")
def ev():
    style.apply()
    return evidence.load()


def schema_field(name: str) -> dict:
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "relay")
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def line_of(scratch, relay_id: str) -> int:
    """The line of relay.csv holding the row with this id (1-based, header on line 1)."""
    lines = scratch.lines("relay")
    return next(i for i, line in enumerate(lines, 1) if line.startswith(relay_id + ","))


# --------------------------------------------------------------------------- the data


def test_relay_rows_cite_a_paragraph_and_a_page(ev):
    assert ev.relay.attrs["provenance"] == "relay"
    tagged = evidence.tag(ev.relay)
    evidence.check_provenance(tagged)  # raises unless every row cites both


def test_a_relay_row_without_its_page_is_refused(ev):
    tagged = evidence.tag(ev.relay)
    tagged.loc[0, "source_url"] = None
    with pytest.raises(evidence.ProvenanceError, match="relay row must cite a paragraph and a"):
        evidence.check_provenance(tagged)


def test_every_paragraph_and_every_ft_sentence_is_aligned(ev):
    assert set(ev.relay["paragraph_id"]) == set(ev.paragraphs["paragraph_id"])
    assert set(ev.relay["ft_sentence"].dropna()) == set(FT_SENTENCES)


def test_the_vocabulary_is_the_schemas(ev):
    assert set(relay.CHANGE_KINDS) == set(schema_field("change_kind")["constraints"]["enum"])
    described = schema_field("change_kind")["description"]
    for kind in relay.CHANGE_KINDS:
        assert f"{kind} (" in described, f"{kind} is not explained in the schema"


def test_only_verbatim_rows_quote_the_ft(ev):
    quoted = ev.relay["ft_quote_en"].notna()
    assert (quoted == (ev.relay["ft_text_kind"] == "verbatim")).all()
    limit = schema_field("ft_quote_en")["constraints"]["maxLength"]
    assert ev.relay["ft_quote_en"].dropna().str.len().max() <= limit


# --------------------------------------------------------------------------- bad input


def test_span_not_verbatim(scratch):
    line = line_of(scratch, "f2_scope")
    scratch.replace_in_line("relay", line, ",بين البلدين,", ",بين الرجلين,")
    problem = only(problems_after(scratch), path="data/relay.csv", column="span_ar")
    assert (problem.line, problem.value) == (line, "بين الرجلين")
    assert "verbatim in paragraph P01" in problem.rule
    assert f"data/relay.csv:{line}: column 7 'span_ar': value 'بين الرجلين' breaks rule:" in str(
        problem
    )


def test_ft_quotation_on_a_paraphrase_row(scratch):
    line = line_of(scratch, "r11_engagements")
    scratch.replace_in_line("relay", line, ",paraphrase,,", ",paraphrase,senior-level engagements,")
    problem = only(problems_after(scratch), path="data/relay.csv", column="ft_quote_en")
    assert (problem.line, problem.column, problem.value) == (
        line,
        "4 'ft_quote_en'",
        "senior-level engagements",
    )
    assert "must be empty on a paraphrase row" in problem.rule


def test_verbatim_row_without_its_quotation(scratch):
    line = line_of(scratch, "f2_verb")
    scratch.replace_in_line("relay", line, ",verbatim,derailed,", ",verbatim,,")
    problem = only(problems_after(scratch), path="data/relay.csv", column="ft_quote_en")
    assert problem.line == line and "verbatim row quotes" in problem.rule


def test_unknown_change_kind(scratch):
    line = line_of(scratch, "f2_verb")
    scratch.replace_in_line("relay", line, ",softened,", ",distorted,")
    problem = only(problems_after(scratch), path="data/relay.csv", value="distorted")
    assert problem.line == line and problem.column == "10 'change_kind'"
    assert "enum" in problem.rule


def test_missing_url(scratch):
    line = line_of(scratch, "f3_rank")
    scratch.replace_in_line("relay", line, ",https://indebta.com/?p=108592", ",")
    problem = only(problems_after(scratch), path="data/relay.csv", column="source_url")
    assert (problem.line, problem.column, problem.value) == (line, "13 'source_url'", "")
    assert "required" in problem.rule


def test_home_page_url(scratch):
    line = line_of(scratch, "f3_rank")
    scratch.replace_in_line("relay", line, "https://indebta.com/?p=108592", "https://indebta.com/")
    problem = only(problems_after(scratch), path="data/relay.csv", column="source_url")
    assert (problem.line, problem.value) == (line, "https://indebta.com/")
    assert "pattern" in problem.rule  # the one exact-page pattern of every URL field


def test_sentence_id_and_text_kind_disagree(scratch):
    line = line_of(scratch, "r8_taipei")
    scratch.replace_in_line("relay", line, ",R8,paraphrase,", ",R8,verbatim,")
    problems = problems_after(scratch)
    problem = only(problems, path="data/relay.csv", column="ft_text_kind")
    assert problem.line == line and "must be 'paraphrase' for ft_sentence 'R8'" in problem.rule
    # a verbatim row must also quote: the second rule reports the same line
    assert only(problems, path="data/relay.csv", column="ft_quote_en").line == line


def test_a_change_named_without_an_ft_sentence(scratch):
    line = line_of(scratch, "p15_rank")
    scratch.replace_in_line("relay", line, ",not_checkable,", ",rank_or_name_changed,")
    problem = only(problems_after(scratch), path="data/relay.csv", column="change_kind")
    assert problem.line == line and problem.value == "rank_or_name_changed"
    assert "no FT sentence" in problem.rule


# --------------------------------------------------------------------------- the chapter


def test_alignment_table_is_the_data_in_article_order(ev):
    table = relay.alignment_table(ev)
    ordered = relay.rows(ev)
    assert len(table) == len(ev.relay) == len(ordered)
    assert list(table["Paragraph"]) == sorted(ev.relay["paragraph_id"])
    assert list(table["The article"]) == list(ordered["span_ar"])
    for sentence, (_, row) in zip(table["FT"], ordered.iterrows(), strict=True):
        assert sentence == (row["ft_sentence"] if row["ft_text_kind"] != "none" else "—")
    for shown, (_, row) in zip(table["The FT (via its copies)"], ordered.iterrows(), strict=True):
        if row["ft_text_kind"] == "verbatim":
            assert shown == f'"{row["ft_quote_en"]}"'
        else:  # marked as not the FT's words, and holding no quotation of them
            assert shown.startswith("(") and row["ft_gist_en"] in shown
            assert not shown.startswith('"')


def test_the_full_table_can_leave_out_the_findings(ev):
    full = relay.alignment_table(ev)
    short = relay.alignment_table(ev, findings=False)
    assert list(short.columns) == [c for c in full.columns if c != "Finding"]
    assert short.equals(full.drop(columns="Finding"))


def test_changed_rows_only(ev):
    table = relay.alignment_table(ev, kinds=relay.CHANGED)
    expected = ev.relay["change_kind"].isin(relay.CHANGED).sum()
    assert len(table) == expected > 0
    assert set(table["Change"]) <= {relay.label_of(k) for k in relay.CHANGED}


def test_counts_cover_every_row(ev):
    counts = relay.kind_counts(ev)
    assert counts["Rows"].sum() == len(ev.relay)
    assert list(counts["Change"]) == [relay.label_of(k) for k in relay.CHANGE_KINDS]
    by_label = counts.set_index("Change")
    for kind, group in ev.relay.groupby("change_kind"):
        paragraphs = evidence.paragraph_list(group["paragraph_id"])
        assert by_label.loc[relay.label_of(kind), "Paragraphs"] == paragraphs


def test_copies_list_each_page_once(ev):
    copies = relay.copies(ev)
    assert copies["Rows"].sum() == len(ev.relay)
    with_copy = ev.relay.loc[ev.relay["ft_text_kind"] != "none", "source_url"]
    assert set(copies["Page"]) == set(with_copy) | {relay.NO_PAGE}
    # a row that neither copy covers cites no copy's page
    no_copy = copies.loc[copies["FT sentences"] == relay.NO_SENTENCE]
    assert len(no_copy) == 1 and list(no_copy["Page"]) == [relay.NO_PAGE]


def test_figure_draws_one_line_per_row_in_its_kinds_style(ev):
    fig = relay.draw_alignment(ev)
    ax = fig.axes[0]
    links = [line for line in ax.get_lines() if len(line.get_xdata()) == 2]
    links = [line for line in links if line.get_xdata()[0] == relay.NODE]
    ordered = relay.rows(ev)
    assert len(links) == len(ordered)
    for line, kind in zip(links, ordered["change_kind"], strict=True):
        _, colour, _, width = relay.CHANGE_KINDS[kind]
        assert matplotlib.colors.same_color(line.get_color(), style.PALETTE[colour])
        assert line.get_linewidth() == width
    texts = [t.get_text() for t in ax.texts]
    for row in ordered.itertuples():
        assert figtext.ar(row.label_ar) in texts
    labels = [relay.label_of(k) for k in ordered["change_kind"]]
    assert [t for t in texts if t in set(labels)] == labels  # each row names its change
    plt.close(fig)


def test_figure_labels_are_verbatim_words_of_their_paragraph(ev):
    for row in ev.relay.itertuples():
        words = re.findall(r"[\u0621-\u064A\u0660-\u0669\u064B-\u0652]+", row.label_ar)
        assert all(w in ev.paragraphs_text[row.paragraph_id] for w in words), row.relay_id


# What a correction's error_of says of a passage, and the relay kinds that agree with it.
AGREEING_KINDS = {
    "relay": set(relay.CHANGED),
    "ft": {"faithful"},
    "not_checkable": {"not_checkable"},
}


def test_relay_rows_agree_with_whose_error_the_corrections_say_it_is(ev):
    """Where a correction and a relay row rest on overlapping words of the same paragraph, the
    relay row's change kind bears out the correction's error_of."""
    checked = set()
    for correction in ev.corrections.itertuples():
        if correction.error_of not in AGREEING_KINDS:
            continue
        same = ev.relay.loc[ev.relay["paragraph_id"] == correction.paragraph_id]
        for row in same.itertuples():
            if row.span_ar in correction.evidence_ar or correction.evidence_ar in row.span_ar:
                assert row.change_kind in AGREEING_KINDS[correction.error_of], (
                    f"{correction.correction_id} says {correction.error_of}, "
                    f"{row.relay_id} says {row.change_kind}"
                )
                checked.add(correction.error_of)
    assert checked == set(AGREEING_KINDS), (
        f"no overlap to compare for {set(AGREEING_KINDS) - checked}"
    )


# --------------------------------------------------------------------------- the Arabic edition

TABLES = {
    "copies": relay.copies,
    "kind_counts": relay.kind_counts,
    "alignment_table": relay.alignment_table,
}


def verbatim_quotes(ev) -> tuple[str, ...]:
    """The FT's own words, which both editions quote in English (longest first: one quotation
    holds another)."""
    return tuple(sorted(set(ev.relay["ft_quote_en"].dropna()), key=len, reverse=True))


@pytest.mark.parametrize("name", TABLES)
def test_arabic_tables_have_no_english_but_the_fts_words(ev, name, monkeypatch):
    arabic_edition.use_catalogues(monkeypatch)
    table = TABLES[name](ev, language="ar")
    assert not arabic_edition.latin_cells(table, allowed=verbatim_quotes(ev)), name
    assert len(table) == len(TABLES[name](ev, language="en"))


def test_arabic_alignment_quotes_the_ft_verbatim_and_drops_the_translation_back(ev, monkeypatch):
    """The FT's words stay English, in the Arabic edition's quotation marks and followed by
    their meaning in Arabic (the stand-in for data.po's gloss), as the Arabic prose quotes them."""
    arabic_edition.use_catalogues(monkeypatch)
    english, arabic = relay.alignment_table(ev), relay.alignment_table(ev, language="ar")
    assert len(arabic.columns) == len(english.columns) - 1
    rows = relay.rows(ev)
    verbatim = (rows["ft_text_kind"] == "verbatim").to_numpy()
    shown = english.columns.get_loc("The FT (via its copies)")
    glossed = [f"«{q}» (أي: {arabic_edition.STAND_IN})" for q in rows.loc[verbatim, "ft_quote_en"]]
    assert arabic.iloc[verbatim, shown].tolist() == glossed
    assert (arabic.iloc[~verbatim, shown] != english.iloc[~verbatim, shown]).all()


def test_arabic_tables_list_ids_with_the_arabic_comma(ev, monkeypatch):
    """As the Arabic prose does ("P01، P02"); the English tables keep ", "."""
    arabic_edition.use_catalogues(monkeypatch)
    for function, column in ((relay.kind_counts, -1), (relay.copies, 2)):
        english, arabic = function(ev), function(ev, language="ar")
        listings = english.iloc[:, column].tolist()
        assert any(", " in listing for listing in listings)
        assert arabic.iloc[:, column].tolist() == [s.replace(", ", "، ") for s in listings]


@pytest.mark.parametrize("name", TABLES)
def test_english_tables_are_the_same_whatever_the_runs_language(ev, name, monkeypatch):
    english = TABLES[name](ev)
    monkeypatch.setattr(language, "_chosen", "ar")
    pd.testing.assert_frame_equal(TABLES[name](ev, language="en"), english)


def test_arabic_figure_draws_only_arabic_through_ar(ev):
    arabic_edition.check_arabic_figure(relay.draw_alignment, ev)


def test_english_figure_is_the_same_whatever_the_runs_language(ev, monkeypatch):
    english, _ = arabic_edition.drawn(relay.draw_alignment, ev)
    monkeypatch.setattr(language, "_chosen", "ar")
    assert arabic_edition.drawn(relay.draw_alignment, ev, language="en")[0] == english


NEEDS = {
    "copies": (None, "Cited as"),
    "kind_counts": (None, "omitted"),
    "alignment_table": (None, "(paraphrase) {text}"),
    "figure": (None, "none in\neither copy"),
}


@pytest.mark.parametrize("name", NEEDS)
def test_a_missing_translation_is_an_error(ev, name, monkeypatch):
    arabic_edition.use_catalogues(monkeypatch, without=[NEEDS[name]])
    function = {**TABLES, "figure": relay.draw_alignment}[name]
    with pytest.raises(language.MissingTranslation, match="article_evidence.po"):
        function(ev, language="ar")


@pytest.mark.parametrize("column", ["finding_en", "ft_quote_en"])
def test_a_missing_data_translation_is_an_error(ev, column, monkeypatch):
    row = ev.relay.iloc[0]  # a verbatim row: its quotation is glossed in Arabic
    key = (f"relay.{column}:{row['relay_id']}", row[column])
    arabic_edition.use_catalogues(monkeypatch, without=[key])
    with pytest.raises(language.MissingTranslation, match="data.po"):
        relay.alignment_table(ev, language="ar", findings=column == "finding_en")


def test_the_change_labels_are_the_words_the_chapter_announces():
    """The prose names the vocabulary once; the tables and the figure use the same words, in
    both editions (in Arabic the chapter's catalogue holds the prose)."""
    from babel.messages.pofile import read_po

    path = language.LOCALES / "ar" / "LC_MESSAGES" / "chapters" / "from-the-ft-to-the-arabic.po"
    with path.open("rb") as file:
        prose = next(m for m in read_po(file) if m.id and "small vocabulary" in m.id)
    for kind in relay.CHANGE_KINDS:
        assert relay.label_of(kind, "en") in prose.id, kind
        assert relay.label_of(kind, "ar") in prose.string, kind
