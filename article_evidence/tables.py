"""Tables with Arabic text for the book's notebooks: escaped, direction-marked, deterministic.

``show_table(df)`` is what a notebook cell ends with. Every value is HTML-escaped; Arabic
is wrapped in ``<bdi lang="ar" dir="rtl">`` so the browser orders and styles it correctly.
The Arabic edition's tables run right to left, so there the Latin text is the foreign one: a
cell with no Arabic (an English quotation of the FT, a URL) is isolated in ``<bdi lang="en"
dir="ltr">``, and a cell of ids only (``P07, P09``, or with the Arabic comma ``P07، P09``) in
``<bdi dir="ltr">``. An Arabic cell that opens with an English quotation in guillemets
(``«derailed» (أي: ...)``) is Arabic, its quotation isolated as English.
The HTML never changes between runs (no random ids, no memory address in the text output),
so nbval can compare stored outputs.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from article_evidence.language import N_, resolve, tr

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_LETTER = re.compile(f"[{_ARABIC}]")
# An Arabic run: from an Arabic character to the last one, spanning spaces and digits between.
_ARABIC_RUN = re.compile(f"[{_ARABIC}](?:[{_ARABIC}\\s\\d]*[{_ARABIC}])?")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
# Ids (P07, C01, F1, R12) and numbers, with the punctuation that lists them: not English words.
_ID = re.compile(r"\b[PCFR]\d+\b")
_IDS_ONLY = re.compile(r"[PCFR]?\d+(?:[\s,;.:\-–()\u060c]+[PCFR]?\d+)*")
# A quotation in the Arabic edition's quotation marks.
_GUILLEMETS = re.compile("«([^«»]*)»")
COMMA = N_(", ")  # between the items of a list in one cell; in Arabic "، "


def listed(items, language: str | None = None) -> str:
    """Items (ids, names) in one cell, in the order given, with the edition's comma:
    "P01, P03" in English, "P01، P03" in Arabic, as the prose writes them."""
    return tr(COMMA, language).join(items)


def _bdi(escaped: str) -> str:
    return f'<bdi lang="ar" dir="rtl">{escaped}</bdi>'


def _ltr(escaped: str, lang: str | None = "en") -> str:
    attributes = f' lang="{lang}"' if lang else ""
    return f'<bdi{attributes} dir="ltr">{escaped}</bdi>'


def _starts_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def mark_arabic(text: str) -> str:
    """Escape ``text`` for HTML and mark its Arabic.

    Arabic-first text is wrapped whole; in Latin-first text each Arabic run is wrapped, so
    the English around it keeps its left-to-right order.
    """
    escaped = html.escape(text)
    if not _ARABIC_LETTER.search(text):
        return escaped
    if _starts_rtl(text):
        return _bdi(escaped)
    return _ARABIC_RUN.sub(lambda run: _bdi(run.group(0)), escaped)


def _quotations_isolated(text: str) -> str:
    """Escape Arabic ``text`` and isolate each Latin quotation in it as English."""
    parts, end = [], 0
    for quote in _GUILLEMETS.finditer(text):
        inner = quote.group(1)
        shown = html.escape(inner) if _ARABIC_LETTER.search(inner) else _ltr(html.escape(inner))
        parts += [html.escape(text[end : quote.start()]), f"«{shown}»"]
        end = quote.end()
    return "".join(parts) + html.escape(text[end:])


def mark_text(text: str, language: str | None = None) -> str:
    """Escape ``text`` and mark it for a table of the given edition.

    English edition: :func:`mark_arabic`. Arabic edition (right to left): Arabic-first text is
    wrapped as Arabic as in English; text that starts with Latin letters is isolated left to
    right as English, its Arabic runs marked inside it; ids and numbers alone are isolated left
    to right with no language; text with no letters at all needs no mark. Text that opens with
    a quotation in guillemets and goes on in Arabic is Arabic, as a sentence of the Arabic
    prose is: the quotation is isolated inside it as English.
    """
    if resolve(language) != "ar":
        return mark_arabic(text)
    if text.startswith("«") and _ARABIC_LETTER.search(_GUILLEMETS.sub("", text)):
        return _bdi(_quotations_isolated(text))
    # an id before Arabic words ("P07: ...") does not make the text English
    if _ARABIC_LETTER.search(text) and _starts_rtl(_ID.sub("", text)):
        return _bdi(html.escape(text))
    if not _LATIN_LETTER.search(text):
        return html.escape(text)  # numbers and punctuation: no direction of their own to keep
    if _IDS_ONLY.fullmatch(text.strip()):
        return _ltr(html.escape(text), lang=None)
    return _ltr(mark_arabic(text))


def _cell_text(value: Any, precision: int) -> str:
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    if isinstance(value, float):
        return f"{value:.{precision}f}"
    return str(value)


def _table_id(df: pd.DataFrame, caption: str | None) -> str:
    """A stable id from the content: the same table gets the same id on every run."""
    digest = hashlib.sha256(df.to_csv().encode() + (caption or "").encode())
    return digest.hexdigest()[:10]


def arabic_styler(
    df: pd.DataFrame,
    caption: str | None = None,
    precision: int | None = None,
    table_id: str | None = None,
    language: str | None = None,
) -> Styler:
    """A Styler of ``df`` with every value escaped and marked for the edition (see
    :func:`mark_text`); no index column. ``caption`` arrives in the edition's language.

    The index is hidden: its empty corner header cell is an accessibility error, and the
    book's tables carry their keys as ordinary columns.
    """
    edition = resolve(language)
    digits = pd.get_option("styler.format.precision") if precision is None else precision
    styler = Styler(df, uuid=table_id or _table_id(df, caption), cell_ids=False)
    styler.format(lambda value: mark_text(_cell_text(value, digits), edition))
    styler.format_index(lambda label: mark_text(str(label), edition), axis="columns")
    styler.hide(axis="index")
    if caption is not None:
        styler.set_caption(mark_text(caption, edition))
    return styler


class ArabicTable:
    """What a notebook displays: the Styler's HTML, and plain text for text-only front ends.

    A bare Styler would also store ``<Styler at 0x…>`` as text output, which differs per run.
    """

    def __init__(self, styler: Styler, text: str) -> None:
        self.styler = styler
        self.text = text

    def _repr_html_(self) -> str:
        return self.styler.to_html()

    def __repr__(self) -> str:
        return self.text


def show_table(
    df: pd.DataFrame, caption: str | None = None, language: str | None = None, **options: Any
) -> ArabicTable:
    """Display ``df`` in a notebook: see :func:`arabic_styler` for ``options``."""
    text = df.to_string(index=False)
    if caption:
        text = f"{caption}\n{text}"
    return ArabicTable(arabic_styler(df, caption, language=language, **options), text)
