"""Open issues, and what became of them: the tables and the lanes figure.

Everything derived (the windows of the actions, each side's posture over time, the one rule
that says when a channel counts as restored, the article's word at publication) comes from
:mod:`article_evidence.model`. This module only gathers the rows behind it (tagged with
:func:`evidence.tag` and passed through :func:`evidence.check_provenance`), translates the
model's vocabulary into the English of the tables and the figure, and draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from dateutil.relativedelta import relativedelta

from article_evidence import dates, evidence, figtext, model, style
from article_evidence.evidence import Evidence

# The channels drawn as lanes, top to bottom. 'routine' (P16, "in regular contact") names no
# counterpart and no change; 'leaders' has one event, the summit, drawn as a line across the
# lanes. 'dpct' is a channel only the outside record names: its lane is context.
LANES = ("attache", "ministers", "chiefs", "theater", "talks_2024", "dpct", "mmca")
LANE_EN = {
    "attache": "Chase and the attaché",
    "ministers": "Defence ministers",
    "chiefs": "Top uniformed officers",
    "theater": "INDOPACOM and theater commanders",
    "talks_2024": "The 2024 package of talks (P09)",
    "dpct": "Defense Policy Coordination Talks",
    "mmca": "Maritime talks (MMCA)",
}
CONTEXT_LANE_NOTE = "(context: not in the article)"
SIDE_EN = {"us": "US", "china": "China", "both": "both"}
STATE_EN = {
    "open": "in regular contact",
    "cut": "cut",
    "declined": "declined",
    "vacant": "no counterpart (post vacant)",
    "appointed": "counterpart named",
    "sought": "sought",
    "proposed": "proposed",
    "agreed": "agreed to restore",
    "negotiating": "negotiating",
    "met": "met at its own level",
    "spoke": "spoke (a call) at its own level",
    "met_other": "met at another level",
    model.RESTORED: "restored: met or spoke at its own level",
}
NOUN = {"met": "meeting", "spoke": "call"}  # one own-level contact, in a sentence
# Short forms drawn inside the spans; the legend spells out the longer ones.
STATE_SHORT = {
    "vacant": "vacant",
    "appointed": "named",
    "agreed": "agreed",
    "met": "met",
    "spoke": "call",
    "declined": "declined",
    model.RESTORED: "restored",
}
STATE_LEGEND = {
    "met": "met or spoke (its own days; no restoration)",
    "declined": "declined (a one-off refusal)",
    model.RESTORED: "restored (the rule): last recorded action",
}
COLOUR_OF = {"spoke": "met"}  # a call is drawn like a meeting; the labels tell them apart
RESTORES = "restores the channel (the rule)"
UNTIL = date(2024, 12, 31)  # the lanes end with 2024, the last year the context covers
PLANNED = {"talks_2024": "talks_2024"}  # lane -> the article's event planned at publication
SUMMIT_FACT = "summit_date"
# An issue the article states about one person lapses when that person leaves the post: P15
# asks for a meeting of Aquilino himself, who handed over his command on this fact's day.
LAPSES = {"aquilino_meeting": "aquilino_handover"}
# An issue whose channel the article gives in this state at publication is resolved by this
# action, not by the channel's restoration: a vacancy (P10) ends when the post is filled.
RESOLVED_BY = {"vacant": "appointed"}
CUTS_FACT = "china_countermeasures"
ONE_DAY = timedelta(days=1)
publication = model.publication


# --------------------------------------------------------------------------- rows


def row_when(row) -> str:
    """A row's date or interval at its own precision."""
    return dates.interval_text(row.start, row.end, row.precision)


def fact(ev: Evidence, fact_id: str) -> pd.Series:
    return ev.context_facts.set_index("fact_id").loc[fact_id]


def lane_names(ev: Evidence) -> dict[str, str]:
    """Every lane's English name; a context lane says it is context."""
    context = set(ev.context_channels["channel_id"])
    return {c: f"{LANE_EN[c]} {CONTEXT_LANE_NOTE}" if c in context else LANE_EN[c] for c in LANES}


