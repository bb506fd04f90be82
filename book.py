#!/usr/bin/env python3
"""Set up, build and test the book with nothing but Python 3.11+.

    python3 book.py build            # environment + stale notebooks executed + both editions:
                                     # _build/html (English) and _build/html/ar (Arabic)
    python3 book.py test             # environment + build + every test stage
    python3 book.py test --quick     # the edit loop: no browser, freshness or matplotlib 3.10
    python3 book.py test -- -k dates # arguments after -- go to the main pytest stage
    python3 book.py lab              # JupyterLab on the chapters, in the book's environment
    python3 book.py links            # check every outside URL in the data (needs network)
    python3 book.py bench            # build-speed benchmark (not part of the tests)
    python3 book.py translations     # update the Arabic catalogues after an English edit
    python3 book.py lock             # regenerate the hashed locks from requirements/*.in

Each environment is a virtualenv created from a hashed lock; it is rebuilt only when its lock
changes or an installed file has gone missing, so a second run starts at once. The first
set-up downloads and installs a few hundred MB and takes minutes; uv is used when it is on
PATH, pip otherwise, from the same lock.

Builds cannot half-finish: two commands in one checkout wait for each other (a lock file), and
the HTML counts as built only once it has been checked complete (every page, figure, script,
style sheet, the search index and the general index); an interrupted or failed Sphinx run makes
the next build start from scratch instead of trusting what it left behind.
"""

from __future__ import annotations

import sys

MINIMUM_PYTHON = (3, 11)
if sys.version_info < MINIMUM_PYTHON:  # first, before anything that needs a newer Python
    sys.exit(
        f"book.py needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer; "
        f"this is {sys.version.split()[0]} ({sys.executable})"
    )

