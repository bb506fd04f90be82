"""Chapter 'Actors': tables and figures computed from the data."""

import dataclasses
import json
import re

import matplotlib

matplotlib.use("Agg")

import arabic_edition  # noqa: E402
import matplotlib.colors  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from article_evidence import (  # noqa: E402
    actors,
    evidence,
    figtext,
    language,
    model,
    paths,
    sourcing,
    style,
)


@pytest.fixture(scope="module")
def ev():
    style.apply()
    return evidence.load()


def schema_enum(resource: str, field: str) -> set[str]:
    package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in package["resources"] if r["name"] == resource)
    spec = next(f for f in schema["fields"] if f["name"] == field)
    return set(spec["constraints"]["enum"])


def with_facts(ev, facts):
    """The evidence with another context_facts table (the loaded one is left as it is)."""
    return dataclasses.replace(ev, tables={**ev.tables, "context_facts": facts})


def drawn(fig) -> list:
    return [t for t in fig.axes[0].texts if t.get_text()]


def test_every_actor_is_mentioned_where_the_data_says(ev):
    table = actors.actor_table(ev)
    assert len(table) == len(ev.actors)
    by_actor = ev.mentions.groupby("actor_id")["paragraph_id"].apply(set)
    for actor_id, listed in zip(ev.actors["actor_id"], table["Paragraphs"], strict=True):
        assert set(listed.split(", ")) == by_actor[actor_id], actor_id


def test_each_actor_is_mentioned_in_its_evidence_paragraph(ev):
    mentioned = set(zip(ev.mentions["actor_id"], ev.mentions["paragraph_id"], strict=True))
    for row in ev.actors.itertuples():
        assert (row.actor_id, row.paragraph_id) in mentioned, row.actor_id


def test_titles_from_outside_name_their_source(ev):
    table = actors.actor_table(ev)
    sources = ev.context_facts.set_index("fact_id")["source_name"]
    for row, shown in zip(ev.actors.itertuples(), table["Title from"], strict=True):
        if isinstance(row.title_fact_id, str):
            assert shown == actors.TEXT_EN["title_context"].format(
                source=sources[row.title_fact_id]
            )
        elif isinstance(row.title_en, str):
            assert shown == actors.TEXT_EN["title_article"].format(paragraph=row.paragraph_id)


def test_mention_matrix_counts_every_mention(ev):
    matrix = actors.mention_matrix(ev)
    assert matrix.to_numpy().sum() == len(ev.mentions)
    assert list(matrix.columns) == list(ev.paragraphs["paragraph_id"])


def test_every_action_has_one_english_phrase():
    # every action of the model is said in English (a call, ``spoke``, included)
    assert set(model.ACTION_SIDES) == set(actors.ACTION_EN)
    assert set(model.ACTION_SIDES) <= set(actors.RECORD_WORDS)
    assert set(actors.SIDE_EN) == set(model.SIDES)
    with pytest.raises(ValueError, match="unknown channel action"):
        actors.action_text("restored", "both")


def test_counterparts_follow_the_channels_table(ev):
    pairs = actors.counterpart_pairs(ev).set_index("channel_id")
    channels = ev.channels.set_index("channel_id")
    for channel_id, pair in pairs.iterrows():
        row = channels.loc[channel_id]
        assert pair["state_at_publication"] == row["state_at_publication"]
        assert pair["state_text"] == actors.action_text(
            row["state_at_publication"], row["side_at_publication"]
        )
    assert (
        pairs["china_ar"].isna().tolist()
        == channels.loc[pairs.index, "china_actor_id"].isna().tolist()
    )


def test_corrections_carry_outside_sources_and_say_whose_error(ev):
    table = actors.corrections(ev)
    assert len(table) == len(ev.corrections)
    assert table["source_url"].str.startswith("http").all()
    assert set(table["paragraph"]) <= set(ev.paragraphs["paragraph_id"])
    assert set(actors.ERROR_OF_EN) == schema_enum("corrections", "error_of")
    assert (table["whose_error"] == table["error_of"].map(actors.ERROR_OF_EN)).all()
    shown = actors.corrections_table(ev)
    assert (shown["Whose error"] == table["whose_error"]).all()


def test_a_second_source_is_shown_with_the_first(ev):
    table = actors.corrections(ev)
    shown = actors.corrections_table(ev)
    for row, address in zip(table.itertuples(), shown["Address"], strict=True):
        assert row.source_url in address
        if isinstance(row.alt_source_url, str):
            assert row.alt_source_url in address


