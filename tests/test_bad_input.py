"""Hostile edits of the data: each class of fault stops the load with a located, clear error.

Every test breaks a scratch copy of data/ the way a contributor (careless or hostile) could, and
checks the one problem it must cause: file, line, column and rule. The classes, one section
each: one reading of the CSVs; dates that cannot lie; structural faults; only http(s) sources
and no hidden bidi controls; data files that are regular files inside data/. A load that
succeeds, a crash that names no place, or a row lost without an error fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from datetime import date

import pandas as pd
import pytest

from article_evidence import dates, evidence

# --------------------------------------------------------------------------- helpers


def problems_after(scratch) -> list[evidence.Problem]:
    """The problems the load reports; it must raise EvidenceError, and nothing else."""
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    problems = caught.value.problems
    for problem in problems:  # every problem is placed in a file of the book
        assert problem.path.startswith(("data/", "seeds/")), problem
        assert problem.rule, problem
    return problems


def expect(scratch, **expected) -> evidence.Problem:
    """The single problem whose fields contain the expected fragments (line: equal)."""
    problems = problems_after(scratch)
    line = expected.pop("line", None)
    matches = [
        p
        for p in problems
        if (line is None or p.line == line)
        and all(fragment in str(getattr(p, key)) for key, fragment in expected.items())
    ]
    assert len(matches) == 1, f"expected one problem like {expected} on line {line}, got:\n" + (
        "\n".join(map(str, problems))
    )
    return matches[0]


def rows(scratch, table: str) -> list[dict[str, str]]:
    with (scratch.data / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def find(scratch, table: str, column: str, where=bool) -> tuple[int, dict[str, str]]:
    """(line, row) of the first row whose column satisfies ``where``: no row numbers hard-coded."""
    for line, row in enumerate(rows(scratch, table), 2):
        if where(row[column]):
            return line, row
    raise LookupError(f"no row of {table}.csv fits")


def set_cells(scratch, table: str, line: int, **values: str) -> None:
    """Rewrite one line of a CSV with some cells changed, quoted as the file quotes."""
    lines = scratch.lines(table)
    header = next(csv.reader([lines[0]]))
    row = dict(zip(header, next(csv.reader([lines[line - 1]])), strict=True))
    row.update(values)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([row[h] for h in header])
    lines[line - 1] = out.getvalue()
    scratch.write_lines(table, lines)


def edit_line(scratch, table: str, line: int, edit) -> None:
    lines = scratch.lines(table)
    lines[line - 1] = edit(lines[line - 1])
    scratch.write_lines(table, lines)


def descriptor(scratch) -> dict:
    return json.loads((scratch.data / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(scratch, package: dict) -> None:
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    (scratch.data / "datapackage.json").write_text(text, encoding="utf-8")


def resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


def spec(package: dict, table: str, column: str) -> dict:
    return next(f for f in resource(package, table)["schema"]["fields"] if f["name"] == column)


# --------------------------------------------------------------------------- 1. one reading


def test_one_reading_unclosed_quote_is_reported_where_it_opened(scratch):
    """Today's silent loss: a quote left open swallowed the next row (29 of 30 facts)."""
    line = len([x for x in scratch.lines("context_facts") if x]) - 1  # a row with one after it
    edit_line(scratch, "context_facts", line, lambda text: text.rsplit(",", 1)[0] + ',"x')
    problem = expect(scratch, path="data/context_facts.csv", line=line, rule="unclosed quote")
    assert problem.column.endswith(f"'{scratch.lines('context_facts')[0].split(',')[-1]}'")


def test_one_reading_unclosed_quote_that_closes_on_a_later_line(scratch):
    # the quote opened on line 2 closes on line 3: the csv module alone would read one record
    edit_line(scratch, "corrections", 2, lambda text: text.rsplit(",", 1)[0] + ',"x')
    edit_line(scratch, "corrections", 3, lambda text: 'y",' + text)
    problem = expect(scratch, path="data/corrections.csv", line=2, rule="unclosed quote")
    assert "line 3" in problem.rule and "'fact_id'" in problem.column


def test_one_reading_unclosed_quote_at_the_end_of_the_file(scratch):
    lines = [x for x in scratch.lines("corrections") if x]
    scratch.write_lines("corrections", [*lines[:-1], lines[-1].rsplit(",", 1)[0] + ',"x', ""])
    problem = expect(scratch, path="data/corrections.csv", line=len(lines), rule="never closed")
    assert "'fact_id'" in problem.column


