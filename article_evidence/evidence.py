"""Load and validate the evidence tables in ``data/`` (a Frictionless data package).

``load()`` is the only way the book reads its data. It validates everything first, and a bad
file stops with an :class:`EvidenceError` that lists every problem as
``file:line: column N 'name': value '...' breaks rule: ...``. Nothing is dropped or coerced
silently: each table comes back with exactly the rows its file has.

There is one reading of each file. This module reads every CSV with the dialect its resource
declares (delimiter, quote character, comment character, header) and the schema's missing
values; the Table Schema rules (types, required fields, patterns, enums, unique and foreign
keys) are then checked by the ``frictionless`` library on exactly those rows, and the rows the
book uses are the rows that were validated (their number is checked). The data can also be
validated outside the book (``frictionless validate data/datapackage.json``).

The structure is checked before any row is: ``datapackage.json`` parses and describes every
table the book reads and no other, each resource's path is a regular file inside ``data/`` (no
symbolic link, nothing outside), every CSV in ``data/`` is listed, every field type is one this
loader reads. A structural fault is reported alone, with its place, because rows read from a
broken structure would only bury it under follow-on errors.

The rules a Table Schema cannot express are checked here too: UTF-8 without a byte-order mark,
one record per line (an unclosed quote is reported where it opened), no blank rows, at least one
row per table, each paragraph equal to its line of the article, every Arabic span verbatim in
the paragraph it cites (with the likely cause when it is not), one date grammar and a plausible
range for every date field, start not after end on every ``*start``/``*end`` pair, no cycle in a
table's references to its own rows, only http(s) links in URL fields, no bidi control characters
outside verbatim Arabic spans, ';'-separated channel lists without unknown or repeated ids,
each with the side that acts and an action that side can take, and the relay table's own
rules (an FT quotation only where the FT's words are known verbatim).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pandas as pd

from article_evidence import dates, model, paths

ARTICLE_TABLES = ("paragraphs", "actors", "mentions", "claims", "channels", "events", "open_issues")
CONTEXT_TABLES = ("context_facts", "corrections", "context_channels")
# Tables that set the article beside the report it relays: each row cites a paragraph (with a
# verbatim span) and the outside page it is compared with.
RELAY_TABLES = ("relay",)
# Tables of the editions, not of the evidence: the fixed terms of the Arabic edition. A row that
# quotes the article's spelling cites the paragraph it comes from.
EDITION_TABLES = ("glossary",)
# Columns whose Arabic text must occur verbatim in the row's cited paragraph.
VERBATIM_COLUMNS = (
    "evidence_ar",
    "span_ar",
    "attribution_ar",
    "time_expression_ar",
    "name_ar",
    "article_ar",
)
# Columns whose every Arabic word must occur in the cited paragraph (short figure labels).
LABEL_COLUMNS = ("label_ar",)
ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u064B-\u0652\u0670]+")
BOM = b"\xef\xbb\xbf"
DESCRIPTOR = "datapackage.json"

# Field types this loader turns into typed columns (pandas dtype; dates are parsed).
FIELD_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "date": None}
# CSV dialect properties this loader reads, as the keyword of Python's csv module.
DIALECT_KEYWORDS = {
    "delimiter": "delimiter",
    "quoteChar": "quotechar",
    "doubleQuote": "doublequote",
    "escapeChar": "escapechar",
    "skipInitialSpace": "skipinitialspace",
}
DIALECT_OTHER = {"header", "commentChar", "lineTerminator"}
# Longest value a cell may hold: the csv module's own default limit, applied on every read
# (other libraries raise the process-wide limit, which would make the rule depend on imports).
MAX_FIELD_CHARS = 131072
# Bidi embedding, override and isolate controls: they make text display other than it is stored.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
JOINERS = "\u200b\u200c\u200d\u2060\ufeff\u034f"
BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Persian letter forms and the Arabic letters the article uses for them.
PERSIAN_FORMS = {"\u06cc": "\u064a", "\u06a9": "\u0643", "\u06c0": "\u0629", "\u06d5": "\u0647"}


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
        value = "" if self.value is None else f" value {shorten(self.value)!r}"
        return f"{where}:{column}{value} breaks rule: {self.rule}"


def shorten(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value)} characters)"


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
        return path.absolute().relative_to(paths.ROOT).as_posix()
    except ValueError:  # a copy outside the repository, as in the tests
        return f"{path.parent.name}/{path.name}"


# --------------------------------------------------------------------------- files


def path_rule(name) -> str | None:
    """Why a resource path cannot name a file inside data/, or None."""
    if not isinstance(name, str):
        return "path must be a file name in data/"
    pure = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "://" in name
        or pure.is_absolute()
        or any(part in ("", ".", "..") for part in name.split("/"))
    ):
        return "path must name a file inside data/ (relative, no '..', no URL)"
    return None


def file_rule(base: Path, name: str) -> str | None:
    """Why ``base/name`` is not a regular file inside ``base``, or None; checked before it is
    read (no symbolic link anywhere below ``base``), so no message can echo a file that is not
    data."""
    current, mode = base, None
    for part in PurePosixPath(name).parts:
        current = current / part
        try:
            mode = current.lstat().st_mode
        except FileNotFoundError:
            return "file is missing"
        if stat.S_ISLNK(mode):
            return "must be a regular file, not a symbolic link"
    if mode is None or not stat.S_ISREG(mode):
        return "must be a regular file"
    return None


def shown_folder(folder: Path) -> str:
    """A folder as messages name it: relative to the repository, else by its own name."""
    try:
        return folder.absolute().relative_to(paths.ROOT).as_posix()
    except ValueError:  # a copy outside the repository, as in the tests
        return folder.name


def decode(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    data = path.read_bytes()
    if data.startswith(BOM):
        return None, [
            Problem(
                shown,
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
        return None, [Problem(shown, line, str(column), f"bytes {bad}", "file must be UTF-8")]


# --------------------------------------------------------------------------- the descriptor


def read_descriptor(data_dir: Path) -> tuple[dict | None, DescriptorText, list[Problem]]:
    """datapackage.json, parsed; a syntax error is located by line and column."""
    where = DescriptorText(f"{shown_folder(data_dir)}/{DESCRIPTOR}", "")
    refused = file_rule(data_dir, DESCRIPTOR)
    if refused:
        return None, where, [Problem(where.shown, None, None, None, refused)]
    text, problems = decode(data_dir / DESCRIPTOR, where.shown)
    if text is None:
        return None, where, problems
    where.text = text
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        rule = f"must be valid JSON: {error.msg}"
        return None, where, [Problem(where.shown, error.lineno, str(error.colno), None, rule)]
    return descriptor, where, []


def json_line(text: str, *names: str) -> int | None:
    """Line of the first ``"name": "<names[-1]>"`` after those of the earlier names, if any."""
    position = 0
    for name in names:
        match = re.compile(r'"name"\s*:\s*' + re.escape(json.dumps(name))).search(text, position)
        if match is None:
            return None
        position = match.end()
    return text.count("\n", 0, position) + 1


def as_list(fields) -> list:
    return fields if isinstance(fields, list) else [fields]


@dataclass
class DescriptorText:
    """datapackage.json as read: problems in it are placed on the line naming the culprit."""

    shown: str
    text: str

    def problem(self, rule: str, *names: str, value: str | None = None) -> Problem:
        line = json_line(self.text, *names) if names else None
        return Problem(self.shown, line, None, value, rule)


def descriptor_problems(descriptor, where: DescriptorText) -> list[Problem]:
    """The structure the loader relies on, checked before any CSV is read (stdlib only)."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [where.problem("must be an object with a list of resources")]
    problems: list[Problem] = []
    resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
    if len(resources) != len(descriptor["resources"]):
        problems.append(where.problem("every resource must be an object"))
    names = [r.get("name") for r in resources]
    fields_of: dict[str, set[str]] = {}
    for resource in resources:
        name = resource.get("name")
        if not isinstance(name, str) or not name:
            problems.append(where.problem("every resource needs a name", value=str(name)))
            continue
        if names.count(name) > 1:
            problems.append(where.problem(f"resource '{name}': names must be unique", name))
        refused = path_rule(resource.get("path"))
        if refused:
            value = str(resource.get("path"))
            problems.append(where.problem(f"resource '{name}': {refused}", name, value=value))
        schema = resource.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            problems.append(where.problem(f"resource '{name}': needs a schema with fields", name))
            continue
        fields_of[name] = set()
        for spec in schema["fields"]:
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                problems.append(where.problem(f"resource '{name}': every field needs a name", name))
                continue
            fields_of[name].add(spec["name"])
            problems += field_problems(name, spec, where)
        problems += dialect_problems(resource, where)
        missing = schema.get("missingValues", [""])
        if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
            rule = f"resource '{name}': missingValues must be a list of strings"
            problems.append(where.problem(rule, name))
    for resource in resources:
        if resource.get("name") in fields_of:
            problems += key_problems(resource, fields_of, where)
    expected = (*ARTICLE_TABLES, *CONTEXT_TABLES, *RELAY_TABLES, *EDITION_TABLES)
    for name in expected:
        if name not in names:
            problems.append(where.problem(f"resource '{name}' is missing: the book reads it"))
    for name in names:
        if isinstance(name, str) and name and name not in expected:
            rule = (
                f"resource '{name}' is not a table the book reads (list it in "
                "evidence.ARTICLE_TABLES, CONTEXT_TABLES, RELAY_TABLES or EDITION_TABLES)"
            )
            problems.append(where.problem(rule, name))
    return problems


