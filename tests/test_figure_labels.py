"""Every Arabic string that any chapter figure draws, in either edition, passes the HarfBuzz
oracle; and the Arabic edition's figures are Arabic word for word.

Each figure function is drawn once per edition with ``figtext.ar`` recorded: every Arabic text
in the figure must be the output of ``ar()`` for some logical string, and each logical string is
then compared with HarfBuzz (the oracle of tests/test_figure_text.py).
"""

import re

import matplotlib

matplotlib.use("Agg")

import arabic_edition  # noqa: E402
import pytest  # noqa: E402
from test_figure_text import THRESHOLD, Case, measure  # noqa: E402  (the HarfBuzz oracle)

from article_evidence import (  # noqa: E402
    actors,
    channels,
    evidence,
    figtext,
    relay,
    sourcing,
    style,
    timeline,
)

FIGURES = {
    "claims-by-source": sourcing.draw_claims_by_source,
    "mentions": actors.draw_mentions,
    "counterparts": actors.draw_counterparts,
    "timeline": timeline.draw_timeline,
    "channel-lanes": channels.draw_channel_lanes,
    "relay-alignment": relay.draw_alignment,
}
ARABIC = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LANGUAGES = ("en", "ar")
# Latin that stays Latin in the Arabic edition's figures: ids of the article's paragraphs and
# claims (P07, C01) and of the FT's sentences in its two copies (F3 verbatim, R10 reworded).
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
IDS = re.compile(r"[PC]\d\d|[FR]\d{1,2}")


def drawn_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def record(draw, language: str) -> tuple[set[str], list[str]]:
    """The logical strings handed to figtext.ar, and every text the figure holds."""
    texts, handed = arabic_edition.drawn(draw, evidence.load(), language=language)
    return handed, texts


style.apply()
RECORDED = {
    (name, language): record(draw, language)
    for name, draw in FIGURES.items()
    for language in LANGUAGES
}
# Multi-line labels (Arabic over English) are measured line by line, as the oracle compares one
# line; the line order of multi-line text is tested in tests/test_figure_text.py.
LABELS = sorted(
    {
        (name, line)
        for (name, _language), (handed, _) in RECORDED.items()
        for text in handed
        for line in text.split("\n")
        if ARABIC.search(line)
    }
)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", FIGURES)
def test_every_arabic_text_went_through_ar(name, language):
    handed, texts = RECORDED[(name, language)]
    assert handed, f"{name} draws no Arabic"
    allowed = {figtext.ar(text) for text in handed}
    stray = [text for text in texts if ARABIC.search(text) and text not in allowed]
    assert not stray, f"{name} ({language}): Arabic drawn without figtext.ar: {stray}"


@pytest.mark.parametrize("name", FIGURES)
def test_the_arabic_edition_s_figures_are_arabic_word_for_word(name):
    """No English word in an Arabic figure: legends, axis titles, states, names, notes."""
    _, texts = RECORDED[(name, "ar")]
    english = sorted(
        {w for text in texts for w in LATIN_WORD.findall(text) if not IDS.fullmatch(w)}
    )
    assert not english, f"{name}: English words in the Arabic figure: {english}"


@pytest.mark.parametrize("name", FIGURES)
def test_the_english_edition_s_figures_speak_english(name):
    """The control: the same test would see the English words of the English figure."""
    _, texts = RECORDED[(name, "en")]
    assert any(LATIN_WORD.search(text) for text in texts), f"{name}: no English in English"


@pytest.mark.parametrize(("figure", "label"), LABELS, ids=[f"{f}:{t}" for f, t in LABELS])
def test_label_matches_harfbuzz(figure, label):
    result = measure(Case(f"{figure}:{label}", label))
    assert result.correct < THRESHOLD, f"{label!r} drawn unlike HarfBuzz: {result.correct:.3f}"
    for control, (score, must_be_wrong) in result.controls.items():
        assert not must_be_wrong or score > THRESHOLD, f"{control} of {label!r}: {score:.3f}"
