"""Helpers for tests/test_browser.py: the built book, a local server, page probes.

The probes are JavaScript functions run in the page with ``page.evaluate``; each returns plain
data (counts and offenders, an offender described by a short CSS path and a text snippet) so
the tests can print a list a reader of the failure can act on.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = Path(os.environ.get("BOOK_HTML") or ROOT / "_build" / "html")
# BOOK_ARTIFACTS names a subfolder, so a run on another build keeps its own reports
ARTIFACTS = ROOT / "test-artifacts" / os.environ.get("BOOK_ARTIFACTS", "")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What axe-core checks: WCAG 2.x A and AA, best practices, and the experimental rules
# (among them label-content-name-mismatch, WCAG 2.5.3).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
            "experimental",
        ],
    },
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = ("serious", "critical")

_REFRESH = re.compile(r"<meta\s[^>]*http-equiv=[\"']?refresh[^>]*url=([^\"'>\s]+)", re.I)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def redirect_target(path: Path) -> str | None:
    """The target of a ``<meta http-equiv="refresh">`` stub page (index.html), else None."""
    match = _REFRESH.search(path.read_text(encoding="utf-8", errors="replace")[:2000])
    return match.group(1) if match else None


def book_pages(root: Path) -> list[str]:
    """Every reader-facing HTML page of the build, as a path relative to ``root``.

    Left out: theme template fragments under ``_static/`` (not pages; each edition has its
    own) and redirect stubs,
    which show nothing (``test_redirect_stubs_lead_to_pages`` checks their targets).
    """
    if not root.is_dir():
        return []
    pages = []
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root)
        if any(part.startswith("_") for part in relative.parts) or redirect_target(path):
            continue
        pages.append(relative.as_posix())
    return pages


_FILE_NAME = re.compile(r"[/\\]|\.(png|jpe?g|gif|svg|webp)\b", re.I)


def looks_like_path(alt: str) -> bool:
    """True for alt text that is a file name or path (myst-nb's default), not a description."""
    return bool(_FILE_NAME.search(alt))


# --- editions -------------------------------------------------------------------------------

# The editions: English at the build's root, each other one in a folder of its own with the
# same page paths (_ext/rtl_layout.py's edition_paths).
EDITION_FOLDERS = {"ar": "ar/"}
RIGHT_TO_LEFT = {"ar"}


def edition_of(page: str) -> tuple[str, str]:
    """(language, path within that edition) of a page path relative to the build's root."""
    for language, folder in EDITION_FOLDERS.items():
        if page.startswith(folder):
            return language, page.removeprefix(folder)
    return "en", page


def edition_root(root: Path, language: str) -> Path:
    return root / EDITION_FOLDERS.get(language, "")


def built_editions(root: Path) -> list[str]:
    """The editions present in a build: English when its root has pages, and each folder."""
    found = ["en"] if (root / "index.html").is_file() else []
    return found + [
        lang for lang in EDITION_FOLDERS if (edition_root(root, lang) / "index.html").is_file()
    ]


def artifact_name(page: str) -> str:
    return page.removesuffix(".html").replace("/", "-")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class BookServer:
    """The book over http on 127.0.0.1 (a free port), in a thread: search needs http."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self._server.server_port}/"

    def __enter__(self) -> BookServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@dataclass
class PageEvents:
    """Console errors, page errors, failed and outside requests seen while a page loads."""

    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})")

    def _page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def _response(self, response) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def _request(self, request) -> None:
        if request.url.startswith(("http:", "https:")) and not request.url.startswith(self.base):
            self.outside_requests.append(request.url)

    def _request_failed(self, request) -> None:
        if request.url.startswith(self.base):
            self.failed_requests.append(f"{request.failure} {request.url}")

    def _handlers(self) -> dict:
        return {
            "console": self._console,
            "pageerror": self._page_error,
            "response": self._response,
            "request": self._request,
            "requestfailed": self._request_failed,
        }

    def attach(self, page) -> None:
        for event, handler in self._handlers().items():
            page.on(event, handler)

    def detach(self, page) -> None:
        for event, handler in self._handlers().items():
            page.remove_listener(event, handler)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"HTTP {text}" for text in self.bad_responses]
            + [f"request failed: {text}" for text in self.failed_requests]
            + [f"loads from outside the book: {url}" for url in self.outside_requests]
        )


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


@functools.cache
def anchors_in(path: Path) -> frozenset[str]:
    """The ids (and ``<a name>``s) a fragment can point at in an HTML file."""
    collector = _IdCollector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(collector.ids)


def check_local_link(root: Path, base: str, href: str) -> str | None:
    """Why a link into the book is broken, or None when its file (and fragment) exist."""
    if not href.startswith(base):
        return None
    parts = urlsplit(href)
    target = root / unquote(parts.path).lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"missing file {target.relative_to(root).as_posix()}"
    fragment = unquote(parts.fragment)
    if not fragment or fragment == "top" or target.suffix != ".html":
        return None
    if fragment not in anchors_in(target):
        return f"no id {fragment!r} in {target.relative_to(root).as_posix()}"
    return None


# --- search -------------------------------------------------------------------------------

# Independent of the book's extension: the light normalisation of Arabic retrieval (no
# harakat or tatweel, one alef, alef maqsura as ya, ta marbuta as ha), plus lower case.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLDS = str.maketrans("أإآٱىة", "اااايه")
_WORD = re.compile(r"\w+")
_ARTICLE = re.compile(r"<article\b[^>]*\bbd-article\b[^>]*>(.*?)</article>", re.S)
_NOT_TEXT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def fold(word: str) -> str:
    text = unicodedata.normalize("NFKC", word)
    return _ARABIC_MARKS.sub("", text).translate(_FOLDS).lower()


def indexed_pages(root: Path) -> list[str]:
    """The pages in Sphinx's search index (``docnames``), as HTML paths."""
    text = (root / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return [f"{name}.html" for name in index["docnames"]]


@functools.cache
def page_words(path: Path) -> frozenset[str]:
    """The folded words of a page's article body (what Sphinx indexes, not the navigation)."""
    match = _ARTICLE.search(path.read_text(encoding="utf-8"))
    body = _TAG.sub(" ", _NOT_TEXT.sub(" ", match.group(1) if match else ""))
    # Fold before splitting: \w does not match harakat, which would cut words in two.
    return frozenset(_WORD.findall(fold(html.unescape(body))))


def pages_with_word(root: Path, word: str) -> set[str]:
    wanted = fold(word)
    return {page for page in indexed_pages(root) if wanted in page_words(root / page)}


# --- page probes (JavaScript) -------------------------------------------------------------

# Shared by the probes: how to name an element, and which text is code (exempt from markup).
_JS_COMMON = r"""
  const EXEMPT = "pre, code, kbd, samp, script, style, noscript, template, textarea";
  const isArabicLang = (el) => !!el && /^ar(-|$)/i.test(el.getAttribute("lang") || "");
  const snippet = (text) => text.replace(/\s+/g, " ").trim().slice(0, 70);
  const describe = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4;
         node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) { parts.unshift(part + "#" + node.id); break; }
      const cls = [...node.classList].slice(0, 2).join(".");
      parts.unshift(cls ? part + "." + cls : part);
    }
    return parts.join(" > ");
  };
"""

ARABIC_MARKUP_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const LETTER = /(?=\p{Script=Arabic})\p{L}/u;
  const marked = [...document.querySelectorAll("[lang]")].filter(isArabicLang);
  const out = {marked: marked.length, textNodes: 0, wrongDirection: [], classWithoutLang: [],
               unmarked: []};
  for (const el of marked) {
    const direction = getComputedStyle(el).direction;
    if (direction !== "rtl") {
      out.wrongDirection.push(`${describe(el)}: direction ${direction}: ` +
                              `"${snippet(el.textContent)}"`);
    }
  }
  for (const el of document.querySelectorAll(".ar")) {
    if (el.getAttribute("lang") !== "ar" || el.getAttribute("dir") !== "rtl") {
      out.classWithoutLang.push(`${describe(el)}: lang=${el.getAttribute("lang")} ` +
                                `dir=${el.getAttribute("dir")}: "${snippet(el.textContent)}"`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!LETTER.test(node.data) || !parent || parent.closest(EXEMPT)) continue;
    out.textNodes += 1;
    if (!isArabicLang(parent.closest("[lang]"))) {
      out.unmarked.push(`${describe(parent)}: "${snippet(node.data)}"`);
    }
  }
  return out;
}"""
)

# Visual order of marked Arabic: within a marked element, each token (Arabic word, number,
# punctuation) that follows another on the same line must stand to its left. Left-to-right
# text (a Latin or Chinese word with its digits, P07; numbers and punctuation that the bidi
# algorithm joins to it) starts a new chain: an embedded left-to-right run is ordered inside
# left to right. ``longer`` counts the marked elements with two tokens or more.
BIDI_ORDER_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const TOKEN = new RegExp(
    "((?:(?=\\p{Script=Arabic})[\\p{L}\\p{M}])+)" +
    "|(\\p{Nd}+(?:[.,:/\\u066b\\u066c-]\\p{Nd}+)*)" +
    "|((?:(?!\\p{Script=Arabic})\\p{L})(?:(?!\\p{Script=Arabic})[\\p{L}\\p{M}\\p{Nd}])*)" +
    "|([.,:!\"\\u00ab\\u00bb\\u201c\\u201d()\\u060c\\u061b\\u061f])", "gu");
  const sameLine = (a, b) =>
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5 * Math.min(a.height, b.height);
  const roots = [...document.querySelectorAll("[lang]")].filter(
    (el) => isArabicLang(el) && !isArabicLang(el.parentElement?.closest("[lang]")));
  // A cell with unicode-bidi: plaintext whose first strong letter is Latin is a left-to-right
  // paragraph (the direction is resolved from the text, not from the page).
  const plainLeftToRight = (el) => {
    const cell = el.closest("td, th");
    if (!cell || getComputedStyle(cell).unicodeBidi !== "plaintext") return false;
    const first = cell.textContent.match(/\p{Script=Latin}|\p{Script=Arabic}/u);
    return !!first && /\p{Script=Latin}/u.test(first[0]);
  };
  const out = {elements: roots.length, pairs: 0, numberPairs: 0, errors: [], longer: 0};
  for (const root of roots) {
    // The root's tokens in logical order; null marks a break (code, an isolated run).
    const list = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // A run isolated left to right (dir="ltr": an id such as P07, a Latin name) reads left
      // to right inside; it starts a new chain like a Latin word.
      if (parent.closest(EXEMPT) || !isArabicLang(parent.closest("[lang]")) ||
          parent.closest("[dir]")?.getAttribute("dir") === "ltr" || plainLeftToRight(parent)) {
        list.push(null);
        continue;
      }
      for (const match of node.data.matchAll(TOKEN)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const kind = match[1] ? "R" : match[2] ? "N" : match[3] ? "L" : "P";
        list.push({text: match[0], kind, parent, rect: rects.length === 1 ? rects[0] : null});
      }
    }
    // The bidi algorithm's reading of numbers and punctuation, roughly (rules W7, N1): a number
    // after a left-to-right letter is part of that run; so is punctuation with left-to-right
    // text on both sides. Such tokens stand in a left-to-right run, ordered left to right.
    const strong = (i, step) => {
      for (let j = i + step; j >= 0 && j < list.length && list[j]; j += step) {
        if (list[j].kind === "R" || list[j].kind === "L") return list[j].kind;
      }
      return null;
    };
    for (let i = 0; i < list.length; i++) {
      const token = list[i];
      if (token?.kind === "N" && strong(i, -1) === "L") token.kind = "L";
    }
    for (let i = 0; i < list.length; i++) {
      const token = list[i];
      if (token?.kind === "P" && strong(i, -1) === "L" && strong(i, 1) === "L") token.kind = "L";
    }
    let prev = null;
    let tokens = 0;
    for (const token of list) {
      if (!token || token.kind === "L" || !token.rect) { prev = null; continue; }
      tokens += 1;
      if (prev && sameLine(prev.rect, token.rect)) {
        out.pairs += 1;
        if (prev.kind === "N" || token.kind === "N") out.numberPairs += 1;
        if (prev.rect.left < token.rect.right - 1) {
          out.errors.push(`${describe(token.parent)}: "${prev.text}" should be right of ` +
                          `"${token.text}" in "${snippet(token.parent.textContent)}"`);
        }
      }
      prev = token;
    }
    if (tokens > 1) out.longer += 1;  // a root with at least two tokens, so pairs to check
  }
  return out;
}"""
)

IMAGES_JS = (
    "async () => {"
    + _JS_COMMON
    + r"""
  const images = [...document.images];
  await Promise.all(images.map((img) => {
    img.loading = "eager";
    return img.decode().catch(() => null);
  }));
  return images.map((img) => ({
    where: describe(img), src: img.getAttribute("src"), alt: img.getAttribute("alt"),
    naturalWidth: img.naturalWidth,
  }));
}"""
)

LINKS_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  return [...document.querySelectorAll("a[href]")].map((a) => ({
    href: a.href, raw: a.getAttribute("href"), where: describe(a)}));
}"""
)

# Horizontal overflow past ``width`` (the screen): a phone browser would zoom the page out.
OVERFLOW_JS = (
    "(width) => {"
    + _JS_COMMON
    + r"""
  const meta = document.querySelector('meta[name="viewport"]');
  const deviceWidth = /width=device-width/.test(meta?.content || "");
  const scrollWidth = document.scrollingElement.scrollWidth;
  // Inside a scroll box, or fixed to the screen (an off-canvas drawer): no page overflow.
  const contained = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.position === "fixed" || (a !== el && style.overflowX !== "visible")) return true;
    }
    return false;
  };
  const offenders = [];
  if (scrollWidth > width + 1) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      // past the right edge, or (right to left) past the left one, where the page then scrolls
      if (r.width === 0 || (r.right <= width + 1 && r.left >= -1) || contained(el)) continue;
      if (offenders.some((o) => o.el.contains(el))) continue;
      offenders.push({el, text: `${describe(el)} (from ${Math.round(r.left)} to ` +
                                `${Math.round(r.right)}px)`});
    }
  }
  return {deviceWidth, scrollWidth, offenders: offenders.slice(0, 10).map((o) => o.text)};
}"""
)

# Colour maths for the dark-mode probe: any CSS colour is resolved by painting it.
_JS_COLOUR = r"""
  const canvas = new OffscreenCanvas(1, 1);
  const paint = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = css;
    paint.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, below) => [0, 1, 2].map(
    (i) => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const contrast = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16)
    .padStart(2, "0")).join("");
