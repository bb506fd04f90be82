"""From the FT to the Arabic: what the relay kept, changed, added and dropped.

The article retells a *Financial Times* report. ``data/relay.csv`` sets each FT sentence, as two
copies of the FT page give it, beside the article's words for it, with a change kind. The
chapter "From the FT to the Arabic" only calls these functions and shows their results.

Both editions show the FT's verbatim words in English, as the FT wrote them, and the article's
Arabic as it is; every other word is said in the edition's language. The Arabic edition follows
each quotation of the FT with its meaning in Arabic, as its prose does: the translation of
``relay.ft_quote_en`` in ``data.po`` is that gloss, never shown as the FT's words.
"""

from __future__ import annotations

import pandas as pd

from article_evidence import evidence, figtext, style
from article_evidence.evidence import Evidence
from article_evidence.language import N_, data_text, term, tr
from article_evidence.language import resolve as language_of
from article_evidence.tables import listed

# The change vocabulary (the schema's enum), in the order a reader should weigh it:
# English label, palette colour, line style and width in the alignment figure.
CHANGE_KINDS = {
    "scope_changed": (N_("scope changed"), "cut", "-", 2.6),
    "softened": (N_("softened"), "negotiating", "-", 2.6),
    "rank_or_name_changed": (N_("rank or name changed"), "restored", (0, (6, 1.5)), 2.4),
    "term_changed": (N_("term changed"), "sought", (0, (4, 1.5)), 2.0),
    "omitted": (N_("omitted"), "agreed", (0, (1, 1.2)), 2.2),
    "not_in_copies": (N_("not in the FT copies"), "outside", (0, (3, 1.5, 1, 1.5)), 2.0),
    "faithful": (N_("faithful"), "open", "-", 1.2),
    "not_checkable": (N_("not checkable"), "muted", (0, (1, 2.5)), 1.2),
}
CHANGED = ("scope_changed", "softened", "rank_or_name_changed", "term_changed", "omitted")
TEXT_KINDS = {
    "verbatim": N_("verbatim copy"),
    "paraphrase": N_("reworded copy (paraphrase)"),
    "none": N_("neither copy"),
}
NONE = N_("none")  # no paragraph
NO_SENTENCE = "—"  # no FT sentence: a dash, as for no page (a word would read "nothing")
FT_TEXT = {
    "verbatim": '"{text}"',  # the FT's own words, quoted as the FT wrote them
    "paraphrase": N_("(paraphrase) {text}"),
    "none": N_("(no FT sentence) {text}"),
}
# Another edition quotes the FT's words in English and says what they mean in its language.
GLOSSED = N_('"{text}" (that is: {gloss})')
FIGURE_EN = {
    "no_sentence": N_("none in\neither copy"),
    "article": N_("The article"),
    "paragraph_change": N_("Paragraph, change"),
}


def rows(ev: Evidence) -> pd.DataFrame:
    """The relay table in article order (paragraph, then file order), provenance checked."""
    relay = ev.relay.copy()
    relay["order"] = range(len(relay))
    relay = relay.sort_values(["paragraph_id", "order"], kind="stable", ignore_index=True)
    relay["provenance"] = ev.relay.attrs["provenance"]
    evidence.check_provenance(relay)
    return relay.drop(columns=["order", "provenance"])


def relay_text(row, column: str, language: str | None = None) -> str:
    """A relay row's English text cell (``DATA_TEXT``) in the language."""
    return data_text("relay", column, row["relay_id"], row[column], language)


def ft_text(row, language: str | None = None) -> str:
    """What the FT says, as readers see it: a quotation only where the words are verbatim,
    and then in the FT's English in both editions (in the Arabic edition followed by its
    meaning); otherwise the book's gist of it."""
    kind = row["ft_text_kind"]
    if kind == "verbatim":
        quote = row["ft_quote_en"]
        if language_of(language) == "en":
            return FT_TEXT[kind].format(text=quote)
        gloss = relay_text(row, "ft_quote_en", language)
        return tr(GLOSSED, language).format(text=quote, gloss=gloss)
    gist = relay_text(row, "ft_gist_en", language)
    return tr(FT_TEXT[kind], language).format(text=gist)


