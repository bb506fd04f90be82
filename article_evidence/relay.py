"""From the FT to the Arabic: what the relay kept, changed, added and dropped.

The article retells a *Financial Times* report. ``data/relay.csv`` sets each FT sentence, as two
copies of the FT page give it, beside the article's words for it, with a change kind. The
chapter "From the FT to the Arabic" only calls these functions and shows their results.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import evidence, figtext, style
from article_evidence.evidence import Evidence

# The change vocabulary (the schema's enum), in the order a reader should weigh it:
# English label, palette colour, line style and width in the alignment figure.
CHANGE_KINDS = {
    "scope_changed": ("scope changed", "cut", "-", 2.6),
    "softened": ("softened", "negotiating", "-", 2.6),
    "rank_or_name_changed": ("rank or name changed", "restored", (0, (6, 1.5)), 2.4),
    "term_changed": ("term changed", "sought", (0, (4, 1.5)), 2.0),
    "omitted": ("omitted", "agreed", (0, (1, 1.2)), 2.2),
    "not_in_copies": ("not in the FT copies", "outside", (0, (3, 1.5, 1, 1.5)), 2.0),
    "faithful": ("faithful", "open", "-", 1.2),
    "not_checkable": ("not checkable", "muted", (0, (1, 2.5)), 1.2),
}
CHANGED = ("scope_changed", "softened", "rank_or_name_changed", "term_changed", "omitted")
TEXT_KINDS = {
    "verbatim": "verbatim copy",
    "paraphrase": "reworded copy (paraphrase)",
    "none": "neither copy",
}


def rows(ev: Evidence) -> pd.DataFrame:
    """The relay table in article order (paragraph, then file order), provenance checked."""
    relay = ev.relay.copy()
    relay["order"] = range(len(relay))
    relay = relay.sort_values(["paragraph_id", "order"], kind="stable", ignore_index=True)
    relay["provenance"] = ev.relay.attrs["provenance"]
    evidence.check_provenance(relay)
    return relay.drop(columns=["order", "provenance"])


def ft_text(row) -> str:
    """What the FT says, as readers see it: a quotation only where the words are verbatim."""
    if row["ft_text_kind"] == "verbatim":
        return f'"{row["ft_quote_en"]}"'
    if row["ft_text_kind"] == "paraphrase":
        return f"(paraphrase) {row['ft_gist_en']}"
    return f"(no FT sentence) {row['ft_gist_en']}"


def alignment_table(
    ev: Evidence, kinds: tuple[str, ...] | None = None, findings: bool = True
) -> pd.DataFrame:
    """Every FT sentence beside the article's relay of it, with the change (and the finding)."""
    relay = rows(ev)
    if kinds is not None:
        relay = relay.loc[relay["change_kind"].isin(kinds)]
    table = pd.DataFrame(
        {
            "FT": relay["ft_sentence"].fillna("none").to_numpy(),
            "The FT (via its copies)": [ft_text(r) for _, r in relay.iterrows()],
            "Paragraph": relay["paragraph_id"].to_numpy(),
            "The article": relay["span_ar"].to_numpy(),
            "In English": relay["span_en"].to_numpy(),
            "Change": relay["change_kind"].map(label_of).to_numpy(),
            "Finding": relay["finding_en"].to_numpy(),
        }
    )
    return table if findings else table.drop(columns="Finding")


def label_of(kind: str) -> str:
    return CHANGE_KINDS[kind][0]


def kind_counts(ev: Evidence) -> pd.DataFrame:
    """Rows per change kind, in the vocabulary's order, with the paragraphs concerned."""
    relay = rows(ev)
    table = []
    for kind, (label, *_) in CHANGE_KINDS.items():
        chosen = relay.loc[relay["change_kind"] == kind]
        table.append(
            {
                "Change": label,
                "Rows": len(chosen),
                "Paragraphs": evidence.paragraph_list(chosen["paragraph_id"]) or "none",
            }
        )
    return pd.DataFrame(table)


NO_PAGE = "—"


def copies(ev: Evidence) -> pd.DataFrame:
    """The pages the FT was read through, with what each gives and how many rows use it.

    Rows for paragraphs that neither copy covers rest on no page: their Page is a dash, not
    the page of a copy that does not hold them.
    """
    relay = rows(ev)
    grouped = relay.groupby(["source_name", "source_url"], sort=False)
    return pd.DataFrame(
        [
            {
                "Cited as": name,
                "Page": NO_PAGE if (group["ft_text_kind"] == "none").all() else url,
                "FT sentences": ", ".join(dict.fromkeys(group["ft_sentence"].dropna())) or "none",
                "Rows": len(group),
            }
            for (name, url), group in grouped
        ]
    )


