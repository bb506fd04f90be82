"""Open issues, and what became of them: the tables and the lanes figure.

Everything derived (the windows of the actions, each side's posture over time, the one rule
that says when a channel counts as restored, the article's word at publication) comes from
:mod:`article_evidence.model`. This module only gathers the rows behind it (tagged with
:func:`evidence.tag` and passed through :func:`evidence.check_provenance`), says the model's
vocabulary in the words of the tables and the figure, and draws.

Every function that returns something shown takes ``language`` (None: the run's language):
channel, state and side names come from the glossary (:func:`language.term`), so the Arabic
edition says each one word for word as the rest of the book does; other words go through
:func:`language.tr`, and the data's English cells through :func:`language.data_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from dateutil.relativedelta import relativedelta

from article_evidence import dates, evidence, figtext, model, style
from article_evidence.evidence import Evidence
from article_evidence.language import N_, SOURCE_LANGUAGE, data_text, resolve, term, tr

# The channels drawn as lanes, top to bottom. 'routine' (P16, "in regular contact") names no
# counterpart and no change; 'leaders' has one event, the summit, drawn as a line across the
# lanes. 'dpct' is a channel only the outside record names: its lane is context.
LANES = ("attache", "ministers", "chiefs", "theater", "talks_2024", "dpct", "mmca")
# A lane's name is its channel's glossary term; the maritime lane uses the short form.
LANE_TERM = {**{channel: f"channel_{channel}" for channel in LANES}, "mmca": "channel_mmca_short"}
LANE_PARAGRAPH = {"talks_2024": "P09"}  # the article's name for the package is P09's
CONTEXT_LANE_NOTE = N_("(context: not in the article)")
SIDE_TERM = {"us": "side_us", "china": "side_china", "both": "side_both_short"}
# The states in the order the legend lists them.
STATES = (
    "open",
    "cut",
    "declined",
    "vacant",
    "appointed",
    "sought",
    "proposed",
    "agreed",
    "negotiating",
    "met",
    "spoke",
    "met_other",
    model.RESTORED,
)
# A state is its glossary term ("state_<state>"); the tables say more of these four.
STATE_PHRASE = {
    "vacant": N_("no counterpart ({state})"),
    "met": N_("{state} at its own level"),
    "spoke": N_("spoke (a {state}) at its own level"),
    model.RESTORED: N_("{state}: met or spoke at its own level"),
}
NOUN = {"met": N_("meeting"), "spoke": N_("call")}  # one own-level contact, in a sentence
# Who acted and what they did, as the tables of actions say it: one message per action and
# side the model allows (model.ACTION_SIDES), since an Arabic verb agrees with who acts (الصين
# قطعت، الجانبان التقيا). The English is the side's glossary word and the state's table label
# (state_label), as the English tables always read; a test holds the two together.
ACTION_TEXT = {
    ("cut", "china"): N_("China: cut"),
    ("declined", "china"): N_("China: declined"),
    ("vacant", "china"): N_("China: no counterpart (post vacant)"),
    ("appointed", "china"): N_("China: counterpart named"),
    ("sought", "us"): N_("US: sought"),
    ("proposed", "us"): N_("US: proposed"),
    ("agreed", "china"): N_("China: agreed to restore"),
    ("agreed", "both"): N_("both: agreed to restore"),
    ("negotiating", "both"): N_("both: negotiating"),
    ("met", "both"): N_("both: met at its own level"),
    ("spoke", "both"): N_("both: spoke (a call) at its own level"),
    ("met_other", "both"): N_("both: met at another level"),
    ("open", "both"): N_("both: in regular contact"),
}
# Short forms drawn inside the spans (the glossary's short terms, else the state's term); the
# legend spells out the longer ones.
SHORT_TERM = {
    "vacant": "state_vacant_short",
    "appointed": "state_appointed_short",
    "agreed": "state_agreed_short",
}
STATE_LEGEND = {
    "met": N_("{state} or spoke (its own days; no restoration)"),
    "declined": N_("{state} (a one-off refusal)"),
    model.RESTORED: N_("{state} (the rule): last recorded action"),
}
CONFIDENCE = {"high": N_("high"), "medium-high": N_("medium-high"), "medium": N_("medium")}
COLOUR_OF = {"spoke": "met"}  # a call is drawn like a meeting; the labels tell them apart
RESTORES = N_("restores the channel (the rule)")
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


# --------------------------------------------------------------------------- words


def english(language: str | None) -> bool:
    return resolve(language) == SOURCE_LANGUAGE


def lane_name(channel: str, language: str | None = None) -> str:
    """A lane's name: its channel's glossary term (and the paragraph that names it)."""
    name = term(LANE_TERM[channel], language)
    return f"{name} ({LANE_PARAGRAPH[channel]})" if channel in LANE_PARAGRAPH else name


def side_name(side: str, language: str | None = None) -> str:
    return term(SIDE_TERM[side], language)


def state_label(state: str, language: str | None = None) -> str:
    """A state as the tables say it: its glossary term, in a phrase for the four that need one."""
    word = term(f"state_{state}", language)
    phrase = STATE_PHRASE.get(state)
    return tr(phrase, language).format(state=word) if phrase else word


def state_short(state: str, language: str | None = None) -> str:
    """A state as drawn inside a span: the glossary's short term where there is one."""
    return term(SHORT_TERM.get(state, f"state_{state}"), language)


def state_legend(state: str, language: str | None = None) -> str:
    phrase = STATE_LEGEND.get(state)
    if phrase is None:
        return state_label(state, language)
    return tr(phrase, language).format(state=term(f"state_{state}", language))


