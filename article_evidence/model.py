"""The book's domain model of a channel: who acts on it, what each action means, and when a
channel counts as restored.

A channel has two sides. China cuts it, declines a request, leaves a counterpart's post
vacant or fills it; the United States seeks contact or proposes; both sides agree, negotiate,
meet or speak (a call). Rows in ``events`` and ``context_facts`` record one side's action on
one or more channels (``channel_side``, ``channel_action``), so "cut by China" and "sought by
the US" can hold on the same days. Everything that derives postures, lanes or counts from
these actions lives here; tables and figures only translate it.

The rules, in the order they apply:

1. **Dates.** An action happened on an unknown day within its window (``start``..``end``:
   "last October" is the whole month). A multi-day meeting acts on its first day; a period
   of precision ``approximate`` ("trying for nearly 3 years") acts from about its start. A
   context fact that dates an article event (``event_id``) is the same action, not another:
   it narrows the window. An event known only to come after one event and before another
   (``after_event_id``, ``before_event_id``) lies between them; two actions on one channel
   fall on different days, so an event that follows another on the same channel begins at
   the earliest the day after it (the meeting after the halt that the trip prompted, P07).
2. **Postures.** Each side holds a posture on each channel: its latest action there, or the
   latest joint action. A *lasting* action (``event_kind`` ``lasting``: a request repeated
   over a period) holds over its whole period and ends with it: no source says it went on.
   A refusal by China answers the US request: after ``declined`` the US holds no posture
   until its next action; the refusal itself is a one-off, an event of its own days, not a
   lasting state. A meeting at another level (``met_other``) changes no posture. A meeting
   or call of the channel's own mechanism (``met``, ``spoke``) is an event of its own days;
   after it the sides hold no posture, unless it restored the channel (rule 3). An action
   whose source is held with only medium confidence sets no posture: it stays a mark.
3. **Restored.** :func:`restoring`: a channel counts as restored from the first meeting or
   call of its own mechanism at its own level (``met`` or ``spoke``) that follows an action
   other than a meeting on that channel (a cut, a refusal, a vacancy, a request, an
   agreement, a negotiation). From then on both sides' posture is ``restored``. The first
   meeting on record, with nothing before it, is a meeting, not a restoration; an agreement
   to restore is not a restoration; a meeting at another level is not one. "Restored" says
   only that the mechanism met or spoke again after the break, not that it went on meeting.
4. **The article's word at publication.** ``channels.state_at_publication`` is one side's
   (or both sides') posture on the day of the FT report. Where the dated actions give that
   side another posture that day, the article's posture began on an unknown day after that
   side's last dated action: one more action, with that window. It is held from the day of
   publication only, the one day a source gives it; its start is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd

from article_evidence import dates

# action -> the sides that can take it
ACTION_SIDES: dict[str, frozenset[str]] = {
    "cut": frozenset({"china"}),
    "declined": frozenset({"china"}),
    "vacant": frozenset({"china"}),
    "appointed": frozenset({"china"}),
    "sought": frozenset({"us"}),
    "proposed": frozenset({"us"}),
    "agreed": frozenset({"china", "both"}),
    "negotiating": frozenset({"both"}),
    "met": frozenset({"both"}),
    "spoke": frozenset({"both"}),
    "met_other": frozenset({"both"}),
    "open": frozenset({"both"}),
}
SIDES = ("us", "china", "both")
POSTURE_SIDES = ("us", "china")  # the two halves of a lane; "both" acts on each
OWN_LEVEL = "met"  # the channel's own mechanism met at its own level
CALL = "spoke"  # ... or held a call at its own level
OWN_LEVELS = frozenset({OWN_LEVEL, CALL})  # either restores (rule 3)
OTHER_LEVEL = "met_other"  # a contact at another level: a mark, no posture
MEETINGS = frozenset({*OWN_LEVELS, OTHER_LEVEL, "open"})
ONE_OFF = frozenset({*OWN_LEVELS, "declined"})  # events of their own days (rule 2)
MARK_ONLY_CONFIDENCE = frozenset({"medium"})  # too weak to set a posture (rule 2)
RESTORED = "restored"  # derived by rule 3; no row states it
PUBLICATION_ROW = "channels:"  # id prefix of a row holding the article's word at publication
ANSWERS_REQUEST = "declined"  # rule 2: China's refusal ends the US request
LASTING = "lasting"
AT_START = ("day", "approximate")  # a meeting on its first day, a period from about its start
PUBLICATION_FACT = "ft_report_date"  # the FT report the article relays: its date
ONE_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Action:
    """One side's action on one channel, on an unknown day in ``lo``..``hi`` (inclusive).

    ``until`` is the last day a lasting action is known to hold; ``last`` the last day of a
    meeting that lasted several days.
    """

    channel_id: str
    side: str
    action: str
    lo: date
    hi: date
    outside: bool  # an outside source states this action
    rows: tuple[str, ...]
    until: date | None = None
    last: date | None = None
    confidence: str = "high"

    def key(self) -> tuple[date, date]:
        return (self.lo, self.hi)

    @property
    def implied(self) -> bool:
        return self.rows[0].startswith(PUBLICATION_ROW)


def publication(ev) -> date:
    """The day the FT published the report the article relays (context)."""
    facts = ev.context_facts.set_index("fact_id")
    return dates.to_date(facts.loc[PUBLICATION_FACT, "start"])


def acting_rows(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows with an action, one per channel they act on."""
    rows = frame.loc[frame["channel_action"].notna()]
    rows = rows.assign(channel_id=rows["channel_ids"].str.split(";")).explode("channel_id")
    return rows.rename(columns={key: "row_id"})