def alignment_table(
    ev: Evidence,
    kinds: tuple[str, ...] | None = None,
    findings: bool = True,
    language: str | None = None,
) -> pd.DataFrame:
    """Every FT sentence beside the article's relay of it, with the change (and the finding).

    The Arabic edition leaves out "In English", the book's English for the article's words:
    put back into Arabic it would only repeat the article's Arabic beside it."""
    relay = rows(ev)
    if kinds is not None:
        relay = relay.loc[relay["change_kind"].isin(kinds)]
    records = [row for _, row in relay.iterrows()]
    table = pd.DataFrame(
        {
            tr("FT", language): relay["ft_sentence"].fillna(NO_SENTENCE).to_numpy(),
            tr("The FT (via its copies)", language): [ft_text(r, language) for r in records],
            tr("Paragraph", language): relay["paragraph_id"].to_numpy(),
            tr("The article", language): relay["span_ar"].to_numpy(),
            tr("In English", language): relay["span_en"].to_numpy(),
            tr("Change", language): [label_of(k, language) for k in relay["change_kind"]],
            tr("Finding", language): [relay_text(r, "finding_en", language) for r in records],
        }
    )
    if language_of(language) != "en":
        table = table.drop(columns=tr("In English", language))
    return table if findings else table.drop(columns=tr("Finding", language))


def label_of(kind: str, language: str | None = None) -> str:
    return tr(CHANGE_KINDS[kind][0], language)


def kind_counts(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Rows per change kind, in the vocabulary's order, with the paragraphs concerned."""
    relay = rows(ev)
    table = []
    for kind in CHANGE_KINDS:
        chosen = relay.loc[relay["change_kind"] == kind]
        paragraphs = listed(sorted(set(chosen["paragraph_id"])), language)
        table.append(
            {
                tr("Change", language): label_of(kind, language),
                tr("Rows", language): len(chosen),
                tr("Paragraphs", language): paragraphs or tr(NONE, language),
            }
        )
    return pd.DataFrame(table)


NO_PAGE = "—"


def copies(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The pages the FT was read through, with what each gives and how many rows use it.

    Rows for paragraphs that neither copy covers rest on no page: their Page is a dash, not
    the page of a copy that does not hold them.
    """
    relay = rows(ev)
    grouped = relay.groupby(["source_name", "source_url"], sort=False)
    return pd.DataFrame(
        [
            {
                # one name per copy: the first row citing it says it for all
                tr("Cited as", language): relay_text(group.iloc[0], "source_name", language),
                tr("Page", language): NO_PAGE if (group["ft_text_kind"] == "none").all() else url,
                tr("FT sentences", language): listed(
                    dict.fromkeys(group["ft_sentence"].dropna()), language
                )
                or NO_SENTENCE,
                tr("Rows", language): len(group),
            }
            for (_, url), group in grouped
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


def draw_alignment(ev: Evidence, language: str | None = None):
    """FT sentences on the left, the article's spans (by paragraph) on the right, a line per row
    drawn by change kind; each row also names its change in words. Every text goes through
    figtext.ar(); FT sentence and paragraph ids (F1, P07) stay ids in both editions."""
    import matplotlib.pyplot as plt

    ar = figtext.ar

    relay, nodes = layout(ev)
    fig, ax = plt.subplots(figsize=(7.0, 0.26 * len(relay) + 1.4))
    shade_paragraphs(ax, relay)
    for row in relay.itertuples():
        _, colour, dashes, width = CHANGE_KINDS[row.change_kind]
        label = ar(label_of(row.change_kind, language))
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
        ax.text(RIGHT, row.y, ar(row.label_ar), ha="right", va="center", fontsize=9)
    for paragraph, group in relay.groupby("paragraph_id"):
        ax.text(PARAGRAPH, group["y"].max(), ar(paragraph), ha="left", va="center", fontsize=8.5)
    for node, spec in nodes.iterrows():
        ax.plot([NODE], [spec["y"]], marker="o", markersize=4, color=style.PALETTE["ink"])
        text = node if node != "none" else tr(FIGURE_EN["no_sentence"], language)
        ax.text(LEFT_LABEL, spec["y"], ar(text), ha="right", va="center", fontsize=8.5)
    group_headers(ax, nodes, language)
    headers = [
        (LEFT_LABEL, term("ft", language), "right", {"fontweight": "bold"}),
        (RIGHT, tr(FIGURE_EN["article"], language), "right", {"fontweight": "bold"}),
        (PARAGRAPH, tr(FIGURE_EN["paragraph_change"], language), "left", {"fontsize": 8.5}),
    ]
    for x, text, align, font in headers:
        ax.text(x, 1.4, ar(text), ha=align, va="bottom", **font)
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


def group_headers(ax, nodes: pd.DataFrame, language: str | None = None) -> None:
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
            figtext.ar(tr(TEXT_KINDS[kind], language)),
            ha="right",
            va="center",
            rotation=90,
            fontsize=8,
            color=style.PALETTE["muted"],
        )
