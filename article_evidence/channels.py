"""Open issues, and what became of them: each channel's state over time, each issue's fate.

Computed from the rows that set a channel's state (``events`` and ``channels`` from the article,
``context_facts`` from outside) and from the context facts tied to each open issue. Article and
context rows are tagged with :func:`evidence.tag` and pass :func:`evidence.check_provenance`
before anything combines them; the chapter "Open issues, and what became of them" only calls
these functions and shows their results.

How states are derived, per channel:

- A row that sets a state is a *change* that happened at an unknown day within its window
  (``start``..``end``: "last October" is the whole month). A multi-day meeting (precision
  ``day``) changes the state on its first day. Changes happen in the order of their windows.
- A context fact that dates an article event (``event_id``) is the same change, not another:
  it narrows that event's window.
- A row of precision ``approximate`` ("trying for nearly 3 years") is a change at about its
  start; its end is only the day it was said.
- The article states each channel's state at publication (``channels.state_at_publication``).
  Where the dated changes give another state on that day, the article's state began at an
  unknown day after the last dated change (or on that day, if there is none): one more change,
  with that window.
- A state lasts until the next change. Where the order of changes leaves more than one state
  possible on a day, the day is *uncertain* (drawn hatched).
- The article speaks only up to its publication; the outside record runs to the end of 2024.
  A lane whose last change no outside source sets ends at publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from dateutil.relativedelta import relativedelta

from article_evidence import dates, evidence, figtext, style
from article_evidence.evidence import Evidence

# The channels drawn as lanes, top to bottom. 'routine' (P16, "in regular contact") is left
# out: it names no counterpart and no change of state.
LANES = ("attache", "ministers", "chiefs", "theater", "dpct", "mmca", "leaders")
LANE_EN = {
    "attache": "Chase and the attaché",
    "ministers": "Defence ministers",
    "chiefs": "Chiefs of staff",
    "theater": "INDOPACOM and theater commanders",
    "dpct": "High-level military talks (DPCT, per the record)",
    "mmca": "Maritime talks (MMCA)",
    "leaders": "Presidents",
}
STATE_EN = {
    "open": "open",
    "cut": "cut",
    "vacant": "no counterpart",
    "sought": "sought by the US",
    "negotiating": "under negotiation",
    "agreed": "agreed to restore",
    "restored": "restored",
    "met": "met again",
}
# Short forms drawn inside the spans; the legend spells out the longer ones.
STATE_SHORT = {"vacant": "vacant", "sought": "sought", "negotiating": "negotiating"}
STATE_LEGEND = {
    "vacant": "vacant: no counterpart",
    "sought": "sought by the US",
    "negotiating": "under negotiation",
    "met": "met again (one meeting)",
}
UNTIL = date(2024, 12, 31)  # the lanes end with 2024, the last year the context covers
PUBLICATION_FACT = "ft_report_date"  # the FT report the article relays: its date
ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- dates


def row_when(row) -> str:
    """A row's date or interval at its own precision."""
    return dates.interval_text(row.start, row.end, row.precision)


def publication(ev: Evidence) -> date:
    """The day the FT published the report the article relays (context)."""
    return dates.to_date(fact(ev, PUBLICATION_FACT)["start"])


def fact(ev: Evidence, fact_id: str) -> pd.Series:
    return ev.context_facts.set_index("fact_id").loc[fact_id]


# --------------------------------------------------------------------------- transitions

COLUMNS = [
    "row_id",
    "channel_id",
    "state",
    "start",
    "end",
    "precision",
    "statement",
    "provenance",
    "paragraph_id",
    "source_name",
    "source_url",
    "confidence",
    "dates_event",
]


def transitions(ev: Evidence) -> pd.DataFrame:
    """Every row that sets a channel's state, one per channel it sets, tagged and checked."""
    events = evidence.tag(ev.events).assign(dates_event=ev.events["event_id"])
    facts = evidence.tag(ev.context_facts).rename(columns={"event_id": "dates_event"})
    frame = pd.concat(
        [state_rows(events, "event_id", "description_en"), state_rows(facts, "fact_id", "fact_en")],
        ignore_index=True,
    )
    frame = frame.sort_values(["channel_id", "start", "end"], kind="stable", ignore_index=True)
    return evidence.check_provenance(frame)


def state_colour(state: str) -> str:
    return style.PALETTE[state]


