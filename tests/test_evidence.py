"""The loader accepts the real data and rejects each kind of bad input with a precise message."""

import pytest

from article_evidence import evidence


def problems_after(scratch) -> list[evidence.Problem]:
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    return caught.value.problems


def only(problems, **expected) -> evidence.Problem:
    """The single problem whose fields contain the expected fragments."""
    matches = [
        p
        for p in problems
        if all(fragment in (str(getattr(p, key)) or "") for key, fragment in expected.items())
    ]
    assert len(matches) == 1, f"expected one problem like {expected}, got:\n" + "\n".join(
        map(str, problems)
    )
    return matches[0]


def test_real_data_loads_with_every_row(scratch):
    loaded = evidence.load(scratch.data, scratch.article)
    for name, frame in loaded.tables.items():
        lines = [line for line in scratch.lines(name)[1:] if line]
        assert len(frame) == len(lines), name


def test_tables_are_marked_article_or_context():
    loaded = evidence.load()
    provenance = {name: frame.attrs["provenance"] for name, frame in loaded.tables.items()}
    assert {n for n, p in provenance.items() if p == "context"} == set(evidence.CONTEXT_TABLES)
    assert {n for n, p in provenance.items() if p == "article"} == set(evidence.ARTICLE_TABLES)


def test_missing_column(scratch):
    lines = scratch.lines("open_issues")
    lines = [line.rsplit(",", 1)[0] for line in lines if line]
    scratch.write_lines("open_issues", lines)
    problem = only(problems_after(scratch), path="data/open_issues.csv", column="channel_id")
    assert problem.line == 1 and "missing" in problem.rule


def test_extra_column(scratch):
    lines = scratch.lines("open_issues")
    lines = [line + (",extra" if i == 0 else ",x") for i, line in enumerate(lines) if line]
    scratch.write_lines("open_issues", lines)
    problem = only(problems_after(scratch), path="data/open_issues.csv", column="9")
    assert problem.line == 1 and "extra" in problem.rule and problem.value == "extra"


def test_duplicate_id(scratch):
    lines = scratch.lines("actors")
    scratch.write_lines("actors", lines[:3] + [lines[2]] + lines[3:])
    problem = only(problems_after(scratch), path="data/actors.csv", rule="primary key")
    assert (problem.line, problem.value) == (4, "liu_zhan") and "on line 3" in problem.rule


def test_reference_to_unknown_id(scratch):
    scratch.replace_in_line("mentions", 2, ",chase,", ",nobody,")
    problem = only(problems_after(scratch), path="data/mentions.csv", rule="foreign key")
    assert (problem.line, problem.column, problem.value) == (2, "2 'actor_id'", "nobody")
    assert "actor_id in actors.csv" in problem.rule


def test_unparseable_date(scratch):
    scratch.replace_in_line("events", 2, "2023-12-13,2023-12-13", "2023-13-45,2023-12-13")
    problem = only(problems_after(scratch), path="data/events.csv", column="'start'")
    assert problem.line == 2 and problem.value == "2023-13-45" and "date" in problem.rule


def test_start_after_end(scratch):
    scratch.replace_in_line("events", 2, "2023-12-13,2023-12-13", "2023-12-14,2023-12-13")
    problem = only(problems_after(scratch), path="data/events.csv", column="'end'")
    assert problem.line == 2 and "before start" in problem.rule


def test_span_not_in_paragraph(scratch):
    scratch.replace_in_line("claims", 2, "التقى أكبر مسؤول", "التقى أصغر مسؤول")
    problem = only(problems_after(scratch), path="data/claims.csv", column="evidence_ar")
    assert problem.line == 2 and "verbatim in paragraph P01" in problem.rule
    assert "أصغر" in problem.value


def test_label_word_not_in_paragraph(scratch):
    scratch.replace_in_line("events", 2, "صحيفة فاينانشيال تايمز", "صحيفة نيويورك تايمز")
    problem = only(problems_after(scratch), path="data/events.csv", column="label_ar")
    assert problem.line == 2 and "نيويورك" in problem.rule


def test_empty_required_field(scratch):
    scratch.replace_in_line("channels", 2, ",met", ",")
    problem = only(problems_after(scratch), path="data/channels.csv", column="state_at_publication")
    assert problem.line == 2 and "required" in problem.rule


def test_latin_text_in_arabic_field(scratch):
    scratch.replace_in_line("actors", 2, ",مايكل تشيس,", ",Michael Chase,")
    problem = only(problems_after(scratch), column="name_ar", rule="pattern")
    assert (problem.path, problem.line, problem.value) == ("data/actors.csv", 2, "Michael Chase")


def test_not_utf8(scratch):
    path = scratch.data / "claims.csv"
    raw = path.read_bytes()
    offset = raw.index(b"\n", raw.index(b"\n") + 1) + 5  # line 3, column 5
    path.write_bytes(raw[:offset] + b"\xff" + raw[offset:])
    problem = only(problems_after(scratch), path="data/claims.csv", rule="UTF-8")
    assert (problem.line, problem.column, problem.value) == (3, "5", "bytes ff")


def test_byte_order_mark(scratch):
    path = scratch.data / "channels.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problem = only(problems_after(scratch), path="data/channels.csv", rule="byte-order mark")
    assert problem.line == 1


def test_paragraph_must_match_the_article(scratch):
    scratch.replace_in_line("paragraphs", 8, "ودفعت هذه الزيارة", "ودفعت تلك الزيارة")
    problem = only(problems_after(scratch), path="data/paragraphs.csv", column="text_ar")
    assert problem.line == 8 and "line 7 of the article" in problem.rule


def test_unknown_channel_in_list(scratch):
    scratch.replace_in_line("context_facts", 14, "theater;dpct", "theater;admirals")
    problem = only(problems_after(scratch), path="data/context_facts.csv", column="channel_ids")
    assert problem.line == 14 and "'admirals'" in problem.rule


def test_bad_enum_value(scratch):
    scratch.replace_in_line("channels", 2, ",met", ",reopened")
    problem = only(problems_after(scratch), path="data/channels.csv", value="reopened")
    assert problem.line == 2 and "enum" in problem.rule


def test_edited_article_is_refused(scratch):
    scratch.article.write_bytes(scratch.article.read_bytes() + b"\n")
    only(problems_after(scratch), path="seeds/", rule="sha256")


def test_message_names_file_line_column_value_and_rule(scratch):
    scratch.replace_in_line("events", 2, "2023-12-13,2023-12-13", "2023-13-45,2023-12-13")
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(scratch.data, scratch.article)
    assert "data/events.csv:2: column 11 'start': value '2023-13-45' breaks rule: " in str(
        caught.value
    )


def test_schema_pass_is_skipped_only_for_the_content_already_checked(scratch, monkeypatch):
    monkeypatch.setenv(
        evidence.VALIDATED_ENV, evidence.content_digest(scratch.data, scratch.article)
    )
    evidence.load(scratch.data, scratch.article)  # same content: accepted without the schema
    scratch.replace_in_line("actors", 2, ",مايكل تشيس,", ",Michael Chase,")
    # the edit changed the digest, so the schema ran again and found the Latin letters
    only(problems_after(scratch), path="data/actors.csv", column="name_ar", rule="pattern")
