"""Load and validate the evidence tables in ``data/`` (a Frictionless data package).

``load()`` is the only way the book reads its data. It validates everything first, and a bad
file stops with an :class:`EvidenceError` that lists every problem as
``file:line: column N 'name': value '...' breaks rule: ...``. Nothing is dropped or coerced
silently: each table comes back with exactly the rows its file has.

Two kinds of rule apply. The Table Schemas in ``data/datapackage.json`` (types, required
fields, patterns, enums, unique and foreign keys) are checked by the ``frictionless`` library,
so the data can be validated outside the book too (``frictionless validate
data/datapackage.json``). The rules a Table Schema cannot express are checked here: UTF-8
without a byte-order mark, each paragraph equal to its line of the article, every Arabic span
verbatim in the paragraph it cites, start not after end, ;'-separated channel lists, and the
relay table's own rules (an FT quotation only where the FT's words are known verbatim).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from article_evidence import model, paths

ARTICLE_TABLES = ("paragraphs", "actors", "mentions", "claims", "channels", "events", "open_issues")
CONTEXT_TABLES = ("context_facts", "corrections", "context_channels")
# Tables that set the article beside the report it relays: each row cites a paragraph (with a
# verbatim span) and the outside page it is compared with.
RELAY_TABLES = ("relay",)
# Columns whose Arabic text must occur verbatim in the row's cited paragraph.
VERBATIM_COLUMNS = ("evidence_ar", "span_ar", "attribution_ar", "time_expression_ar", "name_ar")
# Columns whose every Arabic word must occur in the cited paragraph (short figure labels).
LABEL_COLUMNS = ("label_ar",)
ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u064B-\u0652\u0670]+")
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """One broken rule, located precisely enough to fix it without searching."""

    path: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        column = f" column {self.column}:" if self.column else ""
        value = "" if self.value is None else f" value {self.value!r}"
        return f"{where}:{column}{value} breaks rule: {self.rule}"


class EvidenceError(ValueError):
    """Raised by :func:`load` when any data file breaks any rule."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the evidence data:\n{listing}")


@dataclass
class Evidence:
    """All tables, as pandas DataFrames, plus the article text and its metadata."""

    tables: dict[str, pd.DataFrame]
    article: dict
    paragraphs_text: dict[str, str] = field(repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.__dict__["tables"][name]
        except KeyError:
            raise AttributeError(name) from None


def relative(path: Path) -> str:
    """Path as shown to readers: relative to the repository, never a machine path."""
    try:
        return path.resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:  # a copy outside the repository, as in the tests
        return f"{path.parent.name}/{path.name}"


# --------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    name: str
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]  # physical line on which each row starts
    schema: dict


