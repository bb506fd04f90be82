"""Arabic in figures, checked against an independent shaper.

Each string is drawn the way a chapter draws it (``figtext.ar`` + house style, Agg) and, from the
LOGICAL string, by Pillow's raqm layout (HarfBuzz + FriBiDi) in the same font file at the same
pixel size. The two ink images are compared. Controls prove that the comparison can fail: the
wrong input for the running matplotlib (the classic recipe handed to a shaping matplotlib; the raw
or only reshaped string handed to one that does not shape) must be measured as wrong.

Runs on matplotlib 3.11 (.venv) and 3.10 (.venv-mpl310). Measurements go to
test-artifacts/figure-oracle-<matplotlib version>.txt and a side-by-side .png.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import arabic_reshaper
import bidi
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, fontManager
from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

from article_evidence import figtext, style

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PX = 40  # em size in pixels: matplotlib at 72 dpi and size 40 pt, Pillow at size 40
WINDOW = PX  # the comparison judges the text one em-wide column window at a time ...
SLIDE, LIFT = PX // 2, PX // 20  # ... each window may slide this far to absorb spacing drift
SMOOTH = 0.03 * PX  # blur radius against sub-pixel and hinting differences
QUANTILE = 0.75  # a string is as wrong as its worst quarter of windows
# Disagreement above which a string counts as wrongly drawn, midway in the measured gap (see the
# .txt artifacts): correct <= 0.10 on 3.11 and <= 0.29 on 3.10, where presentation forms cannot
# express the font's other required ligatures (lam-yeh, feh-yeh, seen-yeh, ...); wrong controls
# >= 0.36 on either version.
THRESHOLD = 0.32
# Brackets and guillemets are single thin glyphs that the windows above cannot single out, so
# bracketed strings also compare their two end strips, 0.3 em wide, with no sliding. Measured:
# correct <= 0.09 on either version; unmirrored brackets (3.10) >= 0.41.
END = round(0.3 * PX)
END_THRESHOLD = 0.25
LINESPACING = 3  # multi-line test: lines far apart, so each can be cut out and compared


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    rotation: float = 0
    weight: str = "normal"


SENTENCE = "ودفعت هذه الزيارة السفارة الصينية إلى وقف جميع الاتصالات بين ليو وتشيس."
FIRST_SENTENCE = (
    'التقى أكبر مسؤول للشؤون الصينية في وزارة الدفاع الأميركية "البنتاجون"، نظيره الصيني '
    'للمرة الأولى منذ أن سافر الأول إلى تايوان، في فبراير الماضي، في "رحلة سرية" ساهمت في '
    "توتر الاتصالات العسكرية رفيعة المستوى بين البلدين."
)
CASES = [
    Case("lam-alef", "لا"),
    Case("mmca-name", "الاتفاقية الاستشارية البحرية العسكرية"),
    Case("chase", "مايكل تشيس"),
    Case("liu-zhan", "ليو زان"),
    Case("biden", "جو بايدن"),
    Case("xi", "شي جين بينج"),
    Case("pelosi", "نانسي بيلوسي"),
    Case("li-shangfu", "لي شانج فو"),
    Case("brown", "تشارلز براون"),
    Case("austin", "لويد أوستن"),
    Case("aquilino", "جون أكويلينو"),
    Case("pentagon", "البنتاجون"),
    Case("ft", "فاينانشيال تايمز"),
    Case("taipei", "تايبيه"),
    Case("taiwan", "تايوان"),
    Case("washington", "واشنطن"),
    Case("beijing", "بكين"),
    Case("san-francisco", "سان فرانسيسكو"),
    Case("feb-2023", "فبراير 2023"),
    Case("year-2024", "عام 2024"),
    Case("aug-2022", "أغسطس 2022"),
    Case("three-years", "منذ ما يقرب من 3 سنوات"),
    Case("parentheses", "(الملحق العسكري)"),
    Case("quotes", '"رحلة سرية"'),
    Case("guillemets", "«محفوفة بالمخاطر»"),
    Case("arabic-latin", "قناة MMCA"),
    Case("latin-arabic", "DPCT محادثات"),
    Case("title-bold", SENTENCE, weight="bold"),
    Case("long-sentence", FIRST_SENTENCE),
    Case("rotated-90", "وزارة الدفاع الأميركية", rotation=90),
    Case("rotated-30", "الملحق العسكري الصيني", rotation=30),
]
FONT_FILES = {"normal": style.FONT_PATHS["regular"], "bold": style.FONT_PATHS["bold"]}


@pytest.fixture(autouse=True)
def house_style():
    with matplotlib.rc_context():  # leave other test modules the rcParams they started with
        style.apply()  # again per test: pytest resets warning filters around each test
        yield


# --- drawing --------------------------------------------------------------------------------


def crop(ink: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(ink > 25)
    return ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def draw_matplotlib(handed: str, case: Case, linespacing: float = 1.2) -> np.ndarray:
    """Ink (0-255) of the string *handed* to matplotlib, turned back to horizontal."""
    lines = handed.split("\n")
    width = PX * (0.8 * max(map(len, lines)) + 4)
    height = PX * (linespacing * len(lines) + 4)
    size = (width + height,) * 2 if case.rotation else (width, height)
    fig = Figure(figsize=(size[0] / 72, size[1] / 72), dpi=72, facecolor="white")
    placement = {"ha": "center", "va": "center", "multialignment": "center"}
    fig.text(
        0.5,
        0.5,
        handed,
        size=PX,
        weight=case.weight,
        color="black",
        rotation=case.rotation,
        linespacing=linespacing,
        **placement,
    )
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ink = 255 - np.asarray(canvas.buffer_rgba())[..., :3].min(axis=2)
    border = np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])
    assert border.max() == 0, "text runs off the canvas"
    image = Image.fromarray(crop(ink))
    return crop(np.asarray(image.rotate(-case.rotation, Image.Resampling.BICUBIC, expand=True)))


def reference_font(weight: str) -> ImageFont.FreeTypeFont:
    assert features.check("raqm"), "Pillow without raqm: no independent shaper to compare with"
    return ImageFont.truetype(str(FONT_FILES[weight]), PX, layout_engine=ImageFont.Layout.RAQM)


def draw_harfbuzz(logical: str, weight: str = "normal", spacing: int = 4) -> np.ndarray:
    """Ink (0-255) of the logical string laid out by HarfBuzz + FriBiDi."""
    font = reference_font(weight)
    options = {"font": font, "spacing": spacing, "align": "center"}
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).multiline_textbbox(
        (0, 0), logical, **options
    )
    size = (round(right - left) + 2 * PX, round(bottom - top) + 2 * PX)
    image = Image.new("L", size, 0)
    ImageDraw.Draw(image).multiline_text((PX - left, PX - top), logical, fill=255, **options)
    return crop(np.asarray(image))


# --- comparing ------------------------------------------------------------------------------


def smooth(image: Image.Image) -> np.ndarray:
    return np.asarray(image.filter(ImageFilter.GaussianBlur(SMOOTH)), dtype=float) / 255


def aligned(drawn: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both drawings smoothed, *drawn* scaled to the reference's ink box."""
    height, width = reference.shape
    a = smooth(Image.fromarray(drawn).resize((width, height), Image.Resampling.BILINEAR))
    return a, smooth(Image.fromarray(reference))