# --------------------------------------------------------------------------- the figure

LEFT_LABEL, NODE, LINK_END, PARAGRAPH, CHANGE, RIGHT = 1.45, 1.6, 4.35, 4.45, 5.05, 10.0


def layout(ev: Evidence) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One line per relay row (top to bottom in article order) and one node per FT sentence."""
    relay = rows(ev)
    relay["y"] = -relay.index.to_numpy(dtype=float)
    relay["node"] = relay["ft_sentence"].fillna("none")
    nodes = relay.groupby("node", sort=False).agg(
        y=("y", "mean"), text_kind=("ft_text_kind", "first")
    )
    return relay, nodes


def draw_alignment(ev: Evidence):
    """FT sentences on the left, the article's spans (by paragraph) on the right, a line per row
    drawn by change kind; each row also names its change in words."""
    import matplotlib.pyplot as plt

    relay, nodes = layout(ev)
    fig, ax = plt.subplots(figsize=(7.0, 0.26 * len(relay) + 1.4))
    shade_paragraphs(ax, relay)
    for row in relay.itertuples():
        label, colour, dashes, width = CHANGE_KINDS[row.change_kind]
        ax.plot(
            [NODE, LINK_END],
            [nodes.loc[row.node, "y"], row.y],
            color=style.PALETTE[colour],
            linestyle=dashes,
            linewidth=width,
            solid_capstyle="butt",
        )
        ax.text(
            CHANGE, row.y, label, ha="left", va="center", fontsize=8, color=style.PALETTE[colour]
        )
        ax.text(RIGHT, row.y, figtext.ar(row.label_ar), ha="right", va="center", fontsize=9)
    for paragraph, group in relay.groupby("paragraph_id"):
        ax.text(PARAGRAPH, group["y"].max(), paragraph, ha="left", va="center", fontsize=8.5)
    for node, spec in nodes.iterrows():
        ax.plot([NODE], [spec["y"]], marker="o", markersize=4, color=style.PALETTE["ink"])
        text = node if node != "none" else "none in\neither copy"
        ax.text(LEFT_LABEL, spec["y"], text, ha="right", va="center", fontsize=8.5)
    group_headers(ax, nodes)
    ax.text(LEFT_LABEL, 1.4, "Financial Times", ha="right", va="bottom", fontweight="bold")
    ax.text(RIGHT, 1.4, "The article", ha="right", va="bottom", fontweight="bold")
    ax.text(PARAGRAPH, 1.4, "Paragraph, change", ha="left", va="bottom", fontsize=8.5)
    ax.set_xlim(-0.1, RIGHT + 0.1)
    ax.set_ylim(relay["y"].min() - 0.8, 2.3)
    ax.set_axis_off()
    return fig


def shade_paragraphs(ax, relay: pd.DataFrame) -> None:
    """A light band behind every other paragraph's rows, so each paragraph reads as a block."""
    for number, (_, group) in enumerate(relay.groupby("paragraph_id")):
        if number % 2 == 0:
            ax.axhspan(
                group["y"].min() - 0.5,
                group["y"].max() + 0.5,
                xmin=(PARAGRAPH - 0.1 + 0.1) / (RIGHT + 0.2),
                color=style.PALETTE["grid"],
                alpha=0.45,
                linewidth=0,
            )


def group_headers(ax, nodes: pd.DataFrame) -> None:
    """Bracket the FT sentences of each copy, and name the copy along the bracket."""
    for kind in ("verbatim", "paraphrase"):
        chosen = nodes.loc[nodes["text_kind"] == kind]
        if chosen.empty:
            continue
        top, bottom = chosen["y"].max() + 0.3, chosen["y"].min() - 0.3
        ax.plot([0.62, 0.62], [bottom, top], color=style.PALETTE["frame"], linewidth=1)
        ax.text(
            0.45,
            (top + bottom) / 2,
            TEXT_KINDS[kind],
            ha="right",
            va="center",
            rotation=90,
            fontsize=8,
            color=style.PALETTE["muted"],
        )
