"""The Arabic edition's message catalogues: extract, update and check them.

Three families of catalogue under ``locales/ar/LC_MESSAGES/``, all gettext PO files:

- one per page (``intro.po``, ``chapters/timeline.po`` ...): the prose, extracted by Sphinx's
  gettext builder and applied by Sphinx when it builds the Arabic edition;
- ``article_evidence.po``: every string the package and the notebooks' code mark with ``tr`` or
  ``N_`` (see :mod:`article_evidence.language`);
- ``data.po``: every cell of the data columns in ``language.DATA_TEXT``, one message per cell,
  with ``table.column:key`` as its context.

``update`` writes the current English into every catalogue: a new message arrives empty, a
changed one comes back fuzzy with its old translation as a suggestion, a removed one is dropped.
``check`` lists every message that is missing, empty or fuzzy; the build runs it and stops on
any, so the Arabic edition never shows English by accident.

    python -m article_evidence.catalogues update [--language ar]
    python -m article_evidence.catalogues check [--language ar]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po, write_po

from article_evidence import language, paths

KEYWORDS = {"tr": None, "N_": None}
PAGE_TEMPLATES = paths.ROOT / "_build" / "catalogues"
PO_WIDTH = 100
# Sphinx's own domain: the gettext builder lists the words of the book's templates in it, and
# the catalogue also holds the theme's interface words, which it does not list (kept, not
# dropped, by an update).
INTERFACE_DOMAIN = "sphinx"
PROJECT = "Article Evidence Book"
# No dates in the header: a catalogue changes when its messages do, not when it is rewritten.
DATED_HEADER = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\n', re.MULTILINE)
HEADER_COMMENT = (
    "# The Arabic edition of the Article Evidence Book: {domain}.\n"
    "# Update with `python3 book.py translations`; see article_evidence/catalogues.py."
)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.message!r}"


# --------------------------------------------------------------------------- templates


def code_sources() -> list[tuple[str, str]]:
    """(shown name, Python source) of the package's modules and the chapters' code cells."""
    sources = []
    for path in sorted((paths.ROOT / "article_evidence").glob("*.py")):
        sources.append((path.relative_to(paths.ROOT).as_posix(), path.read_text("utf-8")))
    for path in sorted(paths.CHAPTERS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(notebook["cells"], 1):
            if cell["cell_type"] == "code":
                source = cell["source"]
                text = "".join(source) if isinstance(source, list) else source
                shown = f"{path.relative_to(paths.ROOT).as_posix()}#cell{number}"
                sources.append((shown, text))
    return sources


def figure_alt_texts() -> list[tuple[str, str]]:
    """(shown cell, alt text) of every chapter figure: myst-nb reads alt text only from the
    cell's metadata, so the Arabic edition's copy gets it translated (see execution.py)."""
    found = []
    for path in sorted(paths.CHAPTERS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(notebook["cells"], 1):
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")
            if alt:
                found.append((f"{path.relative_to(paths.ROOT).as_posix()}#cell{number}", alt))
    return found


def code_template() -> Catalog:
    template = Catalog(domain=language.CODE_DOMAIN, fuzzy=False)
    for shown, source in code_sources():
        found = extract_python(io.BytesIO(source.encode()), KEYWORDS, [], {"encoding": "utf-8"})
        for line, _function, message, _comments in found:
            if isinstance(message, tuple):
                message = message[0]
            if message:
                template.add(message, locations=[(shown, line)])
    for shown, alt in figure_alt_texts():
        template.add(alt, locations=[(shown, 0)], auto_comments=["alt text of a figure"])
    return template


def data_template() -> Catalog:
    from article_evidence import evidence

    loaded = evidence.load()
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"]["primaryKey"] for r in package["resources"]}
    template = Catalog(domain=language.DATA_DOMAIN, fuzzy=False)
    for table, columns in language.DATA_TEXT.items():
        frame = loaded.tables[table]
        for column in columns:
            for key, text in zip(frame[keys[table]], frame[column], strict=True):
                if isinstance(text, str) and text:
                    context = language.data_context(table, column, key)
                    template.add(text, context=context, locations=[(f"data/{table}.csv", 0)])
    return template


def page_templates(python: Path | None = None) -> dict[str, Catalog]:
    """Domain (``chapters/timeline``) -> template, from Sphinx's gettext builder."""
    jupyter_book = Path(python or sys.executable).parent / "jupyter-book"
    command = [jupyter_book, "build", paths.ROOT, "--builder", "custom"]
    command += ["--custom-builder", "gettext", "--path-output", PAGE_TEMPLATES, "-W", "-q"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    output = PAGE_TEMPLATES / "_build" / "gettext"
    templates = {}
    for path in sorted(output.rglob("*.pot")):
        with path.open("rb") as file:
            templates[path.relative_to(output).with_suffix("").as_posix()] = read_po(file)
    return templates


def templates(with_pages: bool = True) -> dict[str, Catalog]:
    found = {language.CODE_DOMAIN: code_template(), language.DATA_DOMAIN: data_template()}
    if with_pages:
        found.update(page_templates())
    return found


# --------------------------------------------------------------------------- catalogues


def project_version() -> str:
    text = (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.MULTILINE).group(1)


def po_path(domain: str, lang: str) -> Path:
    return language.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(path: Path, lang: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=lang)


def update(lang: str = "ar", with_pages: bool = True) -> list[str]:
    """Bring every catalogue in line with the current English; return what changed."""
    report = []
    for domain, template in templates(with_pages).items():
        path = po_path(domain, lang)
        if path.exists():
            catalogue = read_catalogue(path, lang)
        else:
            catalogue = Catalog(locale=lang, domain=domain.rsplit("/", 1)[-1], fuzzy=False)
        catalogue.project, catalogue.version = PROJECT, project_version()
        catalogue.header_comment = HEADER_COMMENT.format(domain=domain)
        catalogue.last_translator = catalogue.language_team = PROJECT + " contributors"
        catalogue.msgid_bugs_address = ""
        before = {(m.context, m.id): (m.string, m.fuzzy) for m in catalogue if m.id}
        if domain == INTERFACE_DOMAIN:  # also the theme's words, which no template lists
            for message in template:
                if message.id and catalogue.get(message.id, context=message.context) is None:
                    catalogue.add(message.id, context=message.context)
        else:
            catalogue.update(template, update_header_comment=False)
            catalogue.obsolete.clear()
        after = {(m.context, m.id): (m.string, m.fuzzy) for m in catalogue if m.id}
        if before != after or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            written = io.BytesIO()
            write_po(written, catalogue, width=PO_WIDTH, include_previous=True)
            path.write_bytes(DATED_HEADER.sub(b"", written.getvalue()))
            report.append(f"{path.relative_to(paths.ROOT)}: {len(after)} messages")
    return report


def problems(lang: str = "ar", with_pages: bool = False) -> list[Problem]:
    """Every message of the current English that the catalogues lack, leave empty or mark fuzzy."""
    found = []
    for domain, template in templates(with_pages).items():
        path = po_path(domain, lang)
        shown = path.relative_to(paths.ROOT).as_posix()
        if not path.exists():
            found.append(Problem(shown, domain, "catalogue missing"))
            continue
        catalogue = read_catalogue(path, lang)
        for message in template:
            if not message.id:
                continue
            entry = catalogue.get(message.id, context=message.context)
            if entry is None:
                found.append(Problem(shown, message.id, "not in the catalogue"))
            elif not entry.string:
                found.append(Problem(f"{shown}:{entry.lineno}", message.id, "untranslated"))
            elif entry.fuzzy:
                found.append(Problem(f"{shown}:{entry.lineno}", message.id, "fuzzy"))
    return found


# What a translation must carry over unchanged: MyST roles with their targets, link targets,
# the article's quoted Arabic, paragraph and claim ids, and {placeholders} of code strings.
KEPT = {
    "role": re.compile(r"\{[a-z:-]+\}`[^`]*`"),
    "link target": re.compile(r"\]\((\S+?)\)"),
    "quoted Arabic": re.compile(r"\[[^\]]*\]\{\.ar\}"),
    "id": re.compile(r"\b[PC]\d\d\b"),
    "placeholder": re.compile(r"\{[a-z_]+\}"),
}
# Glossary kinds whose Arabic is fixed word for word (states and sides inflect in a sentence).
FIXED_KINDS = ("person", "rank", "title", "outlet", "organisation", "channel")
ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
QUOTED_ARABIC = KEPT["quoted Arabic"]


def fold(text: str) -> str:
    """Arabic without diacritics or tatweel, for comparing words as a reader reads them."""
    return ARABIC_DIACRITICS.sub("", text)


def kept_problems(english: str, arabic: str) -> list[str]:
    """What a translation dropped or added of the things it must carry over unchanged."""
    found = []
    for name, pattern in KEPT.items():
        wanted, got = sorted(pattern.findall(english)), sorted(pattern.findall(arabic))
        if wanted != got:
            lost = sorted(set(wanted) - set(got)) or wanted
            found.append(f"{name} changed: {lost} in the English, {sorted(set(got))} here")
    return found


QUOTED_ENGLISH = re.compile(r"\[([^\]]*)\]\{\.en\}")
# Quotations: the article's words may be quoted as the article writes them, misspelt or not.
QUOTED = re.compile(r'"[^"]*"|«[^»]*»|“[^”]*”')


def written_forms(term: str) -> list[str]:
    """A term as it may be written in a sentence: after the preposition li-, the article's
    alif is dropped (البنتاجون, للبنتاجون)."""
    term = fold(term)
    return [term, "لل" + term[2:]] if term.startswith("ال") else [term]


def term_problems(english: str, arabic: str, glossary: dict[str, dict]) -> list[str]:
    """Fixed terms the translation spells otherwise, and article misspellings used as the
    book's own words where the English names the person rightly (outside the article's quoted
    Arabic and quotation marks). Longer terms
    are matched first, so "General" inside "Major General" is not a second term."""
    own_words = fold(QUOTED.sub("", QUOTED_ARABIC.sub("", arabic)))
    quoted_english = " ".join(QUOTED_ENGLISH.findall(arabic))
    rows = sorted(glossary.items(), key=lambda item: -len(item[1]["en"]))
    rest, found = english, []
    for term_id, row in rows:
        if row["kind"] not in FIXED_KINDS:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(row['en'])}(?![\w-])")
        # a term the translation quotes in English ([...]{.en}) is carried over as it is
        used = pattern.search(rest) and not pattern.search(quoted_english)
        rest = pattern.sub("\0", rest)
        if used and not any(form in fold(arabic) for form in written_forms(row["ar"])):
            found.append(f"{row['en']!r} must be {row['ar']!r} (glossary: {term_id})")
        misspelt = row.get("article_ar")
        corrected = row["kind"] == "person" and isinstance(misspelt, str) and misspelt != row["ar"]
        # where the English names the person rightly, the Arabic must too (an English text
        # about the article's spelling, "Liu Zan" or ليو زان itself, may quote it)
        if (
            used
            and corrected
            and fold(misspelt) in own_words
            and fold(misspelt) not in fold(row["ar"] + english)
        ):
            found.append(f"{misspelt!r} is the article's spelling; the book writes {row['ar']!r}")
    return found