"""

# Dark mode: every element holding marked Arabic text has 4.5:1 contrast with what is behind
# it; a figure with transparent pixels has 3:1 between its ink and what shows through.
DARK_READABILITY_JS = (
    "async () => {"
    + _JS_COMMON
    + _JS_COLOUR
    + r"""
  const out = {theme: document.documentElement.dataset.theme, arabic: 0, figures: 0,
               problems: []};
  const holders = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (node.data.trim() && el && isArabicLang(el.closest("[lang]"))) holders.add(el);
  }
  for (const el of holders) {
    if (el.closest(EXEMPT) || el.getClientRects().length === 0) continue;
    out.arabic += 1;
    const style = getComputedStyle(el);
    const back = background(el);
    const ratio = contrast(over(rgba(style.color), back), back);
    if (ratio < 4.5) {
      out.problems.push(`${describe(el)}: Arabic text ${hex(rgba(style.color))} on ` +
                        `${hex(back)}, contrast ${ratio.toFixed(2)} < 4.5`);
    }
  }
  for (const img of document.querySelectorAll("main img")) {
    await img.decode().catch(() => null);
    if (!img.naturalWidth) continue;
    out.figures += 1;
    if (/invert/.test(getComputedStyle(img).filter)) {
      out.problems.push(`${describe(img)}: figure colours are inverted in dark mode`);
    }
    const scale = Math.min(1, 300 / Math.max(img.naturalWidth, img.naturalHeight));
    const w = Math.max(1, Math.round(img.naturalWidth * scale));
    const h = Math.max(1, Math.round(img.naturalHeight * scale));
    const pixels = new OffscreenCanvas(w, h).getContext("2d");
    pixels.drawImage(img, 0, 0, w, h);
    const data = pixels.getImageData(0, 0, w, h).data;
    let clear = 0, inked = 0;
    const ink = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 250) { clear += 1; continue; }
      inked += 1;
      for (let c = 0; c < 3; c++) ink[c] += data[i + c];
    }
    if (clear / (w * h) <= 0.01 || !inked) continue;
    const inkColour = ink.map((v) => v / inked).concat([1]);
    const ratio = contrast(inkColour, background(img));
    if (ratio < 3) {
      out.problems.push(`${describe(img)}: transparent figure, ink ${hex(inkColour)} on ` +
                        `${hex(background(img))}, contrast ${ratio.toFixed(2)} < 3`);
    }
  }
  return out;
}"""
)


# --- layout: where things are ----------------------------------------------------------------

# Positions and styles that show whether the page is mirrored: the boxes of the primary sidebar,
# the article and the secondary sidebar; previous/next links; the border side of admonitions
# (collapsed code cells are admonitions too); the alignment of table text; the direction of
# the page. Boxes are {left, right, width}, in CSS px.
LAYOUT_JS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0
      ? {left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width)}
      : null;
  };
  const html = document.documentElement;
  const out = {
    lang: html.getAttribute("lang"), dir: html.getAttribute("dir"),
    direction: getComputedStyle(document.body).direction,
    primary: box(document.querySelector("#pst-primary-sidebar")),
    article: box(document.querySelector("main .bd-article")),
    secondary: box(document.querySelector(".bd-sidebar-secondary")),
    previous: box(document.querySelector(".prev-next-area a.left-prev")),
    next: box(document.querySelector(".prev-next-area a.right-next")),
    activeLink: null, admonitions: [], cells: [],
  };
  // The active-link bar of the sidebar: an inset box-shadow; its x offset's sign is the side.
  const active = document.querySelector("nav.bd-links .current > a");
  if (active) {
    const shadow = getComputedStyle(active).boxShadow;
    // Computed form: "rgb(r, g, b) 3px 0px 0px 0px inset": the first length is the x offset.
    const x = parseFloat((shadow.replace(/rgba?\([^)]*\)/g, "").match(/-?[\d.]+px/) || ["0"])[0]);
    out.activeLink = {shadow, side: x > 0 ? "left" : x < 0 ? "right" : "none"};
  }
  for (const el of document.querySelectorAll("main .admonition")) {
    if (!el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    out.admonitions.push({where: describe(el), left: parseFloat(s.borderLeftWidth),
                          right: parseFloat(s.borderRightWidth)});
  }
  // Table cells whose text is narrower than the cell: the gap on each side of the text.
  const LETTER = /\p{L}/u;
  for (const cell of document.querySelectorAll("main table td, main table th")) {
    const text = cell.textContent.trim();
    if (!LETTER.test(text)) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) continue;
    const s = getComputedStyle(cell);
    const c = cell.getBoundingClientRect();
    const inner = {left: c.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth),
                   right: c.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth)};
    const textLeft = Math.min(...rects.map((r) => r.left));
    const textRight = Math.max(...rects.map((r) => r.right));
    if (inner.right - inner.left - (textRight - textLeft) < 8) continue;  // fills the cell
    const first = text.match(/\p{Script=Arabic}|\p{Script=Latin}/u);
    out.cells.push({where: describe(cell), text: snippet(text).slice(0, 30),
                    script: first && /\p{Script=Arabic}/u.test(first[0]) ? "arabic" : "latin",
                    gapLeft: Math.round(textLeft - inner.left),
                    gapRight: Math.round(inner.right - textRight)});
  }
  return out;
}"""
)