def test_one_reading_quote_inside_an_unquoted_value(scratch):
    line, row = find(scratch, "actors", "role_en", lambda v: "," not in v and '"' not in v)
    edit_line(scratch, "actors", line, lambda text: text.replace(row["role_en"], 'He "met" him'))
    problem = expect(scratch, path="data/actors.csv", line=line, rule="quote inside an unquoted")
    assert "'role_en'" in problem.column


def test_one_reading_text_after_a_closing_quote(scratch):
    line, row = find(scratch, "actors", "evidence_en", lambda v: "," in v)
    edit_line(scratch, "actors", line, lambda text: text.replace(f'"{row["evidence_en"]}"', '"a"b'))
    problem = expect(scratch, path="data/actors.csv", line=line, rule="closing quote")
    assert "'evidence_en'" in problem.column


def test_one_reading_a_declared_comment_character_is_honoured(scratch):
    package = descriptor(scratch)
    resource(package, "actors")["dialect"]["commentChar"] = "#"
    write_descriptor(scratch, package)
    lines = scratch.lines("actors")
    scratch.write_lines("actors", [lines[0], "# a note, not a row", *lines[1:]])
    loaded = evidence.load(scratch.data, scratch.article)
    assert len(loaded.actors) == len([x for x in lines[1:] if x])
    assert not loaded.actors["actor_id"].str.startswith("#").any()


def test_one_reading_without_a_comment_character_a_hash_line_is_data(scratch):
    lines = scratch.lines("actors")
    scratch.write_lines("actors", [lines[0], "#" + lines[1], *lines[2:]])
    expect(scratch, path="data/actors.csv", line=2, column="'actor_id'", rule="pattern")


def test_one_reading_declared_missing_values_are_missing_in_the_book(scratch):
    package = descriptor(scratch)
    resource(package, "actors")["schema"]["missingValues"] = ["", "n/a"]
    write_descriptor(scratch, package)
    line, _ = find(scratch, "actors", "title_en")
    set_cells(scratch, "actors", line, title_en="n/a")
    loaded = evidence.load(scratch.data, scratch.article)
    assert pd.isna(loaded.actors["title_en"].iloc[line - 2])
    # and the validator sees the same missing value in a required field
    set_cells(scratch, "actors", line, name_en="n/a")
    expect(scratch, path="data/actors.csv", line=line, column="'name_en'", rule="required")


def test_one_reading_the_declared_delimiter_is_the_one_read(scratch):
    table = rows(scratch, "open_issues")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    (scratch.data / "open_issues.csv").write_text(out.getvalue(), encoding="utf-8")
    assert all(p.path == "data/open_issues.csv" for p in problems_after(scratch))
    package = descriptor(scratch)
    resource(package, "open_issues")["dialect"]["delimiter"] = ";"
    write_descriptor(scratch, package)
    loaded = evidence.load(scratch.data, scratch.article)
    assert loaded.open_issues.fillna("").to_dict("records") == table


def test_one_reading_rows_in_equal_rows_out_for_every_table(scratch):
    loaded = evidence.load(scratch.data, scratch.article)
    for name, frame in loaded.tables.items():
        with (scratch.data / f"{name}.csv").open(encoding="utf-8", newline="") as file:
            physical = [line for line in file.read().splitlines()[1:] if line]
        assert len(frame) == len(physical), name


def test_one_reading_crlf_line_ends_read_the_same_rows(scratch):
    before = evidence.load(scratch.data, scratch.article).tables
    for name in before:
        path = scratch.data / f"{name}.csv"
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    after = evidence.load(scratch.data, scratch.article).tables
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name])


# --------------------------------------------------------------------------- 2. dates


def test_dates_cannot_lie_unpadded_date_is_refused(scratch):
    """Today 2024-5-1 passed, skipped start <= end and printed '31-1 May 2024'."""
    line, row = find(scratch, "context_facts", "start", lambda v: v.endswith("-01"))
    set_cells(scratch, "context_facts", line, start=row["start"][:-3] + "-1")
    problem = expect(scratch, path="data/context_facts.csv", line=line, column="'start'")
    assert "YYYY-MM-DD, zero padded" in problem.rule


