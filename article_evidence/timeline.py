"""The timeline chapter: the article's time expressions resolved, checked and drawn.

Every date here comes from the data: the article's events through the resolver in
:mod:`article_evidence.dates` (checked against what ``events.csv`` stores), and the outside
record from ``context_facts.csv``, with the second date a source gives where sources disagree.
Durations and arithmetic checks are computed from both, so a corrected date changes every
number in the chapter. The article's order ("after the trip", "before the summit") is kept as
an order: an undated event that follows another is bounded by that event, not by a day.

The tables shown to readers carry plain column headers and keep their ids in the (hidden)
index. Every string a reader sees is in a constant here, apart from the logic, and is told in
the edition's language (``language=None``: the run's, :mod:`article_evidence.language`): the
article's Arabic as it is, data text through ``data.po``, the rest through ``tr``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from dateutil.relativedelta import relativedelta
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from article_evidence import dates, evidence, figtext, model
from article_evidence.language import N_, data_text, direction, tr
from article_evidence.style import PALETTE

# --------------------------------------------------------------------------- words shown

# What kind of thing an event is (events.event_kind), as the tables and the figure name it.
KIND_TEXT = {
    "moment": N_("one occasion"),
    "lasting": N_("went on over the span"),
    "planned": N_("planned at publication"),
}
# How precisely a date is known (the data's precision), and how sure a source is of it.
PRECISION_TEXT = {
    "day": N_("day"),
    "month": N_("month"),
    "year": N_("year"),
    "approximate": N_("approximate"),
    "interval": N_("interval"),
}
CONFIDENCE_TEXT = {"high": N_("high"), "medium-high": N_("medium-high"), "medium": N_("medium")}
INSIDE_TEXT = {True: N_("yes"), False: N_("no")}
EVENT_COLUMNS = {
    "paragraph": N_("Paragraph"),
    "words": N_("The article's words"),
    "what": N_("What happened"),
    "kind": N_("Kind"),
    "date": N_("Date or interval"),
    "order": N_("Order"),
    "precision": N_("Precision"),
}
ORDER_TEXT = N_("after {after}, before {before}")
WEEK_TEXT = N_("week of {days}")
# How an undated event that lies between two others is named where a length may be empty.
BETWEEN_TEXT = {"contacts_cut": N_("the halt of contact")}
MORE_THAN_EMPTY = N_("unknown: {between} came in between, and no source dates it")
AT_LEAST = N_("{length} at the least ({between} came in between; no source dates it)")
SPAN_TEXT = N_("{first} → {last}: {length}")  # Arabic, read right to left, points its arrow left
# Separators of a list of paragraphs ("P04, P06") and of a list of sources or events.
COMMA = N_(", ")
SEMICOLON = N_("; ")


def listed(items, separator: str, language: str | None = None) -> str:
    """Items joined by a separator of the language (Arabic: ، and ؛)."""
    return tr(separator, language).join(items)


def kind_text(kind: str, language: str | None = None) -> str:
    return tr(KIND_TEXT[kind], language)


def precision_text(precision: str, language: str | None = None) -> str:
    return tr(PRECISION_TEXT[precision], language)


def event_text(event_id: str, english: str, language: str | None = None) -> str:
    """What an article event is (events.description_en) in the language."""
    return data_text("events", "description_en", event_id, english, language)


def fact_text(fact: dict, column: str, language: str | None = None) -> str:
    """A text cell of a context fact (what it says, its source's name) in the language; the
    fact's id is ``row_id`` in the timeline frame, ``fact_id`` in the data."""
    key = fact.get("row_id") or fact["fact_id"]
    return data_text("context_facts", column, key, fact[column], language)


def what_text(row: dict, language: str | None = None) -> str:
    """What a timeline frame row says happened: an article event or a context fact."""
    if row["provenance"] == "article":
        return event_text(row["row_id"], row["what_en"], language)
    return data_text("context_facts", "fact_en", row["row_id"], row["what_en"], language)


# --------------------------------------------------------------------------- the article's dates


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts, missing cells as None, as the resolver takes them."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def resolved_events(ev) -> pd.DataFrame:
    """The article's events in time order, as the resolver dates them.

    Raises if the resolver and ``events.csv`` disagree: the table and figure show stored dates,
    so they must be the resolver's.
    """
    resolved = dates.resolve_events(records(ev.events))
    frame = ev.events.copy()
    for row in records(frame):
        got = resolved[row["event_id"]]
        stored = (dates.to_date(row["start"]), dates.to_date(row["end"]), row["precision"])
        if (got.start, got.end, got.precision) != stored:
            raise ValueError(f"{row['event_id']}: resolver gives {got}, events.csv {stored}")
    return frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


WEEK_DAYS = 7


def date_text(start, end, precision: str, language: str | None = None) -> str:
    """A date or interval as readers see it; an approximate span of a week at most is that week.

    :func:`article_evidence.dates.interval_text` gives "about Nov 2019 to 24 Nov 2019" for an
    approximate span; for one no longer than a week the record knows more: which week.
    """
    first, last = dates.to_date(start), dates.to_date(end)
    if precision == "approximate" and (last - first).days < WEEK_DAYS:
        days = dates.interval_text(first, last, "day", language)
        return tr(WEEK_TEXT, language).format(days=days)
    return dates.interval_text(first, last, precision, language)


def order_text(row: dict, paragraphs: dict[str, str], language: str | None = None) -> str:
    """For an event bounded by the article's order: which paragraphs' events bound it."""
    if not dates.ordered(row):
        return ""
    return tr(ORDER_TEXT, language).format(
        after=paragraphs[row["after_event_id"]], before=paragraphs[row["before_event_id"]]
    )


def event_table(ev, language: str | None = None) -> pd.DataFrame:
    """One row per event the article dates, in time order, as the chapter's table shows it.

    Indexed by ``event_id`` (hidden when shown). The article's words stay its Arabic.
    """
    frame = resolved_events(ev)
    rows = records(frame)
    paragraphs = dict(zip(frame["event_id"], frame["paragraph_id"], strict=True))
    names = {key: tr(name, language) for key, name in EVENT_COLUMNS.items()}
    return pd.DataFrame(
        {
            names["paragraph"]: frame["paragraph_id"],
            names["words"]: frame["time_expression_ar"],
            names["what"]: [event_text(r["event_id"], r["description_en"], language) for r in rows],
            names["kind"]: [kind_text(r["event_kind"], language) for r in rows],
            names["date"]: [
                date_text(r["start"], r["end"], r["precision"], language) for r in rows
            ],
            names["order"]: [order_text(r, paragraphs, language) for r in rows],
            names["precision"]: [precision_text(r["precision"], language) for r in rows],
        }
    ).set_axis(pd.Index(frame["event_id"], name="event_id"))


# --------------------------------------------------------------------------- article + record

TIMELINE_COLUMNS = [
    "row_id",
    "event_id",
    "provenance",
    "paragraph_id",
    "source_url",
    "source_name",
    "label_ar",
    "start",
    "end",
    "precision",
    "event_kind",
    "after_event_id",
    "before_event_id",
    "confidence",
    "what_en",
    "alt_start",
    "alt_end",
    "alt_source_name",
    "alt_source_url",
    "disagreement_en",
]
# Second dates that are not another source's date for the same event but a related day: the
# day the event was reported or announced. Drawn and tabled apart from a second source's reading.
RELATED_DAYS = {
    "chase_in_taiwan": N_("a related day: the FT's first report of the trip"),
    "klinck_visit": N_("a related day: the visit reported"),
    "normalisation_date": N_("a related day: the communiqué released"),
}
SECOND_READING = N_("a second source's reading of the same words")
# Facts that date no article event but belong on an event's row: Aquilino still asking in May
# 2023 (SCMP) continues the requests the USNI record dates (P15).
EXTRA_FACTS = {"aquilino_still_asking": "aquilino_attempts"}
RECORD_COLUMNS = {
    "paragraph": N_("Paragraph"),
    "what": N_("What happened"),
    "date": N_("Date in the record"),
    "precision": N_("Precision"),
    "confidence": N_("Confidence"),
    "inside": N_("Within the article's date"),
    "source": N_("Source"),
    "article_date": N_("The article's date"),
    "other_date": N_("Other date"),
    "other_is": N_("What the other date is"),
    "other_source": N_("Other source"),
    "other_inside": N_("Other date within the article's date"),
    "differs": N_("What differs"),
}


def record_of(ev) -> pd.DataFrame:
    """The context facts, with the record's days for an event the article dates only by its
    order narrowed by that order (:func:`article_evidence.model.event_windows`).

    The FT dates the Chase–Liu meeting only after the trip and before the summit; the halt of
    contact came in between (P07), so by the record the meeting fell on the day after Chase's
    arrival at the earliest, as the model computes for every chapter alike.
    """
    facts = ev.context_facts.copy()
    try:
        windows = model.event_windows(ev)
    except ValueError:  # a fact outside its event's window: record_table reports it as such
        return facts
    ordered = {r["event_id"] for r in records(ev.events) if dates.ordered(r)}
    for row in facts.index[facts["event_id"].isin(ordered)]:
        first, last = windows[facts.at[row, "event_id"]]
        facts.at[row, "start"] = max(facts.at[row, "start"], pd.Timestamp(first))
        facts.at[row, "end"] = min(facts.at[row, "end"], pd.Timestamp(last))
    return facts


def timeline_frame(ev) -> pd.DataFrame:
    """The article's events and the outside facts that date them, each row tagged and checked.

    Only facts with an ``event_id`` (and the :data:`EXTRA_FACTS`) are taken: they date something
    the article says; the facts about what happened afterwards belong to another chapter.
    """
    events = evidence.tag(resolved_events(ev).assign(row_id=lambda f: f["event_id"]))
    events = events.rename(columns={"description_en": "what_en"})
    facts = evidence.tag(record_of(ev))
    facts["event_id"] = facts["event_id"].fillna(facts["fact_id"].map(EXTRA_FACTS))
    facts = facts[facts["event_id"].notna()].rename(
        columns={"fact_id": "row_id", "fact_en": "what_en"}
    )
    frame = pd.concat([events, facts], ignore_index=True).reindex(columns=TIMELINE_COLUMNS)
    return evidence.check_provenance(frame)


def fact_for(ev, event_id: str) -> dict:
    """The one outside fact that dates an article event (its days as :func:`record_of` gives)."""
    facts = record_of(ev)
    facts = records(facts[facts["event_id"] == event_id])
    if len(facts) != 1:
        raise ValueError(f"{event_id}: {len(facts)} context facts date it, expected one")
    return facts[0]


def named_fact(ev, fact_id: str) -> dict:
    """An outside fact the chapter names because it dates no article event."""
    facts = records(ev.context_facts[ev.context_facts["fact_id"] == fact_id])
    if len(facts) != 1:
        raise ValueError(f"context_facts.csv has no fact {fact_id!r}")
    return facts[0]


def record_facts(ev) -> tuple[pd.DataFrame, list[dict]]:
    """The article's events (by ``event_id``) and the outside facts dating them, in event order."""
    frame = timeline_frame(ev)
    article = frame[frame["provenance"] == "article"].set_index("event_id")
    order = {event_id: position for position, event_id in enumerate(article.index)}
    facts = sorted(
        records(frame[frame["provenance"] == "context"]),
        key=lambda f: (order[f["event_id"]], f["start"]),
    )
    return article, facts


def record_table(ev, language: str | None = None) -> pd.DataFrame:
    """The outside dates, each checked against the article's own span for the same event.

    Indexed by ``fact_id`` (hidden when shown).
    """
    article, facts = record_facts(ev)
    events = [article.loc[f["event_id"]] for f in facts]
    names = {key: tr(name, language) for key, name in RECORD_COLUMNS.items()}
    return pd.DataFrame(
        {
            names["paragraph"]: [e["paragraph_id"] for e in events],
            names["what"]: [what_text(f, language) for f in facts],
            names["date"]: [
                date_text(f["start"], f["end"], f["precision"], language) for f in facts
            ],
            names["precision"]: [precision_text(f["precision"], language) for f in facts],
            names["confidence"]: [tr(CONFIDENCE_TEXT[f["confidence"]], language) for f in facts],
            names["inside"]: [
                inside(f["start"], f["end"], e, language)
                for f, e in zip(facts, events, strict=True)
            ],
            names["source"]: [fact_text(f, "source_name", language) for f in facts],
        },
        index=pd.Index([f["row_id"] for f in facts], name="fact_id"),
    )


def disagreement_table(ev, language: str | None = None) -> pd.DataFrame:
    """Where the record gives a second date: a related day (the event reported or announced,
    :data:`RELATED_DAYS`) or a second source's reading of the same event; both dates, each
    against the article's.

    Indexed by ``fact_id`` (hidden when shown). The second date is told at the precision of the
    first (it is the same event, dated by another source), unless it is a single day.
    """
    article, facts = record_facts(ev)
    facts = [f for f in facts if f["alt_start"] is not None]
    events = [article.loc[f["event_id"]] for f in facts]
    names = {key: tr(name, language) for key, name in RECORD_COLUMNS.items()}
    return pd.DataFrame(
        {
            names["paragraph"]: [e["paragraph_id"] for e in events],
            names["what"]: [event_text(e.name, e["what_en"], language) for e in events],
            names["article_date"]: [
                date_text(e["start"], e["end"], e["precision"], language) for e in events
            ],
            names["date"]: [
                date_text(f["start"], f["end"], f["precision"], language) for f in facts
            ],
            names["source"]: [fact_text(f, "source_name", language) for f in facts],
            names["other_date"]: [other_date_text(f, language) for f in facts],
            names["other_is"]: [
                tr(RELATED_DAYS.get(f["row_id"], SECOND_READING), language) for f in facts
            ],
            names["other_source"]: [fact_text(f, "alt_source_name", language) for f in facts],
            names["other_inside"]: [
                inside(f["alt_start"], f["alt_end"], e, language)
                for f, e in zip(facts, events, strict=True)
            ],
            names["differs"]: [fact_text(f, "disagreement_en", language) for f in facts],
        },
        index=pd.Index([f["row_id"] for f in facts], name="fact_id"),
    )


def other_date_text(fact: dict, language: str | None = None) -> str:
    """A second source's date, at the first's precision unless it names a single day."""
    first, last = bounds(fact, "alt_")
    return date_text(first, last, "day" if first == last else fact["precision"], language)


def inside(start, end, event, language: str | None = None) -> str:
    """Whether the days start..end lie within the article's own date for the event."""
    return tr(INSIDE_TEXT[bool(event["start"] <= start and end <= event["end"])], language)


# --------------------------------------------------------------------------- durations


@dataclass(frozen=True)
class Span:
    """The time from one day to another, shown with its computation.

    ``between`` names what the article's order puts between the two ends of a shortest
    possible span: its length is then unknown beyond what the bounds give, since no source
    dates what came in between, and it is shown so, never as a pair of days running backwards.
    ``between`` is already in the language the span is told in. The properties tell it in the
    run's language; the ``*_text`` methods in a given one.
    """

    first: date
    last: date
    between: str | None = None

    @property
    def empty(self) -> bool:
        return self.last <= self.first

    def bare_length_text(self, language: str | None = None) -> str:
        """Calendar length, and days where that adds anything, without the note on what lies
        between (for prose that says "at least" itself); an unknown length stays unknown."""
        if self.empty:
            return self.length_text(language)
        delta = dates.span_in_months(self.first, self.last)
        words = dates.describe(delta, language)
        if not (delta.years or delta.months):
            return words
        return f"{words} ({dates.count((self.last - self.first).days, 'day', language)})"

    def length_text(self, language: str | None = None) -> str:
        """Calendar length, and days where that adds anything; an overlap is no time."""
        if self.empty:
            if self.between:
                return tr(MORE_THAN_EMPTY, language).format(between=self.between)
            return dates.count(0, "day", language)
        length = self.bare_length_text(language)
        if not self.between:
            return length
        return tr(AT_LEAST, language).format(length=length, between=self.between)

    def text(self, language: str | None = None) -> str:
        """The span with its two days, or only its length where it may be empty."""
        if self.empty:
            return self.length_text(language)
        return tr(SPAN_TEXT, language).format(
            first=dates.format_day(self.first, language),
            last=dates.format_day(self.last, language),
            length=self.length_text(language),
        )

    @property
    def bare_length(self) -> str:
        return self.bare_length_text()

    @property
    def length(self) -> str:
        return self.length_text()

    def __str__(self) -> str:
        return self.text()


def bounds(row: dict, prefix: str = "") -> tuple[date, date]:
    """Earliest and latest day an event can have been (the same day if it is known)."""
    return dates.to_date(row[f"{prefix}start"]), dates.to_date(row[f"{prefix}end"])


def shortest_and_longest(
    since: tuple[date, date], until: tuple[date, date], between: str | None
) -> tuple[Span, Span]:
    """Between two events known only within bounds: latest start to earliest end, and back."""
    (since_first, since_last), (until_first, until_last) = since, until
    return Span(since_last, until_first, between), Span(since_first, until_last)


@dataclass(frozen=True)
class Duration:
    """One length the chapter computes: from one article event to another."""

    key: str  # names the values quoted in the text
    what: str
    since: str
    until: str


DURATIONS = (
    Duration(
        "closed",
        N_("From Beijing's closing of channels (August 2022) to the summit"),
        "channels_closed",
        "summit",
    ),
    Duration(
        "meeting",
        N_("From Chase's trip to his first meeting with Liu since"),
        "chase_trip",
        "chase_liu_meeting",
    ),
    Duration(
        "vacant",
        N_("Defence minister post vacant, up to the FT report"),
        "li_removed",
        "ft_report",
    ),
)
DURATION_KEYS = tuple(d.key for d in DURATIONS)
DURATION_COLUMNS = (
    N_("What is measured"),
    N_("Based on"),
    N_("Shortest possible"),
    N_("Longest possible"),
)
BASIS_TEXT = {
    "article": N_("article ({cites})"),
    "context": N_("context ({cites})"),
    "other": N_("context, other reading ({cites})"),
}


def based_on(basis: str, cites: str, language: str | None = None) -> str:
    """Where a computed span's days come from: the article's paragraphs or the record."""
    return tr(BASIS_TEXT[basis], language).format(cites=cites)


@dataclass(frozen=True)
class DurationRow:
    duration: Duration
    basis: str  # article, context or other (a second source's reading of the end event)
    cites: str  # paragraphs or sources, in the language the row was computed in
    shortest: Span
    longest: Span

    def based_on_text(self, language: str | None = None) -> str:
        return based_on(self.basis, self.cites, language)


def sources_of(facts, language: str | None = None, column: str = "source_name") -> str:
    """The sources of some facts, each named once, in the language."""
    named = {fact[column]: fact for fact in facts}  # one per name, as the English names them
    return listed(
        (fact_text(fact, column, language) for fact in named.values()), SEMICOLON, language
    )


def duration_spans(ev, language: str | None = None) -> list[DurationRow]:
    """Each duration from the article's own bounds and from the record's days.

    Where a second source dates the end event otherwise, a third row reads it that way. Where
    the article's order puts an undated event between the two ends, a span that may be empty
    is "more than 0 days", never "0 days".
    """
    rows = records(resolved_events(ev))
    events = {row["event_id"]: row for row in rows}

    def named(event_id: str) -> str:
        event = events[event_id]
        if event_id in BETWEEN_TEXT:
            name = tr(BETWEEN_TEXT[event_id], language)
        else:
            name = event_text(event_id, event["description_en"], language)
        return f"{name} ({event['paragraph_id']})"

    spans = []
    for duration in DURATIONS:
        first, last = events[duration.since], events[duration.until]
        middle = dates.lies_between(rows, duration.since, duration.until)
        between = listed((named(e) for e in middle), SEMICOLON, language) or None
        paragraphs = [first["paragraph_id"], *(events[e]["paragraph_id"] for e in middle)]
        cites = listed(dict.fromkeys([*paragraphs, last["paragraph_id"]]), COMMA, language)
        spans.append(
            DurationRow(
                duration,
                "article",
                cites,
                *shortest_and_longest(bounds(first), bounds(last), between),
            )
        )
        since, until = fact_for(ev, duration.since), fact_for(ev, duration.until)
        spans.append(
            DurationRow(
                duration,
                "context",
                sources_of((since, until), language),
                *shortest_and_longest(bounds(since), bounds(until), between),
            )
        )
        if until["alt_start"] is not None:
            sources = listed(
                dict.fromkeys(
                    (
                        fact_text(since, "source_name", language),
                        fact_text(until, "alt_source_name", language),
                    )
                ),
                SEMICOLON,
                language,
            )
            other = shortest_and_longest(bounds(since), bounds(until, "alt_"), between)
            spans.append(DurationRow(duration, "other", sources, *other))
    return spans


def durations(ev, language: str | None = None) -> pd.DataFrame:
    """The durations as the chapter's table shows them, each computation spelled out.

    Indexed by (duration key, basis), hidden when shown.
    """
    rows = duration_spans(ev, language)
    index = pd.MultiIndex.from_tuples(
        [(r.duration.key, r.basis) for r in rows], names=["key", "basis"]
    )
    return pd.DataFrame(
        [
            [
                tr(r.duration.what, language),
                r.based_on_text(language),
                r.shortest.text(language),
                r.longest.text(language),
            ]
            for r in rows
        ],
        columns=[tr(column, language) for column in DURATION_COLUMNS],
        index=index,
    )


# --------------------------------------------------------------------------- the wider record

# Facts the chapter measures from that date no article event, named here.
LAST_SEEN_FACT = "li_last_seen"
BALLOON_FACTS = ("balloon_call_sought", "balloon_call_declined")
POST_FACT = "dasd_china_created"
MINISTERS_FACTS = ("austin_wei_meeting", "austin_dong_call")
COMMAND_FACT = "aquilino_takes_command"
STILL_ASKING_FACT = "aquilino_still_asking"


def last_seen(ev) -> Span:
    """From Li's last public appearance to the report."""
    return Span(dates.to_date(named_fact(ev, LAST_SEEN_FACT)["start"]), dates.ANCHOR)


def years_and_months(first: date, last: date, language: str | None = None) -> str:
    whole = dates.span_in_months(first, last)
    return dates.describe(relativedelta(years=whole.years, months=whole.months), language)


def wider_record(ev, language: str | None = None) -> dict[str, str]:
    """Dates and lengths from the wider record that bear on the article's dates.

    The balloon crisis around Chase's trip, the age of the post P06 compares him in, and how
    long the defence chiefs went without talks, measured from their last meeting, not from
    Li's dismissal.
    """
    arrival = dates.to_date(fact_for(ev, "chase_trip")["start"])
    sought, declined = (named_fact(ev, f) for f in BALLOON_FACTS)
    shot_down, announced = dates.to_date(sought["start"]), dates.to_date(declined["end"])
    post = named_fact(ev, POST_FACT)
    post_first, post_last = bounds(post)
    normalised = dates.to_date(fact_for(ev, "normalisation")["start"])
    met, next_met = (dates.to_date(named_fact(ev, f)["start"]) for f in MINISTERS_FACTS)
    removed = dates.to_date(fact_for(ev, "li_removed")["start"])
    day = functools.partial(dates.format_day, language=language)
    return {
        "balloon_shot_down": day(shot_down),
        "balloon_to_arrival": Span(shot_down, arrival).length_text(language),
        "call_declined_announced": day(announced),
        "declined_to_arrival": Span(announced, arrival).length_text(language),
        "post_created": date_text(post_first, post_last, post["precision"], language),
        "post_age_shortest": years_and_months(post_last, arrival, language),
        "post_age_longest": years_and_months(post_first, arrival, language),
        "since_normalisation": years_and_months(normalised, arrival, language),
        "ministers_last_met": day(met),
        "ministers_silent_at_report": Span(met, dates.ANCHOR).length_text(language),
        "ministers_silent_before_removal": Span(met, removed).length_text(language),
        "ministers_next_talk": day(next_met),
        "ministers_silent_total": Span(met, next_met).length_text(language),
    }


# --------------------------------------------------------------------------- arithmetic checks

CHECK_COLUMNS = (
    N_("The article's words"),
    N_("Based on"),
    N_("Computed span"),
    N_("Note"),
)


def check_spans(ev, language: str | None = None) -> list[tuple[str, str, Span, str]]:
    """The article's two counted spans, as written and from the record: claim, basis, span, note."""
    return six_months_checks(ev, language) + three_years_checks(ev, language)


def arithmetic_checks(ev, language: str | None = None) -> pd.DataFrame:
    """The checks as the chapter's table shows them, each computation spelled out."""
    rows = [
        (claim, basis, span.text(language), note)
        for claim, basis, span, note in check_spans(ev, language)
    ]
    return pd.DataFrame(rows, columns=[tr(column, language) for column in CHECK_COLUMNS])


# Whether "6 months after Pelosi's visit" (P06) lands in the month "last February" (P01) names.
SAME_MONTH_TEXT = {
    True: N_("{month}: the same month as 'last February' (P01)"),
    False: N_("{month}: not the month as 'last February' (P01)"),
}
BY_DAY_TEXT = N_("from the end of Pelosi's visit to Chase's arrival")


def six_months_checks(ev, language: str | None = None) -> list[tuple]:
    """'6 months after Pelosi's visit' (P06) against 'last February' (P01) and the record."""
    events = {row["event_id"]: row for row in records(ev.events)}
    claim = events["chase_trip_six_months"]["time_expression_ar"]
    pelosi = dates.resolve(events["pelosi_visit"]["time_expression_ar"])
    trip = dates.resolve(claim, reference=pelosi)
    february = dates.resolve(events["chase_trip"]["time_expression_ar"])
    agrees = (trip.start, trip.end) == (february.start, february.end)
    note = tr(SAME_MONTH_TEXT[agrees], language).format(
        month=dates.format_month(trip.start, language)
    )
    visit, arrival = fact_for(ev, "pelosi_visit"), fact_for(ev, "chase_trip")
    sources = based_on("context", sources_of((visit, arrival), language), language)
    by_day = Span(dates.to_date(visit["end"]), dates.to_date(arrival["start"]))
    article = based_on("article", listed(("P04", "P06"), COMMA, language), language)
    return [
        (claim, article, Span(pelosi.start, trip.start), note),
        (claim, sources, by_day, tr(BY_DAY_TEXT, language)),
    ]


THREE_YEARS_NOTES = {
    "said": N_("'nearly': an upper bound"),
    "usni": N_("from his first requests (about {first}) to 'no response in a year and a half'"),
    "scmp": N_("from his first requests to 'It has yet to be approved'"),
    "requests": N_("from his first requests to the report, if he was still asking (P15)"),
    "command": N_("from his change of command to the report"),
}


def three_years_checks(ev, language: str | None = None) -> list[tuple]:
    """'Nearly 3 years' (P15) as the resolver reads it, against the record's statements."""
    events = {row["event_id"]: row for row in records(ev.events)}
    claim = events["aquilino_attempts"]["time_expression_ar"]
    said = dates.resolve(claim)
    notes = {key: tr(note, language) for key, note in THREE_YEARS_NOTES.items()}
    requests = fact_for(ev, "aquilino_attempts")
    asking, command = named_fact(ev, STILL_ASKING_FACT), named_fact(ev, COMMAND_FACT)
    first = dates.to_date(requests["start"])
    usni = notes["usni"].format(first=dates.format_month(first, language, full=True))

    def cited(*facts: dict) -> str:
        names = (fact_text(f, "source_name", language) for f in facts)
        return based_on("context", listed(names, SEMICOLON, language), language)

    return [
        (claim, based_on("article", "P15", language), Span(said.start, said.end), notes["said"]),
        (claim, cited(requests), Span(first, dates.to_date(requests["end"])), usni),
        (
            claim,
            cited(requests, asking),
            Span(first, dates.to_date(asking["start"])),
            notes["scmp"],
        ),
        (claim, cited(requests), Span(first, dates.ANCHOR), notes["requests"]),
        (
            claim,
            cited(command),
            Span(dates.to_date(command["start"]), dates.ANCHOR),
            notes["command"],
        ),
    ]


# --------------------------------------------------------------------------- quoted in the text

CHECK_KEYS = (
    "six_article",
    "six_context",
    "three_article",
    "three_usni",
    "three_scmp",
    "three_requests",
    "three_command",
)


def quoted_values(ev, language: str | None = None) -> dict[str, str]:
    """The computed lengths the chapter's prose quotes from its tables, by key."""
    values = {}
    for row in duration_spans(ev, language):
        key = f"{row.duration.key}_{row.basis}"
        values[f"{key}_shortest"] = row.shortest.length_text(language)
        values[f"{key}_shortest_bare"] = row.shortest.bare_length_text(language)
        values[f"{key}_longest"] = row.longest.length_text(language)
    checks = [span.length_text(language) for _, _, span, _ in check_spans(ev, language)]
    return values | dict(zip(CHECK_KEYS, checks, strict=True))


def quoted_facts(ev, language: str | None = None) -> dict[str, str]:
    """The values the prose quotes that no table shows: Li's last public appearance."""
    unseen = last_seen(ev)
    return {
        "li_last_seen": dates.format_day(unseen.first, language),
        "li_unseen_days": dates.count((unseen.last - unseen.first).days, "day", language),
    }


def glue_values(ev, language: str | None = None) -> None:
    """Make the values quotable in the text as {glue:text}`key`, without showing them."""
    from article_evidence.glue import glue_all  # only a notebook needs it

    glue_all(quoted_values(ev, language) | quoted_facts(ev, language) | wider_record(ev, language))


# --------------------------------------------------------------------------- the figure

# The broken time axis: 1979, 2019, then late 2020 (where "nearly 3 years" begins) to 2024.
# Panel widths follow their time spans, so a month is equally wide in every panel.
PANELS = (
    (date(1978, 10, 1), date(1980, 3, 1)),
    (date(2018, 10, 1), date(2020, 3, 1)),
    (date(2020, 10, 1), date(2025, 3, 1)),
)
ROW_INCHES = 0.55

# Each mark says one thing. A day is a point. One occasion whose day is not known is a range
# with end caps: it happened on one day, somewhere in it (solid: a calendar month, year or
# week; dashed: between two other events). Something that went on is a filled bar (hatched
# where its ends are approximate). What was only planned at publication is an empty dotted box.
MARKS = ("day", "window", "between", "lasting", "planned")
MARK_TEXT = {
    "day": N_("a day"),
    "window": N_("one occasion, some\nday in this window"),
    "between": N_("one occasion, some day\nbetween two events"),
    "lasting": N_("went on over the span\n(hatched: approximate)"),
    "planned": N_("planned, not yet\nheld at publication"),
    "order": N_("comes after\n(the article's order)"),
}
LAYER_TEXT = {  # legend row titles
    "article": N_("The article:"),
    "context": N_("Outside context:"),
    "second": N_("A second source:"),
    "related": N_("A related day\n(report or announcement):"),
    "order": N_("Order:"),
}
LEGEND_TEXTS = (*MARK_TEXT.values(), *LAYER_TEXT.values())
ANCHOR_TEXT = N_("anchor: FT report")
# Within a row the article's mark sits above the line, the record's thinner marks below it, a
# second source's lowest.
OFFSET = {"article": -0.2, "context": 0.1, "second": 0.3, "related": 0.3}
HEIGHT = {"article": 0.26, "context": 0.14, "second": 0.1, "related": 0.1}
WIDTH = {"article": 2.0, "context": 1.4, "second": 1.2, "related": 1.2}
CAP = {"article": 7, "context": 5, "second": 5, "related": 5}
DAY_MARKER = {"article": "o", "context": "D", "second": "s", "related": "s"}


def shown(message: str, language: str | None = None, lines: int = 1) -> str:
    """A word of the figure in the language, as matplotlib must be handed it (figtext.ar),
    with blank lines below it up to ``lines`` lines."""
    text = tr(message, language)
    return figtext.ar(text + "\n " * (lines - 1 - text.count("\n")))


def mark_of(precision: str, event_kind: str) -> str:
    """Which of :data:`MARKS` a row gets: from what kind of event it is, then how it is dated."""
    if event_kind in ("lasting", "planned"):
        return event_kind
    if precision == "day":
        return "day"
    return "between" if precision == "interval" else "window"


def colour_of(layer: str) -> str:
    return PALETTE["article" if layer == "article" else "outside"]


def day_style(layer: str) -> dict:
    """A day: a filled dot from the article, a hollow diamond or square from outside."""
    colour = colour_of(layer)
    face = colour if layer == "article" else PALETTE["background"]
    size = {"article": 6, "context": 6, "second": 5, "related": 5}[layer]
    return {
        "marker": DAY_MARKER[layer],
        "color": colour,
        "markerfacecolor": face,
        "markersize": size,
    }


def range_style(layer: str, mark: str) -> dict:
    """One occasion somewhere in a range: a line with end caps."""
    dashed = mark == "between" or layer in ("second", "related")
    return {
        "color": colour_of(layer),
        "linewidth": WIDTH[layer],
        "linestyle": (0, (4, 2)) if dashed else "-",
        "marker": "|",
        "markersize": CAP[layer],
        "markeredgewidth": WIDTH[layer],
    }


def box_style(layer: str, mark: str, precision: str) -> dict:
    """Something that went on (filled), or was only planned (empty, dotted)."""
    colour = colour_of(layer)
    if mark == "planned":
        return {"facecolor": "none", "edgecolor": colour, "linestyle": ":", "linewidth": 1.6}
    return {
        "facecolor": (*to_rgb(colour), 0.35),
        "edgecolor": colour,
        "hatch": "////" if precision == "approximate" else None,
        "linewidth": 1.1,
    }


@dataclass(frozen=True)
class Mark:
    """One mark to draw: a row of the frame, or a second source's date for it."""

    gid: str
    layer: str  # article, context, second or related
    mark: str  # one of MARKS
    start: date
    end: date
    precision: str


def marks_of(row: dict) -> list[Mark]:
    """A frame row's marks: its own, and a second source's where the record gives one."""
    layer, precision = row["provenance"], row["precision"]
    mark = mark_of(precision, row["event_kind"])
    own = Mark(f"{layer}:{row['row_id']}", layer, mark, *bounds(row), precision)
    if layer == "article" or row["alt_start"] is None:
        return [own]
    first, last = bounds(row, "alt_")
    other = "day" if precision == "day" or first == last else mark
    kind = "related" if row["row_id"] in RELATED_DAYS else "second"
    return [own, Mark(f"{kind}:{row['row_id']}", kind, other, first, last, precision)]


def draw_timeline(ev, language: str | None = None):
    """The article's dated events and the record that dates them, on a broken time axis.

    Every word drawn is in the language; the time axis runs left to right in both editions.
    """
    frame = timeline_frame(ev)
    rows = list(frame.loc[frame["provenance"] == "article", "event_id"])
    fig = plt.figure(figsize=(10, 2.0 + ROW_INCHES * len(rows)))
    widths = [(last - first).days for first, last in PANELS]
    axes = fig.subplots(1, len(PANELS), sharey=True, width_ratios=widths)
    fig.get_layout_engine().set(wspace=0.015)
    for ax, (first, last) in zip(axes, PANELS, strict=True):
        set_panel(ax, first, last, len(rows))
    drawn: set[tuple[str, str]] = set()
    for row in records(frame):
        for mark in marks_of(row):
            draw_mark(axes[panel_of(mark)], mark, rows.index(row["event_id"]))
            drawn.add((mark.layer, mark.mark))
    article = records(frame[frame["provenance"] == "article"])
    still = draw_still_asking(ev, axes, rows, language)
    drawn |= still
    ordered = draw_order(axes, article, rows)
    mark_breaks(axes)
    label_rows(axes[0], axes[-1], frame, rows)
    mark_anchor(axes[-1], language)
    add_legend(fig, drawn, ordered, language)
    plt.close(fig)  # the notebook shows it once, by display(); pyplot keeps no reference
    return fig


STILL_ASKING_TEXT = N_("still asking in {month}; no call before his handover")
STILL_ASKING_OFFSET = (-4, -3)  # points left of the anchor's line and below the row's bar


def draw_still_asking(ev, axes, rows: list[str], language: str | None = None) -> set:
    """Aquilino's requests on record (P15's row): they did not end where the USNI record's bar
    ends. The record's bar goes on, solid, to the day he was still asking (SCMP), then a dashed
    arrow runs on to the report: he never got the call before handing over his command."""
    requests, asking = fact_for(ev, "aquilino_attempts"), named_fact(ev, STILL_ASKING_FACT)
    first, last = dates.to_date(requests["end"]), dates.to_date(asking["start"])
    index = rows.index(EXTRA_FACTS[STILL_ASKING_FACT])
    mark = Mark("context:aquilino_continued", "context", "lasting", first, last, "day")
    draw_mark(axes[panel_of(mark)], mark, index)
    ax, y = axes[panel_of(mark)], index + OFFSET["context"]
    ax.annotate(
        "",
        xy=(dates.ANCHOR, y),
        xytext=(last, y),
        arrowprops={
            "arrowstyle": "-|>",
            "linestyle": (0, (4, 2)),
            "color": colour_of("context"),
            "linewidth": 1.1,
            "mutation_scale": 8,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        gid="context:aquilino_still_asking_arrow",
    )
    text = tr(STILL_ASKING_TEXT, language).format(
        month=dates.format_month(last, language, full=True)
    )
    ax.annotate(
        figtext.ar(text),
        xy=(dates.ANCHOR, index + OFFSET["second"] + 0.04),
        xytext=STILL_ASKING_OFFSET,  # clear of the bar above and of the anchor's line
        textcoords="offset points",
        ha="right",
        va="center",
        size=7.5,
        color=colour_of("context"),
        gid="context:aquilino_still_asking_text",
    )
    return {("context", "lasting")}


def panel_of(mark) -> int:
    """The panel that holds a mark whole; a date no panel shows is an error, not a clipped mark."""
    start, end = dates.to_date(mark.start), dates.to_date(mark.end)
    for index, (first, last) in enumerate(PANELS):
        if first <= start and end <= last:
            return index
    raise ValueError(f"{mark.gid}: {start}..{end} lies outside every panel of the time axis")


def set_panel(ax, first: date, last: date, n_rows: int) -> None:
    ax.set_xlim(first, last)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_yticks([i + 0.5 for i in range(n_rows - 1)], [""] * (n_rows - 1))  # between rows
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))


