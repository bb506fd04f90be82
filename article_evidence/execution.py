"""Execute the chapter notebooks whose inputs changed, in place.

A notebook's outputs depend on its code, the data, the article, this package and the locked
environment. jupyter-cache hashes only the code, so a data edit would leave stale figures in
the book. Here each executed notebook records a fingerprint of all of its inputs in its
metadata; the build re-executes exactly the notebooks whose fingerprint no longer matches and
the committed notebooks stay executed, which is what nbval checks.

Every notebook loads the whole validated data package (foreign keys cross tables), so every
data file is an input of every notebook. A notebook whose stored outputs were cleared or hold an
error (what "Clear output" and save in Jupyter leaves) is stale too, whatever its fingerprint:
the build executes it again, and a stored error never reaches the book. Notebooks are written
atomically (a temporary file, then a rename), so a full disk or a kill leaves the old one whole.

Bad data stops the run before any kernel starts, with the loader's list of problems as the last
lines of the output and no traceback.

Each further edition (``--edition ar``) has an executed copy of every chapter in
``editions/<language>/chapters/``: the chapter, cell for cell, with one hidden cell put first that
sets the run's language (``language.use("ar")``) and the figures' alt text translated. A copy
is stale when its chapter changes in any cell (prose too: the copy carries it), or any input of
the English notebooks, or the edition's code and data catalogues; stale copies are executed and
written like the chapters, and a copy whose chapter is gone is deleted.

    python -m article_evidence.execution chapters [--all] [--check] [--editions ar]
    python -m article_evidence.execution chapters/timeline.ipynb   # one notebook
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from article_evidence import language, paths

METADATA_KEY = "article_evidence"
TIMEOUT_SECONDS = 300


def input_files() -> list[Path]:
    """Files every notebook depends on, in a stable order."""
    roots = [paths.DATA, paths.SEEDS, paths.ROOT / "article_evidence"]
    files = [
        p for root in roots for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]
    files.append(paths.ROOT / "requirements" / "book.lock")
    return sorted(files)


def shared_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in input_files():
        digest.update(path.relative_to(paths.ROOT).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def source_text(cell) -> str:
    """A cell's source as one string (a notebook file may store it as a list of lines)."""
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def notebook_fingerprint(notebook, shared: str) -> str:
    """Works on an nbformat notebook or on the plain JSON of one (see :func:`read_plain`)."""
    digest = hashlib.sha256(shared.encode())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            digest.update(source_text(cell).encode())
            digest.update(b"\0")
    return digest.hexdigest()


EDITION_CELL_ID = "edition-language"  # the cell a copy has first (a stable nbformat cell id)


def edition_folder(lang: str) -> Path:
    return paths.ROOT / "editions" / language.check(lang) / "chapters"


def edition_fingerprint(notebook, shared: str, lang: str) -> str:
    """A chapter's code cells with their metadata (alt text), the order of all its cells, the
    shared inputs and the edition's own catalogues of code strings and data cells. Not the
    prose: an edit to it is brought over to the copy without running it (:func:`sync_prose`)."""
    digest = hashlib.sha256(f"{shared}\0{lang}\0".encode())
    for cell in notebook["cells"]:
        shown = [source_text(cell), cell["metadata"]] if cell["cell_type"] == "code" else []
        digest.update(json.dumps([cell["cell_type"], *shown]).encode())
    for domain in (language.CODE_DOMAIN, language.DATA_DOMAIN):
        catalogue = language.catalogue_path(domain, lang)
        digest.update(catalogue.read_bytes() if catalogue.exists() else b"missing")
    return digest.hexdigest()


def edition_copy(chapter, lang: str):
    """The chapter as the edition runs it: its language set first, the alt text translated."""
    import nbformat

    copy = nbformat.from_dict(json.loads(json.dumps(chapter)))
    setup = nbformat.v4.new_code_cell(
        f'from article_evidence import language\n\nlanguage.use("{lang}")',
        metadata={"tags": ["remove-cell"]},
    )
    setup.id = EDITION_CELL_ID
    for cell in copy.cells:
        image = cell.metadata.get("mystnb", {}).get("image", {})
        if image.get("alt"):
            image["alt"] = language.tr(image["alt"], lang)
    copy.cells.insert(0, setup)
    return copy


