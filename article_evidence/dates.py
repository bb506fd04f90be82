"""Resolve the article's own time expressions into dates or intervals.

The article dates most things only relatively ("Wednesday", "last month", "6 months after
Pelosi's visit"). Each expression resolves against the anchor, the day of the Financial Times
report the article relays (Wednesday 2023-12-13, see ``seeds/*.meta.json``), into an inclusive
interval with a precision: ``day``, ``month``, ``year``, ``approximate`` or ``interval``
(bounded only by other events).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from babel import Locale
from dateutil.relativedelta import relativedelta

from article_evidence import language as lang
from article_evidence.language import N_, term, tr

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


ONE_DAY = timedelta(days=1)


def between(after: Resolved, before: Resolved, undated_after: int = 0, undated_before: int = 0):
    """An undated event known only to follow one dated event and precede another.

    Its days run from the earliest day of the dated event it follows to the day before the
    latest day of the dated one it precedes: what came *before* an event came on an earlier day
    (a meeting before the summit, on 30 November at the latest, was on 29 November at the
    latest). What a dated event prompted may fall on that event's first day (the halt of
    contact may have come as soon as the trip began). Each undated event in between moves the
    bound one more day: ``undated_after`` of them come between the dated event it follows and
    this one, ``undated_before`` between this one and the dated event it precedes. So the
    meeting, which follows the undated halt, is at the earliest a day after the trip's first
    possible day. :func:`order_after` keeps the order itself.
    """
    start = after.start + undated_after * ONE_DAY
    end = before.end - (1 + undated_before) * ONE_DAY
    if start > end:
        raise ValueError("the 'after' event starts after the 'before' event ends")
    return Resolved(
        start,
        end,
        "interval",
        "on or after the first day of one event, on a day before the last day of another",
    )


def resolve_events(rows: list[dict], anchor: date = ANCHOR) -> dict[str, Resolved]:
    """Resolve every event row (dicts with the events.csv columns).

    A row with an ``after_event_id`` and a ``before_event_id`` is bounded by the article's order
    (its time expression, if any, such as "recently", dates nothing): ``after_event_id`` gives
    its earliest day (that event's, or, if that one is undated too, what *it* follows, a day
    later), and ``before_event_id`` its latest day, the same way forwards (see :func:`between`).
    So an undated event may follow another undated one, and the chain of "after" links reads
    back with :func:`order_after`.
    Any other row is dated by its time expression (its reference event first).
    """
    by_id = {row["event_id"]: row for row in rows}
    dated: dict[str, Resolved] = {}

    def own(event_id: str, trail: tuple[str, ...] = ()) -> Resolved:
        if event_id in trail:
            raise ValueError(f"events refer to each other in a cycle: {' -> '.join(trail)}")
        if event_id not in dated:
            row = by_id[event_id]
            reference = (
                own(row["reference_event_id"], (*trail, event_id))
                if row.get("reference_event_id")
                else None
            )
            dated[event_id] = resolve(row["time_expression_ar"], anchor, reference)
        return dated[event_id]

    def bound(event_id: str, column: str, trail: tuple[str, ...]) -> tuple[Resolved, int]:
        """The dated event that bounds an undated one, following one order column, and how
        many undated events lie between the two."""
        if event_id in trail:
            raise ValueError(f"events are ordered in a cycle: {' -> '.join((*trail, event_id))}")
        if not ordered(by_id[event_id]):
            return own(event_id), len(trail) - 1
        return bound(by_id[event_id][column], column, (*trail, event_id))

    resolved: dict[str, Resolved] = {}
    for event_id, row in by_id.items():
        if not ordered(row):
            resolved[event_id] = own(event_id)
            continue
        first, undated_after = bound(row["after_event_id"], "after_event_id", (event_id,))
        last, undated_before = bound(row["before_event_id"], "before_event_id", (event_id,))
        try:
            resolved[event_id] = between(first, last, undated_after, undated_before)
        except ValueError as error:
            raise ValueError(f"{event_id}: {error}") from None
    return resolved


def ordered(row: dict) -> bool:
    """Whether a row is dated by the article's order rather than by its own words."""
    return bool(row.get("after_event_id") and row.get("before_event_id"))