def lanes_of(events: pd.DataFrame) -> dict[str, set[str]]:
    rows = acting_rows(events, "event_id")
    found: dict[str, set[str]] = {}
    for row in rows.itertuples():
        found.setdefault(row.row_id, set()).add(row.channel_id)
    return found


def event_windows(ev) -> dict[str, tuple[date, date]]:
    """Every article event's window: its own dates, narrowed by the context facts that date
    it (rule 1), then by its place after one event and before another."""
    facts = ev.context_facts
    windows: dict[str, tuple[date, date]] = {}
    for row in ev.events.itertuples():
        lo, hi = dates.to_date(row.start), dates.to_date(row.end)
        dating = facts.loc[(facts["event_id"] == row.event_id) & dates_the_event(facts, row)]
        for fact in dating.itertuples():
            if row.event_kind == LASTING:  # a record of the same period: it began later
                lo = max(lo, dates.to_date(fact.start))
                continue
            lo, hi = max(lo, dates.to_date(fact.start)), min(hi, dates.to_date(fact.end))
        if lo > hi:
            ids = list(dating["fact_id"])
            raise ValueError(f"context facts {ids} date {row.event_id} outside its own window")
        windows[row.event_id] = (lo, hi)
    return ordered_windows(ev.events, windows)


def dates_the_event(facts: pd.DataFrame, row) -> pd.Series:
    """A fact dates an event if it states no action, or the event's own action."""
    same = (facts["channel_action"] == row.channel_action) & (
        facts["channel_side"] == row.channel_side
    )
    return facts["channel_action"].isna() | same.fillna(False)


def ordered_windows(events: pd.DataFrame, windows: dict) -> dict[str, tuple[date, date]]:
    """Narrow windows until each event lies after its ``after_event_id`` and before its
    ``before_event_id``; two events on one channel fall on different days."""
    lanes = lanes_of(events)
    pairs = []  # (earlier, later)
    for row in events.itertuples():
        if pd.notna(row.after_event_id):
            pairs.append((row.after_event_id, row.event_id))
        if pd.notna(row.before_event_id):
            pairs.append((row.event_id, row.before_event_id))
    windows = dict(windows)
    for _ in range(len(pairs) + 1):
        changed = False
        for earlier, later in pairs:
            gap = ONE_DAY if lanes.get(earlier, set()) & lanes.get(later, set()) else timedelta()
            (e_lo, e_hi), (l_lo, l_hi) = windows[earlier], windows[later]
            new_l_lo, new_e_hi = max(l_lo, e_lo + gap), min(e_hi, l_hi - gap)
            if (new_l_lo, new_e_hi) != (l_lo, e_hi):
                windows[later], windows[earlier] = (new_l_lo, l_hi), (e_lo, new_e_hi)
                changed = True
            if new_l_lo > l_hi or e_lo > new_e_hi:
                raise ValueError(f"{earlier} cannot come before {later}: their dates exclude it")
        if not changed:
            return windows
    raise ValueError("event order does not settle")  # pragma: no cover  (a cycle)


