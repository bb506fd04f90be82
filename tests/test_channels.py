"""Chapter 'Open issues, and what became of them': states, spans and status from the data."""

import re
from datetime import date

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from test_figure_text import THRESHOLD, Case, measure  # noqa: E402  (the HarfBuzz oracle)

from article_evidence import channels, dates, evidence, figtext, style  # noqa: E402

LOADED = evidence.load()
LANE_NAMES = LOADED.channels.set_index("channel_id").loc[list(channels.LANES), "name_ar"]


@pytest.fixture(scope="module")
def ev():
    style.apply()
    return LOADED


def edited(ev, table: str, row_id: str, **values) -> evidence.Evidence:
    """An in-memory copy of the evidence with one row of one table changed."""
    frame = ev.tables[table].copy()
    where = frame[frame.columns[0]] == row_id
    assert where.sum() == 1, row_id
    for column, value in values.items():
        frame[column] = frame[column].astype(object)
        frame.loc[where, column] = value
    return evidence.Evidence({**ev.tables, table: frame}, ev.article, ev.paragraphs_text)


def fact_date(ev, fact_id: str, column: str = "start") -> date:
    return ev.context_facts.set_index("fact_id").loc[fact_id, column].date()


def spans_of(ev, channel: str) -> pd.DataFrame:
    spans = channels.state_spans(ev)
    return spans.loc[spans["channel_id"] == channel].reset_index(drop=True)


def span_on(ev, channel: str, day: date):
    spans = spans_of(ev, channel)
    return spans.loc[(spans["start"] <= day) & (spans["end"] >= day)].iloc[0]


# --------------------------------------------------------------------------- provenance

FRAMES = {
    "transitions": channels.transitions,
    "publication_states": channels.publication_states,
    "issue_evidence": channels.issue_evidence,
}


@pytest.mark.parametrize("name", FRAMES)
def test_frames_pass_the_provenance_check(ev, name):
    frame = evidence.check_provenance(FRAMES[name](ev))
    article = frame["provenance"] == "article"
    assert all(re.fullmatch(r"P\d\d", p) for p in frame.loc[article, "paragraph_id"])
    assert all(url.startswith("http") for url in frame.loc[~article, "source_url"])


@pytest.mark.parametrize("name", ["transitions", "issue_evidence"])
def test_context_row_shown_as_said_by_the_article_is_refused(ev, name):
    frame = FRAMES[name](ev)
    frame.loc[frame.index[frame["provenance"] == "context"][0], "provenance"] = "article"
    with pytest.raises(evidence.ProvenanceError, match="article row must cite a paragraph"):
        evidence.check_provenance(frame)


def test_article_row_given_an_outside_source_is_refused(ev):
    frame = channels.issue_evidence(ev)
    frame.loc[frame.index[frame["provenance"] == "article"][0], "source_url"] = "https://x.org"
    with pytest.raises(evidence.ProvenanceError, match="no source"):
        evidence.check_provenance(frame)


@pytest.mark.parametrize(
    "build", [channels.transitions, channels.issue_status, channels.vacancy_length]
)
def test_context_table_passed_off_as_the_article_stops_the_chapter(ev, build):
    facts = ev.context_facts.copy()
    facts.attrs = {**facts.attrs, "provenance": "article"}
    broken = evidence.Evidence(
        {**ev.tables, "context_facts": facts}, ev.article, ev.paragraphs_text
    )
    with pytest.raises(evidence.ProvenanceError):
        build(broken)


def test_a_duration_between_article_and_context_is_refused(ev):
    rows = channels.endpoints(ev, ["li_removed", "dong_jun_named"])
    spec = channels.Measure("mixed", "Mixed", ("li_removed", "start"), ("dong_jun_named", "start"))
    with pytest.raises(evidence.ProvenanceError, match="between article and context"):
        channels.measure(rows, spec)


def test_status_cells_keep_article_and_context_apart(ev):
    status = channels.issue_status(ev)
    assert status["At publication (article)"].str.fullmatch(r".*\(P\d\d\)").all()
    assert not status["At publication (article)"].str.contains(r"\[|context").any()
    assert not status["What happened (context)"].str.contains(r"\(P\d\d\)").any()


