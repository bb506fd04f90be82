"""The article and its sources: its text, its structure, and who says what.

Everything here is computed from the article tables (paragraphs, claims, actors, events); the
chapter "The article and its sources" only calls these functions and shows their results.

Every word shown is said in the edition's language (:mod:`article_evidence.language`); the
article's Arabic is shown as it is in both.

Every claim reaches the reader through the FT, which the article relays (P02). What differs
is whose word the FT gives for it: its own (no source), a government's stated position, or
unnamed people and officials. None of the article's sources is a named person on the record.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import evidence, figtext, style
from article_evidence.evidence import Evidence
from article_evidence.language import N_, data_text, direction, tr
from article_evidence.language import resolve as language_of
from article_evidence.tables import listed

OUTLET = "ft"  # the report the article relays; a claim with no other source is its own account
# How the article relies on each kind of source (actors.source_kind), as readers see it.
SOURCE_KINDS = {
    "outlet": N_("The FT's own account (it gives no source)"),
    "government": N_("A government's position, as the FT reports it"),
    "named_person": N_("A named person on the record"),
    "unnamed_official": N_("An unnamed US defence official, quoted by the FT"),
    "officials_group": N_("Unnamed US officials, as the FT reports them"),
    "unnamed_people": N_("Unnamed people, as the FT relays them"),
    "experts": N_("Unnamed defence experts, as the FT reports them"),
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
    "named": N_("A named person on the record"),
    "ft_own": N_("The FT's own account: no source given"),
    "position": N_("A government's position, as the FT reports it: no statement cited"),
    "unnamed": N_("Unnamed people or officials, relayed by the FT"),
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
    "xlabel": N_("Claims in the article resting on this source (every one relayed from the FT)"),
    "no_named": N_("No claim rests on a named person on the record"),
    "named": N_("{count} claim(s) rest on a named person on the record"),
}
GAPS_EN = {
    "named": N_("Claims by a named person on the record"),
    "unnamed": N_("Claims resting on unnamed people or officials, relayed by the FT"),
    "ft_own": N_("Claims that are the FT's own account, with no source given"),
    "no_side": N_("Unnamed sources given no nationality as a group"),
    "american": N_("Unnamed sources the article identifies as American"),
    "china": N_("Claims from the Chinese side (reported, never quoted)"),
    "negotiations": N_("Distinct sources for the 2024 negotiations"),
    "proposal": N_("Distinct sources for the initial Pentagon proposal"),
    "meeting_day": N_("A day for the meeting"),
    "no_day": N_("none given"),
    "day_given": N_("given"),
}
# The kinds of paragraph (paragraphs.kind), shown in English as the data writes them.
PARAGRAPH_KINDS = {"lead": N_("lead"), "body": N_("body"), "subheading": N_("subheading")}
NONE = N_("none")  # a count or a list with nothing in it
LIST_SEPARATOR = N_("; ")


class AttributionError(ValueError):
    """A claim carries another source than the one the article gives for it."""


def paragraph_kind(kind: str, language: str | None = None) -> str:
    return tr(PARAGRAPH_KINDS[kind], language)


def paragraph_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The article, one row per paragraph: id, kind, the Arabic, the English.

    The Arabic edition leaves out the book's English translation: put back into Arabic it
    would only repeat the article beside it."""
    frame = ev.paragraphs[["paragraph_id", "kind", "text_ar", "text_en"]].assign(
        kind=[paragraph_kind(kind, language) for kind in ev.paragraphs["kind"]]
    )
    if language_of(language) != "en":
        frame = frame.drop(columns="text_en")
    return frame.rename(
        columns={
            "paragraph_id": tr("Paragraph", language),
            "kind": tr("Kind", language),
            "text_ar": tr("Arabic (the article)", language),
            "text_en": tr("English (the book's translation)", language),
        }
    )


def actor_name(actor_id: str, english: str, language: str | None = None) -> str:
    """An actor's name as the book gives it (actors.name_en), in the language."""
    return data_text("actors", "name_en", actor_id, english, language)


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


