"""Every outside source is an exact page a reader can open, never an outlet's home page.

The rule lives in one place, the Table Schema pattern of the URL fields in
data/datapackage.json; the loader enforces it on the data, and these tests apply the same
pattern to every link in the pages.
"""

import json
import re
from urllib.parse import urlsplit

import nbformat
import pytest

from article_evidence import evidence, paths

URL_FIELDS = ("source_url", "alt_source_url")
LINK = re.compile(r"https?://[^\s<>\"')\]]+")
PAGES = [*sorted(paths.CHAPTERS.glob("*.ipynb")), *sorted(paths.ROOT.glob("*.md"))]


def schema_fields() -> list[tuple[str, dict]]:
    package = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    return [
        (resource["name"], field)
        for resource in package["resources"]
        for field in resource["schema"]["fields"]
        if field["name"].endswith("_url")
    ]


def exact_page() -> re.Pattern:
    patterns = {field["constraints"]["pattern"] for _, field in schema_fields()}
    assert len(patterns) == 1, f"URL fields must share one rule, found {patterns}"
    return re.compile(patterns.pop())


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost")  # the README's local server
    return parts.path in ("", "/") and not parts.query and not local


def test_every_url_field_carries_the_rule():
    fields = schema_fields()
    assert {f["name"] for _, f in fields} >= set(URL_FIELDS)
    for resource, field in fields:
        assert field.get("constraints", {}).get("pattern"), f"{resource}.{field['name']}"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.reuters.com",
        "https://www.reuters.com/",
        "http://eng.mod.gov.cn/",
        "https://www.scmp.com/?",
        "https://www.fmprc.gov.cn#top",
        "ftp://example.org/a/page",
        "javascript:alert(1)",
    ],
)
def test_the_rule_refuses_home_pages_and_other_schemes(url):
    assert not exact_page().fullmatch(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://tass.com/world/1696041",
        "https://indebta.com/?p=108592",  # a WordPress permalink: the query names the page
        "https://amp.cnn.com/cnn/2024/04/16/politics/austin-china-call",
    ],
)
def test_the_rule_accepts_exact_pages(url):
    assert exact_page().fullmatch(url)


def test_the_loader_refuses_a_home_page(scratch):
    url = "https://news.usni.org/2024/01/10/u-s-china-resume-regular-military-meetings-stalled-since-2021"
    lines = scratch.lines("context_facts")
    line = next(i for i, text in enumerate(lines, 1) if url in text)
    scratch.replace_in_line("context_facts", line, url, "https://news.usni.org/")
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    [problem] = caught.value.problems
    assert problem.path == "data/context_facts.csv" and problem.line == line
    assert "source_url" in problem.column and problem.value == "https://news.usni.org/"
    assert "an exact http(s) page" in problem.rule  # the pattern, told in words


def test_no_home_page_in_the_data():
    ev = evidence.load()
    for name, frame in ev.tables.items():
        for column in (c for c in frame.columns if c.endswith("_url")):
            homes = [u for u in frame[column].dropna() if is_home_page(u)]
            assert not homes, f"{name}.{column}: {homes}"


def page_text(path) -> str:
    if path.suffix == ".ipynb":
        cells = nbformat.read(path, as_version=4).cells
        return "\n".join(c.source for c in cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_home_page_in_the_pages(path):
    homes = [u for u in LINK.findall(page_text(path)) if is_home_page(u.rstrip(".,;"))]
    assert not homes, f"{path.name} links an outlet's home page: {homes}"


def test_copies_are_cited_via_their_site():
    facts = evidence.load().context_facts
    copies = facts.loc[facts["source_type"] == "copy"]
    assert len(copies), "the data has copies (the FT text, wire reports on other sites)"
    for row in copies.itertuples():
        assert " via " in row.source_name, f"{row.fact_id}: cite a copy as 'Outlet, date, via site'"