import argparse
import contextlib
import csv
import hashlib
import html.parser
import os
import re
import shutil
import subprocess
import time
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
    shown = [a if "\n" not in a else "<script>" for a in command]  # the config writers' -c
    say("$ " + " ".join(shown))
    result = subprocess.run(command, cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def python_of(env_name: str) -> Path:
    return ENVIRONMENTS[env_name][0] / "bin" / "python"


def installer() -> str:
    """uv when it is on PATH (much faster), pip otherwise; both install the same hashed lock."""
    return "uv" if shutil.which("uv") else "pip"


def install_commands(python: Path, lock: Path, install_project: bool) -> list[list[str | Path]]:
    """The commands that fill a fresh virtualenv from ``lock`` (and install this project)."""
    if installer() == "uv":
        base: list[str | Path] = [shutil.which("uv") or "uv", "pip", "install", "--python", python]
    else:
        base = [python, "-m", "pip", "--disable-pip-version-check", "install"]
        base += ["--progress-bar", "on"]
    commands = [[*base, "--require-hashes", "--no-deps", "-r", lock]]
    if install_project:
        commands.append([*base, "--no-deps", "--no-build-isolation", "-e", "."])
    return commands


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
        packages = sum(1 for line in lock.read_text().splitlines() if "==" in line)
        say(
            f"setting up {folder.name}: {packages} packages from {lock.relative_to(ROOT)} with "
            f"{installer()}; the first set-up downloads them and takes a few minutes"
        )
        started = time.monotonic()
        if folder.is_symlink():
            sys.exit(f"{folder} links to an environment that needs rebuilding: build there first")
        if folder.exists():
            shutil.rmtree(folder)
        venv.EnvBuilder(with_pip=installer() == "pip").create(folder)
        for command in install_commands(python_of(env_name), lock, install_project):
            run(*command)
        write_manifest(folder)
        stamp.write_text(fingerprint + "\n")
        say(f"{folder.name} ready in {time.monotonic() - started:.0f} s")
    return python_of(env_name)


# --------------------------------------------------------------------------- complete HTML

BUILD = ROOT / "_build"
# The editions beside the English one, each built into _build/html/<language>/ from the same
# sources: its config is _config.yml merged with editions/<language>/config.yml.
EDITIONS = ("ar",)
COMPLETE = ".complete"  # in _build/: written only after the HTML has been checked
# What every built book has besides its pages: the search page and index, the general index.
REQUIRED = ("index.html", "search.html", "searchindex.js", "genindex.html", "objects.inv")


def begin_html_build(build_dir: Path = BUILD) -> None:
    """Before Sphinx runs: output without the completion mark (an interrupted or failed build)
    is not trusted, since an incremental build would not redo what it left out."""
    mark = build_dir / COMPLETE
    if not mark.exists() and any((build_dir / n).exists() for n in ("html", ".doctrees")):
        say("the last build did not finish: building the HTML from scratch")
        for name in ("html", ".doctrees", "jupyter_execute", "editions"):
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
    for page in sorted(pages_in(html_dir)):
        parser = LocalLinks()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for target in sorted(set(parser.targets)):
            path = (page.parent / target).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                faults.append(f"{page.relative_to(html_dir)} refers to missing {target}")
    return faults


# What must be the same in every edition of a page: the things a reader counts and cites.
COUNTED = {"figures": re.compile(r"<figure\b"), "tables": re.compile(r"<table\b")}


def edition_faults(html_dir: Path, language: str, pages: list[str]) -> list[str]:
    """Where an edition differs from the English in pages, figures or tables, page by page."""
    faults = []
    english_pages = {p.relative_to(html_dir).as_posix() for p in pages_in(html_dir)}
    edition_dir = html_dir / language
    edition_pages = {p.relative_to(edition_dir).as_posix() for p in pages_in(edition_dir)}
    for page in sorted(english_pages ^ edition_pages):
        where = "English" if page in english_pages else language
        faults.append(f"{page} is only in the {where} edition")
    for page in pages:
        english = (html_dir / f"{page}.html").read_text(encoding="utf-8")
        edition = (edition_dir / f"{page}.html").read_text(encoding="utf-8")
        for what, pattern in COUNTED.items():
            ours, theirs = len(pattern.findall(english)), len(pattern.findall(edition))
            if ours != theirs:
                faults.append(f"{language}/{page}.html has {theirs} {what}, the English {ours}")
    return faults


def pages_in(html_dir: Path) -> list[Path]:
    """The pages of one built edition: not the theme's templates in _static, and not another
    edition's pages in its own folder."""
    skipped = ("_static", *EDITIONS)
    return [p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] not in skipped]


def finish_html_build(
    build_dir: Path = BUILD, pages: list[str] | None = None, editions=EDITIONS
) -> None:
    """After Sphinx: check the HTML is complete, every edition has the English pages, figures
    and tables, then mark it so; otherwise stop."""
    pages = toc_pages() if pages is None else pages
    faults = html_faults(build_dir / "html", pages)
    for language in editions:
        faults += [f"{language}/{f}" for f in html_faults(build_dir / "html" / language, pages)]
        if not faults:
            faults += edition_faults(build_dir / "html", language, pages)
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


EDITION_CONFIG = """
import sys, yaml
base, overlay, language, output = sys.argv[1:5]

def merge(into, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value

config = yaml.safe_load(open(base, encoding="utf-8"))
merge(config, yaml.safe_load(open(overlay, encoding="utf-8")))
merge(config, {"sphinx": {"config": {"edition_language": language,
                                     "edition_sources": f"editions/{language}"}}})
yaml.safe_dump(config, open(output, "w", encoding="utf-8"), allow_unicode=True)
"""
CATALOGUE_STAMP = BUILD / ".catalogues-checked"


def edition_config(python: Path, base: Path, language: str) -> Path:
    """The edition's config file, beside _config.yml so that its paths stay relative."""
    output = base.with_name(f"{base.stem}.{language}.yml")
    overlay = ROOT / "editions" / language / "config.yml"
    run(python, "-c", EDITION_CONFIG, base, overlay, language, output)
    return output