def draw_mark(ax, mark: Mark, index: int) -> None:
    """One mark, as :data:`MARK_TEXT` says: a point, a capped range, a bar or a dotted box."""
    y = index + OFFSET[mark.layer]
    if mark.mark == "day":
        xs = sorted({mark.start, mark.end})  # a visit of two days: both days, joined
        ax.plot(xs, [y] * len(xs), linewidth=1.5, gid=mark.gid, **day_style(mark.layer))
        return
    first, after_last = mark.start, mark.end + relativedelta(days=1)  # the end day is included
    if mark.mark in ("window", "between"):
        ax.plot([first, after_last], [y, y], gid=mark.gid, **range_style(mark.layer, mark.mark))
        return
    height = HEIGHT[mark.layer]
    ax.add_patch(
        Rectangle(
            (mdates.date2num(first), y - height / 2),
            (after_last - first).days,
            height,
            gid=mark.gid,
            **box_style(mark.layer, mark.mark, mark.precision),
        )
    )


def draw_order(axes, article: list[dict], rows: list[str]) -> bool:
    """An arrow from each event to the undated one the article says comes after it.

    The arrow joins the two marks' first days: the later event's range opens there only
    because the earlier one may have been then, and it came after it.
    """
    by_id = {row["event_id"]: row for row in article}
    drawn = False
    for row in article:
        if not dates.ordered(row):
            continue
        earlier = by_id[row["after_event_id"]]
        ax = axes[panel_of(marks_of(row)[0])]
        x = mdates.date2num(dates.to_date(row["start"]))
        arrow = FancyArrowPatch(
            (x, rows.index(earlier["event_id"]) + OFFSET["article"]),
            (x, rows.index(row["event_id"]) + OFFSET["article"]),
            connectionstyle="arc3,rad=0.45",
            arrowstyle="-|>",
            mutation_scale=9,
            color=PALETTE["muted"],
            linewidth=1.0,
            shrinkA=3,
            shrinkB=5,
            gid=f"order:{earlier['event_id']}:{row['event_id']}",
        )
        ax.add_patch(arrow)
        drawn = True
    return drawn