def state_rows(tagged: pd.DataFrame, key: str, text: str) -> pd.DataFrame:
    rows = tagged.loc[tagged["channel_state"].notna()]
    rows = rows.assign(channel_id=rows["channel_ids"].str.split(";")).explode("channel_id")
    rows = rows.rename(columns={key: "row_id", "channel_state": "state", text: "statement"})
    return rows.reindex(columns=COLUMNS)


def publication_states(ev: Evidence) -> pd.DataFrame:
    """The article's own word on each lane's state when it appeared, tagged and checked."""
    tagged = evidence.tag(ev.channels)
    tagged = tagged.loc[tagged["channel_id"].isin(LANES)]
    frame = tagged.rename(columns={"state_at_publication": "state", "evidence_en": "statement"})
    frame = frame.assign(row_id="channels:" + frame["channel_id"], precision="day")
    frame["start"] = frame["end"] = pd.Timestamp(publication(ev))
    frame = frame.reindex(columns=COLUMNS).reset_index(drop=True)
    return evidence.check_provenance(frame)


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    """One change of a channel's state, on an unknown day in ``lo``..``hi`` (inclusive)."""

    channel_id: str
    state: str
    lo: date
    hi: date
    outside: bool  # an outside source sets this state
    rows: tuple[str, ...]

    def key(self) -> tuple[date, date]:
        return (self.lo, self.hi)


AT_START = ("day", "approximate")  # a meeting on its first day, a period from about its start


def window(row) -> tuple[date, date]:
    """The days a row's date spans; :func:`at_start` makes it the day of the change."""
    return dates.to_date(row.start), dates.to_date(row.end)


def at_start(lo: date, hi: date, precision: str) -> tuple[date, date]:
    return (lo, lo) if precision in AT_START else (lo, hi)


def changes(ev: Evidence) -> list[Change]:
    """Every change on every lane: dated rows merged with the facts that date them, plus the
    changes implied by the article's state at publication."""
    rows = transitions(ev)
    rows = rows.loc[rows["channel_id"].isin(LANES)]
    article = rows.loc[rows["provenance"] == "article"]
    context = rows.loc[rows["provenance"] == "context"]
    keys = set(zip(article["row_id"], article["channel_id"], article["state"], strict=True))
    found = [article_change(ev, row, context) for row in article.itertuples()]
    for row in context.itertuples():
        if (row.dates_event, row.channel_id, row.state) not in keys:
            lo, hi = at_start(*window(row), row.precision)
            found.append(Change(row.channel_id, row.state, lo, hi, True, (row.row_id,)))
    return found + implied_at_publication(ev, found)


def article_change(ev: Evidence, row, context: pd.DataFrame) -> Change:
    """An article row's change, its window narrowed by the context facts that date it."""
    lo, hi = window(row)
    ids = [row.row_id]
    facts = dating_facts(ev, row, context)
    for other in facts.itertuples():
        lo, hi = max(lo, dates.to_date(other.start)), min(hi, dates.to_date(other.end))
        ids.append(other.fact_id)
    if lo > hi:
        raise ValueError(f"context facts {ids[1:]} date {row.row_id} outside its own window")
    lo, hi = at_start(lo, hi, row.precision)
    outside = bool(facts["channel_state"].notna().any())
    return Change(row.channel_id, row.state, lo, hi, outside, tuple(ids))


def dating_facts(ev: Evidence, row, context: pd.DataFrame) -> pd.DataFrame:
    """Facts about the same event: dating it alone, or setting the same state on this lane."""
    facts = ev.context_facts.loc[ev.context_facts["event_id"] == row.row_id]
    same = context.loc[
        (context["dates_event"] == row.row_id)
        & (context["channel_id"] == row.channel_id)
        & (context["state"] == row.state),
        "row_id",
    ]
    return facts.loc[facts["channel_state"].isna() | facts["fact_id"].isin(same)]


def implied_at_publication(ev: Evidence, found: list[Change]) -> list[Change]:
    """Where the dated changes disagree with the article's state at publication, the
    article's state began after the last dated change and by publication."""
    published = publication(ev)
    implied = []
    for row in publication_states(ev).itertuples():
        own = ordered([c for c in found if c.channel_id == row.channel_id])
        states, certain = states_on(own, published)
        if certain and states == (row.state,):
            continue
        before = [c.hi for c in own if c.hi < published]
        lo = max(before) + ONE_DAY if before else published
        implied.append(Change(row.channel_id, row.state, lo, published, False, (row.row_id,)))
    return implied


