"""The book never shows outputs older than their inputs.

The slow test runs the real pipeline (``python book.py build``) in a temporary copy of the
repository that reuses its .venv: a data value shown in a chapter is edited, and the rebuilt
page must show the new value and not the old one; a second build with no change must execute
no notebook. The fast tests check ``stale_notebooks`` itself on a copy of the files.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from script_support import load_tool

from article_evidence import execution

bookcopy = load_tool("bookcopy")
MARKER = "Freshnesscheck"


# --------------------------------------------------------------------------- the real build


def build(copy: Path) -> list[str] | None:
    """Build the copy; return the notebooks the build executed."""
    result = bookcopy.build(copy)
    assert result.returncode == 0, result.output[-4000:]
    return bookcopy.executed_notebooks(result.output)


@pytest.fixture
def built_copy(tmp_path: Path) -> Path:
    try:
        copy = bookcopy.copy_repository(tmp_path / "book")
    except bookcopy.VenvNotReady as error:
        pytest.skip(str(error))
    build(copy)
    return copy


def test_a_data_edit_reaches_the_html_and_an_unchanged_rebuild_executes_nothing(built_copy):
    cell, probe = bookcopy.freshness_target(built_copy)
    if probe:  # no chapter shows a data value yet: a probe cell shows one
        build(built_copy)
    assert bookcopy.pages_showing(built_copy, cell.text), f"{cell} is not shown"
    assert not bookcopy.pages_showing(built_copy, MARKER)

    new = bookcopy.replace_cell(built_copy, cell, bookcopy.edited_text(cell, MARKER))
    executed = build(built_copy)

    # every chapter loads the whole data package, so a data edit re-executes every chapter and
    # every edition's copy of it
    assert sorted(executed) == bookcopy.executed_names(built_copy)
    assert bookcopy.pages_showing(built_copy, new.text), f"{new.text!r} is in no chapter page"
    assert not bookcopy.pages_showing(built_copy, cell.text), f"{cell.text!r} is still shown"
    assert build(built_copy) == []


# --------------------------------------------------------------------------- stale_notebooks


def is_stale(path: Path) -> bool:
    return [p for p, _ in execution.stale_notebooks(path, force=False)] == [path]


def edit_data_value(root: Path) -> None:
    cell = bookcopy.candidates(root)[0]
    bookcopy.replace_cell(root, cell, bookcopy.edited_text(cell, MARKER))


def append(relative: str, text: str):
    def edit(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8") as file:
            file.write(text)

    return edit


def test_a_notebook_with_its_fingerprint_is_fresh(fresh_notebook):
    assert not is_stale(fresh_notebook)
    assert len(execution.stale_notebooks(fresh_notebook, force=True)) == 1


@pytest.mark.parametrize(
    "edit",
    [
        edit_data_value,
        append("data/datapackage.json", "\n"),
        append("data/notes.txt", "a new file in data/\n"),
        append("seeds/000_3782c6645462c6f3.txt", "\n"),
        append("article_evidence/paths.py", "# edited\n"),
        append("requirements/book.lock", "# edited\n"),
    ],
    ids=["data value", "datapackage", "new data file", "seed", "package module", "lock"],
)
def test_an_input_edit_makes_the_notebook_stale(fresh_notebook, scratch_repo, edit):
    edit(scratch_repo)
    assert is_stale(fresh_notebook)


def add_cell(path: Path, cell) -> None:
    content = nbformat.read(path, as_version=4)
    content.cells.append(cell)
    nbformat.write(content, path)


def test_a_prose_edit_keeps_it_fresh_and_a_code_edit_does_not(fresh_notebook):
    add_cell(fresh_notebook, nbformat.v4.new_markdown_cell(f"{MARKER}: a new paragraph."))
    assert not is_stale(fresh_notebook)
    add_cell(fresh_notebook, nbformat.v4.new_code_cell("1 + 1"))
    assert is_stale(fresh_notebook)