def dated_actions(ev) -> list[Action]:
    """Every dated action on every channel: the article's events (with the context facts that
    date them merged in) and the context facts that state actions of their own."""
    windows = event_windows(ev)
    facts = ev.context_facts
    found = []
    events = acting_rows(ev.events, "event_id")
    merged: set[tuple[str, str]] = set()
    for row in events.itertuples():
        lo, hi = windows[row.row_id]
        same = facts.loc[(facts["event_id"] == row.row_id) & dates_the_event(facts, row)]
        acting = same.loc[same["channel_action"].notna()]
        merged |= {(f, row.channel_id) for f in acting["fact_id"]}
        ends = [dates.to_date(e) for e in same["end"]]
        until = max([hi, *ends]) if row.event_kind == LASTING else None
        lo, hi = at_start(lo, hi, row.precision)
        found.append(
            Action(
                row.channel_id, row.channel_side, row.channel_action, lo, hi,
                outside=not acting.empty, rows=(row.row_id, *same["fact_id"]),
                until=until, last=dates.to_date(row.end),
            )
        )  # fmt: skip
    for row in acting_rows(facts, "fact_id").itertuples():
        if (row.row_id, row.channel_id) in merged:
            continue
        lo, hi = dates.to_date(row.start), dates.to_date(row.end)
        until = hi if row.event_kind == LASTING else None
        found.append(
            Action(
                row.channel_id, row.channel_side, row.channel_action,
                *at_start(lo, hi, row.precision), outside=True, rows=(row.row_id,),
                until=until, last=hi, confidence=row.confidence,
            )
        )  # fmt: skip
    return found


def at_start(lo: date, hi: date, precision: str) -> tuple[date, date]:
    return (lo, lo) if precision in AT_START else (lo, hi)


def ordered(found: list[Action]) -> list[Action]:
    """Actions in the order they happened; ties keep the data's row order."""
    return sorted(found, key=Action.key)


def of_channel(found: list[Action], channel: str) -> list[Action]:
    return ordered([a for a in found if a.channel_id == channel])


# --------------------------------------------------------------------------- restored


def restoring(channel_actions: list[Action]) -> Action | None:
    """The action that restored a channel, or None (rule 3).

    A channel counts as restored from the first meeting or call of its own mechanism at its
    own level (``met`` or ``spoke``) that follows an action on it other than a meeting: a cut,
    a refusal, a vacancy, a request, an agreement or a negotiation. A meeting at another level
    (``met_other``) never restores one; nor does an agreement to restore it.
    """
    interrupted = False
    for action in ordered(channel_actions):
        if action.action in OWN_LEVELS and interrupted:
            return action
        if action.action not in MEETINGS:
            interrupted = True
    return None


# --------------------------------------------------------------------------- postures


@dataclass(frozen=True)
class Change:
    """A side's posture from an unknown day in ``lo``..``hi``; ``None`` is no posture."""

    state: str | None
    lo: date
    hi: date
    until: date | None = None  # a lasting posture holds through this day
    source: Action | None = field(default=None, compare=False)