COLUMNS = [
    "row_id",
    "channel_id",
    "side",
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
    """Every row that states an action on a channel, one per channel, tagged and checked."""
    events = evidence.tag(ev.events).assign(dates_event=ev.events["event_id"])
    facts = evidence.tag(ev.context_facts).rename(columns={"event_id": "dates_event"})
    frame = pd.concat(
        [state_rows(events, "event_id", "description_en"), state_rows(facts, "fact_id", "fact_en")],
        ignore_index=True,
    )
    frame = frame.sort_values(["channel_id", "start", "end"], kind="stable", ignore_index=True)
    return evidence.check_provenance(frame)


def state_rows(tagged: pd.DataFrame, key: str, text: str) -> pd.DataFrame:
    rows = tagged.loc[tagged["channel_action"].notna()]
    rows = rows.assign(channel_id=rows["channel_ids"].str.split(";")).explode("channel_id")
    rows = rows.rename(
        columns={
            key: "row_id",
            "channel_action": "state",
            "channel_side": "side",
            text: "statement",
        }
    )
    return rows.reindex(columns=COLUMNS)


def publication_states(ev: Evidence) -> pd.DataFrame:
    """The article's own word on each lane when it appeared, tagged and checked."""
    tagged = evidence.tag(ev.channels)
    tagged = tagged.loc[tagged["channel_id"].isin(LANES)]
    frame = tagged.rename(
        columns={
            "state_at_publication": "state",
            "side_at_publication": "side",
            "evidence_en": "statement",
        }
    )
    frame = frame.assign(row_id=model.PUBLICATION_ROW + frame["channel_id"], precision="day")
    frame["start"] = frame["end"] = pd.Timestamp(publication(ev))
    frame = frame.reindex(columns=COLUMNS).reset_index(drop=True)
    return evidence.check_provenance(frame)


def state_colour(state: str) -> str:
    return style.PALETTE[COLOUR_OF.get(state, state)]


# --------------------------------------------------------------------------- the model, per lane


def lane_actions(ev: Evidence) -> list[model.Action]:
    return [a for a in model.actions(ev) if a.channel_id in LANES]


def state_spans(ev: Evidence, until: date = UNTIL) -> pd.DataFrame:
    """Each side of each lane as spans of days with the same possible postures."""
    return model.spans(ev, LANES, until)


def state_on(ev: Evidence, channel: str, side: str, when_: date):
    return model.posture_on(ev, channel, side, when_)


def restorers(ev: Evidence) -> dict[str, model.Action | None]:
    """Per lane, the action that restored it under the one rule (or None)."""
    return {channel: model.restored_by(ev, channel) for channel in LANES}


def restoring_rows(ev: Evidence) -> set[tuple[str, str]]:
    """(row id, channel) of every row whose action restored its channel."""
    return {(a.rows[0], a.channel_id) for a in restorers(ev).values() if a is not None}


def restored_lanes(ev: Evidence, until: date = UNTIL) -> list[str]:
    """Lanes restored under the rule by ``until``."""
    return [c for c, a in restorers(ev).items() if a is not None and a.lo <= until]


# --------------------------------------------------------------------------- tables


def cite(row) -> str:
    if row.provenance == "article":
        return f"the article ({row.paragraph_id})"
    return f"{row.source_name} (context)"


def action_text(row, restoring: set[tuple[str, str]]) -> str:
    text = f"{SIDE_EN[row.side]}: {STATE_EN[row.state]}"
    if (row.row_id, row.channel_id) in restoring:
        text = f"{SIDE_EN[row.side]}: {STATE_EN[row.state]}; {RESTORES}"
    return text


AT_PUBLICATION = "at publication, {day}: the article's word then, not the day of the action"


def transition_when(row) -> str:
    """A row's date; the article's word at publication is dated as a state on that day, so
    a "met" there does not read as a second meeting on the day of the report."""
    if str(row.row_id).startswith(model.PUBLICATION_ROW):
        return AT_PUBLICATION.format(day=dates.day_text(row.start))
    return row_when(row)


def transition_table(ev: Evidence) -> pd.DataFrame:
    """The rows behind the lanes: every action and the article's word at publication."""
    frame = pd.concat([transitions(ev), publication_states(ev)], ignore_index=True)
    frame = evidence.check_provenance(frame.loc[frame["channel_id"].isin(LANES)])
    frame = frame.assign(lane=pd.Categorical(frame["channel_id"], LANES, ordered=True))
    frame = frame.sort_values(["lane", "start", "provenance"], kind="stable")
    restoring = restoring_rows(ev)
    names = lane_names(ev)
    return pd.DataFrame(
        {
            "Lane": frame["channel_id"].map(names),
            "When": [transition_when(r) for r in frame.itertuples()],
            "Who acts: what": [action_text(r, restoring) for r in frame.itertuples()],
            "What": frame["statement"],
            "From": [cite(r) for r in frame.itertuples()],
            "Confidence": frame["confidence"].fillna(""),
        }
    ).reset_index(drop=True)


def rule_table(ev: Evidence) -> pd.DataFrame:
    """The one rule applied to every lane: the meeting that restored it, or why none did."""
    found = lane_actions(ev)
    rows = []
    names = lane_names(ev)
    for channel, restorer in restorers(ev).items():
        own = model.of_channel(found, channel)
        others = [a for a in own if a.action == model.OTHER_LEVEL]
        verdict = not_restored(own) if restorer is None else restored_verdict(ev, restorer)
        rows.append(
            {
                "Lane": names[channel],
                "Restored (one rule)": verdict,
                "Meetings at another level (do not restore)": "; ".join(
                    f"{action_when(a)} ({row_label(ev, a)})" for a in others
                ),
            }
        )
    return pd.DataFrame(rows)


def restored_verdict(ev: Evidence, restorer: model.Action) -> str:
    """How the rule restored a lane: the day and kind of contact, and its source. A contact
    known only from the article is one contact on an unknown day: its day bounds come from
    the sources that date the events around it, and nothing later is on record."""
    noun = NOUN[restorer.action]
    if restorer.outside:
        return f"restored {action_when(restorer)} by a {noun} ({row_label(ev, restorer)})"
    if restorer.rows[0] == MEETING:
        return (
            f"restored, by the book's rule, by one {noun} ({row_label(ev, restorer)}) on an "
            f"unknown day: {meeting_bounds(ev)}"
        )
    return (
        f"restored, by the book's rule, by one {noun} on an unknown day "
        f"{action_when(restorer)} ({row_label(ev, restorer)}); the article reports no later {noun}"
    )


def not_restored(own: list[model.Action]) -> str:
    """Why the rule restores no channel of these actions."""
    if any(a.action in model.OWN_LEVELS for a in own):
        return "not restored in the data: its meetings on record follow no break"
    return "not restored in the data: no meeting or call of its own on record"


def action_when(action: model.Action) -> str:
    if action.lo == action.hi:
        return dates.day_text(action.lo)
    return f"between {dates.day_text(action.lo)} and {dates.day_text(action.hi)}"


def row_label(ev: Evidence, action: model.Action) -> str:
    """The source of an action: the article's paragraph, or the outside source's name."""
    first = action.rows[0]
    events = ev.events.set_index("event_id")
    if first in events.index:
        return f"the article, {events.loc[first, 'paragraph_id']}"
    return f"{fact(ev, first)['source_name']}, context"


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
    """An issue's channel after publication: its first outside action, the action that
    restored it under the rule, and the day the issue as stated lapsed (if it did)."""
    published = publication(ev)
    if pd.isna(issue.channel_id):
        return {"first": None, "restored": None, "lapsed": None, "resolved": False, "by": None}
    after = [
        a
        for a in model.of_channel(model.actions(ev), issue.channel_id)
        if a.outside and a.lo > published
    ]
    restorer = model.restored_by(ev, issue.channel_id)
    lapsed = None
    if issue.issue_id in LAPSES:
        lapsed = dates.to_date(fact(ev, LAPSES[issue.issue_id])["start"])
    stated = ev.channels.set_index("channel_id").loc[issue.channel_id, "state_at_publication"]
    if stated in RESOLVED_BY:
        by = next((a for a in after if a.action == RESOLVED_BY[stated]), None)
    else:
        by = restorer if restorer is not None and restorer.lo > published else None
    if by is not None and lapsed is not None and by.hi > lapsed:
        by = None
    return {
        "first": after[0] if after else None,
        "restored": restorer,
        "lapsed": lapsed,
        "resolved": by is not None,
        "by": by,
    }


def first_change_text(ev: Evidence, issue, facts: pd.DataFrame) -> str:
    if pd.isna(issue.channel_id):
        return "not a channel: see what happened"
    first = resolution(ev, issue)["first"]
    if first is None:
        later = "no later fact" if facts.loc[facts["phase"] == "after"].empty else "no action"
        published = dates.day_text(publication(ev))
        return f"{later} on the channel in the data; as the article left it ({published})"
    text = f"{dated(ev, first)}: {SIDE_EN[first.side]}: {STATE_EN[first.action]}"
    if first == resolution(ev, issue)["restored"]:
        text += f"; {RESTORES}"
    return text


def restored_text(ev: Evidence, issue) -> str:
    if pd.isna(issue.channel_id):
        return "no channel"
    found = resolution(ev, issue)
    restorer = found["restored"]
    if restorer is None:
        return not_restored(model.of_channel(model.actions(ev), issue.channel_id))
    return f"{dated(ev, restorer)}, by a {NOUN[restorer.action]} ({row_label(ev, restorer)})"


def resolved_text(ev: Evidence, issue) -> str:
    """Whether the issue as the article states it was resolved, when and by what."""
    if pd.isna(issue.channel_id):
        return "no channel: see what happened"
    found = resolution(ev, issue)
    by, lapsed = found["by"], found["lapsed"]
    if by is not None:
        what = "the channel restored" if by is found["restored"] else STATE_EN[by.action]
        return f"{dated(ev, by)}: {what} ({row_label(ev, by)})"
    if lapsed is not None:
        return (
            f"not resolved: the issue as stated lapsed on {dates.day_text(lapsed)} "
            f"({lapse_label(ev, issue)})"
        )
    return "not resolved in the data"


def lapse_label(ev: Evidence, issue) -> str:
    return f"{fact(ev, LAPSES[issue.issue_id])['source_name']}, context"


def dated(ev: Evidence, action: model.Action) -> str:
    """An action's date, with its confidence where that is below high."""
    when_ = action_when(action)
    return when_ if action.confidence == "high" else f"{when_} ({action.confidence} confidence)"


FIRST_CHANGE = "First action on the channel after the article"
RESOLVED_COLUMN = "Issue as stated resolved"
RESTORED_COLUMN = "Channel restored (one rule)"


def issue_status(ev: Evidence) -> pd.DataFrame:
    """One row per open issue: the article's state (cited), what happened (context, cited),
    the first action on its channel after publication and its restoration under the rule.
    Cells are filled from checked rows of one provenance each."""
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
                RESOLVED_COLUMN: resolved_text(ev, issue),
                RESTORED_COLUMN: restored_text(ev, issue),
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
    on_lanes = set(transitions(ev).query("provenance == 'article'")["row_id"])
    chapter = (
        facts["issue_id"].notna() | facts["channel_ids"].notna() | facts["event_id"].isin(on_lanes)
    )
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
    Measure("ministers_silent", "No talks between defence ministers: Austin–Wei to Austin–Dong",
            ("austin_wei_meeting", "start"), ("austin_dong_call", "start")),
]  # fmt: skip
SHOWN = ["Measure", "From", "To", "Days", "Length", "Based on"]
CHIEFS = [
    Measure("chiefs_silent", "No call between the top uniformed officers: Milley–Li to Brown–Liu",
            ("milley_li_call", "start"), ("brown_liu_call", "start")),
]  # fmt: skip


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
    chiefs = durations(ev, CHIEFS)
    issues = list(ev.open_issues.itertuples())
    channel_issues = [issue for issue in issues if pd.notna(issue.channel_id)]
    resolved = [resolution(ev, issue)["resolved"] for issue in channel_issues]
    command = aquilino.loc["command"]
    silent = vacancy.loc["ministers_silent"]
    restored = restored_lanes(ev)
    return {
        "vacancy_days": str(vacancy.loc["vacant", "Days"]),
        "vacancy_at_publication_days": str(vacancy.loc["vacant_at_publication", "Days"]),
        "dong_after_publication_days": str(vacancy.loc["dong_after_publication", "Days"]),
        "ministers_silent_days": str(silent["Days"]),
        "ministers_silent": silent["Length"],
        "chiefs_silent": chiefs.loc["chiefs_silent", "Length"],
        "in_office": vacancy.loc["in_office", "Length"],
        "asking_at_publication": aquilino.loc["asking", "Length"],
        "asking_short": aquilino.loc["asking", "Against 3 years"],
        "command_at_publication": aquilino.loc["command", "Length"],
        "command_months": to_month(command["begin"], command["finish"]),
        "asking_to_handover": aquilino.loc["to_handover", "Length"],
        "asking_to_first_call": aquilino.loc["to_first_call", "Length"],
        "issues_resolved": str(sum(resolved)),
        "issues_on_channels": str(len(channel_issues)),
        "issues": str(len(issues)),
        "lanes_restored": str(len(restored)),
        "lanes": str(len(LANES)),
        "meeting_earliest": dates.day_text(meeting_window(ev)[0]),
        "meeting_latest": dates.day_text(meeting_window(ev)[1]),
    }