def decode(path: Path) -> tuple[str | None, list[Problem]]:
    data = path.read_bytes()
    if data.startswith(BOM):
        return None, [
            Problem(
                relative(path),
                1,
                "1",
                "U+FEFF",
                "file must not start with a byte-order mark (save as UTF-8 without BOM)",
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        bad = data[err.start : err.end].hex(" ")
        return None, [
            Problem(relative(path), line, str(column), f"bytes {bad}", "file must be UTF-8")
        ]


def read_table(name: str, path: Path, schema: dict, text: str) -> RawTable:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, lines, previous_end = [], [], reader.line_num
    for values in reader:
        lines.append(previous_end + 1)
        previous_end = reader.line_num
        rows.append(dict(zip(header, values, strict=False)))
    return RawTable(name, path, header, rows, lines, schema)


def read_package(data_dir: Path) -> tuple[dict, dict[str, RawTable], list[Problem]]:
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables, problems = {}, []
    for resource in descriptor["resources"]:
        path = data_dir / resource["path"]
        text, found = decode(path)
        problems += found
        if text is not None:
            tables[resource["name"]] = read_table(resource["name"], path, resource["schema"], text)
    return descriptor, tables, problems


# --------------------------------------------------------------------------- schema rules


def schema_problems(data_dir: Path, tables: dict[str, RawTable]) -> list[Problem]:
    """Table Schema rules, checked by frictionless and located by line and column."""
    from frictionless import Package  # imported here: only validation needs it

    package = Package(str(data_dir / "datapackage.json"))
    problems = []
    for task in package.validate().tasks:
        table = tables[task.name]
        for error in task.errors:
            problems.append(locate(table, error))
    return problems


def locate(table: RawTable, error) -> Problem:
    path = relative(table.path)
    row_number = getattr(error, "row_number", None)
    line = 1 if row_number is None else line_of(table, row_number)
    if error.type == "primary-key":
        return duplicate_key(table, path, line, row_number)
    column, value = column_of(table, error)
    rule = foreign_key_rule(table, error) if error.type == "foreign-key" else rule_of(error)
    return Problem(path, line, column, value, rule)


def foreign_key_rule(table: RawTable, error) -> str:
    names = list(error.field_names)
    for key in table.schema.get("foreignKeys", []):
        fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        if fields == names:
            target = key["reference"]["resource"] or table.name
            return f"foreign key: must be a {key['reference']['fields']} in {target}.csv"
    return rule_of(error)


def duplicate_key(table: RawTable, path: str, line: int, row_number: int) -> Problem:
    key = table.schema["primaryKey"]
    value = table.rows[row_number - 2].get(key)
    first = next(i for i, row in enumerate(table.rows) if row.get(key) == value)
    number = table.header.index(key) + 1
    return Problem(
        path,
        line,
        f"{number} '{key}'",
        value,
        f"primary key must be unique: '{value}' is already on line {table.lines[first]}",
    )


def line_of(table: RawTable, row_number: int) -> int:
    """frictionless counts the header as row 1; map its row number to the file's line."""
    index = row_number - 2
    return table.lines[index] if 0 <= index < len(table.lines) else row_number


def column_of(table: RawTable, error) -> tuple[str | None, str | None]:
    names = getattr(error, "field_names", None)
    if names:  # foreign-key errors name the referencing columns
        cells = getattr(error, "field_cells", None) or []
        labels = [f"{table.header.index(n) + 1} '{n}'" for n in names]
        return ", ".join(labels), ", ".join(cells) or None
    number = getattr(error, "field_number", None)
    name = getattr(error, "field_name", None) or getattr(error, "label", None)
    if number is None and name is None:
        return None, None
    cell = getattr(error, "cell", None)
    label = f"{number} '{name}'" if number is not None else f"'{name}'"
    if error.type in ("extra-label", "missing-label", "incorrect-label", "duplicate-label"):
        return label, getattr(error, "label", None)
    return label, cell


def rule_of(error) -> str:
    note = getattr(error, "note", "") or ""
    return f"{error.title.lower()}: {note}" if note else error.title.lower()


# --------------------------------------------------------------------------- article rules


def field_problem(table: RawTable, index: int, column: str, rule: str) -> Problem:
    number = table.header.index(column) + 1 if column in table.header else None
    label = f"{number} '{column}'" if number else f"'{column}'"
    return Problem(
        relative(table.path), table.lines[index], label, table.rows[index].get(column), rule
    )


def paragraph_problems(table: RawTable, article_lines: list[str]) -> list[Problem]:
    problems = []
    for i, row in enumerate(table.rows):
        number = row.get("line", "")
        if not number.isdigit() or not 1 <= int(number) <= len(article_lines):
            continue  # the schema already reports a bad line number
        expected = article_lines[int(number) - 1]
        if row.get("text_ar") != expected:
            problems.append(
                field_problem(
                    table, i, "text_ar", f"must equal line {number} of the article verbatim"
                )
            )
        if row.get("paragraph_id") != f"P{int(number):02d}":
            problems.append(
                field_problem(
                    table, i, "paragraph_id", f"line {number} must have id P{int(number):02d}"
                )
            )
    if len(table.rows) != len(article_lines):
        problems.append(
            Problem(
                relative(table.path),
                None,
                None,
                str(len(table.rows)),
                f"must have one row per article line ({len(article_lines)})",
            )
        )
    return problems


def span_problems(table: RawTable, paragraph_text: dict[str, str]) -> list[Problem]:
    problems = []
    for i, row in enumerate(table.rows):
        text = paragraph_text.get(row.get("paragraph_id", ""))
        if text is None:
            continue  # unknown paragraph: reported as a foreign-key error
        for column in VERBATIM_COLUMNS:
            span = row.get(column) or ""
            if span and span not in text:
                problems.append(
                    field_problem(
                        table, i, column, f"must occur verbatim in paragraph {row['paragraph_id']}"
                    )
                )
        for column in LABEL_COLUMNS:
            missing = [
                w
                for w in ARABIC_WORD.findall(row.get(column) or "")
                if w not in ARABIC_WORD.findall(text)
            ]
            if missing and table.name != "context_facts":
                problems.append(
                    field_problem(
                        table,
                        i,
                        column,
                        f"every word must occur in paragraph "
                        f"{row['paragraph_id']} (not found: {' '.join(missing)})",
                    )
                )
    return problems


def interval_problems(table: RawTable) -> list[Problem]:
    problems = []
    for start, end in (("start", "end"), ("alt_start", "alt_end")):
        if start not in table.header:
            continue
        for i, row in enumerate(table.rows):
            first, last = row.get(start, ""), row.get(end, "")
            if first and last and is_iso_date(first) and is_iso_date(last) and first > last:
                problems.append(
                    field_problem(table, i, end, f"must not be before {start} ({first})")
                )
    return problems


def is_iso_date(value: str) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def channel_list_problems(table: RawTable, channel_ids: set[str]) -> list[Problem]:
    """Each listed channel exists, and a row naming channels says who does what to them."""
    problems = []
    if "channel_ids" not in table.header:
        return problems
    for i, row in enumerate(table.rows):
        listed = [c for c in (row.get("channel_ids") or "").split(";") if c]
        for channel in listed:
            if channel not in channel_ids:
                rule = f"'{channel}' is not a channel_id in channels.csv or context_channels.csv"
                problems.append(field_problem(table, i, "channel_ids", rule))
        for column in ("channel_side", "channel_action"):
            if bool(listed) != bool(row.get(column)):
                rule = "channel_ids, channel_side and channel_action go together"
                problems.append(field_problem(table, i, column, rule))
        problems += side_problems(table, i, row.get("channel_action"), row.get("channel_side"))
    return problems


def side_problems(table: RawTable, index: int, action: str | None, side: str | None) -> list:
    """An action taken by a side that cannot take it (China does not 'seek', the US does
    not 'cut'): see :data:`model.ACTION_SIDES`."""
    allowed = model.ACTION_SIDES.get(action or "")
    if not allowed or not side or side in allowed:
        return []
    rule = f"'{action}' is an action of {' or '.join(sorted(allowed))}, not of '{side}'"
    column = "channel_side" if "channel_side" in table.header else "side_at_publication"
    return [field_problem(table, index, column, rule)]


def publication_side_problems(table: RawTable) -> list[Problem]:
    rows = enumerate(table.rows)
    return [
        p
        for i, row in rows
        for p in side_problems(
            table, i, row.get("state_at_publication"), row.get("side_at_publication")
        )
    ]


def article_problems(tables: dict[str, RawTable], article_lines: list[str]) -> list[Problem]:
    problems = []
    if "paragraphs" in tables:
        problems += paragraph_problems(tables["paragraphs"], article_lines)
    paragraph_text = {f"P{n:02d}": line for n, line in enumerate(article_lines, 1)}
    channels = {
        r.get("channel_id")
        for name in ("channels", "context_channels")
        if name in tables
        for r in tables[name].rows
    }
    for table in tables.values():
        if table.name != "paragraphs":
            problems += span_problems(table, paragraph_text)
        problems += interval_problems(table) + channel_list_problems(table, channels)
        if table.name in RELAY_TABLES:
            problems += relay_problems(table)
    if "channels" in tables:
        problems += publication_side_problems(tables["channels"])
    return problems


# What the book holds of the FT's sentence, by the prefix of its id: F = the verbatim copy,
# R = the reworded copy (a paraphrase), no id = neither copy has it.
FT_TEXT_KIND = {"F": "verbatim", "R": "paraphrase", "": "none"}
# A row without an FT sentence can only say that the copies lack it or that nothing compares.
NO_FT_SENTENCE_KINDS = ("not_in_copies", "not_checkable")


def relay_problems(table: RawTable) -> list[Problem]:
    """An FT quotation only on verbatim rows; the text kind and change kind fit the sentence id."""
    problems = []
    for i, row in enumerate(table.rows):
        text_kind = row.get("ft_text_kind", "")
        expected = FT_TEXT_KIND.get((row.get("ft_sentence") or "")[:1])
        if expected is not None and text_kind != expected:
            problems.append(
                field_problem(
                    table,
                    i,
                    "ft_text_kind",
                    f"must be '{expected}' for ft_sentence "
                    f"'{row.get('ft_sentence', '')}' (F: verbatim, R: paraphrase, none: none)",
                )
            )
        if text_kind == "verbatim" and not row.get("ft_quote_en"):
            problems.append(
                field_problem(table, i, "ft_quote_en", "a verbatim row quotes the FT's words")
            )
        if text_kind in ("paraphrase", "none") and row.get("ft_quote_en"):
            problems.append(
                field_problem(
                    table,
                    i,
                    "ft_quote_en",
                    f"must be empty on a {text_kind} row: only the verbatim copy is quoted as "
                    "the FT's words (give the sense in ft_gist_en)",
                )
            )
        change = row.get("change_kind")
        if text_kind == "none" and change not in NO_FT_SENTENCE_KINDS:
            problems.append(
                field_problem(
                    table,
                    i,
                    "change_kind",
                    f"must be one of {', '.join(NO_FT_SENTENCE_KINDS)} on a row with no FT "
                    "sentence: without the FT's text, no change can be named",
                )
            )
        if change == "not_in_copies" and text_kind != "none":
            problems.append(
                field_problem(
                    table, i, "change_kind", "not_in_copies goes with ft_text_kind 'none'"
                )
            )
    return problems


# --------------------------------------------------------------------------- the article


def read_article(article_path: Path) -> tuple[list[str], dict, list[Problem]]:
    meta_path = article_path.with_suffix(".meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    data = article_path.read_bytes()
    problems = []
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta["sha256"]:
        problems.append(
            Problem(
                relative(article_path),
                None,
                None,
                digest,
                f"sha256 must be {meta['sha256']} (the article is read-only)",
            )
        )
    lines = data.decode("utf-8").split("\n")
    return lines, meta, problems


# --------------------------------------------------------------------------- loading


def check(data_dir: Path = paths.DATA, article_path: Path = paths.ARTICLE) -> list[Problem]:
    """Every problem in the data, or an empty list."""
    return validated(data_dir, article_path)[3]


# Set by the notebook runner after it has validated the data once: kernels that inherit it skip
# the (slow) schema pass for exactly that content, and only for that content.
VALIDATED_ENV = "ARTICLE_EVIDENCE_VALIDATED"


def content_digest(data_dir: Path = paths.DATA, article_path: Path = paths.ARTICLE) -> str:
    """SHA-256 over every data file and the article with its metadata."""
    digest = hashlib.sha256()
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    for path in [*files, article_path, article_path.with_suffix(".meta.json")]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def schema_already_checked(data_dir: Path, article_path: Path) -> bool:
    claimed = os.environ.get(VALIDATED_ENV)
    return claimed is not None and claimed == content_digest(data_dir, article_path)


def validated(data_dir: Path, article_path: Path):
    article_lines, meta, problems = read_article(article_path)
    descriptor, tables, encoding_problems = read_package(data_dir)
    problems += encoding_problems
    # frictionless would guess another encoding and hide the fault, so no schema pass then
    if not encoding_problems and not schema_already_checked(data_dir, article_path):
        problems += schema_problems(data_dir, tables)
    problems += article_problems(tables, article_lines)
    return descriptor, tables, (article_lines, meta), problems


def load(data_dir: Path = paths.DATA, article_path: Path = paths.ARTICLE) -> Evidence:
    """Validate everything, then return every table as a typed DataFrame."""
    descriptor, tables, (article_lines, meta), problems = validated(data_dir, article_path)
    if problems:
        raise EvidenceError(problems)
    frames = {name: to_frame(table) for name, table in tables.items()}
    for name, frame in frames.items():
        frame.attrs["provenance"] = provenance_of(name)
        frame.attrs["source_file"] = relative(tables[name].path)
    paragraph_text = {f"P{n:02d}": line for n, line in enumerate(article_lines, 1)}
    return Evidence(frames, meta, paragraph_text)


def provenance_of(name: str) -> str:
    """article, context or relay (a row that cites both a paragraph and an outside page)."""
    if name in CONTEXT_TABLES:
        return "context"
    return "relay" if name in RELAY_TABLES else "article"


def to_frame(table: RawTable) -> pd.DataFrame:
    """Typed DataFrame with exactly the file's rows; empty optional cells become missing."""
    frame = pd.DataFrame(table.rows, columns=table.header, dtype="string")
    frame = frame.replace("", pd.NA)
    for spec in table.schema["fields"]:
        name = spec["name"]
        if spec["type"] == "integer":
            frame[name] = frame[name].astype("Int64")
        elif spec["type"] == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
    if len(frame) != len(table.rows):
        raise AssertionError(
            f"{relative(table.path)}: {len(table.rows)} rows read, {len(frame)} loaded"
        )
    return frame


def paragraph_list(ids) -> str:
    """Paragraph ids as readers see them: each once, in article order ("P02, P09")."""
    return ", ".join(sorted(set(ids)))


def citations(loaded: Evidence) -> pd.DataFrame:
    """Every (table, row id, paragraph) citation made by an article or relay table."""
    rows = []
    for name in ARTICLE_TABLES + RELAY_TABLES:
        frame = loaded.tables[name]
        if name == "paragraphs":
            continue
        key = frame.columns[0]
        rows += [
            (name, row_id, paragraph)
            for row_id, paragraph in zip(frame[key], frame["paragraph_id"], strict=True)
        ]
    return pd.DataFrame(rows, columns=["table", "row_id", "paragraph_id"])


def uncited_paragraphs(loaded: Evidence) -> list[str]:
    """Paragraph ids that no article row cites: each paragraph must back some evidence."""
    cited = set(citations(loaded)["paragraph_id"])
    return [p for p in loaded.paragraphs["paragraph_id"] if p not in cited]


class ProvenanceError(ValueError):
    """A frame mixes article and context rows in a way a reader could not tell apart."""


def tag(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of a loaded table with a ``provenance`` column, ready to combine with others.

    Article rows keep their ``paragraph_id``; context rows keep their ``source_url``. Any frame
    built from both must pass :func:`check_provenance` before it is shown.
    """
    provenance = frame.attrs["provenance"]
    tagged = frame.copy()
    tagged["provenance"] = provenance
    if provenance == "context" and "paragraph_id" in tagged:
        tagged = tagged.drop(columns="paragraph_id")  # a correction's paragraph is not a source
    return tagged


def check_provenance(frame: pd.DataFrame) -> pd.DataFrame:
    """Raise unless every article row cites a paragraph and every context row a source."""
    problems = []
    for position, row in enumerate(frame.to_dict("records")):
        kind = row.get("provenance")
        paragraph, source = row.get("paragraph_id"), row.get("source_url")
        cites_paragraph = isinstance(paragraph, str) and re.fullmatch(r"P\d\d", paragraph)
        cites_source = isinstance(source, str) and source.startswith(("http://", "https://"))
        if kind == "article" and not (cites_paragraph and not cites_source):
            problems.append(f"row {position}: article row must cite a paragraph and no source")
        elif kind == "context" and not (cites_source and not cites_paragraph):
            problems.append(f"row {position}: context row must cite a source and no paragraph")
        elif kind == "relay" and not (cites_source and cites_paragraph):
            problems.append(f"row {position}: relay row must cite a paragraph and a source")
        elif kind not in ("article", "context", "relay"):
            problems.append(
                f"row {position}: provenance {kind!r} is neither article nor context nor relay"
            )
    if problems:
        raise ProvenanceError("; ".join(problems))
    return frame
