"""The timeline chapter's computations and figure follow the data, and can be caught wrong."""

import re

import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from test_figure_text import THRESHOLD, Case, measure

from article_evidence import evidence, figtext, style, timeline

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(autouse=True)
def house_style():
    style.apply()  # again per test: pytest resets warning filters around each test


@pytest.fixture(scope="module")
def ev():
    return evidence.load()


@pytest.fixture(scope="module")
def frame(ev):
    return timeline.timeline_frame(ev)


@pytest.fixture(scope="module")
def figure(ev):
    return timeline.draw_timeline(ev)


def by_gid(fig, gid: str) -> list:
    return fig.findobj(lambda artist: artist.get_gid() == gid)


def days(length: str) -> int:
    """Days in a computed length: '... 1 year, 3 months, 10 days (467 days)' or '... 12 days'."""
    return int(re.findall(r"(\d+) days?\)?$", length)[0])


# --- the article's events --------------------------------------------------------------------


def test_event_table_has_every_event_in_time_order(ev):
    table = timeline.event_table(ev)
    assert sorted(table["Event"]) == sorted(ev.events["event_id"])
    starts = ev.events.set_index("event_id").loc[table["Event"], "start"]
    assert starts.is_monotonic_increasing


def test_event_table_refuses_a_date_the_resolver_does_not_give(scratch):
    # "last October" (P10) stored as if it began in September
    line = next(i for i, text in enumerate(scratch.lines("events"), 1) if text.startswith("li_re"))
    scratch.replace_in_line("events", line, "2023-10-01,2023-10-31", "2023-09-01,2023-10-31")
    loaded = evidence.load(scratch.data, scratch.article)
    with pytest.raises(ValueError, match="li_removed: resolver gives"):
        timeline.event_table(loaded)


# --- article and record together ---------------------------------------------------------------


def test_timeline_frame_keeps_provenance(ev, frame):
    article, context = (frame[frame["provenance"] == p] for p in ("article", "context"))
    assert sorted(article["row_id"]) == sorted(ev.events["event_id"])
    assert sorted(context["row_id"]) == sorted(
        ev.context_facts.loc[ev.context_facts["event_id"].notna(), "fact_id"]
    )
    assert article["paragraph_id"].notna().all() and article["source_url"].isna().all()
    assert context["source_url"].notna().all() and context["paragraph_id"].isna().all()
    assert evidence.check_provenance(frame) is frame


def test_record_falls_inside_the_article_dates_it_checks(ev):
    table = timeline.record_table(ev)
    assert set(table["Inside the article's dates"]) == {"yes"}


def test_record_outside_the_article_is_reported(ev):
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == "summit_date"][0]
    facts.loc[row, ["start", "end"]] = facts.loc[row, "start"] + pd.Timedelta(days=20)
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    table = timeline.record_table(changed).set_index("Fact")
    assert table.loc["summit_date", "Inside the article's dates"] == "no"


# --- durations -----------------------------------------------------------------------------------


def test_record_durations_lie_within_the_article_bounds(ev):
    table = timeline.durations(ev)
    for _, group in table.groupby("Duration", sort=False):
        article, context = group.to_dict("records")
        assert article["Basis"].startswith("article (P") and context["Basis"].startswith("context")
        assert days(article["Shortest"]) <= days(context["Shortest"])
        assert days(context["Longest"]) <= days(article["Longest"])


def test_durations_are_computed_from_the_data(ev):
    before = timeline.durations(ev).set_index(["Duration", "Basis"])
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == "summit_date"][0]
    facts.loc[row, ["start", "end"]] = facts.loc[row, "start"] + pd.Timedelta(days=1)
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    after = timeline.durations(changed).set_index(["Duration", "Basis"])
    moved = (after["Longest"] != before["Longest"]).to_numpy().nonzero()[0]
    assert len(moved) == 1  # only the record's closure-to-summit duration
    assert days(after["Longest"].iloc[moved[0]]) == days(before["Longest"].iloc[moved[0]]) + 1


def test_an_undated_meeting_bounds_the_cut_from_above_only(ev):
    cut = timeline.durations(ev)
    cut = cut[cut["Duration"].str.startswith("Chase")]
    # the meeting may have followed the trip at once
    assert [days(shortest) for shortest in cut["Shortest"]] == [0, 0]
    assert all(days(length) > 0 for length in cut["Longest"])


def test_quoted_values_are_the_tables(ev):
    quoted = timeline.quoted_values(ev)
    table = timeline.durations(ev)
    shown = list(table["Shortest"]) + list(table["Longest"])
    shown += list(timeline.arithmetic_checks(ev)["Computed"])
    assert all(any(cell.endswith(f": {value}") for cell in shown) for value in quoted.values())
    assert len(quoted) == 4 * len(timeline.DURATIONS) + len(timeline.CHECK_KEYS)
    assert table["Longest"].iloc[1].endswith(quoted["closed_context_longest"])