def catalogue_inputs_digest() -> str:
    """Everything the catalogue check reads: catalogues, code, chapters' code, data."""
    digest = hashlib.sha256()
    roots = [ROOT / "locales", ROOT / "article_evidence", ROOT / "chapters", ROOT / "data"]
    for path in sorted(p for root in roots for p in root.rglob("*") if p.is_file()):
        if path.suffix in (".po", ".py", ".ipynb", ".csv", ".json"):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def check_catalogues(python: Path) -> None:
    """Every message of the code and data catalogues translated, none fuzzy, markup and
    glossary kept (the pages' messages are checked by Sphinx as it builds each edition).
    Skipped when nothing it reads has changed since it last passed."""
    digest = catalogue_inputs_digest()
    if CATALOGUE_STAMP.exists() and CATALOGUE_STAMP.read_text() == digest:
        return
    run(python, "-m", "article_evidence.catalogues", "check", "--without-pages")
    BUILD.mkdir(exist_ok=True)
    CATALOGUE_STAMP.write_text(digest)


def sphinx_builds(commands: list[list[str | Path]]) -> None:
    """Run the editions' Sphinx builds side by side (they share sources, not outputs)."""
    say("building " + ", ".join(f"{name}" for name, *_ in commands))
    running = [(name, subprocess.Popen([str(a) for a in cmd])) for name, *cmd in commands]
    failed = [name for name, process in running if process.wait() != 0]
    if failed:
        sys.exit(f"build failed: {', '.join(failed)}")


def edition_output(output: Path, html_dir: Path, language: str) -> Path:
    """Where jupyter-book builds an edition (it always writes to <path>/_build/html): a folder
    whose _build/html links to <html_dir>/<language>, so the HTML lands in place, uncopied."""
    target = html_dir / language
    target.mkdir(parents=True, exist_ok=True)
    folder = output / "editions" / language
    link = folder / "_build" / "html"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        if link.is_symlink() and link.resolve() == target.resolve():
            return folder
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        else:
            link.unlink()
    link.symlink_to(os.path.relpath(target, link.parent), target_is_directory=True)
    return folder


# --english-only builds beside the book, not over it: its pages link no other edition, and the
# two builds keep their own incremental state (switching between them rewrites nothing).
ENGLISH_ONLY = BUILD / "english-only"


def build(reexecute: bool = False, english_only: bool = False) -> None:
    with checkout_lock():
        python = ensure_environment("book")
        editions = () if english_only else EDITIONS
        if editions:
            check_catalogues(python)
        execute = [python, "-m", "article_evidence.execution", "chapters", "--editions", *editions]
        run(*execute, *(["--all"] if reexecute else []))
        base = ROOT / "_config.yml"
        if os.environ.get("BOOK_REPOSITORY_URL"):
            base = ROOT / "_config.published.yml"  # beside _config.yml: paths stay relative
            run(python, "-c", PUBLISHING_CONFIG, base)
        output = ENGLISH_ONLY if english_only else BUILD
        build_dir = output / "_build" if english_only else BUILD
        begin_html_build(build_dir)
        build_editions(python, base, output, editions, ["--keep-going"])
        finish_html_build(build_dir, editions=editions)
    say(f"book built: {build_dir / 'html' / 'index.html'}")


def build_editions(python: Path, base: Path, output: Path, editions, options: list[str]) -> None:
    """English into output/html, each edition into output/html/<language>."""
    # The editions this build publishes: pages link only these (_ext/rtl_layout.py).
    os.environ["BOOK_EDITIONS"] = ",".join(["en", *editions])
    jupyter_book = python.parent / "jupyter-book"
    english = ["English", jupyter_book, "build", ".", "--config", base, "-W", "-q", *options]
    if output != BUILD:
        english += ["--path-output", output]
    commands = [english]
    html_dir = output / "html" if output == BUILD else output / "_build" / "html"
    for language in editions:
        config = edition_config(python, base, language)
        built = edition_output(output, html_dir, language)
        commands.append(
            [language, jupyter_book, "build", ".", "--config", config, "--path-output", built]
            + ["-W", "-q", *options]
        )
    sphinx_builds(commands)


