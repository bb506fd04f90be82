"""The actors: who is in the story, who is whose counterpart, where the article is loose.

Computed from the article tables (actors, mentions, channels) and, for the record around
them and for corrections, from the context tables; the chapter "Actors" only calls these
functions and shows their results. Channel actions use the vocabulary of
:mod:`article_evidence.model`; this module says them in the edition's language, with the
glossary's words for states and sides (``state_<action>``, ``side_<side>``).
"""

from __future__ import annotations

import re

import pandas as pd

from article_evidence import dates, evidence, figtext, model, sourcing, style
from article_evidence.evidence import Evidence
from article_evidence.language import N_, SOURCE_LANGUAGE, data_text, resolve, term, tr

# Person-to-person channels of the article, drawn as counterpart pairs (the others are
# institutional), and the context channels drawn beside them: the DPCT is where Chase's formal
# counterpart sits, a post the article never names.
PAIR_CHANNELS = ("leaders", "ministers", "chiefs", "theater", "attache")
CONTEXT_PAIRS = {
    "dpct": ("chase", N_("Deputy director, PLA Office for International Military Cooperation")),
}
PUBLICATION_FACT = "ft_report_date"  # the record "before publication" ends on this day
RECORD_WIDTH = 95  # characters per line of the record under a pair
RECORD_SEPARATOR = " · "
RECORD_LINE_HEIGHT = 0.15  # figure units per extra line of record under a pair
DISMISSED_ACTOR = "li_shangfu"
# Days the chapter counts: China's refusal of the Austin–Wei call (announced 7 February 2023)
# to Chase's arrival in Taiwan; the age of his post on that day.
REFUSAL_FACT = "balloon_call_declined"
TRIP_FACT = "chase_in_taiwan"
POST_FACT = "dasd_china_created"