def ordered(found: list[Change]) -> list[Change]:
    """Changes in the order they happened; ties keep the data's row order."""
    return sorted(found, key=Change.key)


def states_on(order: list[Change], when_: date) -> tuple[tuple[str, ...], bool]:
    """The states a lane may be in at the end of one day, and whether only one is possible.

    A change is certain to have happened by the end of its window, and may have from its
    start; ``order`` is the order in which the changes happened.
    """
    begun = [i for i, c in enumerate(order) if c.lo <= when_]
    if not begun:
        return (), True
    done = max((i for i, c in enumerate(order) if c.hi <= when_), default=-1)
    possible = tuple(dict.fromkeys(order[i].state for i in range(max(done, 0), begun[-1] + 1)))
    return possible, done >= 0 and len(possible) == 1


def implied_lanes(ev: Evidence) -> list[str]:
    """Lanes whose state at publication comes only from the article's word on that day."""
    return [c.channel_id for c in changes(ev) if c.rows[0].startswith("channels:")]


# --------------------------------------------------------------------------- spans


def state_spans(ev: Evidence, until: date = UNTIL) -> pd.DataFrame:
    """Each lane as spans of days with the same possible states, from its first change to
    :func:`lane_end`."""
    found = changes(ev)
    rows = []
    for channel in LANES:
        order = ordered([c for c in found if c.channel_id == channel])
        rows += lane_spans(channel, order, lane_end(order, publication(ev), until))
    return pd.DataFrame(rows, columns=["channel_id", "start", "end", "states", "certain"])


def lane_end(order: list[Change], published: date, until: date) -> date:
    """The last day a lane is drawn: ``until`` where an outside source sets its last change,
    else publication (the article speaks of nothing later)."""
    if order and not order[-1].outside:
        return min(published, until)
    return until


def lane_spans(channel: str, order: list[Change], until: date) -> list[tuple]:
    edges = sorted({c.lo for c in order} | {c.hi for c in order} | {until + ONE_DAY})
    edges = [e for e in edges if e <= until + ONE_DAY]
    spans: list[list] = []
    for first, after in zip(edges, edges[1:], strict=False):
        states, certain = states_on(order, first)
        if not states:
            continue
        if spans and spans[-1][3:] == [states, certain] and spans[-1][2] == first - ONE_DAY:
            spans[-1][2] = after - ONE_DAY
        else:
            spans.append([channel, first, after - ONE_DAY, states, certain])
    return [tuple(span) for span in spans]


def state_on(ev: Evidence, channel: str, when_: date) -> tuple[tuple[str, ...], bool]:
    """The possible states of one lane on one day."""
    return states_on(ordered([c for c in changes(ev) if c.channel_id == channel]), when_)


# --------------------------------------------------------------------------- tables


def cite(row) -> str:
    if row.provenance == "article":
        return f"the article ({row.paragraph_id})"
    return f"{row.source_name} (context)"


def transition_table(ev: Evidence) -> pd.DataFrame:
    """The rows behind the lanes: every change and the article's state at publication."""
    frame = pd.concat([transitions(ev), publication_states(ev)], ignore_index=True)
    frame = evidence.check_provenance(frame.loc[frame["channel_id"].isin(LANES)])
    frame = frame.assign(lane=pd.Categorical(frame["channel_id"], LANES, ordered=True))
    frame = frame.sort_values(["lane", "start", "provenance"], kind="stable")
    return pd.DataFrame(
        {
            "Lane": frame["channel_id"].map(LANE_EN),
            "When": [dates.interval_text(r.start, r.end, r.precision) for r in frame.itertuples()],
            "State set": frame["state"].map(STATE_EN),
            "What": frame["statement"],
            "From": [cite(r) for r in frame.itertuples()],
            "Confidence": frame["confidence"].fillna(""),
        }
    ).reset_index(drop=True)


