"""The timeline chapter: the article's time expressions resolved, checked and drawn.

Every date here comes from the data: the article's events through the resolver in
:mod:`article_evidence.dates` (checked against what ``events.csv`` stores), and the outside
record from ``context_facts.csv``, with the second date a source gives where sources disagree.
Durations and arithmetic checks are computed from both, so a corrected date changes every
number in the chapter. The tables shown to readers carry plain English column headers and keep
their ids in the (hidden) index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from article_evidence import dates, evidence, figtext
from article_evidence.style import PALETTE

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


def date_text(start, end, precision: str) -> str:
    """A date or interval as readers see it; an approximate span of a week at most is that week.

    :func:`article_evidence.dates.interval_text` gives "about Nov 2019 to 24 Nov 2019" for an
    approximate span; for one no longer than a week the record knows more: which week.
    """
    first, last = dates.to_date(start), dates.to_date(end)
    if precision == "approximate" and (last - first).days < WEEK_DAYS:
        return f"week of {dates.interval_text(first, last, 'day')}"
    return dates.interval_text(first, last, precision)


def event_table(ev) -> pd.DataFrame:
    """One row per event the article dates, in time order, as the chapter's table shows it.

    Indexed by ``event_id`` (hidden when shown).
    """
    frame = resolved_events(ev)
    return pd.DataFrame(
        {
            "Paragraph": frame["paragraph_id"],
            "The article's words": frame["time_expression_ar"],
            "What happened": frame["description_en"],
            "Date or interval": [
                date_text(r["start"], r["end"], r["precision"]) for r in records(frame)
            ],
            "Precision": frame["precision"],
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
    "confidence",
    "what_en",
    "alt_start",
    "alt_end",
    "alt_source_name",
    "alt_source_url",
    "disagreement_en",
]


def timeline_frame(ev) -> pd.DataFrame:
    """The article's events and the outside facts that date them, each row tagged and checked.

    Only facts with an ``event_id`` are taken: they date something the article says; the
    facts about what happened afterwards belong to another chapter.
    """
    events = evidence.tag(resolved_events(ev).assign(row_id=lambda f: f["event_id"]))
    events = events.rename(columns={"description_en": "what_en"})
    facts = evidence.tag(ev.context_facts)
    facts = facts[facts["event_id"].notna()].rename(
        columns={"fact_id": "row_id", "fact_en": "what_en"}
    )
    frame = pd.concat([events, facts], ignore_index=True).reindex(columns=TIMELINE_COLUMNS)
    return evidence.check_provenance(frame)


def fact_for(ev, event_id: str) -> dict:
    """The one outside fact that dates an article event."""
    facts = records(ev.context_facts[ev.context_facts["event_id"] == event_id])
    if len(facts) != 1:
        raise ValueError(f"{event_id}: {len(facts)} context facts date it, expected one")
    return facts[0]


def record_facts(ev) -> tuple[pd.DataFrame, list[dict]]:
    """The article's events (by ``event_id``) and the outside facts dating them, in event order."""
    frame = timeline_frame(ev)
    article = frame[frame["provenance"] == "article"].set_index("event_id")
    order = {event_id: position for position, event_id in enumerate(article.index)}
    facts = sorted(
        records(frame[frame["provenance"] == "context"]), key=lambda f: order[f["event_id"]]
    )
    return article, facts


def record_table(ev) -> pd.DataFrame:
    """The outside dates, each checked against the article's own span for the same event.

    Indexed by ``fact_id`` (hidden when shown).
    """
    article, facts = record_facts(ev)
    events = [article.loc[f["event_id"]] for f in facts]
    return pd.DataFrame(
        {
            "Paragraph": [e["paragraph_id"] for e in events],
            "What happened": [e["what_en"] for e in events],
            "Date in the record": [date_text(f["start"], f["end"], f["precision"]) for f in facts],
            "Precision": [f["precision"] for f in facts],
            "Confidence": [f["confidence"] for f in facts],
            "Within the article's date": [
                inside(f["start"], f["end"], e) for f, e in zip(facts, events, strict=True)
            ],
            "Source": [f["source_name"] for f in facts],
        },
        index=pd.Index([f["row_id"] for f in facts], name="fact_id"),
    )


