"""Chapter 'The article and its sources': structure and attribution computed from the data."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from article_evidence import evidence, figtext, sourcing, style  # noqa: E402


@pytest.fixture(scope="module")
def ev():
    style.apply()
    return evidence.load()


def test_paragraph_table_is_the_article(ev):
    table = sourcing.paragraph_table(ev)
    article = ev.paragraphs_text
    assert list(table["Paragraph"]) == list(article)
    assert list(table["Arabic (the article)"]) == list(article.values())


def test_every_claim_has_a_source_kind(ev):
    claims = sourcing.claims_with_sources(ev)
    assert len(claims) == len(ev.claims)
    assert claims["source_kind"].isin(sourcing.SOURCE_KINDS).all()


def test_claim_by_an_actor_that_is_no_source_is_refused(ev):
    broken = evidence.Evidence(dict(ev.tables), ev.article, ev.paragraphs_text)
    claims = ev.claims.copy()
    claims.loc[0, "source_actor_id"] = "chase"  # an actor, but not a source in the data
    broken.tables["claims"] = claims
    with pytest.raises(ValueError, match="no source_kind"):
        sourcing.claims_with_sources(broken)


def test_counts_add_up_to_all_claims(ev):
    counts = sourcing.claims_by_source(ev)
    assert counts["claims"].sum() == len(ev.claims)
    assert counts["claims"].is_monotonic_decreasing


def test_direct_quotations_are_the_unnamed_officials(ev):
    structure = sourcing.structure(ev)
    quoted = structure.loc[structure["Direct quotation"] == "yes", "Paragraph"].tolist()
    officials = ev.claims.loc[ev.claims["source_actor_id"] == "us_defence_official"]
    assert quoted == sorted(officials["paragraph_id"].unique())


def test_gaps_follow_the_data(ev):
    gaps = sourcing.gaps(ev).set_index("What")["Measured"]
    unnamed_kinds = {"unnamed_people", "unnamed_official", "officials_group", "experts"}
    kinds = ev.claims["source_actor_id"].map(ev.actors.set_index("actor_id")["source_kind"])
    assert gaps["Claims resting on unnamed people or officials"] == kinds.isin(unnamed_kinds).sum()
    assert gaps["Claims by a named person on the record"] == (kinds == "named_person").sum()


def test_figure_labels_are_the_sources_arabic_names(ev):
    fig = sourcing.draw_claims_by_source(ev)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    expected = [figtext.ar(n) for n in sourcing.claims_by_source(ev)["name_ar"][::-1]]
    assert labels == expected
