"""The article and its sources: its text, its structure, and who says what.

Everything here is computed from the article tables (paragraphs, claims, actors, events); the
chapter "The article and its sources" only calls these functions and shows their results.

Every claim reaches the reader through the FT, which the article relays (P02). What differs
is whose word the FT gives for it: its own (no source), a government's stated position, or
unnamed people and officials. None of the article's sources is a named person on the record.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import evidence, figtext, style
from article_evidence.evidence import Evidence

OUTLET = "ft"  # the report the article relays; a claim with no other source is its own account
# How the article relies on each kind of source (actors.source_kind), as readers see it.
SOURCE_KINDS = {
    "outlet": "The FT's own account (it gives no source)",
    "government": "A government's position, as the FT reports it",
    "named_person": "A named person on the record",
    "unnamed_official": "An unnamed US defence official, quoted by the FT",
    "officials_group": "Unnamed US officials, as the FT reports them",
    "unnamed_people": "Unnamed people, as the FT relays them",
    "experts": "Unnamed defence experts, as the FT reports them",
}
# The figure and the counts group the kinds by what a reader can check: only a named person
# on the record could be asked; the FT's own account and the governments' positions cite no
# statement; the rest are unnamed.
GROUP_OF_KIND = {
    "named_person": "named",
    "outlet": "ft_own",
    "government": "position",
    "unnamed_official": "unnamed",
    "officials_group": "unnamed",
    "unnamed_people": "unnamed",
    "experts": "unnamed",
}
GROUPS_EN = {
    "named": "A named person on the record",
    "ft_own": "The FT's own account: no source given",
    "position": "A government's position, as the FT reports it: no statement cited",
    "unnamed": "Unnamed people or officials, relayed by the FT",
}
GROUP_COLOURS = {
    "named": "article",
    "ft_own": "muted",
    "position": "negotiating",
    "unnamed": "sought",
}
UNNAMED_KINDS = frozenset(k for k, g in GROUP_OF_KIND.items() if g == "unnamed")
# The article's own package of talks (P09), and the meeting at the centre of the news.
NEGOTIATIONS = "talks_2024"
MEETING_EVENT = "chase_liu_meeting"
# A paragraph quotes directly when it holds quotation marks and an official speaks in it.
QUOTE_MARKS = ('"', "«", "»")

FIGURE_EN = {
    "xlabel": "Claims in the article resting on this source (every one relayed from the FT)",
    "no_named": "No claim rests on a named person on the record",
    "named": "{count} claim(s) rest on a named person on the record",
}
GAPS_EN = {
    "named": "Claims by a named person on the record",
    "unnamed": "Claims resting on unnamed people or officials, relayed by the FT",
    "ft_own": "Claims that are the FT's own account, with no source given",
    "no_side": "Unnamed sources given no nationality as a group",
    "american": "Unnamed sources the article identifies as American",
    "china": "Claims from the Chinese side (reported, never quoted)",
    "negotiations": "Distinct sources for the 2024 negotiations",
    "proposal": "Distinct sources for the initial Pentagon proposal",
    "meeting_day": "A day for the meeting",
    "no_day": "none given",
    "day_given": "given",
}


class AttributionError(ValueError):
    """A claim carries another source than the one the article gives for it."""


def paragraph_table(ev: Evidence) -> pd.DataFrame:
    """The article, one row per paragraph: id, kind, the Arabic, the English."""
    frame = ev.paragraphs[["paragraph_id", "kind", "text_ar", "text_en"]]
    return frame.rename(
        columns={
            "paragraph_id": "Paragraph",
            "kind": "Kind",
            "text_ar": "Arabic (the article)",
            "text_en": "English (the book's translation)",
        }
    )


def channel_key(claim) -> tuple[str, str, str] | None:
    """What a claim says happens to which channels, or None where it names no channel."""
    if pd.isna(claim["channel_ids"]):
        return None
    return claim["channel_ids"], claim["channel_side"], claim["channel_action"]


def expected_sources(claims: pd.DataFrame) -> pd.Series:
    """The source each claim must carry, by one rule.

    A claim the article attributes (``attribution_ar``) keeps its attribution. A claim it
    states without attribution in its own paragraph rests on the source the article gives
    elsewhere for the same thing: the FT's source for another claim stating the same action
    on the same channels. Where there is none it is the FT's own account. The lead (P01) is the
    case in point: its news is the meeting that P02 attributes to people familiar with it.
    """
    keys = claims.apply(channel_key, axis=1)
    attributed = claims["attribution_ar"].notna()
    given: dict[tuple, set[str]] = {}
    for key, source, is_attributed in zip(keys, claims["source_actor_id"], attributed, strict=True):
        if key is not None and is_attributed and source != OUTLET:
            given.setdefault(key, set()).add(source)
    expected = []
    for claim_id, key, source, is_attributed in zip(
        claims["claim_id"], keys, claims["source_actor_id"], attributed, strict=True
    ):
        if is_attributed:
            expected.append(source)
            continue
        elsewhere = given.get(key, set())
        if len(elsewhere) > 1:
            raise AttributionError(
                f"claim {claim_id}: the article gives several sources for the same action "
                f"{key}: {sorted(elsewhere)}; attribute it in claims.csv by hand"
            )
        expected.append(next(iter(elsewhere), OUTLET))
    return pd.Series(expected, index=claims.index, name="expected_source")


def check_attribution(claims: pd.DataFrame) -> None:
    """Raise unless every claim carries the source :func:`expected_sources` gives it."""
    expected = expected_sources(claims)
    wrong = claims.loc[claims["source_actor_id"] != expected]
    if len(wrong):
        listing = "; ".join(
            f"{row.claim_id} ({row.paragraph_id}) is attributed to {row.source_actor_id}, "
            f"but the article gives {expected[index]}"
            for index, row in wrong.iterrows()
        )
        raise AttributionError(f"data/claims.csv: {listing}")


def claims_with_sources(ev: Evidence) -> pd.DataFrame:
    """Every claim with the actor it rests on, that actor's kind of source and its group."""
    check_attribution(ev.claims)
    actors = ev.actors[["actor_id", "name_ar", "name_en", "side", "source_kind"]]
    claims = ev.claims.merge(
        actors, left_on="source_actor_id", right_on="actor_id", how="left", validate="many_to_one"
    )
    if claims["source_kind"].isna().any():
        missing = claims.loc[claims["source_kind"].isna(), "claim_id"].tolist()
        raise ValueError(f"claims attributed to an actor with no source_kind: {missing}")
    claims["group"] = claims["source_kind"].map(GROUP_OF_KIND)
    return claims


