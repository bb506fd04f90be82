"""Accessibility fixes in the HTML that myst-nb writes, made when the page is written.

A cell tagged ``hide-input`` becomes ``<details>`` whose ``<summary>`` shows "Show code cell
source" but is named "Toggle hidden content" by an ``aria-label``. A speech-input user who
says the words on screen does not reach it (WCAG 2.5.3, axe "label-content-name-mismatch",
serious). Here the ``<summary>`` has no ``aria-label``: its name is the words it shows.

The theme's own buttons are fixed in ``_static/a11y.js`` (they exist only with JavaScript).
``tests/test_browser.py`` checks every page with axe-core.
"""

from __future__ import annotations

from html import escape
from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator


def visit_hide_code_cell(self: SphinxTranslator, node: HideCodeCellNode) -> None:
    """myst-nb 1.x's markup for a hidden cell input, without the mismatched ``aria-label``."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # registers the node first; this replaces its HTML visitor
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_code_cell, depart_HideCellInput))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
