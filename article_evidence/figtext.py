"""The one way to put text into figures: ``ax.set_title(ar("..."))``.

Arabic must be shaped (letters joined, lam-alef ligated) and laid out right to left. matplotlib
3.11 does both itself with libraqm and wants the *logical* string, as the article writes it.
Older versions draw one glyph per character, left to right, so the classic recipe
(arabic-reshaper's presentation forms, then the bidi algorithm's display order) is what makes
Arabic readable there; handed to 3.11 the same recipe renders reversed and mis-joined.
:func:`ar` picks the right input for the running matplotlib, decided by a measurement.
"""

from __future__ import annotations

import functools

import arabic_reshaper
import numpy as np

# The pure-Python algorithm: it mirrors brackets and guillemets in right-to-left runs (rule L4);
# ``bidi.get_display`` (python-bidi >= 0.5) does not, and it moves newlines.
from bidi.algorithm import get_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from article_evidence.style import FONT_PATHS

LAM_ALEF = "\u0644\u0627"  # logical lam + alef
LAM_ALEF_LIGATURE = "\ufefb"  # the single presentation-form glyph a shaper must produce


def ar(text: str) -> str:
    """What to hand to matplotlib for the logical string *text* (Arabic, Latin, digits, mixed)."""
    return text if shapes_natively() else reshaped_display(text)


def reshaped_display(text: str) -> str:
    """The classic recipe, line by line: presentation forms in left-to-right display order."""
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


@functools.cache
def shapes_natively() -> bool:
    """Does the running matplotlib shape and reorder complex scripts itself?

    A shaping engine must turn logical lam + alef into the lam-alef ligature, the very glyph that
    U+FEFB names; an engine that maps each character to its own glyph draws two letters instead.
    matplotlib either lays text out with libraqm (shaping and bidi together) or does neither.
    """
    return np.array_equal(_draw(LAM_ALEF), _draw(LAM_ALEF_LIGATURE))


def _draw(text: str) -> np.ndarray:
    """Agg rendering of *text* in the package font, cropped to its ink."""
    fig = Figure(figsize=(1, 1), dpi=72, facecolor="white")
    font = FontProperties(fname=FONT_PATHS["regular"], size=24)
    fig.text(0.5, 0.5, text, fontproperties=font, color="black", ha="center", va="center")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ink = 255 - np.asarray(canvas.buffer_rgba())[..., 0]
    rows, cols = np.nonzero(ink)
    return ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