def structure(ev: Evidence) -> pd.DataFrame:
    """Per paragraph: its kind, who speaks in it, and whether it quotes anyone directly."""
    claims = claims_with_sources(ev)
    voices = claims.groupby("paragraph_id")["name_en"].agg(
        lambda names: "; ".join(dict.fromkeys(names))
    )
    rows = []
    for paragraph in ev.paragraphs.itertuples():
        speakers = claims.loc[claims["paragraph_id"] == paragraph.paragraph_id]
        quoted = speakers["source_kind"].eq("unnamed_official").any() and any(
            mark in paragraph.text_ar for mark in QUOTE_MARKS
        )
        rows.append(
            {
                "Paragraph": paragraph.paragraph_id,
                "Kind": paragraph.kind,
                "Whose word": voices.get(paragraph.paragraph_id, "(no claim: heading)"),
                "Direct quotation": "yes" if quoted else "",
            }
        )
    return pd.DataFrame(rows)


def claims_by_source(ev: Evidence) -> pd.DataFrame:
    """Claims counted per source, with the source's kind and group, most relied-on first."""
    claims = claims_with_sources(ev)
    counts = (
        claims.groupby(["source_actor_id", "name_ar", "name_en", "source_kind", "group"])
        .size()
        .rename("claims")
        .reset_index()
    )
    counts["kind_en"] = counts["source_kind"].map(SOURCE_KINDS)
    counts["paragraphs"] = counts["source_actor_id"].map(
        claims.groupby("source_actor_id")["paragraph_id"].agg(evidence.paragraph_list)
    )
    return counts.sort_values(
        ["claims", "source_actor_id"], ascending=[False, True], ignore_index=True
    )


def claims_by_source_table(ev: Evidence) -> pd.DataFrame:
    """The same counts as shown to readers: plain headers, the Arabic as the article writes it."""
    counts = claims_by_source(ev)[["name_ar", "name_en", "kind_en", "claims", "paragraphs"]]
    return counts.rename(
        columns={
            "name_ar": "As the article names it",
            "name_en": "Source",
            "kind_en": "Kind of source",
            "claims": "Claims",
            "paragraphs": "Paragraphs",
        }
    )


def on_channel(claims: pd.DataFrame, channel: str, action: str | None = None) -> pd.DataFrame:
    """The claims that speak of ``channel`` (and, if given, of that action on it)."""
    listed = claims["channel_ids"].fillna("").str.split(";").apply(lambda ids: channel in ids)
    if action is not None:
        listed &= claims["channel_action"] == action
    return claims.loc[listed]