# --- the article's arithmetic ------------------------------------------------------------------


def test_six_months_after_pelosi_is_last_february(ev):
    checks = timeline.arithmetic_checks(ev)
    six = checks[checks["Claim"].str.contains("6 أشهر")].to_dict("records")
    assert ": 6 months (" in six[0]["Computed"]  # the article's own count
    assert "the same month as 'last February'" in six[0]["Note"]
    assert ": 6 months, " in six[1]["Computed"]  # by the day: six months and some days


def test_nearly_three_years_is_longer_than_the_record(ev):
    spans = [row for row in timeline.check_spans(ev) if "3 سنوات" in row[0]]
    (_, basis, said, _), *record = spans
    assert basis.startswith("article") and said.length.startswith("3 years")
    assert record and all(b.startswith("context (") for _, b, _, _ in record)
    for _, _, span, _ in record:
        assert span.last == said.last  # both count up to the report ...
        assert said.first < span.first  # ... but the article starts earlier than any record


def test_nearly_three_years_reaches_back_before_aquilino_took_command(ev):
    said = next(span for claim, basis, span, _ in timeline.check_spans(ev) if "P15" in basis)
    command = ev.context_facts.set_index("fact_id").loc[timeline.COMMAND_FACT, "start"]
    assert said.first < command.date()


# --- the figure --------------------------------------------------------------------------------


def test_meeting_is_drawn_as_an_interval_not_a_point(figure, frame):
    for row in frame[frame["event_id"] == "chase_liu_meeting"].to_dict("records"):
        (mark,) = by_gid(figure, f"{row['provenance']}:{row['row_id']}")
        assert isinstance(mark, Rectangle) and mark.get_linestyle() == "--"
        assert mark.get_width() == (row["end"] - row["start"]).days + 1


def test_a_day_is_drawn_as_a_point(figure, frame):
    for row in frame[frame["precision"] == "day"].to_dict("records"):
        (mark,) = by_gid(figure, f"{row['provenance']}:{row['row_id']}")
        assert isinstance(mark, Line2D) and mark.get_marker() in ("o", "D")


def test_article_and_record_look_different(figure):
    article = by_gid(figure, "article:ft_report")[0]
    outside = by_gid(figure, "context:ft_report_date")[0]
    assert article.get_color() != outside.get_color()
    assert article.get_marker() != outside.get_marker()


def test_every_mark_is_inside_a_panel(frame):
    for row in frame.to_dict("records"):
        first, last = timeline.PANELS[timeline.panel_of(row)]
        assert first <= row["start"].date() and row["end"].date() <= last


def test_a_date_no_panel_shows_is_refused(frame):
    day = pd.Timestamp("2001-09-11")  # after 1979, before 2019: no panel
    row = frame.iloc[0].to_dict() | {"start": day, "end": day}
    with pytest.raises(ValueError, match="outside every panel"):
        timeline.panel_of(row)


def test_legend_tells_article_from_outside_context(figure):
    (legend,) = figure.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert "The article's own dates:" in texts and "Outside context:" in texts


def expected_labels(frame) -> set[str]:
    labelled = frame[frame["label_ar"].notna()]
    return set(labelled["label_ar"])


def test_every_arabic_label_goes_through_figtext(ev, frame, monkeypatch):
    monkeypatch.setattr(figtext, "ar", lambda text: f"<ar>{text}</ar>")
    fig = timeline.draw_timeline(ev)
    arabic = [t.get_text() for t in fig.findobj(Text) if ARABIC.search(t.get_text())]
    assert all(text.startswith("<ar>") and text.endswith("</ar>") for text in arabic)
    assert {text[4:-5] for text in arabic} == expected_labels(frame)
    rows_with_record_label = frame.loc[
        (frame["provenance"] == "context") & frame["label_ar"].notna(), "event_id"
    ].nunique()
    assert len(arabic) == len(ev.events) + rows_with_record_label


# The oracle of tests/test_figure_text.py, run on every Arabic string the figure draws: the test
# above proves these are exactly the logical strings handed to figtext.ar.
LABELS = sorted(expected_labels(timeline.timeline_frame(evidence.load())))


@pytest.mark.parametrize("label", LABELS)
def test_figure_label_matches_harfbuzz(label):
    result = measure(Case(f"timeline:{label}", label))
    assert result.correct < THRESHOLD, f"{label!r} drawn unlike HarfBuzz: {result.correct:.3f}"
    for name, (score, must_be_wrong) in result.controls.items():
        assert not must_be_wrong or score > THRESHOLD, f"{name} of {label!r} passes: {score:.3f}"
