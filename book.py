#!/usr/bin/env python3
"""Set up, build and test the book with nothing but Python 3.11+.

    python3 book.py build    # environment + stale notebooks executed + _build/html
    python3 book.py test     # environment + build + every test (lint, unit, nbval, browser)
    python3 book.py bench    # build-speed benchmark (not part of the tests)
    python3 book.py lock     # regenerate the hashed locks from requirements/*.in

Each environment is a virtualenv created from a hashed lock; it is rebuilt only when its lock
changes or an installed file has gone missing, so a second run starts at once.

Builds cannot half-finish: two commands in one checkout wait for each other (a lock file), and
the HTML counts as built only once it has been checked complete (every page, figure, script,
style sheet, the search index and the general index); an interrupted or failed Sphinx run makes
the next build start from scratch instead of trusting what it left behind.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import html.parser
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"  # Debian's; the browser tests drive it with Playwright
REQUIREMENTS = ROOT / "requirements"

# name -> (virtualenv folder, lock file, install this project into it?)
ENVIRONMENTS = {
    "book": (ROOT / ".venv", REQUIREMENTS / "book.lock", True),
    # matplotlib 3.10 does not shape Arabic itself: the figure tests must pass there too.
    "mpl310": (ROOT / ".venv-mpl310", REQUIREMENTS / "mpl310.lock", True),
}


def say(message: str) -> None:
    print(f"[book.py] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, check: bool = True) -> int:
    command = [str(a) for a in args]
    say("$ " + " ".join(command))
    result = subprocess.run(command, cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def python_of(env_name: str) -> Path:
    return ENVIRONMENTS[env_name][0] / "bin" / "python"


# --------------------------------------------------------------------------- one build at a time

LOCK_FILE = ROOT / ".book.lock"
_lock_depth = 0  # the lock is re-entrant within this process (test() calls build())


@contextlib.contextmanager
def checkout_lock(lock_file: Path | None = None):
    """Hold this checkout's build lock; a second build or test waits here for the first."""
    global _lock_depth
    lock_file = lock_file or LOCK_FILE
    if _lock_depth:
        _lock_depth += 1
        try:
            yield
        finally:
            _lock_depth -= 1
        return
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        fcntl = None
    with open(lock_file, "a+") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                say("another build or test is running in this checkout: waiting for it")
                fcntl.flock(handle, fcntl.LOCK_EX)
        _lock_depth = 1
        try:
            yield
        finally:
            _lock_depth = 0  # closing the file releases the lock


# --------------------------------------------------------------------------- environments

MANIFEST = ".installed-distributions.txt"  # beside the stamp: what the install left behind


def site_packages(folder: Path) -> Path | None:
    return next(iter(sorted(folder.glob("lib/python3*/site-packages"))), None)


def write_manifest(folder: Path) -> None:
    """Record the distributions just installed, so a later run can tell one has gone."""
    packages = site_packages(folder)
    names = sorted(p.name for p in packages.glob("*.dist-info")) if packages else []
    (folder / MANIFEST).write_text("".join(f"{name}\n" for name in names))


def environment_faults(folder: Path, python: Path) -> list[str]:
    """What is missing from an environment whose stamp says it is installed (stdlib only)."""
    manifest, packages = folder / MANIFEST, site_packages(folder)
    if not python.exists():
        return [f"{python.relative_to(folder)} does not run"]
    if not manifest.is_file() or packages is None:
        return [f"{MANIFEST} or site-packages is missing"]
    faults = []
    for name in manifest.read_text().split():
        record = packages / name / "RECORD"
        if not record.is_file():
            faults.append(f"{name} is no longer installed")
            continue
        for row in csv.reader(record.read_text(encoding="utf-8").splitlines()):
            installed = row[0] if row else ""
            if installed and "__pycache__" not in installed and not (packages / installed).exists():
                faults.append(f"{name}: {installed} is missing")
                break
    return faults


