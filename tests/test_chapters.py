"""Every chapter follows the book's conventions: traceable prose, marked Arabic, captioned
figures, a stated purpose and a summary."""

import re

import nbformat
import pytest

from article_evidence import evidence, paths

NOTEBOOKS = sorted(paths.CHAPTERS.glob("*.ipynb"))
ARABIC = re.compile(r"[\u0600-\u06FF]")
MARKED_INLINE = re.compile(r"\[[^\]]*\]\{\.ar\}")
MARKED_BLOCK = re.compile(r"^:::\{container\} ar\n.*?^:::$", re.M | re.S)
CONTEXT_CITATION = re.compile(r"context:\s*\[[^\]]+\]\(([^)\s]+)\)")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
PARAGRAPH_REF = re.compile(r"\bP\d\d\b")


@pytest.fixture(scope="module")
def ev():
    return evidence.load()


def markdown(path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def known_urls(ev) -> set[str]:
    facts = ev.context_facts
    # the relay table's copies of the FT report are sources too
    return (
        set(facts["source_url"])
        | set(facts["alt_source_url"].dropna())
        | set(ev.relay["source_url"])
    )


def test_every_chapter_is_in_the_toc():
    toc = (paths.ROOT / "_toc.yml").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"chapters/{path.stem}" in toc


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_paragraph_citations_exist(path, ev):
    cited = set(PARAGRAPH_REF.findall(markdown(path)))
    assert cited, "a chapter must cite the article"
    assert cited <= set(ev.paragraphs["paragraph_id"]), cited - set(ev.paragraphs["paragraph_id"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_links_are_cited_context_sources(path, ev):
    text = markdown(path)
    urls = set(LINK.findall(text))
    unknown = urls - known_urls(ev)
    assert not unknown, f"links that are not a source_url in context_facts.csv: {unknown}"
    assert urls == set(CONTEXT_CITATION.findall(text)), "every link is a (context: …) citation"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_arabic_in_prose_is_marked(path):
    text = MARKED_BLOCK.sub("", MARKED_INLINE.sub("", markdown(path)))
    stray = [line for line in text.splitlines() if ARABIC.search(line)]
    assert not stray, f"unmarked Arabic (use [..]{{.ar}}): {stray}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_purpose_and_ends_with_summary(path):
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert len(cells[0].source.splitlines()) > 2, "the title is followed by what it shows"
    assert "## Summary" in cells[-1].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_plumbing_is_removed_and_the_rest_hidden(path):
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert "remove-cell" in code[0].metadata.get("tags", [])
    for cell in code[1:]:
        tags = cell.metadata.get("tags", [])
        assert {"hide-input", "remove-input", "remove-cell"} & set(tags), cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_figures_have_caption_name_and_alt(path):
    for cell in nbformat.read(path, as_version=4).cells:
        has_image = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if not has_image:
            continue
        options = cell.metadata.get("mystnb", {})
        assert options.get("figure", {}).get("caption"), cell.source
        assert options.get("figure", {}).get("name", "").startswith("fig-"), cell.source
        alt = options.get("image", {}).get("alt", "")
        assert len(alt) > 40 and ".png" not in alt, cell.source