def issue_evidence(ev: Evidence) -> pd.DataFrame:
    """Per open issue: the article's rows (the issue, the events on its channel) and the
    context facts on it (by issue or by channel), tagged and checked."""
    issues = evidence.tag(ev.open_issues)
    rows = transitions(ev)
    on_channel = {
        kind: rows.loc[rows["provenance"] == kind, ["row_id", "channel_id"]].drop_duplicates()
        for kind in ("article", "context")
    }
    article = article_issue_rows(ev, issues, on_channel["article"])
    context = context_issue_rows(ev, issues, on_channel["context"])
    frame = pd.concat([article, context], ignore_index=True)
    frame = frame.sort_values(["issue_id", "start", "provenance"], kind="stable", ignore_index=True)
    return evidence.check_provenance(frame)


ISSUE_COLUMNS = [
    "issue_id",
    "row_id",
    "phase",
    "start",
    "end",
    "precision",
    "statement",
    "provenance",
    "paragraph_id",
    "source_name",
    "source_url",
    "confidence",
]


def article_issue_rows(ev: Evidence, issues: pd.DataFrame, on_channel) -> pd.DataFrame:
    published = pd.Timestamp(publication(ev))
    own = issues.assign(
        row_id=issues["issue_id"],
        phase="at publication",
        start=published,
        end=published,
        precision="day",
        statement=issues["state_at_publication_en"] + " " + issues["evidence_en"].map(quoted),
    )
    events = evidence.tag(ev.events).merge(on_channel, left_on="event_id", right_on="row_id")
    events = events.merge(issues[["issue_id", "channel_id"]], on="channel_id")
    events = events.assign(phase="before", statement=events["description_en"])
    return pd.concat([own, events], ignore_index=True).reindex(columns=ISSUE_COLUMNS)


def quoted(text: str) -> str:
    return f"(“{text}”)"


def context_issue_rows(ev: Evidence, issues: pd.DataFrame, on_channel) -> pd.DataFrame:
    facts = evidence.tag(ev.context_facts)
    by_issue = facts.loc[facts["issue_id"].notna()]
    by_channel = facts.drop(columns="issue_id").merge(
        on_channel, left_on="fact_id", right_on="row_id"
    )
    by_channel = by_channel.merge(issues[["issue_id", "channel_id"]], on="channel_id")
    frame = pd.concat([by_issue, by_channel], ignore_index=True)
    frame = frame.drop_duplicates(["issue_id", "fact_id"])
    published = pd.Timestamp(publication(ev))
    frame = frame.assign(
        row_id=frame["fact_id"],
        phase=frame["start"].gt(published).map({True: "after", False: "before"}),
        statement=frame["fact_en"],
    )
    return frame.reindex(columns=ISSUE_COLUMNS)


def issue_facts(ev: Evidence, *issue_ids: str) -> pd.DataFrame:
    """What the article says and what the record adds, for the issues of one section."""
    frame = issue_evidence(ev)
    frame = frame.loc[frame["issue_id"].isin(issue_ids)].drop_duplicates("row_id")
    frame = frame.sort_values(["start", "provenance"], kind="stable")
    return pd.DataFrame(
        {
            "When": [dates.interval_text(r.start, r.end, r.precision) for r in frame.itertuples()],
            "Statement": frame["statement"],
            "From": [cite(r) for r in frame.itertuples()],
            "Confidence": frame["confidence"].fillna(""),
        }
    ).reset_index(drop=True)


# --------------------------------------------------------------------------- status


def resolution(ev: Evidence, issue) -> dict:
    """When the issue's channel first left its state at publication, and when restored.

    Only context rows after publication count. A change is not a resolution: naming a
    minister turns a vacant post into a sought contact; only "restored" resolves an issue.
    """
    published = publication(ev)
    rows = transitions(ev)
    after = rows.loc[
        (rows["provenance"] == "context")
        & (rows["channel_id"] == issue.channel_id)
        & (rows["start"] > pd.Timestamp(published))
    ]
    state = ev.channels.set_index("channel_id")["state_at_publication"].get(issue.channel_id)
    moved = after.loc[after["state"] != state]
    restored = after.loc[after["state"] == "restored"]
    return {
        "from": state,
        "first": None if moved.empty else moved.iloc[0],
        "restored": None if restored.empty else restored.iloc[0],
    }