def label_rows(first_ax, last_ax, frame: pd.DataFrame, rows: list[str]) -> None:
    """Arabic labels right-aligned against the axis, so each begins by its row; paragraphs right."""
    left = blended_transform_factory(first_ax.transAxes, first_ax.transData)
    right = blended_transform_factory(last_ax.transAxes, last_ax.transData)
    for index, event_id in enumerate(rows):
        group = records(frame[frame["event_id"] == event_id])
        for provenance, size in (("article", 11), ("context", 9.5)):
            labels = [
                r["label_ar"] for r in group if r["provenance"] == provenance and r["label_ar"]
            ]
            if labels:
                first_ax.text(
                    -0.08,
                    index + OFFSET[provenance],
                    figtext.ar("، ".join(labels)),
                    transform=left,
                    ha="right",
                    va="center",
                    size=size,
                    color=colour_of(provenance),
                    gid=f"label:{provenance}:{event_id}",
                )
        paragraph = next(r["paragraph_id"] for r in group if r["provenance"] == "article")
        last_ax.text(
            1.02,
            index + OFFSET["article"],
            paragraph,
            transform=right,
            ha="left",
            va="center",
            size=9,
            color=PALETTE["muted"],
        )


def mark_breaks(axes) -> None:
    """Hide the spines at each break and draw the usual diagonal cut marks."""
    for left, right in zip(axes[:-1], axes[1:], strict=False):
        left.spines["right"].set_visible(False)
        right.spines["left"].set_visible(False)
        right.tick_params(axis="y", left=False)
        for ax, x in ((left, 1), (right, 0)):
            ax.plot(
                [x],
                [0],
                transform=ax.transAxes,
                marker=[(-1, -2), (1, 2)],
                markersize=10,
                linestyle="none",
                color=PALETTE["muted"],
                clip_on=False,
            )


