"""Resolve the article's own time expressions into dates or intervals.

The article dates almost nothing absolutely ("Wednesday", "last month", "6 months after
Pelosi's visit"). Each expression resolves against the anchor, the day of the Financial Times
report the article relays (Wednesday 2023-12-13, see ``seeds/*.meta.json``), into an inclusive
interval with a precision: ``day``, ``month``, ``year``, ``approximate`` or ``interval``
(bounded only by other events).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

ANCHOR = date(2023, 12, 13)

MONTHS = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يوليو": 7,
    "أغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
}
WEEKDAYS = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
}
NUMBER_WORDS = {"ثلاث": 3, "ثلاثة": 3, "ستة": 6, "ست": 6}
EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
MONTH = "|".join(MONTHS)
NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"


@dataclass(frozen=True)
class Resolved:
    """An inclusive date interval, how precisely it is known, and the rule that gave it."""

    start: date
    end: date
    precision: str
    rule: str


class UnresolvedExpression(ValueError):
    """The expression matches no rule: better an error than a guessed date."""


# The one grammar for a stored date: YYYY-MM-DD, zero padded, ASCII digits, a real calendar
# day, and plausible for this book (nothing it discusses is before 1970; nothing is more than
# a year after the build).
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST_DAY = date(1970, 1, 1)


class BadDate(ValueError):
    """A stored date that breaks the grammar or the plausible range; the message is the rule."""


def latest_day(today: date | None = None) -> date:
    """The last plausible day: 31 December of the year after the build."""
    return date((today or date.today()).year + 1, 12, 31)


def parse_day(text: str, today: date | None = None) -> date:
    """A stored date (YYYY-MM-DD) as a date; :class:`BadDate` names the rule it breaks."""
    if not ISO_DAY.fullmatch(text):
        raise BadDate("date must be YYYY-MM-DD, zero padded (e.g. 2023-02-01)")
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise BadDate(f"date must be a real calendar day ({error})") from None
    last = latest_day(today)
    if not EARLIEST_DAY <= day <= last:
        raise BadDate(f"date must be between {EARLIEST_DAY} and {last} (a plausible date here)")
    return day


def month_span(year: int, month: int, rule: str) -> Resolved:
    first = date(year, month, 1)
    return Resolved(first, first + relativedelta(months=1, days=-1), "month", rule)


def year_span(year: int, rule: str) -> Resolved:
    return Resolved(date(year, 1, 1), date(year, 12, 31), "year", rule)


def number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def last_weekday(weekday: int, anchor: date) -> Resolved:
    day = anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
    return Resolved(day, day, "day", "the latest such weekday on or before the anchor")


def previous_month(anchor: date) -> Resolved:
    last = anchor.replace(day=1) - timedelta(days=1)
    return month_span(last.year, last.month, "the month before the anchor's month")


def last_named_month(month: int, anchor: date) -> Resolved:
    year = anchor.year if month < anchor.month else anchor.year - 1
    return month_span(year, month, "the latest such month before the anchor's month")


def months_after(count: int, reference: Resolved | None) -> Resolved:
    if reference is None:
        raise UnresolvedExpression("a relative expression needs its reference event")
    start = reference.start + relativedelta(months=count)
    if reference.precision == "month":
        return month_span(start.year, start.month, f"{count} months after the reference month")
    end = reference.end + relativedelta(months=count)
    return Resolved(start, end, "approximate", f"{count} months after the reference")


def nearly_years_before(count: int, anchor: date) -> Resolved:
    start = anchor - relativedelta(years=count)
    return Resolved(
        start,
        anchor,
        "approximate",
        f"about {count} years up to the anchor ('nearly': an upper bound)",
    )


RULES: list[tuple[str, object]] = [
    (
        r"(?P<weekday>" + "|".join(WEEKDAYS) + r")",
        lambda m, a, r: last_weekday(WEEKDAYS[m["weekday"]], a),
    ),
    (r"الشهر الماضي", lambda m, a, r: previous_month(a)),
    (r"(?P<month>" + MONTH + r") الماضي", lambda m, a, r: last_named_month(MONTHS[m["month"]], a)),
    (
        r"(?P<month>" + MONTH + r") (?P<year>\d{4})",
        lambda m, a, r: month_span(int(m["year"]), MONTHS[m["month"]], "a named month and year"),
    ),
    (r"(?:منذ )?(?:عام )?(?P<year>\d{4})", lambda m, a, r: year_span(int(m["year"]), "a year")),
    (r"بعد " + NUMBER + r" (?:أشهر|شهور) من .+", lambda m, a, r: months_after(number(m[1]), r)),
    (
        r"منذ ما يقرب من " + NUMBER + r" (?:سنوات|أعوام)",
        lambda m, a, r: nearly_years_before(number(m[1]), a),
    ),
]


def normalise(expression: str) -> str:
    text = expression.translate(EASTERN_DIGITS).replace("\u0640", "")
    return re.sub(r"\s+", " ", text).strip(" ،,.")


def resolve(expression: str, anchor: date = ANCHOR, reference: Resolved | None = None) -> Resolved:
    """Resolve one Arabic time expression; raise UnresolvedExpression if no rule applies."""
    text = normalise(expression)
    for pattern, rule in RULES:
        match = re.fullmatch(pattern, text)
        if match:
            return rule(match, anchor, reference)
    raise UnresolvedExpression(f"no rule for the time expression {expression!r}")


def between(after: Resolved, before: Resolved) -> Resolved:
    """An undated event known only to follow one event and precede another."""
    if after.start > before.end:
        raise ValueError("the 'after' event starts after the 'before' event ends")
    return Resolved(
        after.start,
        before.end,
        "interval",
        "after the start of one event, before the end of another",
    )


def resolve_events(rows: list[dict], anchor: date = ANCHOR) -> dict[str, Resolved]:
    """Resolve every event row (dicts with the events.csv columns), references first."""
    by_id = {row["event_id"]: row for row in rows}
    resolved: dict[str, Resolved] = {}

    def visit(event_id: str, trail: tuple[str, ...] = ()) -> Resolved:
        if event_id in trail:
            raise ValueError(f"events refer to each other in a cycle: {' -> '.join(trail)}")
        if event_id not in resolved:
            resolved[event_id] = resolve_row(
                by_id[event_id], anchor, lambda other: visit(other, (*trail, event_id))
            )
        return resolved[event_id]

    for event_id in by_id:
        visit(event_id)
    return resolved


def resolve_row(row: dict, anchor: date, lookup) -> Resolved:
    if row.get("after_event_id") and row.get("before_event_id"):
        return between(lookup(row["after_event_id"]), lookup(row["before_event_id"]))
    reference = lookup(row["reference_event_id"]) if row.get("reference_event_id") else None
    return resolve(row["time_expression_ar"], anchor, reference)


def span_in_months(start: date, end: date) -> relativedelta:
    """Calendar difference, for durations told to readers in years, months and days."""
    return relativedelta(end, start)


def describe(delta: relativedelta) -> str:
    parts = [(delta.years, "year"), (delta.months, "month"), (delta.days, "day")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return ", ".join(words) or "0 days"


def to_date(value) -> date:
    """A date from a pandas Timestamp, a datetime or a date."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def day_text(value) -> str:
    """A day as readers write it: 13 Dec 2023."""
    value = to_date(value)
    return f"{value.day} {value:%b %Y}"


def interval_text(start, end, precision: str) -> str:
    """A date or interval as a reader should see it: as precise as its source, no more."""
    start, end = to_date(start), to_date(end)
    if precision == "month":
        return f"{start:%b %Y}"
    if precision == "year":
        return f"{start:%Y}"
    if precision == "approximate":
        return f"about {start:%b %Y} to {day_text(end)}"
    if precision == "interval":
        return f"between {day_text(start)} and {day_text(end)}"
    if start == end:
        return day_text(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_text(end)}"
    return f"{day_text(start)} – {day_text(end)}"