def first_change_text(ev: Evidence, issue, facts: pd.DataFrame) -> str:
    found = resolution(ev, issue)
    first, restored = found["first"], found["restored"]
    if first is None:
        later = "no later fact" if facts.loc[facts["phase"] == "after"].empty else "no change"
        published = dates.day_text(publication(ev))
        return f"{later} in the data; open as the article left it ({published})"
    change = f"{STATE_EN[found['from']]} → {STATE_EN[first['state']]}"
    text = f"{dated(first)}: {change}"
    if restored is not None and restored["row_id"] != first["row_id"]:
        text += f"; restored {dated(restored)}"
    return text


def dated(row) -> str:
    """A row's date, with its confidence where that is below high."""
    when_ = row_when(row)
    return when_ if row["confidence"] == "high" else f"{when_} ({row['confidence']} confidence)"


FIRST_CHANGE = "First change after the article"


def issue_status(ev: Evidence) -> pd.DataFrame:
    """One row per open issue: the article's state (cited), what happened (context, cited),
    and the first change after publication. Cells are filled from checked rows of one
    provenance each."""
    frame = issue_evidence(ev)
    rows = []
    for issue in ev.open_issues.itertuples():
        own = frame.loc[frame["issue_id"] == issue.issue_id]
        article = own.loc[(own["provenance"] == "article") & (own["phase"] == "at publication")]
        context = own.loc[own["provenance"] == "context"]
        rows.append(
            {
                "Issue": issue.title_en,
                "At publication (article)": "; ".join(
                    f"{r.statement} ({r.paragraph_id})" for r in article.itertuples()
                ),
                "What happened (context)": after_text(context),
                FIRST_CHANGE: first_change_text(ev, issue, context),
            }
        )
    return pd.DataFrame(rows)


def after_text(context: pd.DataFrame) -> str:
    after = context.loc[context["phase"] == "after"]
    if after.empty:
        return "No later fact in the data."
    return "; ".join(
        f"{row_when(r)}: {r.statement} [{r.source_name}; {r.confidence}]"
        for r in after.itertuples()
    )


# --------------------------------------------------------------------------- disagreements


def disagreements(ev: Evidence) -> pd.DataFrame:
    """Context facts of this chapter where a second source differs, or a caveat applies."""
    facts = evidence.tag(ev.context_facts)
    chapter = facts["issue_id"].notna() | facts["channel_ids"].notna()
    differs = facts["alt_start"].notna() | facts["disagreement_en"].notna()
    frame = evidence.check_provenance(facts.loc[chapter & differs])
    alt = [
        ""
        if pd.isna(r.alt_start)
        else f"{dates.interval_text(r.alt_start, r.alt_end, r.precision)} ({r.alt_source_name})"
        for r in frame.itertuples()
    ]
    return pd.DataFrame(
        {
            "Fact": frame["fact_en"],
            "Date": [f"{row_when(r)} ({r.source_name})" for r in frame.itertuples()],
            "Other source": alt,
            "What differs": frame["disagreement_en"].fillna(""),
            "Confidence": frame["confidence"],
        }
    ).reset_index(drop=True)


# --------------------------------------------------------------------------- durations


def length(start: date, end: date, approximate: bool = False) -> str:
    """Calendar length; to the month only where a date is approximate."""
    if not approximate:
        return dates.describe(dates.span_in_months(start, end))
    nearest = dates.span_in_months(start, end + timedelta(days=15))  # to the nearest month
    return "about " + dates.describe(relativedelta(years=nearest.years, months=nearest.months))


def endpoints(ev: Evidence, ids: list[str]) -> pd.DataFrame:
    """The rows durations are measured between, tagged and checked; keyed by row id."""
    events = evidence.tag(ev.events).rename(columns={"event_id": "row_id"})
    facts = evidence.tag(ev.context_facts).rename(columns={"fact_id": "row_id"})
    frame = pd.concat([events, facts], ignore_index=True)
    frame = evidence.check_provenance(frame.loc[frame["row_id"].isin(ids)])
    return frame.set_index("row_id")


@dataclass(frozen=True)
class Measure:
    """A duration between a date of one row and a date of another (``start`` or ``end``)."""

    key: str
    label: str
    start: tuple[str, str]
    end: tuple[str, str]