MEETING = "chase_liu_meeting"  # the article's news (P01, P02)


def meeting_window(ev: Evidence) -> tuple[date, date]:
    """The days the Chase–Liu meeting may have fallen on (model, rule 1)."""
    return model.event_windows(ev)[MEETING]


def dated_by(ev: Evidence, event_id: str, link: str) -> tuple[list[str], pd.Series]:
    """Follow an event's order (``after_event_id`` or ``before_event_id``) to the first event
    an outside source dates to the day: the paragraphs of the undated events passed on the
    way, and that source's fact."""
    events = ev.events.set_index("event_id")
    facts = ev.context_facts
    passed: list[str] = []
    current = events.loc[event_id, link]
    while pd.notna(current):
        dating = facts.loc[(facts["event_id"] == current) & (facts["precision"] == "day")]
        if not dating.empty:
            return passed, dating.iloc[0]
        passed.append(events.loc[current, "paragraph_id"])
        current = events.loc[current, link]
    raise ValueError(f"no outside source dates the events around {event_id}")


def meeting_bounds(ev: Evidence) -> str:
    """The meeting's day bounds in words: context for the days, the article for the order."""
    earliest, latest = meeting_window(ev)
    between, arrival = dated_by(ev, MEETING, "after_event_id")
    _, summit = dated_by(ev, MEETING, "before_event_id")
    halt = ", ".join(between)
    return (
        f"at the earliest {dates.day_text(earliest)}, the day after Chase's arrival in Taiwan on "
        f"{dates.day_text(arrival['start'])} ({arrival['source_name']}, context), since the halt "
        f"of contact came in between ({halt}) and no source dates the halt; no later than "
        f"{dates.day_text(latest)}, before the summit of {dates.day_text(summit['start'])} "
        f"({summit['source_name']}, context); the article reports no later meeting of the two men"
    )


