"""The local Sphinx extension _ext/arabic_markup.py, through one real jupyter-book build."""

import importlib.util
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")

CONFIG = """\
title: Scratch book
author: Tests
only_build_toc_files: true
execute:
  execute_notebooks: "off"
parse:
  myst_enable_extensions: [attrs_inline, colon_fence]
launch_buttons:
  thebe: false
sphinx:
  local_extensions:
    arabic_markup: _ext
  config:
    language: en
"""

PAGE = """\
# Scratch page

The minister was defending [وزير الدِّفاع]{.ar} after the meetings.

:::{container} ar
قال إنّ اللقاء سيُعقد.
:::

```{container} ar
إلى الأمام
```

```{figure} mark.png
:alt: A square

The caption names [البنتاغون]{.ar}.
```
"""


def _load_extension():
    spec = importlib.util.spec_from_file_location("arabic_markup", ROOT / "_ext/arabic_markup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


arabic_markup = _load_extension()


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("book")
    shutil.copytree(ROOT / "_ext", book / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "_static", book / "_static")
    shutil.copytree(ROOT / "article_evidence/fonts", book / "article_evidence/fonts")
    shutil.copyfile(ROOT / "_static/favicon.png", book / "mark.png")
    (book / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (book / "index.md").write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [JUPYTER_BOOK, "build", "-W", "--keep-going", book], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return book / "_build/html"


class _ClassArTags(HTMLParser):
    """Collects the attributes of every start tag whose class list contains ``ar``."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "ar" in (attributes.get("class") or "").split():
            self.tags.append((tag, attributes))


def _search_terms(html_dir: Path) -> dict:
    text = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]


def test_every_ar_element_is_marked(html_dir):
    parser = _ClassArTags()
    parser.feed((html_dir / "index.html").read_text(encoding="utf-8"))
    assert [tag for tag, _ in parser.tags] == ["span", "div", "div", "span"]
    for _, attributes in parser.tags:
        assert (attributes.get("lang"), attributes.get("dir")) == ("ar", "rtl")


def test_figure_caption_span_is_marked(html_dir):
    page = (html_dir / "index.html").read_text(encoding="utf-8")
    assert 'names <span class="ar" dir="rtl" lang="ar">البنتاغون</span>' in page


def test_search_index_holds_normalised_arabic(html_dir):
    terms = _search_terms(html_dir)
    assert {"الدفاع", "اللقاء", "ان", "سيعقد", "الي", "الامام"} <= terms.keys()
    assert not {"الدِّفاع", "الد", "فاع", "إلى"} & terms.keys()


def test_search_index_keeps_english_stemming(html_dir):
    terms = _search_terms(html_dir)
    assert {"defend", "meet", "minist"} <= terms.keys()


def test_css_and_fonts_are_shipped(html_dir):
    page = (html_dir / "index.html").read_text(encoding="utf-8")
    assert page.count("_static/arabic.css") == 1
    fonts = html_dir / "_static/fonts"
    for name in arabic_markup.FONT_FILES:
        assert (fonts / name).stat().st_size > 1000
    assert "fonts/IBMPlexSansArabic-Regular.ttf" in (html_dir / "_static/arabic.css").read_text()


def test_inline_scripts_are_written_once(html_dir):
    page = (html_dir / "index.html").read_text(encoding="utf-8")
    assert page.count("const THEBE_JS_URL") == 1


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("الدِّفاع", "الدفاع"),
        ("وزيـــر", "وزير"),
        ("أإآٱ", "اااا"),
        ("مدرسة على", "مدرسه علي"),
        ("\ufefb", "\u0644\u0627"),  # presentation-form lam-alef ligature
        ("Défense", "Défense"),
    ],
)
def test_normalise_arabic(written, normalised):
    assert arabic_markup.normalise_arabic(written) == normalised


QUERIES = ["الدِّفاع", "الدفاع", "إلى أمريكا", "وزيـــر المدرسة", "Defending meetings", "ﻻ"]

NODE_SCRIPT = """
const fs = require("fs");
const vm = require("vm");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const stemmer = new Stemmer();
const queries = JSON.parse(process.argv[2]);
console.log(JSON.stringify(queries.map(
  (q) => splitQuery(q).map((term) => stemmer.stemWord(term.toLowerCase())))));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_query_and_index_normalise_alike(html_dir):
    """The reader's query (JavaScript) must become the terms the index (Python) holds."""
    script = html_dir / "_static/language_data.js"
    result = subprocess.run(
        ["node", "-e", NODE_SCRIPT, script, json.dumps(QUERIES)],
        capture_output=True,
        text=True,
        check=True,
    )
    language = arabic_markup.SearchEnglishArabic({})
    expected = [[language.stem(word).lower() for word in language.split(q)] for q in QUERIES]
    assert json.loads(result.stdout) == expected
    assert expected[0] == expected[1] == ["الدفاع"]
