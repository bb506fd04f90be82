"""One source, several editions: what a Sphinx build needs to make the non-English one.

- ``edition_language`` (set by book.py: "en" or "ar") names the edition being built.
- ``edition_sources`` (e.g. "editions/ar"): each chapter notebook is read from its executed copy
  there (``editions/ar/chapters/timeline.ipynb`` for ``chapters/timeline.ipynb``), which
  carries the same prose and the edition's outputs (article_evidence.execution). The page keeps
  its name, its place in the table of contents and its message catalogue.
- In a translated edition, a message of a page with no finished translation in its catalogue
  (missing, empty or fuzzy) is a warning, so the strict build fails instead of showing English.
- A translated message keeps its ``{glue:text}`` roles. Sphinx parses each translation as a
  fragment of its own, apart from the notebook, where myst-nb finds no glued values; here a
  fragment reads the values of the page it translates (myst-nb 1.x: ``retrieve_glue_data``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# A message with no letters (a lone id, number or role) reads the same in every language.
WORDS = re.compile(r"[A-Za-z]{2,}")
ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")


def copy_of(app: Sphinx, docname: str) -> Path | None:
    """The edition's copy of a chapter notebook, or None where the page is not a notebook."""
    if not app.config.edition_sources:
        return None
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return None
    relative = source.relative_to(Path(app.srcdir))
    return Path(app.srcdir) / app.config.edition_sources / relative


def read_copy(app: Sphinx, docname: str, source: list[str]) -> None:
    """source-read: hand the parser the edition's executed copy instead of the chapter."""
    copy = copy_of(app, docname)
    if copy is None:
        return
    if not copy.is_file():
        logger.warning(
            "no %s copy of this chapter: %s (run article_evidence.execution)",
            app.config.edition_language,
            copy.relative_to(app.srcdir),
            location=docname,
        )
        return
    text = copy.read_text(encoding="utf-8")
    if prose(text) != prose(source[0]):
        logger.warning(
            "the %s copy's prose differs from the chapter's: %s is stale",
            app.config.edition_language,
            copy.relative_to(app.srcdir),
            location=docname,
        )
    app.env.note_dependency(str(copy))
    source[0] = text


def prose(notebook_text: str) -> list[str]:
    cells = json.loads(notebook_text)["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


_page: dict[str, object] = {}  # the element renderer of the notebook read last in this process


def glue_for_fragments() -> None:
    """Let a translated fragment read the glued values of the page it belongs to: Sphinx
    parses and translates one page at a time, so that is the notebook myst-nb rendered last."""
    from myst_nb.core.render import NbElementRenderer
    from myst_nb.ext.glue import directives, roles, utils

    original_init, original_retrieve = NbElementRenderer.__init__, utils.retrieve_glue_data

    def init(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        _page["renderer"] = self

    def retrieve(document: nodes.document, key: str):
        if "nb_renderer" not in document and "renderer" in _page:
            return original_retrieve({"nb_renderer": _page["renderer"]}, key)
        return original_retrieve(document, key)

    NbElementRenderer.__init__ = init
    roles.retrieve_glue_data = directives.retrieve_glue_data = retrieve


class UntranslatedMessages(SphinxTransform):
    """Before Sphinx applies the catalogue: every message of the page must be translated."""

    default_priority = 19  # sphinx.transforms.i18n.Locale runs at 20

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if language == SOURCE_LANGUAGE or not self.config.edition_sources:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir) / d) for d in self.config.locale_dirs]
        catalogue, found = init_locale(dirs, language, domain)
        shown = f"{self.config.locale_dirs[0]}/{language}/LC_MESSAGES/{domain}.po"
        if not found:
            logger.warning("no catalogue for this page: %s", shown, location=self.document)
            return
        for node, message in extract_messages(self.document):
            if isinstance(node, nodes.image) or in_docinfo(node):
                continue  # alt text comes translated in the copy; docinfo is not shown
            # translated = in the compiled catalogue (finished, not fuzzy), even where the
            # Arabic is the English itself: a link named "CC BY 4.0", a path in backticks
            translated = message in getattr(catalogue, "_catalog", {})
            if not translated and WORDS.search(ROLE.sub("", message)):
                logger.warning(
                    "untranslated or fuzzy in %s: %r",
                    shown,
                    message[:80],
                    location=node if isinstance(node, nodes.Node) else self.document,
                    type="i18n",
                    subtype="untranslated",
                )


def in_docinfo(node: nodes.Node) -> bool:
    """Front matter (a notebook's metadata) is read into docinfo, never shown as text."""
    while node is not None:
        if isinstance(node, nodes.docinfo) or (
            isinstance(node, nodes.field_list) and isinstance(node.parent, nodes.document)
        ):
            return True
        node = node.parent
    return False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("edition_language", SOURCE_LANGUAGE, "env", [str])
    app.add_config_value("edition_sources", "", "env", [str])
    app.connect("source-read", read_copy)
    app.add_transform(UntranslatedMessages)
    glue_for_fragments()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
