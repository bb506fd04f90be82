"""Right-to-left pages for the Arabic edition, and links between the editions.

The book is built twice from one source: English at the published root, Arabic in ``ar/``
(``edition_paths``), with the same page paths. This extension

- writes ``dir="rtl"`` on ``<html>`` in a right-to-left edition (Sphinx writes ``lang`` only),
  and links ``_static/rtl.css`` there: the theme's physical margins, borders and icons mirrored
  with logical properties;
- in the same edition, isolates every Latin run of the text (ids such as P07, a Latin name, a
  link whose text is a URL) left to right: class ``ltr``, which ``arabic_markup`` writes as
  ``dir="ltr"``. Code, raw HTML and runs already marked ``{.en}`` are left alone. In a
  left-to-right edition none of this happens;
- passes the interface words that the theme writes in English and Sphinx's search scripts
  through the "sphinx" catalogue (``locales/<language>/LC_MESSAGES/sphinx.po``), so an edition
  whose catalogue has them shows them in its language;
- gives every page of every edition ``<link rel="alternate" hreflang>`` to the same page in
  each other edition (and ``x-default``, the first edition, English), and a visible link
  to it in the article header ("العربية" / "English"). URLs are relative, so the book works
  wherever it is published; ``book.py`` checks that each one leads to a file.

The edition is the config value ``edition_language`` when the build defines it (``"en"`` or
``"ar"``), otherwise ``language``.
"""

from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation

_ = get_translation("sphinx")  # the catalogue Sphinx and the theme's templates use

CSS_FILE = "rtl.css"
TEMPLATES = Path(__file__).with_name("rtl_layout_templates")
SWITCH_TEMPLATE = "edition-switch.html"
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})

# Each edition's folder below the published root, and its name in its own language.
EDITION_PATHS = {"en": "", "ar": "ar/"}
EDITION_NAMES = {"en": "English", "ar": "العربية"}
# The link's tooltip, in the language of the page it is on (through the "sphinx" catalogue).
SWITCH_TITLES = {"en": "This page in English", "ar": "This page in Arabic"}

_HTML_TAG = re.compile(r"<html\b[^>]*>")
# Labels the theme writes in English outside any translate() call: sphinx-book-theme's
# print-only table of contents is <nav aria-label="Page">. Passed through the catalogue.
_UNTRANSLATED_LABELS = ("Page",)


def edition_language(config: Config) -> str:
    """The edition being built: ``edition_language`` if the build sets it, else ``language``."""
    language = getattr(config, "edition_language", None) or config.language or "en"
    return language.split("_")[0].split("-")[0].lower()


def is_right_to_left(config: Config) -> bool:
    return edition_language(config) in RIGHT_TO_LEFT


def text_direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def _configure(app: Sphinx, config: Config) -> None:
    # jupyter-book links every stylesheet in _static/; this one belongs to RTL editions only.
    config.html_css_files = [
        entry
        for entry in config.html_css_files
        if (entry[0] if isinstance(entry, tuple) else entry) != CSS_FILE
    ]
    # First: the themes add their component folders to templates_path too, and the book's
    # copies of three components must be found before theirs.
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    if isinstance(end, str):
        end = [item.strip() for item in end.split(",") if item.strip()]
    if SWITCH_TEMPLATE not in end:
        options["article_header_end"] = [SWITCH_TEMPLATE, *end]
    config.html_theme_options = options


def _html_with_direction(render):
    """The theme's renderer, writing ``dir="rtl"`` into the page's ``<html>`` tag.

    pydata-sphinx-theme builds that tag in a template variable no child template can change,
    so the rendered page is amended: its first ``<html ...>`` tag only. The ``aria-label``s of
    ``_UNTRANSLATED_LABELS`` are put into the page's language the same way.
    """

    def render_rtl(template: str, context: dict) -> str:
        def add_dir(tag: re.Match) -> str:
            html = tag.group(0)
            return html if " dir=" in html else html[:-1] + ' dir="rtl">'

        html = _HTML_TAG.sub(add_dir, render(template, context), count=1)
        for label in _UNTRANSLATED_LABELS:
            html = html.replace(f'aria-label="{label}"', f'aria-label="{escape(_(label))}"')
        return html

    return render_rtl


def _translated_scripts(app: Sphinx, exception: Exception | None) -> None:
    """``_static/translations.js`` with the messages of the book's "sphinx" catalogue added.

    Sphinx copies its own ``sphinx.js`` for the language, where the search page's messages
    ("Searching", "Search finished ...") are empty in Arabic; the catalogue's translations of
    them are merged in. Nothing is written when the catalogue has none.
    """
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "_static", "translations.js")
    catalogue = _catalogue(app)
    if not catalogue or not target.is_file():
        return
    text = target.read_text(encoding="utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    data = json.loads(text[start:end])
    messages = data.setdefault("messages", {})
    added = {message: catalogue[message] for message in messages if catalogue.get(message)}
    if not added:
        return
    messages.update(added)
    merged = json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)
    target.write_text(f"{text[:start]}{merged}{text[end:]}", encoding="utf-8")


