"""The run's language and the three sources of its words (article_evidence.language)."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from article_evidence import language


@pytest.fixture
def catalogues(tmp_path, monkeypatch):
    """Empty Arabic catalogues in a scratch folder; returns a function that writes one."""
    monkeypatch.setattr(language, "LOCALES", tmp_path)
    language.catalogue.cache_clear()

    def write(domain: str, entries: list[tuple[str | None, str, str, bool]]) -> None:
        catalogue = Catalog(locale="ar", domain=domain)
        for context, english, arabic, fuzzy in entries:
            catalogue.add(english, arabic, context=context, flags=["fuzzy"] if fuzzy else [])
        path = language.catalogue_path(domain, "ar")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalogue)
        language.catalogue.cache_clear()

    yield write
    language.catalogue.cache_clear()


@pytest.fixture
def run_language(monkeypatch):
    monkeypatch.setattr(language, "_chosen", None)
    monkeypatch.delenv(language.ENV, raising=False)


def test_a_run_is_english_unless_chosen(run_language, monkeypatch):
    assert language.current() == "en"
    monkeypatch.setenv(language.ENV, "ar")
    assert language.current() == "ar"
    language.use("en")  # an explicit choice wins over the environment
    assert language.current() == "en"


def test_an_unknown_language_is_refused(run_language, monkeypatch):
    with pytest.raises(ValueError, match="'fr' is not one of the editions"):
        language.use("fr")
    monkeypatch.setenv(language.ENV, "fr")
    with pytest.raises(ValueError, match="'fr'"):
        language.current()


def test_english_is_the_code_s_own_words(catalogues):
    assert language.tr("Days", "en") == "Days"
    assert language.data_text("events", "description_en", "x", "As written", "en") == "As written"


def test_tr_gives_the_finished_translation(catalogues):
    catalogues("article_evidence", [(None, "Days", "الأيام", False)])
    assert language.tr("Days", "ar") == "الأيام"


@pytest.mark.parametrize(
    ("entries", "why"),
    [([], "no finished translation of 'Days'"), ([(None, "Days", "", False)], "'Days'")],
    ids=["missing", "empty"],
)
def test_tr_never_falls_back_to_english(catalogues, entries, why):
    catalogues("article_evidence", entries)
    with pytest.raises(language.MissingTranslation, match=why) as caught:
        language.tr("Days", "ar")
    assert "ar/LC_MESSAGES/article_evidence.po" in str(caught.value)


def test_a_fuzzy_translation_is_not_used(catalogues):
    catalogues("article_evidence", [(None, "Days", "الأيام", True)])
    with pytest.raises(language.MissingTranslation):
        language.tr("Days", "ar")


def test_a_missing_catalogue_is_named(catalogues):
    with pytest.raises(language.MissingTranslation, match="article_evidence.po is missing"):
        language.tr("Days", "ar")


def test_data_text_is_keyed_by_table_column_and_row(catalogues):
    catalogues(
        "data",
        [
            ("events.description_en:a", "Met", "التقيا", False),
            ("events.description_en:b", "Met", "اجتمعا", False),
        ],
    )
    assert language.data_text("events", "description_en", "a", "Met", "ar") == "التقيا"
    assert language.data_text("events", "description_en", "b", "Met", "ar") == "اجتمعا"
    with pytest.raises(language.MissingTranslation, match="context 'events.description_en:c'"):
        language.data_text("events", "description_en", "c", "Met", "ar")


def test_data_text_only_for_listed_columns(catalogues):
    with pytest.raises(language.MissingTranslation, match="not in language.DATA_TEXT"):
        language.data_text("events", "evidence_ar", "a", "نص", "ar")


def test_a_missing_cell_stays_missing(catalogues):
    assert language.data_text("events", "description_en", "a", None, "ar") is None


def test_direction_follows_the_language():
    assert language.direction("ar") == "rtl" and language.direction("en") == "ltr"
