"""The timeline chapter's computations and figure follow the data, and can be caught wrong."""

import re
from datetime import date

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from test_figure_text import THRESHOLD, Case, measure

from article_evidence import catalogues, dates, evidence, figtext, language, style, timeline

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
    style.apply()  # a module's fixture comes before the per-test house style
    return timeline.draw_timeline(ev)


def by_gid(fig, gid: str) -> list:
    return fig.findobj(lambda artist: artist.get_gid() == gid)


def days(length: str) -> int:
    """Days in a computed length: '... 1 year, 3 months, 10 days (467 days)', '... 12 days', or
    'unknown: why' for a span whose ends may fall on one day (counted as 0); a length 'at
    the least (why)' counts its days."""
    if re.fullmatch(r"0 days|unknown: .+", length):
        return 0
    length = re.sub(r" at the least \(.+\)$", "", length)
    return int(re.findall(r"(\d+) days?\)?$", length)[0])


def rows(ev) -> list[dict]:
    return timeline.records(ev.events)


# --- the article's events --------------------------------------------------------------------


def test_event_table_has_every_event_in_time_order(ev):
    table = timeline.event_table(ev)
    assert sorted(table.index) == sorted(ev.events["event_id"])
    starts = ev.events.set_index("event_id").loc[table.index, "start"]
    assert starts.is_monotonic_increasing
    assert "Event" not in table and not any("_" in column for column in table)


def test_event_table_says_what_kind_of_event_each_is(ev):
    table = timeline.event_table(ev)
    kinds = ev.events.set_index("event_id")["event_kind"]
    assert list(table["Kind"]) == [timeline.KIND_TEXT[k] for k in kinds.loc[table.index]]
    assert table.loc["talks_2024", "Kind"] == "planned at publication"
    assert table.loc["aquilino_attempts", "Kind"] == "went on over the span"
    assert table.loc["normalisation", "Kind"] == "one occasion"


def test_event_table_gives_the_order_that_bounds_an_undated_event(ev):
    table = timeline.event_table(ev)
    assert table.loc["chase_liu_meeting", "Order"] == "after P07, before P03"
    assert table.loc["contacts_cut", "Order"] == "after P01, before P02"
    dated = ev.events.loc[ev.events["after_event_id"].isna(), "event_id"]
    assert set(table.loc[dated, "Order"]) == {""}


def test_event_table_refuses_a_date_the_resolver_does_not_give(scratch):
    # "last October" (P10) stored as if it began in September
    line = next(i for i, text in enumerate(scratch.lines("events"), 1) if text.startswith("li_re"))
    scratch.replace_in_line("events", line, "2023-10-01,2023-10-31", "2023-09-01,2023-10-31")
    loaded = evidence.load(scratch.data, scratch.article)
    with pytest.raises(ValueError, match="li_removed: resolver gives"):
        timeline.event_table(loaded)


# --- the meeting's bounds ------------------------------------------------------------------------


def test_the_meeting_comes_after_the_halt_which_comes_after_the_trip(ev):
    # P07: the trip made the embassy halt all contact; the meeting (P02) ended that halt
    assert dates.order_after(rows(ev), "chase_liu_meeting") == ["contacts_cut", "chase_trip"]
    assert dates.lies_between(rows(ev), "chase_trip", "chase_liu_meeting") == ["contacts_cut"]


def test_a_meeting_bounded_by_the_trip_itself_is_caught(scratch):
    # the old reading: the meeting bounded below by the trip, as if it could follow it at once
    line = next(i for i, t in enumerate(scratch.lines("events"), 1) if t.startswith("chase_liu"))
    scratch.replace_in_line(
        "events", line, ",contacts_cut,summit,2023-02-02,", ",chase_trip,summit,2023-02-01,"
    )
    loaded = evidence.load(scratch.data, scratch.article)
    assert dates.lies_between(rows(loaded), "chase_trip", "chase_liu_meeting") == []
    meeting = timeline.durations(loaded).loc["meeting"]
    assert set(meeting["Shortest possible"]) >= {"0 days"}