def _catalogue(app: Sphinx) -> dict[str, str]:
    """The book's "sphinx" catalogue for the edition's language: English -> translation."""
    from babel.messages.pofile import read_po

    found: dict[str, str] = {}
    for folder in app.config.locale_dirs:
        path = Path(app.srcdir, folder, app.config.language, "LC_MESSAGES", "sphinx.po")
        if path.is_file():
            with path.open("rb") as file:
                for message in read_po(file):
                    if message.id and message.string and not message.fuzzy:
                        found.setdefault(str(message.id), str(message.string))
    return found


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html" or not is_right_to_left(app.config):
        return
    app.add_css_file(CSS_FILE, priority=900)  # after the theme's, arabic.css and a11y.css
    app.builder.templates.render = _html_with_direction(app.builder.templates.render)


# A Latin run: letters and digits, starting with a letter, with inner spaces and joiners
# ("P07", "Michael Chase", "U.S.-China"); digits alone stay as they are (the article's own).
_LATIN_RUN = re.compile(
    r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f]*"
    r"(?:[ .,'\u2019&/-]+[A-Za-z0-9\u00c0-\u024f]+)*"
)
_URL = re.compile(r"^(https?://|www\.)\S+$")
# Text under these is not prose: code, raw HTML, maths, comments.
_NOT_PROSE = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.math, nodes.comment)
_ALREADY_MARKED = {"en", "ltr"}


def _not_prose(node: nodes.Node) -> bool:
    for ancestor in _ancestors(node):
        if isinstance(ancestor, _NOT_PROSE):
            return True
        if _ALREADY_MARKED & set(ancestor.get("classes", ())):
            return True
    return False


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def isolate_latin_runs(doctree: nodes.document) -> int:
    """Wrap each Latin run of the prose in ``inline(classes=["ltr"])``; return how many."""
    wrapped = 0
    for reference in list(doctree.findall(nodes.reference)):
        if _URL.match(reference.astext().strip()) and not _not_prose(reference):
            reference["classes"].append("ltr")
    for text in list(doctree.findall(nodes.Text)):
        if text.parent is None or _not_prose(text) or not _LATIN_RUN.search(text):
            continue
        pieces: list[nodes.Node] = []
        last = 0
        for match in _LATIN_RUN.finditer(text):
            if match.start() > last:
                pieces.append(nodes.Text(text[last : match.start()]))
            pieces.append(nodes.inline(match.group(0), match.group(0), classes=["ltr"]))
            wrapped += 1
            last = match.end()
        if last < len(text):
            pieces.append(nodes.Text(text[last:]))
        text.parent.replace(text, pieces)
    return wrapped


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format == "html" and is_right_to_left(app.config):
        isolate_latin_runs(doctree)


def built_editions(config: Config) -> list[str]:
    """The editions of ``edition_paths`` that this build publishes: all of them, or those named
    in the environment variable BOOK_EDITIONS (book.py sets it: "en" alone for --english-only),
    so that no page links an edition that is not there."""
    named = os.environ.get("BOOK_EDITIONS")
    languages = list(config.edition_paths)
    if named:
        wanted = {language.strip() for language in named.split(",")}
        languages = [language for language in languages if language in wanted]
    return languages


def edition_url(config: Config, pagename: str, language: str) -> str:
    """Relative URL, from ``pagename`` in this edition, of the same page in ``language``'s."""
    paths = config.edition_paths
    here = paths[edition_language(config)]
    up = pagename.count("/") + here.count("/")  # from this page to the published root
    return "../" * up + paths[language] + pagename + ".html"


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    if context.get("theme_search_bar_text"):  # jupyter-book's English, set in its config
        context["theme_search_bar_text"] = str(_(context["theme_search_bar_text"]))
    config = app.config
    current = edition_language(config)
    editions = built_editions(config)
    others = [language for language in editions if language != current]
    context["edition_switch"] = []
    if not others:
        return
    links = []
    for language in editions:
        href = escape(edition_url(config, pagename, language))
        links.append(f'<link rel="alternate" hreflang="{language}" href="{href}" />')
    default = escape(edition_url(config, pagename, editions[0]))
    links.append(f'<link rel="alternate" hreflang="x-default" href="{default}" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(links)
    context["edition_switch"] = [
        {
            "href": edition_url(config, pagename, language),
            "language": language,
            "dir": text_direction(language),
            "name": EDITION_NAMES.get(language, language),
            "title": _(SWITCH_TITLES.get(language, language)),
        }
        for language in others
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("edition_paths", EDITION_PATHS, "html", [dict])
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("build-finished", _translated_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