def build_published(python: Path, url: str = "https://github.com/OWNER/REPOSITORY") -> Path:
    """The book as the Pages workflow publishes it (repository and launch buttons, both
    editions), built into _build/published so the browser tests can run on it too. The URL is
    a placeholder: no test follows it (the browser tests block every outside request)."""
    published = ROOT / "_config.published.yml"
    env = dict(os.environ, BOOK_REPOSITORY_URL=url)
    run(python, "-c", PUBLISHING_CONFIG, published, env=env)
    output = ROOT / "_build" / "published"
    if output.exists():  # built from scratch: an incremental build misses _static/ edits
        shutil.rmtree(output)
    build_editions(python, published, output, EDITIONS, [])
    return output / "_build" / "html"


LINTED = ["article_evidence", "tests", "chapters", "_ext", "tools", "book.py"]

# Left out of `test --quick`: the browser (book and JupyterLab), freshness (re-executes
# notebooks in copies) and the matplotlib 3.10 stage. The README gives the measured times.
SLOW_TESTS = ["tests/test_browser.py", "tests/test_jupyterlab.py", "tests/test_freshness.py"]


def test(quick: bool = False, pytest_args: list[str] | None = None) -> None:
    with checkout_lock():
        run_tests(quick, pytest_args)


def run_tests(quick: bool = False, pytest_args: list[str] | None = None) -> None:
    started = time.monotonic()
    build()
    python = ensure_environment("book")
    stages: list[tuple[str, list[str | Path], dict[str, str] | None]] = [
        ("lint", [python, "-m", "ruff", "check", *LINTED], None),
        ("format", [python, "-m", "ruff", "format", "--check", *LINTED], None),
    ]
    skipped = [f"--ignore={path}" for path in SLOW_TESTS] if quick else []
    unit = [python, "-m", "pytest", "tests", "-q", "-rs", *skipped, *(pytest_args or [])]
    stages.append(("unit, data, chapters" + ("" if quick else ", freshness, browser"), unit, None))
    # one worker per notebook file: a notebook's cells share a kernel and run in order; the
    # editions' copies set their own language in their first cell
    notebooks = ["chapters", *(f"editions/{language}/chapters" for language in EDITIONS)]
    nbval = [python, "-m", "pytest", "--nbval", *notebooks, "-n", "2", "--dist", "loadfile", "-q"]
    stages.append(("nbval, both editions", nbval, None))
    if not quick:
        if not Path(CHROMIUM).exists():
            say(f"browser tests will be SKIPPED: {CHROMIUM} not found (apt-get install chromium)")
        old_mpl = ensure_environment("mpl310")
        figures = [old_mpl, "-m", "pytest", "tests/test_figure_text.py", "-q"]
        stages.append(("figures on matplotlib 3.10", figures, None))
        published = build_published(python)
        browser = [python, "-m", "pytest", "tests/test_browser.py", "-q", "-rs"]
        env = dict(os.environ, BOOK_HTML=str(published), BOOK_ARTIFACTS="published")
        stages.append(("browser, published configuration", browser, env))
    failed = []
    for number, (name, command, env) in enumerate(stages, start=1):
        say(f"stage {number}/{len(stages)}: {name}")
        if run(*command, env=env, check=False) != 0:
            failed.append(name)
    elapsed = time.monotonic() - started
    mode = "quick " if quick else ""
    if failed:
        say(f"{len(failed)} {mode}test stage(s) failed: {', '.join(failed)} ({elapsed:.0f} s)")
        sys.exit(1)
    say(f"all {len(stages)} {mode}test stages passed in {elapsed:.0f} s")


# Locks in dependency order: the book's environment is resolved first; the Binder environment
# (notebooks) and the nbval add-on for its CI check are resolved within it, so a package has
# the same version in every environment.
LOCKS = [("book", []), ("notebooks", ["book"]), ("nbval", ["book"]), ("mpl310", [])]


def lock() -> None:
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("book.py lock needs uv on PATH (pip install uv)")
    for name, constraints in LOCKS:
        source = (REQUIREMENTS / f"{name}.in").relative_to(ROOT)  # the header names no machine path
        within = [arg for c in constraints for arg in ("-c", source.with_name(f"{c}.lock"))]
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
            *within,
            "-o",
            source.with_suffix(".lock"),
        )


