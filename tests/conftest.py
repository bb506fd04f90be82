"""Shared fixtures: scratch copies of the data, the article and the repository that a test may
break, and a chapter fingerprinted as after an execution."""

import shutil
from pathlib import Path

import pytest
from script_support import load_tool

from article_evidence import paths


class Scratch:
    """A copy of data/ and seeds/ with helpers to edit one CSV line the way a person would."""

    def __init__(self, root: Path):
        self.data = root / "data"
        self.seeds = root / "seeds"
        shutil.copytree(paths.DATA, self.data)
        shutil.copytree(paths.SEEDS, self.seeds)
        self.article = self.seeds / paths.ARTICLE.name

    def lines(self, table: str) -> list[str]:
        return (self.data / f"{table}.csv").read_text(encoding="utf-8").split("\n")

    def write_lines(self, table: str, lines: list[str]) -> None:
        (self.data / f"{table}.csv").write_text("\n".join(lines), encoding="utf-8")

    def replace_in_line(self, table: str, line: int, old: str, new: str) -> None:
        lines = self.lines(table)
        assert old in lines[line - 1], f"{old!r} not on line {line} of {table}.csv"
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        self.write_lines(table, lines)


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, shared by every browser test of the session.

    A missing browser skips the test, except on CI (CI=true), where it fails.
    """
    from browser_support import CHROMIUM, CHROMIUM_ARGS, in_ci  # only browser tests need them
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (apt-get install chromium)"
        if in_ci():
            pytest.fail(f"browser tests cannot run on CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (--user-data-dir).
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def scratch_repo(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the repository's files, which execution's paths point at."""
    copy = load_tool("bookcopy").copy_files(tmp_path / "book")
    monkeypatch.setattr(paths, "ROOT", copy)
    monkeypatch.setattr(paths, "DATA", copy / "data")
    monkeypatch.setattr(paths, "SEEDS", copy / "seeds")
    return copy


@pytest.fixture
def fresh_notebook(scratch_repo: Path) -> Path:
    """A chapter in a copy of the repository, fingerprinted as after an execution."""
    import nbformat  # not in the matplotlib 3.10 environment, which loads this file too

    from article_evidence import execution

    path = load_tool("bookcopy").notebooks(scratch_repo)[0]
    content = nbformat.read(path, as_version=4)
    fingerprint = execution.notebook_fingerprint(content, execution.shared_fingerprint())
    content.metadata[execution.METADATA_KEY] = {"inputs_sha256": fingerprint}
    nbformat.write(content, path)
    return path