def disagreement(drawn: np.ndarray, reference: np.ndarray) -> float:
    """0 (same ink) .. 1 (no ink in common): the QUANTILE of per-window disagreement.

    *drawn* is scaled to the reference's ink box. In each em-wide window of the reference it may
    slide by up to SLIDE x LIFT pixels; the window's disagreement is the best |a - b| / (a + b).
    Two correct layouts differ by small spacing drift and glyph variants; reversed or unjoined
    text differs nearly everywhere.
    """
    a, b = aligned(drawn, reference)
    height, width = b.shape
    padded = np.pad(a, ((LIFT, LIFT), (SLIDE, SLIDE)))
    shifts = [
        padded[dy : dy + height, dx : dx + width]
        for dy in range(2 * LIFT + 1)
        for dx in range(2 * SLIDE + 1)
    ]
    miss = np.stack([np.abs(s - b).sum(axis=0) for s in shifts])  # shift x column
    ink = np.stack([(s + b).sum(axis=0) for s in shifts])
    windows = range(0, width, WINDOW)
    reference_ink = np.array([b[:, x : x + WINDOW].sum() for x in windows])
    scores = [
        (miss[:, x : x + WINDOW].sum(axis=1) / ink[:, x : x + WINDOW].sum(axis=1)).min()
        for x, own in zip(windows, reference_ink, strict=True)
        if own > 0.1 * reference_ink.max()  # skip the blank windows of word spaces
    ]
    return float(np.quantile(scores, QUANTILE))