ALTERNATES_JS = r"""() => ({
  alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map(
    (l) => ({hreflang: l.hreflang, href: l.href, raw: l.getAttribute("href")})),
  switches: [...document.querySelectorAll("a.edition-switch")].map((a) => {
    const r = a.getBoundingClientRect();
    return {hreflang: a.hreflang, href: a.href, text: a.textContent.trim(),
            lang: a.querySelector("[lang]")?.getAttribute("lang") || null,
            visible: r.width > 0 && r.height > 0 && getComputedStyle(a).visibility === "visible"};
  }),
})"""


def changed_box(before: bytes, after: bytes) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of the pixels two screenshots differ in."""
    import io

    from PIL import Image, ImageChops

    first = Image.open(io.BytesIO(before)).convert("RGB")
    second = Image.open(io.BytesIO(after)).convert("RGB")
    return ImageChops.difference(first, second).getbbox()


_HARAKAT = re.compile("[\u064b-\u0652]")


def vowelled_words(root: Path) -> list[tuple[str, str]]:
    """(page, word) for Arabic words written with harakat in the pages' article text."""
    found = []
    for page in indexed_pages(root):
        match = _ARTICLE.search((root / page).read_text(encoding="utf-8"))
        body = html.unescape(_TAG.sub(" ", _NOT_TEXT.sub(" ", match.group(1) if match else "")))
        for word in re.findall(r"[\u0621-\u0652\u0670]+", body):
            letters = _HARAKAT.sub("", word)
            if _HARAKAT.search(word) and len(letters) >= 4:
                found.append((page, word))
    return found
