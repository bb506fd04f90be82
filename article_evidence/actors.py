"""The actors: who is in the story, who is whose counterpart, where the article is loose.

Computed from the article tables (actors, mentions, channels) and, for the record around
them and for corrections, from the context tables; the chapter "Actors" only calls these
functions and shows their results. Channel actions use the vocabulary of
:mod:`article_evidence.model`; this module only says them in English.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import dates, evidence, figtext, model, style
from article_evidence.evidence import Evidence

# Person-to-person channels of the article, drawn as counterpart pairs (the others are
# institutional), and the context channels drawn beside them: the DPCT is where Chase's formal
# counterpart sits, a post the article never names.
PAIR_CHANNELS = ("leaders", "ministers", "chiefs", "theater", "attache")
CONTEXT_PAIRS = {
    "dpct": ("chase", "Deputy director, PLA Office for International Military Cooperation"),
}
PUBLICATION_FACT = "ft_report_date"  # the record "before publication" ends on this day
DISMISSED_ACTOR = "li_shangfu"

# One English phrase per action of model.ACTION_SIDES; {side} is who acts.
ACTION_EN = {
    "cut": "cut by {side}",
    "declined": "declined by {side}",
    "vacant": "no counterpart: post vacant",
    "appointed": "counterpart named",
    "sought": "contact sought by {side}",
    "proposed": "proposed by {side}",
    "agreed": "agreed by {side}",
    "negotiating": "under negotiation",
    "met": "met",
    "spoke": "spoke (a call)",
    "met_other": "met at another level",
    "open": "open",
}
SIDE_EN = {"us": "the US", "china": "China", "both": "both sides"}
# Whose error a correction is (corrections.error_of).
ERROR_OF_EN = {
    "relay": "the Arabic relay's: the FT has it right",
    "ft": "the FT's: the relay kept it",
    "not_checkable": "not checkable here: the FT copies stop before it",
    "none": "no error: the record adds precision",
}
TEXT_EN = {
    "united_states": "United States",
    "china": "China",
    "vacant": "(post vacant; formerly {name})",
    "context_mark": "context: ",
    "context_pair": "Chase's formal counterpart (DPCT; context, not in the article)",
    "record_note": (
        "Brown text under a line: what China or both sides did on that channel before the FT "
        "report (context, not in the article)."
    ),
    "title_article": "the article ({paragraph})",
    "title_context": "context: {source}",
}


def action_text(action: str, side: str) -> str:
    """An action in English, with who takes it where that is not already plain."""
    if action not in model.ACTION_SIDES:
        raise ValueError(f"unknown channel action {action!r}: see article_evidence/model.py")
    return ACTION_EN[action].format(side=SIDE_EN[side])


def paragraphs_mentioning(ev: Evidence) -> pd.Series:
    """For each actor, the paragraphs that refer to it by name, title or pronoun."""
    return ev.mentions.groupby("actor_id")["paragraph_id"].agg(evidence.paragraph_list)


def title_sources(ev: Evidence) -> pd.Series:
    """Where each actor's title comes from: the article, or the outside fact that gives it."""
    facts = ev.context_facts.set_index("fact_id")["source_name"]
    return pd.Series(
        [
            TEXT_EN["title_context"].format(source=facts[row.title_fact_id])
            if pd.notna(row.title_fact_id)
            else TEXT_EN["title_article"].format(paragraph=row.paragraph_id)
            if pd.notna(row.title_en)
            else ""
            for row in ev.actors.itertuples()
        ],
        index=ev.actors.index,
    )


def actor_table(ev: Evidence) -> pd.DataFrame:
    """People and institutions: the article's Arabic name, the correct English, and where."""
    frame = ev.actors.assign(
        paragraphs=ev.actors["actor_id"].map(paragraphs_mentioning(ev)),
        title_from=title_sources(ev),
    )
    frame = frame[["name_ar", "name_en", "title_en", "title_from", "side", "role_en", "paragraphs"]]
    return frame.rename(
        columns={
            "name_ar": "As the article writes it",
            "name_en": "Name",
            "title_en": "Title",
            "title_from": "Title from",
            "side": "Side",
            "role_en": "Role in the article",
            "paragraphs": "Paragraphs",
        }
    ).fillna("")


