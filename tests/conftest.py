"""Shared fixtures: a scratch copy of the data and the article that a test may break."""

import shutil
from pathlib import Path

import pytest

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