def field_problems(resource: str, spec: dict, where: DescriptorText) -> list[Problem]:
    label = f"resource '{resource}', field '{spec['name']}'"
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        allowed = ", ".join(sorted(FIELD_TYPES))
        rule = f"{label}: type must be one of {allowed}"
        return [where.problem(rule, resource, spec["name"], value=str(kind))]
    constraints = spec.get("constraints", {})
    if not isinstance(constraints, dict):
        return [where.problem(f"{label}: constraints must be an object", resource, spec["name"])]
    problems = []
    for key, value in constraints.items():
        rule = constraint_rule(kind, key, value)
        if rule:
            problems.append(
                where.problem(f"{label}: {rule}", resource, spec["name"], value=str(value))
            )
    return problems


def constraint_rule(kind: str, key: str, value) -> str | None:
    """What is wrong with one Table Schema constraint of a field of this type, or None."""

    def of_type(item) -> bool:
        if kind == "integer":
            return isinstance(item, int) and not isinstance(item, bool)
        if kind == "number":
            return isinstance(item, int | float) and not isinstance(item, bool)
        if kind == "date":
            return isinstance(item, str) and dates.ISO_DAY.fullmatch(item) is not None
        return isinstance(item, str)

    if key in ("required", "unique"):
        return None if isinstance(value, bool) else f"constraint {key} must be true or false"
    if key in ("minLength", "maxLength"):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else f"constraint {key} must be a whole number"
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if kind == "string":
            return f"constraint {key} does not apply to a string"
        return None if of_type(value) else f"constraint {key} must be a value of type {kind}"
    if key == "enum":
        ok = isinstance(value, list) and value and all(of_type(v) for v in value)
        return None if ok else f"constraint enum must be a list of {kind} values"
    if key == "pattern":
        if kind != "string":
            return "constraint pattern applies only to a string"
        try:
            re.compile(value)
        except (re.error, TypeError) as error:
            return f"constraint pattern is not a regular expression ({error})"
        return None
    return f"constraint '{key}' is not a Table Schema constraint"


