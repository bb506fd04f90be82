"""Arabic in the HTML book: ``lang``/``dir`` from one class, Arabic-aware search, fonts.

Authors mark Arabic with the class ``ar`` only: ``[نص]{.ar}`` inline and ``{container} ar``
for blocks; in the Arabic edition, Latin text that stays Latin (an English quotation, a code
name) is marked ``[text]{.en}``. myst-parser 3 drops ``lang``/``dir`` attributes, so the HTML
translator writes ``lang="ar" dir="rtl"`` (class ``ar``) or ``lang="en" dir="ltr"`` (class
``en``) on every tag it opens for a node carrying that class.

Search uses the ``en_ar`` language in the English edition: English stemming as in Sphinx's
``en``, plus the usual light normalisation for Arabic retrieval (no harakat or tatweel, one
alef, ى→ي, ة→ه), applied identically when indexing (Python) and to the reader's query
(JavaScript). The Arabic edition (``language: ar``) uses ``ar``: the same normalisation and
splitter, Arabic first, with English stemming kept for its Latin words and no English stop
words (Sphinx itself has no Arabic search language).
"""

from __future__ import annotations

import json
import re
import shutil
import types
import unicodedata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.en import SearchEnglish, js_porter_stemmer
from sphinx.util import logging

logger = logging.getLogger(__name__)

AR_CLASS = "ar"
EN_CLASS = "en"
# class -> (lang, dir): Arabic in the English edition, English (Latin) in the Arabic edition
LANGUAGE_CLASSES = {AR_CLASS: ("ar", "rtl"), EN_CLASS: ("en", "ltr")}
# class -> dir, no language: a left-to-right run with no language of its own (an id like P07,
# a URL), isolated inside right-to-left text
DIRECTION_CLASSES = {"ltr": "ltr"}
CSS_FILE = "arabic.css"
FONT_FILES = ("IBMPlexSansArabic-Regular.ttf", "IBMPlexSansArabic-Bold.ttf", "OFL.txt")

# Regex class bodies and letter folds shared by the Python indexer and the JavaScript query code.
# Stripped: tatweel, harakat and other combining Arabic marks, superscript alef, and invisible
# bidi/joiner controls that would otherwise split a word in two.
STRIP_CHARS = "\u0640\u064b-\u065f\u0670\u061c\u200c-\u200f"
FOLD_FROM = "\u0623\u0625\u0622\u0671\u0649\u0629"  # أ إ آ ٱ ى ة
FOLD_TO = "\u0627\u0627\u0627\u0627\u064a\u0647"  # ا ا ا ا ي ه
ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"

_STRIP_RE = re.compile(f"[{STRIP_CHARS}]")
_ARABIC_RE = re.compile(f"[{ARABIC_LETTERS}]")
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def normalise_arabic(text: str) -> str:
    """Fold the written variants of an Arabic word to one search term (other text unchanged).

    NFKC first: it composes decomposed hamza/madda and maps presentation forms to letters.
    """
    return _STRIP_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD_TABLE)


def _js_escape(chars: str) -> str:
    """ASCII-only JavaScript for a regex class body, so the page encoding cannot matter."""
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in chars)


_JS_NORMALISE = f"""
var ARABIC_SEARCH_STRIP = /[{_js_escape(STRIP_CHARS)}]/g;
var ARABIC_SEARCH_FOLD_RE = /[{_js_escape(FOLD_FROM)}]/g;
var ARABIC_SEARCH_FOLD = {json.dumps(dict(zip(FOLD_FROM, FOLD_TO, strict=True)))};
var ARABIC_SEARCH_LETTER = /[{_js_escape(ARABIC_LETTERS)}]/;
function normaliseArabicSearch(text) {{
  return text.normalize("NFKC").replace(ARABIC_SEARCH_STRIP, "")
    .replace(ARABIC_SEARCH_FOLD_RE, (c) => ARABIC_SEARCH_FOLD[c]);
}}
"""

# Sphinx's Porter stemmer, wrapped: Arabic terms are normalised, never English-stemmed.
_JS_STEMMER = f"""{js_porter_stemmer}
{_JS_NORMALISE}
var EnglishStemmer = Stemmer;
Stemmer = function() {{
  var english = new EnglishStemmer();
  this.stemWord = function(word) {{
    word = normaliseArabicSearch(word);
    return ARABIC_SEARCH_LETTER.test(word) ? word : english.stemWord(word);
  }};
}};
"""

