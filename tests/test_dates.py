"""Each of the article's time expressions resolves to the right date or interval."""

import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from article_evidence import dates, evidence, language

A = dates.ANCHOR  # Wednesday 2023-12-13, the FT report


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("الأربعاء", date(2023, 12, 13), date(2023, 12, 13), "day"),
        ("الشهر الماضي", date(2023, 11, 1), date(2023, 11, 30), "month"),
        ("فبراير الماضي", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("أكتوبر الماضي", date(2023, 10, 1), date(2023, 10, 31), "month"),
        ("أغسطس 2022", date(2022, 8, 1), date(2022, 8, 31), "month"),
        ("عام 2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("عام 1979", date(1979, 1, 1), date(1979, 12, 31), "year"),
        ("1979", date(1979, 1, 1), date(1979, 12, 31), "year"),
        ("منذ عام 2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("منذ ما يقرب من 3 سنوات", date(2020, 12, 13), date(2023, 12, 13), "approximate"),
        ("منذ ما يقرب من ٣ سنوات", date(2020, 12, 13), date(2023, 12, 13), "approximate"),
    ],
)
def test_expression(expression, start, end, precision):
    resolved = dates.resolve(expression, A)
    assert (resolved.start, resolved.end, resolved.precision) == (start, end, precision)


def test_six_months_after_pelosi_is_february_2023():
    pelosi = dates.resolve("أغسطس 2022", A)
    trip = dates.resolve("بعد 6 أشهر من زيارة بيلوسي", A, reference=pelosi)
    assert (trip.start, trip.end, trip.precision) == (date(2023, 2, 1), date(2023, 2, 28), "month")
    # The article's arithmetic holds: the same month as "last February" in P01.
    february = dates.resolve("فبراير الماضي", A)
    assert (trip.start, trip.end) == (february.start, february.end)


def test_relative_expression_needs_its_reference():
    with pytest.raises(dates.UnresolvedExpression):
        dates.resolve("بعد 6 أشهر من زيارة بيلوسي", A)


def test_last_month_named_like_the_anchor_month_is_a_year_back():
    resolved = dates.resolve("ديسمبر الماضي", A)
    assert (resolved.start, resolved.end) == (date(2022, 12, 1), date(2022, 12, 31))


def test_weekday_counts_back_from_the_anchor():
    assert dates.resolve("الاثنين", A).start == date(2023, 12, 11)


def test_unknown_expression_is_an_error_not_a_guess():
    with pytest.raises(dates.UnresolvedExpression):
        dates.resolve("قريباً", A)


def test_meeting_is_an_interval_between_trip_and_summit():
    trip = dates.resolve("فبراير الماضي", A)
    summit = dates.resolve("الشهر الماضي", A)
    meeting = dates.between(trip, summit)
    assert meeting.precision == "interval"
    # before a summit that may have been on 30 Nov: on 29 Nov at the latest
    assert (meeting.start, meeting.end) == (date(2023, 2, 1), date(2023, 11, 29))
    with pytest.raises(ValueError):
        dates.between(summit, trip)


def test_event_cycle_is_refused():
    rows = [
        {"event_id": "a", "after_event_id": "b", "before_event_id": "b"},
        {"event_id": "b", "after_event_id": "a", "before_event_id": "a"},
    ]
    with pytest.raises(ValueError, match="cycle"):
        dates.resolve_events(rows)


def test_every_event_row_matches_the_resolver():
    events = evidence.load().events
    rows = events.astype(object).where(events.notna(), None).to_dict("records")
    resolved = dates.resolve_events(rows)
    for row in rows:
        got = resolved[row["event_id"]]
        stored = (row["start"].date(), row["end"].date(), row["precision"])
        assert (got.start, got.end, got.precision) == stored, row["event_id"]


def test_durations_are_told_in_calendar_units():
    delta = dates.span_in_months(date(2021, 8, 1), date(2023, 12, 13))
    assert dates.describe(delta) == "2 years, 4 months, 12 days"


def test_an_undated_event_may_follow_another_undated_one():
    rows = [
        {"event_id": "trip", "time_expression_ar": "فبراير الماضي"},
        {"event_id": "summit", "time_expression_ar": "الشهر الماضي"},
        {"event_id": "halt", "after_event_id": "trip", "before_event_id": "meeting"},
        {"event_id": "meeting", "after_event_id": "halt", "before_event_id": "summit"},
    ]
    resolved = dates.resolve_events(rows)
    # the halt may come on the trip's first day and precedes the meeting, a day before it at
    # the latest; the meeting follows the halt, a day after it at the earliest, and comes a day
    # before the summit's last possible day at the latest
    expected = {
        "halt": (date(2023, 2, 1), date(2023, 11, 28)),
        "meeting": (date(2023, 2, 2), date(2023, 11, 29)),
    }
    for event_id, (start, end) in expected.items():
        got = resolved[event_id]
        assert (got.start, got.end, got.precision) == (start, end, "interval")
    # the days are a window; the order is kept apart: the meeting comes after the halt
    assert dates.order_after(rows, "meeting") == ["halt", "trip"]
    assert dates.lies_between(rows, "trip", "meeting") == ["halt"]
    assert dates.lies_between(rows, "halt", "meeting") == []
    assert dates.lies_between(rows, "summit", "meeting") == []


def test_an_order_in_a_cycle_is_refused():
    rows = [
        {"event_id": "trip", "time_expression_ar": "فبراير الماضي"},
        {"event_id": "a", "after_event_id": "b", "before_event_id": "trip"},
        {"event_id": "b", "after_event_id": "a", "before_event_id": "trip"},
    ]
    with pytest.raises(ValueError, match="cycle"):
        dates.resolve_events(rows)
    with pytest.raises(ValueError, match="cycle"):
        dates.order_after(rows, "a")


def test_an_order_that_runs_backwards_is_refused():
    rows = [
        {"event_id": "trip", "time_expression_ar": "فبراير الماضي"},
        {"event_id": "summit", "time_expression_ar": "الشهر الماضي"},
        {"event_id": "meeting", "after_event_id": "summit", "before_event_id": "trip"},
    ]
    with pytest.raises(ValueError, match="meeting: the 'after' event starts after"):
        dates.resolve_events(rows)


# --------------------------------------------------------------------------- told to readers

LATIN = re.compile("[A-Za-z]")


def test_english_dates_read_as_before():
    day, other = date(2023, 12, 13), date(2023, 12, 14)
    assert dates.format_day(day, "en") == dates.day_text(day, "en") == "13 Dec 2023"
    assert dates.format_month(day, "en") == "Dec 2023"
    assert dates.format_month(day, "en", full=True) == "December 2023"
    assert dates.format_year(day, "en") == "2023"
    assert dates.interval_text(day, other, "day", "en") == "13–14 Dec 2023"
    assert dates.interval_text(date(2019, 11, 18), date(2019, 11, 24), "approximate", "en") == (
        "about Nov 2019 to 24 Nov 2019"
    )
    assert dates.interval_text(day, other, "interval", "en") == (
        "between 13 Dec 2023 and 14 Dec 2023"
    )
    assert dates.count(1, "day", "en") == "1 day"
    assert dates.count(511, "day", "en") == "511 days"
    assert dates.describe(relativedelta(), "en") == "0 days"


@pytest.mark.parametrize("month", range(1, 13))
def test_arabic_months_come_from_the_glossary(month):
    day = date(2023, month, 13)
    name = language.term(f"month_{month:02d}", "ar")
    assert dates.format_day(day, "ar") == f"13 {name} 2023"
    assert dates.format_month(day, "ar") == dates.format_month(day, "ar", full=True)
    assert dates.format_month(day, "ar") == f"{name} 2023"
    assert not LATIN.search(name)


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (date(2023, 12, 13), date(2023, 12, 13), "day"),
        (date(2023, 12, 13), date(2023, 12, 14), "day"),
        (date(2023, 11, 30), date(2023, 12, 1), "day"),
        (date(2023, 2, 1), date(2023, 2, 28), "month"),
        (date(2019, 1, 1), date(2019, 12, 31), "year"),
        (date(2020, 12, 13), date(2023, 12, 13), "approximate"),
        (date(2023, 2, 3), date(2023, 11, 13), "interval"),
    ],
)
def test_arabic_intervals_have_no_latin_letters_and_western_digits(start, end, precision):
    text = dates.interval_text(start, end, precision, "ar")
    assert not LATIN.search(text), text
    assert str(start.year) in text
    assert not re.search("[٠-٩]", text), text  # the article's Western digits


