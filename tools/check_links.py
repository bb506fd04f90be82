"""Check every outside URL the data cites (and the book's pages link): does it still answer?

Run by the scheduled link-check workflow and by a maintainer (`python3 book.py links`); never by
the build or the tests, which have no network. Each URL is requested with HEAD, then GET when a
server refuses HEAD, following redirects. A URL fails when it does not answer or answers 404,
410 or a 5xx; an answer of 401, 403 or 429 means the site turns automated checks away, which is
reported but is not a failure (a person can still open the page).

    python tools/check_links.py            # every URL in data/*.csv and the book's sources
    python tools/check_links.py --list     # only list them, with where each is cited
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"https?://[^\s<>\"'`)\]]+")
REFUSED = {401, 403, 429}
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) link-check for a Jupyter Book"
TIMEOUT = 30


def cited_urls(root: Path = ROOT) -> dict[str, list[str]]:
    """URL -> where it is cited (file:line:column for the data, file for prose)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((root / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            for line, row in enumerate(reader, start=2):
                for column, value in zip(header, row, strict=False):
                    for url in URL.findall(value):
                        found[url.rstrip(".,;")].append(f"{path.name}:{line}:{column}")
    prose = [*sorted((root / "chapters").glob("*.ipynb")), *sorted(root.glob("*.md"))]
    for path in prose:
        for url in URL.findall(path.read_text(encoding="utf-8")):
            found[url.rstrip(".,;\\")].append(path.name)
    # placeholders ("https://…") and the local server the README mentions are not citations
    return {
        url: where
        for url, where in sorted(found.items())
        if "…" not in url and not re.match(r"https?://(127\.0\.0\.1|localhost)\b", url)
    }


def check(url: str) -> tuple[str, str]:
    """('ok' | 'refused' | 'broken', detail)."""
    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return "ok", f"{response.status} {response.url if response.url != url else ''}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
            if error.code in (405, 501) or (method == "HEAD" and error.code in REFUSED):
                continue  # HEAD not allowed, or refused: try GET
            if error.code in REFUSED:
                return "refused", last
            return "broken", last
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            last = f"{type(error).__name__}: {getattr(error, 'reason', error)}"
    return "broken", last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the URLs, check nothing")
    args = parser.parse_args(argv)
    urls = cited_urls()
    if args.list:
        for url, where in urls.items():
            print(f"{url}  ({', '.join(where)})")
        print(f"{len(urls)} URLs")
        return 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(urls, pool.map(check, urls), strict=True))
    counts: dict[str, int] = defaultdict(int)
    for url, (state, detail) in results.items():
        counts[state] += 1
        if state != "ok":
            print(f"{state.upper()}: {url} ({detail}); cited in {', '.join(urls[url])}")
    print(
        f"{len(urls)} URLs: {counts['ok']} ok, {counts['refused']} refused automated checks, "
        f"{counts['broken']} broken"
    )
    return 1 if counts["broken"] else 0


if __name__ == "__main__":
    sys.exit(main())