# --------------------------------------------------------------------------- spans


def test_every_lane_ends_in_the_state_of_its_last_change(ev):
    last = channels.transitions(ev).sort_values("start").groupby("channel_id")["state"].last()
    for channel in channels.LANES:
        assert spans_of(ev, channel).iloc[-1]["states"] == (last[channel],), channel


def test_moving_a_change_moves_the_span(ev):
    restored = fact_date(ev, "paparo_wu_call")
    assert span_on(ev, "theater", restored)["states"] == ("restored",)
    later = edited(ev, "context_facts", "paparo_wu_call", start=pd.Timestamp("2024-11-20"))
    assert span_on(later, "theater", restored)["states"] == ("sought",)
    assert span_on(later, "theater", date(2024, 11, 20))["states"] == ("restored",)


def test_dropping_a_change_drops_its_state(ev):
    named = fact_date(ev, "dong_jun_named")
    assert span_on(ev, "ministers", named)["states"] == ("sought",)
    dropped = edited(ev, "context_facts", "dong_jun_named", channel_ids=pd.NA, channel_state=pd.NA)
    assert span_on(dropped, "ministers", named)["states"] == ("vacant",)
    assert "sought" not in set().union(*spans_of(dropped, "ministers")["states"])


def test_a_change_dated_to_an_interval_is_uncertain_across_it(ev):
    meeting = ev.events.set_index("event_id").loc["chase_liu_meeting"]
    inside = span_on(ev, "attache", meeting["start"].date() + pd.Timedelta(days=30))
    assert not inside["certain"] and inside["states"] == ("cut", "met")
    assert span_on(ev, "attache", meeting["end"].date())["states"] == ("met",)


def test_a_context_fact_narrows_the_article_event_it_dates(ev):
    # No row sets the ministers' lane before Li's removal: the lane begins with it.
    removed = fact_date(ev, "li_removed_date")
    first = spans_of(ev, "ministers").iloc[0]
    assert (first["start"], first["states"], first["certain"]) == (removed, ("vacant",), True)
    undated = edited(ev, "context_facts", "li_removed_date", event_id=pd.NA)
    first = spans_of(undated, "ministers").iloc[0]  # only "last October"
    assert (first["start"], first["states"]) == (removed.replace(day=1), ("vacant",))
    assert not first["certain"]
    assert span_on(undated, "ministers", removed.replace(day=31))["certain"]


def test_an_approximate_period_is_a_change_at_its_start(ev):
    # "Trying for nearly 3 years" (P15), from about Aug 2021 per the record, is a change then;
    # China's cancellation on 5 Aug 2022 is the next change, and the article's "sought" at
    # publication began again on an unknown day after it.
    asking = fact_date(ev, "aquilino_requests")
    cancelled = fact_date(ev, "china_countermeasures")
    published = channels.publication(ev)
    assert spans_of(ev, "theater").iloc[0]["start"] == asking
    assert span_on(ev, "theater", cancelled - pd.Timedelta(days=1))["states"] == ("sought",)
    assert span_on(ev, "theater", cancelled)["states"] == ("cut",)
    after = span_on(ev, "theater", cancelled + pd.Timedelta(days=1))
    assert after["states"] == ("cut", "sought") and not after["certain"]
    assert after["end"] == published - pd.Timedelta(days=1)
    assert channels.state_on(ev, "theater", published) == (("sought",), True)
    assert "theater" in channels.implied_lanes(ev)


@pytest.mark.parametrize("channel", channels.LANES)
def test_state_at_publication_is_the_articles(ev, channel):
    stated = ev.channels.set_index("channel_id").loc[channel, "state_at_publication"]
    assert channels.state_on(ev, channel, channels.publication(ev)) == ((stated,), True)


def test_a_state_known_only_at_publication_began_after_the_last_dated_change(ev):
    assert "mmca" in channels.implied_lanes(ev)
    cancelled = fact_date(ev, "china_countermeasures")
    after_cut = span_on(ev, "mmca", cancelled + pd.Timedelta(days=1))
    assert after_cut["states"] == ("cut", "sought") and not after_cut["certain"]
    agreeing = edited(ev, "channels", "mmca", state_at_publication="cut")
    assert "mmca" not in channels.implied_lanes(agreeing)