def glue_numbers(ev: Evidence) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from article_evidence.glue import glue_all

    glue_all(numbers(ev))


# --------------------------------------------------------------------------- figure

LANE_GAP = 1.0
HALF = 0.27  # the US half above a lane's axis, China's below it
MARK_OFFSET = 0.42  # article marks above a lane, context marks below it
HATCHES = ("////", "\\\\\\\\")  # one direction per possible state
SPAN_LABEL_PT = 7
LESS_SURE_ALPHA = 0.45  # a posture whose source is held with less than high confidence
SIDE_Y = {"us": HALF / 2, "china": -HALF / 2}
FIGURE_TEXT = {
    "publication": "Publication: the FT report, {day}",
    "summit": "Biden–Xi summit, {day}",
    "since": " (since before {month})",
    "planned": "negotiating at publication; planned for 2024",
    "sides": "upper half: US; lower half: China",
    "hatch": "posture changed on an unknown day in the span",
    "less_sure": "lighter: source held with medium confidence",
    "article": "the article",
    "outside": "outside source (context)",
    "range": "a statement's date range (markers at its ends)",
    "beyond": "range continues outside the view",
    "planned_key": "planned at publication (P09)",
    "cuts": "Aug 2022 cuts: China's own list (context); P04 names no channel",
    "start_unknown": "held at publication; start unknown",
    "lapse": "Aquilino hands over (context)",
}


