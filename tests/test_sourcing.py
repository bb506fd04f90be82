"""Chapter 'The article and its sources': structure and attribution computed from the data."""

import json

import matplotlib

matplotlib.use("Agg")

import arabic_edition  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from article_evidence import evidence, figtext, language, paths, sourcing, style  # noqa: E402


@pytest.fixture(scope="module")
def ev():
    style.apply()
    return evidence.load()


def with_claims(ev, claims=None, actors=None):
    """A copy of the evidence with the claims (or actors) table replaced."""
    tables = dict(ev.tables)
    if claims is not None:
        tables["claims"] = claims
    if actors is not None:
        tables["actors"] = actors
    return evidence.Evidence(tables, ev.article, ev.paragraphs_text)


def schema_enum(resource: str, field: str) -> set[str]:
    package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in package["resources"] if r["name"] == resource)
    spec = next(f for f in schema["fields"] if f["name"] == field)
    return set(spec["constraints"]["enum"])


def test_paragraph_table_is_the_article(ev):
    table = sourcing.paragraph_table(ev)
    article = ev.paragraphs_text
    assert list(table["Paragraph"]) == list(article)
    assert list(table["Arabic (the article)"]) == list(article.values())


def test_every_source_kind_has_a_label_and_a_group():
    kinds = schema_enum("actors", "source_kind")
    assert set(sourcing.SOURCE_KINDS) == kinds
    assert set(sourcing.GROUP_OF_KIND) == kinds
    assert set(sourcing.GROUP_OF_KIND.values()) == set(sourcing.GROUPS_EN)


def test_only_a_named_person_counts_as_named():
    named = {k for k, g in sourcing.GROUP_OF_KIND.items() if g == "named"}
    assert named == {"named_person"}
    assert sourcing.GROUP_COLOURS["ft_own"] != sourcing.GROUP_COLOURS["named"]


def test_every_claim_has_a_source_kind(ev):
    claims = sourcing.claims_with_sources(ev)
    assert len(claims) == len(ev.claims)
    assert claims["source_kind"].isin(sourcing.SOURCE_KINDS).all()


def test_claim_by_an_actor_that_is_no_source_is_refused(ev):
    claims = ev.claims.copy()
    row = claims.index[claims["attribution_ar"].notna() & claims["channel_ids"].isna()][0]
    claims.loc[row, "source_actor_id"] = "chase"  # an actor, but not a source in the data
    with pytest.raises(ValueError, match="no source_kind"):
        sourcing.claims_with_sources(with_claims(ev, claims))


def test_an_unattributed_claim_rests_on_the_source_given_elsewhere(ev):
    """The lead states the meeting without attribution; P02 attributes the same meeting."""
    claims = ev.claims
    expected = sourcing.expected_sources(claims)
    keys = claims.apply(sourcing.channel_key, axis=1)
    for index, claim in claims.iterrows():
        if pd.isna(claim["attribution_ar"]):
            others = claims.loc[
                (keys == keys[index])
                & claims["attribution_ar"].notna()
                & (claims["source_actor_id"] != sourcing.OUTLET)
            ]
            wanted = others["source_actor_id"].iloc[0] if len(others) else sourcing.OUTLET
            assert expected[index] == wanted == claim["source_actor_id"], claim["claim_id"]


def test_a_lead_attributed_to_the_ft_alone_is_refused(ev):
    claims = ev.claims.copy()
    lead = ev.paragraphs.loc[ev.paragraphs["kind"] == "lead", "paragraph_id"].iloc[0]
    keys = claims.apply(sourcing.channel_key, axis=1)
    attributed = set(keys[claims["attribution_ar"].notna()].dropna())
    rows = claims.index[
        (claims["paragraph_id"] == lead) & claims["attribution_ar"].isna() & keys.isin(attributed)
    ]
    assert len(rows), "the lead states something the article attributes later"
    claims.loc[rows[0], "source_actor_id"] = sourcing.OUTLET
    with pytest.raises(sourcing.AttributionError, match=claims.loc[rows[0], "claim_id"]):
        sourcing.claims_with_sources(with_claims(ev, claims))


def test_two_sources_for_one_unattributed_claim_are_refused(ev):
    claims = ev.claims.copy()
    columns = ["channel_ids", "channel_side", "channel_action"]
    keys = claims.apply(sourcing.channel_key, axis=1)
    named = claims["attribution_ar"].notna() & (claims["source_actor_id"] != sourcing.OUTLET)
    given = claims.index[named & keys.notna()][0]  # an attributed claim on a channel
    source = claims.loc[given, "source_actor_id"]
    other = claims.index[named & (claims["source_actor_id"] != source)][0]
    claims.loc[other, columns] = claims.loc[given, columns].tolist()  # a second source, same act
    lone = claims.index[claims["attribution_ar"].isna()][0]
    claims.loc[lone, columns] = claims.loc[given, columns].tolist()
    with pytest.raises(sourcing.AttributionError, match="several sources"):
        sourcing.expected_sources(claims)