def test_a_state_known_only_at_publication_with_no_earlier_change_begins_there(ev):
    # The chiefs' lane: no row dates a state before the article's "sought" (P11).
    assert "chiefs" in channels.implied_lanes(ev)
    first = spans_of(ev, "chiefs").iloc[0]
    assert first["start"] == channels.publication(ev)
    assert first["states"] == ("sought",) and first["certain"]


def test_a_lane_the_article_alone_speaks_of_ends_at_publication(ev):
    published = channels.publication(ev)
    last = spans_of(ev, "attache").iloc[-1]
    assert (last["end"], last["states"]) == (published, ("met",))
    # Lanes whose last change an outside source sets run to the end of the view.
    assert spans_of(ev, "leaders").iloc[-1]["end"] == channels.UNTIL
    met_later = edited(
        ev, "context_facts", "austin_dong_meeting", channel_ids="attache", channel_state="restored"
    )
    assert spans_of(met_later, "attache").iloc[-1]["end"] == channels.UNTIL


def test_the_attache_lane_names_one_meeting_not_a_restored_channel(ev):
    table = channels.transition_table(ev)
    attache = table.loc[table["Lane"] == channels.LANE_EN["attache"], "State set"]
    assert "met again" in set(attache) and "restored" not in set(attache)
    other = table.loc[table["Lane"] == channels.LANE_EN["chiefs"], "State set"]
    assert "restored" in set(other)


def test_routine_contact_has_no_dated_change(ev):
    # The reason the chapter gives for leaving 'routine' out of the lanes.
    assert "routine" not in channels.LANES
    assert "routine" not in set(channels.transitions(ev)["channel_id"])


# --------------------------------------------------------------------------- status


def test_first_changes_come_from_the_first_change_after_publication(ev):
    status = channels.issue_status(ev).set_index("Issue")[channels.FIRST_CHANGE]
    titles = ev.open_issues.set_index("issue_id")["title_en"]
    assert status[titles["minister_vacancy"]].startswith(
        dates.day_text(fact_date(ev, "dong_jun_named"))
    )
    assert (
        f"restored {dates.day_text(fact_date(ev, 'austin_dong_call'))}"
        in (status[titles["minister_vacancy"]])
    )
    moved = edited(ev, "context_facts", "brown_liu_call", start=pd.Timestamp("2024-02-02"))
    moved_status = channels.issue_status(moved).set_index("Issue")[channels.FIRST_CHANGE]
    assert moved_status[titles["brown_contact"]].startswith("2 Feb 2024")


def test_a_date_held_with_less_than_high_confidence_says_so(ev):
    status = channels.issue_status(ev).set_index("Issue")[channels.FIRST_CHANGE]
    mmca = ev.open_issues.set_index("issue_id").loc["mmca_restart", "title_en"]
    assert status[mmca].startswith("3–4 Apr 2024 (medium confidence): ")
    sure = edited(ev, "context_facts", "mmca_honolulu", confidence="high")
    sure_status = channels.issue_status(sure).set_index("Issue")[channels.FIRST_CHANGE]
    assert sure_status[mmca].startswith("3–4 Apr 2024: ")


def test_an_issue_with_no_later_fact_is_open_as_the_article_left_it(ev):
    status = channels.issue_status(ev).set_index("Issue")[channels.FIRST_CHANGE]
    intercepts = ev.open_issues.set_index("issue_id").loc["intercepts", "title_en"]
    published = dates.day_text(channels.publication(ev))
    expected = f"no later fact in the data; open as the article left it ({published})"
    assert status[intercepts] == expected


def test_only_a_restored_channel_counts_as_restored(ev):
    # Naming a minister (vacant -> sought) is a change, not a resolution.
    assert channels.numbers(ev)["issues_restored"] == "5"
    no_call = edited(
        ev, "context_facts", "austin_dong_call", channel_ids=pd.NA, channel_state=pd.NA
    )
    assert channels.numbers(no_call)["issues_restored"] == "4"
    status = channels.issue_status(no_call).set_index("Issue")[channels.FIRST_CHANGE]
    vacancy = ev.open_issues.set_index("issue_id").loc["minister_vacancy", "title_en"]
    assert "restored" not in status[vacancy]