def order_after(rows: list[dict], event_id: str) -> list[str]:
    """The events an event comes after, by the article's order, nearest first.

    For the Chase-Liu meeting: the halt of contact (P07), then the trip that prompted it (P01).
    """
    by_id = {row["event_id"]: row for row in rows}
    chain: list[str] = []
    current = by_id[event_id].get("after_event_id")
    while current:
        if current in chain or current == event_id:
            raise ValueError(f"events are ordered in a cycle: {' -> '.join((event_id, *chain))}")
        chain.append(current)
        current = by_id[current].get("after_event_id")
    return chain


def lies_between(rows: list[dict], first: str, last: str) -> list[str]:
    """The events the article's order puts after ``first`` and before ``last``, latest first.

    Empty if the order does not link the two.
    """
    chain = order_after(rows, last)
    return chain[: chain.index(first)] if first in chain else []


def span_in_months(start: date, end: date) -> relativedelta:
    """Calendar difference, for durations told to readers in years, months and days."""
    return relativedelta(end, start)


# --------------------------------------------------------------------------- told to readers
#
# The one formatter of dates and lengths for both editions. English: "13 Dec 2023", "Dec 2023",
# "2 years, 4 months". Arabic: day month year, the month from the glossary, Western digits as the
# article writes them: "13 ديسمبر 2023", "ديسمبر 2023", "سنتان و4 أشهر".

# A counted unit in words. English has two forms (1 day, 2 days); Arabic six, by the number's
# CLDR plural category: its own words for 0, 1 and 2 (يوم واحد، يومان), the plural for 3 to 10
# (3 أيام), the accusative singular for 11 to 99 (511 يوماً), the genitive singular otherwise
# (100 يوم). One message per unit and category; English reaches only "1 day" and "{n} days", the
# other messages are keys for the Arabic forms (their parenthesis names the numbers they take).
COUNT_TEXT = {
    "day": {
        "zero": N_("0 days"),
        "one": N_("1 day"),
        "two": N_("2 days"),
        "few": N_("{n} days (3 to 10)"),
        "many": N_("{n} days (11 to 99)"),
        "other": N_("{n} days"),
    },
    "month": {
        "zero": N_("0 months"),
        "one": N_("1 month"),
        "two": N_("2 months"),
        "few": N_("{n} months (3 to 10)"),
        "many": N_("{n} months (11 to 99)"),
        "other": N_("{n} months"),
    },
    "year": {
        "zero": N_("0 years"),
        "one": N_("1 year"),
        "two": N_("2 years"),
        "few": N_("{n} years (3 to 10)"),
        "many": N_("{n} years (11 to 99)"),
        "other": N_("{n} years"),
    },
}
# The grammatical case of a length in its sentence. English nouns do not inflect; Arabic ones
# do, and in writing (without the short vowels) only "one" and "two" show it: the nominative
# سنتان، شهر واحد (a length as subject or predicate, or alone in a table cell), the genitive
# سنتين، شهر واحد (after a preposition: منذ، بعد، بـ), the accusative سنتين، شهراً واحداً (an
# object or an adverb of time). 3 أشهر, 11 شهراً and 100 شهر are the same in every case. So the
# oblique cases need their own Arabic messages for one and two only; English reaches none of
# them (its forms are keys, like the ones above).
CASES = ("nominative", "genitive", "accusative")
CASE_TEXT = {
    "genitive": {
        "day": {"one": N_("1 day (genitive)"), "two": N_("2 days (genitive)")},
        "month": {"one": N_("1 month (genitive)"), "two": N_("2 months (genitive)")},
        "year": {"one": N_("1 year (genitive)"), "two": N_("2 years (genitive)")},
    },
    "accusative": {
        "day": {"one": N_("1 day (accusative)"), "two": N_("2 days (accusative)")},
        "month": {"one": N_("1 month (accusative)"), "two": N_("2 months (accusative)")},
        "year": {"one": N_("1 year (accusative)"), "two": N_("2 years (accusative)")},
    },
}
# Joins the parts of a length, two at a time: "2 years, 4 months" (Arabic: "سنتان و4 أشهر").
JOIN_TEXT = N_("{first}, {second}")
APPROXIMATE_TEXT = N_("about {start} to {end}")
BETWEEN_TEXT = N_("between {start} and {end}")