def test_the_trip_to_meeting_time_is_more_than_nothing(ev):
    meeting = timeline.durations(ev).loc["meeting"]
    assert list(meeting.index) == ["article", "context", "other"]
    halt = "the halt of contact (P07)"
    unknown = f"unknown: {halt} came in between, and no source dates it"
    # by the record: from his arrival to the day after it, at the least (the halt between)
    at_least = (
        f"17 Feb 2023 → 18 Feb 2023: 1 day at the least ({halt} came in between;"
        " no source dates it)"
    )
    assert list(meeting.loc[["article", "context"], "Shortest possible"]) == [unknown, at_least]
    assert "P07" in meeting.loc["article", "Based on"]
    assert all(days(length) > 0 for length in meeting["Longest possible"])


def test_newsweeks_reading_of_the_meeting_is_a_second_row(ev):
    meeting = timeline.durations(ev).loc["meeting"]
    other = meeting.loc["other"]
    assert "Newsweek" in other["Based on"] and other["Based on"].startswith("context, other")
    # November 2023 at the earliest: from 17 Feb to 1 Nov 2023
    assert other["Shortest possible"] == (
        "17 Feb 2023 → 1 Nov 2023: 8 months, 15 days (257 days) at the least"
        " (the halt of contact (P07) came in between; no source dates it)"
    )
    assert other["Longest possible"] == meeting.loc["context", "Longest possible"]


def test_no_sentence_says_the_meeting_may_have_followed_the_trip_at_once(ev):
    shown = timeline.durations(ev).to_string() + str(timeline.quoted_values(ev))
    assert "at once" not in shown and "(0 days" not in shown


# --- article and record together ---------------------------------------------------------------


def test_timeline_frame_keeps_provenance(ev, frame):
    article, context = (frame[frame["provenance"] == p] for p in ("article", "context"))
    assert sorted(article["row_id"]) == sorted(ev.events["event_id"])
    facts = ev.context_facts
    dating = facts["event_id"].notna() | facts["fact_id"].isin(timeline.EXTRA_FACTS)
    assert sorted(context["row_id"]) == sorted(facts.loc[dating, "fact_id"])
    assert article["paragraph_id"].notna().all() and article["source_url"].isna().all()
    assert context["source_url"].notna().all() and context["paragraph_id"].isna().all()
    assert evidence.check_provenance(frame) is frame


def test_record_falls_inside_the_article_dates_it_checks(ev):
    table = timeline.record_table(ev)
    assert set(table["Within the article's date"]) == {"yes"}


def test_record_outside_the_article_is_reported(ev):
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == "summit_date"][0]
    facts.loc[row, ["start", "end"]] = facts.loc[row, "start"] + pd.Timedelta(days=20)
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    table = timeline.record_table(changed)
    assert table.loc["summit_date", "Within the article's date"] == "no"


def test_record_shows_each_fact_confidence(ev):
    table = timeline.record_table(ev)
    confidence = ev.context_facts.set_index("fact_id").loc[table.index, "confidence"]
    assert list(table["Confidence"]) == list(confidence)
    assert table.loc["klinck_visit", "Confidence"] == "medium"


def test_an_approximate_week_is_shown_as_that_week(ev):
    table = timeline.record_table(ev)
    assert table.loc["klinck_visit", "Date in the record"] == "week of 18–24 Nov 2019"
    assert timeline.date_text(
        pd.Timestamp("2019-10-28"), pd.Timestamp("2019-11-03"), "approximate"
    ) == ("week of 28 Oct 2019 – 3 Nov 2019")


def test_an_approximate_span_longer_than_a_week_is_not_a_week(ev):
    eight_days = timeline.date_text(
        pd.Timestamp("2019-11-18"), pd.Timestamp("2019-11-25"), "approximate"
    )
    assert eight_days == "about Nov 2019 to 25 Nov 2019"
    table = timeline.record_table(ev)
    assert table.loc["aquilino_requests", "Date in the record"] == "about Aug 2021 to 16 Mar 2023"


