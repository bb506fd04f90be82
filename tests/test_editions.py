"""The Arabic edition's executed copies: what a copy is, and when it is stale.

A copy is the chapter, cell for cell, with one hidden cell first that sets the language, and
the figures' alt text translated. It is stale when anything it computes could differ: the
chapter's code cells or the order of its cells, the shared inputs (data, package, lock) or the
edition's own catalogues of code strings and data cells. A prose edit is brought over without
running anything. These tests need no kernel: they write a copy with
the fingerprint an execution would record, then change one input at a time.
"""

from __future__ import annotations

import json

import pytest

from article_evidence import execution, language, paths


@pytest.fixture
def edition(scratch_repo, monkeypatch):
    """A scratch repository whose first chapter has an up-to-date Arabic copy."""
    monkeypatch.setattr(language, "LOCALES", scratch_repo / "locales")
    language.catalogue.cache_clear()
    chapter = sorted(paths.CHAPTERS.glob("*.ipynb"))[0]
    monkeypatch.setattr(paths, "CHAPTERS", scratch_repo / "chapters")
    chapter = scratch_repo / "chapters" / chapter.name
    translate_alt_texts(chapter)
    write_fresh_copy(chapter)
    yield chapter
    language.catalogue.cache_clear()


def translate_alt_texts(chapter):
    """Give the scratch catalogue an Arabic alt text for each of the chapter's figures."""
    from babel.messages.pofile import read_po, write_po

    path = language.catalogue_path(language.CODE_DOMAIN, "ar")
    with path.open("rb") as file:
        catalogue = read_po(file, locale="ar")
    for number, cell in enumerate(execution.read_plain(chapter)["cells"]):
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")
        if alt:  # babel's add() would keep the entry's empty string
            catalogue[alt].string = f"وصف الشكل {number}"
    with path.open("wb") as file:
        write_po(file, catalogue)
    language.catalogue.cache_clear()


def write_fresh_copy(chapter):
    import nbformat

    fingerprint = execution.edition_fingerprint(
        execution.read_plain(chapter), execution.shared_fingerprint(), "ar"
    )
    copy = execution.edition_copy(nbformat.read(chapter, as_version=4), "ar")
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.execution_count = 1
    copy.metadata[execution.METADATA_KEY] = {"inputs_sha256": fingerprint}
    target = execution.edition_folder("ar") / chapter.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(copy, target)


def stale_names(chapter) -> list[str]:
    return [c.name for c, _, _ in execution.stale_copies(chapter.parent, "ar", force=False)]


def test_a_copy_sets_its_language_first_and_hides_it(edition):
    copy = execution.read_plain(execution.edition_folder("ar") / edition.name)
    first = copy["cells"][0]
    assert first["id"] == execution.EDITION_CELL_ID
    assert 'language.use("ar")' in "".join(first["source"])
    assert first["metadata"]["tags"] == ["remove-cell"]
    chapter = execution.read_plain(edition)
    assert [execution.source_text(c) for c in copy["cells"][1:]] == [
        execution.source_text(c) for c in chapter["cells"]
    ]


def test_a_copy_carries_the_alt_text_translated(edition):
    chapter, copy = (
        execution.read_plain(p) for p in (edition, execution.edition_folder("ar") / edition.name)
    )
    pairs = [
        (c["metadata"]["mystnb"]["image"]["alt"], d["metadata"]["mystnb"]["image"]["alt"])
        for c, d in zip(chapter["cells"], copy["cells"][1:], strict=True)
        if c["metadata"].get("mystnb", {}).get("image", {}).get("alt")
    ]
    assert pairs, "the chapter has a figure with alt text"
    for english, arabic in pairs:
        assert arabic == language.tr(english, "ar") and arabic != english


def test_an_up_to_date_copy_is_not_stale(edition):
    assert edition.name not in stale_names(edition)


def test_a_prose_edit_is_brought_over_without_running_the_copy(edition):
    notebook = json.loads(edition.read_text(encoding="utf-8"))
    markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nOne more sentence."
    edition.write_text(json.dumps(notebook), encoding="utf-8")
    assert edition.name not in stale_names(edition)
    copy = execution.edition_folder("ar") / edition.name
    assert execution.sync_prose(edition, copy)
    prose = [c for c in execution.read_plain(copy)["cells"] if c["cell_type"] == "markdown"]
    assert execution.source_text(prose[0]).endswith("One more sentence.")
    assert not execution.sync_prose(edition, copy)  # once brought over, nothing to do


def test_a_new_cell_makes_the_copy_stale(edition):
    notebook = json.loads(edition.read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "More."})
    edition.write_text(json.dumps(notebook), encoding="utf-8")
    assert edition.name in stale_names(edition)


def test_a_code_edit_makes_the_copy_stale(edition):
    notebook = json.loads(edition.read_text(encoding="utf-8"))
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    code["source"] = execution.source_text(code) + "\n"
    edition.write_text(json.dumps(notebook), encoding="utf-8")
    assert edition.name in stale_names(edition)


@pytest.mark.parametrize("domain", [language.CODE_DOMAIN, language.DATA_DOMAIN])
def test_a_catalogue_edit_makes_the_copy_stale(edition, domain):
    path = language.catalogue_path(domain, "ar")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert edition.name in stale_names(edition)


def test_a_data_edit_makes_the_copy_stale(edition):
    path = paths.DATA / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert edition.name in stale_names(edition)


def test_a_missing_copy_is_stale_and_a_copy_without_chapter_is_an_orphan(edition):
    orphan = execution.edition_folder("ar") / "gone.ipynb"
    orphan.write_text("{}", encoding="utf-8")
    assert execution.orphan_copies(edition.parent, "ar") == [orphan]
    (execution.edition_folder("ar") / edition.name).unlink()
    assert edition.name in stale_names(edition)


def test_a_copy_holding_an_error_is_stale(edition):
    target = execution.edition_folder("ar") / edition.name
    copy = json.loads(target.read_text(encoding="utf-8"))
    code = next(c for c in copy["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "error", "ename": "MissingTranslation", "evalue": ""}]
    target.write_text(json.dumps(copy), encoding="utf-8")
    assert edition.name in stale_names(edition)