def lane_start(ev: Evidence) -> date:
    """The lanes begin a month before the month China cancelled three dialogues (context), so
    that what held before the cuts shows."""
    cut = dates.to_date(fact(ev, CUTS_FACT)["start"])
    return cut.replace(day=1) - relativedelta(months=1)


def lane_label(ev: Evidence, channel: str) -> str:
    """The logical (unshaped) label: the article's Arabic name, then English; a context lane
    has no Arabic name and says it is context."""
    names = lane_names(ev)
    article = ev.channels.set_index("channel_id")
    if channel not in article.index:
        return names[channel].replace(f" {CONTEXT_LANE_NOTE}", f"\n{CONTEXT_LANE_NOTE}")
    return f"{article.loc[channel, 'name_ar']}\n{names[channel]}"


def shown_label(ev: Evidence, channel: str) -> str:
    label = lane_label(ev, channel)
    return figtext.ar(label) if channel in set(ev.channels["channel_id"]) else label


def draw_channel_lanes(ev: Evidence, until: date = UNTIL):
    """One lane per channel, the US posture in its upper half and China's in its lower half,
    the rows behind them as marks at their real dates or ranges."""
    import matplotlib.pyplot as plt

    first = lane_start(ev)
    fig, ax = plt.subplots(figsize=(8.6, 8.2))
    y_of = {channel: (len(LANES) - 1 - i) * LANE_GAP for i, channel in enumerate(LANES)}
    spans = state_spans(ev, until)
    labels = [
        draw_span(ax, span, y_of[span.channel_id], first, until) for span in spans.itertuples()
    ]
    for channel, event_id in PLANNED.items():
        draw_planned(ax, ev, event_id, y_of[channel], first, until)
    found = lane_actions(ev)
    for action in found:
        if action.implied:
            sides = model.start_unknown_sides(found, action)
            draw_start_unknown(ax, action, sides, y_of[action.channel_id])
    for issue in ev.open_issues.itertuples():
        if issue.issue_id in LAPSES and issue.channel_id in y_of:
            draw_lapse(ax, ev, issue, y_of[issue.channel_id])
    marks = pd.concat([transitions(ev), publication_states(ev)], ignore_index=True)
    for mark in marks.loc[marks["channel_id"].isin(LANES)].itertuples():
        draw_mark(ax, mark, y_of[mark.channel_id], first, until)
    mark_day(ax, publication(ev), FIGURE_TEXT["publication"], "--", "left")
    mark_day(ax, dates.to_date(fact(ev, SUMMIT_FACT)["start"]), FIGURE_TEXT["summit"], ":", "right")
    dress_axes(ax, ev, y_of, first, until)
    add_legend(fig, spans)
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