def test_disagreements_show_both_dates(ev):
    table = timeline.disagreement_table(ev)
    facts = ev.context_facts
    dated = facts[facts["event_id"].notna() & facts["alt_start"].notna()]
    assert sorted(table.index) == sorted(dated["fact_id"])
    assert {"chase_in_taiwan", "normalisation_date", "meeting_date"} <= set(table.index)
    chase = table.loc["chase_in_taiwan"]
    assert (chase["Date in the record"], chase["Other date"]) == ("17 Feb 2023", "16 Feb 2023")
    communique = table.loc["normalisation_date"]
    assert (communique["Date in the record"], communique["Other date"]) == (
        "1 Jan 1979",
        "15–16 Dec 1978",
    )
    # the release falls in 1978, outside the article's 1979; relations took effect inside it
    assert communique["Other date within the article's date"] == "no"
    meeting = table.loc["meeting_date"]  # the FT's words against Newsweek's reading of them
    assert meeting["Source"].startswith("Financial Times") and "Newsweek" in meeting["Other source"]
    assert (meeting["Date in the record"], meeting["Other date"]) == (
        "between 18 Feb 2023 and 14 Nov 2023",
        "between 1 Nov 2023 and 14 Nov 2023",
    )
    assert "aquilino_requests" not in table.index  # the unsourced "2.5 years" is gone
    assert table.loc["klinck_visit", "Other date"] == "24 Nov 2019"  # a day, not "week of"
    assert table["What differs"].notna().all()


def test_disagreements_are_computed_from_the_data(ev):
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == "chase_in_taiwan"][0]
    facts.loc[row, ["alt_start", "alt_end"]] = pd.Timestamp("2023-01-31")
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    chase = timeline.disagreement_table(changed).loc["chase_in_taiwan"]
    assert chase["Other date"] == "31 Jan 2023"
    assert chase["Other date within the article's date"] == "no"


def test_tables_have_plain_english_headers(ev):
    for table in (
        timeline.event_table(ev),
        timeline.record_table(ev),
        timeline.disagreement_table(ev),
        timeline.durations(ev),
        timeline.arithmetic_checks(ev),
    ):
        for column in table.columns:
            assert re.fullmatch(r"[A-Z][a-z' ]+", column), column


# --- durations -----------------------------------------------------------------------------------


def test_record_durations_lie_within_the_article_bounds(ev):
    table = timeline.durations(ev)
    for _, group in table.groupby(level="key", sort=False):
        article, context, *_ = group.to_dict("records")
        assert article["Based on"].startswith("article (P")
        assert context["Based on"].startswith("context")
        assert days(article["Shortest possible"]) <= days(context["Shortest possible"])
        assert days(context["Longest possible"]) <= days(article["Longest possible"])


def test_durations_are_computed_from_the_data(ev):
    before = timeline.durations(ev)
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == "summit_date"][0]
    facts.loc[row, ["start", "end"]] = facts.loc[row, "start"] + pd.Timedelta(days=1)
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    after = timeline.durations(changed)
    moved = (after["Longest possible"] != before["Longest possible"]).to_numpy().nonzero()[0]
    assert len(moved) == 1  # only the record's closure-to-summit duration
    assert after.index[moved[0]] == ("closed", "context")
    longest = after["Longest possible"].iloc[moved[0]]
    assert days(longest) == days(before["Longest possible"].iloc[moved[0]]) + 1


def test_only_a_duration_with_an_event_between_may_be_more_than_nothing(ev):
    for row in timeline.duration_spans(ev):
        assert not row.longest.empty
        if row.shortest.empty:
            assert row.shortest.between and str(row.shortest).startswith("unknown: ")
        else:
            text = str(row.shortest)
            assert text.startswith(f"{row.shortest.first.day} ") and " → " in text
    assert str(timeline.Span(date(2023, 2, 1), date(2023, 2, 1))) == "0 days"