def side_changes(channel_actions: list[Action], side: str) -> list[Change]:
    """One side's posture changes on one channel (rule 2), restored per rule 3."""
    restorer = restoring(channel_actions)
    restored = False
    changes = []
    for action in ordered(channel_actions):
        restored = restored or action is restorer
        if action.action == OTHER_LEVEL or action.confidence in MARK_ONLY_CONFIDENCE:
            continue
        if action.action == ANSWERS_REQUEST and side == "us":
            changes.append(Change(None, action.lo, action.hi, source=action))
            continue
        if action.side not in (side, "both"):
            continue
        if action.action in OWN_LEVELS and restored:
            changes.append(Change(RESTORED, action.lo, action.hi, source=action))
        elif action.action in ONE_OFF:  # an event of its own days
            changes.append(Change(action.action, action.lo, action.hi, source=action))
            after = (action.last or action.hi) + ONE_DAY
            changes.append(Change(None, after, max(after, action.hi + ONE_DAY)))
        elif action.implied:  # rule 4: held from publication, its start unknown
            changes.append(Change(action.action, action.hi, action.hi, source=action))
        else:
            changes.append(Change(action.action, action.lo, action.hi, action.until, action))
            if action.until:  # a lasting action ends with its period
                changes.append(Change(None, action.until + ONE_DAY, action.until + ONE_DAY))
    # The article's word at publication holds on from that day (rule 4), even where a lasting
    # action the sources end on that day would otherwise end the posture the day after.
    held = {c.lo + ONE_DAY for c in changes if c.source is not None and c.source.implied}
    return [c for c in changes if not (c.source is None and c.state is None and c.lo in held)]


def states_on(changes: list[Change], day: date) -> tuple[tuple[str | None, ...], bool]:
    """The postures a side may hold at the end of one day, and whether only one is possible.

    A lasting posture holds over its period. Otherwise a change is certain to have happened
    by the end of its window, and may have from its start; a lasting posture that ended counts
    as a change on its last day.
    """
    holding = [c for c in changes if c.until and c.lo <= day <= c.until]
    if holding:
        return (holding[-1].state,), True
    order = sorted(
        (replace(c, lo=c.until, hi=c.until) if c.until else c for c in changes),
        key=lambda c: (c.lo, c.hi),
    )
    begun = [i for i, c in enumerate(order) if c.lo <= day]
    if not begun:
        return (), True
    done = max((i for i, c in enumerate(order) if c.hi <= day), default=-1)
    possible = tuple(dict.fromkeys(order[i].state for i in range(max(done, 0), begun[-1] + 1)))
    return possible, done >= 0 and len(possible) == 1


def compares_as(state: str | None) -> str | None:
    """A restored channel has met: the article's "met" is the same posture."""
    return OWN_LEVEL if state == RESTORED else state


def implied_at_publication(ev, found: list[Action]) -> list[Action]:
    """Rule 4: where the dated actions give a side another posture at publication than the
    article's, the article's posture began after that side's last dated action."""
    published = publication(ev)
    implied = []
    for row in ev.channels.itertuples():
        own = of_channel(found, row.channel_id)
        sides = POSTURE_SIDES if row.side_at_publication == "both" else (row.side_at_publication,)
        differing = []
        for side in sides:
            if not holds_after(side_changes(own, side), published, row.state_at_publication):
                differing.append(side)
        if not differing:
            continue
        before = [
            c.hi
            for s in differing
            for c in side_changes(own, s)
            if c.source is not None and c.hi < published
        ]
        lo = max(before) + ONE_DAY if before else published
        side = "both" if len(differing) == 2 else differing[0]
        implied.append(
            Action(row.channel_id, side, row.state_at_publication, lo, published, False,
                   (f"{PUBLICATION_ROW}{row.channel_id}",))
        )  # fmt: skip
    return implied


def holds_after(changes: list[Change], published: date, state: str) -> bool:
    """Whether the dated actions already give a side the article's posture at publication,
    and, for a posture that lasts (not a one-off), go on giving it the day after: a lasting
    request that the sources end on the day of the report (P15's "trying for nearly 3 years")
    is then held on from the article's word, like any other posture (rule 2), not dropped."""
    for day in (published, published + ONE_DAY) if state not in ONE_OFF else (published,):
        states, certain = states_on(changes, day)
        if not (certain and tuple(map(compares_as, states)) == (state,)):
            return False
    return True