def dialect_problems(resource: dict, where: DescriptorText) -> list[Problem]:
    name = resource["name"]
    dialect = resource.get("dialect", {})
    if not isinstance(dialect, dict):
        return [where.problem(f"resource '{name}': dialect must be an object", name)]
    problems = []
    for key in dialect:
        if key not in DIALECT_KEYWORDS and key not in DIALECT_OTHER:
            known = ", ".join(sorted([*DIALECT_KEYWORDS, *DIALECT_OTHER]))
            rule = f"resource '{name}': dialect '{key}' is not read here (known: {known})"
            problems.append(where.problem(rule, name))
    if dialect.get("header", True) is not True:
        problems.append(where.problem(f"resource '{name}': dialect header must be true", name))
    for key in ("delimiter", "quoteChar", "escapeChar", "commentChar"):
        value = dialect.get(key)
        if value is not None and not (isinstance(value, str) and len(value) == 1):
            rule = f"resource '{name}': dialect {key} must be one character"
            problems.append(where.problem(rule, name, value=str(value)))
    for key in ("doubleQuote", "skipInitialSpace"):
        if not isinstance(dialect.get(key, False), bool):
            problems.append(
                where.problem(f"resource '{name}': dialect {key} must be true/false", name)
            )
    if dialect.get("lineTerminator", "\r\n") not in ("\r\n", "\n", "\r"):
        rule = f"resource '{name}': dialect lineTerminator must be \\n or \\r\\n"
        problems.append(where.problem(rule, name))
    return problems


def key_problems(resource: dict, fields_of: dict[str, set[str]], where: DescriptorText):
    schema, name = resource["schema"], resource["name"]
    problems = []
    for key in as_list(schema.get("primaryKey", [])):
        if key not in fields_of[name]:
            problems.append(
                where.problem(f"resource '{name}': primaryKey '{key}' is not a field", name)
            )
    for key in schema.get("foreignKeys", []):
        try:
            target = key["reference"]["resource"] or name
            own, theirs = as_list(key["fields"]), as_list(key["reference"]["fields"])
        except (KeyError, TypeError):
            rule = f"resource '{name}': a foreign key needs fields and a reference"
            problems.append(where.problem(rule, name))
            continue
        if target not in fields_of:
            rule = f"resource '{name}': foreign key to unknown resource '{target}'"
            problems.append(where.problem(rule, name))
            continue
        missing = [f for f in own if f not in fields_of[name]]
        missing += [f"{target}.{f}" for f in theirs if f not in fields_of[target]]
        for field_name in missing:
            rule = f"resource '{name}': foreign key names '{field_name}', which is not a field"
            problems.append(where.problem(rule, name))
    return problems


# --------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    name: str
    path: Path
    header: list[str]
    records: list[list[str]]  # exactly the rows the schema pass validates
    lines: list[int]  # physical line on which each record starts
    schema: dict
    missing: frozenset[str] = frozenset({""})
    shown: str = ""  # the file as messages name it
    rows: list[dict[str, str]] = field(init=False, repr=False)  # the records, by column name

    def __post_init__(self) -> None:
        self.rows = [dict(zip(self.header, values, strict=False)) for values in self.records]
        self.shown = self.shown or relative(self.path)

    def is_missing(self, value: str | None) -> bool:
        return value is None or value in self.missing

    def fields(self) -> list[dict]:
        return self.schema["fields"]