def structure(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Per paragraph: its kind, who speaks in it, and whether it quotes anyone directly."""
    claims = claims_with_sources(ev)
    claims["name"] = [
        actor_name(actor, name, language)
        for actor, name in zip(claims["source_actor_id"], claims["name_en"], strict=True)
    ]
    separator = tr(LIST_SEPARATOR, language)
    voices = claims.groupby("paragraph_id")["name"].agg(
        lambda names: separator.join(dict.fromkeys(names))
    )
    rows = []
    for paragraph in ev.paragraphs.itertuples():
        speakers = claims.loc[claims["paragraph_id"] == paragraph.paragraph_id]
        quoted = speakers["source_kind"].eq("unnamed_official").any() and any(
            mark in paragraph.text_ar for mark in QUOTE_MARKS
        )
        rows.append(
            {
                tr("Paragraph", language): paragraph.paragraph_id,
                tr("Kind", language): paragraph_kind(paragraph.kind, language),
                tr("Whose word", language): voices.get(
                    paragraph.paragraph_id, tr("(no claim: heading)", language)
                ),
                tr("Direct quotation", language): tr("yes", language) if quoted else "",
            }
        )
    return pd.DataFrame(rows)


def claims_by_source(ev: Evidence) -> pd.DataFrame:
    """Claims counted per source, with the source's kind (in English) and group, most
    relied-on first."""
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


def claims_by_source_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The same counts as shown to readers: plain headers, the Arabic as the article writes it."""
    counts = claims_by_source(ev)
    counts["name_en"] = [
        actor_name(actor, name, language)
        for actor, name in zip(counts["source_actor_id"], counts["name_en"], strict=True)
    ]
    counts["kind_en"] = [tr(SOURCE_KINDS[kind], language) for kind in counts["source_kind"]]
    counts["paragraphs"] = [paragraphs_shown(p, language) for p in counts["paragraphs"]]
    counts = counts[["name_ar", "name_en", "kind_en", "claims", "paragraphs"]]
    return counts.rename(
        columns={
            "name_ar": tr("As the article names it", language),
            "name_en": tr("Source", language),
            "kind_en": tr("Kind of source", language),
            "claims": tr("Claims", language),
            "paragraphs": tr("Paragraphs", language),
        }
    )


def paragraphs_shown(listing: str, language: str | None = None) -> str:
    """An :func:`evidence.paragraph_list` as a table shows it, with the edition's comma."""
    return listed(listing.split(", "), language) if listing else listing


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


def gap_rows(ev: Evidence) -> list[tuple[str, int | str, str]]:
    """What the sourcing lacks, each measured from the data with the paragraphs behind it:
    (key of GAPS_EN, measure, paragraphs), with "" for no paragraph and the meeting's day
    as a key of GAPS_EN too."""
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
    day = "day_given" if meeting["precision"] == "day" else "no_day"
    return [
        measured("named", claims.loc[claims["group"] == "named"]),
        measured("unnamed", claims.loc[claims["group"] == "unnamed"]),
        measured("ft_own", claims.loc[claims["group"] == "ft_own"]),
        distinct("no_side", sources.loc[sources["side"] == "unknown"]),
        distinct("american", sources.loc[sources["side"] == "us"]),
        measured("china", claims.loc[claims["side"] == "china"]),
        distinct("negotiations", talks),
        distinct("proposal", proposal),
        ("meeting_day", day, evidence.paragraph_list(bounds)),
    ]


def gaps(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """:func:`gap_rows` as shown to readers, in the language."""
    rows = [
        (
            tr(GAPS_EN[key], language),
            tr(GAPS_EN[value], language) if isinstance(value, str) else value,
            paragraphs_shown(paragraphs, language) or tr(NONE, language),
        )
        for key, value, paragraphs in gap_rows(ev)
    ]
    columns = [
        tr("What is measured", language),
        tr("Measured", language),
        tr("Paragraphs", language),
    ]
    return pd.DataFrame(rows, columns=columns)


def measured(key: str, rows: pd.DataFrame) -> tuple[str, int, str]:
    return key, len(rows), evidence.paragraph_list(rows["paragraph_id"])


def distinct(key: str, rows: pd.DataFrame) -> tuple[str, int, str]:
    """How many different sources ``rows`` rest on, with their paragraphs."""
    paragraphs = rows["paragraph_id"].astype("string").str.split(", ").explode().dropna()
    return key, rows["source_actor_id"].nunique(), evidence.paragraph_list(paragraphs)


def numbers(ev: Evidence, language: str | None = None) -> dict[str, str]:
    """Values the chapter's prose quotes, computed here (glued into the text)."""
    claims = claims_with_sources(ev)
    groups = claims["group"].value_counts()
    table = {key: value for key, value, _ in gap_rows(ev)}
    return {
        "claims": str(len(claims)),
        "claims_named": str(groups.get("named", 0) or tr(NONE, language)),
        "claims_unnamed": str(groups.get("unnamed", 0)),
        "claims_ft_own": str(groups.get("ft_own", 0)),
        "claims_position": str(groups.get("position", 0)),
        "negotiation_sources": str(table["negotiations"]),
        "proposal_sources": str(table["proposal"]),
    }


def glue_values(ev: Evidence, language: str | None = None) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from article_evidence.glue import glue_all

    glue_all(numbers(ev, language))


def draw_claims_by_source(ev: Evidence, language: str | None = None):
    """Horizontal bars: claims per source, Arabic names as the article writes them, coloured
    by what a reader can check; says outright how many rest on a named person."""
    import matplotlib.pyplot as plt

    counts = claims_by_source(ev).iloc[::-1]  # most relied-on at the top
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    colours = [style.PALETTE[GROUP_COLOURS[group]] for group in counts["group"]]
    ax.barh(range(len(counts)), counts["claims"], color=colours)
    ax.set_yticks(range(len(counts)), [figtext.ar(name) for name in counts["name_ar"]])
    ax.set_xlabel(figtext.ar(tr(FIGURE_EN["xlabel"], language)))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    named = int(counts.loc[counts["group"] == "named", "claims"].sum())
    note = (
        tr(FIGURE_EN["named"], language).format(count=named)
        if named
        else tr(FIGURE_EN["no_named"], language)
    )
    # Arabic reads from the right: the title starts there, and each legend key follows its label
    start = "right" if direction(language) == "rtl" else "left"
    ax.set_title(figtext.ar(note), loc=start, fontsize=10, color=style.PALETTE["ink"])
    legend_groups(ax, [g for g in GROUPS_EN if g in set(counts["group"])], language)
    return fig


def legend_groups(ax, groups: list[str], language: str | None = None) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(color=style.PALETTE[GROUP_COLOURS[g]], label=figtext.ar(tr(GROUPS_EN[g], language)))
        for g in groups
    ]
    ax.legend(
        handles=handles, loc="lower right", fontsize=8, markerfirst=direction(language) == "ltr"
    )