def translation_problems(lang: str = "ar") -> list[Problem]:
    """Finished translations that break markup or the glossary, in every catalogue."""
    glossary = language.glossary()
    base = language.LOCALES / lang / "LC_MESSAGES"
    found = []
    for path in sorted(base.rglob("*.po")):
        shown = path.relative_to(paths.ROOT).as_posix()
        for message in read_catalogue(path, lang):
            if not message.id or not message.string or message.fuzzy:
                continue
            english, arabic = message.id, message.string
            if isinstance(english, tuple):
                english, arabic = english[0], arabic[0]
            for rule in kept_problems(english, arabic) + term_problems(english, arabic, glossary):
                found.append(Problem(f"{shown}:{message.lineno}", english[:80], rule))
    return found


def message_counts(lang: str = "ar") -> dict[str, int]:
    """Messages per catalogue file, as translated (for the build's report and the bench)."""
    base = language.LOCALES / lang / "LC_MESSAGES"
    return {
        path.relative_to(base).as_posix(): sum(1 for m in read_catalogue(path, lang) if m.id)
        for path in sorted(base.rglob("*.po"))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "check", "count"])
    parser.add_argument("--language", default="ar", choices=language.LANGUAGES[1:])
    parser.add_argument("--without-pages", action="store_true", help="code and data only")
    args = parser.parse_args(argv)
    if args.command == "update":
        for line in update(args.language, not args.without_pages) or ["catalogues up to date"]:
            print(line)
        return 0
    if args.command == "count":
        counts = message_counts(args.language)
        for name, count in counts.items():
            print(f"{count:5d}  {name}")
        print(f"{sum(counts.values()):5d}  in all")
        return 0
    from article_evidence.evidence import EvidenceError

    try:
        found = problems(args.language, not args.without_pages)
        found += translation_problems(args.language)
    except EvidenceError as error:  # bad data: the loader's list, as the last lines
        print(error, file=sys.stderr, flush=True)
        return 2
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{len(found)} message(s) not translated: see above", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