def csv_dialect(resource: dict) -> dict:
    dialect = resource.get("dialect", {})
    options = {"delimiter": ",", "quotechar": '"', "doublequote": True, "strict": True}
    options.update({DIALECT_KEYWORDS[k]: v for k, v in dialect.items() if k in DIALECT_KEYWORDS})
    return options


def read_table(resource: dict, path: Path, text: str, shown: str) -> tuple[RawTable, list[Problem]]:
    """Read one CSV the one way the book reads it: one record per line, no blank rows."""
    comment = resource.get("dialect", {}).get("commentChar")
    fed: list[int] = []  # physical line numbers given to the csv reader, in order
    lines_of_text = list(io.StringIO(text, newline=""))

    def data_lines():
        for number, line in enumerate(lines_of_text, 1):
            if comment and line.startswith(comment):
                continue
            fed.append(number)
            yield line

    reader = csv.reader(data_lines(), **csv_dialect(resource))
    records, lines, problems = [], [], []
    header: list[str] | None = None
    used = 0  # lines of ``fed`` taken by earlier records
    limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                span = fed[used:] or fed[-1:] or [1]
                fault = quote_fault(lines_of_text[span[0] - 1], resource) if fed else None
                column = column_label(header, fault[1]) if fault else None
                problems.append(Problem(shown, span[0], column, None, csv_rule(error, span)))
                break
            span, used = fed[used : len(fed)], len(fed)
            if len(span) > 1:  # a quoted value ran over a line break
                problems.append(unclosed_quote(shown, span, values, header))
                continue
            fault = quote_fault(lines_of_text[span[0] - 1], resource)
            if fault and fault[0] == "stray":
                problems.append(stray_quote_problem(shown, span[0], fault[1], header))
                continue
            if header is None:
                header = values
            elif not any(v.strip() for v in values):
                problems.append(Problem(shown, span[0], None, None, "blank row: delete the line"))
            elif len(values) != len(header):
                problems.append(width_problem(shown, span[0], values, header))
            else:
                records.append(values)
                lines.append(span[0])
    finally:
        csv.field_size_limit(limit)
    missing = frozenset(resource["schema"].get("missingValues", [""]))
    table = RawTable(
        resource["name"], path, header or [], records, lines, resource["schema"], missing, shown
    )
    if header is None and not problems:
        problems.append(Problem(shown, 1, None, None, "file is empty: it needs a header row"))
    elif not records and not problems:
        problems.append(Problem(shown, 1, None, None, "no rows: a table needs at least one"))
    return table, problems


def csv_rule(error: csv.Error, span: list[int]) -> str:
    """The rule a csv module error breaks; ``span`` is the lines the failed record took."""
    message = str(error)
    if "field larger than field limit" in message:
        return f"a value must be at most {MAX_FIELD_CHARS} characters (CSV field size limit)"
    if "unexpected end of data" in message:
        return "a quote opened on this line is never closed (unclosed quote)"
    if len(span) > 1:
        return (
            "a quote opened on this line is not closed on it (unclosed quote): the value "
            f"runs on to line {span[-1]}"
        )
    if "expected after" in message:
        return 'a closing quote must be followed by a delimiter (write a quote inside quotes as "")'
    if "NUL" in message:
        return "the line contains a NUL character"
    return f"CSV: {message}"


def quote_fault(line: str, resource: dict) -> tuple[str, int] | None:
    """("stray", i) if unquoted value i holds a quote character (RFC 4180 forbids it; the csv
    module would keep it as text), ("open", i) if quoted value i is not closed on this line,
    ("text after closing quote", i) if its closing quote is not followed by a delimiter."""
    options = csv_dialect(resource)
    delimiter, quote = options["delimiter"], options["quotechar"]
    if options.get("escapechar") or not quote:
        return None
    line = line.rstrip("\r\n")
    index, position = 0, 0
    while True:
        if options.get("skipinitialspace"):
            while line[position : position + 1] == " ":
                position += 1
        if line[position : position + 1] == quote:  # a quoted value: find its closing quote
            position += 1
            while line[position : position + 2] == quote * 2 or (
                position < len(line) and line[position] != quote
            ):
                position += 2 if line[position] == quote else 1
            if position >= len(line):
                return "open", index
            if line[position + 1 : position + 2] not in ("", delimiter):
                return "text after closing quote", index
            end = line.find(delimiter, position + 1)
        else:
            end = line.find(delimiter, position)
            if quote in (line[position:] if end < 0 else line[position:end]):
                return "stray", index
        if end < 0:
            return None
        position, index = end + 1, index + 1


def width_problem(shown: str, line: int, values: list[str], header: list[str]) -> Problem:
    if len(values) > len(header):
        index, value = len(header), values[len(header)]
        rule = f"extra cell: the row has {len(values)} values, the header {len(header)}"
    else:
        index, value = len(values), None
        rule = f"missing cell: the row has {len(values)} values, the header {len(header)}"
    return Problem(shown, line, column_label(header, index), value, rule)


