"""The book's two editions, English and Arabic: the language a run is in, and its words.

The chapters' prose is translated by Sphinx, from ``locales/ar/LC_MESSAGES/<page>.po``. Every
word the package and the notebooks' code put into a table, figure, caption or glued value comes
from here, for the language of the run:

- :func:`term`: a recurring term (a person, rank, channel, state, side, source kind, month),
  from the glossary, ``data/glossary.csv``, so one term has one Arabic everywhere;
- :func:`tr`: any other string the code writes, from ``locales/ar/LC_MESSAGES/
  article_evidence.po``. Mark a literal with ``tr("...")`` where it is used, or ``N_("...")``
  where it is defined and ``tr(value)`` where it is used: ``python3 book.py translations``
  extracts both (``article_evidence.catalogues``);
- :func:`data_text`: an English text cell of the data (``DATA_TEXT`` lists the columns), from
  ``locales/ar/LC_MESSAGES/data.po``, keyed by table, column and the row's key.

A run is English unless :func:`use` chose a language or ``BOOK_LANGUAGE`` names one; the Arabic
edition's notebooks begin with ``language.use("ar")``. A string with no Arabic is an error, never
English text in the Arabic edition: :class:`MissingTranslation` names the catalogue and the
message. Numbers keep Western digits in both editions, as the article writes them.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from article_evidence import paths

LANGUAGES = ("en", "ar")
SOURCE_LANGUAGE = "en"
ENV = "BOOK_LANGUAGE"
LOCALES = paths.ROOT / "locales"
CODE_DOMAIN = "article_evidence"
DATA_DOMAIN = "data"
DIRECTION = {"en": "ltr", "ar": "rtl"}

# The English text columns of the data that tables, figures and glued values show, by table.
# The Arabic edition shows each through data.po; the extractor writes one message per cell.
DATA_TEXT: dict[str, tuple[str, ...]] = {
    "actors": ("name_en", "title_en", "role_en"),
    "channels": ("name_en",),
    "claims": ("claim_en", "attribution_en"),
    "context_channels": ("name_en", "level_en"),
    "context_facts": ("fact_en", "source_name", "alt_source_name", "disagreement_en"),
    "corrections": ("article_says_en", "record_en"),
    "events": ("description_en",),
    "open_issues": ("title_en", "state_at_publication_en"),
    "relay": ("ft_quote_en", "ft_gist_en", "span_en", "finding_en", "source_name"),
    "glossary": ("correction_en",),
}

_chosen: str | None = None


class MissingTranslation(LookupError):
    """A string the Arabic edition needs has no translation (or only a fuzzy one)."""


def check(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of the editions: {LANGUAGES}")
    return language


def use(language: str) -> None:
    """Set the language of this run (the Arabic edition's notebooks call ``use("ar")``)."""
    global _chosen
    _chosen = check(language)


def current() -> str:
    return _chosen or check(os.environ.get(ENV) or SOURCE_LANGUAGE)


def resolve(language: str | None) -> str:
    """``language`` if given, else the run's language."""
    return check(language) if language is not None else current()


def direction(language: str | None = None) -> str:
    return DIRECTION[resolve(language)]


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a string for extraction where it is defined; translate it with :func:`tr`."""
    return message


def catalogue_path(domain: str, language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{domain}.po"


def shown(path: Path) -> str:
    """A catalogue's path as a reader of the error looks for it: from the repository root."""
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return "/".join(path.parts[-4:])


@functools.cache
def catalogue(domain: str, language: str) -> dict[tuple[str | None, str], str]:
    """(context, English) -> translation, for the finished messages of one catalogue."""
    from babel.messages.pofile import read_po

    path = catalogue_path(domain, language)
    if not path.is_file():
        raise MissingTranslation(f"{shown(path)} is missing")
    with path.open("rb") as file:
        entries = read_po(file, locale=language)
    return {
        (message.context, message.id): message.string
        for message in entries
        if message.id and message.string and not message.fuzzy
    }


def lookup(domain: str, context: str | None, english: str, language: str) -> str:
    try:
        return catalogue(domain, language)[(context, english)]
    except KeyError:
        where = shown(catalogue_path(domain, language))
        within = f" (context {context!r})" if context else ""
        raise MissingTranslation(
            f"{where}: no finished translation of {english!r}{within}; run `python3 book.py "
            "translations` and translate it"
        ) from None


def tr(message: str, language: str | None = None) -> str:
    """``message`` (English, as written in the code) in the run's language."""
    language = resolve(language)
    if language == SOURCE_LANGUAGE or not message:
        return message
    return lookup(CODE_DOMAIN, None, message, language)


def data_context(table: str, column: str, key: str) -> str:
    return f"{table}.{column}:{key}"


def data_text(table: str, column: str, key: str, english, language: str | None = None):
    """A data cell's English text in the run's language; a missing cell stays missing."""
    language = resolve(language)
    if language == SOURCE_LANGUAGE or not isinstance(english, str) or not english:
        return english
    if column not in DATA_TEXT.get(table, ()):
        raise MissingTranslation(f"{table}.{column} is not in language.DATA_TEXT")
    return lookup(DATA_DOMAIN, data_context(table, column, key), english, language)


@functools.cache
def glossary() -> dict[str, dict[str, str]]:
    """term_id -> {"en": ..., "ar": ..., ...} from the validated data package."""
    from article_evidence import evidence

    frame = evidence.load().glossary
    return {row["term_id"]: row for row in frame.astype(object).to_dict("records")}


def term(term_id: str, language: str | None = None) -> str:
    """The fixed word for a recurring term, in the run's language."""
    try:
        row = glossary()[term_id]
    except KeyError:
        raise MissingTranslation(f"data/glossary.csv has no term {term_id!r}") from None
    return row[resolve(language)]
