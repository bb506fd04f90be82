"""Builds that cannot half-finish, stored outputs that count for freshness, data errors that end
the build with the loader's message and no traceback.

The fast tests check book.py's and execution's pieces on scratch files. The slow test runs the
real ``python book.py build`` in a temporary copy of the repository (reusing its .venv, as the
freshness test does): a cleared notebook is re-executed, an interrupted build is redone from
scratch, an incomplete book is never called built, and two builds in one checkout wait for each
other.
"""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from script_support import load_script

from article_evidence import evidence, execution, paths

book = load_script("book_script", paths.ROOT / "book.py")
bookcopy = load_script("bookcopy", paths.ROOT / "tools" / "bookcopy.py")


def a_chapter(tmp_path: Path) -> Path:
    source = sorted(paths.CHAPTERS.glob("*.ipynb"))[0]
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    return path


# --------------------------------------------------------------------------- 6. notebooks


def test_builds_cannot_half_finish_full_disk_keeps_the_old_notebook(tmp_path, monkeypatch):
    path = a_chapter(tmp_path)
    before = path.read_bytes()
    notebook = nbformat.read(path, as_version=4)

    def full_disk(content, file, **_):
        file.write(nbformat.writes(content)[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(nbformat, "write", full_disk)
    with pytest.raises(OSError, match="No space"):
        execution.write_atomically(notebook, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


KILLED_WRITER = """
import sys, time, nbformat
from pathlib import Path
from article_evidence import execution

def slow(content, file, **_):
    file.write(nbformat.writes(content)[:100]); file.flush()
    print("writing", flush=True)
    time.sleep(60)

nbformat.write = slow
path = Path(sys.argv[1])
execution.write_atomically(nbformat.read(path, as_version=4), path)
"""


def test_builds_cannot_half_finish_a_kill_keeps_the_old_notebook(tmp_path):
    path = a_chapter(tmp_path)
    before = path.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert path.read_bytes() == before
    nbformat.read(path, as_version=4)  # still a whole notebook


def test_builds_cannot_half_finish_a_written_notebook_is_complete(tmp_path):
    path = a_chapter(tmp_path)
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["marker"] = "written"
    mode = path.stat().st_mode
    execution.write_atomically(notebook, path)
    assert nbformat.read(path, as_version=4).metadata["marker"] == "written"
    assert path.stat().st_mode == mode


# --------------------------------------------------------------------------- 6. the HTML


def fake_book(root: Path, *, image: bool = True, search: bool = True) -> Path:
    html = root / "html"
    (html / "_images").mkdir(parents=True)
    (html / "_static").mkdir()
    (html / "_static" / "style.css").write_text("p {}")
    page = '<link href="_static/style.css?v=1"><img src="_images/fig.png"><a href="#x">x</a>'
    page += '<a href="https://example.org/">out</a><a href="other.html#y">o</a>'
    for name in ("index.html", "other.html", "search.html", "genindex.html"):
        (html / name).write_text(page)
    (html / "objects.inv").write_bytes(b"")
    if search:
        (html / "searchindex.js").write_text("Search.setIndex({})")
    if image:
        (html / "_images" / "fig.png").write_bytes(b"png")
    (html / "_static" / "template.html").write_text("<script src=\"{{ pathto('x') }}\">")
    return html


def test_builds_cannot_half_finish_complete_html_passes(tmp_path):
    assert book.html_faults(fake_book(tmp_path), ["index", "other"]) == []


def test_builds_cannot_half_finish_missing_figure_search_or_page_is_found(tmp_path):
    html = fake_book(tmp_path, image=False, search=False)
    faults = book.html_faults(html, ["index", "other", "chapters/gone"])
    assert "searchindex.js is missing" in faults
    assert "chapters/gone.html is missing" in faults
    assert "index.html refers to missing _images/fig.png" in faults


def test_builds_cannot_half_finish_incomplete_html_is_not_marked_built(tmp_path):
    fake_book(tmp_path, image=False)
    with pytest.raises(SystemExit):
        book.finish_html_build(tmp_path, ["index"], editions=())
    assert not (tmp_path / book.COMPLETE).exists()
    (tmp_path / "html" / "_images" / "fig.png").write_bytes(b"png")
    book.finish_html_build(tmp_path, ["index"], editions=())
    assert (tmp_path / book.COMPLETE).exists()


def a_book_in_two_editions(root: Path) -> Path:
    """A fake English book with an Arabic edition in html/ar: the same pages, one figure and
    one table on each."""
    html = fake_book(root)
    edition = fake_book(root / "ar-build")
    for page in ("index.html", "other.html"):
        for folder in (html, edition):
            (folder / page).write_text((folder / page).read_text() + "<figure></figure><table>")
    edition.rename(html / "ar")
    return html


def test_builds_cannot_half_finish_an_edition_with_the_same_pages_figures_tables_passes(tmp_path):
    html = a_book_in_two_editions(tmp_path)
    assert book.edition_faults(html, "ar", ["index", "other"]) == []
    book.finish_html_build(tmp_path, ["index", "other"], editions=("ar",))
    assert (tmp_path / book.COMPLETE).exists()


def test_builds_cannot_half_finish_editions_that_differ_are_refused(tmp_path):
    html = a_book_in_two_editions(tmp_path)
    other = html / "ar" / "other.html"
    other.write_text(other.read_text().replace("<figure></figure>", ""))
    (html / "ar" / "extra.html").write_text("<p>")
    faults = book.edition_faults(html, "ar", ["index", "other"])
    assert faults == [
        "extra.html is only in the ar edition",
        "ar/other.html has 0 figures, the English 1",
    ]
    with pytest.raises(SystemExit):
        book.finish_html_build(tmp_path, ["index", "other"], editions=("ar",))
    assert not (tmp_path / book.COMPLETE).exists()


def test_builds_cannot_half_finish_an_incomplete_edition_is_refused(tmp_path):
    html = a_book_in_two_editions(tmp_path)
    (html / "ar" / "searchindex.js").unlink()
    with pytest.raises(SystemExit):
        book.finish_html_build(tmp_path, ["index", "other"], editions=("ar",))
    assert not (tmp_path / book.COMPLETE).exists()


def test_builds_cannot_half_finish_unmarked_output_is_built_from_scratch(tmp_path):
    fake_book(tmp_path)
    (tmp_path / ".doctrees").mkdir()
    (tmp_path / book.COMPLETE).write_text("")
    book.begin_html_build(tmp_path)  # a finished build: kept for an incremental build
    assert (tmp_path / "html" / "index.html").exists() and (tmp_path / ".doctrees").exists()
    assert not (tmp_path / book.COMPLETE).exists()  # until this one finishes
    book.begin_html_build(tmp_path)  # as after an interrupted build: nothing is trusted
    assert not (tmp_path / "html").exists() and not (tmp_path / ".doctrees").exists()


def test_builds_cannot_half_finish_the_toc_pages_are_read():
    pages = book.toc_pages()
    assert pages[0] == "intro" and all(
        (paths.ROOT / p).with_suffix("").parent.is_dir() for p in pages
    )
    assert len(pages) == 1 + len(list(paths.CHAPTERS.glob("*.ipynb"))) + 1  # intro, chapters, reuse


# --------------------------------------------------------------------------- 6. the lock

HOLDER = """
import importlib.util, sys, time
spec = importlib.util.spec_from_file_location("b", sys.argv[1])
b = importlib.util.module_from_spec(spec); spec.loader.exec_module(b)
with b.checkout_lock(b.Path(sys.argv[2])):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
"""


def test_builds_cannot_half_finish_a_second_build_waits_for_the_first(tmp_path, capsys):
    lock = tmp_path / "lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.ROOT / "book.py"), str(lock), "2"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    with book.checkout_lock(lock):
        waited = time.monotonic() - start
    holder.wait()
    assert waited > 1.0, waited
    assert "waiting for it" in capsys.readouterr().out


def test_builds_cannot_half_finish_the_lock_is_reentrant(tmp_path):
    done = []

    def nested():
        with book.checkout_lock(tmp_path / "lock"), book.checkout_lock(tmp_path / "lock"):
            done.append(True)

    thread = threading.Thread(target=nested)
    thread.start()
    thread.join(timeout=10)
    assert done == [True]


# --------------------------------------------------------------------------- 6. environments


def fake_environment(folder: Path) -> Path:
    packages = folder / "lib" / "python3.11" / "site-packages"
    (packages / "foo").mkdir(parents=True)
    (packages / "foo" / "__init__.py").write_text("")
    (packages / "foo-1.0.dist-info").mkdir()
    record = "foo/__init__.py,sha256=x,0\nfoo/__pycache__/__init__.cpython-311.pyc,,\n"
    (packages / "foo-1.0.dist-info" / "RECORD").write_text(record)
    (folder / "bin").mkdir()
    (folder / "bin" / "python").symlink_to(sys.executable)
    book.write_manifest(folder)
    return packages


def test_builds_cannot_half_finish_a_broken_environment_is_detected(tmp_path):
    packages = fake_environment(tmp_path)
    python = tmp_path / "bin" / "python"
    assert book.environment_faults(tmp_path, python) == []
    (packages / "foo" / "__init__.py").unlink()
    assert book.environment_faults(tmp_path, python) == [
        "foo-1.0.dist-info: foo/__init__.py is missing"
    ]
    (packages / "foo-1.0.dist-info" / "RECORD").unlink()
    assert book.environment_faults(tmp_path, python) == ["foo-1.0.dist-info is no longer installed"]
    (tmp_path / book.MANIFEST).unlink()
    assert book.environment_faults(tmp_path, python)


def test_builds_cannot_half_finish_a_broken_environment_is_rebuilt(tmp_path, monkeypatch):
    folder, lock = tmp_path / "env", tmp_path / "env.lock"
    lock.write_text("foo==1.0\n")
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setattr(book, "ROOT", tmp_path)
    monkeypatch.setitem(book.ENVIRONMENTS, "fake", (folder, lock, False))
    monkeypatch.setattr(book, "LOCK_FILE", tmp_path / "build.lock")
    installs = []

    def create(self, target):  # instead of a real virtualenv and pip
        fake_environment(Path(target))

    monkeypatch.setattr(book.venv.EnvBuilder, "create", create)
    monkeypatch.setattr(book, "run", lambda *args, **_: installs.append(args))
    book.ensure_environment("fake")
    assert len(installs) == 1  # created once
    book.ensure_environment("fake")
    assert len(installs) == 1  # intact: nothing to do
    next(folder.glob("lib/*/site-packages/foo")).joinpath("__init__.py").unlink()
    book.ensure_environment("fake")
    assert len(installs) == 2  # broken though the stamp says installed: rebuilt
    assert book.environment_faults(folder, folder / "bin" / "python") == []


# --------------------------------------------------------------------------- 7. stored outputs


def is_stale(path: Path) -> bool:
    return [p for p, _ in execution.stale_notebooks(path, force=False)] == [path]


def test_stored_outputs_are_part_of_freshness_cleared_outputs_are_stale(fresh_notebook):
    assert not is_stale(fresh_notebook)
    content = nbformat.read(fresh_notebook, as_version=4)
    for cell in content.cells:  # what Jupyter's "Clear output" and save leave
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(content, fresh_notebook)
    assert is_stale(fresh_notebook)


def test_stored_outputs_are_part_of_freshness_a_stored_error_is_stale(fresh_notebook):
    content = nbformat.read(fresh_notebook, as_version=4)
    cell = next(c for c in content.cells if c.cell_type == "code" and c.outputs)
    cell.outputs.append(nbformat.v4.new_output("error", ename="KeyError", evalue="x", traceback=[]))
    nbformat.write(content, fresh_notebook)
    assert is_stale(fresh_notebook)
    assert execution.output_faults(content) == [
        f"cell {content.cells.index(cell) + 1} holds an error (KeyError)"
    ]


def test_stored_outputs_are_part_of_freshness_every_committed_chapter_is_whole():
    for path in sorted(paths.CHAPTERS.glob("*.ipynb")):
        assert execution.output_faults(nbformat.read(path, as_version=4)) == [], path.name


# --------------------------------------------------------------------------- the real build


def build(copy: Path):
    return bookcopy.build(copy)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    try:
        return bookcopy.copy_repository(tmp_path / "book")
    except bookcopy.VenvNotReady as error:
        pytest.skip(str(error))


def test_structural_fault_message_is_the_build_s_last_lines(copy):
    """Bad data ends the build with the loader's list, as data/README.md shows, no traceback."""
    events = copy / "data" / "events.csv"
    lines = events.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",2023-12-13,", ",2023-12-1,", 1)
    events.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(copy / "data", copy / "seeds" / paths.ARTICLE.name)
    result = build(copy)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    tail = result.output.rstrip("\n").split("\n")[-len(str(caught.value).split("\n")) :]
    assert tail == str(caught.value).split("\n")
    assert "book built" not in result.output


def test_builds_cannot_half_finish_in_a_real_checkout(copy):
    # a notebook cleared in Jupyter (outputs, counts) is re-executed by the next build
    check = [bookcopy.python(copy), "-m", "article_evidence.execution", "chapters", "--check"]
    listing = subprocess.run(
        check, cwd=copy, env=bookcopy.environment(copy), capture_output=True, text=True
    ).stdout
    stale = {line.removeprefix("stale: ") for line in listing.split("\n") if line}
    cleared = min(
        (p for p in bookcopy.notebooks(copy) if p.name not in stale),
        key=lambda p: p.stat().st_size,
    )
    content = nbformat.read(cleared, as_version=4)
    for cell in content.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(content, cleared)
    result = build(copy)
    assert result.returncode == 0, result.output[-3000:]
    assert sorted(bookcopy.executed_notebooks(result.output)) == sorted({*stale, cleared.name})
    assert execution.output_faults(nbformat.read(cleared, as_version=4)) == []
    html = copy / "_build" / "html"
    assert book.html_faults(html, book.toc_pages(copy)) == []
    images = sorted(p.name for p in (html / "_images").iterdir())
    assert images

    # what an interrupted Sphinx run leaves: no mark, figures and search index not yet written
    (copy / "_build" / book.COMPLETE).unlink()
    for name in images:
        (html / "_images" / name).unlink()
    (html / "searchindex.js").unlink()
    result = build(copy)
    assert result.returncode == 0, result.output[-3000:]
    assert "building the HTML from scratch" in result.output
    assert sorted(p.name for p in (html / "_images").iterdir()) == images
    assert (html / "searchindex.js").is_file()

    # a figure lost after a finished build: the incremental build would not restore it, and
    # the build fails rather than call the book built
    (html / "_images" / images[0]).unlink()
    result = build(copy)
    assert result.returncode != 0
    assert "incomplete book: chapters/" in result.output
    assert f"refers to missing ../_images/{images[0]}" in result.output
    assert "book built" not in result.output

    # two builds at once in one checkout: the second waits for the first, both succeed
    command = [bookcopy.python(copy), "book.py", "build"]
    both = bookcopy.run(command, command, cwd=copy, env=bookcopy.environment(copy))
    assert both.returncode == 0, both.output[-3000:]
    assert "waiting for it" in both.output
    assert both.output.count("book built") == 2
    assert (html / "_images" / images[0]).is_file()
    assert book.html_faults(html, book.toc_pages(copy)) == []