# One phrase per action of model.ACTION_SIDES: {state} is the glossary's word for the state
# the action leaves (``state_<action>``), {side} who acts (:func:`side_text`). A phrase that is
# only "{state}" has no words of its own to translate.
ACTION_EN = {
    "cut": N_("{state} by {side}"),
    "declined": N_("{state} by {side}"),
    "vacant": N_("no counterpart: {state}"),
    "appointed": "{state}",
    "sought": N_("contact {state} by {side}"),
    "proposed": N_("{state} by {side}"),
    "agreed": N_("agreed by {side}"),
    "negotiating": N_("under negotiation"),
    "met": "{state}",
    "spoke": N_("spoke ({state})"),
    "met_other": "{state}",
    "open": N_("open"),
}
# An action whose words differ with who takes it: an Arabic verb agrees with its subject
# (اتفق عليه الجانبان، وافقت عليه الصين), so China alone agreeing has a phrase of its own.
ACTION_BY_SIDE_EN = {("agreed", "china"): N_("accepted by {side}")}
# The record before the report names who took part and the kind of contact, so no mark under a
# pair reads as that pair's own contact: one phrase per (fact, channel) of
# :func:`record_before_publication`. Each phrase must say what its row's action says (see
# RECORD_WORDS); a row with no phrase, or a phrase that says another action, is refused.
RECORD_EN = {
    ("summit_date", "leaders"): N_("Biden–Xi met"),
    ("austin_wei_meeting", "ministers"): N_("Austin–Wei met"),
    ("balloon_call_sought", "ministers"): N_("Austin–Wei call sought by the US"),
    ("balloon_call_declined", "ministers"): N_("Austin–Wei call declined by China"),
    ("austin_li_declined", "ministers"): N_("Austin–Li meeting declined by China"),
    ("li_removed_date", "ministers"): N_("Li removed: post vacant"),
    ("milley_li_call", "chiefs"): N_("Milley–Li Zuocheng call"),
    ("aquilino_requests", "theater"): N_("Aquilino's talks with the theater commanders sought"),
    ("aquilino_still_asking", "theater"): N_("Aquilino's call with his counterparts sought"),
    ("china_countermeasures", "theater"): N_("theater-commander talks cut by China"),
    ("austin_wei_theater", "theater"): N_("Aquilino–commanders meeting agreed by Austin–Wei"),
    ("aquilino_xu_fiji", "theater"): N_("Aquilino–Xu Qiling met (another level)"),
    ("summit_agreed", "theater"): N_("theater-commander calls agreed at the summit"),
    ("china_countermeasures", "dpct"): N_("DPCT cut by China"),
    ("summit_agreed", "dpct"): N_("DPCT's resumption agreed at the summit"),
}
# What a phrase must contain, per action: a contact of the channel's own level is a meeting or
# a call (``met`` counts both; ``spoke`` is a call). Checked on the English, the data's language.
RECORD_WORDS = {
    "cut": ("cut",),
    "declined": ("declined",),
    "vacant": ("vacant",),
    "appointed": ("named",),
    "sought": ("sought",),
    "proposed": ("proposed",),
    "agreed": ("agreed",),
    "negotiating": ("negotiat",),
    "met": ("met", "call"),
    "spoke": ("call",),
    "met_other": ("another level",),
    "open": ("open",),
}
# A record fact held at less than medium-high confidence says so where it is drawn.
CONFIDENCE_EN = {"medium": N_("one later report, medium confidence")}
# The data's confidence levels, shown in the tables (in English as the data writes them).
CONFIDENCE_LEVELS = {
    "high": N_("high"),
    "medium-high": N_("medium-high"),
    "medium": N_("medium"),
}
# The kinds of correction (corrections.kind), shown in English as the data writes them.
CORRECTION_KINDS = {
    "wrong": N_("wrong"),
    "loose": N_("loose"),
    "unsupported": N_("unsupported"),
    "clarification": N_("clarification"),
}
# A state the palette does not name is drawn in the colour of the state it is a kind of.
STATE_COLOUR = {"spoke": "met"}
# Who acts, around the glossary's word for the side: English needs an article before "US".
SIDE_EN = {"us": N_("the {side}"), "china": "{side}", "both": "{side}"}
# Whose error a correction is (corrections.error_of).
ERROR_OF_EN = {
    "relay": N_("the Arabic relay's: the FT has it right"),
    "ft": N_("the FT's: the relay kept it"),
    "not_checkable": N_("not checkable here: the FT copies stop before it"),
    "none": N_("no error: the record adds precision"),
}
TEXT_EN = {
    "united_states": N_("United States"),
    "china": N_("China"),
    "vacant": N_("(post vacant; formerly {name})"),
    "context_mark": N_("context: "),
    "context_pair": N_("Chase's formal counterpart (DPCT; context, not in the article)"),
    "record_note": N_(
        "Text in brown under a line: what China or both sides did on that channel before the "
        "FT report (context, not in the article)."
    ),
    "title_article": N_("the article ({paragraph})"),
    "title_context": N_("context: {source}"),
    "record_item": N_("{what}, {when}"),
    "record_hedged": N_("{what} ({hedge})"),
    "two_sources": N_("{first}; {second}"),
}
PLACEHOLDER = re.compile(r"\{\w+\}")


def say(template: str, language: str | None = None, **values: str) -> str:
    """``template`` in the language, its placeholders filled after translation; a template
    that is only placeholders has no words to translate."""
    has_words = PLACEHOLDER.sub("", template).strip()
    return (tr(template, language) if has_words else template).format(**values)


def side_text(side: str, language: str | None = None) -> str:
    """Who acts, in a phrase: the glossary's word for the side ("the US", "China")."""
    return say(SIDE_EN[side], language, side=term("side_" + side, language))


def action_text(action: str, side: str, language: str | None = None) -> str:
    """An action, with who takes it where that is not already plain."""
    if action not in model.ACTION_SIDES:
        raise ValueError(f"unknown channel action {action!r}: see article_evidence/model.py")
    state = term("state_" + action, language)
    phrase = ACTION_BY_SIDE_EN.get((action, side), ACTION_EN[action])
    return say(phrase, language, state=state, side=side_text(side, language))


def paragraph_list(ids, language: str | None = None) -> str:
    """Paragraph ids, each once, in article order, joined as the language writes a list
    ("P02, P09"; Arabic "P02، P09")."""
    return tr(N_(", "), language).join(sorted(set(ids)))