def test_numbers_for_the_prose_are_computed(ev):
    numbers = channels.numbers(ev)
    vacancy = (fact_date(ev, "dong_jun_named") - fact_date(ev, "li_removed_date")).days
    assert numbers["vacancy_days"] == str(vacancy)
    assert numbers["issues"] == str(len(ev.open_issues))
    command = channels.aquilino_table(ev).loc["command"]
    assert numbers["command_months"] == "2 years, 7 months"
    assert numbers["command_at_publication"].startswith(numbers["command_months"])
    assert command["begin"] == fact_date(ev, "aquilino_takes_command")


# --------------------------------------------------------------------------- durations


def test_vacancy_length_follows_the_dates(ev):
    later = edited(ev, "context_facts", "dong_jun_named", start=pd.Timestamp("2024-01-10"))
    before = channels.vacancy_length(ev).set_index("Measure")["Days"]
    after = channels.vacancy_length(later).set_index("Measure")["Days"]
    changed = (after - before)[after != before]
    assert set(changed) == {(date(2024, 1, 10) - fact_date(ev, "dong_jun_named")).days}


def test_nearly_three_years_is_longer_than_the_record_at_publication(ev):
    table = channels.aquilino_durations(ev).set_index("Measure")["Against 3 years"]
    asking = [label for label in table.index if label.startswith("Asking:")][0]
    assert table[asking].endswith("short")
    assert table.iloc[0] == ""  # the article's own figure is not measured against itself


def test_against_years():
    assert channels.against_years(date(2021, 1, 1), date(2024, 1, 1), False) == "exactly"
    assert channels.against_years(date(2021, 1, 1), date(2023, 12, 1), False) == "1 month short"
    assert channels.against_years(date(2021, 1, 1), date(2024, 1, 20), True) == "about 1 month over"


# --------------------------------------------------------------------------- disagreements


@pytest.mark.parametrize("fact_id", ["mmca_honolulu", "brown_cjcs", "paparo_wu_call"])
def test_disagreeing_sources_are_both_shown(ev, fact_id):
    table = channels.disagreements(ev)
    row = ev.context_facts.set_index("fact_id").loc[fact_id]
    shown = table.loc[table["Fact"] == row["fact_en"]].iloc[0]
    assert dates.day_text(row["alt_end"]) in shown["Other source"]
    assert dates.day_text(row["end"]) in shown["Date"]
    assert shown["Confidence"] == row["confidence"]


# --------------------------------------------------------------------------- figure


@pytest.fixture(scope="module")
def figure(ev):
    return channels.draw_channel_lanes(ev)


def test_lanes_are_labelled_with_the_articles_arabic(ev, figure):
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == [figtext.ar(channels.lane_label(ev, c)) for c in channels.LANES]
    assert all(name in channels.lane_label(ev, c) for c, name in LANE_NAMES.items())


def test_publication_is_marked(ev, figure):
    from matplotlib.dates import date2num

    lines = [line.get_xdata()[0] for line in figure.axes[0].lines if line.get_linestyle() == "--"]
    assert lines == [date2num(channels.publication(ev))]


def test_every_uncertain_span_in_view_is_hatched(ev, figure):
    spans = channels.state_spans(ev)
    in_view = spans.loc[~spans["certain"] & (spans["end"] >= channels.lane_start(ev))]
    hatched = [p for p in figure.axes[0].patches if p.get_hatch()]
    assert len(hatched) == sum(len(states) for states in in_view["states"])


@pytest.mark.parametrize("channel", channels.LANES)
def test_lane_label_arabic_matches_harfbuzz(channel):
    style.apply()
    result = measure(Case(f"lane-{channel}", LANE_NAMES[channel]))
    assert result.correct < THRESHOLD, f"{LANE_NAMES[channel]!r}: {result.correct:.3f}"


def test_figure_text_is_deterministic(ev):
    first, second = channels.draw_channel_lanes(ev), channels.draw_channel_lanes(ev)
    texts = [[t.get_text() for t in f.axes[0].texts] for f in (first, second)]
    assert texts[0] == texts[1] and any(re.search("restored", t) for t in texts[0])