def sync_prose(chapter: Path, copy: Path) -> bool:
    """Give an up-to-date copy its chapter's current prose (its markdown cells, in place);
    True if it changed. The cells line up one for one after the copy's first cell, since the
    fingerprint covers the order of the cells. Compared as plain JSON: a build with nothing
    to bring over does not import nbformat."""
    source = read_plain(chapter)["cells"]
    pairs = list(zip(source, read_plain(copy)["cells"][1:], strict=True))
    if all(
        theirs["cell_type"] != "markdown" or source_text(theirs) == source_text(ours)
        for theirs, ours in pairs
    ):
        return False
    import nbformat

    current = nbformat.read(copy, as_version=4)
    for theirs, ours in zip(source, current.cells[1:], strict=True):
        if theirs["cell_type"] == "markdown":
            ours.source = source_text(theirs)
    write_atomically(current, copy)
    return True


def recorded_fingerprint(notebook) -> str | None:
    return notebook["metadata"].get(METADATA_KEY, {}).get("inputs_sha256")


def read_plain(path: Path) -> dict:
    """A notebook's JSON as stored, without nbformat: the freshness check of a build with
    nothing to execute needs only sources, metadata and outputs, and importing nbformat (with
    its JSON-schema stack) would take most of that build's time."""
    return json.loads(path.read_text(encoding="utf-8"))


def output_faults(notebook) -> list[str]:
    """Why a notebook's stored outputs cannot be shown: cells never run, or errors stored."""
    faults = []
    for number, cell in enumerate(notebook["cells"], 1):
        if cell["cell_type"] != "code" or not source_text(cell).strip():
            continue
        if cell.get("execution_count") is None:
            faults.append(f"cell {number} has not been executed")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                faults.append(f"cell {number} holds an error ({output.get('ename')})")
    return faults