def test_quoted_values_are_the_tables(ev):
    quoted = timeline.quoted_values(ev)
    table = timeline.durations(ev)
    shown = list(table["Shortest possible"]) + list(table["Longest possible"])
    shown += list(timeline.arithmetic_checks(ev)["Computed span"])
    whole = {k: v for k, v in quoted.items() if not k.endswith("_bare")}
    assert all(
        any(cell == value or cell.endswith(f": {value}") for cell in shown)
        for value in whole.values()
    )
    # a bare length is the same length without the note on what came in between
    for key, value in quoted.items():
        if key.endswith("_bare"):
            assert whole[key.removesuffix("_bare")].startswith(value), key
    assert len(whole) == 2 * len(table) + len(timeline.CHECK_KEYS)
    assert table.loc[("closed", "context"), "Longest possible"].endswith(
        quoted["closed_context_longest"]
    )
    assert (
        table.loc[("meeting", "article"), "Shortest possible"]
        == (quoted["meeting_article_shortest"])
    )


def test_li_unseen_days_are_computed_from_the_data(ev):
    assert timeline.quoted_facts(ev) == {
        "li_last_seen": "29 Aug 2023",
        "li_unseen_days": "106 days",
    }
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == timeline.LAST_SEEN_FACT][0]
    facts.loc[row, ["start", "end"]] = facts.loc[row, "start"] - pd.Timedelta(days=3)
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    assert timeline.quoted_facts(changed) == {
        "li_last_seen": "26 Aug 2023",
        "li_unseen_days": "109 days",
    }


# --- the article's arithmetic ------------------------------------------------------------------


def test_six_months_after_pelosi_is_last_february(ev):
    checks = timeline.arithmetic_checks(ev)
    six = checks[checks["The article's words"].str.contains("6 أشهر")].to_dict("records")
    assert ": 6 months (" in six[0]["Computed span"]  # the article's own count
    assert "the same month as 'last February'" in six[0]["Note"]
    assert ": 6 months, " in six[1]["Computed span"]  # by the day: six months and some days


def test_nearly_three_years_is_longer_than_the_record(ev):
    spans = [row for row in timeline.check_spans(ev) if "3 سنوات" in row[0]]
    (_, basis, said, _), *record = spans
    assert basis.startswith("article") and said.length.startswith("3 years")
    assert len(record) == 4 and all(b.startswith("context (") for _, b, _, _ in record)
    for _, _, span, _ in record:
        assert said.first < span.first  # the article starts earlier than any record
        assert span.last <= said.last


def test_the_record_of_the_requests_is_usni_and_scmp(ev):
    checks = timeline.arithmetic_checks(ev)
    three = checks[checks["The article's words"].str.contains("3 سنوات")]
    usni, scmp = three.iloc[1], three.iloc[2]
    assert "USNI News, 16 Mar 2023" in usni["Based on"]
    assert usni["Computed span"] == "1 Aug 2021 → 16 Mar 2023: 1 year, 7 months, 15 days (592 days)"
    assert "a year and a half" in usni["Note"]
    assert "SCMP, 24 May 2023" in scmp["Based on"] and "yet to be approved" in scmp["Note"]
    assert "2.5" not in checks.to_string()


def test_wider_record_is_computed_from_the_data(ev):
    record = timeline.wider_record(ev)
    assert record["balloon_to_arrival"] == "13 days"  # 4 Feb to 17 Feb 2023
    assert record["declined_to_arrival"] == "10 days"  # announced 7 Feb
    assert (record["post_age_shortest"], record["post_age_longest"]) == (
        "3 years, 7 months",
        "3 years, 8 months",
    )
    assert record["since_normalisation"] == "44 years, 1 month"
    # the defence chiefs' silence runs from Austin-Wei, not from Li's dismissal
    assert record["ministers_last_met"] == "22 Nov 2022"
    assert record["ministers_silent_total"] == "1 year, 4 months, 25 days (511 days)"
    facts = ev.context_facts.copy()
    row = facts.index[facts["fact_id"] == "austin_wei_meeting"][0]
    facts.loc[row, ["start", "end"]] = facts.loc[row, "start"] + pd.Timedelta(days=1)
    changed = evidence.Evidence({**ev.tables, "context_facts": facts}, ev.article, {})
    assert timeline.wider_record(changed)["ministers_silent_total"].endswith("(510 days)")