def measure(rows: pd.DataFrame, spec: Measure) -> dict:
    """One duration between dates of two checked rows, which must share their provenance."""
    first, last = rows.loc[spec.start[0]], rows.loc[spec.end[0]]
    if first["provenance"] != last["provenance"]:
        raise evidence.ProvenanceError(f"{spec.label}: measured between article and context rows")
    begin, finish = dates.to_date(first[spec.start[1]]), dates.to_date(last[spec.end[1]])
    approximate = first["precision"] == "approximate"
    return {
        "key": spec.key,
        "Measure": spec.label,
        "From": f"about {begin:%b %Y}" if approximate else dates.day_text(begin),
        "To": dates.day_text(finish),
        "Days": (finish - begin).days,
        "Length": length(begin, finish, approximate),
        "Based on": based_on(first, last),
        "provenance": first["provenance"],
        "approximate": approximate,
        "begin": begin,
        "finish": finish,
    }


def based_on(first: pd.Series, last: pd.Series) -> str:
    if first["provenance"] == "article":
        return f"the article ({first['paragraph_id']})"
    names = [first["source_name"], last["source_name"]]
    if names[1].startswith(names[0]):  # e.g. "TASS" and "TASS; AFP, 24 Oct 2023"
        return names[1]
    return "; ".join(dict.fromkeys(names))


def durations(ev: Evidence, specs: list[Measure]) -> pd.DataFrame:
    ids = sorted({row_id for spec in specs for row_id, _ in (spec.start, spec.end)})
    rows = endpoints(ev, ids)
    return pd.DataFrame([measure(rows, spec) for spec in specs]).set_index("key")


VACANCY = [
    Measure("in_office", "Li in office: appointed to removed",
            ("li_appointed", "start"), ("li_removed_date", "start")),
    Measure("unseen", "Li out of public view, to his removal",
            ("li_last_seen", "start"), ("li_removed_date", "start")),
    Measure("vacant_at_publication", "Post vacant at publication: removal to the FT report",
            ("li_removed_date", "start"), ("ft_report_date", "start")),
    Measure("vacant", "Post vacant: removal to Dong Jun named",
            ("li_removed_date", "start"), ("dong_jun_named", "start")),
    Measure("dong_after_publication", "The FT report to Dong Jun named",
            ("ft_report_date", "start"), ("dong_jun_named", "start")),
    Measure("no_contact", "No ministers' contact: removal to the first Austin–Dong call",
            ("li_removed_date", "start"), ("austin_dong_call", "start")),
    Measure("to_meeting", "Removal to the first Austin–Dong meeting",
            ("li_removed_date", "start"), ("austin_dong_meeting", "start")),
]  # fmt: skip
SHOWN = ["Measure", "From", "To", "Days", "Length", "Based on"]


def vacancy_length(ev: Evidence) -> pd.DataFrame:
    """How long China's defence-minister post stood empty, and what followed (context)."""
    return durations(ev, VACANCY)[SHOWN].reset_index(drop=True)


AQUILINO = [
    Measure("article", "The article: trying “for nearly 3 years” (at most)",
            ("aquilino_attempts", "start"), ("aquilino_attempts", "end")),
    Measure("asking", "Asking: first requests to the FT report",
            ("aquilino_requests", "start"), ("ft_report_date", "start")),
    Measure("command", "In command: change of command to the FT report",
            ("aquilino_takes_command", "start"), ("ft_report_date", "start")),
    Measure("to_handover", "First requests to his handover",
            ("aquilino_requests", "start"), ("aquilino_handover", "start")),
    Measure("to_first_call", "First requests to the first theater-commander call (his successor)",
            ("aquilino_requests", "start"), ("paparo_wu_call", "start")),
    Measure("cut_to_first_call", "China cancels theater-commander talks, to the first call",
            ("china_countermeasures", "start"), ("paparo_wu_call", "start")),
]  # fmt: skip
ARTICLE_YEARS = 3  # the article's "nearly 3 years" (P15): an upper bound


def aquilino_table(ev: Evidence) -> pd.DataFrame:
    """The article's "nearly 3 years" against the record, each length set against 3 years."""
    frame = durations(ev, AQUILINO)
    frame["Against 3 years"] = [
        "" if r.provenance == "article" else against_years(r.begin, r.finish, r.approximate)
        for r in frame.itertuples()
    ]
    return frame


def aquilino_durations(ev: Evidence) -> pd.DataFrame:
    shown = [c for c in SHOWN if c != "Days"] + ["Against 3 years"]
    return aquilino_table(ev)[shown].reset_index(drop=True)