def disagreement_table(ev) -> pd.DataFrame:
    """Where a second source dates an event otherwise: both dates, each against the article's.

    Indexed by ``fact_id`` (hidden when shown). The second date is told at the precision of the
    first: it is the same event, dated by another source.
    """
    article, facts = record_facts(ev)
    facts = [f for f in facts if f["alt_start"] is not None]
    events = [article.loc[f["event_id"]] for f in facts]
    return pd.DataFrame(
        {
            "Paragraph": [e["paragraph_id"] for e in events],
            "What happened": [e["what_en"] for e in events],
            "The article's date": [date_text(e["start"], e["end"], e["precision"]) for e in events],
            "Date in the record": [date_text(f["start"], f["end"], f["precision"]) for f in facts],
            "Other date": [date_text(f["alt_start"], f["alt_end"], f["precision"]) for f in facts],
            "Other source": [f["alt_source_name"] for f in facts],
            "Other date within the article's date": [
                inside(f["alt_start"], f["alt_end"], e) for f, e in zip(facts, events, strict=True)
            ],
            "What differs": [f["disagreement_en"] for f in facts],
        },
        index=pd.Index([f["row_id"] for f in facts], name="fact_id"),
    )


def inside(start, end, event) -> str:
    """Whether the days start..end lie within the article's own date for the event."""
    ok = event["start"] <= start and end <= event["end"]
    return "yes" if ok else "no"


# --------------------------------------------------------------------------- durations


@dataclass(frozen=True)
class Span:
    """The time from one day to another, shown with its computation.

    ``if_empty`` says what a span of no time means, for spans that may be empty; an empty span
    is shown as "0 days (…)", not as a pair of days running backwards.
    """

    first: date
    last: date
    if_empty: str | None = None

    @property
    def empty(self) -> bool:
        return self.last <= self.first

    @property
    def length(self) -> str:
        """Calendar length, and days where that adds anything; an overlap is no time."""
        if self.empty:
            return f"0 days ({self.if_empty})" if self.if_empty else "0 days"
        delta = dates.span_in_months(self.first, self.last)
        words = dates.describe(delta)
        days = (self.last - self.first).days
        return f"{words} ({days} days)" if delta.years or delta.months else words

    def __str__(self) -> str:
        if self.empty:
            return self.length
        return f"{dates.day_text(self.first)} → {dates.day_text(self.last)}: {self.length}"


def bounds(row: dict) -> tuple[date, date]:
    """Earliest and latest day an event can have been (the same day if it is known)."""
    return dates.to_date(row["start"]), dates.to_date(row["end"])


def shortest_and_longest(since: dict, until: dict, if_empty: str | None) -> tuple[Span, Span]:
    """Between two events known only within bounds: latest start to earliest end, and back."""
    (since_first, since_last), (until_first, until_last) = bounds(since), bounds(until)
    return Span(since_last, until_first, if_empty), Span(since_first, until_last, if_empty)


@dataclass(frozen=True)
class Duration:
    """One length the chapter computes: from one article event to another."""

    key: str  # names the values quoted in the text
    what: str
    since: str
    until: str
    if_empty: str | None = None  # what it means when the shortest possible length is no time


DURATIONS = (
    Duration(
        "closed", "From the closing of the channels to the summit", "channels_closed", "summit"
    ),
    Duration(
        "meeting",
        "From Chase's trip to his first meeting with Liu since",
        "chase_trip",
        "chase_liu_meeting",
        if_empty="the meeting may have followed the trip at once",
    ),
    Duration(
        "vacant", "Defence minister post vacant, up to the FT report", "li_removed", "ft_report"
    ),
)
DURATION_KEYS = tuple(d.key for d in DURATIONS)


