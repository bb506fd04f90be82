"""A throw-away copy of the book to build, edit and time without touching the working tree.

The copy holds the repository's tracked and untracked-but-not-ignored files and a symlink to
the repository's ``.venv``, which must already match ``requirements/book.lock`` (the copy
must never rebuild it). The project is installed into that venv in editable mode, pointing at
the repository, so every command in the copy runs with ``PYTHONPATH`` set to the copy: the
build, its kernels and nbval then import the copy's ``article_evidence`` and read its data.

Standard library only, so that the benchmark and the tests can both use it.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UP_TO_DATE = "notebooks: all up to date"
EXECUTING = re.compile(r"notebooks: executing \d+ \(([^)]*)\)")
# Values the freshness check may edit: plain English that HTML shows unescaped and unwrapped.
PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:()-]{11,}")
FREE_TEXT_CONSTRAINTS = {"required"}


class VenvNotReady(RuntimeError):
    """The repository's .venv is missing or older than the lock: a copy would try to rebuild it."""


# --------------------------------------------------------------------------- the copy


def venv_fingerprint(root: Path) -> str:
    """What book.py stores in .venv/.installed-lock.sha256 when the venv matches the lock."""
    lock = root / "requirements" / "book.lock"
    return hashlib.sha256(lock.read_bytes() + (root / "pyproject.toml").read_bytes()).hexdigest()


def check_venv(root: Path = ROOT) -> None:
    stamp = root / ".venv" / ".installed-lock.sha256"
    if not stamp.is_file() or stamp.read_text().strip() != venv_fingerprint(root):
        raise VenvNotReady(
            f"{root / '.venv'} does not match requirements/book.lock: "
            "run `python3 book.py build` in the repository first"
        )


def repository_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    # -c also lists tracked files deleted from the working tree; sockets are not files
    return [name for name in listing.split("\0") if name and (root / name).is_file()]


def copy_files(destination: Path, root: Path = ROOT) -> Path:
    """Copy the working tree's files: tracked and untracked-not-ignored (not _build, not .venv)."""
    for name in repository_files(root):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    return destination


def copy_repository(destination: Path, root: Path = ROOT) -> Path:
    """A copy that builds: the files, and a link to the repository's ready .venv."""
    check_venv(root)
    copy_files(destination, root)
    (destination / ".venv").symlink_to(root / ".venv", target_is_directory=True)
    return destination