def test_nearly_three_years_reaches_back_before_aquilino_took_command(ev):
    said = next(span for claim, basis, span, _ in timeline.check_spans(ev) if "P15" in basis)
    command = ev.context_facts.set_index("fact_id").loc[timeline.COMMAND_FACT, "start"]
    assert said.first < command.date()


# --- the figure --------------------------------------------------------------------------------


def test_meeting_is_drawn_as_a_range_between_events_not_a_point(figure, frame):
    for row in frame[frame["event_id"] == "chase_liu_meeting"].to_dict("records"):
        (mark,) = by_gid(figure, f"{row['provenance']}:{row['row_id']}")
        assert isinstance(mark, Line2D) and mark.get_marker() == "|"
        assert mark.get_linestyle() == "--"
        first, last = mark.get_xdata()
        assert (last - first).days == (row["end"] - row["start"]).days + 1


def test_newsweeks_reading_is_drawn_in_the_meeting_row(figure, frame):
    (mark,) = by_gid(figure, "second:meeting_date")
    first, last = mark.get_xdata()
    assert (first.isoformat(), last.isoformat()) == ("2023-11-01", "2023-11-15")


def test_the_order_is_drawn_trip_to_halt_to_meeting(figure):
    arrows = [a for a in figure.findobj() if str(a.get_gid()).startswith("order:")]
    assert sorted(a.get_gid() for a in arrows) == [
        "order:chase_trip:contacts_cut",
        "order:contacts_cut:chase_liu_meeting",
    ]


def test_a_day_is_drawn_as_a_point(figure, frame):
    for row in frame[frame["precision"] == "day"].to_dict("records"):
        (mark,) = by_gid(figure, f"{row['provenance']}:{row['row_id']}")
        assert isinstance(mark, Line2D) and mark.get_marker() in ("o", "D")


def test_one_occasion_of_unknown_day_is_not_drawn_as_lasting(figure, frame):
    # 1979 and 2019 (P06) are one occasion each, somewhere in the year: a capped range, no bar
    for event_id in ("normalisation", "previous_senior_visit", "pelosi_visit", "li_removed"):
        (mark,) = by_gid(figure, f"article:{event_id}")
        assert isinstance(mark, Line2D) and mark.get_marker() == "|"
        assert mark.get_linestyle() == "-"


def test_what_went_on_is_a_filled_bar_and_what_was_planned_an_empty_one(figure, frame):
    lasting = frame.loc[frame["event_kind"] == "lasting", ["provenance", "row_id"]]
    assert len(lasting) >= 2
    for provenance, row_id in lasting.itertuples(index=False):
        (bar,) = by_gid(figure, f"{provenance}:{row_id}")
        assert isinstance(bar, Rectangle) and bar.get_facecolor()[3] > 0
    (planned,) = by_gid(figure, "article:talks_2024")
    assert isinstance(planned, Rectangle) and planned.get_facecolor()[3] == 0
    assert planned.get_linestyle() == ":"


def test_mark_kind_follows_event_kind_before_precision():
    assert timeline.mark_of("year", "planned") == "planned"
    assert timeline.mark_of("approximate", "lasting") == "lasting"
    assert timeline.mark_of("year", "moment") == "window"
    assert timeline.mark_of("interval", "moment") == "between"
    assert timeline.mark_of("day", "moment") == "day"


def test_article_and_record_look_different(figure):
    article = by_gid(figure, "article:ft_report")[0]
    outside = by_gid(figure, "context:ft_report_date")[0]
    assert article.get_color() != outside.get_color()
    assert article.get_marker() != outside.get_marker()