def paragraphs_mentioning(ev: Evidence, language: str | None = None) -> pd.Series:
    """For each actor, the paragraphs that refer to it by name, title or pronoun."""
    return ev.mentions.groupby("actor_id")["paragraph_id"].agg(paragraph_list, language=language)


def title_sources(ev: Evidence, language: str | None = None) -> pd.Series:
    """Where each actor's title comes from: the article, or the outside fact that gives it."""
    facts = ev.context_facts.set_index("fact_id")["source_name"]

    def source(fact_id: str) -> str:
        return data_text("context_facts", "source_name", fact_id, facts[fact_id], language)

    return pd.Series(
        [
            say(TEXT_EN["title_context"], language, source=source(row.title_fact_id))
            if pd.notna(row.title_fact_id)
            else say(TEXT_EN["title_article"], language, paragraph=row.paragraph_id)
            if pd.notna(row.title_en)
            else ""
            for row in ev.actors.itertuples()
        ],
        index=ev.actors.index,
    )


def actor_side(side: str, language: str | None = None) -> str:
    """An actor's side as the actor table shows it: the data's own code in English (us, uk,
    unknown), the glossary's word in Arabic."""
    return side if resolve(language) == SOURCE_LANGUAGE else term("side_" + side, language)


def data_column(frame: pd.DataFrame, table: str, key: str, column: str, language) -> list:
    """A data table's English text column in the language, cell by cell (by the row's key)."""
    return [
        data_text(table, column, k, text, language)
        for k, text in zip(frame[key], frame[column], strict=True)
    ]


def actor_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """People and institutions: the article's Arabic name, the book's name, and where."""
    actors = ev.actors
    frame = actors.assign(
        paragraphs=actors["actor_id"].map(paragraphs_mentioning(ev, language)),
        title_from=title_sources(ev, language),
        name_en=data_column(actors, "actors", "actor_id", "name_en", language),
        title_en=data_column(actors, "actors", "actor_id", "title_en", language),
        role_en=data_column(actors, "actors", "actor_id", "role_en", language),
        side=[actor_side(side, language) for side in actors["side"]],
    )
    frame = frame[["name_ar", "name_en", "title_en", "title_from", "side", "role_en", "paragraphs"]]
    return frame.rename(
        columns={
            "name_ar": tr("As the article writes it", language),
            "name_en": tr("Name", language),
            "title_en": tr("Title", language),
            "title_from": tr("Title from", language),
            "side": tr("Side", language),
            "role_en": tr("Role in the article", language),
            "paragraphs": tr("Paragraphs", language),
        }
    ).fillna("")


def corrections(ev: Evidence) -> pd.DataFrame:
    """Where the record corrects or sharpens the article, whose error it is (in English), and
    the outside source (and second source, where there is one) for each."""
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
            "correction_id",
            "fact_id",
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