def column_label(header: list[str] | None, index: int) -> str:
    name = header[index] if header and index < len(header) else None
    return f"{index + 1} '{name}'" if name else str(index + 1)


def stray_quote_problem(shown: str, line: int, index: int, header) -> Problem:
    return Problem(
        shown,
        line,
        column_label(header, index),
        None,
        'a quote inside an unquoted value (quote the whole value and double the quote: "")',
    )


def unclosed_quote(shown: str, span: list[int], values: list[str], header) -> Problem:
    index = next((i for i, v in enumerate(values) if "\n" in v or "\r" in v), 0)
    return Problem(
        shown,
        span[0],
        column_label(header, index),
        None,
        f"a quote opened on this line is not closed on it (unclosed quote): the value runs "
        f"on to line {span[-1]} and would swallow {len(span) - 1} line(s)",
    )


def unlisted_csv_files(data_dir: Path, listed: set[str]) -> list[Problem]:
    problems = []
    for folder, subfolders, files in os.walk(data_dir):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            relative_name = path.relative_to(data_dir).as_posix()
            if name.lower().endswith(".csv") and relative_name not in listed:
                problems.append(
                    Problem(
                        f"{shown_folder(data_dir)}/{relative_name}",
                        None,
                        None,
                        None,
                        "CSV file not listed in datapackage.json (add a resource or remove it)",
                    )
                )
    return problems


def read_package(data_dir: Path):
    """(descriptor, its text, tables, problems); structural problems stop the reading."""
    descriptor, where, problems = read_descriptor(data_dir)
    if descriptor is None:
        return None, where, {}, problems
    problems = descriptor_problems(descriptor, where)
    if problems:
        return descriptor, where, {}, problems
    listed = {r["path"] for r in descriptor["resources"]}
    problems += unlisted_csv_files(data_dir, listed)
    tables = {}
    for resource in descriptor["resources"]:
        path, shown = data_dir / resource["path"], f"{shown_folder(data_dir)}/{resource['path']}"
        refused = file_rule(data_dir, resource["path"])
        if refused:
            problems.append(Problem(shown, None, None, None, refused))
            continue
        text, found = decode(path, shown)
        problems += found
        if text is not None:
            table, found = read_table(resource, path, text, shown)
            tables[resource["name"]] = table
            problems += found
    return descriptor, where, tables, problems


# --------------------------------------------------------------------------- schema rules


def schema_problems(
    descriptor: dict, where: DescriptorText, tables: dict[str, RawTable]
) -> list[Problem]:
    """Table Schema rules, checked by frictionless on the rows read here, located in the file."""
    from frictionless import Field, FrictionlessException, Package

    problems = []
    for resource in descriptor["resources"]:
        for spec in resource["schema"]["fields"]:
            try:
                Field.from_descriptor(spec)
            except FrictionlessException as error:
                rule = f"resource '{resource['name']}', field '{spec['name']}': {note(error)}"
                problems.append(where.problem(rule, resource["name"], spec["name"]))
    if problems:
        return problems
    resources = [
        {
            "name": r["name"],
            "schema": r["schema"],
            "data": [tables[r["name"]].header, *tables[r["name"]].records],
        }
        for r in descriptor["resources"]
    ]
    try:
        report = Package.from_descriptor({"resources": resources}).validate()
    except FrictionlessException as error:  # the checks above should have caught it
        return [where.problem(f"the schemas cannot be applied: {note(error)}")]
    except Exception as error:  # noqa: BLE001 (a fault in the descriptor, not in the loader)
        return [where.problem(f"the schemas cannot be applied: {type(error).__name__}: {error}")]
    problems = [where.problem(rule_of(error)) for error in report.errors]
    for task in report.tasks:
        table = tables[task.name]
        problems += [locate(table, error) for error in task.errors]
        validated = task.stats.get("rows")
        if validated is not None and validated != len(table.records):
            problems.append(
                Problem(
                    table.shown,
                    None,
                    None,
                    None,
                    f"rows in must equal rows out: {len(table.records)} read, "
                    f"{validated} validated",
                )
            )
    return problems


def note(error) -> str:
    return error.error.note or error.error.message


def locate(table: RawTable, error) -> Problem:
    path = table.shown
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
        if as_list(key["fields"]) == names:
            target = key["reference"]["resource"] or table.name
            return f"foreign key: must be a {key['reference']['fields']} in {target}.csv"
    return rule_of(error)