@pytest.mark.parametrize(
    ("n", "unit", "arabic"),
    [
        (0, "day", "0 يوم"),
        (1, "day", "يوم واحد"),
        (2, "day", "يومان"),
        (6, "month", "6 أشهر"),
        (10, "day", "10 أيام"),
        (11, "month", "11 شهراً"),
        (511, "day", "511 يوماً"),
        (100, "day", "100 يوم"),
        (102, "year", "102 سنة"),
        (103, "day", "103 أيام"),
    ],
)
def test_arabic_counts_follow_the_number(n, unit, arabic):
    """Arabic counts a noun by the number (CLDR's six categories), not by one or many."""
    assert dates.count(n, unit, "ar") == arabic


def test_arabic_lengths_join_their_parts_with_wa():
    delta = dates.span_in_months(date(2021, 8, 1), date(2023, 12, 13))
    assert dates.describe(delta, "ar") == "سنتان و4 أشهر و12 يوماً"
    assert dates.describe(relativedelta(), "ar") == "0 يوم"


def test_the_run_language_is_the_default(monkeypatch):
    monkeypatch.setattr(language, "_chosen", "ar")
    assert dates.format_day(A) == dates.format_day(A, "ar")
    assert dates.describe(relativedelta(days=3)) == "3 أيام"
    monkeypatch.setattr(language, "_chosen", "en")
    assert dates.format_day(A) == "13 Dec 2023"