def ensure_environment(env_name: str) -> Path:
    """Create or refresh a virtualenv from its hashed lock; a no-op when the lock is unchanged
    and every installed file is still there."""
    folder, lock, install_project = ENVIRONMENTS[env_name]
    fingerprint = hashlib.sha256(
        lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    stamp = folder / ".installed-lock.sha256"
    with checkout_lock():
        if stamp.exists() and stamp.read_text().strip() == fingerprint:
            faults = environment_faults(folder, python_of(env_name))
            if not faults:
                return python_of(env_name)
            say(f"{folder.name} is broken ({'; '.join(faults[:3])}): rebuilding it")
        say(f"setting up {folder.name} from {lock.relative_to(ROOT)}")
        if folder.is_symlink():
            sys.exit(f"{folder} links to an environment that needs rebuilding: build there first")
        if folder.exists():
            shutil.rmtree(folder)
        venv.EnvBuilder(with_pip=True).create(folder)
        pip = [python_of(env_name), "-m", "pip", "--disable-pip-version-check", "-q"]
        run(*pip, "install", "--require-hashes", "--no-deps", "-r", lock)
        if install_project:
            run(*pip, "install", "--no-deps", "--no-build-isolation", "-e", ".")
        write_manifest(folder)
        stamp.write_text(fingerprint + "\n")
    return python_of(env_name)


# --------------------------------------------------------------------------- complete HTML

BUILD = ROOT / "_build"
COMPLETE = ".complete"  # in _build/: written only after the HTML has been checked
# What every built book has besides its pages: the search page and index, the general index.
REQUIRED = ("index.html", "search.html", "searchindex.js", "genindex.html", "objects.inv")


def begin_html_build(build_dir: Path = BUILD) -> None:
    """Before Sphinx runs: output without the completion mark (an interrupted or failed build)
    is not trusted, since an incremental build would not redo what it left out."""
    mark = build_dir / COMPLETE
    if not mark.exists() and any((build_dir / n).exists() for n in ("html", ".doctrees")):
        say("the last build did not finish: building the HTML from scratch")
        for name in ("html", ".doctrees", "jupyter_execute"):
            shutil.rmtree(build_dir / name, ignore_errors=True)
    mark.unlink(missing_ok=True)


class LocalLinks(html.parser.HTMLParser):
    """The files a page refers to: src and href attributes that are not links elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value and tag in ("a", "img", "script", "link"):
                parts = urlsplit(value)
                if not parts.scheme and not parts.netloc and parts.path:
                    self.targets.append(unquote(parts.path))


def toc_pages(root: Path = ROOT) -> list[str]:
    """The pages _toc.yml lists (root and files), as paths without suffix."""
    text = (root / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*(?:-\s*)?(?:root|file):\s*(\S+)\s*$", text, re.MULTILINE)


def html_faults(html_dir: Path, pages: list[str]) -> list[str]:
    """What a complete book lacks here: pages, required files, or anything a page refers to."""
    wanted = [*REQUIRED, *(f"{page}.html" for page in pages)]
    faults = [f"{name} is missing" for name in wanted if not (html_dir / name).is_file()]
    pages_built = [
        p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] != "_static"
    ]
    for page in sorted(pages_built):  # _static holds the theme's templates, not pages
        parser = LocalLinks()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for target in sorted(set(parser.targets)):
            path = (page.parent / target).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                faults.append(f"{page.relative_to(html_dir)} refers to missing {target}")
    return faults


def finish_html_build(build_dir: Path = BUILD, pages: list[str] | None = None) -> None:
    """After Sphinx: check the HTML is complete, then mark it so; otherwise stop."""
    faults = html_faults(build_dir / "html", toc_pages() if pages is None else pages)
    if faults:
        for fault in faults[:20]:
            say(f"incomplete book: {fault}")
        sys.exit(1)
    (build_dir / COMPLETE).write_text("the HTML in html/ was checked complete\n")


# Where the book is published from, the repository is known (GitHub Actions sets these); the
# repository, issue and launch buttons are added only then, so no build links a guessed URL.
PUBLISHING_CONFIG = """
import os, sys, yaml
config = yaml.safe_load(open("_config.yml", encoding="utf-8"))
config["repository"] = {"url": os.environ["BOOK_REPOSITORY_URL"],
                        "branch": os.environ.get("BOOK_REPOSITORY_BRANCH", "main")}
config["html"].update(use_repository_button=True, use_issues_button=True)
# Binder clones the whole repository (requirements.txt + postBuild); Colab would open a
# notebook without the package and data it needs, so it gets no button.
config["launch_buttons"].update(binderhub_url="https://mybinder.org")
yaml.safe_dump(config, open(sys.argv[1], "w", encoding="utf-8"), allow_unicode=True)
"""


def build(reexecute: bool = False) -> None:
    with checkout_lock():
        python = ensure_environment("book")
        execute = [python, "-m", "article_evidence.execution", "chapters"]
        run(*execute, *(["--all"] if reexecute else []))
        config = []
        if os.environ.get("BOOK_REPOSITORY_URL"):
            published = ROOT / "_config.published.yml"  # beside _config.yml: paths stay relative
            run(python, "-c", PUBLISHING_CONFIG, published)
            config = ["--config", published]
        begin_html_build()
        run(python.parent / "jupyter-book", "build", ".", *config, "-W", "--keep-going", "-q")
        finish_html_build()
    say(f"book built: {BUILD / 'html' / 'index.html'}")


LINTED = ["article_evidence", "tests", "chapters", "_ext", "tools", "book.py"]


def test() -> None:
    with checkout_lock():
        run_tests()


def run_tests() -> None:
    build()
    python = ensure_environment("book")
    run(python, "-m", "ruff", "check", *LINTED)
    run(python, "-m", "ruff", "format", "--check", *LINTED)
    if not Path(CHROMIUM).exists():
        say(f"browser tests will be SKIPPED: {CHROMIUM} not found (apt-get install chromium)")
    failures = 0
    failures += run(python, "-m", "pytest", "tests", "-q", "-rs", check=False) != 0
    # one worker per notebook file: a notebook's cells share a kernel and run in order
    nbval = ["--nbval", "chapters", "-n", "2", "--dist", "loadfile", "-q"]
    failures += run(python, "-m", "pytest", *nbval, check=False) != 0
    old_mpl = ensure_environment("mpl310")
    failures += run(old_mpl, "-m", "pytest", "tests/test_figure_text.py", "-q", check=False) != 0
    if failures:
        say(f"{failures} test stage(s) failed")
        sys.exit(1)
    say("all test stages passed")


def lock() -> None:
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("book.py lock needs uv on PATH (pip install uv)")
    for source in sorted(REQUIREMENTS.glob("*.in")):
        source = source.relative_to(ROOT)  # relative: the lock's header names no machine path
        run(
            uv,
            "pip",
            "compile",
            "--quiet",
            "--python-version",
            "3.11",
            "--generate-hashes",
            "--universal",
            source,
            "-o",
            source.with_suffix(".lock"),
        )


def bench(extra: list[str]) -> None:
    python = ensure_environment("book")
    run(python, ROOT / "tools" / "benchmark.py", *extra)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["build", "test", "bench", "lock"])
    parser.add_argument(
        "--reexecute",
        action="store_true",
        help="build: execute every notebook, not only the stale ones",
    )
    args, extra = parser.parse_known_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.command == "build":
        build(reexecute=args.reexecute)
    elif args.command == "test":
        test()
    elif args.command == "bench":
        bench(extra)
    else:
        lock()


if __name__ == "__main__":
    main()