def counterpart_pairs(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Each person-to-person channel: US party, Chinese party (if any), the article's state
    at publication and the side that holds it (``state_text``: both said in the language)."""
    names = ev.actors.set_index("actor_id")["name_ar"]
    pairs = ev.channels.set_index("channel_id").loc[list(PAIR_CHANNELS)].reset_index()
    pairs["us_ar"] = pairs["us_actor_id"].map(names)
    pairs["china_ar"] = pairs["china_actor_id"].map(names)
    pairs["state_text"] = [
        action_text(action, side, language)
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
            "state_text",
            "paragraph_id",
            "evidence_ar",
        ]
    ]


def publication(ev: Evidence):
    """The day of the FT report the article relays (context)."""
    return ev.context_facts.set_index("fact_id").loc[PUBLICATION_FACT, "start"]


def record_before_publication(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """Context facts that act on a pair's channel (or a context pair's) and began before
    the FT report: the record the article's counterparts stood in, oldest first. The action,
    the contact and the date are said in the language (``action_text``, ``contact_text``,
    ``when``)."""
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
    frame["action_text"] = [action_text(action, side, language) for action, side in actions]
    frame["contact_text"] = [record_phrase(r, language) for r in frame.itertuples()]
    frame["when"] = [
        dates.interval_text(r.start, r.end, r.precision, language) for r in frame.itertuples()
    ]
    return evidence.check_provenance(frame.drop(columns="order"))


def record_phrase(row, language: str | None = None) -> str:
    """Who took part in a record row and the kind of contact, checked (in English) against its
    action, then said in the language."""
    key = (row.fact_id, row.channel_id)
    if key not in RECORD_EN:
        raise ValueError(
            f"data/context_facts.csv: fact {row.fact_id!r} acts on channel {row.channel_id!r} "
            "before the report but has no phrase naming who took part: add one to "
            "actors.RECORD_EN"
        )
    phrase = RECORD_EN[key]
    words = RECORD_WORDS.get(row.channel_action, ())
    if not any(word in phrase for word in words):
        raise ValueError(
            f"data/context_facts.csv: fact {row.fact_id!r} has channel_action "
            f"{row.channel_action!r}, but its phrase {phrase!r} says none of {words}: "
            "correct actors.RECORD_EN or the data"
        )
    said = tr(phrase, language)
    hedge = CONFIDENCE_EN.get(row.confidence)
    if not hedge:
        return said
    return say(TEXT_EN["record_hedged"], language, what=said, hedge=tr(hedge, language))


def record_items(record: pd.DataFrame, channel: str, language: str | None = None) -> list[str]:
    """What China or both sides did on ``channel`` before the report, one item per row;
    ``record`` is :func:`record_before_publication` in the same language."""
    rows = record.loc[(record["channel_id"] == channel) & (record["channel_side"] != "us")]
    return [
        say(
            TEXT_EN["record_item"],
            language,
            what=r.contact_text,
            when=dates.format_month(r.start, language),
        )
        for r in rows.itertuples()
    ]


def record_line(
    record: pd.DataFrame, channel: str, width: int = RECORD_WIDTH, language: str | None = None
) -> str:
    """The items of :func:`record_items` after the context mark, wrapped between items to
    lines of at most ``width`` characters (an item longer than that keeps its own line)."""
    items = record_items(record, channel, language)
    if not items:
        return ""
    lines = [tr(TEXT_EN["context_mark"], language) + items[0]]
    for item in items[1:]:
        if len(lines[-1]) + len(RECORD_SEPARATOR) + len(item) <= width:
            lines[-1] += RECORD_SEPARATOR + item
        else:
            lines.append(item)
    return "\n".join(lines)


def counterpart_table(
    ev: Evidence, dismissed_actor: str = DISMISSED_ACTOR, language: str | None = None
) -> pd.DataFrame:
    """The pairs as the article gives them: a vacant post says so and names who held it."""
    pairs = counterpart_pairs(ev, language)
    dismissed = ev.actors.set_index("actor_id").loc[dismissed_actor, "name_ar"]
    china = pairs["china_ar"].fillna(say(TEXT_EN["vacant"], language, name=dismissed))
    return pd.DataFrame(
        {
            tr("United States", language): pairs["us_ar"],
            tr("China", language): china,
            tr("At publication (the article)", language): pairs["state_text"],
            tr("Paragraph", language): pairs["paragraph_id"],
            tr("The article", language): pairs["evidence_ar"],
        }
    )


def channel_names(ev: Evidence, language: str | None = None) -> pd.Series:
    """channel_id -> the channel's name, for the article's channels and the context ones."""
    names = {}
    for table in ("channels", "context_channels"):
        frame = ev.tables[table]
        for key, english in zip(frame["channel_id"], frame["name_en"], strict=True):
            names[key] = data_text(table, "name_en", key, english, language)
    return pd.Series(names)


def record_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The record before the report, channel by channel, as shown to readers (context)."""
    record = record_before_publication(ev, language)
    return pd.DataFrame(
        {
            tr("Channel", language): record["channel_id"].map(channel_names(ev, language)),
            tr("When", language): record["when"],
            tr("What happened", language): record["contact_text"],
            tr("The record", language): data_column(
                record, "context_facts", "fact_id", "fact_en", language
            ),
            tr("Source", language): data_column(
                record, "context_facts", "fact_id", "source_name", language
            ),
            tr("Address", language): record["source_url"],
            tr("Confidence", language): [
                tr(CONFIDENCE_LEVELS[level], language) for level in record["confidence"]
            ],
        }
    )