def duplicate_key(table: RawTable, path: str, line: int, row_number: int) -> Problem:
    keys = as_list(table.schema["primaryKey"])
    rows = table.rows
    value = tuple(rows[row_number - 2].get(k) for k in keys)
    shown = ", ".join(str(v) for v in value)
    label = ", ".join(
        f"{table.header.index(k) + 1} '{k}'" if k in table.header else f"'{k}'" for k in keys
    )
    if any(table.is_missing(v) for v in value):
        return Problem(path, line, label, None, "primary key must not be empty")
    first = next(i for i, row in enumerate(rows) if tuple(row.get(k) for k in keys) == value)
    return Problem(
        path,
        line,
        label,
        shown,
        f"primary key must be unique: '{shown}' is already on line {table.lines[first]}",
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
    if error.type in ("extra-cell",) and number is not None:
        return str(number), cell
    label = f"{number} '{name}'" if number is not None else f"'{name}'"
    if error.type in ("extra-label", "missing-label", "incorrect-label", "duplicate-label"):
        return label, getattr(error, "label", None)
    return label, cell


# Patterns told in words where a regular expression would not help a reader (in errors and in
# the data dictionary).
PATTERN_WORDS = {
    "[^A-Za-z]*[\u0600-\u06ff][^A-Za-z]*": "Arabic text with no Latin letters",
    "https?://[^\\s]+": "an http(s) address",
    "https?://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s][^?#\\s]*(\\?[^#\\s]*)?|/?\\?[^#\\s]+)(#\\S*)?": (
        "an exact http(s) page: a path other than '/', or a query naming the page"
    ),
}


def rule_of(error) -> str:
    note = getattr(error, "note", "") or ""
    rule = f"{error.title.lower()}: {note}" if note else error.title.lower()
    for pattern, words in PATTERN_WORDS.items():
        if note == f'constraint "pattern" is "{pattern}"':
            rule += f" ({words})"
    return rule


# --------------------------------------------------------------------------- the book's rules


def field_problem(table: RawTable, index: int, column: str, rule: str) -> Problem:
    number = table.header.index(column) + 1 if column in table.header else None
    label = f"{number} '{column}'" if number else f"'{column}'"
    return Problem(table.shown, table.lines[index], label, table.rows[index].get(column), rule)


def cells(table: RawTable, kinds: set[str], fmt: str | None = None):
    """(row index, column, value) of every filled cell of the fields of these types/format."""
    wanted = [
        spec["name"]
        for spec in table.fields()
        if spec["type"] in kinds and (fmt is None or spec.get("format") == fmt)
    ]
    for i, row in enumerate(table.rows):
        for column in wanted:
            value = row.get(column)
            if not table.is_missing(value):
                yield i, column, value


def date_problems(table: RawTable, today: date | None = None) -> list[Problem]:
    """One grammar and a plausible range for every date; start not after end on every pair."""
    problems, parsed = [], {}
    for i, column, value in cells(table, {"date"}):
        try:
            parsed[i, column] = dates.parse_day(value, today)
        except dates.BadDate as error:
            problems.append(field_problem(table, i, column, str(error)))
    date_fields = [s["name"] for s in table.fields() if s["type"] == "date"]
    pairs = [
        (name, name[: -len("start")] + "end")
        for name in date_fields
        if name.endswith("start") and name[: -len("start")] + "end" in date_fields
    ]
    for start, end in pairs:
        for i in range(len(table.records)):
            first, last = parsed.get((i, start)), parsed.get((i, end))
            if first and last and first > last:
                problems.append(
                    field_problem(table, i, end, f"must not be before {start} ({first})")
                )
    return problems


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a source link, or None: the one rule for every URL field.

    Every field with ``format: uri`` is checked with it when the data is loaded.
    """
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in value):
        return "a URL must not contain spaces or control characters"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not value.startswith(f"{parts.scheme}://"):
        return (
            "must be an http(s) URL (javascript:, data:, file:, ftp: and other schemes are refused)"
        )
    if not parts.hostname:
        return "must be an http(s) URL with a host name"
    if parts.path in ("", "/") and not parts.query:
        return "must be an exact page, not an outlet's home page (the path is empty or '/')"
    return None


def url_problems(table: RawTable) -> list[Problem]:
    problems = []
    for i, column, value in cells(table, {"string"}, fmt="uri"):
        rule = url_problem(value)
        if rule:
            problems.append(field_problem(table, i, column, rule))
    return problems


def invisible_problems(table: RawTable) -> list[Problem]:
    """No control characters anywhere; no bidi embedding/override/isolate controls outside
    verbatim spans (where the verbatim rule names them)."""
    problems = []
    for i, column, value in cells(table, set(FIELD_TYPES)):
        control = CONTROL_CHARACTERS.search(value)
        if control:
            char = control.group()
            problems.append(
                field_problem(
                    table,
                    i,
                    column,
                    f"must not contain control characters (U+{ord(char):04X} at character "
                    f"{control.start() + 1})",
                )
            )
            continue
        found = BIDI_CONTROLS.search(value)
        if found and column not in VERBATIM_COLUMNS:
            char = found.group()
            problems.append(
                field_problem(
                    table,
                    i,
                    column,
                    f"must not contain bidi control characters (U+{ord(char):04X} "
                    f"{unicodedata.name(char)} at character {found.start() + 1}): the text "
                    "would display other than it is stored",
                )
            )
    return problems


def verbatim_cause(span: str, text: str) -> str:
    """Why a span is not in the paragraph, when the cause is invisible; else ''."""
    folds = [
        ("it is decomposed (NFD): save it as NFC", lambda s: unicodedata.normalize("NFC", s)),
        (
            "it holds a joiner or zero-width character the article does not have",
            lambda s: "".join(c for c in s if c not in JOINERS),
        ),
        (
            "it holds a bidi mark the article does not have",
            lambda s: "".join(c for c in s if c not in BIDI_MARKS),
        ),
        (
            "it uses Persian letter forms (e.g. \u06cc U+06CC, \u06a9 U+06A9) where the article "
            "has Arabic ones",
            lambda s: s.translate(str.maketrans(PERSIAN_FORMS)),
        ),
    ]
    causes, folded = [], span
    for description, fold in folds:
        changed = fold(folded)
        if changed != folded:
            causes.append(description)
            folded = changed
    if causes and folded in text:
        return " (" + "; ".join(causes) + ")"
    return ""


def span_problems(table: RawTable, paragraph_text: dict[str, str]) -> list[Problem]:
    problems = []
    for i, row in enumerate(table.rows):
        text = paragraph_text.get(row.get("paragraph_id", ""))
        if text is None:
            continue  # unknown paragraph: reported as a foreign-key error
        for column in VERBATIM_COLUMNS:
            span = row.get(column) or ""
            if not table.is_missing(span) and span not in text:
                problems.append(
                    field_problem(
                        table,
                        i,
                        column,
                        f"must occur verbatim in paragraph {row['paragraph_id']}"
                        + verbatim_cause(span, text),
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
                    table,
                    i,
                    "text_ar",
                    f"must equal line {number} of the article verbatim"
                    + verbatim_cause(row.get("text_ar") or "", expected),
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
                table.shown,
                None,
                None,
                str(len(table.rows)),
                f"must have one row per article line ({len(article_lines)})",
            )
        )
    return problems


def cycle_problems(table: RawTable) -> list[Problem]:
    """Rows whose order refers back to themselves (foreign keys into their own table)."""
    keys = as_list(table.schema.get("primaryKey", []))
    own = [
        as_list(k["fields"])[0]
        for k in table.schema.get("foreignKeys", [])
        if k["reference"]["resource"] in ("", table.name) and len(as_list(k["fields"])) == 1
    ]
    if len(keys) != 1 or not own:
        return []
    rows = table.rows
    index = {row.get(keys[0]): i for i, row in enumerate(rows)}
    # An edge runs from a row to a row it comes after (or counts from). A ``before_…`` column
    # states the same order from the other end, so its edge runs the other way: "the halt
    # comes before the meeting" and "the meeting comes after the halt" are one edge, no cycle.
    edges: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        for column in own:
            target = row.get(column)
            if target not in index:
                continue
            if column.startswith("before_"):
                edges.setdefault(target, []).append((column, row.get(keys[0])))
            else:
                edges.setdefault(row.get(keys[0]), []).append((column, target))
    problems, seen, done = [], set(), set()

    def visit(node: str, trail: list[tuple[str, str]]) -> None:
        if node in done:
            return
        names = [n for n, _ in trail]
        if node in names:
            cycle = trail[names.index(node) :]
            members = frozenset(n for n, _ in cycle)
            if members not in seen:
                seen.add(members)
                text = "".join(f"{n} -({via})-> " for n, via in cycle) + node
                first = min(cycle, key=lambda step: index[step[0]])
                problems.append(
                    field_problem(
                        table,
                        index[first[0]],
                        first[1],
                        f"rows refer to each other in a cycle: {text}",
                    )
                )
            return
        for via, target in edges.get(node, []):
            visit(target, [*trail, (node, via)])
        done.add(node)

    for row in rows:
        visit(row.get(keys[0]), [])
    return problems


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
        for channel in sorted({c for c in listed if listed.count(c) > 1}):
            problems.append(
                field_problem(table, i, "channel_ids", f"'{channel}' is listed more than once")
            )
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


def book_problems(tables: dict[str, RawTable], article_lines: list[str]) -> list[Problem]:
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
        problems += date_problems(table) + url_problems(table) + invisible_problems(table)
        problems += cycle_problems(table) + channel_list_problems(table, channels)
        if table.name in RELAY_TABLES:
            problems += relay_problems(table)
        if table.name in EDITION_TABLES:
            problems += glossary_problems(table)
    if "channels" in tables:
        problems += publication_side_problems(tables["channels"])
    return problems


def glossary_problems(table: RawTable) -> list[Problem]:
    """The article's spelling comes with its paragraph; a different book spelling says why."""
    problems = []
    for i, row in enumerate(table.rows):
        quoted = not table.is_missing(row.get("article_ar") or "")
        cited = not table.is_missing(row.get("paragraph_id") or "")
        if quoted != cited:
            column = "paragraph_id" if quoted else "article_ar"
            rule = "article_ar and paragraph_id go together: the article's spelling and where"
            problems.append(field_problem(table, i, column, rule))
        explained = not table.is_missing(row.get("correction_en") or "")
        if quoted and row["article_ar"] != row.get("ar") and not explained:
            rule = "must say why the book's Arabic differs from the article's (article_ar)"
            problems.append(field_problem(table, i, "correction_en", rule))
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


def first_per_cell(problems: list[Problem]) -> list[Problem]:
    """One problem per cell: a rule checked both by the schema and here is reported once."""
    seen, kept = set(), []
    for problem in problems:
        place = (problem.path, problem.line, problem.column)
        if problem.line is not None and problem.column is not None and place in seen:
            continue
        seen.add(place)
        kept.append(problem)
    return kept


# --------------------------------------------------------------------------- the article


def read_article(article_path: Path) -> tuple[list[str], dict, list[Problem]]:
    meta_path = article_path.with_suffix(".meta.json")
    for path in (article_path, meta_path):
        refused = file_rule(path.parent, path.name)
        if refused:
            return [], {}, [Problem(relative(path), None, None, None, refused)]
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], {}, [Problem(relative(meta_path), None, None, None, f"must be JSON ({error})")]
    data = article_path.read_bytes()
    problems = []
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta.get("sha256"):
        problems.append(
            Problem(
                relative(article_path),
                None,
                None,
                digest,
                f"sha256 must be {meta.get('sha256')} (the article is read-only)",
            )
        )
        return [], meta, problems
    lines = data.decode("utf-8").split("\n")
    return lines, meta, problems


