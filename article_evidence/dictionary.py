"""Write the data dictionary, data/README.md, from the Table Schemas in data/datapackage.json.

The schemas are the single description of the data; the dictionary is generated from them so
the two never disagree (a test checks that the committed file is current).

    python -m article_evidence.dictionary          # rewrite data/README.md
"""

from __future__ import annotations

import json
import sys

from article_evidence import evidence, paths

INTRO = """# Data dictionary

The evidence behind the book, as a [Frictionless data package](https://specs.frictionlessdata.io/)
(`datapackage.json`: one Table Schema per CSV file, with types, keys, foreign keys and
constraints). Validate it outside the book with `frictionless validate data/datapackage.json`.
The book's own loader (`article_evidence.evidence`) applies the same schemas plus the rules a
Table Schema cannot express, which are listed at the end of this page.

Four kinds of table, never mixed:

- **Article tables** ({article}): every row cites a paragraph of the article (`paragraph_id`,
  P01 to P17) and quotes the Arabic words it rests on (`evidence_ar`), verbatim.
- **Context tables** ({context}): facts from outside the article, each with a public source and
  a confidence.
- **Relay tables** ({relay}): the article set beside the *Financial Times* report it relays.
  Each row cites both: a paragraph with its verbatim Arabic span, and the page of the FT copy
  it is compared with.
- **Edition tables** ({edition}): not evidence but the Arabic edition's fixed terms, each with
  the article's own spelling (verbatim, with its paragraph) where the article uses the term.

All files are UTF-8 without a byte-order mark, comma-separated, with a header row. Empty cells
are missing values. Licence: {licence}.

This page is generated from `datapackage.json` by `python -m article_evidence.dictionary`.
"""

RULES = """## Rules beyond the Table Schemas

- Each file is a regular file in `data/` (no symbolic link) listed in `datapackage.json`, and
  every CSV file in `data/` is listed. Each holds a header and at least one row, one record per
  line: no line breaks inside values, no blank lines, quotes only around a whole value (a quote
  inside a quoted value is doubled: `""`).
- Each `paragraphs.text_ar` equals its line of `seeds/000_3782c6645462c6f3.txt`, and the article
  file keeps its SHA-256 (recorded in `seeds/000_3782c6645462c6f3.meta.json`).
- `evidence_ar`, `span_ar`, `attribution_ar`, `time_expression_ar` and `name_ar` occur verbatim
  in the paragraph the row cites; every Arabic word of an article table's `label_ar` occurs in
  it.
- Every date is `YYYY-MM-DD`, zero padded, from 1970-01-01 to 31 December of the year after the
  build. In every pair of date columns `…start` and `…end` (`start`/`end`,
  `alt_start`/`alt_end`) the end is not before the start.
- Every URL column (format `uri`) holds an http(s) address.
- No value outside the verbatim Arabic columns holds a bidi control character (U+202A to
  U+202E, U+2066 to U+2069).
- References from a table to its own rows (such as `after_event_id`) form no cycle.
- Every id in a `channel_ids` list is a `channel_id` of `channels.csv` or
  `context_channels.csv` and is listed once; `channel_ids`, `channel_side` and
  `channel_action` are filled together, and the side is one that can take the action (China
  cuts, declines, leaves a post vacant or fills it; the US seeks or proposes; both agree,
  negotiate, meet or speak).
- Every URL column holds an exact page, never an outlet's home page: its path is not empty or
  `/`, unless a query string names the page (a `?p=123` permalink).
- Every paragraph of the article is cited by at least one article or relay row.
- In `relay.csv`: `ft_text_kind` follows `ft_sentence` (F ids `verbatim`, R ids `paraphrase`,
  no id `none`); `ft_quote_en` is filled on verbatim rows and empty on all others (a paraphrase
  is never quoted as the FT's words); a row with no FT sentence is `not_in_copies` or
  `not_checkable`, and `not_in_copies` needs `none`.

## When a file breaks a rule

The build stops before any chapter is executed and its last lines list every problem, one per
line, as `file:line: column N 'name': value '...' breaks rule: ...`, for example:

```text
1 problem(s) in the evidence data:
  - data/events.csv:2: column 12 'end': value '2023-12-1' breaks rule: date must be YYYY-MM-DD, zero padded (e.g. 2023-02-01)
```

A fault in the structure (`datapackage.json`, a missing or unlisted file, a broken quote) is
reported alone, since the rows read past it would only add follow-on errors.
"""  # noqa: E501 (the example is one line of output)


def constraint_text(field: dict) -> str:
    constraints = dict(field.get("constraints", {}))
    parts = ["required" if constraints.pop("required", False) else "optional"]
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints.pop("enum")))
    pattern = constraints.pop("pattern", None)
    if pattern:
        parts.append(evidence.PATTERN_WORDS.get(pattern, f"pattern `{pattern}`"))
    parts += [f"{k} {v}" for k, v in constraints.items()]
    if field.get("format"):
        parts.append(f"format {field['format']}")
    return "; ".join(parts)


def foreign_keys(schema: dict) -> list[str]:
    keys = []
    for key in schema.get("foreignKeys", []):
        target = key["reference"]["resource"] or "(this table)"
        keys.append(f"`{key['fields']}` → `{target}.{key['reference']['fields']}`")
    return keys


def resource_section(resource: dict) -> str:
    schema = resource["schema"]
    lines = [
        f"## `{resource['path']}`: {resource['title']}",
        "",
        resource["description"],
        "",
        f"Primary key: `{schema['primaryKey']}`.",
    ]
    if foreign_keys(schema):
        lines.append("Foreign keys: " + "; ".join(foreign_keys(schema)) + ".")
    lines += ["", "| column | type | constraints | meaning |", "|---|---|---|---|"]
    for field in schema["fields"]:
        cells = [f"`{field['name']}`", field["type"], constraint_text(field), field["description"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def render() -> str:
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    from article_evidence.evidence import (
        ARTICLE_TABLES,
        CONTEXT_TABLES,
        EDITION_TABLES,
        RELAY_TABLES,
    )

    intro = INTRO.format(
        article=", ".join(f"`{t}`" for t in ARTICLE_TABLES),
        context=", ".join(f"`{t}`" for t in CONTEXT_TABLES),
        relay=", ".join(f"`{t}`" for t in RELAY_TABLES),
        edition=", ".join(f"`{t}`" for t in EDITION_TABLES),
        licence=package["licenses"][0]["title"],
    )
    sections = [resource_section(r) for r in package["resources"]]
    return "\n".join([intro, *sections, RULES])


def main() -> int:
    (paths.DATA / "README.md").write_text(render(), encoding="utf-8")
    print("wrote data/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