def corrections_table(ev: Evidence, language: str | None = None) -> pd.DataFrame:
    """The corrections as shown to readers, plain headers."""
    frame = corrections(ev)
    frame["whose_error"] = [tr(ERROR_OF_EN[e], language) for e in frame["error_of"]]
    frame["kind"] = [tr(CORRECTION_KINDS[kind], language) for kind in frame["kind"]]
    frame["confidence"] = [tr(CONFIDENCE_LEVELS[c], language) for c in frame["confidence"]]
    for column in ("article_says_en", "record_en"):
        frame[column] = data_column(frame, "corrections", "correction_id", column, language)
    for column in ("source_name", "alt_source_name"):
        frame[column] = data_column(frame, "context_facts", "fact_id", column, language)
    also = frame["alt_source_name"].notna()
    frame.loc[also, "source_name"] = [
        say(TEXT_EN["two_sources"], language, first=first, second=second)
        for first, second in zip(
            frame.loc[also, "source_name"], frame.loc[also, "alt_source_name"], strict=True
        )
    ]
    frame.loc[also, "source_url"] = frame["source_url"] + " ; " + frame["alt_source_url"]
    columns = ["correction_id", "fact_id", "error_of", "alt_source_name", "alt_source_url"]
    return frame.drop(columns=columns).rename(
        columns={
            "paragraph": tr("Paragraph", language),
            "evidence_ar": tr("The article", language),
            "kind": tr("Kind", language),
            "article_says_en": tr("The article says", language),
            "record_en": tr("The record", language),
            "whose_error": tr("Whose error", language),
            "source_name": tr("Source", language),
            "source_url": tr("Address", language),
            "confidence": tr("Confidence", language),
        }
    )


def numbers(ev: Evidence, language: str | None = None) -> dict[str, str]:
    """Values the chapter's prose quotes, computed here (glued into the text): counts in
    Western digits and paragraph ids, the same in both editions but for sourcing's words."""
    unnamed = {"unnamed_people", "unnamed_official", "officials_group", "experts"}
    errors = ev.corrections["error_of"].value_counts()
    precision_only = ev.corrections.loc[ev.corrections["error_of"] == "none", "paragraph_id"]
    sources = sourcing.numbers(ev, language)
    return {
        "actors": str(len(ev.actors)),
        "unnamed_sources": str(ev.actors["source_kind"].isin(unnamed).sum()),
        "pairs": str(len(PAIR_CHANNELS)),
        "corrections": str(len(ev.corrections)),
        "errors_relay": str(errors.get("relay", 0)),
        "errors_ft": str(errors.get("ft", 0)),
        "errors_not_checkable": str(errors.get("not_checkable", 0)),
        "errors_none": str(errors.get("none", 0)),
        "errors_none_paragraphs": paragraph_list(precision_only, language),
        "claims": sources["claims"],
        "claims_unnamed": sources["claims_unnamed"],
        "refusal_to_trip_days": str(days_between(ev, REFUSAL_FACT, "end", TRIP_FACT, "start")),
        "post_age_under_years": str(post_age_under_years(ev)),
    }


def fact_day(ev: Evidence, fact_id: str, column: str):
    return dates.to_date(ev.context_facts.set_index("fact_id").loc[fact_id, column])


def days_between(ev: Evidence, first: str, first_column: str, last: str, last_column: str) -> int:
    """Days from one context fact's day to another's (``start`` or ``end`` of each)."""
    return (fact_day(ev, last, last_column) - fact_day(ev, first, first_column)).days


def post_age_under_years(ev: Evidence) -> int:
    """The whole number of years the DASD-for-China post had not yet reached on the day Chase
    arrived in Taiwan, counted from the earliest day it may have been created."""
    created, arrived = fact_day(ev, POST_FACT, "start"), fact_day(ev, TRIP_FACT, "start")
    return dates.span_in_months(created, arrived).years + 1


