"""The book's domain model of a channel: who acts on it, and what each action means.

A channel has two sides. China cuts it, declines a request, leaves a counterpart's post
vacant or fills it; the United States seeks contact or proposes; both sides agree, negotiate
or meet. Rows in ``events`` and ``context_facts`` record one side's action on one or more
channels (``channel_side``, ``channel_action``), so "cut by China" and "sought by the US" can
hold on the same days. Everything that derives states, lanes or counts from these actions
reads its vocabulary here; tables and figures only translate it.
"""

from __future__ import annotations

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
    "met_other": frozenset({"both"}),
    "open": frozenset({"both"}),
}
SIDES = ("us", "china", "both")