def test_every_mark_is_inside_a_panel(frame):
    for row in timeline.records(frame):
        for mark in timeline.marks_of(row):
            first, last = timeline.PANELS[timeline.panel_of(mark)]
            assert first <= mark.start and mark.end <= last


def test_a_date_no_panel_shows_is_refused(frame):
    day = date(2001, 9, 11)  # after 1979, before 2019: no panel
    mark = timeline.Mark("article:x", "article", "day", day, day, "day")
    with pytest.raises(ValueError, match="outside every panel"):
        timeline.panel_of(mark)


def test_rows_without_a_record_mark_are_the_ones_the_alt_text_names(figure, frame):
    # the figure's alt text: no record mark for the second dating of Chase's trip (P06), the
    # halt of contacts (P07) and the talks of 2024 (P09)
    unmarked = [
        event_id
        for event_id in frame.loc[frame["provenance"] == "article", "event_id"]
        if not figure.findobj(
            lambda artist, e=event_id: (
                str(artist.get_gid()).startswith("context:")
                and artist.get_gid()[len("context:") :]
                in set(frame.loc[frame["event_id"] == e, "row_id"])
            )
        )
    ]
    assert unmarked == ["chase_trip_six_months", "contacts_cut", "talks_2024"]


def legend_words(legend) -> list[str]:
    """A legend's texts without the blank lines that make its rows equally tall."""
    return [t.get_text().rstrip(" \n") for t in legend.get_texts()]


def test_legend_tells_article_from_outside_context(figure):
    (legend,) = figure.legends
    texts = legend_words(legend)
    assert {"The article:", "Outside context:", "A second source:", "Order:"} <= set(texts)
    for mark in ("day", "window", "between", "lasting", "planned", "order"):
        assert timeline.MARK_TEXT[mark] in texts


def expected_labels(frame) -> set[str]:
    labelled = frame[frame["label_ar"].notna()]
    return set(labelled["label_ar"])


def test_the_articles_labels_are_its_words(ev):
    """Every label of the article's rows is a verbatim span of its paragraph, apart from the
    paper's name, which the article writes in quotation marks."""
    for row in ev.events.itertuples():
        text = ev.paragraphs_text[row.paragraph_id]
        if row.event_id == "ft_report":
            assert row.label_ar.replace(" ", ' "', 1) + '"' in text
            continue
        assert row.label_ar in text, row.event_id


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


# --- the Arabic edition ------------------------------------------------------------------------

LATIN = re.compile("[A-Za-z]")
IDS = re.compile(r"\b[PC]\d\d\b")  # paragraph and claim ids stay as they are
TABLES = (
    timeline.event_table,
    timeline.record_table,
    timeline.disagreement_table,
    timeline.arithmetic_checks,
    timeline.durations,
)


def latin(text: str) -> list[str]:
    """The Latin letters left in a text once its ids are taken out."""
    return LATIN.findall(IDS.sub("", str(text)))


@pytest.fixture
def arabic_data(monkeypatch):
    """The real code catalogue, and for the data a stand-in Arabic text per cell: data.po is
    translated apart from the code, and the tables must be checked whatever its state."""
    real = language.catalogue
    stand_in = {
        (message.context, message.id): f"نص {number}"
        for number, message in enumerate(catalogues.data_template())
        if message.id
    }

    def catalogue(domain: str, lang: str):
        return stand_in if domain == language.DATA_DOMAIN else real(domain, lang)

    monkeypatch.setattr(language, "catalogue", catalogue)


def all_values(ev, lang: str) -> dict[str, str]:
    return (
        timeline.quoted_values(ev, lang)
        | timeline.quoted_facts(ev, lang)
        | timeline.wider_record(ev, lang)
    )


@pytest.mark.parametrize("table", TABLES, ids=[t.__name__ for t in TABLES])
def test_arabic_tables_are_arabic_and_the_same_shape(ev, arabic_data, table):
    english, arabic = table(ev, "en"), table(ev, "ar")
    assert english.shape == arabic.shape and list(english.index) == list(arabic.index)
    for header in arabic.columns:
        assert not latin(header), header
    for cell in arabic.to_numpy().ravel():
        assert pd.isna(cell) or not latin(cell), cell
    assert not re.search("[٠-٩]", arabic.to_string())  # the article's Western digits


