"""The local Sphinx extension _ext/rtl_layout.py (and the language classes of arabic_markup.py),
through two real jupyter-book builds of a scratch book: English, and Arabic in ar/."""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")

CONFIG = """\
title: Scratch book
author: Tests
only_build_toc_files: true
exclude_patterns: [locales]
execute:
  execute_notebooks: "off"
parse:
  myst_enable_extensions: [attrs_inline, colon_fence]
launch_buttons:
  thebe: false
sphinx:
  local_extensions:
    arabic_markup: _ext
    rtl_layout: _ext
  config:
    language: {language}
    locale_dirs: [locales]
    html_show_sourcelink: false
"""

PAGE = """\
# Scratch page

قال المقال [إن اللقاء تم]{.ar} (P07) وذكر [the Financial Times]{.en} في الخبر.

See <https://example.org/page> and [a named link](https://example.org/other).

```python
x = "P07"
```
"""

OTHER = "# Second page\n\nنص ثان (P09, P10).\n\n## A section\n\nنص ثالث.\n"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / f"_ext/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rtl_layout = _load("rtl_layout")


def _build(book: Path, language: str, output: Path) -> None:
    (book / "_config.yml").write_text(CONFIG.format(language=language), encoding="utf-8")
    result = subprocess.run(
        [JUPYTER_BOOK, "build", "-W", "--keep-going", book, "--path-output", output],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The published layout: the English edition at the root, the Arabic one in ar/."""
    book = tmp_path_factory.mktemp("book")
    shutil.copytree(ROOT / "_ext", book / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "_static", book / "_static")
    shutil.copytree(ROOT / "article_evidence/fonts", book / "article_evidence/fonts")
    catalogue = book / "locales/ar/LC_MESSAGES"
    catalogue.mkdir(parents=True)
    shutil.copyfile(ROOT / "locales/ar/LC_MESSAGES/sphinx.po", catalogue / "sphinx.po")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: part/other\n", encoding="utf-8"
    )
    (book / "index.md").write_text(PAGE, encoding="utf-8")
    (book / "part").mkdir()
    (book / "part/other.md").write_text(OTHER, encoding="utf-8")
    english, arabic = tmp_path_factory.mktemp("en"), tmp_path_factory.mktemp("ar")
    _build(book, "en", english)
    _build(book, "ar", arabic)
    site = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(english / "_build/html", site)
    shutil.copytree(arabic / "_build/html", site / "ar")
    return site


def _html_tag(page: str) -> str:
    return re.search(r"<html\b[^>]*>", page).group(0)


def _alternates(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page))


def test_english_pages_stay_left_to_right(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in _html_tag(page) and "dir=" not in _html_tag(page)
    assert "rtl.css" not in page
    assert 'class="ltr"' not in page  # Latin runs are isolated in right-to-left editions only


def test_arabic_pages_are_right_to_left(site):
    for name in ("index.html", "part/other.html", "search.html", "genindex.html"):
        tag = _html_tag((site / "ar" / name).read_text(encoding="utf-8"))
        assert 'lang="ar"' in tag and tag.count('dir="rtl"') == 1, (name, tag)
    page = (site / "ar/index.html").read_text(encoding="utf-8")
    assert page.count("_static/rtl.css") == 1


@pytest.mark.parametrize("edition", ["", "ar/"])
def test_language_classes_write_lang_and_dir(site, edition):
    page = (site / edition / "index.html").read_text(encoding="utf-8")
    assert '<span class="ar" dir="rtl" lang="ar">إن اللقاء تم</span>' in page
    assert '<span class="en" dir="ltr" lang="en">the Financial Times</span>' in page


def test_latin_runs_are_isolated_in_arabic(site):
    page = (site / "ar/index.html").read_text(encoding="utf-8")
    other = (site / "ar/part/other.html").read_text(encoding="utf-8")
    assert '(<span class="ltr" dir="ltr">P07</span>)' in page
    assert '(<span class="ltr" dir="ltr">P09, P10</span>)' in other
    # a link whose text is a URL is left to right as a whole; code and {.en} are left alone
    assert re.search(
        r'<a class="[^"]*\bltr\b[^"]*" dir="ltr" href="https://example.org/page"', page
    )
    assert '<span class="s2">"P07"</span>' in page
    assert 'lang="en">the Financial Times</span>' in page
    assert '<span class="ltr" dir="ltr">the Financial Times' not in page


@pytest.mark.parametrize(
    ("edition", "page", "alternates"),
    [
        ("", "index.html", {"en": "index.html", "ar": "ar/index.html"}),
        ("", "part/other.html", {"en": "../part/other.html", "ar": "../ar/part/other.html"}),
        ("ar/", "index.html", {"en": "../index.html", "ar": "../ar/index.html"}),
        (
            "ar/",
            "part/other.html",
            {"en": "../../part/other.html", "ar": "../../ar/part/other.html"},
        ),
    ],
)
def test_every_page_links_the_same_page_in_each_edition(site, edition, page, alternates):
    text = (site / edition / page).read_text(encoding="utf-8")
    found = _alternates(text)
    assert found == {**alternates, "x-default": alternates["en"]}
    for href in found.values():  # relative, and leading to the same page of the other edition
        assert (site / edition / page).parent.joinpath(href).resolve().is_file(), href
    other = "ar" if not edition else "en"
    switch = re.search(
        r'<a class="btn btn-sm edition-switch" href="([^"]+)" hreflang="(\w+)"', text
    )
    assert switch and switch.groups() == (alternates[other], other)


def test_the_switch_names_the_other_edition_in_its_own_language(site):
    english = (site / "index.html").read_text(encoding="utf-8")
    arabic = (site / "ar/index.html").read_text(encoding="utf-8")
    assert '<span lang="ar" dir="rtl">العربية</span>' in english
    assert 'title="This page in Arabic"' in english
    assert '<span lang="en" dir="ltr">English</span>' in arabic
    assert 'title="هذه الصفحة بالإنجليزية"' in arabic


def test_interface_words_come_from_the_arabic_catalogue(site):
    page = (site / "ar/index.html").read_text(encoding="utf-8")
    for english, arabic in [
        ("Skip to main content", "انتقل إلى المحتوى الرئيسي"),  # pydata-sphinx-theme
        ("Color mode", "وضع الألوان"),
        ("Toggle primary sidebar", "إظهار الشريط الجانبي الرئيسي أو إخفاؤه"),  # the book's copy
        ("Search this book...", "ابحث في هذا الكتاب..."),  # jupyter-book's search text
    ]:
        assert arabic in page and english not in page, english
    # a label the theme writes outside translate(): its print-only table of contents
    other = (site / "ar/part/other.html").read_text(encoding="utf-8")
    assert '<nav aria-label="الصفحة">' in other and 'aria-label="Page"' not in other
    assert '<nav aria-label="Page">' in (site / "part/other.html").read_text(encoding="utf-8")
    scripts = (site / "ar/_static/translations.js").read_text(encoding="utf-8")
    assert '"Searching": "جارٍ البحث"' in scripts
    assert "Skip to main content" in (site / "index.html").read_text(encoding="utf-8")


def test_arabic_edition_searches_in_arabic(site):
    options = (site / "ar/_static/documentation_options.js").read_text(encoding="utf-8")
    assert "LANGUAGE: 'ar'" in options
    text = (site / "ar/searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    assert {"اللقاء", "المقال", "financi"} <= terms.keys()  # Arabic folded, Latin stemmed
    assert "the" in terms  # no English stop words in the Arabic edition


def test_edition_url():
    class Config:
        edition_paths = rtl_layout.EDITION_PATHS
        language = "en"

    config = Config()
    assert (
        rtl_layout.edition_url(config, "chapters/timeline", "ar") == "../ar/chapters/timeline.html"
    )
    config.language = "ar"
    assert (
        rtl_layout.edition_url(config, "chapters/timeline", "en") == "../../chapters/timeline.html"
    )
    assert rtl_layout.edition_url(config, "intro", "ar") == "../ar/intro.html"


def test_pages_link_only_the_editions_built(monkeypatch):
    """book.py --english-only builds no Arabic edition: no page may link one."""

    class Config:
        edition_paths = rtl_layout.EDITION_PATHS

    monkeypatch.delenv("BOOK_EDITIONS", raising=False)
    assert rtl_layout.built_editions(Config()) == ["en", "ar"]
    monkeypatch.setenv("BOOK_EDITIONS", "en")
    assert rtl_layout.built_editions(Config()) == ["en"]