def to_month(start: date, end: date) -> str:
    """Whole years and months, the days dropped: "2 years, 7 months"."""
    whole = dates.span_in_months(start, end)
    return dates.describe(relativedelta(years=whole.years, months=whole.months))


def against_years(start: date, end: date, approximate: bool, years: int = ARTICLE_YEARS) -> str:
    mark = start + relativedelta(years=years)
    if end == mark:
        return "exactly"
    if end < mark:
        return f"{length(end, mark, approximate)} short"
    return f"{length(mark, end, approximate)} over"


# --------------------------------------------------------------------------- numbers for prose


def numbers(ev: Evidence) -> dict[str, str]:
    """Values the chapter's prose quotes, computed here (glued into the text)."""
    vacancy = durations(ev, VACANCY)
    aquilino = aquilino_table(ev)
    issues = list(ev.open_issues.itertuples())
    restored = [resolution(ev, issue)["restored"] is not None for issue in issues]
    command = aquilino.loc["command"]
    return {
        "vacancy_days": str(vacancy.loc["vacant", "Days"]),
        "vacancy_at_publication_days": str(vacancy.loc["vacant_at_publication", "Days"]),
        "dong_after_publication_days": str(vacancy.loc["dong_after_publication", "Days"]),
        "no_contact_days": str(vacancy.loc["no_contact", "Days"]),
        "in_office": vacancy.loc["in_office", "Length"],
        "asking_at_publication": aquilino.loc["asking", "Length"],
        "asking_short": aquilino.loc["asking", "Against 3 years"],
        "command_at_publication": aquilino.loc["command", "Length"],
        "command_months": to_month(command["begin"], command["finish"]),
        "asking_to_handover": aquilino.loc["to_handover", "Length"],
        "asking_to_first_call": aquilino.loc["to_first_call", "Length"],
        "issues_restored": str(sum(restored)),
        "issues": str(len(issues)),
    }


def glue_numbers(ev: Evidence) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from article_evidence.glue import glue_all

    glue_all(numbers(ev))


# --------------------------------------------------------------------------- figure

LANE_HEIGHT = 0.44
MARK_OFFSET = 0.36  # article marks above a lane, context marks below it
HATCHES = ("////", "\\\\\\\\")  # one direction per possible state
SPAN_LABEL_PT = 8.5


def lane_start(ev: Evidence) -> date:
    """The lanes begin a month before the month Beijing closed the channels (the article's
    cut), so that a state held before the cut shows."""
    rows = transitions(ev)
    cuts = rows.loc[(rows["provenance"] == "article") & (rows["state"] == "cut")]
    return dates.to_date(cuts["start"].min()) - relativedelta(months=1)


def lane_label(ev: Evidence, channel: str) -> str:
    """The logical (unshaped) label: the article's Arabic name, then English."""
    name = ev.channels.set_index("channel_id").loc[channel, "name_ar"]
    return f"{name}\n{LANE_EN[channel]}"


def draw_channel_lanes(ev: Evidence, until: date = UNTIL):
    """One lane per channel: its states as spans, the rows behind them as marks."""
    import matplotlib.pyplot as plt

    first = lane_start(ev)
    fig, ax = plt.subplots(figsize=(8.4, 6.4))
    y_of = {channel: len(LANES) - 1 - i for i, channel in enumerate(LANES)}
    labels = [
        draw_span(ax, span, y_of[span.channel_id], first)
        for span in state_spans(ev, until).itertuples()
    ]
    marks = pd.concat([transitions(ev), publication_states(ev)], ignore_index=True)
    for mark in marks.loc[marks["channel_id"].isin(LANES)].itertuples():
        draw_mark(ax, mark, y_of[mark.channel_id], first, until)
    mark_publication(ax, publication(ev))
    dress_axes(ax, ev, y_of, first, until)
    add_legend(fig, state_spans(ev, until))
    drop_overflowing(fig, ax, [label for label in labels if label])
    return fig


def drop_overflowing(fig, ax, labels: list) -> None:
    """Remove span labels wider than their span, measured after the figure's layout."""
    fig.draw_without_rendering()
    for text, left, width in labels:
        x0, x1 = ax.transData.transform([(left, 0), (left + width, 0)])[:, 0]
        if text.get_window_extent().width > (x1 - x0) - 2:
            text.remove()