def data_translations_latin() -> set[str]:
    """Latin words the data's own Arabic keeps (a site's name, an English quotation)."""
    return {
        word
        for translation in language.catalogue(language.DATA_DOMAIN, "ar").values()
        for word in re.findall("[A-Za-z]+", translation)
    }


@pytest.mark.parametrize("table", TABLES, ids=[t.__name__ for t in TABLES])
def test_arabic_tables_add_no_latin_to_the_datas_translations(ev, table):
    """With the real catalogues: any Latin left is the data translation's own, none the code's."""
    arabic = table(ev, "ar")  # data.po is complete: the build fails otherwise
    kept = data_translations_latin()
    words = {
        w for cell in arabic.to_numpy().ravel() if not pd.isna(cell) for w in latin_words(cell)
    }
    assert words <= kept, words - kept
    assert not {w for header in arabic.columns for w in latin_words(header)}


def latin_words(text) -> list[str]:
    return re.findall("[A-Za-z]+", IDS.sub("", str(text)))


@pytest.mark.parametrize("table", TABLES, ids=[t.__name__ for t in TABLES])
def test_english_tables_are_the_runs_default(ev, table):
    assert table(ev).equals(table(ev, "en"))


def test_the_articles_words_stay_its_arabic(ev, arabic_data):
    english, arabic = timeline.event_table(ev, "en"), timeline.event_table(ev, "ar")
    words = language.tr("The article's words", "ar")
    assert arabic[words].equals(english["The article's words"].rename(words))


def test_arabic_durations_read_as_arabic_counts(ev, arabic_data):
    values = all_values(ev, "ar")
    assert values.keys() == all_values(ev, "en").keys()
    assert not any(latin(value) for value in values.values()), values
    # the same numbers as the English, told with Arabic counted nouns
    assert values["ministers_silent_total"] == "سنة واحدة و4 أشهر و25 يوماً (511 يوماً)"
    assert values["li_unseen_days"] == "106 أيام"
    assert values["li_last_seen"] == "29 أغسطس 2023"
    assert all_values(ev, "en")["li_unseen_days"] == "106 days"


def test_arabic_spans_point_their_arrow_the_way_they_are_read(ev, arabic_data):
    spans = timeline.arithmetic_checks(ev, "ar").iloc[:, 2]
    assert all("←" in span and "→" not in span for span in spans)


# What each public function takes from each catalogue: the code's strings, the data's cells.
USES_CODE = {
    **{t.__name__: t for t in TABLES},
    "quoted_values": timeline.quoted_values,
    "quoted_facts": timeline.quoted_facts,
    "wider_record": timeline.wider_record,
    "draw_timeline": timeline.draw_timeline,
}
USES_DATA = {name: USES_CODE[name] for name in [t.__name__ for t in TABLES] + ["quoted_values"]}
MISSING = [("code", name) for name in USES_CODE] + [("data", name) for name in USES_DATA]


@pytest.mark.parametrize(("missing", "name"), MISSING)
def test_a_missing_translation_is_an_error_not_english(ev, monkeypatch, missing, name):
    real = language.catalogue
    empty = language.CODE_DOMAIN if missing == "code" else language.DATA_DOMAIN

    def catalogue(domain: str, lang: str):
        return {} if domain == empty else real(domain, lang)

    monkeypatch.setattr(language, "catalogue", catalogue)
    with pytest.raises(language.MissingTranslation):
        USES_CODE[name](ev, "ar")


@pytest.fixture(scope="module")
def arabic_figure(ev):
    handed: list[str] = []
    original = figtext.ar

    def recording(text: str) -> str:
        handed.append(text)
        return original(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figtext, "ar", recording)
        style.apply()
        fig = timeline.draw_timeline(ev, "ar")
    return fig, handed


