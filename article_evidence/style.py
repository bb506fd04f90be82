"""The book's one house style for figures: font, sizes, colours, resolution.

Call :func:`apply` once at the top of a notebook (it is idempotent). Every string that may hold
Arabic then goes through :func:`article_evidence.figtext.ar` before it reaches matplotlib.

Figures are drawn on an opaque white card with a thin grey frame, so the same image reads on the
light and the dark theme of the book; every palette colour has at least 3:1 contrast on white
(tested). Colour is never the only carrier of meaning: label series directly as well.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "IBM Plex Sans Arabic"
FONT_PATHS = {
    "regular": FONT_DIR / "IBMPlexSansArabic-Regular.ttf",
    "bold": FONT_DIR / "IBMPlexSansArabic-Bold.ttf",
}

PALETTE = {
    # text and chrome
    "ink": "#1f2328",
    "muted": "#59636e",
    "grid": "#d8dee4",
    "frame": "#afb8c1",
    "background": "#ffffff",
    # where a fact comes from
    "article": "#0b5cad",
    "outside": "#8a5a00",
    # the two sides
    "us": "#1d4ed8",
    "china": "#c81e1e",
    # state of a military communication channel
    "open": "#1a7f37",
    "met": "#1a7f37",  # one meeting, no more: drawn like an open channel, named apart
    "cut": "#b42318",
    "vacant": "#6e7781",
    "sought": "#8250df",
    "restored": "#0e7c86",
    "agreed": "#0969da",
    "negotiating": "#9a6700",
    "declined": "#bf3989",
    "appointed": "#424a53",
    "proposed": "#8250df",
    "met_other": "#59636e",
}

# Plain series without a meaning of their own cycle through these.
CYCLE = ["article", "outside", "sought", "open", "cut", "vacant"]

MISSING_GLYPH = r"Glyph .* missing from font"

RC = {
    # One family and no fallback: a character the font lacks must fail, not render as a box.
    "font.family": [FONT_FAMILY],
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "figure.titlesize": 14,
    "figure.titleweight": "bold",
    "figure.figsize": (7.0, 4.2),
    "figure.constrained_layout.use": True,
    # 100 dpi layout; files at 200 dpi, inline output at 2x (see _inline_retina).
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "figure.facecolor": PALETTE["background"],
    "figure.edgecolor": PALETTE["frame"],
    "savefig.facecolor": PALETTE["background"],
    "savefig.edgecolor": PALETTE["frame"],
    "savefig.transparent": False,
    "figure.hooks": ["article_evidence.style:frame"],
    "text.color": PALETTE["ink"],
    "axes.labelcolor": PALETTE["ink"],
    "axes.edgecolor": PALETTE["muted"],
    "xtick.color": PALETTE["muted"],
    "ytick.color": PALETTE["muted"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": PALETTE["grid"],
    "grid.linewidth": 0.6,
    "axes.prop_cycle": mpl.cycler(color=[PALETTE[name] for name in CYCLE]),
    # News text has dollar signs; they are not TeX.
    "text.parse_math": False,
}


def apply() -> None:
    """Register the package fonts, set the house rcParams and make missing glyphs errors."""
    for path in FONT_PATHS.values():
        if not any(Path(entry.fname) == path for entry in font_manager.fontManager.ttflist):
            font_manager.fontManager.addfont(path)
    mpl.rcParams.update(RC)
    # matplotlib only warns and draws an empty box; a figure with a hole in a name is wrong.
    warnings.filterwarnings("error", message=MISSING_GLYPH, category=UserWarning)
    _inline_retina()


def frame(fig) -> None:
    """pyplot figure hook: a thin frame so the white card has an edge on the dark theme."""
    fig.set_linewidth(1.0)


def _inline_retina() -> None:
    """In a Jupyter kernel, send inline figures at 2x resolution, displayed at 1x size."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")


def show(fig) -> None:
    """Display a figure exactly once and release it.

    Left to the inline backend's end-of-cell display, a figure comes out twice under nbval;
    closing it first and displaying it explicitly gives one output everywhere.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    plt.close(fig)
    display(fig)