def test_counts_add_up_to_all_claims(ev):
    counts = sourcing.claims_by_source(ev)
    assert counts["claims"].sum() == len(ev.claims)
    assert counts["claims"].is_monotonic_decreasing


def test_direct_quotations_are_the_unnamed_officials(ev):
    structure = sourcing.structure(ev)
    quoted = structure.loc[structure["Direct quotation"] == "yes", "Paragraph"].tolist()
    officials = ev.claims.loc[ev.claims["source_actor_id"] == "us_defence_official"]
    assert quoted == sorted(officials["paragraph_id"].unique())


def kinds_of_claims(ev):
    return ev.claims["source_actor_id"].map(ev.actors.set_index("actor_id")["source_kind"])


def test_gaps_follow_the_data(ev):
    gaps = sourcing.gaps(ev).set_index("What is measured")["Measured"]
    label = sourcing.GAPS_EN
    unnamed_kinds = {"unnamed_people", "unnamed_official", "officials_group", "experts"}
    kinds = kinds_of_claims(ev)
    assert gaps[label["unnamed"]] == kinds.isin(unnamed_kinds).sum()
    assert gaps[label["named"]] == (kinds == "named_person").sum()
    assert gaps[label["ft_own"]] == (kinds == "outlet").sum()


def test_sources_are_not_all_on_one_side(ev):
    """The count of unnamed sources with no stated nationality is what the actors say."""
    gaps = sourcing.gaps(ev).set_index("What is measured")["Measured"]
    sources = ev.actors.set_index("actor_id").loc[ev.claims["source_actor_id"].unique()]
    unnamed = sources.loc[sources["source_kind"].isin(sourcing.UNNAMED_KINDS)]
    assert gaps[sourcing.GAPS_EN["no_side"]] == (unnamed["side"] == "unknown").sum()
    assert gaps[sourcing.GAPS_EN["american"]] == (unnamed["side"] == "us").sum()


def test_sources_for_the_negotiations_and_the_proposal(ev):
    gaps = sourcing.gaps(ev).set_index("What is measured")
    talks, proposal = set(), set()
    for claim in ev.claims.itertuples():
        if sourcing.NEGOTIATIONS in str(claim.channel_ids).split(";"):
            talks.add(claim.source_actor_id)
            if claim.channel_action == "proposed":
                proposal.add(claim.source_actor_id)
    assert gaps.loc[sourcing.GAPS_EN["negotiations"], "Measured"] == len(talks)
    assert gaps.loc[sourcing.GAPS_EN["proposal"], "Measured"] == len(proposal)


def test_the_meeting_day_row_cites_its_bounds(ev):
    """'recently' (the meeting's paragraph), and the events it lies between."""
    row = sourcing.gaps(ev).set_index("What is measured").loc[sourcing.GAPS_EN["meeting_day"]]
    events = ev.events.set_index("event_id")
    meeting = events.loc[sourcing.MEETING_EVENT]
    bounds = [meeting["after_event_id"], meeting["before_event_id"]]
    expected = {meeting["paragraph_id"]} | {
        events.loc[b, "paragraph_id"] for b in bounds if isinstance(b, str)
    }
    assert set(row["Paragraphs"].split(", ")) == expected
    day = "day_given" if meeting["precision"] == "day" else "no_day"
    assert row["Measured"] == sourcing.GAPS_EN[day]


def test_figure_labels_are_the_sources_arabic_names(ev):
    fig = sourcing.draw_claims_by_source(ev)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    expected = [figtext.ar(n) for n in sourcing.claims_by_source(ev)["name_ar"][::-1]]
    assert labels == expected


def test_figure_says_how_many_claims_rest_on_a_named_person(ev):
    fig = sourcing.draw_claims_by_source(ev)
    named = (kinds_of_claims(ev) == "named_person").sum()
    title = fig.axes[0].get_title(loc="left")
    if named:
        assert title == sourcing.FIGURE_EN["named"].format(count=named)
    else:
        assert title == sourcing.FIGURE_EN["no_named"]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert (sourcing.GROUPS_EN["named"] in legend) == bool(named)


def test_figure_names_a_named_person_when_there_is_one(ev):
    actors = ev.actors.copy()
    actors.loc[actors["actor_id"] == "us_defence_official", "source_kind"] = "named_person"
    fig = sourcing.draw_claims_by_source(with_claims(ev, actors=actors))
    count = (ev.claims["source_actor_id"] == "us_defence_official").sum()
    assert fig.axes[0].get_title(loc="left") == sourcing.FIGURE_EN["named"].format(count=count)


def test_bar_colours_follow_the_groups(ev):
    fig = sourcing.draw_claims_by_source(ev)
    counts = sourcing.claims_by_source(ev).iloc[::-1]
    bars = fig.axes[0].patches
    expected = [
        matplotlib.colors.to_rgba(style.PALETTE[sourcing.GROUP_COLOURS[g]]) for g in counts["group"]
    ]
    assert [bar.get_facecolor() for bar in bars] == expected