def draw_span(ax, span, y: float, first: date, until: date):
    """Draw one side's span; return its label with the span's extent, or None."""
    left, width = clipped(span.start, span.end, first, until)
    if width <= 0:
        return None
    y_side = y + SIDE_Y[span.side]
    alpha = 1.0 if span.confidence == "high" else LESS_SURE_ALPHA
    box = {"height": HALF, "left": left, "linewidth": 0}
    if span.certain:
        ax.barh(y_side, width, color=state_colour(span.states[0]), alpha=alpha, **box)
    else:
        ax.barh(y_side, width, color=style.PALETTE["background"], **box)
        for state, hatch in zip(span.states, HATCHES, strict=False):
            ax.barh(y_side, width, color="none", edgecolor=state_colour(state), hatch=hatch, **box)
    return label_span(ax, span, y_side, left, width, first), left, width


def label_span(ax, span, y: float, left: float, width: float, first: date):
    text = " → ".join(STATE_SHORT.get(s, STATE_EN[s]) for s in span.states)
    if span.start < first:
        text += FIGURE_TEXT["since"].format(month=f"{first:%b %Y}")
    options = {"ha": "center", "va": "center", "fontsize": SPAN_LABEL_PT}
    if span.certain and span.confidence == "high":
        options.update(color=style.PALETTE["background"], fontweight="bold")
    else:
        options.update(
            color=style.PALETTE["ink"],
            bbox={"facecolor": style.PALETTE["background"], "edgecolor": "none", "pad": 0.5},
        )
    return ax.text(left + width / 2, y, text, **options)