def test_record_is_every_context_action_on_a_pair_before_the_report(ev):
    record = actors.record_before_publication(ev)
    published = actors.publication(ev)
    channels = set(actors.PAIR_CHANNELS) | set(actors.CONTEXT_PAIRS)
    expected = {
        (fact.fact_id, channel)
        for fact in ev.context_facts.itertuples()
        if isinstance(fact.channel_ids, str) and fact.start < published
        for channel in fact.channel_ids.split(";")
        if channel in channels
    }
    assert set(zip(record["fact_id"], record["channel_id"], strict=True)) == expected
    assert (record["provenance"] == "context").all()
    assert record["source_url"].str.startswith("http").all()


def test_counterpart_figure_draws_every_pair_in_arabic(ev):
    fig = actors.draw_counterparts(ev)
    texts = {t.get_text() for t in fig.axes[0].texts}
    pairs = actors.counterpart_pairs(ev)
    assert {figtext.ar(name) for name in pairs["us_ar"]} <= texts
    assert {figtext.ar(name) for name in pairs["china_ar"].dropna()} <= texts


def test_counterpart_figure_shows_both_sides_of_each_pair(ev):
    """The article's state (e.g. sought by the US) and, in the context colour, what China or
    both sides did on the same channel before the report (e.g. cut by China)."""
    fig = actors.draw_counterparts(ev)
    record = actors.record_before_publication(ev)
    outside = matplotlib.colors.to_rgba(style.PALETTE["outside"])
    texts = drawn(fig)
    context = [t.get_text() for t in texts if matplotlib.colors.to_rgba(t.get_color()) == outside]
    for pair in actors.counterpart_pairs(ev).itertuples():
        assert pair.state_text in {t.get_text() for t in texts}, pair.channel_id
        theirs = record.loc[
            (record["channel_id"] == pair.channel_id) & (record["channel_side"] != "us")
        ]
        for row in theirs.itertuples():
            item = f"{row.contact_text}, {row.start:%b %Y}"
            assert any(item in text for text in context), (pair.channel_id, item)


def test_context_pairs_are_drawn_as_context(ev):
    fig = actors.draw_counterparts(ev)
    outside = matplotlib.colors.to_rgba(style.PALETTE["outside"])
    coloured = {
        t.get_text() for t in drawn(fig) if matplotlib.colors.to_rgba(t.get_color()) == outside
    }
    for _, china_en in actors.CONTEXT_PAIRS.values():
        assert china_en in coloured
    assert actors.TEXT_EN["context_pair"] in coloured


def test_counterpart_table_names_the_vacant_post(ev):
    table = actors.counterpart_table(ev)
    vacant = table.loc[actors.counterpart_pairs(ev)["china_ar"].isna().to_numpy(), "China"]
    li = ev.actors.set_index("actor_id").loc["li_shangfu", "name_ar"]
    assert len(vacant) == 1 and "vacant" in vacant.iloc[0] and li in vacant.iloc[0]


def test_record_marks_name_who_took_part_and_the_kind_of_contact(ev):
    """No mark under a pair reads as that pair's own contact: Austin met Wei, not Li; the
    chiefs' last contact was Milley's call, not Brown's, and not a meeting."""
    record = actors.record_before_publication(ev).set_index(["fact_id", "channel_id"])
    assert record.loc[("austin_wei_meeting", "ministers"), "contact_text"] == "Austin–Wei met"
    assert "Wei" in record.loc[("balloon_call_declined", "ministers"), "contact_text"]
    assert "call" in record.loc[("balloon_call_declined", "ministers"), "contact_text"]
    chiefs = actors.record_items(actors.record_before_publication(ev), "chiefs")
    assert chiefs == ["Milley–Li Zuocheng call, Jul 2022"]
    assert not any("met" in item or "Brown" in item for item in chiefs)


@pytest.mark.parametrize("action", ["met", "spoke"])
def test_a_call_reads_as_a_call_whichever_action_the_data_gives_it(ev, action, monkeypatch):
    # a call is ``spoke`` where the model has that action, ``met`` (met or spoke) before it
    sides = {**model.ACTION_SIDES, "spoke": frozenset({"both"})}
    monkeypatch.setattr(model, "ACTION_SIDES", sides)
    facts = ev.context_facts.copy()
    facts.loc[facts["fact_id"] == "milley_li_call", "channel_action"] = action
    record = actors.record_before_publication(with_facts(ev, facts))
    assert actors.record_items(record, "chiefs") == ["Milley–Li Zuocheng call, Jul 2022"]


def test_a_record_row_without_a_phrase_is_refused(ev):
    facts = ev.context_facts.copy()
    facts.loc[facts["fact_id"] == "li_sanctioned", "channel_ids"] = "ministers"
    facts.loc[facts["fact_id"] == "li_sanctioned", "channel_side"] = "china"
    facts.loc[facts["fact_id"] == "li_sanctioned", "channel_action"] = "declined"
    with pytest.raises(ValueError, match="'li_sanctioned'.*no phrase naming who took part"):
        actors.record_before_publication(with_facts(ev, facts))