def corrections(ev: Evidence) -> pd.DataFrame:
    """Where the record corrects or sharpens the article, whose error it is, and the
    outside source (and second source, where there is one) for each."""
    facts = ev.context_facts[
        ["fact_id", "source_name", "source_url", "alt_source_name", "alt_source_url", "confidence"]
    ]
    frame = evidence.tag(ev.corrections).merge(
        facts, on="fact_id", how="left", validate="many_to_one"
    )
    evidence.check_provenance(frame)
    unknown = set(frame["error_of"]) - set(ERROR_OF_EN)
    if unknown:
        raise ValueError(f"data/corrections.csv: error_of with no English label: {unknown}")
    frame["paragraph"] = ev.corrections["paragraph_id"]  # where the article says it
    frame["whose_error"] = frame["error_of"].map(ERROR_OF_EN)
    return frame[
        [
            "paragraph",
            "evidence_ar",
            "kind",
            "article_says_en",
            "record_en",
            "error_of",
            "whose_error",
            "source_name",
            "source_url",
            "alt_source_name",
            "alt_source_url",
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
    """Each person-to-person channel: US party, Chinese party (if any), the article's state
    at publication and the side that holds it."""
    names = ev.actors.set_index("actor_id")["name_ar"]
    pairs = ev.channels.set_index("channel_id").loc[list(PAIR_CHANNELS)].reset_index()
    pairs["us_ar"] = pairs["us_actor_id"].map(names)
    pairs["china_ar"] = pairs["china_actor_id"].map(names)
    pairs["state_en"] = [
        action_text(action, side)
        for action, side in zip(
            pairs["state_at_publication"], pairs["side_at_publication"], strict=True
        )
    ]
    return pairs[
        [
            "channel_id",
            "us_ar",
            "china_ar",
            "state_at_publication",
            "side_at_publication",
            "state_en",
            "paragraph_id",
            "evidence_ar",
        ]
    ]


def publication(ev: Evidence):
    """The day of the FT report the article relays (context)."""
    return ev.context_facts.set_index("fact_id").loc[PUBLICATION_FACT, "start"]


def record_before_publication(ev: Evidence) -> pd.DataFrame:
    """Context facts that act on a pair's channel (or a context pair's) and began before
    the FT report: the record the article's counterparts stood in, oldest first."""
    channels = [*PAIR_CHANNELS, *CONTEXT_PAIRS]
    facts = evidence.tag(ev.context_facts)
    listed = facts["channel_ids"].fillna("").str.split(";")
    rows = []
    for index, ids in listed.items():
        for channel in ids:
            if channel in channels and facts.at[index, "start"] < publication(ev):
                rows.append({**facts.loc[index].to_dict(), "channel_id": channel})
    frame = pd.DataFrame(rows)
    frame["order"] = frame["channel_id"].map({c: i for i, c in enumerate(channels)})
    frame = frame.sort_values(["order", "start", "end", "fact_id"], ignore_index=True)
    actions = zip(frame["channel_action"], frame["channel_side"], strict=True)
    frame["action_en"] = [action_text(action, side) for action, side in actions]
    frame["when"] = [dates.interval_text(r.start, r.end, r.precision) for r in frame.itertuples()]
    return evidence.check_provenance(frame.drop(columns="order"))


def record_line(record: pd.DataFrame, channel: str) -> str:
    """What China or both sides did on ``channel`` before the report, as one short line."""
    rows = record.loc[(record["channel_id"] == channel) & (record["channel_side"] != "us")]
    items = [f"{r.action_en}, {r.start:%b %Y}" for r in rows.itertuples()]
    return TEXT_EN["context_mark"] + " · ".join(items) if items else ""


def counterpart_table(ev: Evidence, dismissed_actor: str = DISMISSED_ACTOR) -> pd.DataFrame:
    """The pairs as the article gives them: a vacant post says so and names who held it."""
    pairs = counterpart_pairs(ev)
    dismissed = ev.actors.set_index("actor_id").loc[dismissed_actor, "name_ar"]
    china = pairs["china_ar"].fillna(TEXT_EN["vacant"].format(name=dismissed))
    return pd.DataFrame(
        {
            "United States": pairs["us_ar"],
            "China": china,
            "At publication (the article)": pairs["state_en"],
            "Paragraph": pairs["paragraph_id"],
            "The article": pairs["evidence_ar"],
        }
    )


def record_table(ev: Evidence) -> pd.DataFrame:
    """The record before the report, channel by channel, as shown to readers (context)."""
    record = record_before_publication(ev)
    names = pd.concat(
        [
            ev.channels.set_index("channel_id")["name_en"],
            ev.context_channels.set_index("channel_id")["name_en"],
        ]
    )
    return pd.DataFrame(
        {
            "Channel": record["channel_id"].map(names),
            "When": record["when"],
            "What happened": record["action_en"],
            "The record": record["fact_en"],
            "Source": record["source_name"],
            "Address": record["source_url"],
            "Confidence": record["confidence"],
        }
    )


def corrections_table(ev: Evidence) -> pd.DataFrame:
    """The corrections as shown to readers, plain headers."""
    frame = corrections(ev)
    also = frame["alt_source_name"].notna()
    frame.loc[also, "source_name"] = frame["source_name"] + "; " + frame["alt_source_name"]
    frame.loc[also, "source_url"] = frame["source_url"] + " ; " + frame["alt_source_url"]
    return frame.drop(columns=["error_of", "alt_source_name", "alt_source_url"]).rename(
        columns={
            "paragraph": "Paragraph",
            "evidence_ar": "The article",
            "kind": "Kind",
            "article_says_en": "The article says",
            "record_en": "The record",
            "whose_error": "Whose error",
            "source_name": "Source",
            "source_url": "Address",
            "confidence": "Confidence",
        }
    )


def numbers(ev: Evidence) -> dict[str, str]:
    """Values the chapter's prose quotes, computed here (glued into the text)."""
    unnamed = {"unnamed_people", "unnamed_official", "officials_group", "experts"}
    errors = ev.corrections["error_of"].value_counts()
    return {
        "actors": str(len(ev.actors)),
        "unnamed_sources": str(ev.actors["source_kind"].isin(unnamed).sum()),
        "pairs": str(len(PAIR_CHANNELS)),
        "corrections": str(len(ev.corrections)),
        "errors_relay": str(errors.get("relay", 0)),
        "errors_ft": str(errors.get("ft", 0)),
        "errors_not_checkable": str(errors.get("not_checkable", 0)),
    }


def glue_numbers(ev: Evidence) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from myst_nb import glue

    for name, value in numbers(ev).items():
        glue(name, value, display=False)


def draw_counterparts(ev: Evidence, dismissed_actor: str = DISMISSED_ACTOR):
    """US people on the left, their Chinese counterparts on the right, a line per channel
    coloured by the article's state at publication; under it, in the context colour, what
    China or both sides had done on it before (context); last, Chase's formal counterpart,
    a context pair the article does not name."""
    import matplotlib.pyplot as plt

    pairs = counterpart_pairs(ev)
    record = record_before_publication(ev)
    names = ev.actors.set_index("actor_id")["name_ar"]
    rows = len(pairs) + len(CONTEXT_PAIRS)
    fig, ax = plt.subplots(figsize=(7.0, 0.95 * rows + 1.0))
    for row, pair in enumerate(pairs.itertuples()):
        y = rows - row
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
        ax.text(0.5, y + 0.14, pair.state_en, ha="center", va="bottom", fontsize=9, color=colour)
        draw_record(ax, y, record_line(record, pair.channel_id))
    for row, (channel, (us_actor, china_en)) in enumerate(CONTEXT_PAIRS.items(), len(pairs)):
        y = rows - row
        outside = style.PALETTE["outside"]
        ax.plot([0.3, 0.7], [y, y], color=outside, linewidth=2, linestyle=(0, (1, 1.5)))
        ax.text(0.28, y, figtext.ar(names[us_actor]), ha="right", va="center", color=outside)
        ax.text(0.72, y, china_en, ha="left", va="center", fontsize=8, color=outside, wrap=True)
        ax.text(
            0.5,
            y + 0.14,
            TEXT_EN["context_pair"],
            ha="center",
            va="bottom",
            fontsize=8,
            color=outside,
        )
        draw_record(ax, y, record_line(record, channel))
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(0.2, rows + 0.8)
    ax.text(0.28, rows + 0.55, TEXT_EN["united_states"], ha="right", fontweight="bold")
    ax.text(0.72, rows + 0.55, TEXT_EN["china"], ha="left", fontweight="bold")
    ax.text(
        0.5,
        0.25,
        TEXT_EN["record_note"],
        ha="center",
        va="bottom",
        fontsize=7.5,
        color=style.PALETTE["outside"],
        wrap=True,
    )
    ax.set_axis_off()
    return fig


def draw_record(ax, y: float, line: str) -> None:
    if line:
        ax.text(
            0.5,
            y - 0.14,
            line,
            ha="center",
            va="top",
            fontsize=7.5,
            color=style.PALETTE["outside"],
        )


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