# --------------------------------------------------------------------------- loading


def check(data_dir: Path = paths.DATA, article_path: Path = paths.ARTICLE) -> list[Problem]:
    """Every problem in the data, or an empty list."""
    return validated(data_dir, article_path)[3]


# Set by the notebook runner after it has validated the data once: kernels that inherit it skip
# the (slow) schema pass for exactly that content, and only for that content.
VALIDATED_ENV = "ARTICLE_EVIDENCE_VALIDATED"


def file_digest(path: Path) -> bytes:
    """A file's SHA-256; a symbolic link is hashed as its target's name, never read."""
    if path.is_symlink():
        return hashlib.sha256(b"symlink\0" + os.readlink(path).encode()).digest()
    return hashlib.sha256(path.read_bytes()).digest()


def content_digest(data_dir: Path = paths.DATA, article_path: Path = paths.ARTICLE) -> str:
    """SHA-256 over every data file and the article with its metadata."""
    digest = hashlib.sha256()
    files = sorted(p for p in data_dir.rglob("*") if p.is_symlink() or p.is_file())
    for path in [*files, article_path, article_path.with_suffix(".meta.json")]:
        digest.update(path.name.encode() + b"\0" + file_digest(path))
    return digest.hexdigest()


def schema_already_checked(data_dir: Path, article_path: Path) -> bool:
    claimed = os.environ.get(VALIDATED_ENV)
    return claimed is not None and claimed == content_digest(data_dir, article_path)