def lab(sources: bool, port: int) -> None:
    """JupyterLab on the chapters, in the book's environment (its kernel imports the package).

    The chapters are written in MyST for the book; Jupyter gets a copy in _build/jupyter with
    the prose rendered for it (article_evidence.jupyter). A copy the reader has changed since it
    was written is kept. --sources opens chapters/ itself, MyST and all, for authors.
    """
    python = ensure_environment("book")
    if sources:
        folder = ROOT
    else:
        folder = ROOT / "_build" / "jupyter"
        run(python, "-m", "article_evidence.jupyter", folder, "--keep-changed")
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")  # the environment's kernel comes first
    options = lab_options(folder, port)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers; JupyterLab refuses otherwise
        options.append("--ServerApp.allow_root=True")
    say("JupyterLab stops with Ctrl+C (twice)")
    run(python, "-m", "jupyterlab", *options, env=env, check=False)


def translations() -> None:
    """Bring the Arabic edition's catalogues in line with the English: new messages empty,
    changed ones fuzzy with the old translation as a suggestion."""
    python = ensure_environment("book")
    run(python, "-m", "article_evidence.catalogues", "update")
    run(python, "-m", "article_evidence.catalogues", "check", check=False)


def lab_options(folder: Path, port: int) -> list[str]:
    """Local-only JupyterLab: 127.0.0.1, no news or update checks (they would go online)."""
    return [
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]


def links(extra: list[str]) -> None:
    """Every outside URL in the data, checked over the network (never part of build or test).
    The checker needs only the standard library: no environment is set up for it."""
    run(sys.executable, ROOT / "tools" / "check_links.py", *extra)


def bench(extra: list[str]) -> None:
    python = ensure_environment("book")
    run(python, ROOT / "tools" / "benchmark.py", *extra)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="book.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = commands.add_parser("build", help="set up, execute stale notebooks, build")
    build_parser.add_argument(
        "--reexecute", action="store_true", help="execute every notebook, not only the stale ones"
    )
    build_parser.add_argument(
        "--english-only", action="store_true", help="only the English edition (the edit loop)"
    )
    test_parser = commands.add_parser("test", help="build, then every test stage")
    test_parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the browser, freshness and matplotlib 3.10 stages (the edit loop)",
    )
    test_parser.add_argument(
        "pytest_args",
        nargs="*",
        metavar="-- PYTEST_ARGS",
        help="after --: passed on to the main pytest stage (e.g. -- -k dates -x)",
    )
    lab_parser = commands.add_parser("lab", help="JupyterLab on the chapters")
    lab_parser.add_argument(
        "--sources", action="store_true", help="open the MyST sources in chapters/ instead"
    )
    lab_parser.add_argument("--port", type=int, default=8888, help="default: 8888")
    links_parser = commands.add_parser("links", help="check the data's outside URLs (network)")
    links_parser.add_argument("link_args", nargs="*", metavar="-- ARGS", help="after --: options")
    bench_parser = commands.add_parser("bench", help="build-speed benchmark")
    bench_parser.add_argument("bench_args", nargs="*", metavar="-- ARGS", help="after --: options")
    commands.add_parser("translations", help="update the Arabic catalogues from the English")
    commands.add_parser("lock", help="regenerate requirements/*.lock (needs uv)")
    return parser.parse_args(argv)


def main() -> None:
    args = parse_arguments()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.command == "build":
        build(reexecute=args.reexecute, english_only=args.english_only)
    elif args.command == "test":
        test(quick=args.quick, pytest_args=args.pytest_args)
    elif args.command == "lab":
        lab(sources=args.sources, port=args.port)
    elif args.command == "links":
        links(args.link_args)
    elif args.command == "bench":
        bench(args.bench_args)
    elif args.command == "translations":
        translations()
    else:
        lock()


if __name__ == "__main__":
    main()