def duration_spans(ev) -> list[tuple[Duration, str, Span, Span]]:
    """Each duration twice, from the article's own bounds and from the record's days."""
    events = {row["event_id"]: row for row in records(resolved_events(ev))}
    spans = []
    for duration in DURATIONS:
        first, last = events[duration.since], events[duration.until]
        cites = f"article ({first['paragraph_id']}, {last['paragraph_id']})"
        spans.append((duration, cites, *shortest_and_longest(first, last, duration.if_empty)))
        outside = fact_for(ev, duration.since), fact_for(ev, duration.until)
        sources = "; ".join(dict.fromkeys(f["source_name"] for f in outside))
        spans.append(
            (duration, f"context ({sources})", *shortest_and_longest(*outside, duration.if_empty))
        )
    return spans


def durations(ev) -> pd.DataFrame:
    """The durations as the chapter's table shows them, each computation spelled out.

    Indexed by (duration key, article or context), hidden when shown.
    """
    rows = duration_spans(ev)
    columns = ["What is measured", "Based on", "Shortest possible", "Longest possible"]
    index = pd.MultiIndex.from_tuples(
        [(d.key, basis.split(" ", 1)[0]) for d, basis, _, _ in rows], names=["key", "basis"]
    )
    return pd.DataFrame(
        [[d.what, basis, str(a), str(b)] for d, basis, a, b in rows], columns=columns, index=index
    )


# Li's last public appearance dates no article event (it bears on the vacancy), so it is named.
LAST_SEEN_FACT = "li_last_seen"


def last_seen(ev) -> Span:
    """From Li's last public appearance to the report."""
    fact = records(ev.context_facts[ev.context_facts["fact_id"] == LAST_SEEN_FACT])[0]
    return Span(dates.to_date(fact["start"]), dates.ANCHOR)


# --------------------------------------------------------------------------- arithmetic checks

# Aquilino's change of command bounds how long he can have been asking (P15); it dates no
# article event, so it is named here.
COMMAND_FACT = "aquilino_takes_command"


def check_spans(ev) -> list[tuple[str, str, Span, str]]:
    """The article's two counted spans, as written and from the record: claim, basis, span, note."""
    return six_months_checks(ev) + three_years_checks(ev)


def arithmetic_checks(ev) -> pd.DataFrame:
    """The checks as the chapter's table shows them, each computation spelled out."""
    rows = [(claim, basis, str(span), note) for claim, basis, span, note in check_spans(ev)]
    columns = ["The article's words", "Based on", "Computed span", "Note"]
    return pd.DataFrame(rows, columns=columns)


def six_months_checks(ev) -> list[tuple]:
    """'6 months after Pelosi's visit' (P06) against 'last February' (P01) and the record."""
    events = {row["event_id"]: row for row in records(ev.events)}
    claim = events["chase_trip_six_months"]["time_expression_ar"]
    pelosi = dates.resolve(events["pelosi_visit"]["time_expression_ar"])
    trip = dates.resolve(claim, reference=pelosi)
    february = dates.resolve(events["chase_trip"]["time_expression_ar"])
    agrees = (trip.start, trip.end) == (february.start, february.end)
    note = (
        f"{trip.start:%b %Y}: {'the same' if agrees else 'not the'} month as 'last February' (P01)"
    )
    visit, arrival = fact_for(ev, "pelosi_visit"), fact_for(ev, "chase_trip")
    sources = f"context ({visit['source_name']}; {arrival['source_name']})"
    by_day = Span(dates.to_date(visit["end"]), dates.to_date(arrival["start"]))
    return [
        (claim, "article (P04, P06)", Span(pelosi.start, trip.start), note),
        (claim, sources, by_day, "from the end of Pelosi's visit to Chase's arrival"),
    ]


