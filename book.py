#!/usr/bin/env python3
"""Set up, build and test the book with nothing but Python 3.11+.

    python3 book.py build            # environment + stale notebooks executed + _build/html
    python3 book.py test             # environment + build + every test stage
    python3 book.py test --quick     # the edit loop: no browser, freshness or matplotlib 3.10
    python3 book.py test -- -k dates # arguments after -- go to the main pytest stage
    python3 book.py lab              # JupyterLab on the chapters, in the book's environment
    python3 book.py links            # check every outside URL in the data (needs network)
    python3 book.py bench            # build-speed benchmark (not part of the tests)
    python3 book.py lock             # regenerate the hashed locks from requirements/*.in

Each environment is a virtualenv created from a hashed lock; it is rebuilt only when its lock
changes, so a second run starts at once. The first set-up downloads and installs a few hundred
MB and takes minutes; uv is used when it is on PATH, pip otherwise, from the same lock.
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
import hashlib
import os
import shutil
import subprocess
import time
import venv
from pathlib import Path

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


def ensure_environment(env_name: str) -> Path:
    """Create or refresh a virtualenv from its hashed lock; a no-op when the lock is unchanged."""
    folder, lock, install_project = ENVIRONMENTS[env_name]
    fingerprint = hashlib.sha256(
        lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    stamp = folder / ".installed-lock.sha256"
    if stamp.exists() and stamp.read_text().strip() == fingerprint:
        return python_of(env_name)
    packages = sum(1 for line in lock.read_text().splitlines() if "==" in line)
    say(
        f"setting up {folder.name}: {packages} packages from {lock.relative_to(ROOT)} with "
        f"{installer()}; the first set-up downloads them and takes a few minutes"
    )
    started = time.monotonic()
    if folder.exists():
        shutil.rmtree(folder)
    venv.EnvBuilder(with_pip=installer() == "pip").create(folder)
    for command in install_commands(python_of(env_name), lock, install_project):
        run(*command)
    stamp.write_text(fingerprint + "\n")
    say(f"{folder.name} ready in {time.monotonic() - started:.0f} s")
    return python_of(env_name)


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
    python = ensure_environment("book")
    execute = [python, "-m", "article_evidence.execution", "chapters"]
    run(*execute, *(["--all"] if reexecute else []))
    config = []
    if os.environ.get("BOOK_REPOSITORY_URL"):
        published = ROOT / "_config.published.yml"  # beside _config.yml: paths stay relative
        run(python, "-c", PUBLISHING_CONFIG, published)
        config = ["--config", published]
    run(python.parent / "jupyter-book", "build", ".", *config, "-W", "--keep-going", "-q")
    say(f"book built: {ROOT / '_build' / 'html' / 'index.html'}")


def build_published(python: Path, url: str = "https://github.com/OWNER/REPOSITORY") -> Path:
    """The book as the Pages workflow publishes it (repository and launch buttons), built into
    _build/published so the browser tests can run on it too. The URL is a placeholder: no test
    follows it (the browser tests block every outside request)."""
    published = ROOT / "_config.published.yml"
    env = dict(os.environ, BOOK_REPOSITORY_URL=url)
    run(python, "-c", PUBLISHING_CONFIG, published, env=env)
    output = ROOT / "_build" / "published"
    if output.exists():  # built from scratch: an incremental build misses _static/ edits
        shutil.rmtree(output)
    jupyter_book = python.parent / "jupyter-book"
    run(jupyter_book, "build", ".", "--config", published, "--path-output", output, "-W", "-q")
    return output / "_build" / "html"


LINTED = ["article_evidence", "tests", "chapters", "_ext", "tools", "book.py"]

# Left out of `test --quick`: the browser (book and JupyterLab), freshness (re-executes
# notebooks in copies) and the matplotlib 3.10 stage. The README gives the measured times.
SLOW_TESTS = ["tests/test_browser.py", "tests/test_jupyterlab.py", "tests/test_freshness.py"]


def test(quick: bool = False, pytest_args: list[str] | None = None) -> None:
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
    # one worker per notebook file: a notebook's cells share a kernel and run in order
    nbval = [python, "-m", "pytest", "--nbval", "chapters", "-n", "2", "--dist", "loadfile", "-q"]
    stages.append(("nbval", nbval, None))
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
    commands.add_parser("lock", help="regenerate requirements/*.lock (needs uv)")
    return parser.parse_args(argv)


def main() -> None:
    args = parse_arguments()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.command == "build":
        build(reexecute=args.reexecute)
    elif args.command == "test":
        test(quick=args.quick, pytest_args=args.pytest_args)
    elif args.command == "lab":
        lab(sources=args.sources, port=args.port)
    elif args.command == "links":
        links(args.link_args)
    elif args.command == "bench":
        bench(args.bench_args)
    else:
        lock()


if __name__ == "__main__":
    main()
