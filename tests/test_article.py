"""The article is kept byte-identical, and every paragraph backs at least one data row."""

import hashlib
import json

from article_evidence import evidence, paths

SHA256 = "d616ae9b03c18a303254ec26108bc13ca0f92dd2f9fa0640d6181dd635b405b6"


def test_article_is_byte_identical_to_the_seed():
    assert hashlib.sha256(paths.ARTICLE.read_bytes()).hexdigest() == SHA256


def test_metadata_describes_the_article():
    meta = json.loads(paths.ARTICLE.with_suffix(".meta.json").read_text(encoding="utf-8"))
    lines = paths.ARTICLE.read_text(encoding="utf-8").split("\n")
    assert meta["sha256"] == SHA256 and meta["language"] == "ar"
    assert meta["lines"] == len(lines) == 17
    assert meta["relays"]["outlet"] == "Financial Times"
    assert meta["relays"]["published"] == "2023-12-13" and meta["publishing_outlet"] is None


def test_every_paragraph_is_cited():
    uncited = evidence.uncited_paragraphs(evidence.load())
    assert uncited == [], f"paragraphs cited by no data row: {', '.join(uncited)}"


def test_coverage_check_names_an_uncited_paragraph():
    # Drop every row citing P08 or P12; the check must name exactly those paragraphs.
    loaded = evidence.load()
    for name in evidence.ARTICLE_TABLES[1:] + evidence.RELAY_TABLES:
        frame = loaded.tables[name]
        loaded.tables[name] = frame[~frame["paragraph_id"].isin(["P08", "P12"])]
    assert evidence.uncited_paragraphs(loaded) == ["P08", "P12"]


def test_subheading_is_marked():
    paragraphs = evidence.load().paragraphs
    assert paragraphs.set_index("paragraph_id").loc["P08", "kind"] == "subheading"
