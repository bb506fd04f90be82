"""The article and its sources: its text, its structure, and who says what.

Everything here is computed from the article tables (paragraphs, claims, actors, events); the
chapter "The article and its sources" only calls these functions and shows their results.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import evidence, figtext, style
from article_evidence.evidence import Evidence

# How the article relies on each kind of source, in the order a reader should weigh them.
SOURCE_KINDS = {
    "outlet": "The FT's own account",
    "government": "A government's stated position",
    "named_person": "A named person on the record",
    "unnamed_official": "An unnamed US defence official",
    "officials_group": "Unnamed US officials",
    "unnamed_people": "Unnamed people said to be informed",
    "experts": "Unnamed defence experts",
}
# A paragraph quotes directly when it holds quotation marks and an official speaks in it.
QUOTE_MARKS = ('"', "«", "»")


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


def claims_with_sources(ev: Evidence) -> pd.DataFrame:
    """Every claim with the actor it is attributed to and that actor's kind of source."""
    actors = ev.actors[["actor_id", "name_ar", "name_en", "side", "source_kind"]]
    claims = ev.claims.merge(
        actors, left_on="source_actor_id", right_on="actor_id", how="left", validate="many_to_one"
    )
    if claims["source_kind"].isna().any():
        missing = claims.loc[claims["source_kind"].isna(), "claim_id"].tolist()
        raise ValueError(f"claims attributed to an actor with no source_kind: {missing}")
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
                "Who speaks": voices.get(paragraph.paragraph_id, "(no claim: heading)"),
                "Direct quotation": "yes" if quoted else "",
            }
        )
    return pd.DataFrame(rows)


def claims_by_source(ev: Evidence) -> pd.DataFrame:
    """Claims counted per source, with the source's kind, most relied-on first."""
    claims = claims_with_sources(ev)
    counts = (
        claims.groupby(["source_actor_id", "name_ar", "name_en", "source_kind"])
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


def gaps(ev: Evidence) -> pd.DataFrame:
    """What the sourcing lacks, each measured from the data with the paragraphs behind it."""
    claims = claims_with_sources(ev)
    unnamed = claims.loc[~claims["source_kind"].isin(["outlet", "government", "named_person"])]
    talks = claims.loc[
        claims["paragraph_id"].isin(["P09", "P10"]) & claims["attribution_ar"].notna()
    ]
    meeting = ev.events.set_index("event_id").loc["chase_liu_meeting"]
    rows = [
        measured(
            "Claims by a named person on the record",
            claims.loc[claims["source_kind"] == "named_person"],
        ),
        measured("Claims resting on unnamed people or officials", unnamed),
        measured(
            "Claims from the Chinese side (reported, never quoted)",
            claims.loc[claims["side"] == "china"],
        ),
        (
            "Distinct sources for the 2024 talks (attributed claims)",
            talks["name_en"].nunique(),
            paragraph_list(talks),
        ),
        (
            "Date of the meeting (an interval, not a day)",
            f"{meeting['start']:%b %Y} to {meeting['end']:%b %Y}",
            meeting["paragraph_id"],
        ),
    ]
    return pd.DataFrame(rows, columns=["What", "Measured", "Paragraphs"])


def measured(label: str, rows: pd.DataFrame) -> tuple[str, int, str]:
    return label, len(rows), paragraph_list(rows)


def paragraph_list(rows: pd.DataFrame) -> str:
    return evidence.paragraph_list(rows["paragraph_id"]) or "none"


def draw_claims_by_source(ev: Evidence):
    """Horizontal bars: claims per source, Arabic names as the article writes them."""
    import matplotlib.pyplot as plt

    counts = claims_by_source(ev).iloc[::-1]  # most relied-on at the top
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    colours = [kind_colour(kind) for kind in counts["source_kind"]]
    ax.barh(range(len(counts)), counts["claims"], color=colours)
    ax.set_yticks(range(len(counts)), [figtext.ar(name) for name in counts["name_ar"]])
    ax.set_xlabel("Claims in the article attributed to this source")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    legend_kinds(ax)
    return fig


def kind_colour(kind: str) -> str:
    named = kind in ("outlet", "government")
    return style.PALETTE["article"] if named else style.PALETTE["sought"]


def legend_kinds(ax) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(color=style.PALETTE["article"], label="Named: the FT or a government"),
        Patch(color=style.PALETTE["sought"], label="Unnamed people or officials"),
    ]
    ax.legend(handles=handles, loc="lower right")