def confidence_text(value, language: str | None = None) -> str:
    """A source's confidence ("high", "medium"), empty where none is given."""
    return "" if pd.isna(value) else tr(CONFIDENCE[value], language)


def joined(texts, language: str | None = None) -> str:
    """Items of one cell, one after another: "a; b" (Arabic: "a؛ b")."""
    return tr(N_("; "), language).join(texts)


def article_cite(paragraph_id: str, language: str | None = None) -> str:
    """The article as a source: "the article (P07)"."""
    return f"{term('source_article', language)} ({paragraph_id})"


def context_cite(source_name: str, language: str | None = None) -> str:
    """An outside source as the source of a row: "TASS (context)"."""
    return f"{source_name} ({term('source_context', language)})"


def source_and(source: str, where: str, language: str | None = None) -> str:
    """A source and what it is, in a sentence: "TASS, context", "the article, P07"."""
    return tr(N_("{source}, {where}"), language).format(source=source, where=where)


def cells(table: str, column: str, keys, texts, language: str | None = None) -> list:
    """English data cells (keyed by their table's key) in the language."""
    return [data_text(table, column, k, t, language) for k, t in zip(keys, texts, strict=True)]


def source_name(fact_id: str, name, language: str | None = None, column: str = "source_name"):
    """The name of a context fact's source (or second source), as the language writes it."""
    return data_text("context_facts", column, fact_id, name, language)


def quoted(text: str, language: str | None = None) -> str:
    """The article's words, quoted: (“...”), in Arabic («...»)."""
    return tr(N_("(“{text}”)"), language).format(text=text)


def article_words(language: str | None = None) -> str:
    """The column of the article's words for the language: the English translation, or the
    article's own Arabic, quoted as it is (never translated back)."""
    return "evidence_en" if english(language) else "evidence_ar"


# --------------------------------------------------------------------------- rows


def row_when(row, language: str | None = None) -> str:
    """A row's date or interval at its own precision."""
    return dates.interval_text(row.start, row.end, row.precision, language)


def fact(ev: Evidence, fact_id: str) -> pd.Series:
    return ev.context_facts.set_index("fact_id").loc[fact_id]


def lane_names(ev: Evidence, language: str | None = None) -> dict[str, str]:
    """Every lane's name; a context lane says it is context."""
    context = set(ev.context_channels["channel_id"])
    note = tr(CONTEXT_LANE_NOTE, language)
    names = {c: lane_name(c, language) for c in LANES}
    return {c: f"{names[c]} {note}" if c in context else names[c] for c in LANES}


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