def end_disagreement(drawn: np.ndarray, reference: np.ndarray) -> float:
    """The worse of the two END-wide strips at the ends of the ink, |a - b| / (a + b)."""
    a, b = aligned(drawn, reference)
    ends = (slice(0, END), slice(b.shape[1] - END, None))
    return max(float(np.abs(a[:, e] - b[:, e]).sum() / (a[:, e] + b[:, e]).sum()) for e in ends)


# --- measuring ------------------------------------------------------------------------------


def controls(text: str) -> dict[str, tuple[str, bool]]:
    """Wrong inputs for the running matplotlib: name -> (string, must it look wrong?).

    A control can only look wrong if the engine turns it into a different glyph sequence than the
    correct input; e.g. the recipe's output for "لا" is one glyph, which no reordering changes.
    """
    recipe = figtext.reshaped_display(text)
    if figtext.shapes_natively():
        return {"recipe-reordered-again": (recipe, figtext.reshaped_display(recipe) != recipe)}
    reshaped = "\n".join(arabic_reshaper.reshape(line) for line in text.split("\n"))
    return {"raw-unshaped": (text, text != recipe), "not-reordered": (reshaped, reshaped != recipe)}


def bracketed(text: str) -> bool:
    return unicodedata.mirrored(text[0]) and unicodedata.mirrored(text[-1])