def write_atomically(notebook, path: Path) -> None:
    """Write next to the notebook, then rename over it: never a half-written notebook."""
    import nbformat

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            nbformat.write(notebook, file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def execute(path: Path, fingerprint: str, target: Path | None = None, lang: str = "") -> str:
    """Run one notebook top to bottom in its own folder and write it back, clean; or, for an
    edition, run the chapter's copy in the edition's folder and write it there."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    if target is not None:
        notebook, path = edition_copy(notebook, lang), target
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=TIMEOUT_SECONDS,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        # the kernel is local; its start-up warnings are noise in the build log
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    client.execute()
    faults = output_faults(notebook)
    if faults:  # e.g. a cell tagged raises-exception: its error must not reach the book
        raise RuntimeError(f"{path.name}: not written, " + "; ".join(faults))
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata[METADATA_KEY] = {"inputs_sha256": fingerprint}
    write_atomically(notebook, path)
    return shown_name(path, lang)


def stale_notebooks(target: Path, force: bool) -> list[tuple[Path, str]]:
    """Notebooks under ``target`` (a folder, or one notebook) whose outputs are out of date."""
    shared = shared_fingerprint()
    stale = []
    notebooks = [target] if target.is_file() else sorted(target.glob("*.ipynb"))
    for path in notebooks:
        notebook = read_plain(path)
        fingerprint = notebook_fingerprint(notebook, shared)
        if force or recorded_fingerprint(notebook) != fingerprint or output_faults(notebook):
            stale.append((path, fingerprint))
    return stale


def stale_copies(target: Path, lang: str, force: bool) -> list[tuple[Path, str, Path]]:
    """(chapter, fingerprint, copy) for every edition copy that is missing or out of date."""
    shared = shared_fingerprint()
    stale = []
    chapters = [target] if target.is_file() else sorted(target.glob("*.ipynb"))
    for chapter in chapters:
        fingerprint = edition_fingerprint(read_plain(chapter), shared, lang)
        copy = edition_folder(lang) / chapter.name
        current = read_plain(copy) if copy.exists() else None
        if (
            force
            or current is None
            or recorded_fingerprint(current) != fingerprint
            or output_faults(current)
        ):
            stale.append((chapter, fingerprint, copy))
    return stale


def orphan_copies(folder: Path, lang: str) -> list[Path]:
    """Copies whose chapter is gone."""
    copies = edition_folder(lang)
    names = {p.name for p in folder.glob("*.ipynb")} if folder.is_dir() else None
    if names is None or not copies.is_dir():
        return []
    return [p for p in sorted(copies.glob("*.ipynb")) if p.name not in names]


def validate_once() -> None:
    """Validate the data here, once: one clear error instead of one per kernel, and kernels
    (which inherit the environment) skip the schema pass for this exact content."""
    from article_evidence import evidence

    evidence.load()
    os.environ[evidence.VALIDATED_ENV] = evidence.content_digest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of notebooks, or one notebook")
    parser.add_argument("--all", action="store_true", help="execute every notebook")
    parser.add_argument(
        "--check", action="store_true", help="only list stale notebooks; exit 1 if there are any"
    )
    parser.add_argument(
        "--editions",
        nargs="*",
        default=[],
        choices=language.LANGUAGES[1:],
        help="also the copies of these editions (one pool of kernels for all)",
    )
    args = parser.parse_args(argv)
    jobs = [(path, f, None, "") for path, f in stale_notebooks(args.folder, args.all)]
    orphans = []
    for lang in args.editions:
        stale = stale_copies(args.folder, lang, args.all)
        jobs += [(c, f, copy, lang) for c, f, copy in stale]
        orphans += orphan_copies(args.folder, lang)
        if not args.check:
            bring_over_prose(args.folder, lang, {copy for _, _, copy in stale})
    if args.check:
        for path, _, _, lang in jobs:
            print(f"stale: {shown_name(path, lang)}")
        for orphan in orphans:
            print(f"orphan: {orphan.relative_to(paths.ROOT).as_posix()}")
        return 1 if jobs or orphans else 0
    for orphan in orphans:
        orphan.unlink()
        print(f"notebooks: deleted {orphan.relative_to(paths.ROOT).as_posix()} (chapter gone)")
    if not jobs:
        print("notebooks: all up to date")
        return 0
    names = ", ".join(shown_name(path, lang) for path, _, _, lang in jobs)
    print(f"notebooks: executing {len(jobs)} ({names})", flush=True)
    from article_evidence.evidence import EvidenceError

    try:
        validate_once()
        for path, _, target, lang in jobs:
            if target is not None:  # alt text: a missing translation stops here, not in a kernel
                edition_copy(read_plain(path), lang)
    except (EvidenceError, language.MissingTranslation) as error:
        print(error, file=sys.stderr, flush=True)
        return 2
    for lang in args.editions:
        edition_folder(lang).mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name in pool.map(execute, *zip(*jobs, strict=True)):
            print(f"notebooks: executed {name}", flush=True)
    return 0


def bring_over_prose(folder: Path, lang: str, stale: set[Path]) -> None:
    """The chapters' prose edits, copied into their up-to-date copies (nothing executes)."""
    chapters = [folder] if folder.is_file() else sorted(folder.glob("*.ipynb"))
    for chapter in chapters:
        copy = edition_folder(lang) / chapter.name
        if copy not in stale and copy.exists() and sync_prose(chapter, copy):
            print(f"notebooks: prose brought over to {shown_name(copy, lang)}", flush=True)


def shown_name(path: Path, lang: str) -> str:
    """A chapter by its file name; an edition's copy as <language>/<file name>."""
    return f"{lang}/{path.name}" if lang else path.name


if __name__ == "__main__":
    sys.exit(main())