def transitions(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Every row that states an action on a channel, one per channel, tagged and checked;
    ``statement`` and ``source_name`` in the language."""
    events = evidence.tag(ev.events).assign(dates_event=ev.events["event_id"])
    facts = evidence.tag(ev.context_facts).rename(columns={"event_id": "dates_event"})
    frame = pd.concat(
        [
            state_rows(events, "events", "event_id", "description_en", language),
            state_rows(facts, "context_facts", "fact_id", "fact_en", language),
        ],
        ignore_index=True,
    )
    frame = frame.sort_values(["channel_id", "start", "end"], kind="stable", ignore_index=True)
    return evidence.check_provenance(frame)


def state_rows(
    tagged: pd.DataFrame, table: str, key: str, text: str, language: str | None = None
) -> pd.DataFrame:
    rows = tagged.loc[tagged["channel_action"].notna()]
    rows = rows.assign(
        channel_id=rows["channel_ids"].str.split(";"),
        statement=cells(table, text, rows[key], rows[text], language),
    ).explode("channel_id")
    if "source_name" in rows:
        rows["source_name"] = cells(table, "source_name", rows[key], rows["source_name"], language)
    rows = rows.rename(columns={key: "row_id", "channel_action": "state", "channel_side": "side"})
    return rows.reindex(columns=COLUMNS)


def publication_states(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The article's own word on each lane when it appeared, tagged and checked."""
    tagged = evidence.tag(ev.channels)
    tagged = tagged.loc[tagged["channel_id"].isin(LANES)]
    frame = tagged.rename(
        columns={
            "state_at_publication": "state",
            "side_at_publication": "side",
            article_words(language): "statement",
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


def cite(row, language: str | None = None) -> str:
    """A row's source; a context row's ``source_name`` is already in the language."""
    if row.provenance == "article":
        return article_cite(row.paragraph_id, language)
    return context_cite(row.source_name, language)


def who_did_what(state: str, side: str, language: str | None = None) -> str:
    """An action and who took it: "China: cut" (Arabic: "الصين: قطعت القناة")."""
    try:
        return tr(ACTION_TEXT[(state, side)], language)
    except KeyError:
        raise ValueError(f"no words for the action {state!r} by {side!r}") from None


def action_text(row, restoring: set[tuple[str, str]], language: str | None = None) -> str:
    text = who_did_what(row.state, row.side, language)
    if (row.row_id, row.channel_id) in restoring:
        text = joined([text, tr(RESTORES, language)], language)
    return text


AT_PUBLICATION = N_("at publication, {day}: the article's word then, not the day of the action")


def transition_when(row, language: str | None = None) -> str:
    """A row's date; the article's word at publication is dated as a state on that day, so
    a "met" there does not read as a second meeting on the day of the report."""
    if str(row.row_id).startswith(model.PUBLICATION_ROW):
        return tr(AT_PUBLICATION, language).format(day=dates.day_text(row.start, language))
    return row_when(row, language)


def transition_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The rows behind the lanes: every action and the article's word at publication."""
    frame = pd.concat(
        [transitions(ev, language), publication_states(ev, language)], ignore_index=True
    )
    frame = evidence.check_provenance(frame.loc[frame["channel_id"].isin(LANES)])
    frame = frame.assign(lane=pd.Categorical(frame["channel_id"], LANES, ordered=True))
    frame = frame.sort_values(["lane", "start", "provenance"], kind="stable")
    restoring = restoring_rows(ev)
    names = lane_names(ev, language)
    rows = list(frame.itertuples())
    return pd.DataFrame(
        {
            tr("Lane", language): frame["channel_id"].map(names),
            tr("When", language): [transition_when(r, language) for r in rows],
            tr("Who acts: what", language): [action_text(r, restoring, language) for r in rows],
            tr("What", language): frame["statement"],
            tr("From", language): [cite(r, language) for r in rows],
            tr("Confidence", language): [confidence_text(r.confidence, language) for r in rows],
        }
    ).reset_index(drop=True)


def rule_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The one rule applied to every lane: the meeting that restored it, or why none did."""
    found = lane_actions(ev)
    rows = []
    names = lane_names(ev, language)
    for channel, restorer in restorers(ev).items():
        own = model.of_channel(found, channel)
        others = [a for a in own if a.action == model.OTHER_LEVEL]
        if restorer is None:
            verdict = not_restored(own, language)
        else:
            verdict = restored_verdict(ev, restorer, language)
        rows.append(
            {
                tr("Lane", language): names[channel],
                tr("Restored (one rule)", language): verdict,
                tr("Meetings at another level (do not restore)", language): joined(
                    (f"{action_when(a, language)} ({row_label(ev, a, language)})" for a in others),
                    language,
                ),
            }
        )
    return pd.DataFrame(rows)


def restored_verdict(ev: Evidence, restorer: model.Action, language: str | None = None) -> str:
    """How the rule restored a lane: the day and kind of contact, and its source. A contact
    known only from the article is one contact on an unknown day: its day bounds come from
    the sources that date the events around it, and nothing later is on record."""
    words = {
        "noun": tr(NOUN[restorer.action], language),
        "when": action_when(restorer, language),
        "source": row_label(ev, restorer, language),
    }
    if restorer.outside:
        template = N_("restored {when} by a {noun} ({source})")
    elif restorer.rows[0] == MEETING:
        template = N_(
            "restored, by the book's rule, by one {noun} ({source}) on an unknown day: {bounds}"
        )
        words["bounds"] = meeting_bounds(ev, language)
    else:
        template = N_(
            "restored, by the book's rule, by one {noun} on an unknown day {when} ({source}); "
            "the article reports no later {noun}"
        )
    return tr(template, language).format(**words)


def not_restored(own: list[model.Action], language: str | None = None) -> str:
    """Why the rule restores no channel of these actions."""
    if any(a.action in model.OWN_LEVELS for a in own):
        return tr("not restored in the data: its meetings on record follow no break", language)
    return tr("not restored in the data: no meeting or call of its own on record", language)


def action_when(action: model.Action, language: str | None = None) -> str:
    if action.lo == action.hi:
        return dates.day_text(action.lo, language)
    return tr(N_("between {start} and {end}"), language).format(
        start=dates.day_text(action.lo, language), end=dates.day_text(action.hi, language)
    )


def row_label(ev: Evidence, action: model.Action, language: str | None = None) -> str:
    """The source of an action: the article's paragraph, or the outside source's name."""
    first = action.rows[0]
    events = ev.events.set_index("event_id")
    if first in events.index:
        where = events.loc[first, "paragraph_id"]
        return source_and(term("source_article", language), where, language)
    name = source_name(first, fact(ev, first)["source_name"], language)
    return source_and(name, term("source_context", language), language)


def issue_evidence(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Per open issue: the article's rows (the issue, the events on its channel) and the
    context facts on it (by issue or by channel), tagged and checked; ``statement`` and
    ``source_name`` in the language."""
    issues = evidence.tag(ev.open_issues)
    rows = transitions(ev, language)
    on_channel = {
        kind: rows.loc[rows["provenance"] == kind, ["row_id", "channel_id"]].drop_duplicates()
        for kind in ("article", "context")
    }
    article = article_issue_rows(ev, issues, on_channel["article"], language)
    context = context_issue_rows(ev, issues, on_channel["context"], language)
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


def article_issue_rows(
    ev: Evidence, issues: pd.DataFrame, on_channel, language: str | None = None
) -> pd.DataFrame:
    published = pd.Timestamp(publication(ev))
    stated = cells(
        "open_issues", "state_at_publication_en", issues["issue_id"],
        issues["state_at_publication_en"], language,
    )  # fmt: skip
    words = [quoted(text, language) for text in issues[article_words(language)]]
    own = issues.assign(
        row_id=issues["issue_id"],
        phase="at publication",
        start=published,
        end=published,
        precision="day",
        statement=[f"{state} {said}" for state, said in zip(stated, words, strict=True)],
    )
    events = evidence.tag(ev.events).merge(on_channel, left_on="event_id", right_on="row_id")
    events = events.merge(issues[["issue_id", "channel_id"]], on="channel_id")
    events = events.assign(
        phase="before",
        statement=cells(
            "events", "description_en", events["event_id"], events["description_en"], language
        ),
    )
    return pd.concat([own, events], ignore_index=True).reindex(columns=ISSUE_COLUMNS)


def context_issue_rows(
    ev: Evidence, issues: pd.DataFrame, on_channel, language: str | None = None
) -> pd.DataFrame:
    facts = evidence.tag(ev.context_facts)
    by_issue = facts.loc[facts["issue_id"].notna()]
    by_channel = facts.drop(columns="issue_id").merge(
        on_channel, left_on="fact_id", right_on="row_id"
    )
    by_channel = by_channel.merge(issues[["issue_id", "channel_id"]], on="channel_id")
    frame = pd.concat([by_issue, by_channel], ignore_index=True)
    frame = frame.drop_duplicates(["issue_id", "fact_id"])
    published = pd.Timestamp(publication(ev))
    keys = frame["fact_id"]
    frame = frame.assign(
        row_id=keys,
        phase=frame["start"].gt(published).map({True: "after", False: "before"}),
        statement=cells("context_facts", "fact_en", keys, frame["fact_en"], language),
        source_name=cells("context_facts", "source_name", keys, frame["source_name"], language),
    )
    return frame.reindex(columns=ISSUE_COLUMNS)


def issue_facts(ev: Evidence, *issue_ids: str, language: str | None = None) -> pd.DataFrame:
    """What the article says and what the record adds, for the issues of one section."""
    frame = issue_evidence(ev, language)
    frame = frame.loc[frame["issue_id"].isin(issue_ids)].drop_duplicates("row_id")
    frame = frame.sort_values(["start", "provenance"], kind="stable")
    rows = list(frame.itertuples())
    return pd.DataFrame(
        {
            tr("When", language): [row_when(r, language) for r in rows],
            tr("Statement", language): frame["statement"],
            tr("From", language): [cite(r, language) for r in rows],
            tr("Confidence", language): [confidence_text(r.confidence, language) for r in rows],
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


def first_change_text(ev: Evidence, issue, facts: pd.DataFrame, language: str | None = None) -> str:
    if pd.isna(issue.channel_id):
        return tr("not a channel: see what happened", language)
    first = resolution(ev, issue)["first"]
    if first is None:
        if facts.loc[facts["phase"] == "after"].empty:
            template = N_(
                "no later fact on the channel in the data; as the article left it ({day})"
            )
        else:
            template = N_("no action on the channel in the data; as the article left it ({day})")
        return tr(template, language).format(day=dates.day_text(publication(ev), language))
    text = f"{dated(first, language)}: {who_did_what(first.action, first.side, language)}"
    if first == resolution(ev, issue)["restored"]:
        text = joined([text, tr(RESTORES, language)], language)
    return text


def restored_text(ev: Evidence, issue, language: str | None = None) -> str:
    if pd.isna(issue.channel_id):
        return tr("no channel", language)
    restorer = resolution(ev, issue)["restored"]
    if restorer is None:
        return not_restored(model.of_channel(model.actions(ev), issue.channel_id), language)
    return tr(N_("{when}, by a {noun} ({source})"), language).format(
        when=dated(restorer, language),
        noun=tr(NOUN[restorer.action], language),
        source=row_label(ev, restorer, language),
    )


def resolved_text(ev: Evidence, issue, language: str | None = None) -> str:
    """Whether the issue as the article states it was resolved, when and by what."""
    if pd.isna(issue.channel_id):
        return tr("no channel: see what happened", language)
    found = resolution(ev, issue)
    by, lapsed = found["by"], found["lapsed"]
    if by is not None:
        if by is found["restored"]:
            what = tr("the channel restored", language)
        else:
            what = state_label(by.action, language)
        return f"{dated(by, language)}: {what} ({row_label(ev, by, language)})"
    if lapsed is not None:
        return tr(
            N_("not resolved: the issue as stated lapsed on {day} ({source})"), language
        ).format(day=dates.day_text(lapsed, language), source=lapse_label(ev, issue, language))
    return tr("not resolved in the data", language)


def lapse_label(ev: Evidence, issue, language: str | None = None) -> str:
    fact_id = LAPSES[issue.issue_id]
    name = source_name(fact_id, fact(ev, fact_id)["source_name"], language)
    return source_and(name, term("source_context", language), language)


def dated(action: model.Action, language: str | None = None) -> str:
    """An action's date, with its confidence where that is below high."""
    when_ = action_when(action, language)
    if action.confidence == "high":
        return when_
    return tr(N_("{when} ({confidence} confidence)"), language).format(
        when=when_, confidence=confidence_text(action.confidence, language)
    )


FIRST_CHANGE = N_("First action on the channel after the article")
RESOLVED_COLUMN = N_("Issue as stated resolved")
RESTORED_COLUMN = N_("Channel restored (one rule)")


def issue_status(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """One row per open issue: the article's state (cited), what happened (context, cited),
    the first action on its channel after publication and its restoration under the rule.
    Cells are filled from checked rows of one provenance each."""
    frame = issue_evidence(ev, language)
    rows = []
    for issue in ev.open_issues.itertuples():
        own = frame.loc[frame["issue_id"] == issue.issue_id]
        article = own.loc[(own["provenance"] == "article") & (own["phase"] == "at publication")]
        context = own.loc[own["provenance"] == "context"]
        title = data_text("open_issues", "title_en", issue.issue_id, issue.title_en, language)
        rows.append(
            {
                tr("Issue", language): title,
                tr("At publication (article)", language): joined(
                    (f"{r.statement} ({r.paragraph_id})" for r in article.itertuples()), language
                ),
                tr("What happened (context)", language): after_text(context, language),
                tr(FIRST_CHANGE, language): first_change_text(ev, issue, context, language),
                tr(RESOLVED_COLUMN, language): resolved_text(ev, issue, language),
                tr(RESTORED_COLUMN, language): restored_text(ev, issue, language),
            }
        )
    return pd.DataFrame(rows)


def after_text(context: pd.DataFrame, language: str | None = None) -> str:
    after = context.loc[context["phase"] == "after"]
    if after.empty:
        return tr("No later fact in the data.", language)
    template = tr(N_("{when}: {statement} [{source}; {confidence}]"), language)
    return joined(
        (
            template.format(
                when=row_when(r, language),
                statement=r.statement,
                source=r.source_name,
                confidence=confidence_text(r.confidence, language),
            )
            for r in after.itertuples()
        ),
        language,
    )


# --------------------------------------------------------------------------- disagreements


def disagreements(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Context facts of this chapter where a second source differs, or a caveat applies."""
    facts = evidence.tag(ev.context_facts)
    on_lanes = set(transitions(ev, language).query("provenance == 'article'")["row_id"])
    chapter = (
        facts["issue_id"].notna() | facts["channel_ids"].notna() | facts["event_id"].isin(on_lanes)
    )
    differs = facts["alt_start"].notna() | facts["disagreement_en"].notna()
    frame = evidence.check_provenance(facts.loc[chapter & differs])
    rows = list(frame.itertuples())
    keys = frame["fact_id"]
    return pd.DataFrame(
        {
            tr("Fact", language): cells(
                "context_facts", "fact_en", keys, frame["fact_en"], language
            ),
            tr("Date", language): [
                f"{row_when(r, language)} ({source_name(r.fact_id, r.source_name, language)})"
                for r in rows
            ],
            tr("Other source", language): [other_source(r, language) for r in rows],
            tr("What differs", language): cells(
                "context_facts", "disagreement_en", keys, frame["disagreement_en"].fillna(""),
                language,
            ),
            tr("Confidence", language): [confidence_text(r.confidence, language) for r in rows],
        }
    ).reset_index(drop=True)  # fmt: skip


def other_source(row, language: str | None = None) -> str:
    """A second source's date and name, where it gives one."""
    if pd.isna(row.alt_start):
        return ""
    when_ = dates.interval_text(row.alt_start, row.alt_end, row.precision, language)
    name = source_name(row.fact_id, row.alt_source_name, language, "alt_source_name")
    return f"{when_} ({name})"


# --------------------------------------------------------------------------- durations


def length(
    start: date,
    end: date,
    approximate: bool = False,
    language: str | None = None,
    case: str = "nominative",
) -> str:
    """Calendar length; to the month only where a date is approximate. ``case``: the length's
    grammatical case in its sentence (:func:`dates.count`)."""
    if not approximate:
        return dates.describe(dates.span_in_months(start, end), language, case)
    nearest = dates.span_in_months(start, end + timedelta(days=15))  # to the nearest month
    months = relativedelta(years=nearest.years, months=nearest.months)
    words = dates.describe(months, language, case)
    return tr(N_("about {length}"), language).format(length=words)


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


def measure(rows: pd.DataFrame, spec: Measure, language: str | None = None) -> dict:
    """One duration between dates of two checked rows, which must share their provenance.
    The keys name the columns in English; the tables show them in the language."""
    first, last = rows.loc[spec.start[0]], rows.loc[spec.end[0]]
    if first["provenance"] != last["provenance"]:
        raise evidence.ProvenanceError(f"{spec.label}: measured between article and context rows")
    begin, finish = dates.to_date(first[spec.start[1]]), dates.to_date(last[spec.end[1]])
    approximate = first["precision"] == "approximate"
    about = tr(N_("about {month}"), language).format(month=dates.format_month(begin, language))
    return {
        "key": spec.key,
        "Measure": tr(spec.label, language),
        "From": about if approximate else dates.day_text(begin, language),
        "To": dates.day_text(finish, language),
        "Days": (finish - begin).days,
        "Length": length(begin, finish, approximate, language),
        "Based on": based_on(first, last, language),
        "provenance": first["provenance"],
        "approximate": approximate,
        "begin": begin,
        "finish": finish,
    }


def based_on(first: pd.Series, last: pd.Series, language: str | None = None) -> str:
    """The source of a duration: the article's paragraph, or the outside sources of its ends
    (chosen on their English names, then said in the language)."""
    if first["provenance"] == "article":
        return article_cite(first["paragraph_id"], language)
    ends = {first.name: first["source_name"], last.name: last["source_name"]}
    if ends[last.name].startswith(ends[first.name]):  # e.g. "TASS" and "TASS; AFP, 24 Oct 2023"
        ends = {last.name: ends[last.name]}
    names = {row_id: source_name(row_id, name, language) for row_id, name in ends.items()}
    return joined(dict.fromkeys(names.values()), language)


def durations(ev: Evidence, specs: list[Measure], language: str | None = None) -> pd.DataFrame:
    ids = sorted({row_id for spec in specs for row_id, _ in (spec.start, spec.end)})
    rows = endpoints(ev, ids)
    return pd.DataFrame([measure(rows, spec, language) for spec in specs]).set_index("key")


def shown_columns(frame: pd.DataFrame, columns: list[str], language: str | None = None):
    """The shown columns of a durations frame, headed in the language."""
    shown = frame[columns].reset_index(drop=True)
    return shown.rename(columns={column: tr(column, language) for column in columns})


VACANCY = [
    Measure("in_office",
            N_("Li in office: appointed to removed"),
            ("li_appointed", "start"), ("li_removed_date", "start")),
    Measure("unseen",
            N_("Li out of public view, to his removal"),
            ("li_last_seen", "start"), ("li_removed_date", "start")),
    Measure("vacant_at_publication",
            N_("Post vacant at publication: removal to the FT report"),
            ("li_removed_date", "start"), ("ft_report_date", "start")),
    Measure("vacant",
            N_("Post vacant: removal to Dong Jun named"),
            ("li_removed_date", "start"), ("dong_jun_named", "start")),
    Measure("dong_after_publication",
            N_("The FT report to Dong Jun named"),
            ("ft_report_date", "start"), ("dong_jun_named", "start")),
    Measure("ministers_silent",
            N_("No talks between defence ministers: Austin–Wei to Austin–Dong"),
            ("austin_wei_meeting", "start"), ("austin_dong_call", "start")),
]  # fmt: skip
SHOWN = [N_("Measure"), N_("From"), N_("To"), N_("Days"), N_("Length"), N_("Based on")]
AGAINST = N_("Against 3 years")
CHIEFS = [
    Measure("chiefs_silent",
            N_("No call between the top uniformed officers: Milley–Li to Brown–Liu"),
            ("milley_li_call", "start"), ("brown_liu_call", "start")),
]  # fmt: skip


def vacancy_length(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """How long China's defence-minister post stood empty, and what followed (context)."""
    return shown_columns(durations(ev, VACANCY, language), SHOWN, language)


AQUILINO = [
    Measure("article",
            N_("The article: trying “for nearly 3 years” (at most)"),
            ("aquilino_attempts", "start"), ("aquilino_attempts", "end")),
    Measure("asking",
            N_("Asking: first requests to the FT report"),
            ("aquilino_requests", "start"), ("ft_report_date", "start")),
    Measure("command",
            N_("In command: change of command to the FT report"),
            ("aquilino_takes_command", "start"), ("ft_report_date", "start")),
    Measure("to_handover",
            N_("First requests to his handover"),
            ("aquilino_requests", "start"), ("aquilino_handover", "start")),
    Measure("to_first_call",
            N_("First requests to the first theater-commander call (his successor)"),
            ("aquilino_requests", "start"), ("paparo_wu_call", "start")),
    Measure("cut_to_first_call",
            N_("China cancels theater-commander talks, to the first call"),
            ("china_countermeasures", "start"), ("paparo_wu_call", "start")),
]  # fmt: skip
ARTICLE_YEARS = 3  # the article's "nearly 3 years" (P15): an upper bound


def aquilino_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The article's "nearly 3 years" against the record, each length set against 3 years."""
    frame = durations(ev, AQUILINO, language)
    frame[AGAINST] = [
        ""
        if r.provenance == "article"
        else against_years(r.begin, r.finish, r.approximate, language=language)
        for r in frame.itertuples()
    ]
    return frame


def aquilino_durations(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    shown = [c for c in SHOWN if c != "Days"] + [AGAINST]
    return shown_columns(aquilino_table(ev, language), shown, language)


def to_month(start: date, end: date, language: str | None = None) -> str:
    """Whole years and months, the days dropped: "2 years, 7 months"."""
    whole = dates.span_in_months(start, end)
    return dates.describe(relativedelta(years=whole.years, months=whole.months), language)


def against_years(
    start: date,
    end: date,
    approximate: bool,
    years: int = ARTICLE_YEARS,
    language: str | None = None,
) -> str:
    mark = start + relativedelta(years=years)
    if end == mark:
        return tr("exactly", language)
    # the Arabic says "less by" and "more by" a length (أقل بـ، أكثر بـ): a genitive
    if end < mark:
        return tr(N_("{length} short"), language).format(
            length=length(end, mark, approximate, language, "genitive")
        )
    return tr(N_("{length} over"), language).format(
        length=length(mark, end, approximate, language, "genitive")
    )


# --------------------------------------------------------------------------- numbers for prose


def numbers(ev: Evidence, language: str | None = None) -> dict[str, str]:
    """Values the chapter's prose quotes, computed here (glued into the text)."""
    vacancy = durations(ev, VACANCY, language)
    aquilino = aquilino_table(ev, language)
    chiefs = durations(ev, CHIEFS, language)
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
        "asking_short": aquilino.loc["asking", AGAINST],
        "command_at_publication": aquilino.loc["command", "Length"],
        "command_months": to_month(command["begin"], command["finish"], language),
        "asking_to_handover": aquilino.loc["to_handover", "Length"],
        "asking_to_first_call": aquilino.loc["to_first_call", "Length"],
        "issues_resolved": str(sum(resolved)),
        "issues_on_channels": str(len(channel_issues)),
        "issues": str(len(issues)),
        "lanes_restored": str(len(restored)),
        "lanes": str(len(LANES)),
        "meeting_earliest": dates.day_text(meeting_window(ev)[0], language),
        "meeting_latest": dates.day_text(meeting_window(ev)[1], language),
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


MEETING_BOUNDS = N_(
    "at the earliest {earliest}, the day after Chase's arrival in Taiwan on {arrival} "
    "({arrival_source}, context), since the halt of contact came in between ({halt}) and no "
    "source dates the halt; no later than {latest}, before the summit of {summit} "
    "({summit_source}, context); the article reports no later meeting of the two men"
)


def meeting_bounds(ev: Evidence, language: str | None = None) -> str:
    """The meeting's day bounds in words: context for the days, the article for the order."""
    earliest, latest = meeting_window(ev)
    between, arrival = dated_by(ev, MEETING, "after_event_id")
    _, summit = dated_by(ev, MEETING, "before_event_id")
    return tr(MEETING_BOUNDS, language).format(
        earliest=dates.day_text(earliest, language),
        arrival=dates.day_text(arrival["start"], language),
        arrival_source=source_name(arrival["fact_id"], arrival["source_name"], language),
        halt=tr(N_(", "), language).join(between),
        latest=dates.day_text(latest, language),
        summit=dates.day_text(summit["start"], language),
        summit_source=source_name(summit["fact_id"], summit["source_name"], language),
    )


def glue_numbers(ev: Evidence, language: str | None = None) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from article_evidence.glue import glue_all

    glue_all(numbers(ev, language))


# --------------------------------------------------------------------------- figure

LANE_GAP = 1.0
HALF = 0.27  # the US half above a lane's axis, China's below it
MARK_OFFSET = 0.42  # article marks above a lane, context marks below it
HATCHES = ("////", "\\\\\\\\")  # one direction per possible state
SPAN_LABEL_PT = 7
LESS_SURE_ALPHA = 0.45  # a posture whose source is held with less than high confidence
SIDE_Y = {"us": HALF / 2, "china": -HALF / 2}
FIGURE_TEXT = {
    "publication": N_("Publication: the FT report, {day}"),
    "summit": N_("Biden–Xi summit, {day}"),
    "since": N_(" (since before {month})"),
    "planned": N_("negotiating at publication; planned for 2024"),
    "sides": N_("upper half: US; lower half: China"),
    "hatch": N_("posture changed on an unknown day in the span"),
    "less_sure": N_("lighter: source held with medium confidence"),
    "outside": N_("outside source (context)"),
    "range": N_("a statement's date range (markers at its ends)"),
    "beyond": N_("range continues outside the view"),
    "planned_key": N_("planned at publication (P09)"),
    "cuts": N_("Aug 2022 cuts: China's own list (context); P04 names no channel"),
    "start_unknown": N_("held at publication; start unknown"),
    "lapse": N_("Aquilino hands over (context)"),
}
# The states of a hatched span, in the order they held: the arrow points the way the words
# are read (Arabic: right to left), not along the time axis.
STATE_ARROW = N_(" → ")
ARABIC_LABEL_WIDTH = 44  # characters per line of a lane's Arabic name (the article's longest)


def drawn(text: str, language: str | None = None) -> str:
    """A figure's text: in the Arabic edition every string goes through :func:`figtext.ar`
    (the English edition's words are drawn as they are)."""
    return text if english(language) else figtext.ar(text)


def figure_text(key: str, language: str | None = None) -> str:
    return tr(FIGURE_TEXT[key], language)


def lane_start(ev: Evidence) -> date:
    """The lanes begin a month before the month China cancelled three dialogues (context), so
    that what held before the cuts shows."""
    cut = dates.to_date(fact(ev, CUTS_FACT)["start"])
    return cut.replace(day=1) - relativedelta(months=1)


def lane_label(ev: Evidence, channel: str, language: str | None = None) -> str:
    """The logical (unshaped) label: the article's Arabic name, then the book's name for the
    lane (in Arabic: the article's words in guillemets, then the glossary's, wrapped); a
    context lane has no name from the article and says it is context."""
    import textwrap

    names = lane_names(ev, language)
    note = tr(CONTEXT_LANE_NOTE, language)
    article = ev.channels.set_index("channel_id")
    if channel not in article.index:
        return names[channel].replace(f" {note}", f"\n{note}")
    said = article.loc[channel, "name_ar"]
    if english(language):
        return f"{said}\n{names[channel]}"
    return f"«{said}»\n" + textwrap.fill(names[channel], ARABIC_LABEL_WIDTH)


def shown_label(ev: Evidence, channel: str, language: str | None = None) -> str:
    label = lane_label(ev, channel, language)
    if english(language) and channel not in set(ev.channels["channel_id"]):
        return label
    return figtext.ar(label)


def draw_channel_lanes(ev: Evidence, until: date = UNTIL, language: str | None = None):
    """One lane per channel, the US posture in its upper half and China's in its lower half,
    the rows behind them as marks at their real dates or ranges."""
    import matplotlib.pyplot as plt

    first = lane_start(ev)
    fig, ax = plt.subplots(figsize=(8.6, 8.2))
    y_of = {channel: (len(LANES) - 1 - i) * LANE_GAP for i, channel in enumerate(LANES)}
    spans = state_spans(ev, until)
    labels = [
        draw_span(ax, span, y_of[span.channel_id], first, until, language)
        for span in spans.itertuples()
    ]
    for channel, event_id in PLANNED.items():
        draw_planned(ax, ev, event_id, y_of[channel], first, until, language)
    found = lane_actions(ev)
    for action in found:
        if action.implied:
            sides = model.start_unknown_sides(found, action)
            draw_start_unknown(ax, action, sides, y_of[action.channel_id])
    for issue in ev.open_issues.itertuples():
        if issue.issue_id in LAPSES and issue.channel_id in y_of:
            draw_lapse(ax, ev, issue, y_of[issue.channel_id])
    # Marks need only the rows' dates and sources: their statements are not drawn.
    rows = [transitions(ev, SOURCE_LANGUAGE), publication_states(ev, SOURCE_LANGUAGE)]
    marks = pd.concat(rows, ignore_index=True)
    for mark in marks.loc[marks["channel_id"].isin(LANES)].itertuples():
        draw_mark(ax, mark, y_of[mark.channel_id], first, until)
    summit = dates.to_date(fact(ev, SUMMIT_FACT)["start"])
    mark_day(ax, publication(ev), figure_text("publication", language), "--", "left", language)
    mark_day(ax, summit, figure_text("summit", language), ":", "right", language)
    dress_axes(ax, ev, y_of, first, until, language)
    add_legend(fig, spans, language)
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


def draw_span(ax, span, y: float, first: date, until: date, language: str | None = None):
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
    return label_span(ax, span, y_side, left, width, first, language), left, width


def label_span(
    ax, span, y: float, left: float, width: float, first: date, language: str | None = None
):
    text = tr(STATE_ARROW, language).join(state_short(s, language) for s in span.states)
    if span.start < first:
        month = dates.format_month(first, language)
        text += figure_text("since", language).format(month=month)
    options = {"ha": "center", "va": "center", "fontsize": SPAN_LABEL_PT}
    if span.certain and span.confidence == "high":
        options.update(color=style.PALETTE["background"], fontweight="bold")
    else:
        options.update(
            color=style.PALETTE["ink"],
            bbox={"facecolor": style.PALETTE["background"], "edgecolor": "none", "pad": 0.5},
        )
    return ax.text(left + width / 2, y, drawn(text, language), **options)


def draw_planned(
    ax, ev: Evidence, event_id: str, y: float, first: date, until: date, language=None
) -> None:
    """What the article says was planned at publication: an open box over its real range."""
    row = ev.events.set_index("event_id").loc[event_id]
    left, width = clipped(dates.to_date(row["start"]), dates.to_date(row["end"]), first, until)
    ax.barh(
        y, width, left=left, height=2 * HALF, color="none", linestyle="--", linewidth=1,
        edgecolor=style.PALETTE["article"],
    )  # fmt: skip
    text = f"{figure_text('planned', language)} ({row['paragraph_id']})"
    ax.text(
        left + width / 2, y, drawn(text, language),
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


def mark_day(ax, day: date, text: str, linestyle: str, side: str, language=None) -> None:
    from matplotlib.dates import date2num

    x = date2num(day)
    ax.axvline(x, color=style.PALETTE["ink"], linewidth=1, linestyle=linestyle)
    ax.annotate(
        drawn(text.format(day=dates.day_text(day, language)), language),
        xy=(x, 1),
        xycoords=("data", "axes fraction"),
        xytext=(3 if side == "left" else -3, 4),
        textcoords="offset points",
        ha=side,
        va="bottom",
        fontsize=8.5,
        color=style.PALETTE["ink"],
    )


def dress_axes(ax, ev: Evidence, y_of: dict, first: date, until: date, language=None) -> None:
    from matplotlib.dates import DateFormatter, MonthLocator, date2num, num2date
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.set_xlim(date2num(first), date2num(until + ONE_DAY))
    ax.set_ylim(-0.7, (len(LANES) - 1) * LANE_GAP + 0.7)
    ax.xaxis.set_major_locator(MonthLocator(bymonth=(1, 7)))
    if english(language):
        ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    else:  # time still runs left to right; only the month names are the edition's
        month = lambda x, _: figtext.ar(dates.format_month(num2date(x), language))  # noqa: E731
        ax.xaxis.set_major_formatter(FuncFormatter(month))
    ax.xaxis.set_minor_locator(MonthLocator(bymonth=(4, 10)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(list(y_of.values()), [shown_label(ev, channel, language) for channel in y_of])
    ax.tick_params(axis="y", length=0, labelsize=9)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    sides = ax.secondary_yaxis("right")
    ticks = [y + SIDE_Y[side] for y in y_of.values() for side in model.POSTURE_SIDES]
    names = [drawn(side_name(side, language), language) for side in model.POSTURE_SIDES]
    sides.set_yticks(ticks, names * len(y_of))
    sides.tick_params(length=0, labelsize=6.5, colors=style.PALETTE["muted"])
    sides.spines["right"].set_visible(False)


LEGEND_COLUMNS = 3


def add_legend(fig, spans: pd.DataFrame, language: str | None = None) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def text(key: str) -> str:
        return drawn(figure_text(key, language), language)

    present = {COLOUR_OF.get(s, s) for states in spans["states"] for s in states}
    handles = [
        Patch(color=state_colour(s), label=drawn(state_legend(s, language), language))
        for s in STATES
        if s in present
    ]
    muted = style.PALETTE["muted"]
    handles += [
        Patch(facecolor=style.PALETTE["background"], edgecolor=muted, hatch=HATCHES[0],
              linewidth=0, label=text("hatch")),
        Line2D([], [], label=drawn(term("source_article", language), language),
               **mark_style(True)),
        Line2D([], [], label=text("outside"), **mark_style(False)),
        Line2D([], [], color=muted, marker="o", markerfacecolor=style.PALETTE["background"],
               label=text("range")),
        Line2D([], [], color=muted, marker="<", linestyle="none", label=text("beyond")),
        Line2D([], [], label=text("start_unknown"), **start_unknown_style()),
        Line2D([], [], label=text("lapse"), **lapse_style()),
        Patch(facecolor="none", edgecolor=style.PALETTE["article"], linestyle="--",
              label=text("planned_key")),
        Patch(facecolor="none", edgecolor="none", label=text("sides")),
        Patch(facecolor="none", edgecolor="none", label=text("cuts")),
    ]  # fmt: skip
    if (spans["confidence"] != "high").any():
        handles.append(Patch(color=muted, alpha=LESS_SURE_ALPHA, label=text("less_sure")))
    rtl = not english(language)
    if rtl:  # read from the right: the first column on the right, each key right of its text
        handles = right_to_left(handles, LEGEND_COLUMNS)
    options = {"loc": "outside lower center", "ncols": LEGEND_COLUMNS, "fontsize": 7.5}
    fig.legend(handles=handles, markerfirst=not rtl, **options)


def right_to_left(handles: list, columns: int) -> list:
    """The legend's entries reordered so that matplotlib's columns (filled top to bottom, left
    to right) read from the right; short columns are padded with blank entries, so the
    columns keep their entries when reversed."""
    from matplotlib.patches import Patch

    rows = -(-len(handles) // columns)
    blank = Patch(facecolor="none", edgecolor="none", label=" ")
    sizes = [len(handles) // columns + (i < len(handles) % columns) for i in range(columns)]
    chunks, start = [], 0
    for size in sizes:
        chunks.append(handles[start : start + size] + [blank] * (rows - size))
        start += size
    return [handle for chunk in reversed(chunks) for handle in chunk]
