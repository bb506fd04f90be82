"""The built book in a real browser: Arabic markup and order, images, console, links, axe,
phone width, dark mode, search. Screenshots and reports go to test-artifacts/.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright. Without it the tests skip,
except on CI (CI=true), where they fail. The book is the build in BOOK_HTML (default
_build/html); every page in it is tested, so chapters are covered as they land.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import (
    ARABIC_MARKUP_JS,
    ARTIFACTS,
    AXE_OPTIONS,
    BIDI_ORDER_JS,
    BLOCKING_IMPACTS,
    BOOK_HTML,
    DARK_READABILITY_JS,
    IMAGES_JS,
    LINKS_JS,
    OVERFLOW_JS,
    BookServer,
    PageEvents,
    artifact_name,
    book_pages,
    check_local_link,
    in_ci,
    looks_like_path,
    pages_with_word,
    redirect_target,
)

PAGES = book_pages(BOOK_HTML)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# (id, query, why): each query must find every indexed page whose text has the word, however
# the page or the query writes vowel marks and alef/ya/ta-marbuta variants. A query whose word
# no page has yet is skipped, and starts counting when a chapter uses the word.
SEARCHES = [
    ("ar-plain", "البنتاجون", "Arabic, unvowelled"),
    ("ar-vowelled-query", "البِنْتَاجُون", "vowelled query, unvowelled text"),
    ("ar-vowelled-query-2", "رِحْلَة", "vowelled query, unvowelled text"),
    ("ar-bare-alef", "الاميركية", "bare alef in the query, hamza alef in the text"),
    ("ar-vowelled-text", "صممت", "unvowelled query, vowelled text (P13)"),
    ("ar-vowelled-text-2", "اقيل", "bare, unvowelled query for the text's أُقيل (P10)"),
    ("ar-chase", "تشيس", "Arabic name of Michael Chase"),
    ("ar-chase-vowelled", "تَشِيس", "the same, vowelled"),
    ("ar-aquilino", "أكويلينو", "Arabic name of John Aquilino"),
    ("en-chase", "Chase", "English name"),
    ("en-aquilino", "Aquilino", "English name"),
    ("en-derailed", "derailed", "the FT's own word, quoted where the relay is compared with it"),
    ("ar-relay-span", "ساهمت", "the relay's word for it (P01)"),
]


def unavailable(reason: str) -> None:
    """Fail on CI (CI=true), where a missing prerequisite is a broken set-up; skip elsewhere."""
    if in_ci():
        pytest.fail(f"browser tests cannot run on CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def listing(title: str, items: list[str]) -> str:
    return f"{title} ({len(items)}):\n  " + "\n  ".join(items)


# --- session: server, browser, contexts, reports ---------------------------------------------


@pytest.fixture(scope="session")
def base_url():
    if not PAGES:
        unavailable(f"no book pages in {BOOK_HTML} (python3 book.py build)")
    with BookServer(BOOK_HTML) as server:
        yield server.base


# `browser` (Chromium via Playwright, one per session) is in conftest.py: test_jupyterlab.py
# shares it, since one process can hold only one Playwright sync session.


def _new_context(browser, base_url: str, **options):
    context = browser.new_context(reduced_motion="reduce", **options)
    # The book must work offline: anything from outside is blocked (and reported).
    context.route(
        lambda url: url.startswith(("http:", "https:")) and not url.startswith(base_url),
        lambda route: route.abort(),
    )
    return context


@pytest.fixture(scope="session")
def light_context(browser, base_url):
    context = _new_context(browser, base_url, viewport=DESKTOP, color_scheme="light")
    yield context
    context.close()


@pytest.fixture(scope="session")
def dark_context(browser, base_url):
    context = _new_context(browser, base_url, viewport=DESKTOP, color_scheme="dark")
    # What the theme stores when a reader picks dark mode with its switch.
    context.add_init_script("localStorage.setItem('mode', 'dark')")
    yield context
    context.close()


@pytest.fixture(scope="session")
def phone_context(browser, base_url):
    context = _new_context(browser, base_url, viewport=PHONE, has_touch=True, color_scheme="light")
    yield context
    context.close()


def _write_json(name: str, data: dict) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    (ARTIFACTS / name).write_text(text + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def axe_report():
    """Every axe violation (any impact) per page and mode -> test-artifacts/axe-report.json."""
    report: dict[str, dict[str, list]] = {}
    yield report
    _write_json("axe-report.json", {"options": AXE_OPTIONS, "pages": report})


@pytest.fixture(scope="session")
def summary():
    """What was checked per page -> test-artifacts/browser-report.json."""
    report: dict[str, dict] = {}
    yield report
    _write_json("browser-report.json", report)


@pytest.fixture(scope="session")
def screenshots():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


# --- one loaded page per page and mode --------------------------------------------------------


class Visit:
    """A page loaded once and shared by the tests of one mode; ``events`` cover the load."""

    def __init__(self, context, base_url: str, name: str, settle: str = "load") -> None:
        self.name = name
        self.page = context.new_page()
        self.events = PageEvents(base_url)
        self.events.attach(self.page)
        self.page.goto(base_url + name, wait_until=settle)
        self.page.evaluate("document.fonts.ready.then(() => true)")
        # Stop listening before any probe runs: axe's stylesheet preload resolves the
        # theme's @import "../basic.css" against the page, not the stylesheet, and its
        # 404 would be blamed on the book.
        self.events.detach(self.page)

    def probe(self, script: str):
        return self.page.evaluate(script)


def _visit(request, context, base_url, settle="load"):
    visit = Visit(context, base_url, request.param, settle)
    yield visit
    visit.page.close()


@pytest.fixture(scope="module", params=PAGES)
def light(request, light_context, base_url):
    yield from _visit(request, light_context, base_url, settle="networkidle")


@pytest.fixture(scope="module", params=PAGES)
def dark(request, dark_context, base_url):
    yield from _visit(request, dark_context, base_url)


@pytest.fixture(scope="module", params=PAGES)
def phone(request, phone_context, base_url):
    yield from _visit(request, phone_context, base_url)


def _record(summary: dict, page: str, **values) -> None:
    summary.setdefault(page, {}).update(values)


# --- the book itself ------------------------------------------------------------------------


def test_book_is_built():
    if not PAGES:
        unavailable(f"no book pages in {BOOK_HTML} (python3 book.py build)")
    assert (BOOK_HTML / "searchindex.js").is_file(), "the build has no search index"


def test_redirect_stubs_lead_to_pages():
    targets = {p.name: redirect_target(p) for p in BOOK_HTML.glob("*.html") if redirect_target(p)}
    broken = [f"{name} -> {to}" for name, to in targets.items() if not (BOOK_HTML / to).is_file()]
    assert not broken, listing("redirects to missing pages", broken)


# --- light mode, desktop ------------------------------------------------------------------


def test_arabic_is_marked(light, summary):
    """lang="ar" computes to RTL; class ar carries lang/dir; no Arabic prose is unmarked."""
    found = light.probe(ARABIC_MARKUP_JS)
    _record(summary, light.name, arabic_elements=found["marked"], arabic_text=found["textNodes"])
    problems = (
        [f"lang=ar but not RTL: {x}" for x in found["wrongDirection"]]
        + [f"class ar without lang=ar dir=rtl: {x}" for x in found["classWithoutLang"]]
        + [f"Arabic outside any lang=ar element: {x}" for x in found["unmarked"]]
    )
    assert not problems, listing(f"{light.name}: Arabic markup", problems)


def test_arabic_runs_read_right_to_left(light, summary):
    """In marked Arabic, each word/number/punctuation mark stands left of the one before."""
    found = light.probe(BIDI_ORDER_JS)
    _record(summary, light.name, bidi_pairs=found["pairs"], bidi_number_pairs=found["numberPairs"])
    assert not found["errors"], listing(f"{light.name}: Arabic in the wrong order", found["errors"])
    if found["elements"]:
        assert found["pairs"], f"{light.name}: marked Arabic, but no token pair on one line"


def test_images_load_and_have_alt_text(light, summary):
    images = light.probe(IMAGES_JS)
    _record(summary, light.name, images=len(images))
    problems = []
    for image in images:
        alt = (image["alt"] or "").strip()
        if not image["naturalWidth"]:
            problems.append(f"{image['where']}: {image['src']} did not load")
        if not alt or looks_like_path(alt):
            problems.append(f"{image['where']}: alt text {image['alt']!r} is missing or a path")
    assert not problems, listing(f"{light.name}: images", problems)


def test_console_and_network_are_clean(light, summary):
    problems = light.events.problems()
    _record(summary, light.name, console_and_network=problems)
    assert not problems, listing(f"{light.name}: while loading", problems)


def test_links_and_anchors_resolve(light, base_url, summary):
    links = light.probe(LINKS_JS)
    local = [link for link in links if link["href"].startswith(base_url)]
    _record(summary, light.name, links_checked=len(local))
    problems = []
    for link in local:
        reason = check_local_link(BOOK_HTML, base_url, link["href"])
        if reason:
            problems.append(f"{link['where']}: href={link['raw']!r}: {reason}")
    assert not problems, listing(f"{light.name}: broken links", problems)


def _axe(visit, mode: str, axe_report: dict, summary: dict) -> list[str]:
    violations = Axe().run(visit.page, options=AXE_OPTIONS).response["violations"]
    axe_report.setdefault(visit.name, {})[mode] = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "helpUrl": v["helpUrl"],
            "targets": [node["target"] for node in v["nodes"]],
        }
        for v in violations
    ]
    counts = Counter(v["impact"] for v in violations for _ in v["nodes"])
    _record(summary, visit.name, **{f"axe_{mode}": dict(counts)})
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def test_axe_light(light, axe_report, summary):
    blocking = _axe(light, "light", axe_report, summary)
    assert not blocking, listing(f"{light.name}: axe, light mode", blocking)


def test_screenshot_light(light, screenshots):
    path = screenshots / f"{artifact_name(light.name)}-light.png"
    light.page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0


# --- dark mode --------------------------------------------------------------------------------


def test_dark_mode_keeps_arabic_and_figures_readable(dark, summary):
    found = dark.probe(DARK_READABILITY_JS)
    assert found["theme"] == "dark", f"{dark.name}: theme is {found['theme']!r}, not dark"
    _record(summary, dark.name, dark_arabic_checked=found["arabic"], dark_figures=found["figures"])
    assert not found["problems"], listing(f"{dark.name}: dark mode", found["problems"])


def test_axe_dark(dark, axe_report, summary):
    blocking = _axe(dark, "dark", axe_report, summary)
    assert not blocking, listing(f"{dark.name}: axe, dark mode", blocking)


def test_screenshot_dark(dark, screenshots):
    path = screenshots / f"{artifact_name(dark.name)}-dark.png"
    dark.page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0


# --- phone ------------------------------------------------------------------------------------


def test_phone_width_does_not_scroll_sideways(phone, screenshots):
    """At 390 px a wide table or figure may scroll inside its own box, never the page."""
    found = phone.page.evaluate(OVERFLOW_JS, PHONE["width"])
    phone.page.screenshot(path=screenshots / f"{artifact_name(phone.name)}-phone.png")
    assert found["deviceWidth"], f"{phone.name}: no <meta name=viewport content=width=device-width>"
    assert found["scrollWidth"] <= PHONE["width"] + 1, listing(
        f"{phone.name}: page is {found['scrollWidth']} px wide on a {PHONE['width']} px screen",
        found["offenders"],
    )


# --- search -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_page(light_context):
    page = light_context.new_page()
    yield page
    page.close()


def _search(page, base_url: str, query: str) -> None:
    page.goto(f"{base_url}search.html?q={quote(query)}")
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')?.textContent.trim()",
        timeout=15_000,
    )


@pytest.mark.parametrize(("query", "why"), [s[1:] for s in SEARCHES], ids=[s[0] for s in SEARCHES])
def test_search_finds_every_page_with_the_word(query, why, search_page, base_url):
    expected = pages_with_word(BOOK_HTML, query)
    if not expected:
        pytest.skip(f"no page has {query!r} yet")
    _search(search_page, base_url, query)
    hrefs = search_page.eval_on_selector_all(
        "#search-results ul.search li > a", "links => links.map(a => a.href)"
    )
    found = {href.removeprefix(base_url).split("?")[0].split("#")[0] for href in hrefs}
    missing = sorted(expected - found)
    assert not missing, f"search for {query!r} ({why}) found {sorted(found)}, not {missing}"


def test_search_excerpts_mark_their_arabic(search_page, base_url):
    _search(search_page, base_url, "البنتاجون")
    found = search_page.evaluate(ARABIC_MARKUP_JS)
    assert not found["unmarked"], listing("search excerpts: unmarked Arabic", found["unmarked"])


# --- the probes catch what they are for -------------------------------------------------------


@pytest.fixture
def blank_page(browser):
    page = browser.new_page()
    yield page
    page.close()


def _probe(page, body: str, script: str):
    page.set_content(f'<!doctype html><html lang="en"><body style="width:600px">{body}</body>')
    return page.evaluate(script)


def test_markup_probe_reports_unmarked_arabic(blank_page):
    found = _probe(
        blank_page,
        '<p>Said <span>في فبراير الماضي</span>.</p><div class="ar">نص</div>'
        '<p lang="ar">نص</p><pre>"نص"</pre>',
        ARABIC_MARKUP_JS,
    )
    assert len(found["unmarked"]) == 2  # the span and the div; the <pre> is code
    assert len(found["classWithoutLang"]) == 1
    assert len(found["wrongDirection"]) == 1  # lang="ar" without dir="rtl"


def test_bidi_probe_reports_a_misordered_date(blank_page):
    run = "13 ديسمبر 2023، في أغسطس 2022"
    wrong = _probe(blank_page, f'<p><span lang="ar">{run}</span></p>', BIDI_ORDER_JS)
    right = _probe(blank_page, f'<p><span lang="ar" dir="rtl">{run}</span></p>', BIDI_ORDER_JS)
    assert wrong["errors"] and wrong["numberPairs"]
    assert not right["errors"] and right["numberPairs"] == wrong["numberPairs"]


def test_overflow_probe_names_the_wide_element(blank_page):
    blank_page.set_viewport_size(PHONE)
    blank_page.set_content('<table id="wide" style="width:900px"><tr><td>x</td></tr></table>')
    found = blank_page.evaluate(OVERFLOW_JS, PHONE["width"])
    assert found["scrollWidth"] > PHONE["width"] and not found["deviceWidth"]
    assert any("table#wide" in offender for offender in found["offenders"])