def test_a_phrase_that_says_another_action_is_refused(ev):
    facts = ev.context_facts.copy()
    facts.loc[facts["fact_id"] == "austin_wei_meeting", "channel_side"] = "china"
    facts.loc[facts["fact_id"] == "austin_wei_meeting", "channel_action"] = "declined"
    with pytest.raises(ValueError, match="'austin_wei_meeting'.*'declined'.*says none of"):
        actors.record_before_publication(with_facts(ev, facts))


def test_a_medium_confidence_record_row_says_so(ev):
    record = actors.record_before_publication(ev)
    medium = record.loc[record["confidence"] == "medium"]
    assert len(medium), "the Austin–Wei agreement on Aquilino rests on one later report"
    for phrase in medium["contact_text"]:
        assert phrase.endswith(f"({actors.CONFIDENCE_EN['medium']})"), phrase
    sure = record.loc[record["confidence"] != "medium"]
    assert not sure["contact_text"].str.contains("confidence").any()


def test_record_lines_wrap_between_items(ev):
    record = actors.record_before_publication(ev)
    for channel in [*actors.PAIR_CHANNELS, *actors.CONTEXT_PAIRS]:
        items = actors.record_items(record, channel)
        line = actors.record_line(record, channel, width=60)
        if not items:
            assert line == ""
            continue
        body = line.removeprefix(actors.TEXT_EN["context_mark"])
        assert body.replace("\n", actors.RECORD_SEPARATOR) == actors.RECORD_SEPARATOR.join(items)
        for text in line.split("\n"):
            assert len(text) <= 60 or actors.RECORD_SEPARATOR not in text


def test_counterpart_alt_text_lists_every_record_mark(ev):
    """The figure's alt text says what the figure draws under each pair."""
    notebook = json.loads((paths.CHAPTERS / "actors.ipynb").read_text(encoding="utf-8"))
    cell = next(
        c
        for c in notebook["cells"]
        if c["metadata"].get("mystnb", {}).get("figure", {}).get("name") == "fig-counterparts"
    )
    alt = cell["metadata"]["mystnb"]["image"]["alt"]
    record = actors.record_before_publication(ev)
    for channel in [*actors.PAIR_CHANNELS, *actors.CONTEXT_PAIRS]:
        for item in actors.record_items(record, channel):
            assert item in alt, item


def test_the_articles_news_rests_on_unnamed_sources(ev):
    """The chapter's summary: the meeting (P01, P02) and the 2024 talks (P09, P10, P17) rest on
    unnamed sources."""
    claims = sourcing.claims_with_sources(ev)
    meeting = sourcing.on_channel(claims, "attache", "met")
    meeting = meeting.loc[meeting["paragraph_id"].isin(["P01", "P02"])]
    talks = sourcing.on_channel(claims, sourcing.NEGOTIATIONS)
    assert evidence.paragraph_list(meeting["paragraph_id"]) == "P01, P02"
    assert evidence.paragraph_list(talks["paragraph_id"]) == "P09, P10, P17"
    assert (meeting["group"] == "unnamed").all() and (talks["group"] == "unnamed").all()


def test_counts_quoted_in_the_prose(ev):
    numbers = actors.numbers(ev)
    counted = sum(
        int(numbers[k])
        for k in ("errors_relay", "errors_ft", "errors_not_checkable", "errors_none")
    )
    assert counted == int(numbers["corrections"]), "every correction is counted once"
    refusal = ev.context_facts.set_index("fact_id").loc[actors.REFUSAL_FACT, "end"]
    trip = ev.context_facts.set_index("fact_id").loc[actors.TRIP_FACT, "start"]
    assert int(numbers["refusal_to_trip_days"]) == (trip - refusal).days
    created = ev.context_facts.set_index("fact_id").loc[actors.POST_FACT, "start"]
    years = int(numbers["post_age_under_years"])
    assert created + pd.DateOffset(years=years - 1) <= trip < created + pd.DateOffset(years=years)


# --------------------------------------------------------------------------- the Arabic edition

TABLES = {
    "actor_table": actors.actor_table,
    "counterpart_table": actors.counterpart_table,
    "record_table": actors.record_table,
    "corrections_table": actors.corrections_table,
}
FIGURES = {"counterparts": actors.draw_counterparts, "mentions": actors.draw_mentions}


@pytest.mark.parametrize("name", TABLES)
def test_arabic_tables_have_no_english(ev, name, monkeypatch):
    arabic_edition.use_catalogues(monkeypatch)
    table = TABLES[name](ev, language="ar")
    assert not arabic_edition.latin_cells(table), name
    assert table.shape == TABLES[name](ev, language="en").shape


@pytest.mark.parametrize("name", TABLES)
def test_english_tables_are_the_same_whatever_the_runs_language(ev, name, monkeypatch):
    english = TABLES[name](ev)
    monkeypatch.setattr(language, "_chosen", "ar")
    pd.testing.assert_frame_equal(TABLES[name](ev, language="en"), english)


