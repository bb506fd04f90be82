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
