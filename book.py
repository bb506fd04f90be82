#!/usr/bin/env python3
"""Set up, build and test the book with nothing but Python 3.11+.

    python3 book.py build    # environment + stale notebooks executed + _build/html
    python3 book.py test     # environment + build + every test (lint, unit, nbval, browser)
    python3 book.py bench    # build-speed benchmark (not part of the tests)
    python3 book.py lock     # regenerate the hashed locks from requirements/*.in

Each environment is a virtualenv created from a hashed lock; it is rebuilt only when its lock
changes, so a second run starts at once.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
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


def ensure_environment(env_name: str) -> Path:
    """Create or refresh a virtualenv from its hashed lock; a no-op when the lock is unchanged."""
    folder, lock, install_project = ENVIRONMENTS[env_name]
    fingerprint = hashlib.sha256(
        lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    stamp = folder / ".installed-lock.sha256"
    if stamp.exists() and stamp.read_text().strip() == fingerprint:
        return python_of(env_name)
    say(f"setting up {folder.name} from {lock.relative_to(ROOT)}")
    if folder.exists():
        shutil.rmtree(folder)
    venv.EnvBuilder(with_pip=True).create(folder)
    pip = [python_of(env_name), "-m", "pip", "--disable-pip-version-check", "-q"]
    run(*pip, "install", "--require-hashes", "--no-deps", "-r", lock)
    if install_project:
        run(*pip, "install", "--no-deps", "--no-build-isolation", "-e", ".")
    stamp.write_text(fingerprint + "\n")
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


LINTED = ["article_evidence", "tests", "chapters", "_ext", "tools", "book.py"]


def test() -> None:
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
