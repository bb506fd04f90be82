"""The Arabic edition's message catalogues: updated from the English, checked, complete.

The last two tests are the edition's completeness: every message of the current English, in
every catalogue (pages, code, data), has a finished Arabic translation that keeps its markup
and uses the glossary's fixed terms. The others show that the check can fail, and how.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from article_evidence import catalogues, language

GLOSSARY = {
    "liu_zhan": {"kind": "person", "en": "Liu Zhan", "ar": "ليو تشان", "article_ar": "ليو زان"},
    "major_general": {"kind": "rank", "en": "Major General", "ar": "اللواء", "article_ar": ""},
    "general": {"kind": "rank", "en": "General", "ar": "الجنرال", "article_ar": ""},
}


@pytest.mark.parametrize(
    ("english", "arabic", "lost"),
    [
        ("Of {glue:text}`actors` actors", "من الفاعلين", "role"),
        ("See [CNN](https://cnn.com/a)", "انظر [سي إن إن](https://cnn.com/b)", "link target"),
        ("He wrote [ليو زان]{.ar}.", "كتب [ليو زان]{.ar }.", "quoted Arabic"),
        ("As P07 says", "كما تقول الفقرة", "id"),
        ("{days} days", "أيام", "placeholder"),
    ],
)
def test_a_translation_keeps_roles_links_quotes_ids_and_placeholders(english, arabic, lost):
    problems = catalogues.kept_problems(english, arabic)
    assert len(problems) == 1 and problems[0].startswith(lost)


def test_a_faithful_translation_keeps_everything():
    english = "In P07, [ليو]{.ar} met ({numref}`fig-x`; [CNN](https://cnn.com/a))."
    arabic = "في P07، التقى [ليو]{.ar} ({numref}`fig-x`؛ [سي إن إن](https://cnn.com/a))."
    assert catalogues.kept_problems(english, arabic) == []


def test_a_fixed_term_must_be_the_glossary_s():
    problems = catalogues.term_problems("Liu Zhan met Chase", "التقى ليو جان تشيس", GLOSSARY)
    assert problems == ["'Liu Zhan' must be 'ليو تشان' (glossary: liu_zhan)"]
    assert catalogues.term_problems("Liu Zhan met", "التقى ليو تشانَ", GLOSSARY) == []


def test_a_term_quoted_in_english_is_carried_over():
    english = "The FT calls him Major General."
    quoted = "تسمّيه فاينانشيال تايمز [Major General]{.en}."
    assert catalogues.term_problems(english, quoted, GLOSSARY) == []
    assert catalogues.term_problems(english, "تسمّيه فاينانشيال تايمز لواءً.", GLOSSARY)


def test_a_longer_term_hides_the_shorter_one_inside_it():
    assert catalogues.term_problems("Major General Liu Zhan", "اللواء ليو تشان", GLOSSARY) == []
    problems = catalogues.term_problems("General Brown", "براون", GLOSSARY)
    assert problems == ["'General' must be 'الجنرال' (glossary: general)"]


def test_the_article_s_misspelling_is_never_the_book_s_own_word():
    english = "Liu Zhan is the attaché"
    problems = catalogues.term_problems(english, "ليو تشان، أو ليو زان، هو الملحق", GLOSSARY)
    assert problems == ["'ليو زان' is the article's spelling; the book writes 'ليو تشان'"]
    quoted = "ليو تشان، الذي يسميه المقال [ليو زان]{.ar}، هو الملحق"
    assert catalogues.term_problems(english, quoted, GLOSSARY) == []
    in_marks = "ليو تشان، الذي يسميه المقال «ليو زان»، هو الملحق"
    assert catalogues.term_problems(english, in_marks, GLOSSARY) == []


@pytest.fixture
def scratch_locales(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "LOCALES", tmp_path)
    template = Catalog(domain="article_evidence")
    template.add("Days")
    template.add("Months")
    monkeypatch.setattr(catalogues, "templates", lambda with_pages=True: {"x": template})
    monkeypatch.setattr(catalogues.paths, "ROOT", tmp_path.parent)
    monkeypatch.setattr(catalogues, "project_version", lambda: "0.0.0")
    return tmp_path / "ar" / "LC_MESSAGES" / "x.po"


def read(path):
    with path.open("rb") as file:
        return read_po(file, locale="ar")


def test_update_adds_new_english_empty_and_writes_no_dates(scratch_locales):
    catalogues.update("ar")
    written = read(scratch_locales)
    assert [m.id for m in written if m.id] == ["Days", "Months"]
    assert all(not m.string for m in written if m.id)
    text = scratch_locales.read_text(encoding="utf-8")
    assert "Creation-Date" not in text and "Revision-Date" not in text


def test_update_marks_a_changed_message_fuzzy_and_drops_a_removed_one(scratch_locales, monkeypatch):
    catalogues.update("ar")
    done = read(scratch_locales)
    done["Days"].string, done["Months"].string = "الأيام", "الأشهر"
    with scratch_locales.open("wb") as file:
        write_po(file, done)
    changed = Catalog(domain="article_evidence")
    changed.add("The days")
    monkeypatch.setattr(catalogues, "templates", lambda with_pages=True: {"x": changed})
    catalogues.update("ar")
    after = read(scratch_locales)
    assert [m.id for m in after if m.id] == ["The days"]
    assert after["The days"].fuzzy and after["The days"].string == "الأيام"
    problems = catalogues.problems("ar")
    assert [p.rule for p in problems] == ["fuzzy"]


def test_check_names_untranslated_and_missing_messages(scratch_locales):
    catalogues.update("ar")
    problems = catalogues.problems("ar")
    assert [(p.message, p.rule) for p in problems] == [
        ("Days", "untranslated"),
        ("Months", "untranslated"),
    ]
    assert problems[0].where.startswith(scratch_locales.parent.name) or ".po:" in problems[0].where


def test_every_message_of_the_book_is_translated():
    """Pages (Sphinx's gettext builder), code and data: none missing, empty or fuzzy."""
    problems = catalogues.problems("ar", with_pages=True)
    assert not problems, "\n".join(map(str, problems[:40]))


def test_every_translation_keeps_its_markup_and_the_glossary():
    problems = catalogues.translation_problems("ar")
    assert not problems, "\n".join(map(str, problems[:40]))