@pytest.mark.parametrize(
    "call",
    [
        lambda: dates.interval_text(date(2023, 2, 3), date(2023, 11, 13), "interval", "ar"),
        lambda: dates.interval_text(date(2020, 12, 13), A, "approximate", "ar"),
        lambda: dates.count(511, "day", "ar"),
        lambda: dates.describe(relativedelta(years=1, months=2), "ar"),
    ],
)
def test_a_missing_arabic_message_is_an_error_not_english(monkeypatch, call):
    monkeypatch.setattr(language, "catalogue", lambda domain, lang: {})
    with pytest.raises(language.MissingTranslation):
        call()


@pytest.mark.parametrize(
    ("delta", "case", "arabic"),
    [
        (relativedelta(years=2, months=4), "nominative", "سنتان و4 أشهر"),
        (relativedelta(years=2, months=4), "genitive", "سنتين و4 أشهر"),  # منذ سنتين
        (relativedelta(years=2, months=4), "accusative", "سنتين و4 أشهر"),  # امتدت سنتين
        (relativedelta(months=1, days=2), "nominative", "شهر واحد ويومان"),
        (relativedelta(months=1, days=2), "genitive", "شهر واحد ويومين"),
        (relativedelta(months=1, days=2), "accusative", "شهراً واحداً ويومين"),
        (relativedelta(years=11, days=12), "genitive", "11 سنة و12 يوماً"),  # the same in any case
    ],
)
def test_arabic_lengths_take_the_case_of_their_sentence(delta, case, arabic):
    """After منذ or بـ a length is genitive, as an object accusative: only one and two show it."""
    assert dates.describe(delta, "ar", case) == arabic


def test_english_lengths_have_no_case():
    delta = relativedelta(years=2, months=1, days=1)
    for case in dates.CASES:
        assert dates.describe(delta, "en", case) == "2 years, 1 month, 1 day"


def test_an_unknown_case_is_an_error():
    with pytest.raises(ValueError, match="case must be one of"):
        dates.count(2, "year", "ar", "dative")


def test_a_missing_case_form_is_an_error_not_the_nominative(monkeypatch):
    forms = language.catalogue(language.CODE_DOMAIN, "ar")
    missing = {k: v for k, v in forms.items() if k[1] != "2 years (genitive)"}
    monkeypatch.setattr(language, "catalogue", lambda domain, lang: missing)
    assert dates.count(2, "year", "ar") == "سنتان"
    with pytest.raises(language.MissingTranslation, match="genitive"):
        dates.count(2, "year", "ar", "genitive")
