"""Article rows and context rows can be combined, but never confused."""

import pandas as pd
import pytest

from article_evidence import evidence


@pytest.fixture(scope="module")
def loaded():
    return evidence.load()


def combined(loaded) -> pd.DataFrame:
    events = evidence.tag(loaded.events)[["event_id", "paragraph_id", "start", "provenance"]]
    facts = evidence.tag(loaded.context_facts)[["fact_id", "source_url", "start", "provenance"]]
    return pd.concat([events, facts], ignore_index=True)


def test_tagged_tables_combine_cleanly(loaded):
    frame = evidence.check_provenance(combined(loaded))
    assert set(frame["provenance"]) == {"article", "context"}


def test_context_fact_shown_as_said_by_the_article_is_refused(loaded):
    frame = combined(loaded)
    context_row = frame.index[frame["provenance"] == "context"][0]
    frame.loc[context_row, "provenance"] = "article"
    with pytest.raises(evidence.ProvenanceError, match="article row must cite a paragraph"):
        evidence.check_provenance(frame)


def test_article_row_given_an_outside_source_is_refused(loaded):
    frame = combined(loaded)
    article_row = frame.index[frame["provenance"] == "article"][0]
    frame.loc[article_row, "source_url"] = "https://example.org/"
    with pytest.raises(evidence.ProvenanceError, match="no source"):
        evidence.check_provenance(frame)


def test_untagged_row_is_refused(loaded):
    frame = combined(loaded)
    frame.loc[0, "provenance"] = None
    with pytest.raises(evidence.ProvenanceError, match="neither article nor context"):
        evidence.check_provenance(frame)


def test_corrections_lose_their_paragraph_when_tagged(loaded):
    tagged = evidence.tag(loaded.corrections)
    assert "paragraph_id" not in tagged and set(tagged["provenance"]) == {"context"}