def draw_planned(ax, ev: Evidence, event_id: str, y: float, first: date, until: date) -> None:
    """What the article says was planned at publication: an open box over its real range."""
    row = ev.events.set_index("event_id").loc[event_id]
    left, width = clipped(dates.to_date(row["start"]), dates.to_date(row["end"]), first, until)
    ax.barh(
        y, width, left=left, height=2 * HALF, color="none", linestyle="--", linewidth=1,
        edgecolor=style.PALETTE["article"],
    )  # fmt: skip
    ax.text(
        left + width / 2, y, f"{FIGURE_TEXT['planned']} ({row['paragraph_id']})",
        ha="center", va="center", fontsize=SPAN_LABEL_PT, color=style.PALETTE["article"],
    )  # fmt: skip


START_UNKNOWN = {"marker": "<", "markersize": 5, "linestyle": "none"}
LAPSE = {"marker": "|", "markersize": 14, "markeredgewidth": 2, "linestyle": "none"}


def start_unknown_style() -> dict:
    return {**START_UNKNOWN, "color": style.PALETTE["ink"]}


def lapse_style() -> dict:
    return {**LAPSE, "color": style.PALETTE["outside"]}


def draw_start_unknown(ax, action: model.Action, sides: tuple[str, ...], y: float) -> None:
    """The article's word at publication, where it is all a source gives: held from that day,
    its start unknown (rule 4), marked by an arrow pointing back from the day."""
    from matplotlib.dates import date2num

    for side in sides:
        ax.plot(date2num(action.hi), y + SIDE_Y[side], **start_unknown_style())


def draw_lapse(ax, ev: Evidence, issue, y: float) -> None:
    """The day the person an issue names left the post (context): the issue lapsed."""
    from matplotlib.dates import date2num

    day = dates.to_date(fact(ev, LAPSES[issue.issue_id])["start"])
    ax.plot(date2num(day), y + SIDE_Y["us"], **lapse_style())


def mark_style(article: bool) -> dict:
    colour = style.PALETTE["article" if article else "outside"]
    return {
        "marker": "o" if article else "D",
        "markersize": 5 if article else 4.5,
        "markerfacecolor": style.PALETTE["background"] if article else colour,
        "markeredgecolor": colour,
        "linestyle": "none",
    }


def mark_points(start: date, end: date, first: date, until: date) -> dict:
    """Where a statement's marks go: a marker on each real end of its date or range that is in
    view, an arrow where the range runs out of view, a line between; never a marker at the
    middle of a range."""
    if end < first or start > until:
        return {"markers": [], "arrows": [], "line": None}
    left, width = clipped(start, end, first, until)
    right = left + width
    from matplotlib.dates import date2num

    if start == end:
        return {"markers": [date2num(start) + 0.5], "arrows": [], "line": None}
    markers, arrows = [], []
    (markers if start >= first else arrows).append(date2num(start) if start >= first else left)
    (markers if end <= until else arrows).append(date2num(end) + 1 if end <= until else right)
    return {"markers": markers, "arrows": arrows, "line": (left, right)}