def test_dates_cannot_lie_unpadded_date_cannot_hide_start_after_end(scratch):
    line, row = find(scratch, "events", "precision", lambda v: v == "month")
    set_cells(scratch, "events", line, start=row["start"][:8] + "31", end=row["start"][:8] + "1")
    expect(scratch, path="data/events.csv", line=line, column="'end'", rule="zero padded")


@pytest.mark.parametrize("value", ["9999-12-31", "1969-12-31", "0001-01-01"])
def test_dates_cannot_lie_implausible_date_is_refused(scratch, value):
    line, _ = find(scratch, "context_facts", "end")
    set_cells(scratch, "context_facts", line, end=value, start="2023-01-01")
    problem = expect(scratch, path="data/context_facts.csv", line=line, column="'end'")
    assert "between 1970-01-01 and" in problem.rule


@pytest.mark.parametrize("value", ["٢٠٢٣-١٢-١٣", "2023-12-13T00:00", "20231213", " 2023-12-13"])
def test_dates_cannot_lie_other_spellings_are_refused(scratch, value):
    line, _ = find(scratch, "events", "start")
    set_cells(scratch, "events", line, start=value)
    expect(scratch, path="data/events.csv", line=line, column="'start'")


def test_dates_cannot_lie_impossible_day_is_refused(scratch):
    line, _ = find(scratch, "events", "start")
    set_cells(scratch, "events", line, start="2023-02-30")
    expect(scratch, path="data/events.csv", line=line, column="'start'", rule="date")


def test_dates_cannot_lie_alt_interval_start_after_end(scratch):
    line, row = find(scratch, "context_facts", "alt_start")
    set_cells(scratch, "context_facts", line, alt_start="2024-12-31", alt_end="2024-01-01")
    problem = expect(scratch, path="data/context_facts.csv", line=line, column="'alt_end'")
    assert "must not be before alt_start" in problem.rule


def test_dates_cannot_lie_every_start_end_pair_is_checked(scratch):
    """Pairs come from the schema: a new ``*_start``/``*_end`` pair is checked unasked."""
    package = descriptor(scratch)
    fields = resource(package, "corrections")["schema"]["fields"]
    fields += [
        {"name": "valid_start", "type": "date", "description": "From."},
        {"name": "valid_end", "type": "date", "description": "To."},
    ]
    write_descriptor(scratch, package)
    lines = scratch.lines("corrections")
    lines = [lines[0] + ",valid_start,valid_end"] + [x + ",," for x in lines[1:] if x]
    lines[1] = lines[1][:-2] + ",2023-05-02,2023-05-01"
    scratch.write_lines("corrections", lines)
    expect(scratch, path="data/corrections.csv", line=2, column="'valid_end'", rule="valid_start")


def test_dates_cannot_lie_a_cycle_in_event_ordering_is_named(scratch):
    line, row = find(scratch, "events", "after_event_id")
    target_line, _ = find(scratch, "events", "event_id", lambda v: v == row["after_event_id"])
    set_cells(scratch, "events", target_line, after_event_id=row["event_id"])
    problem = expect(scratch, path="data/events.csv", rule="cycle")
    cycle = f"{row['after_event_id']} -(after_event_id)-> {row['event_id']}"
    assert cycle in problem.rule or f"{row['event_id']} -(after_event_id)->" in problem.rule
    assert problem.line == min(line, target_line)


def test_dates_cannot_lie_an_order_stated_from_both_ends_is_no_cycle(scratch):
    # "the halt comes before the meeting" and "the meeting comes after the halt" are one order
    loaded = evidence.load(scratch.data, scratch.article)
    events = loaded.events.set_index("event_id")
    later = events.loc[events["before_event_id"].notna()].iloc[0]
    assert events.loc[later["before_event_id"], "after_event_id"] == later.name


def test_dates_cannot_lie_a_cycle_through_a_before_link_is_named(scratch):
    # the summit placed before the halt, which comes before the meeting, which precedes it
    line, _ = find(scratch, "events", "event_id", lambda v: v == "summit")
    set_cells(scratch, "events", line, before_event_id="contacts_cut")
    problem = expect(scratch, path="data/events.csv", rule="cycle")
    assert "-(before_event_id)->" in problem.rule and "summit" in problem.rule


def test_dates_cannot_lie_an_event_referring_to_itself(scratch):
    line, row = find(scratch, "events", "event_id")
    set_cells(scratch, "events", line, reference_event_id=row["event_id"])
    problem = expect(scratch, path="data/events.csv", line=line, rule="cycle")
    assert f"{row['event_id']} -(reference_event_id)-> {row['event_id']}" in problem.rule