def unnamed_sources(ev: Evidence) -> pd.DataFrame:
    """The unnamed sources the claims rest on, with the paragraphs of their claims."""
    claims = claims_with_sources(ev)
    unnamed = claims.loc[claims["source_kind"].isin(UNNAMED_KINDS)]
    return (
        unnamed.groupby(["source_actor_id", "side"])["paragraph_id"]
        .agg(evidence.paragraph_list)
        .reset_index()
    )


def gaps(ev: Evidence) -> pd.DataFrame:
    """What the sourcing lacks, each measured from the data with the paragraphs behind it."""
    claims = claims_with_sources(ev)
    sources = unnamed_sources(ev)
    talks = on_channel(claims, NEGOTIATIONS)
    proposal = on_channel(claims, NEGOTIATIONS, "proposed")
    events = ev.events.set_index("event_id")
    meeting = events.loc[MEETING_EVENT]
    bounds = [meeting["paragraph_id"]]  # "recently", and the events it lies between
    for bound in (meeting["after_event_id"], meeting["before_event_id"]):
        if pd.notna(bound):
            bounds.append(events.loc[bound, "paragraph_id"])
    day = GAPS_EN["day_given"] if meeting["precision"] == "day" else GAPS_EN["no_day"]
    rows = [
        measured(GAPS_EN["named"], claims.loc[claims["group"] == "named"]),
        measured(GAPS_EN["unnamed"], claims.loc[claims["group"] == "unnamed"]),
        measured(GAPS_EN["ft_own"], claims.loc[claims["group"] == "ft_own"]),
        distinct(GAPS_EN["no_side"], sources.loc[sources["side"] == "unknown"]),
        distinct(GAPS_EN["american"], sources.loc[sources["side"] == "us"]),
        measured(GAPS_EN["china"], claims.loc[claims["side"] == "china"]),
        distinct(GAPS_EN["negotiations"], talks),
        distinct(GAPS_EN["proposal"], proposal),
        (GAPS_EN["meeting_day"], day, evidence.paragraph_list(bounds)),
    ]
    return pd.DataFrame(rows, columns=["What", "Measured", "Paragraphs"])


def measured(label: str, rows: pd.DataFrame) -> tuple[str, int, str]:
    return label, len(rows), paragraph_list(rows)


def distinct(label: str, rows: pd.DataFrame) -> tuple[str, int, str]:
    """How many different sources ``rows`` rest on, with their paragraphs."""
    paragraphs = rows["paragraph_id"].astype("string").str.split(", ").explode().dropna()
    return label, rows["source_actor_id"].nunique(), evidence.paragraph_list(paragraphs) or "none"


def paragraph_list(rows: pd.DataFrame) -> str:
    return evidence.paragraph_list(rows["paragraph_id"]) or "none"


def numbers(ev: Evidence) -> dict[str, str]:
    """Values the chapter's prose quotes, computed here (glued into the text)."""
    claims = claims_with_sources(ev)
    groups = claims["group"].value_counts()
    table = gaps(ev).set_index("What")["Measured"]
    return {
        "claims": str(len(claims)),
        "claims_named": str(groups.get("named", 0) or "none"),
        "claims_unnamed": str(groups.get("unnamed", 0)),
        "claims_ft_own": str(groups.get("ft_own", 0)),
        "claims_position": str(groups.get("position", 0)),
        "negotiation_sources": str(table[GAPS_EN["negotiations"]]),
        "proposal_sources": str(table[GAPS_EN["proposal"]]),
    }


def glue_numbers(ev: Evidence) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from article_evidence.glue import glue_all

    glue_all(numbers(ev))


def draw_claims_by_source(ev: Evidence):
    """Horizontal bars: claims per source, Arabic names as the article writes them, coloured
    by what a reader can check; says outright how many rest on a named person."""
    import matplotlib.pyplot as plt

    counts = claims_by_source(ev).iloc[::-1]  # most relied-on at the top
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    colours = [style.PALETTE[GROUP_COLOURS[group]] for group in counts["group"]]
    ax.barh(range(len(counts)), counts["claims"], color=colours)
    ax.set_yticks(range(len(counts)), [figtext.ar(name) for name in counts["name_ar"]])
    ax.set_xlabel(FIGURE_EN["xlabel"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    named = int(counts.loc[counts["group"] == "named", "claims"].sum())
    note = FIGURE_EN["named"].format(count=named) if named else FIGURE_EN["no_named"]
    ax.set_title(note, loc="left", fontsize=10, color=style.PALETTE["ink"])
    legend_groups(ax, [g for g in GROUPS_EN if g in set(counts["group"])])
    return fig


def legend_groups(ax, groups: list[str]) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=style.PALETTE[GROUP_COLOURS[g]], label=GROUPS_EN[g]) for g in groups]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