def draw_mark(ax, mark, y: float, first: date, until: date) -> None:
    """A row's date or range: circles for the article above the lane, diamonds for outside
    sources below it."""
    start, end = dates.to_date(mark.start), dates.to_date(mark.end)
    points = mark_points(start, end, first, until)
    article = mark.provenance == "article"
    y_mark = y + (MARK_OFFSET if article else -MARK_OFFSET)
    colour = style.PALETTE["article" if article else "outside"]
    if points["line"]:
        ax.hlines(y_mark, *points["line"], color=colour, linewidth=1.2)
    for x in points["arrows"]:
        ax.plot(x, y_mark, marker="<" if x <= points["line"][0] else ">", color=colour,
                markersize=5, linestyle="none")  # fmt: skip
    for x in points["markers"]:
        ax.plot(x, y_mark, **mark_style(article))


def mark_day(ax, day: date, text: str, linestyle: str, side: str) -> None:
    from matplotlib.dates import date2num

    x = date2num(day)
    ax.axvline(x, color=style.PALETTE["ink"], linewidth=1, linestyle=linestyle)
    ax.annotate(
        text.format(day=dates.day_text(day)),
        xy=(x, 1),
        xycoords=("data", "axes fraction"),
        xytext=(3 if side == "left" else -3, 4),
        textcoords="offset points",
        ha=side,
        va="bottom",
        fontsize=8.5,
        color=style.PALETTE["ink"],
    )


def dress_axes(ax, ev: Evidence, y_of: dict, first: date, until: date) -> None:
    from matplotlib.dates import DateFormatter, MonthLocator, date2num
    from matplotlib.ticker import NullFormatter

    ax.set_xlim(date2num(first), date2num(until + ONE_DAY))
    ax.set_ylim(-0.7, (len(LANES) - 1) * LANE_GAP + 0.7)
    ax.xaxis.set_major_locator(MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    ax.xaxis.set_minor_locator(MonthLocator(bymonth=(4, 10)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(list(y_of.values()), [shown_label(ev, channel) for channel in y_of])
    ax.tick_params(axis="y", length=0, labelsize=9)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    sides = ax.secondary_yaxis("right")
    ticks = [y + SIDE_Y[side] for y in y_of.values() for side in model.POSTURE_SIDES]
    sides.set_yticks(ticks, [SIDE_EN[side] for _ in y_of for side in model.POSTURE_SIDES])
    sides.tick_params(length=0, labelsize=6.5, colors=style.PALETTE["muted"])
    sides.spines["right"].set_visible(False)


def add_legend(fig, spans: pd.DataFrame) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    present = {COLOUR_OF.get(s, s) for states in spans["states"] for s in states}
    handles = [
        Patch(color=state_colour(s), label=STATE_LEGEND.get(s, STATE_EN[s]))
        for s in STATE_EN
        if s in present
    ]
    muted = style.PALETTE["muted"]
    handles += [
        Patch(facecolor=style.PALETTE["background"], edgecolor=muted, hatch=HATCHES[0],
              linewidth=0, label=FIGURE_TEXT["hatch"]),
        Line2D([], [], label=FIGURE_TEXT["article"], **mark_style(True)),
        Line2D([], [], label=FIGURE_TEXT["outside"], **mark_style(False)),
        Line2D([], [], color=muted, marker="o", markerfacecolor=style.PALETTE["background"],
               label=FIGURE_TEXT["range"]),
        Line2D([], [], color=muted, marker="<", linestyle="none", label=FIGURE_TEXT["beyond"]),
        Line2D([], [], label=FIGURE_TEXT["start_unknown"], **start_unknown_style()),
        Line2D([], [], label=FIGURE_TEXT["lapse"], **lapse_style()),
        Patch(facecolor="none", edgecolor=style.PALETTE["article"], linestyle="--",
              label=FIGURE_TEXT["planned_key"]),
        Patch(facecolor="none", edgecolor="none", label=FIGURE_TEXT["sides"]),
        Patch(facecolor="none", edgecolor="none", label=FIGURE_TEXT["cuts"]),
    ]  # fmt: skip
    if (spans["confidence"] != "high").any():
        handles.append(Patch(color=muted, alpha=LESS_SURE_ALPHA, label=FIGURE_TEXT["less_sure"]))
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=7.5)