def validated(data_dir: Path, article_path: Path):
    article_lines, meta, problems = read_article(article_path)
    descriptor, where, tables, structural = read_package(data_dir)
    problems += structural
    # rows read from a broken structure (or guessed from a bad encoding) would bury the fault
    # under follow-on errors: the structure is fixed first
    if not problems:
        if not schema_already_checked(data_dir, article_path):
            problems += schema_problems(descriptor, where, tables)
        problems += book_problems(tables, article_lines)
    return descriptor, tables, (article_lines, meta), first_per_cell(problems)


def load(data_dir: Path = paths.DATA, article_path: Path = paths.ARTICLE) -> Evidence:
    """Validate everything, then return every table as a typed DataFrame."""
    descriptor, tables, (article_lines, meta), problems = validated(data_dir, article_path)
    if problems:
        raise EvidenceError(problems)
    frames = {name: to_frame(table) for name, table in tables.items()}
    for name, frame in frames.items():
        frame.attrs["provenance"] = provenance_of(name)
        frame.attrs["source_file"] = tables[name].shown
    paragraph_text = {f"P{n:02d}": line for n, line in enumerate(article_lines, 1)}
    return Evidence(frames, meta, paragraph_text)


def provenance_of(name: str) -> str:
    """article, context, relay (a row that cites both a paragraph and an outside page) or
    edition (the Arabic edition's fixed terms)."""
    if name in CONTEXT_TABLES:
        return "context"
    if name in EDITION_TABLES:
        return "edition"
    return "relay" if name in RELAY_TABLES else "article"


def to_frame(table: RawTable) -> pd.DataFrame:
    """Typed DataFrame with exactly the validated rows; missing values become missing."""
    frame = pd.DataFrame(table.records, columns=table.header, dtype="string")
    frame = frame.mask(frame.isin(list(table.missing)))
    for spec in table.fields():
        name, dtype = spec["name"], FIELD_TYPES[spec["type"]]
        if spec["type"] == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif dtype != "string":
            frame[name] = frame[name].astype(dtype)
    if len(frame) != len(table.records):
        raise EvidenceError(
            [
                Problem(
                    table.shown,
                    None,
                    None,
                    None,
                    f"rows in must equal rows out: {len(table.records)} read, {len(frame)} loaded",
                )
            ]
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