@pytest.mark.parametrize("name", FIGURES)
def test_arabic_figures_draw_only_arabic_through_ar(ev, name):
    arabic_edition.check_arabic_figure(FIGURES[name], ev)


@pytest.mark.parametrize("name", FIGURES)
def test_english_figures_are_the_same_whatever_the_runs_language(ev, name, monkeypatch):
    english, _ = arabic_edition.drawn(FIGURES[name], ev)
    monkeypatch.setattr(language, "_chosen", "ar")
    assert arabic_edition.drawn(FIGURES[name], ev, language="en")[0] == english


def test_arabic_states_and_sides_are_the_glossarys(ev):
    """The state at publication in Arabic is the glossary's state after its side, as the
    channels chapter says it; the side's grammatical form comes from the glossary too."""
    pairs = actors.counterpart_pairs(ev, language="ar").set_index("channel_id")
    channels = ev.channels.set_index("channel_id")
    for channel, pair in pairs.iterrows():
        state = channels.loc[channel, "state_at_publication"]
        side = channels.loc[channel, "side_at_publication"]
        said = pair["state_text"]
        phrase = actors.ACTION_BY_SIDE_EN.get((state, side), actors.ACTION_EN[state])
        if "{state}" in phrase:
            assert language.term("state_" + state, "ar") in said, channel
        if "{side}" in phrase:
            assert language.term("side_" + side, "ar") in said, (channel, said)


def test_arabic_record_items_are_dated_in_arabic(ev):
    record = actors.record_before_publication(ev, language="ar")
    items = actors.record_items(record, "chiefs", language="ar")
    call = language.tr(actors.RECORD_EN[("milley_li_call", "chiefs")], "ar")
    assert items == [f"{call}، {language.term('month_07', 'ar')} 2022"]
    line = actors.record_line(record, "ministers", language="ar")
    assert line.startswith("سياق: ") and not arabic_edition.LATIN.search(line)


def test_arabic_glued_values_have_no_english(ev):
    """The counts are the same digits in both editions; words among them are Arabic."""
    english, arabic = actors.numbers(ev), actors.numbers(ev, language="ar")
    assert english.keys() == arabic.keys()
    for name, value in arabic.items():
        assert not arabic_edition.LATIN.search(arabic_edition.latin_left(value)), name
        if english[name].isdigit():
            assert value == english[name], name


# One message each function needs, taken out of the catalogue: the function must fail, not
# fall back to English.
NEEDS = {
    "actor_table": (None, "Side"),
    "counterpart_table": (None, "contact {state} by {side}"),
    "record_table": (None, "Austin–Wei met"),
    "corrections_table": (None, "no error: the record adds precision"),
    "counterparts": (None, actors.TEXT_EN["record_note"]),
    "mentions": (None, "Paragraph"),
}


@pytest.mark.parametrize("name", NEEDS)
def test_a_missing_translation_is_an_error(ev, name, monkeypatch):
    arabic_edition.use_catalogues(monkeypatch, without=[NEEDS[name]])
    function = {**TABLES, **FIGURES}[name]
    with pytest.raises(language.MissingTranslation, match="article_evidence.po"):
        function(ev, language="ar")


def test_a_missing_data_translation_is_an_error(ev, monkeypatch):
    key = ("actors.role_en:chase", ev.actors.set_index("actor_id").loc["chase", "role_en"])
    arabic_edition.use_catalogues(monkeypatch, without=[key])
    with pytest.raises(language.MissingTranslation, match="data.po"):
        actors.actor_table(ev, language="ar")


def test_every_action_by_every_side_is_said_in_arabic():
    """Each action the model allows, by each side that may take it, in Arabic words only;
    China agreeing alone has its own words (an Arabic verb agrees with who acts)."""
    from article_evidence import model

    for action, sides in model.ACTION_SIDES.items():
        for side in sides:
            said = actors.action_text(action, side, "ar")
            assert said and not re.search("[A-Za-z]", said), (action, side, said)
    assert actors.action_text("agreed", "both", "ar") != actors.action_text("agreed", "china", "ar")
    assert actors.action_text("agreed", "both", "en") == "agreed by both sides"


def test_paragraph_lists_use_the_language_s_comma(ev):
    assert actors.paragraph_list(["P13", "P02", "P03", "P02"], "en") == "P02, P03, P13"
    assert actors.paragraph_list(["P13", "P02", "P03"], "ar") == "P02، P03، P13"
    table = actors.actor_table(ev, language="ar")
    shown = " ".join(table.iloc[:, -1])
    assert "P01، P02" in shown and ", " not in shown
    assert ", " not in actors.numbers(ev, "ar")["errors_none_paragraphs"]