def test_dates_cannot_lie_the_grammar_itself():
    today = date(2025, 6, 1)
    assert dates.parse_day("2026-12-31", today) == date(2026, 12, 31)
    assert dates.parse_day("1970-01-01", today) == date(1970, 1, 1)
    for bad in ["2027-01-01", "2024-5-1", "2024-05-1", "24-05-01", "2024/05/01", "2024-13-01"]:
        with pytest.raises(dates.BadDate):
            dates.parse_day(bad, today)


# --------------------------------------------------------------------------- 3. structure


def test_structural_fault_missing_resource(scratch):
    package = descriptor(scratch)
    package["resources"] = [r for r in package["resources"] if r["name"] != "corrections"]
    write_descriptor(scratch, package)
    expect(scratch, path="data/datapackage.json", rule="resource 'corrections' is missing")


def test_structural_fault_extra_resource(scratch):
    package = descriptor(scratch)
    extra = json.loads(json.dumps(resource(package, "corrections")))
    extra.update(name="notes", path="notes.csv")
    package["resources"].append(extra)
    write_descriptor(scratch, package)
    (scratch.data / "notes.csv").write_bytes((scratch.data / "corrections.csv").read_bytes())
    problem = expect(
        scratch, path="data/datapackage.json", rule="resource 'notes' is not a table the book reads"
    )
    assert problem.line is not None


