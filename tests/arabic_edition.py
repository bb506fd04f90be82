"""Helpers for testing a module's Arabic edition: catalogues with a message taken out or the
data cells stood in for, what Latin text is left, and what a figure draws.

Until ``data.po`` is translated, every data cell raises MissingTranslation in Arabic; the
stand-in catalogue gives every cell the same Arabic words, so the rest of the Arabic path (the
code's words, the glossary's, the layout) can be tested now. The code catalogue is the real one.
"""

from __future__ import annotations

import functools
import re

import matplotlib
import pandas as pd

from article_evidence import catalogues, figtext, language

STAND_IN = "نص البيانات"
LATIN = re.compile(r"[A-Za-z]")
# What stays Latin in the Arabic edition: paragraph, claim and FT-sentence ids, and addresses.
KEPT_LATIN = re.compile(r"https?://\S+|\b[PCFR]\d{1,2}\b")


@functools.cache
def data_keys() -> tuple[tuple[str | None, str], ...]:
    return tuple((m.context, m.id) for m in catalogues.data_template() if m.id)


def use_catalogues(monkeypatch, without: tuple = (), stand_in_data: bool = True) -> None:
    """Arabic catalogues for the test: the real code catalogue, and the stand-in for the data
    (or the real data catalogue); ``without`` lists (context, English) keys to leave out."""
    real = language.catalogue

    def catalogue(domain: str, lang: str) -> dict:
        if domain == language.DATA_DOMAIN and stand_in_data:
            found = dict.fromkeys(data_keys(), STAND_IN)
        else:
            found = dict(real(domain, lang))
        for key in without:
            found.pop(key, None)
        return found

    monkeypatch.setattr(language, "catalogue", catalogue)


def latin_left(text: str, allowed: tuple[str, ...] = ()) -> str:
    """``text`` without the ids, addresses and allowed strings that may stay Latin; whatever
    Latin letters remain are English that the Arabic edition must not show."""
    for kept in allowed:
        text = text.replace(kept, "")
    return KEPT_LATIN.sub("", text)


def latin_cells(frame: pd.DataFrame, allowed: tuple[str, ...] = ()) -> list[str]:
    """Headers and cells of ``frame`` that hold Latin letters beyond ids and addresses."""
    texts = [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return [t for t in texts if LATIN.search(latin_left(t, allowed))]


def drawn(draw, *args, **options) -> tuple[list[str], set[str]]:
    """Every text a figure function draws, and the logical strings it handed to figtext.ar."""
    import matplotlib.pyplot as plt
    import pytest

    handed: set[str] = set()
    original = figtext.ar

    def recording(text: str) -> str:
        handed.add(text)
        return original(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figtext, "ar", recording)
        fig = draw(*args, **options)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    plt.close(fig)
    return texts, handed


def check_arabic_figure(draw, ev) -> None:
    """The Arabic figure: no Latin letters but ids, and every text through figtext.ar."""
    texts, handed = drawn(draw, ev, language="ar")
    assert texts, "the figure draws no text"
    latin = [t for t in texts if LATIN.search(latin_left(t))]
    assert not latin, f"English in the Arabic figure: {latin}"
    through_ar = {figtext.ar(text) for text in handed}
    words = [t for t in texts if any(c.isalpha() for c in t)]  # tick numbers are the axis's
    stray = [t for t in words if t not in through_ar]
    assert not stray, f"drawn without figtext.ar: {stray}"