def three_years_checks(ev) -> list[tuple]:
    """'Nearly 3 years' (P15) as the resolver reads it, against the record's two starts."""
    events = {row["event_id"]: row for row in records(ev.events)}
    claim = events["aquilino_attempts"]["time_expression_ar"]
    said = dates.resolve(claim)
    checks = [(claim, "article (P15)", Span(said.start, said.end), "'nearly': an upper bound")]
    requests = fact_for(ev, "aquilino_attempts")
    command = records(ev.context_facts[ev.context_facts["fact_id"] == COMMAND_FACT])[0]
    for fact, note in (
        (requests, "from his first requests (about August 2021) to the report"),
        (command, "from his change of command to the report"),
    ):
        span = Span(dates.to_date(fact["start"]), dates.ANCHOR)
        checks.append((claim, f"context ({fact['source_name']})", span, note))
    return checks


# --------------------------------------------------------------------------- quoted in the text

CHECK_KEYS = ("six_article", "six_context", "three_article", "three_requests", "three_command")


def quoted_values(ev) -> dict[str, str]:
    """The computed lengths the chapter's prose quotes from its tables, by key."""
    values = {}
    spans = duration_spans(ev)
    for article, context in zip(spans[::2], spans[1::2], strict=True):
        key = article[0].key
        for basis, (_, _, shortest, longest) in (("article", article), ("context", context)):
            values[f"{key}_{basis}_shortest"] = shortest.length
            values[f"{key}_{basis}_longest"] = longest.length
    checks = [span.length for _, _, span, _ in check_spans(ev)]
    return values | dict(zip(CHECK_KEYS, checks, strict=True))


def quoted_facts(ev) -> dict[str, str]:
    """The values the prose quotes that no table shows: Li's last public appearance."""
    unseen = last_seen(ev)
    return {
        "li_last_seen": dates.day_text(unseen.first),
        "li_unseen_days": f"{(unseen.last - unseen.first).days} days",
    }


def glue_values(ev) -> None:
    """Make the values quotable in the text as {glue:text}`key`, without showing them."""
    from article_evidence.glue import glue_all  # only a notebook needs it

    glue_all(quoted_values(ev) | quoted_facts(ev))


# --------------------------------------------------------------------------- the figure

# The broken time axis: 1979, 2019, then late 2020 (where "nearly 3 years" begins) to 2024.
# Panel widths follow their time spans, so a month is equally wide in every panel.
PANELS = (
    (date(1978, 10, 1), date(1980, 3, 1)),
    (date(2018, 10, 1), date(2020, 3, 1)),
    (date(2020, 10, 1), date(2025, 3, 1)),
)
ROW_INCHES = 0.5


@dataclass(frozen=True)
class Look:
    """How a span is drawn for one precision; the colour says article or outside context."""

    fill: float  # alpha of the fill; 0 for none
    hatch: str | None = None
    linestyle: str = "-"


LOOKS = {
    "month": Look(0.35),
    "year": Look(0.35),
    "approximate": Look(0.0, hatch="////"),
    "interval": Look(0.1, linestyle="--"),
}
# Within a row the article's mark sits above the line, the outside record's thinner mark below.
OFFSET = {"article": -0.15, "context": 0.22}
HEIGHT = {"article": 0.34, "context": 0.16}


def colour_of(provenance: str) -> str:
    return PALETTE["article" if provenance == "article" else "outside"]


def point_style(provenance: str) -> dict:
    """A day: a filled dot from the article, a hollow diamond from outside."""
    colour = colour_of(provenance)
    if provenance == "article":
        return {"marker": "o", "color": colour, "markerfacecolor": colour}
    return {"marker": "D", "color": colour, "markerfacecolor": PALETTE["background"]}


def span_style(provenance: str, precision: str) -> dict:
    colour, look = colour_of(provenance), LOOKS[precision]
    return {
        "facecolor": (*to_rgb(colour), look.fill),
        "edgecolor": colour,
        "hatch": look.hatch,
        "linestyle": look.linestyle,
    }


