"""The notebook table helper: escaping, Arabic marking, no index, same HTML on every run."""

import re

import pandas as pd
import pytest

from article_evidence import language
from article_evidence.tables import arabic_styler, listed, mark_arabic, mark_text, show_table

BDI = '<bdi lang="ar" dir="rtl">'


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "الجهة": ["وزارة الدفاع", "Pentagon", "<script>alert(1)</script>"],
            "note": ["Hegseth (هيغسيث) & co", "a < b", "plain"],
            "score": [1.5, None, 3.0],
        }
    )


def cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html)


def test_every_value_is_escaped(frame):
    html = show_table(frame)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &lt; b" in html
    assert "&amp; co" in html


def test_bdi_only_on_arabic(frame):
    body = cells(show_table(frame)._repr_html_())
    marked = [cell for cell in body if BDI in cell]
    assert marked == [f"{BDI}وزارة الدفاع</bdi>", f"Hegseth ({BDI}هيغسيث</bdi>) &amp; co"]
    assert body.count("Pentagon") == 1


def test_arabic_header_is_marked(frame):
    header = f'<th class="col_heading level0 col0" >{BDI}الجهة</bdi></th>'
    assert header in show_table(frame)._repr_html_()


def test_mark_arabic_wraps_arabic_first_text_whole():
    assert mark_arabic("قال 3 & Co") == f"{BDI}قال 3 &amp; Co</bdi>"
    assert mark_arabic("no Arabic <b>") == "no Arabic &lt;b&gt;"


def test_no_index_column(frame):
    html = show_table(frame)._repr_html_()
    assert "row_heading" not in html
    assert "blank" not in html
    assert re.search(r"<th[^>]*>\s*</th>", html) is None


def test_output_is_deterministic(frame):
    first, second = show_table(frame, caption="Sources"), show_table(frame, caption="Sources")
    assert first._repr_html_() == second._repr_html_()
    assert repr(first) == repr(second)
    assert "0x" not in repr(first)
    assert 'id="T_' in first._repr_html_()


def test_ids_differ_between_tables(frame):
    other = frame.assign(score=[0.0, 0.0, 0.0])
    table_id = re.compile(r'<table id="([^"]+)"')
    first, second = (table_id.search(arabic_styler(df).to_html())[1] for df in (frame, other))
    assert first != second


def test_caption_is_escaped_and_marked(frame):
    html = show_table(frame, caption="Actors & الفاعلون")._repr_html_()
    assert f"<caption>Actors &amp; {BDI}الفاعلون</bdi></caption>" in html


def test_missing_values_are_empty(frame):
    assert cells(show_table(frame, precision=1)._repr_html_())[5] == ""


# --------------------------------------------------------------------------- the Arabic edition

EN = '<bdi lang="en" dir="ltr">'
IDS = '<bdi dir="ltr">'


@pytest.fixture
def arabic_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "الفقرة": ["P07, P09", "P01–P03", "12"],
            "فاينانشيال تايمز": [
                '"has met <his> counterpart"',
                "https://x.example/a?b=1&c=2",
                "نص",
            ],
            "ملاحظة": ["Hegseth (هيغسيث) & co", "قال 3 & Co", None],
        }
    )


def test_arabic_edition_isolates_latin_text_as_english(arabic_frame):
    body = cells(show_table(arabic_frame, language="ar")._repr_html_())
    assert f"{EN}&quot;has met &lt;his&gt; counterpart&quot;</bdi>" in body
    assert f"{EN}https://x.example/a?b=1&amp;c=2</bdi>" in body
    assert f"{EN}Hegseth ({BDI}هيغسيث</bdi>) &amp; co</bdi>" in body  # Latin first, Arabic inside


def test_arabic_edition_marks_arabic_first_text_as_arabic(arabic_frame):
    html = show_table(arabic_frame, caption="الجدول & الفقرات", language="ar")._repr_html_()
    assert f"{BDI}قال 3 &amp; Co</bdi>" in cells(html)
    assert f"{BDI}نص</bdi>" in cells(html)
    assert mark_text("P07: قال & س", "ar") == f"{BDI}P07: قال &amp; س</bdi>"
    assert f"<caption>{BDI}الجدول &amp; الفقرات</bdi></caption>" in html
    assert f"{BDI}الفقرة</bdi>" in html


def test_arabic_edition_isolates_ids_without_a_language(arabic_frame):
    body = cells(show_table(arabic_frame, language="ar")._repr_html_())
    assert f"{IDS}P07, P09</bdi>" in body and f"{IDS}P01–P03</bdi>" in body
    assert "12" in body  # a number has no direction of its own to keep: left as it is


def test_arabic_edition_isolates_ids_listed_with_the_arabic_comma():
    assert mark_text("P01، P03، P04", "ar") == f"{IDS}P01، P03، P04</bdi>"


def test_arabic_edition_reads_a_quotation_followed_by_arabic_as_arabic():
    """An English quotation of the FT with its Arabic meaning after it is an Arabic sentence:
    right to left, the quotation inside it isolated as English, as in the Arabic prose."""
    text = "«has met <his> counterpart» (أي: التقى نظيره & س)"
    assert mark_text(text, "ar") == (
        f"{BDI}«{EN}has met &lt;his&gt; counterpart</bdi>» (أي: التقى نظيره &amp; س)</bdi>"
    )
    # a quotation with nothing Arabic after it stays English; an Arabic one is not isolated
    assert mark_text("«derailed»", "ar") == f"{EN}«derailed»</bdi>"
    assert mark_text("«نعم» قال", "ar") == f"{BDI}«نعم» قال</bdi>"


def test_a_list_in_a_cell_takes_the_editions_comma():
    assert listed(["P01", "P03"], "en") == "P01, P03"
    assert listed(["P01", "P03"], "ar") == "P01، P03"
    assert listed([], "ar") == ""


def test_english_edition_marks_only_arabic(arabic_frame):
    html = show_table(arabic_frame, language="en")._repr_html_()
    assert EN not in html and IDS not in html
    assert html == show_table(arabic_frame)._repr_html_()


def test_the_runs_language_chooses_the_marking(arabic_frame, monkeypatch):
    monkeypatch.setattr(language, "_chosen", "ar")
    assert show_table(arabic_frame)._repr_html_() == (
        show_table(arabic_frame, language="ar")._repr_html_()
    )


def test_nothing_is_wrapped_unescaped_in_either_edition():
    for edition in ("en", "ar"):
        for text in ["<b>x</b>", "<b>س</b>", "P07 <i>", "a & ب"]:
            assert "<b>" not in mark_text(text, edition) and "<i>" not in mark_text(text, edition)