def test_structural_fault_csv_not_listed(scratch):
    (scratch.data / "extra_facts.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    expect(scratch, path="data/extra_facts.csv", rule="not listed in datapackage.json")


def test_structural_fault_broken_datapackage_json(scratch):
    path = scratch.data / "datapackage.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, x in enumerate(lines, 1) if '"primaryKey"' in x)
    lines[number - 1] = lines[number - 1].replace('"primaryKey":', '"primaryKey"')
    path.write_text("\n".join(lines), encoding="utf-8")
    problem = expect(scratch, path="data/datapackage.json", line=number, rule="valid JSON")
    assert problem.column is not None


def test_structural_fault_unknown_field_type(scratch):
    package = descriptor(scratch)
    spec(package, "events", "start")["type"] = "datum"
    write_descriptor(scratch, package)
    problem = expect(scratch, path="data/datapackage.json", rule="resource 'events', field 'start'")
    assert problem.value == "datum" and "type must be one of" in problem.rule
    text = (scratch.data / "datapackage.json").read_text(encoding="utf-8").split("\n")
    assert '"name": "start"' in text[problem.line - 1]


def test_structural_fault_bad_constraint(scratch):
    package = descriptor(scratch)
    spec(package, "paragraphs", "line")["constraints"]["minimum"] = "one"
    write_descriptor(scratch, package)
    expect(scratch, path="data/datapackage.json", rule="resource 'paragraphs', field 'line'")


def test_structural_fault_pattern_that_is_no_regular_expression(scratch):
    package = descriptor(scratch)
    spec(package, "claims", "claim_id")["constraints"]["pattern"] = "C[0-9"
    write_descriptor(scratch, package)
    expect(scratch, path="data/datapackage.json", rule="pattern is not a regular expression")


def test_structural_fault_unknown_dialect_property(scratch):
    package = descriptor(scratch)
    resource(package, "claims")["dialect"]["headerRows"] = [1, 2]
    write_descriptor(scratch, package)
    expect(scratch, path="data/datapackage.json", rule="dialect 'headerRows' is not read")


def test_structural_fault_foreign_key_to_nothing(scratch):
    package = descriptor(scratch)
    resource(package, "claims")["schema"]["foreignKeys"][0]["reference"]["resource"] = "paras"
    write_descriptor(scratch, package)
    expect(scratch, path="data/datapackage.json", rule="unknown resource 'paras'")


def test_structural_fault_missing_file(scratch):
    (scratch.data / "claims.csv").unlink()
    expect(scratch, path="data/claims.csv", rule="file is missing")


def test_structural_fault_field_over_the_csv_size_limit(scratch):
    line, row = find(scratch, "actors", "role_en")
    set_cells(scratch, "actors", line, role_en="x" * (evidence.MAX_FIELD_CHARS + 1))
    expect(scratch, path="data/actors.csv", line=line, rule="at most 131072 characters")


def test_structural_fault_header_only_file(scratch):
    """Today the corrections vanished from the book."""
    scratch.write_lines("corrections", [scratch.lines("corrections")[0], ""])
    expect(scratch, path="data/corrections.csv", line=1, rule="at least one")


def test_structural_fault_empty_file(scratch):
    (scratch.data / "corrections.csv").write_bytes(b"")
    expect(scratch, path="data/corrections.csv", rule="header row")


def test_structural_fault_channel_listed_twice(scratch):
    line, row = find(scratch, "events", "channel_ids", lambda v: v)
    first = row["channel_ids"].split(";")[0]
    set_cells(scratch, "events", line, channel_ids=f"{row['channel_ids']};{first}")
    problem = expect(scratch, path="data/events.csv", line=line, column="'channel_ids'")
    assert f"'{first}' is listed more than once" in problem.rule


@pytest.mark.parametrize("blank", ["", ",,,,,,,,,,", "   "])
def test_structural_fault_blank_row_without_follow_on(scratch, blank):
    lines = scratch.lines("actors")
    scratch.write_lines("actors", [*lines[:2], blank, *lines[2:]])
    problems = problems_after(scratch)
    assert [str(p) for p in problems] == [
        "data/actors.csv:3: breaks rule: blank row: delete the line"
    ]


def test_structural_fault_short_and_long_rows(scratch):
    edit_line(scratch, "channels", 2, lambda text: text + ",surplus")
    edit_line(scratch, "channels", 3, lambda text: text.rsplit(",", 1)[0])
    problems = problems_after(scratch)
    assert [(p.line, p.value) for p in problems] == [(2, "surplus"), (3, None)], problems
    header = scratch.lines("channels")[0].split(",")
    assert "extra cell" in problems[0].rule and problems[0].column == str(len(header) + 1)
    assert "missing cell" in problems[1].rule and f"'{header[-1]}'" in problems[1].column


def test_structural_fault_nul_byte(scratch):
    line, row = find(scratch, "claims", "claim_en")
    set_cells(scratch, "claims", line, claim_en=row["claim_en"][:5] + "\0" + row["claim_en"][5:])
    problem = expect(scratch, path="data/claims.csv", line=line, column="'claim_en'")
    assert "control characters (U+0000 at character 6)" in problem.rule


def test_structural_fault_readme_example_is_what_the_loader_says(scratch):
    """data/README.md shows the error format with an example; the loader says exactly that."""
    readme = (evidence.paths.DATA / "README.md").read_text(encoding="utf-8")
    example = readme.split("```text\n", 1)[1].split("```", 1)[0].rstrip("\n")
    place = re.match(
        r"  - data/(\w+)\.csv:(\d+): column \d+ '(\w+)': value '([^']*)'", example.split("\n")[1]
    )
    table, line, column, value = place.groups()
    set_cells(scratch, table, int(line), **{column: value})
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    assert str(caught.value) == example


# --------------------------------------------------------------------------- 4. sources, bidi


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//www.newsweek.com/x",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://ftp.example.org/report.txt",
        "//www.newsweek.com/x",
        "https:/www.newsweek.com/x",
        "https://www.newsweek.com/a b",
    ],
)
@pytest.mark.parametrize("column", ["source_url", "alt_source_url"])
def test_only_http_sources_other_schemes_are_refused_at_load(scratch, url, column):
    line, _ = find(scratch, "context_facts", column)
    set_cells(scratch, "context_facts", line, **{column: url})
    problem = expect(scratch, path="data/context_facts.csv", line=line, column=f"'{column}'")
    assert problem.value == url


def test_only_http_sources_one_rule_for_every_url_field():
    assert evidence.url_problem("https://www.newsweek.com/china-us-1852318") is None
    assert evidence.url_problem("http://eng.mod.gov.cn/news/1.htm") is None
    for bad in ["javascript:x", "data:,x", "file:///x", "ftp://x/y", "https://", "HTTPS://x/y"]:
        assert evidence.url_problem(bad), bad