def plural_category(n: int, language: str | None = None) -> str:
    """The CLDR plural category of ``n`` in the language (en: one, other; ar: six)."""
    return Locale.parse(lang.resolve(language)).plural_form(n)


def count(n: int, unit: str, language: str | None = None, case: str = "nominative") -> str:
    """``n`` days, months or years in words: "511 days", in Arabic "511 يوماً"; ``case`` is
    the length's case in its sentence (:data:`CASES`; Arabic "منذ سنتين", not "منذ سنتان")."""
    if case not in CASES:
        raise ValueError(f"case must be one of {CASES}, not {case!r}")
    category = plural_category(n, language)
    forms = COUNT_TEXT[unit]
    if lang.resolve(language) != lang.SOURCE_LANGUAGE:  # English nouns have no case
        forms = forms | CASE_TEXT.get(case, {}).get(unit, {})
    return tr(forms[category], language).format(n=n)


def describe(delta: relativedelta, language: str | None = None, case: str = "nominative") -> str:
    """A calendar length in words, its zero parts left out: "2 years, 4 months, 12 days";
    every part in the length's ``case`` (see :func:`count`)."""
    parts = [(delta.years, "year"), (delta.months, "month"), (delta.days, "day")]
    words = [count(n, unit, language, case) for n, unit in parts if n]
    if not words:
        return count(0, "day", language, case)
    return functools.reduce(
        lambda first, second: tr(JOIN_TEXT, language).format(first=first, second=second), words
    )


def to_date(value) -> date:
    """A date from a pandas Timestamp, a datetime or a date."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def month_name(month: int, language: str | None = None, full: bool = False) -> str:
    """A month's name: English "Dec" ("December" if ``full``), Arabic the glossary's (ديسمبر,
    the same either way: Arabic does not abbreviate months)."""
    if lang.resolve(language) == lang.SOURCE_LANGUAGE:
        return f"{date(2000, month, 1):{'%B' if full else '%b'}}"
    return term(f"month_{month:02d}", language)


def format_day(value, language: str | None = None) -> str:
    """A day as readers write it: "13 Dec 2023", Arabic "13 ديسمبر 2023"."""
    value = to_date(value)
    return f"{value.day} {format_month(value, language)}"


def format_month(value, language: str | None = None, full: bool = False) -> str:
    """A month: "Dec 2023" ("December 2023" if ``full``), Arabic "ديسمبر 2023"."""
    value = to_date(value)
    return f"{month_name(value.month, language, full)} {value.year}"


def format_year(value, language: str | None = None) -> str:
    """A year, in Western digits in both editions: "2023"."""
    return str(to_date(value).year)


def format_date(value, precision: str, language: str | None = None) -> str:
    """One date told as precisely as it is known: ``day``, ``month`` or ``year``."""
    formats = {"day": format_day, "month": format_month, "year": format_year}
    return formats[precision](value, language)


def day_text(value, language: str | None = None) -> str:
    """A day as readers write it (:func:`format_day`; the name the chapters already use)."""
    return format_day(value, language)


def interval_text(start, end, precision: str, language: str | None = None) -> str:
    """A date or interval as a reader should see it: as precise as its source, no more."""
    start, end = to_date(start), to_date(end)
    if precision in ("month", "year"):
        return format_date(start, precision, language)
    if precision == "approximate":
        template = tr(APPROXIMATE_TEXT, language)
        return template.format(start=format_month(start, language), end=format_day(end, language))
    if precision == "interval":
        template = tr(BETWEEN_TEXT, language)
        return template.format(start=format_day(start, language), end=format_day(end, language))
    if start == end:
        return format_day(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_day(end, language)}"
    return f"{format_day(start, language)} – {format_day(end, language)}"
