"""The book's fixed terms, as readers see them: the glossary table and its counts.

The glossary (data/glossary.csv) gives every recurring term one English and one Arabic form,
and the article's own spelling where the article uses the term. Where the book's Arabic differs
from the article's, the row says why and, where the article is wrong, whose error it is.
"""

from __future__ import annotations

import pandas as pd

from article_evidence.evidence import Evidence
from article_evidence.language import N_, data_text, resolve, tr

# Kinds in the order the table lists them, the names a reader checks first; plural labels, as
# the names of groups (not the column headers of the other tables).
KIND_LABELS = {
    "person": N_("People"),
    "rank": N_("Ranks"),
    "title": N_("Titles"),
    "outlet": N_("Outlets"),
    "organisation": N_("Organisations"),
    "channel": N_("Channels"),
    "state": N_("Channel states"),
    "side": N_("Sides and countries"),
    "source_kind": N_("Kinds of source"),
    "term": N_("Other terms"),
    "month": N_("Months"),
}


def records(ev: Evidence) -> list[dict]:
    """The glossary's rows, missing values as None, in the table's order (kind, then file)."""
    frame = ev.glossary.astype(object).where(ev.glossary.notna(), None)
    order = {kind: i for i, kind in enumerate(KIND_LABELS)}
    rows = frame.to_dict("records")
    return sorted(rows, key=lambda r: order[r["kind"]])  # stable: file order within a kind


def differs(row: dict) -> bool:
    """The book writes the term otherwise than the article does."""
    return bool(row["article_ar"]) and row["article_ar"] != row["ar"]


def glossary_table(
    ev: Evidence, language: str | None = None, only_differences: bool = False
) -> pd.DataFrame:
    """One row per term: kind, English, the book's Arabic, the article's spelling and its
    paragraph, and why the book's Arabic differs."""
    lang = resolve(language)
    rows = []
    for row in records(ev):
        if only_differences and not differs(row):
            continue
        why = data_text("glossary", "correction_en", row["term_id"], row["correction_en"], lang)
        rows.append(
            {
                tr("Kind", lang): tr(KIND_LABELS[row["kind"]], lang),
                tr("English", lang): row["en"],
                tr("The book's Arabic", lang): row["ar"],
                tr("The article writes", lang): row["article_ar"] or "",
                tr("Paragraph", lang): row["paragraph_id"] or "",
                tr("Why the book differs", lang): why or "",
            }
        )
    return pd.DataFrame(rows)


def numbers(ev: Evidence) -> dict[str, int]:
    """Counts the page quotes: terms, terms the article uses, and those the book spells
    otherwise than the article."""
    rows = records(ev)
    return {
        "terms": len(rows),
        "terms_from_article": sum(1 for r in rows if r["article_ar"]),
        "terms_differing": sum(1 for r in rows if differs(r)),
    }


def glue_values(ev: Evidence) -> None:
    from article_evidence.glue import glue_all  # only a notebook needs it

    glue_all(numbers(ev))