def unmirrored(text: str) -> str:
    """The recipe with python-bidi's newer ``get_display``, which does not mirror brackets."""
    return "\n".join(bidi.get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


@dataclass
class Measurement:
    correct: float
    width_ratio: float
    controls: dict[str, tuple[float, bool]] = field(default_factory=dict)
    ends: dict[str, float] = field(default_factory=dict)  # bracketed strings only
    images: list[np.ndarray] = field(default_factory=list)


@functools.cache
def measure(case: Case) -> Measurement:
    reference = draw_harfbuzz(case.text, case.weight)
    drawn = draw_matplotlib(figtext.ar(case.text), case)
    result = Measurement(disagreement(drawn, reference), drawn.shape[1] / reference.shape[1])
    result.images = [drawn, reference]
    for name, (handed, must_be_wrong) in controls(case.text).items():
        wrong = draw_matplotlib(handed, case)
        result.controls[name] = (disagreement(wrong, reference), must_be_wrong)
        result.images.append(wrong)
    if bracketed(case.text):
        result.ends["correct"] = end_disagreement(drawn, reference)
        if not figtext.shapes_natively():  # a shaping matplotlib mirrors by itself
            wrong = draw_matplotlib(unmirrored(case.text), case)
            result.ends["unmirrored"] = end_disagreement(wrong, reference)
    return result


def row(case: Case) -> str:
    m = measure(case)
    shown = "  ".join(
        f"{name} {score:.3f}{'' if must else ' (same glyphs: must look right)'}"
        for name, (score, must) in m.controls.items()
    )
    ends = "  ".join(f"ends-{name} {score:.3f}" for name, score in m.ends.items())
    return f"{case.id:<15} {m.correct:7.3f} {m.width_ratio:6.3f}   {shown}  {ends}".rstrip()


# --- the oracle -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_matches_harfbuzz(case):
    m = measure(case)
    print(row(case))
    assert m.correct < THRESHOLD, f"{case.text!r} drawn unlike HarfBuzz: {m.correct:.3f}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_control_is_detected(case):
    for name, (score, must_be_wrong) in measure(case).controls.items():
        print(f"{case.id} {name}: {score:.3f}")
        if must_be_wrong:
            assert score > THRESHOLD, f"{name} of {case.text!r} not detected: {score:.3f}"
        else:
            assert score < THRESHOLD, f"{name} of {case.text!r} should render right: {score:.3f}"


@pytest.mark.parametrize("case", [c for c in CASES if bracketed(c.text)], ids=lambda c: c.id)
def test_brackets_mirror(case):
    ends = measure(case).ends
    print(case.id, ends)
    assert ends["correct"] < END_THRESHOLD
    if "unmirrored" in ends:
        assert unmirrored(case.text) != figtext.ar(case.text)
        assert ends["unmirrored"] > END_THRESHOLD


def test_threshold_separates_correct_from_controls():
    correct = [measure(c).correct for c in CASES]
    wrong = [s for c in CASES for s, must in measure(c).controls.values() if must]
    summary = (
        f"max correct {max(correct):.3f} | threshold {THRESHOLD} | "
        f"min wrong control {min(wrong):.3f}"
    )
    write_report(summary)
    print(summary)
    assert max(correct) < THRESHOLD < min(wrong)


def write_report(summary: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = f"figure-oracle-{matplotlib.__version__}"
    header = (
        f"matplotlib {matplotlib.__version__} (shapes natively: {figtext.shapes_natively()}) "
        f"vs Pillow raqm, {PX}px; disagreement 0..1, width = matplotlib / HarfBuzz ink width\n"
        f"{'case':<15} {'correct':>7} {'width':>6}   controls\n"
    )
    lines = [row(c) for c in CASES]
    (ARTIFACTS / f"{stem}.txt").write_text(header + "\n".join(lines) + "\n" + summary + "\n")
    contact_sheet([measure(c).images for c in CASES]).save(ARTIFACTS / f"{stem}.png")


def contact_sheet(rows: list[list[np.ndarray]], cap: int = 900) -> Image.Image:
    """One row per case: matplotlib via ar(), HarfBuzz reference, then the controls."""
    rows = [[shrink(Image.fromarray(image), cap) for image in images] for images in rows]
    gap = PX // 2
    widths = [max(r[i].width for r in rows if len(r) > i) for i in range(max(map(len, rows)))]
    heights = [max(image.height for image in images) for images in rows]
    sheet = Image.new("L", (sum(widths) + gap * (len(widths) + 1), sum(heights) + gap * len(rows)))
    y = gap // 2
    for images, height in zip(rows, heights, strict=True):
        x = gap
        for image, width in zip(images, widths, strict=False):
            sheet.paste(image, (x, y))
            x += width + gap
        y += height + gap
    return Image.eval(sheet, lambda v: 255 - v)


def shrink(image: Image.Image, cap: int) -> Image.Image:
    if image.width <= cap:
        return image
    return image.resize((cap, round(image.height * cap / image.width)), Image.Resampling.LANCZOS)


def bands(ink: np.ndarray) -> list[np.ndarray]:
    """Split a multi-line drawing at blank gaps of at least half an em."""
    rows = np.flatnonzero(ink.max(axis=1) > 25)
    cuts = np.flatnonzero(np.diff(rows) > PX // 2)
    spans = zip(np.r_[rows[0], rows[cuts + 1]], np.r_[rows[cuts], rows[-1]], strict=True)
    return [crop(ink[top : bottom + 1]) for top, bottom in spans]


def test_multiline_keeps_line_order_and_shapes_each_line():
    text = "مايكل تشيس\nفي واشنطن\nفبراير 2023"
    drawn = draw_matplotlib(figtext.ar(text), Case("multi", text), LINESPACING)
    reference = draw_harfbuzz(text, spacing=2 * PX)
    drawn_lines, reference_lines = bands(drawn), bands(reference)
    assert len(drawn_lines) == len(reference_lines) == 3
    scores = [disagreement(d, r) for d, r in zip(drawn_lines, reference_lines, strict=True)]
    print("multi-line", [f"{s:.3f}" for s in scores])
    assert max(scores) < THRESHOLD


# --- the API --------------------------------------------------------------------------------


def test_shapes_natively_matches_known_capability():
    # libraqm layout arrived in matplotlib 3.11; 3.10 draws one glyph per character.
    assert figtext.shapes_natively() is (matplotlib.__version_info__ >= (3, 11))


def test_ar_is_identity_when_native_else_the_recipe():
    for case in CASES:
        expected = case.text if figtext.shapes_natively() else figtext.reshaped_display(case.text)
        assert figtext.ar(case.text) == expected


def test_ar_works_line_by_line():
    lines = ["مايكل تشيس", "(الملحق العسكري)", "DPCT محادثات"]
    assert figtext.ar("\n".join(lines)).split("\n") == [figtext.ar(line) for line in lines]


def test_recipe_mirrors_brackets_and_keeps_digits_left_to_right():
    shown = figtext.reshaped_display("(الملحق العسكري) عام 2024")
    assert shown.startswith("2024") and shown.endswith(")") and "(" in shown
    assert figtext.reshaped_display("«محفوفة بالمخاطر»")[0] == "«"


def test_missing_glyph_is_an_error():
    fig = Figure()
    fig.text(0.5, 0.5, "漢")  # CJK: not in the house font
    with pytest.raises(UserWarning, match="missing from font"):
        FigureCanvasAgg(fig).draw()


@pytest.mark.parametrize(("weight", "key"), [("normal", "regular"), ("bold", "bold")])
def test_house_font_is_the_package_file(weight, key):
    found = findfont(FontProperties(family=matplotlib.rcParams["font.family"], weight=weight))
    assert Path(found) == style.FONT_PATHS[key]


def test_apply_is_idempotent():
    before = len(fontManager.ttflist), dict(matplotlib.rcParams)
    style.apply()
    assert (len(fontManager.ttflist), dict(matplotlib.rcParams)) == before


def test_pyplot_figures_get_the_frame():
    fig = plt.figure()
    plt.close(fig)
    assert fig.get_linewidth() == 1.0
    assert fig.get_edgecolor() == matplotlib.colors.to_rgba(style.PALETTE["frame"])


def linear_rgb(colour: str) -> np.ndarray:
    channels = np.array(matplotlib.colors.to_rgb(colour))
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    return float(linear_rgb(colour) @ [0.2126, 0.7152, 0.0722])


def lab(colour: str) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = xyz @ linear_rgb(colour) / [0.95047, 1.0, 1.08883]
    fx, fy, fz = (
        np.cbrt(v) if v > (6 / 29) ** 3 else v / (3 * (6 / 29) ** 2) + 4 / 29 for v in (x, y, z)
    )
    return np.array([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)])


@pytest.mark.parametrize("name", sorted(set(style.PALETTE) - {"background", "grid", "frame"}))
def test_palette_colour_stands_out_on_the_white_card(name):
    # WCAG 2.2, 1.4.11: graphical objects need 3:1 against what they sit on.
    contrast = 1.05 / (luminance(style.PALETTE[name]) + 0.05)
    assert contrast >= (4.5 if name in {"ink", "muted"} else 3.0), f"{name}: {contrast:.2f}"


@pytest.mark.parametrize(
    "group",
    [
        ["article", "outside"],
        ["us", "china"],
        ["open", "cut", "vacant", "sought", "restored", "agreed", "negotiating"],
        style.CYCLE,
    ],
    ids=["source", "side", "channel", "cycle"],
)
def test_palette_colours_that_meet_in_one_chart_are_distinct(group):
    # CIE76 colour difference; 20 is plainly distinguishable side by side for normal vision.
    for first, second in itertools.combinations(group, 2):
        difference = np.linalg.norm(lab(style.PALETTE[first]) - lab(style.PALETTE[second]))
        assert difference >= 20, f"{first} vs {second}: {difference:.1f}"