def draw_timeline(ev):
    """The article's dated events and the record that dates them, on a broken time axis."""
    frame = timeline_frame(ev)
    rows = list(frame.loc[frame["provenance"] == "article", "event_id"])
    fig = plt.figure(figsize=(10, 1.6 + ROW_INCHES * len(rows)))
    widths = [(last - first).days for first, last in PANELS]
    axes = fig.subplots(1, len(PANELS), sharey=True, width_ratios=widths)
    fig.get_layout_engine().set(wspace=0.015)
    for ax, (first, last) in zip(axes, PANELS, strict=True):
        set_panel(ax, first, last, len(rows))
    for row in records(frame):
        draw_mark(axes[panel_of(row)], row, rows.index(row["event_id"]))
    mark_breaks(axes)
    label_rows(axes[0], axes[-1], frame, rows)
    mark_anchor(axes[-1])
    add_legend(fig, frame)
    plt.close(fig)  # the notebook shows it once, by display(); pyplot keeps no reference
    return fig


def panel_of(row: dict) -> int:
    """The panel that holds a mark whole; a date no panel shows is an error, not a clipped mark."""
    start, end = dates.to_date(row["start"]), dates.to_date(row["end"])
    for index, (first, last) in enumerate(PANELS):
        if first <= start and end <= last:
            return index
    raise ValueError(f"{row['row_id']}: {start}..{end} lies outside every panel of the time axis")


def set_panel(ax, first: date, last: date, n_rows: int) -> None:
    ax.set_xlim(first, last)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_yticks(range(n_rows), [""] * n_rows)  # a grid line between each row's two marks
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))


def draw_mark(ax, row: dict, index: int) -> None:
    """One row's mark: a point for a day, a span for anything less precise."""
    provenance = row["provenance"]
    y = index + OFFSET[provenance]
    start, end = dates.to_date(row["start"]), dates.to_date(row["end"])
    gid = f"{provenance}:{row['row_id']}"
    if row["precision"] == "day":
        xs = sorted({start, end})  # a visit of two days: both days, joined
        ax.plot(xs, [y] * len(xs), markersize=6, linewidth=1.5, gid=gid, **point_style(provenance))
        return
    height = HEIGHT[provenance]
    width = (end - start).days + 1  # the end day is included
    ax.add_patch(
        Rectangle(
            (mdates.date2num(start), y - height / 2),
            width,
            height,
            linewidth=1.1,
            gid=gid,
            **span_style(provenance, row["precision"]),
        )
    )


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


def mark_anchor(ax) -> None:
    """The day every relative expression counts from."""
    ax.axvline(dates.ANCHOR, color=PALETTE["muted"], linestyle=":", linewidth=1)
    ax.text(dates.ANCHOR, -0.75, "anchor: FT report", color=PALETTE["muted"], ha="center", size=9)


# Legend columns: how each precision looks, the same for the article and the record.
KINDS = {
    "day": "a day",
    "month": "a month or a year",
    "year": "a month or a year",
    "approximate": "approximate",
    "interval": "somewhere between two dates",
}


def add_legend(fig, frame: pd.DataFrame) -> None:
    """Two headed legend rows, the article's own dates above the outside record, kind by kind."""
    shown = set(zip(frame["provenance"], frame["precision"], strict=True))
    titles = {"article": "The article's own dates:", "context": "Outside context:"}
    columns = [[blank(title) for title in titles.values()]]
    for kind in dict.fromkeys(KINDS.values()):
        precisions = [p for p, k in KINDS.items() if k == kind]
        columns.append(
            [
                key(p, precisions[0], kind) if {(p, q) for q in precisions} & shown else blank("")
                for p in titles
            ]
        )
    handles = [handle for column in columns for handle in column]  # matplotlib fills by column
    legend = fig.legend(
        handles=handles, loc="outside lower center", ncols=len(columns), fontsize=10
    )
    for text in legend.get_texts():
        text.set_fontweight("bold" if text.get_text() in titles.values() else "normal")


def blank(label: str) -> Line2D:
    return Line2D([], [], linestyle="none", label=label)


def key(provenance: str, precision: str, label: str):
    """The legend key of one kind of mark, styled as :func:`draw_mark` draws it."""
    if precision == "day":
        return Line2D([], [], linestyle="none", label=label, **point_style(provenance))
    return Patch(label=label, **span_style(provenance, precision))