def start_unknown_sides(found: list[Action], action: Action) -> tuple[str, ...]:
    """The sides for which an action implied at publication (rule 4) starts on an unknown
    day: those whose dated actions did not already give them that posture on that day. Where
    they did (Aquilino's lasting request, then P15), the article's word only holds it on."""
    own = [a for a in of_channel(found, action.channel_id) if not a.implied]
    sides = POSTURE_SIDES if action.side == "both" else (action.side,)
    return tuple(
        side
        for side in sides
        if states_on(side_changes(own, side), action.hi) != ((action.action,), True)
    )


def actions(ev) -> list[Action]:
    """Every action on every channel: dated, then implied by the article's word at
    publication (rule 4)."""
    found = dated_actions(ev)
    return found + implied_at_publication(ev, found)


def posture_on(ev, channel: str, side: str, day: date) -> tuple[tuple[str | None, ...], bool]:
    """The postures one side may hold on one channel on one day."""
    return states_on(side_changes(of_channel(actions(ev), channel), side), day)


def restored_by(ev, channel: str) -> Action | None:
    """The action that restored a channel (rule 3), or None."""
    return restoring(of_channel(actions(ev), channel))


def implied_channels(ev) -> list[str]:
    """Channels whose posture at publication comes only from the article's word that day."""
    return [a.channel_id for a in actions(ev) if a.implied]


# --------------------------------------------------------------------------- spans


def lane_end(channel_actions: list[Action], published: date, until: date) -> date:
    """The last day a lane is drawn: ``until`` where an outside source states its last
    action, else publication (the article speaks of nothing later). Where that last action
    is a meeting known only from the article, the lane ends on the meeting's last possible
    day: the article's "met" at publication is that meeting, and no later meeting of the two is on
    record, so nothing is drawn after it."""
    last = max(channel_actions, key=lambda a: (a.hi, a.lo), default=None)
    if last is not None and not last.outside:
        if last.action in OWN_LEVELS and not last.implied:
            return min(last.hi, until)
        return min(published, until)
    return until


def spans(ev, channels: tuple[str, ...], until: date) -> pd.DataFrame:
    """Each side of each channel as spans of days with the same possible postures, from the
    channel's first action to :func:`lane_end`. Days with no posture are left out."""
    found = actions(ev)
    published = publication(ev)
    rows = []
    for channel in channels:
        own = of_channel(found, channel)
        if not own:
            continue
        first, last = min(a.lo for a in own), lane_end(own, published, until)
        for side in POSTURE_SIDES:
            rows += side_spans(channel, side, side_changes(own, side), first, last)
    columns = ["channel_id", "side", "start", "end", "states", "certain", "confidence"]
    return pd.DataFrame(rows, columns=columns)


def side_spans(channel: str, side: str, changes: list[Change], first: date, last: date):
    """Consecutive days with the same possible postures (and, for a certain posture, the same
    confidence of the source that set it) as one span."""
    spans: list[list] = []
    day = first
    while day <= last:
        states, certain = states_on(changes, day)
        shown = tuple(s for s in states if s is not None)
        confidence = held_with(changes, day) if certain else "high"
        value = [shown, certain, confidence]
        if shown:
            if spans and spans[-1][4:] == value and spans[-1][3] == day - ONE_DAY:
                spans[-1][3] = day
            else:
                spans.append([channel, side, day, day, *value])
        day += ONE_DAY
    return [tuple(span) for span in spans]


def held_with(changes: list[Change], day: date) -> str:
    """The confidence of the source behind the posture in force on a day (certain days)."""
    holding = [c for c in changes if c.until and c.lo <= day <= c.until]
    if holding:
        source = holding[-1].source
    else:
        done = [c for c in changes if (c.until or c.hi) <= day]
        done.sort(key=lambda c: ((c.until or c.lo), (c.until or c.hi)))
        source = done[-1].source if done else None
    return source.confidence if source is not None else "high"