def claims_line(scratch, claim_id: str) -> int:
    return next(
        number
        for number, line in enumerate(scratch.lines("claims"), 1)
        if line.startswith(f"{claim_id},")
    )


def test_a_claim_cannot_give_an_action_to_the_wrong_side(scratch):
    """Claims use the channel vocabulary of model.ACTION_SIDES: China does not 'seek'."""
    line = claims_line(scratch, "C16")
    scratch.replace_in_line("claims", line, ",chiefs,us,sought", ",chiefs,china,sought")
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("data/claims.csv", line)
    assert "channel_side" in problem.column and "'sought'" in problem.rule


def test_a_claim_cannot_name_an_unknown_channel(scratch):
    line = claims_line(scratch, "C18")
    scratch.replace_in_line("claims", line, ",mmca,us,sought", ",maritime,us,sought")
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.value) == ("data/claims.csv", line, "maritime")


# --------------------------------------------------------------------------- the Arabic edition

TABLES = {
    "paragraph_table": sourcing.paragraph_table,
    "structure": sourcing.structure,
    "claims_by_source_table": sourcing.claims_by_source_table,
    "gaps": sourcing.gaps,
}


@pytest.mark.parametrize("name", TABLES)
def test_arabic_tables_have_no_english(ev, name, monkeypatch):
    arabic_edition.use_catalogues(monkeypatch)
    table = TABLES[name](ev, language="ar")
    assert not arabic_edition.latin_cells(table), name
    assert len(table) == len(TABLES[name](ev, language="en"))


def test_the_arabic_article_table_drops_only_the_translation_back(ev, monkeypatch):
    """In Arabic the book's English translation would only be put back into Arabic beside the
    article: that column goes, and the article's Arabic is shown as it is."""
    arabic_edition.use_catalogues(monkeypatch)
    english, arabic = sourcing.paragraph_table(ev), sourcing.paragraph_table(ev, language="ar")
    assert len(arabic.columns) == len(english.columns) - 1
    assert arabic.iloc[:, -1].tolist() == ev.paragraphs["text_ar"].tolist()


@pytest.mark.parametrize("name", TABLES)
def test_english_tables_are_the_same_whatever_the_runs_language(ev, name, monkeypatch):
    english = TABLES[name](ev)
    monkeypatch.setattr(language, "_chosen", "ar")
    pd.testing.assert_frame_equal(TABLES[name](ev, language="en"), english)


def test_arabic_figure_draws_only_arabic_through_ar(ev):
    arabic_edition.check_arabic_figure(sourcing.draw_claims_by_source, ev)


def test_english_figure_is_the_same_whatever_the_runs_language(ev, monkeypatch):
    english, _ = arabic_edition.drawn(sourcing.draw_claims_by_source, ev)
    monkeypatch.setattr(language, "_chosen", "ar")
    assert arabic_edition.drawn(sourcing.draw_claims_by_source, ev, language="en")[0] == english


def test_arabic_tables_list_paragraphs_with_the_arabic_comma(ev, monkeypatch):
    """As the Arabic prose does ("P01، P02"); the English tables keep ", "."""
    arabic_edition.use_catalogues(monkeypatch)
    for name in ("claims_by_source_table", "gaps"):
        english, arabic = TABLES[name](ev), TABLES[name](ev, language="ar")
        listings = english.iloc[:, -1].tolist()
        assert any(", " in listing for listing in listings), name
        for listing, shown in zip(listings, arabic.iloc[:, -1], strict=True):
            if listing != "none":
                assert shown == listing.replace(", ", "، "), name


def test_arabic_glued_values_have_no_english(ev):
    english, arabic = sourcing.numbers(ev), sourcing.numbers(ev, language="ar")
    assert english.keys() == arabic.keys()
    for name, value in arabic.items():
        assert not arabic_edition.LATIN.search(value), name
        if english[name].isdigit():
            assert value == english[name], name


NEEDS = {
    "paragraph_table": (None, "subheading"),
    "structure": (None, "(no claim: heading)"),
    "claims_by_source_table": (None, "Unnamed people, as the FT relays them"),
    "gaps": (None, "none given"),
    "figure": (None, "No claim rests on a named person on the record"),
}


@pytest.mark.parametrize("name", NEEDS)
def test_a_missing_translation_is_an_error(ev, name, monkeypatch):
    arabic_edition.use_catalogues(monkeypatch, without=[NEEDS[name]])
    function = {**TABLES, "figure": sourcing.draw_claims_by_source}[name]
    with pytest.raises(language.MissingTranslation, match="article_evidence.po"):
        function(ev, language="ar")


def test_a_missing_data_translation_is_an_error(ev, monkeypatch):
    key = ("actors.name_en:ft", ev.actors.set_index("actor_id").loc["ft", "name_en"])
    arabic_edition.use_catalogues(monkeypatch, without=[key])
    with pytest.raises(language.MissingTranslation, match="data.po"):
        sourcing.structure(ev, language="ar")