def glue_values(ev: Evidence, language: str | None = None) -> None:
    """Make :func:`numbers` available to the chapter's ``{glue:text}`` roles."""
    from article_evidence.glue import glue_all

    glue_all(numbers(ev, language))


def draw_counterparts(
    ev: Evidence, dismissed_actor: str = DISMISSED_ACTOR, language: str | None = None
):
    """US people on the left, their Chinese counterparts on the right, a line per channel
    coloured by the article's state at publication; under it, in the context colour, what
    China or both sides had done on it before (context); last, Chase's formal counterpart,
    a context pair the article does not name. Every text goes through figtext.ar()."""
    import matplotlib.pyplot as plt

    ar = figtext.ar
    pairs = counterpart_pairs(ev, language)
    record = record_before_publication(ev, language)
    names = ev.actors.set_index("actor_id")["name_ar"]
    channels = [*pairs["channel_id"], *CONTEXT_PAIRS]
    lines = {c: record_line(record, c, language=language) for c in channels}
    # Each pair takes one unit of height, and each line of record under it a little more.
    heights = [1.0 + RECORD_LINE_HEIGHT * max(lines[c].count("\n"), 0) for c in channels]
    top = sum(heights)
    ys = [top - sum(heights[:i]) for i in range(len(channels))]
    fig, ax = plt.subplots(figsize=(7.0, 0.95 * top + 1.0))
    for y, pair in zip(ys, pairs.itertuples(), strict=False):
        state = pair.state_at_publication
        colour = style.PALETTE[STATE_COLOUR.get(state, state)]
        vacant = pd.isna(pair.china_ar)
        right = names[dismissed_actor] if vacant else pair.china_ar
        ax.plot(
            [0.3, 0.7], [y, y], color=colour, linewidth=3, linestyle=(0, (2, 2)) if vacant else "-"
        )
        ax.text(0.28, y, ar(pair.us_ar), ha="right", va="center", color=style.PALETTE["us"])
        ax.text(
            0.72,
            y,
            ar(right),
            ha="left",
            va="center",
            color=style.PALETTE["muted"] if vacant else style.PALETTE["china"],
        )
        ax.text(
            0.5, y + 0.14, ar(pair.state_text), ha="center", va="bottom", fontsize=9, color=colour
        )
        draw_record(ax, y, lines[pair.channel_id])
    for y, (channel, (us_actor, china_en)) in zip(
        ys[len(pairs) :], CONTEXT_PAIRS.items(), strict=True
    ):
        outside = style.PALETTE["outside"]
        china = ar(tr(china_en, language))
        ax.plot([0.3, 0.7], [y, y], color=outside, linewidth=2, linestyle=(0, (1, 1.5)))
        ax.text(0.28, y, ar(names[us_actor]), ha="right", va="center", color=outside)
        ax.text(0.72, y, china, ha="left", va="center", fontsize=8, color=outside, wrap=True)
        ax.text(
            0.5,
            y + 0.14,
            ar(tr(TEXT_EN["context_pair"], language)),
            ha="center",
            va="bottom",
            fontsize=8,
            color=outside,
        )
        draw_record(ax, y, lines[channel])
    rows = top
    ax.set_xlim(-0.15, 1.15)
    ax.set_ylim(0.2, rows + 0.8)
    united_states, china = (ar(tr(TEXT_EN[k], language)) for k in ("united_states", "china"))
    ax.text(0.28, rows + 0.55, united_states, ha="right", fontweight="bold")
    ax.text(0.72, rows + 0.55, china, ha="left", fontweight="bold")
    ax.text(
        0.5,
        0.25,
        ar(tr(TEXT_EN["record_note"], language)),
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
            figtext.ar(line),
            ha="center",
            va="top",
            fontsize=7.5,
            color=style.PALETTE["outside"],
        )


def draw_mentions(ev: Evidence, language: str | None = None):
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
    ax.set_xticks(range(matrix.shape[1]), [figtext.ar(p) for p in matrix.columns], rotation=90)
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
    ax.set_xlabel(figtext.ar(tr("Paragraph", language)))
    ax.grid(False)
    return fig