def test_every_word_of_the_arabic_figure_is_arabic(arabic_figure):
    fig, handed = arabic_figure
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
    words = [text for text in texts if not re.fullmatch(r"[\d\s]+", text)]  # years on the axis
    assert words and not [text for text in words if latin(text)]
    allowed = {figtext.ar(text) for text in handed}
    arabic = [text for text in texts if ARABIC.search(text)]
    assert set(arabic) <= allowed, "Arabic drawn without figtext.ar"
    assert (
        language.tr("still asking in {month}; no call before his handover", "ar").format(
            month="مايو 2023"
        )
        in handed
    )  # the month comes from the record's day


def test_the_arabic_figure_draws_the_same_marks(ev, figure, arabic_figure):
    def gids(fig):
        return sorted(str(a.get_gid()) for a in fig.findobj() if a.get_gid())

    assert gids(figure) == gids(arabic_figure[0])
    assert len(figure.legends[0].get_texts()) == len(arabic_figure[0].legends[0].get_texts())


def test_the_arabic_legend_reads_right_to_left(arabic_figure):
    fig, _ = arabic_figure
    (legend,) = fig.legends
    canvas = FigureCanvasAgg(fig)  # pyplot has closed the figure: draw it on a canvas of its own
    canvas.draw()
    renderer = canvas.get_renderer()
    titles = {figtext.ar(language.tr(t, "ar")) for t in timeline.LAYER_TEXT.values()}
    texts = [t for t in legend.get_texts() if t.get_text().strip()]
    words = {t: t.get_text().rstrip(" \n") for t in texts}
    title_x = [t.get_window_extent(renderer).x0 for t in texts if words[t] in titles]
    key_x = [t.get_window_extent(renderer).x1 for t in texts if words[t] not in titles]
    assert title_x and min(title_x) > max(key_x)  # the row titles in the rightmost column
    (english,) = timeline.draw_timeline(evidence.load(), "en").legends
    assert legend_words(english)[0] == "The article:"  # English: titles first, left


ARABIC_FIGURE_TEXT = sorted(
    {
        line
        for message in (*timeline.MARK_TEXT.values(), *timeline.LAYER_TEXT.values())
        for line in language.tr(message, "ar").split("\n")
    }
    | {language.tr(timeline.ANCHOR_TEXT, "ar")}
)


@pytest.mark.parametrize("label", ARABIC_FIGURE_TEXT)
def test_arabic_figure_words_match_harfbuzz(label):
    result = measure(Case(f"timeline:{label}", label))
    assert result.correct < THRESHOLD, f"{label!r} drawn unlike HarfBuzz: {result.correct:.3f}"


@pytest.mark.parametrize("language_", ["en", "ar"])
def test_each_legend_row_lines_up_across_its_columns(ev, language_):
    """A row title and the keys of its row sit at one height: the second source's dashed
    range is in the row "A second source:", not level with the row below it."""
    fig = timeline.draw_timeline(ev, language_)
    (legend,) = fig.legends
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = legend.get_texts()
    columns = legend._ncols
    rows = len(texts) // columns
    assert rows * columns == len(texts)  # a full grid, filled column by column
    # a row off by a line is off by a font size; glyphs of their own height differ by less
    tolerance = legend.prop.get_size_in_points() * fig.dpi / 72 / 3
    for row in range(rows):
        tops = [texts[c * rows + row].get_window_extent(renderer).y1 for c in range(columns)]
        assert max(tops) - min(tops) <= tolerance, (row, tops)


def test_aquilino_s_note_stays_clear_of_the_anchor_line(ev):
    fig = timeline.draw_timeline(ev, "ar")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (note,) = [t for t in fig.findobj() if t.get_gid() == "context:aquilino_still_asking_text"]
    ax = note.axes
    anchor_x = ax.transData.transform((mdates.date2num(dates.ANCHOR), 0))[0]
    assert note.get_window_extent(renderer).x1 < anchor_x - 2
