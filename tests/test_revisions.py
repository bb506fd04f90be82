"""The cite-and-reuse page lists what each edition corrects, starting with the current one."""

import re

from article_evidence import paths


def citation_version() -> str:
    text = (paths.ROOT / "CITATION.cff").read_text(encoding="utf-8")
    return re.search(r'^version: "([^"]+)"', text, re.M).group(1)


def revision_headings() -> list[str]:
    reuse = (paths.ROOT / "reuse.md").read_text(encoding="utf-8")
    section = reuse.split("## Revisions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^### (\S+)", section, re.M)


def test_the_current_edition_is_the_first_revision():
    assert revision_headings()[0] == citation_version()


def test_the_citation_text_names_the_current_edition():
    reuse = (paths.ROOT / "reuse.md").read_text(encoding="utf-8")
    assert f"version {citation_version()}." in reuse
    pyproject = (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{citation_version()}"' in pyproject


def test_editions_are_listed_newest_first():
    versions = [tuple(map(int, v.split("."))) for v in revision_headings()]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
