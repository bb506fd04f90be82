"""The built book in a real browser: Arabic markup and order, images, console, links, axe,
phone width, dark mode, search; the two editions' direction, mirrored layout and links to each
other. Screenshots and reports go to test-artifacts/.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright. Without it the tests skip,
except on CI (CI=true), where they fail. The book is the build in BOOK_HTML (default
_build/html): the English edition at its root, the Arabic one in ar/. Every page of both is
tested, so chapters are covered as they land.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import (
    ALTERNATES_JS,
    ARABIC_MARKUP_JS,
    ARTIFACTS,
    AXE_OPTIONS,
    BIDI_ORDER_JS,
    BLOCKING_IMPACTS,
    BOOK_HTML,
    DARK_READABILITY_JS,
    IMAGES_JS,
    LAYOUT_JS,
    LINKS_JS,
    OVERFLOW_JS,
    RIGHT_TO_LEFT,
    BookServer,
    PageEvents,
    artifact_name,
    book_pages,
    built_editions,
    changed_box,
    check_local_link,
    edition_of,
    edition_root,
    in_ci,
    looks_like_path,
    pages_with_word,
    redirect_target,
    vowelled_words,
)

PAGES = book_pages(BOOK_HTML)
PHONE = {"width": 375, "height": 812}  # the narrowest phone in common use
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
    if found["longer"]:  # a single marked word (the link to the Arabic edition) has no pair
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
    """At 375 px a wide table or figure may scroll inside its own box, never the page."""
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


EDITIONS = built_editions(BOOK_HTML)


def _search(page, base_url: str, query: str, edition: str = "en") -> list[str]:
    """Search one edition; return the result pages as paths within that edition."""
    folder = base_url + edition_root(BOOK_HTML, edition).relative_to(BOOK_HTML).as_posix()
    folder = folder.rstrip(".").rstrip("/") + "/"
    page.goto(f"{folder}search.html?q={quote(query)}")
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')?.textContent.trim()",
        timeout=15_000,
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li > a", "links => links.map(a => a.href)"
    )
    return [href.removeprefix(folder).split("?")[0].split("#")[0] for href in hrefs]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("query", "why"), [s[1:] for s in SEARCHES], ids=[s[0] for s in SEARCHES])
def test_search_finds_every_page_with_the_word(query, why, edition, search_page, base_url):
    expected = pages_with_word(edition_root(BOOK_HTML, edition), query)
    if not expected:
        pytest.skip(f"no page of the {edition} edition has {query!r} yet")
    found = set(_search(search_page, base_url, query, edition))
    missing = sorted(expected - found)
    assert not missing, (
        f"{edition} edition: search for {query!r} ({why}) found {sorted(found)}, not {missing}"
    )


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_finds_vowelled_words_typed_without_marks(edition, search_page, base_url):
    """Every vowelled Arabic word of the edition (up to 8, spread over its pages), typed bare,
    finds the page that writes it with harakat."""
    root = edition_root(BOOK_HTML, edition)
    words = vowelled_words(root)
    assert words, f"{edition} edition: no vowelled Arabic word in any page to search for"
    picked = words[:: max(1, len(words) // 8)][:8]
    problems = []
    for page, word in picked:
        bare = "".join(c for c in word if not "\u064b" <= c <= "\u0652")
        found = _search(search_page, base_url, bare, edition)
        if page not in found:
            problems.append(f"{bare!r} (written {word!r} in {page}) found {found}")
    assert not problems, listing(f"{edition} edition: bare query, vowelled text", problems)


def test_search_excerpts_mark_their_arabic(search_page, base_url):
    _search(search_page, base_url, "البنتاجون")
    found = search_page.evaluate(ARABIC_MARKUP_JS)
    assert not found["unmarked"], listing("search excerpts: unmarked Arabic", found["unmarked"])


# --- the two editions: direction, mirrored layout, links between them ------------------------


def test_every_edition_is_built():
    """Both editions, each with the same pages (an edition missing its pages would otherwise
    go untested)."""
    assert "en" in EDITIONS and "ar" in EDITIONS, (
        f"editions in {BOOK_HTML}: {EDITIONS}, expected English at the root and Arabic in ar/"
    )
    pages = {
        lang: {edition_of(p)[1] for p in PAGES if edition_of(p)[0] == lang} for lang in EDITIONS
    }
    assert pages["ar"] == pages["en"], (
        f"pages only in English: {sorted(pages['en'] - pages['ar'])}; "
        f"only in Arabic: {sorted(pages['ar'] - pages['en'])}"
    )


def test_direction_and_language(light, summary):
    """<html lang dir> says the edition: lang="ar" dir="rtl" in Arabic, lang="en" (ltr) in
    English, and the page computes to that direction."""
    edition, _ = edition_of(light.name)
    found = light.probe(LAYOUT_JS)
    _record(summary, light.name, lang=found["lang"], dir=found["dir"], direction=found["direction"])
    expected = "rtl" if edition in RIGHT_TO_LEFT else "ltr"
    assert found["lang"] == edition, f"{light.name}: <html lang={found['lang']!r}>, not {edition!r}"
    assert (found["dir"] or "ltr") == expected, f"{light.name}: <html dir={found['dir']!r}>"
    assert found["direction"] == expected, f"{light.name}: body computes to {found['direction']}"


def test_layout_is_mirrored(light, summary):
    """Measured by element positions: primary sidebar at the start side of the article (right in
    Arabic, left in English), "Contents" at the end side, previous before next in reading order,
    the active-link bar and admonition borders on the start side, table text from the start."""
    edition, _ = edition_of(light.name)
    rtl = edition in RIGHT_TO_LEFT
    found = light.probe(LAYOUT_JS)
    primary, article, secondary = found["primary"], found["article"], found["secondary"]
    _record(
        summary,
        light.name,
        layout={key: found[key] for key in ("primary", "article", "secondary", "previous", "next")},
        active_link=found["activeLink"],
        admonition_borders=found["admonitions"][:3],
        table_cells_measured=len(found["cells"]),
    )
    if article is None:
        pytest.skip(f"{light.name}: no article (a generated page)")
    problems = []
    start = "right" if rtl else "left"

    def before(a, b):  # a comes before b in reading order: right of b in Arabic
        return a["left"] >= b["right"] - 1 if rtl else a["right"] <= b["left"] + 1

    if primary is None:
        problems.append("no visible primary sidebar")
    elif not before(primary, article):
        problems.append(f"primary sidebar {primary} is not on the {start} of the article {article}")
    if secondary is not None and not before(article, secondary):
        problems.append(f'"Contents" {secondary} is not after the article {article}')
    if found["previous"] and found["next"] and not before(found["previous"], found["next"]):
        problems.append(f"previous {found['previous']} is not before next {found['next']}")
    if found["activeLink"] and found["activeLink"]["side"] != start:
        problems.append(f"active-link bar on the {found['activeLink']['side']}, not the {start}")
    for admonition in found["admonitions"]:
        start_width = admonition["right"] if rtl else admonition["left"]
        end_width = admonition["left"] if rtl else admonition["right"]
        if not start_width > end_width:
            problems.append(f"admonition border not on the {start}: {admonition}")
    own_script = "arabic" if rtl else "latin"
    for cell in found["cells"]:
        start_gap = cell["gapRight"] if rtl else cell["gapLeft"]
        end_gap = cell["gapLeft"] if rtl else cell["gapRight"]
        if cell["script"] == own_script and start_gap > end_gap:
            problems.append(f"table text not from the {start}: {cell}")
    assert not problems, listing(f"{light.name}: layout", problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_layout_has_something_to_measure(edition, light_context, base_url):
    """Across an edition's pages, the layout test finds admonitions, table cells and
    previous/next links to measure, so it cannot pass for having nothing to look at."""
    counts = Counter()
    page = light_context.new_page()
    try:
        for name in PAGES:
            if edition_of(name)[0] != edition:
                continue
            page.goto(base_url + name)
            found = page.evaluate(LAYOUT_JS)
            counts["admonitions"] += len(found["admonitions"])
            counts["cells"] += len(found["cells"])
            counts["previous/next"] += bool(found["previous"] and found["next"])
            counts["active link"] += bool(found["activeLink"])
    finally:
        page.close()
    measured = ("admonitions", "cells", "previous/next", "active link")
    empty = [what for what in measured if not counts[what]]
    assert not empty, f"{edition} edition: nothing measured for {empty} ({dict(counts)})"


def test_alternate_editions_link_the_same_page(light, base_url, summary):
    """<link rel="alternate" hreflang> to this page in every edition (x-default: English), and a
    visible link to it in the other edition, each resolving to a built page with the same path."""
    edition, path = edition_of(light.name)
    found = light.probe(ALTERNATES_JS)
    _record(summary, light.name, alternates=[a["raw"] for a in found["alternates"]])
    problems = []
    links = {a["hreflang"]: a for a in found["alternates"]}
    for language in [*EDITIONS, "x-default"]:
        link = links.get(language)
        target_language = "en" if language == "x-default" else language
        if link is None:
            problems.append(f"no <link rel=alternate hreflang={language}>")
            continue
        reason = check_local_link(BOOK_HTML, base_url, link["href"])
        target = link["href"].removeprefix(base_url)
        if reason:
            problems.append(f"hreflang={language} href={link['raw']!r}: {reason}")
        elif edition_of(target) != (target_language, path):
            problems.append(f"hreflang={language} href={link['raw']!r} is {target}, not {path}")
    switches = found["switches"]
    others = [language for language in EDITIONS if language != edition]
    if sorted(s["hreflang"] for s in switches) != others:
        problems.append(
            f"links to the other editions: {switches}, expected one to each of {others}"
        )
    for switch in switches:
        alternate = links.get(switch["hreflang"])
        if not switch["visible"]:
            problems.append(f"the link to the {switch['hreflang']} edition is not visible")
        if switch["lang"] != switch["hreflang"]:
            problems.append(f"the name {switch['text']!r} is not marked lang={switch['hreflang']}")
        if alternate is None or switch["href"] != alternate["href"]:
            problems.append(f"the link {switch['href']} is not the page's alternate")
    assert not problems, listing(f"{light.name}: links between editions", problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_screenshot_shows_the_sidebar_on_the_start_side(edition, browser, base_url, screenshots):
    """Screenshot a chapter, hide the primary sidebar (visibility: hidden, so nothing else
    moves), screenshot again: the changed pixels lie in the right half in Arabic, the left half
    in English."""
    folder = edition_root(BOOK_HTML, edition).relative_to(BOOK_HTML).as_posix()
    page_path = f"{folder}/intro.html".removeprefix("./")
    context = _new_context(browser, base_url, viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    try:
        page.goto(base_url + page_path, wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        shown = page.screenshot()
        page.add_style_tag(
            content="#pst-primary-sidebar, #pst-primary-sidebar * {visibility: hidden !important}"
        )
        page.wait_for_timeout(100)
        hidden = page.screenshot()
    finally:
        context.close()
    (screenshots / f"sidebar-{edition}-shown.png").write_bytes(shown)
    (screenshots / f"sidebar-{edition}-hidden.png").write_bytes(hidden)
    box = changed_box(shown, hidden)
    width = DESKTOP["width"]
    assert box is not None, f"{edition}: hiding the primary sidebar changed no pixel"
    left, _, right, _ = box
    half = "right" if edition in RIGHT_TO_LEFT else "left"
    print(f"{edition}: sidebar pixels x {left}..{right} of {width}")
    if half == "right":
        assert left >= width / 2, (
            f"{edition}: sidebar pixels span x {left}..{right}, not the right half"
        )
    else:
        assert right <= width / 2, (
            f"{edition}: sidebar pixels span x {left}..{right}, not the left half"
        )


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
