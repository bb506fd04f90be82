"""The actors: who is in the story, who is whose counterpart, where the article is loose.

Computed from the article tables (actors, mentions, channels) and, for corrections, from the
context tables; the chapter "Actors" only calls these functions and shows their results.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import evidence, figtext, style
from article_evidence.evidence import Evidence

# Person-to-person channels, drawn as counterpart pairs; the others are institutional.
PAIR_CHANNELS = ("leaders", "ministers", "chiefs", "theater", "attache")
STATE_EN = {
    "met": "met again",
    "restored": "restored",
    "vacant": "no counterpart",
    "sought": "contact sought",
    "agreed": "agreed to restore",
    "cut": "cut",
    "open": "open",
    "negotiating": "under negotiation",
}


def paragraphs_mentioning(ev: Evidence) -> pd.Series:
    """For each actor, the paragraphs that refer to it by name, title or pronoun."""
    return ev.mentions.groupby("actor_id")["paragraph_id"].agg(evidence.paragraph_list)


def actor_table(ev: Evidence) -> pd.DataFrame:
    """People and institutions: the article's Arabic name, the correct English, and where."""
    frame = ev.actors.assign(paragraphs=ev.actors["actor_id"].map(paragraphs_mentioning(ev)))
    frame = frame[["name_ar", "name_en", "title_en", "side", "role_en", "paragraphs"]]
    return frame.rename(
        columns={
            "name_ar": "As the article writes it",
            "name_en": "Name",
            "title_en": "Title",
            "side": "Side",
            "role_en": "Role",
            "paragraphs": "Paragraphs",
        }
    ).fillna("")


def corrections(ev: Evidence) -> pd.DataFrame:
    """Where the record corrects or sharpens the article, each with its outside source."""
    facts = ev.context_facts[["fact_id", "source_name", "source_url", "confidence"]]
    frame = evidence.tag(ev.corrections).merge(
        facts, on="fact_id", how="left", validate="many_to_one"
    )
    evidence.check_provenance(frame)
    frame["paragraph"] = ev.corrections["paragraph_id"]  # where the article says it
    return frame[
        [
            "paragraph",
            "evidence_ar",
            "kind",
            "article_says_en",
            "record_en",
            "source_name",
            "source_url",
            "confidence",
        ]
    ]


def mention_matrix(ev: Evidence) -> pd.DataFrame:
    """Actors x paragraphs: how many references each paragraph makes to each actor."""
    counts = pd.crosstab(ev.mentions["actor_id"], ev.mentions["paragraph_id"])
    counts = counts.reindex(columns=ev.paragraphs["paragraph_id"], fill_value=0)
    order = ev.actors["actor_id"][ev.actors["actor_id"].isin(counts.index)]
    return counts.loc[order]


def counterpart_pairs(ev: Evidence) -> pd.DataFrame:
    """Each person-to-person channel: US party, Chinese party (if any), state at publication."""
    names = ev.actors.set_index("actor_id")["name_ar"]
    pairs = ev.channels.set_index("channel_id").loc[list(PAIR_CHANNELS)].reset_index()
    pairs["us_ar"] = pairs["us_actor_id"].map(names)
    pairs["china_ar"] = pairs["china_actor_id"].map(names)
    pairs["state_en"] = pairs["state_at_publication"].map(STATE_EN)
    return pairs[
        [
            "channel_id",
            "us_ar",
            "china_ar",
            "state_at_publication",
            "state_en",
            "paragraph_id",
            "evidence_ar",
        ]
    ]


def counterpart_table(ev: Evidence, dismissed_actor: str = "li_shangfu") -> pd.DataFrame:
    """The pairs as shown to readers: a vacant post says so and names who held it."""
    pairs = counterpart_pairs(ev)
    dismissed = ev.actors.set_index("actor_id").loc[dismissed_actor, "name_ar"]
    china = pairs["china_ar"].fillna(f"(post vacant; formerly {dismissed})")
    return pd.DataFrame(
        {
            "United States": pairs["us_ar"],
            "China": china,
            "State at publication": pairs["state_en"],
            "Paragraph": pairs["paragraph_id"],
            "The article": pairs["evidence_ar"],
        }
    )


def corrections_table(ev: Evidence) -> pd.DataFrame:
    """The corrections as shown to readers, plain headers."""
    return corrections(ev).rename(
        columns={
            "paragraph": "Paragraph",
            "evidence_ar": "The article",
            "kind": "Kind",
            "article_says_en": "The article says",
            "record_en": "The record",
            "source_name": "Source",
            "source_url": "Address",
            "confidence": "Confidence",
        }
    )


def draw_counterparts(ev: Evidence, dismissed_actor: str = "li_shangfu"):
    """US people on the left, their Chinese counterparts on the right, a line per channel."""
    import matplotlib.pyplot as plt

    pairs = counterpart_pairs(ev)
    names = ev.actors.set_index("actor_id")["name_ar"]
    fig, ax = plt.subplots(figsize=(7.0, 3.9))
    for row, pair in enumerate(pairs.itertuples()):
        y = len(pairs) - row
        colour = style.PALETTE[pair.state_at_publication]
        vacant = pd.isna(pair.china_ar)
        right = names[dismissed_actor] if vacant else pair.china_ar
        ax.plot(
            [0.3, 0.7], [y, y], color=colour, linewidth=3, linestyle=(0, (2, 2)) if vacant else "-"
        )
        ax.text(0.28, y, figtext.ar(pair.us_ar), ha="right", va="center", color=style.PALETTE["us"])
        ax.text(
            0.72,
            y,
            figtext.ar(right),
            ha="left",
            va="center",
            color=style.PALETTE["muted"] if vacant else style.PALETTE["china"],
        )
        ax.text(0.5, y + 0.18, pair.state_en, ha="center", va="bottom", fontsize=9, color=colour)
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(0.4, len(pairs) + 0.8)
    ax.text(0.28, len(pairs) + 0.6, "United States", ha="right", fontweight="bold")
    ax.text(0.72, len(pairs) + 0.6, "China", ha="left", fontweight="bold")
    ax.set_axis_off()
    return fig


def draw_mentions(ev: Evidence):
    """Heat map of references per actor and paragraph; Arabic names as the article has them."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap

    matrix = mention_matrix(ev)
    names = ev.actors.set_index("actor_id")["name_ar"]
    cmap = LinearSegmentedColormap.from_list(
        "mentions", [style.PALETTE["background"], style.PALETTE["article"]]
    )
    fig, ax = plt.subplots(figsize=(7.0, 6.2))
    ax.imshow(matrix.to_numpy(), cmap=cmap, aspect="auto", vmin=0)
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=90)
    ax.set_yticks(range(matrix.shape[0]), [figtext.ar(names[a]) for a in matrix.index])
    for (row, column), count in pd.DataFrame(matrix.to_numpy()).stack().items():
        if count:
            ax.text(
                column,
                row,
                str(count),
                ha="center",
                va="center",
                fontsize=8,
                color=style.PALETTE["background"] if count > 1 else style.PALETTE["ink"],
            )
    ax.set_xlabel("Paragraph")
    ax.grid(False)
    return fig