def clipped(start: date, end: date, first: date, until: date) -> tuple[float, float]:
    from matplotlib.dates import date2num

    left = date2num(max(start, first))
    return left, date2num(min(end, until) + ONE_DAY) - left


def draw_span(ax, span, y: float, first: date):
    """Draw one span; return its label with the span's extent, or None."""
    left, width = clipped(span.start, span.end, first, UNTIL)
    if width <= 0:
        return None
    box = {"height": LANE_HEIGHT, "left": left, "linewidth": 0}
    if span.certain:
        ax.barh(y, width, color=state_colour(span.states[0]), **box)
    else:
        ax.barh(y, width, color=style.PALETTE["background"], **box)
        for state, hatch in zip(span.states, HATCHES, strict=False):
            ax.barh(y, width, color="none", edgecolor=state_colour(state), hatch=hatch, **box)
    return label_span(ax, span, y, left, width, first), left, width


def label_span(ax, span, y: float, left: float, width: float, first: date):
    text = " → ".join(STATE_SHORT.get(s, STATE_EN[s]) for s in span.states)
    if span.start < first:
        text += f" (since before {first:%b %Y})"
    options = {"ha": "center", "va": "center", "fontsize": SPAN_LABEL_PT}
    if span.certain:
        options.update(color=style.PALETTE["background"], fontweight="bold")
    else:
        options.update(
            color=style.PALETTE["ink"],
            bbox={"facecolor": style.PALETTE["background"], "edgecolor": "none", "pad": 1},
        )
    return ax.text(left + width / 2, y, figtext.ar(text), **options)


def draw_mark(ax, mark, y: float, first: date, until: date) -> None:
    """A row's date range as a line, a marker at its middle: circles for the article above
    the lane, diamonds for outside sources below it."""
    start, end = dates.to_date(mark.start), dates.to_date(mark.end)
    if end < first or start > until:
        return
    left, width = clipped(start, end, first, until)
    article = mark.provenance == "article"
    colour = style.PALETTE["article" if article else "outside"]
    y_mark = y + (MARK_OFFSET if article else -MARK_OFFSET)
    if width > 1:
        ax.hlines(y_mark, left, left + width, color=colour, linewidth=1.2)
    ax.plot(
        left + width / 2,
        y_mark,
        marker="o" if article else "D",
        markersize=5 if article else 4.5,
        markerfacecolor=style.PALETTE["background"] if article else colour,
        markeredgecolor=colour,
        linestyle="none",
    )


def mark_publication(ax, published: date) -> None:
    from matplotlib.dates import date2num

    x = date2num(published)
    ax.axvline(x, color=style.PALETTE["ink"], linewidth=1, linestyle="--")
    ax.annotate(
        f"Publication: the FT report, {dates.day_text(published)}",
        xy=(x, 1),
        xycoords=("data", "axes fraction"),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=9,
        color=style.PALETTE["ink"],
    )


def dress_axes(ax, ev: Evidence, y_of: dict, first: date, until: date) -> None:
    from matplotlib.dates import DateFormatter, MonthLocator, date2num
    from matplotlib.ticker import NullFormatter

    ax.set_xlim(date2num(first), date2num(until + ONE_DAY))
    ax.set_ylim(-0.7, len(LANES) - 0.3)
    ax.xaxis.set_major_locator(MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    ax.xaxis.set_minor_locator(MonthLocator(bymonth=(4, 10)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(list(y_of.values()), [figtext.ar(lane_label(ev, channel)) for channel in y_of])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)


def add_legend(fig, spans: pd.DataFrame) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    present = dict.fromkeys(s for states in spans["states"] for s in states)
    handles = [
        Patch(color=state_colour(s), label=STATE_LEGEND.get(s, STATE_EN[s]))
        for s in STATE_EN
        if s in present
    ]
    handles += [
        Patch(
            facecolor=style.PALETTE["background"],
            edgecolor=style.PALETTE["muted"],
            hatch=HATCHES[0],
            linewidth=0,
            label="changed on an unknown day in the span",
        ),
        Line2D(
            [],
            [],
            color=style.PALETTE["article"],
            marker="o",
            markerfacecolor=style.PALETTE["background"],
            label="the article (line: its date range)",
        ),  # fmt: skip
        Line2D(
            [],
            [],
            color=style.PALETTE["outside"],
            marker="D",
            markersize=4.5,
            label="outside source (context)",
        ),  # fmt: skip
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8.5)