@pytest.mark.parametrize("control", ["\u202e", "\u202b", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_only_http_sources_bidi_controls_are_refused_in_english(scratch, control):
    """Today an RLO made 'Michael Chase' display while the stored text read otherwise."""
    line, row = find(scratch, "actors", "name_en")
    set_cells(scratch, "actors", line, name_en=f"{control}esahC leahciM")
    problem = expect(scratch, path="data/actors.csv", line=line, column="'name_en'")
    assert f"U+{ord(control):04X}" in problem.rule and unicodedata.name(control) in problem.rule


def test_only_http_sources_bidi_controls_are_refused_in_arabic_labels(scratch):
    line, row = find(scratch, "context_facts", "label_ar")
    set_cells(scratch, "context_facts", line, label_ar="\u202d" + row["label_ar"])
    expect(scratch, path="data/context_facts.csv", line=line, column="'label_ar'", rule="bidi")


def verbatim_problem(scratch, transform) -> evidence.Problem:
    line, row = find(scratch, "claims", "evidence_ar")
    set_cells(scratch, "claims", line, evidence_ar=transform(row["evidence_ar"]))
    return expect(scratch, path="data/claims.csv", line=line, column="'evidence_ar'")


def test_only_http_sources_verbatim_error_names_nfd(scratch):
    problem = verbatim_problem(scratch, lambda s: unicodedata.normalize("NFD", s))
    assert "decomposed (NFD)" in problem.rule


def test_only_http_sources_verbatim_error_names_a_joiner(scratch):
    problem = verbatim_problem(scratch, lambda s: s[:3] + "\u200d" + s[3:])
    assert "joiner" in problem.rule


def test_only_http_sources_verbatim_error_names_a_bidi_mark(scratch):
    problem = verbatim_problem(scratch, lambda s: "\u200f" + s)
    assert "bidi mark" in problem.rule


def test_only_http_sources_verbatim_error_names_persian_forms(scratch):
    line, row = find(scratch, "actors", "name_ar", lambda v: "ي" in v or "ك" in v)
    persian = row["name_ar"].replace("ي", "\u06cc").replace("ك", "\u06a9")
    set_cells(scratch, "actors", line, name_ar=persian)
    problem = expect(scratch, path="data/actors.csv", line=line, column="'name_ar'")
    assert "Persian letter forms" in problem.rule


def test_only_http_sources_verbatim_error_without_hidden_cause_says_only_verbatim(scratch):
    problem = verbatim_problem(scratch, lambda s: s + " زائد")
    assert problem.rule.endswith("verbatim in paragraph " + problem.rule.split()[-1])


# --------------------------------------------------------------------------- 5. regular files


SECRET = "SECRET_TOKEN=do-not-print-me"


def secret_outside(tmp_path) -> str:
    path = tmp_path / "outside.csv"
    path.write_text(f"{SECRET}\n{SECRET}\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("target", ["secret", "/proc/self/environ"])
def test_data_files_are_regular_files_symlink_is_refused_unread(scratch, tmp_path, target):
    path = scratch.data / "claims.csv"
    path.unlink()
    path.symlink_to(secret_outside(tmp_path) if target == "secret" else target)
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    message = str(caught.value)
    assert "data/claims.csv: breaks rule: must be a regular file, not a symbolic link" in message
    assert SECRET not in message and "PATH=" not in message and "HOME=" not in message


@pytest.mark.parametrize(
    "path", ["../seeds/000_3782c6645462c6f3.txt", "/etc/passwd", "https://x.org/a.csv", "./a.csv"]
)
def test_data_files_are_regular_files_path_leaving_data_is_refused(scratch, path):
    package = descriptor(scratch)
    resource(package, "claims")["path"] = path
    write_descriptor(scratch, package)
    problems = problems_after(scratch)
    assert any(p.value == path and "inside data/" in p.rule for p in problems), problems
    assert "root:" not in "\n".join(map(str, problems))


def test_data_files_are_regular_files_linked_folder_is_refused(scratch, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "claims.csv").write_bytes((scratch.data / "claims.csv").read_bytes())
    (scratch.data / "linked").symlink_to(outside, target_is_directory=True)
    package = descriptor(scratch)
    resource(package, "claims")["path"] = "linked/claims.csv"
    write_descriptor(scratch, package)
    (scratch.data / "claims.csv").unlink()
    expect(scratch, rule="not a symbolic link")


def test_data_files_are_regular_files_descriptor_link_is_refused(scratch, tmp_path):
    path = scratch.data / "datapackage.json"
    copy = tmp_path / "package.json"
    copy.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(copy)
    expect(scratch, path="data/datapackage.json", rule="not a symbolic link")


def test_data_files_are_regular_files_a_fifo_is_refused_without_blocking(scratch):
    path = scratch.data / "claims.csv"
    path.unlink()
    os.mkfifo(path)
    expect(scratch, path="data/claims.csv", rule="must be a regular file")
