"""The chapters' Jupyter copies (article_evidence.jupyter) and the kernel `book.py lab` gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from article_evidence import jupyter, paths

BUILT = paths.ROOT / "_build" / "html"


def markdown(notebook: dict) -> str:
    return "\n".join(
        jupyter._text(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
    )


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> dict[str, dict]:
    target = tmp_path_factory.mktemp("jupyter")
    written = jupyter.write_edition(target)
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in written}


def test_every_chapter_renders_without_myst(edition):
    assert sorted(edition) == sorted(p.name for p in paths.CHAPTERS.glob("*.ipynb"))
    for name, notebook in edition.items():
        text = markdown(notebook)
        assert not re.search(r"\{[a-z][\w:.-]*\}`|\]\{\.|:::\{", text), name


def test_code_cells_and_outputs_are_untouched(edition):
    for name, notebook in edition.items():
        original = json.loads((paths.CHAPTERS / name).read_text(encoding="utf-8"))
        code = [c for c in original["cells"] if c["cell_type"] == "code"]
        assert [c for c in notebook["cells"] if c["cell_type"] == "code"] == code


def test_arabic_spans_become_rtl_html(edition):
    for name, notebook in edition.items():
        original = markdown(json.loads((paths.CHAPTERS / name).read_text(encoding="utf-8")))
        spans = re.findall(r"\[([^\[\]]+)\]\{\.ar\}", original)
        text = markdown(notebook)
        for span in spans:
            assert f'<span lang="ar" dir="rtl">{span}</span>' in text, (name, span)


def _built(name: str) -> str:
    page = BUILT / "chapters" / (Path(name).stem + ".html")
    if not page.exists():
        pytest.skip(f"{page} not built (python3 book.py build)")
    return page.read_text(encoding="utf-8")


def test_figure_numbers_are_the_books():
    numbers = jupyter.figure_numbers()
    assert numbers, "no figures found"
    for name in sorted(p.name for p in paths.CHAPTERS.glob("*.ipynb")):
        page = _built(name)
        for figure, shown in re.findall(
            r'<figure[^>]*id="([^"]+)"[^>]*>.*?caption-number">Fig\. (\d+)', page, re.S
        ):
            assert numbers[figure] == int(shown), (name, figure)


def test_glued_values_read_as_in_the_book(edition):
    for name in sorted(edition):
        page = _built(name)
        shown = set(re.findall(r'<span class="pasted-text">([^<]*)</span>', page))
        values = jupyter.glued_values(json.loads((paths.CHAPTERS / name).read_text("utf-8")))
        for value in shown:
            assert value in {v.replace("&", "&amp;") for v in values.values()}, (name, value)


def _one_cell(source: str, outputs: list | None = None) -> dict:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": source}]
    if outputs is not None:
        cells.append({"cell_type": "code", "metadata": {}, "source": "", "outputs": outputs})
    return {"cells": cells, "metadata": {}}


@pytest.mark.parametrize(
    "source, message",
    [
        ("See {ref}`somewhere`.", "the role {ref}"),
        (":::{note}\nText\n:::", "':::{note}'"),
        ("{numref}`fig-nowhere`", "names no figure"),
        ("{glue:text}`missing`", "glues no such name"),
        ("[نص]{.en}", "']{.en}'"),
    ],
)
def test_unknown_myst_is_an_error_naming_the_cell(source, message):
    with pytest.raises(jupyter.MystError, match=re.escape(message)) as error:
        jupyter.Renderer().notebook(_one_cell(source), "chapters/x.ipynb")
    assert "chapters/x.ipynb, cell 0" in str(error.value)


def test_glue_record_round_trips():
    record = {
        "output_type": "display_data",
        "metadata": {"scrapbook": {"name": "days", "mime_prefix": jupyter.GLUE_PREFIX}},
        "data": {jupyter.GLUE_PREFIX + "text/plain": "'66 days'"},
    }
    notebook = jupyter.Renderer().notebook(_one_cell("For {glue:text}`days`.", [record]), "x")
    assert notebook["cells"][0]["source"] == "For 66 days."


def test_lab_kernel_is_this_environment():
    """The kernel `book.py lab` starts (JUPYTER_PREFER_ENV_PATH) imports the package."""
    code = (
        "import json, sys\n"
        "from jupyter_client.manager import start_new_kernel\n"
        "km, kc = start_new_kernel(kernel_name='python3')\n"
        "out = []\n"
        "kc.execute_interactive('import sys, article_evidence; print(sys.prefix)',"
        " output_hook=lambda m: out.append(m['content'].get('text', '')), timeout=60)\n"
        "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
        "print(json.dumps(''.join(out).strip()))\n"
    )
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == sys.prefix
