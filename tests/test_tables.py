"""The notebook table helper: escaping, Arabic marking, no index, same HTML on every run."""

import re

import pandas as pd
import pytest

from article_evidence.tables import arabic_styler, mark_arabic, show_table

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