# Same split as searchtools.js's default, after normalisation: harakat are not letters, so an
# unnormalised vowelled word would be cut at every mark.
_JS_SPLITTER = """
function splitQuery(query) {
  return normaliseArabicSearch(query)
    .split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
}
"""


class SearchEnglishArabic(SearchEnglish):
    """English search that also matches Arabic regardless of vowel marks and letter variants."""

    lang = "en_ar"
    language_name = "English with Arabic normalisation"
    js_stemmer_code = _JS_STEMMER
    js_splitter_code = _JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return super().split(normalise_arabic(input))

    def stem(self, word: str) -> str:
        word = normalise_arabic(word)  # meta keywords reach stem() without split()
        return word if _ARABIC_RE.search(word) else super().stem(word)


class SearchArabic(SearchEnglishArabic):
    """The Arabic edition's search: Arabic normalised as in ``en_ar``, Latin words stemmed.

    English stop words are not dropped: in an Arabic page an English word is a quotation or
    a name, and a reader searching it wants it found.
    """

    lang = "ar"
    language_name = "Arabic (with English stemming for Latin words)"
    stopwords: set[str] = set()


class ArabicTranslatorMixin:
    """Writes ``lang``/``dir`` on every tag opened for a node with a language class:
    ``lang="ar" dir="rtl"`` for class ``ar``, ``lang="en" dir="ltr"`` for class ``en``, and
    ``dir="ltr"`` alone for class ``ltr``."""

    def starttag(self, node: Any, tagname: str, *args: Any, **attributes: Any) -> str:
        classes = node.get("classes", ()) if hasattr(node, "get") else ()
        for language_class, (lang, direction) in LANGUAGE_CLASSES.items():
            if language_class in classes:
                attributes.setdefault("lang", lang)
                attributes.setdefault("dir", direction)
                break
        for direction_class, direction in DIRECTION_CLASSES.items():
            if direction_class in classes:
                attributes.setdefault("dir", direction)
        return super().starttag(node, tagname, *args, **attributes)  # type: ignore[misc]


def _install_translator(app: Sphinx) -> None:
    """Wrap whatever HTML translator is current: themes (pydata) replace it on builder-inited."""
    if app.builder.format != "html":
        return
    try:
        base = app.registry.get_translator_class(app.builder)
    except AttributeError:  # builders without a translator
        return
    if issubclass(base, ArabicTranslatorMixin):
        return
    translator = types.new_class("ArabicHTMLTranslator", (ArabicTranslatorMixin, base))
    app.set_translator(app.builder.name, translator, override=True)


def _configure(app: Sphinx, config: Config) -> None:
    if not config.html_search_language:
        arabic = (config.language or "").split("_")[0] == "ar"
        config.html_search_language = (SearchArabic if arabic else SearchEnglishArabic).lang
    # jupyter-book links every CSS file in _static/ already; this extension adds its own
    # stylesheet, so drop that entry rather than load the file twice.
    config.html_css_files = [
        entry
        for entry in config.html_css_files
        if (entry[0] if isinstance(entry, tuple) else entry) != CSS_FILE
    ]


def _drop_repeated_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Write each script once.

    Sphinx 7.4 re-adds inline scripts registered after builder init with filename '' where
    the first copy has None, so both survive its de-duplication. sphinx-thebe's
    ``const THEBE_JS_URL`` then throws "already declared" on every page.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _copy_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Copy the fonts (and their licence) from the package into _static/fonts/ at build time.

    The repository keeps one copy, in the Python package that also uses them for figures.
    """
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir, app.config.arabic_fonts_dir)
    target = Path(app.outdir, "_static", "fonts")
    target.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        if (source / name).is_file():
            shutil.copyfile(source / name, target / name)
        else:
            logger.warning("font file missing: %s", source / name, type="arabic_markup")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("arabic_fonts_dir", "article_evidence/fonts", "html", [str])
    app.add_search_language(SearchEnglishArabic)
    app.add_search_language(SearchArabic)
    app.add_css_file(CSS_FILE, priority=800)  # after the theme's stylesheets
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _install_translator, priority=900)
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    app.connect("build-finished", _copy_fonts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