def environment(copy: Path) -> dict[str, str]:
    """The process environment for commands in the copy (see the module docstring)."""
    path = os.pathsep.join(filter(None, [str(copy), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, PYTHONHASHSEED="0")


def python(copy: Path) -> Path:
    return copy / ".venv" / "bin" / "python"


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """One timed command: wall time, exit code, output, CPU time and peak resident memory.

    ``cpu_seconds`` (user + system) and ``peak_rss_mib`` come from ``wait4``, so they cover the
    command's whole process tree (children count once they are waited for, as kernels are);
    ``peak_rss_mib`` is the largest resident set of any single process in it.
    """

    seconds: float
    returncode: int
    output: str
    peak_rss_mib: float
    cpu_seconds: float


def run(*commands: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run the commands side by side; time until the last one ends."""
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        start = time.perf_counter()
        processes = [
            subprocess.Popen([str(a) for a in command], cwd=cwd, env=env, stdout=log, stderr=log)
            for command, log in zip(commands, logs, strict=True)
        ]
        usages = [wait(process) for process in processes]
        seconds = time.perf_counter() - start
        output = "".join(read(log) for log in logs)
    code = max((p.returncode for p in processes), key=abs)
    peak = max(u.ru_maxrss for u in usages) / 1024  # KiB on Linux
    cpu = sum(u.ru_utime + u.ru_stime for u in usages)
    return Run(seconds, code, output, peak, cpu)


def wait(process: subprocess.Popen):
    """Reap the process; return the resource usage of its tree."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage


def read(log) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")


def build(copy: Path, reexecute: bool = False, english_only: bool = False) -> Run:
    """``python book.py build`` in the copy, as a person would run it there."""
    command = [python(copy), "book.py", "build", *(["--reexecute"] if reexecute else [])]
    command += ["--english-only"] if english_only else []
    return run(command, cwd=copy, env=environment(copy))


def executed_notebooks(output: str) -> list[str] | None:
    """Notebooks a build executed, from the execution step's log; None if it did not say."""
    if UP_TO_DATE in output:
        return []
    found = EXECUTING.search(output)
    return found.group(1).split(", ") if found else None


# --------------------------------------------------------------------------- chapters


def notebooks(copy: Path) -> list[Path]:
    return sorted((copy / "chapters").glob("*.ipynb"))


def chapter_html(copy: Path) -> dict[str, str]:
    """The built HTML page of each chapter notebook, by notebook name."""
    pages = {}
    for notebook in notebooks(copy):
        page = copy / "_build" / "html" / "chapters" / f"{notebook.stem}.html"
        if page.is_file():
            pages[notebook.name] = page.read_text(encoding="utf-8")
    return pages


def pages_showing(copy: Path, text: str) -> list[str]:
    return [name for name, html in chapter_html(copy).items() if text in html]


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_notebook(path: Path, notebook: dict) -> None:
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def markdown_sources(copy: Path) -> list[str]:
    cells = [
        source(cell)
        for path in notebooks(copy)
        for cell in read_notebook(path)["cells"]
        if cell["cell_type"] == "markdown"
    ]
    return cells + [path.read_text(encoding="utf-8") for path in copy.glob("*.md")]


def edit_prose(copy: Path, marker: str) -> str:
    """Add a paragraph to the first markdown cell of the first chapter that has one, and its
    translation to the page's Arabic catalogue, as a translator would (the marker is a word
    of no language: it reads the same in both)."""
    for path in notebooks(copy):
        notebook = read_notebook(path)
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = source(cell).rstrip("\n") + f"\n\n{marker}\n"
                write_notebook(path, notebook)
                translate_page_message(copy, f"chapters/{path.stem}", marker, marker)
                return path.name
    raise LookupError("no chapter has a markdown cell")


def translate_page_message(copy: Path, page: str, english: str, arabic: str) -> None:
    from babel.messages.pofile import read_po, write_po

    path = copy / "locales" / "ar" / "LC_MESSAGES" / f"{page}.po"
    with path.open("rb") as file:
        catalogue = read_po(file, locale="ar")
    catalogue.add(english, arabic)
    with path.open("wb") as file:
        write_po(file, catalogue, width=100)


# --------------------------------------------------------------------------- data values


@dataclass(frozen=True)
class DataCell:
    """One value of one data table: where it is and its text."""

    table: str
    file: str  # relative to the copy, e.g. data/events.csv
    column: str
    row: int  # 0-based, in file order
    text: str


def free_text_columns(resource: dict) -> set[str]:
    """String columns that are neither keys nor constrained beyond being required."""
    schema = resource["schema"]
    keys = schema.get("primaryKey", [])
    keys = set([keys] if isinstance(keys, str) else keys)
    for foreign in schema.get("foreignKeys", []):
        fields = foreign["fields"]
        keys |= set([fields] if isinstance(fields, str) else fields)
    return {
        field["name"]
        for field in schema["fields"]
        if field.get("type", "string") == "string"
        and field["name"] not in keys
        and set(field.get("constraints", {})) <= FREE_TEXT_CONSTRAINTS
    }


def data_cells(copy: Path) -> tuple[list[DataCell], list[str]]:
    """Editable cells of every table, and the text of every cell of every table."""
    descriptor = json.loads((copy / "data" / "datapackage.json").read_text(encoding="utf-8"))
    editable, everything = [], []
    for resource in descriptor["resources"]:
        file = f"data/{resource['path']}"
        text = (copy / file).read_text(encoding="utf-8")
        columns = free_text_columns(resource)
        for row, values in enumerate(csv.DictReader(io.StringIO(text, newline=""))):
            everything += [value for value in values.values() if value]
            editable += [
                DataCell(resource["name"], file, column, row, values[column])
                for column in sorted(columns)
                if PLAIN_TEXT.fullmatch(values.get(column) or "")
            ]
    return editable, everything


def candidates(copy: Path) -> list[DataCell]:
    """Cells whose text occurs nowhere else (no other cell, no prose, not the article).

    After such a cell is edited its old text can show in no page. English columns first, the
    longest first: free text is the least likely to be used by a chapter as a key.
    """
    editable, everything = data_cells(copy)
    seeds = sorted((copy / "seeds").glob("*.txt"))
    elsewhere = markdown_sources(copy) + [path.read_text(encoding="utf-8") for path in seeds]
    unique = [
        cell
        for cell in editable
        if sum(cell.text in value for value in everything) == 1
        and not any(cell.text in text for text in elsewhere)
    ]
    return sorted(unique, key=lambda c: (not c.column.endswith("_en"), -len(c.text), c.file))


def shown_cell(copy: Path) -> DataCell | None:
    """The first candidate cell whose text is shown in a built chapter page."""
    pages = chapter_html(copy)
    return next((c for c in candidates(copy) if any(c.text in p for p in pages.values())), None)


def replace_cell(copy: Path, cell: DataCell, text: str) -> DataCell:
    """Write a new value into the cell, changing nothing else in the file; where the Arabic
    edition translates the cell, carry its translation over as a translator would."""
    path = copy / cell.file
    content = path.read_bytes().decode("utf-8")
    if content.count(cell.text) != 1:
        raise ValueError(f"{cell.text!r} is not exactly once in {cell.file}")
    path.write_bytes(content.replace(cell.text, text).encode("utf-8"))
    carry_translation(copy, cell, text)
    return replace(cell, text=text)


def carry_translation(copy: Path, cell: DataCell, text: str) -> None:
    """The data catalogue's entry for the cell, moved to the new English: its Arabic gets the
    new text's first word in front (a marker, in the tests), so both editions show the edit."""
    from babel.messages.pofile import read_po, write_po

    from article_evidence import language

    if cell.column not in language.DATA_TEXT.get(cell.table, ()):
        return
    path = copy / "locales" / "ar" / "LC_MESSAGES" / f"{language.DATA_DOMAIN}.po"
    with path.open("rb") as file:
        catalogue = read_po(file, locale="ar")
    key = row_key(copy, cell)
    context = language.data_context(cell.table, cell.column, key)
    old = catalogue.get(cell.text, context=context)
    if old is None:
        raise LookupError(f"{path.name} has no {context} for {cell.text!r}")
    catalogue.delete(cell.text, context=context)
    catalogue.add(text, f"{text.split(' ', 1)[0]} {old.string}", context=context)
    with path.open("wb") as file:
        write_po(file, catalogue, width=100)


def row_key(copy: Path, cell: DataCell) -> str:
    """The primary-key value of the cell's row."""
    package = json.loads((copy / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == cell.table)
    with (copy / cell.file).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return rows[cell.row][resource["schema"]["primaryKey"]]


def executed_names(copy: Path, english_only: bool = False) -> list[str]:
    """What executing everything runs: the chapters and, unless English only, each edition's
    copy of every chapter (as <language>/<name>)."""
    chapters = sorted(path.name for path in notebooks(copy))
    editions = [] if english_only else sorted(p.name for p in (copy / "editions").iterdir())
    return sorted(chapters + [f"{e}/{name}" for e in editions for name in chapters])


def edited_text(cell: DataCell, marker: str) -> str:
    """The cell's text with its first word replaced by the marker (so the old text is gone)."""
    rest = cell.text.split(" ", 1)
    return marker if len(rest) == 1 else f"{marker} {rest[1]}"


PROBE = """\
# Freshness probe: shows one data value through the book's loader.
from article_evidence import evidence

print(evidence.load().tables[{table!r}][{column!r}].iloc[{row}])
"""


def add_probe(copy: Path, cell: DataCell) -> str:
    """Add a code cell printing the value to the first chapter; for chapters that show none."""
    path = notebooks(copy)[0]
    notebook = read_notebook(path)
    code = PROBE.format(table=cell.table, column=cell.column, row=cell.row)
    notebook["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": code,
        }
    )
    write_notebook(path, notebook)
    return path.name


def freshness_target(copy: Path) -> tuple[DataCell, str | None]:
    """A data cell a built page shows; with a probe cell added (named) if no chapter shows one.

    The copy must be built. After a probe is added it must be built again.
    """
    cell = shown_cell(copy)
    if cell is not None:
        return cell, None
    cells = candidates(copy)
    if not cells:
        raise LookupError("no data cell holds plain text found nowhere else")
    return cells[0], add_probe(copy, cells[0])