def mark_anchor(ax, language: str | None = None) -> None:
    """The day every relative expression counts from."""
    ax.axvline(dates.ANCHOR, color=PALETTE["muted"], linestyle=":", linewidth=1)
    text = shown(ANCHOR_TEXT, language)
    ax.text(dates.ANCHOR, -0.75, text, color=PALETTE["muted"], ha="center", size=9)


def add_legend(fig, drawn: set[tuple[str, str]], ordered: bool, language=None) -> None:
    """A legend grid: one headed row per layer (the article's own dates, outside context, a
    second source), one column per kind of mark, each key shown only where the figure draws
    it; the order arrow in a row of its own.

    Right to left, the grid is mirrored, as an Arabic reader reads it: the row titles in the
    rightmost column, each key's text before (right of) its mark. The marks say the same.
    """
    kinds = [m for m in MARKS if any((layer, m) in drawn for layer in LAYER_TEXT)]
    # matplotlib stacks each column of a legend on its own: a row lines up across the columns
    # only if all its entries are equally tall, so every text gets as many lines as the
    # longest (blank lines below a shorter one, as in a table's top-aligned cells).
    lines = max(tr(text, language).count("\n") + 1 for text in LEGEND_TEXTS)
    titles = {layer: shown(title, language, lines) for layer, title in LAYER_TEXT.items()}
    empty = shown("", language, lines)
    grid = [
        [
            blank(titles[layer]),
            *(key(layer, m, language, lines) if (layer, m) in drawn else blank(empty)
              for m in kinds),
        ]
        for layer in LAYER_TEXT
        if any((layer, m) in drawn for m in kinds)
    ]  # fmt: skip
    if ordered:
        label = shown(MARK_TEXT["order"], language, lines)
        arrow = Line2D([], [], color=PALETTE["muted"], marker=">", markersize=5, label=label)
        grid.append([blank(titles["order"]), arrow] + [blank(empty)] * (len(kinds) - 1))
    columns = list(range(len(kinds) + 1))
    rtl = direction(language) == "rtl"
    if rtl:
        columns.reverse()
    handles = [row[column] for column in columns for row in grid]  # by column
    legend = fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(kinds) + 1,
        fontsize=9,
        markerfirst=not rtl,
    )
    for text in legend.get_texts():
        text.set_fontweight("bold" if text.get_text() in titles.values() else "normal")
        text.set_multialignment("right" if rtl else "left")  # the lines of a two-line key


def blank(label: str) -> Line2D:
    return Line2D([], [], linestyle="none", label=label)


def key(layer: str, mark: str, language: str | None = None, lines: int = 1):
    """The legend key of one kind of mark, styled as :func:`draw_mark` draws it."""
    label = shown(MARK_TEXT[mark], language, lines)
    if mark == "day":
        return Line2D([], [], linestyle="none", label=label, **day_style(layer))
    if mark in ("window", "between"):
        style = range_style(layer, mark) | {"markersize": 0}
        return Line2D([], [], label=label, **style)
    return Patch(label=label, **box_style(layer, mark, "approximate" if mark == "lasting" else ""))
