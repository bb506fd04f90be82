"""Chapter 'Open issues, and what became of them': states, spans and status from the data."""

import functools
import re
from datetime import date

import matplotlib

matplotlib.use("Agg")

import arabic_edition  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from pandas.testing import assert_frame_equal  # noqa: E402
from test_figure_text import THRESHOLD, Case, measure  # noqa: E402  (the HarfBuzz oracle)

from article_evidence import channels, dates, evidence, language, model, style  # noqa: E402

LOADED = evidence.load()
ARTICLE_LANES = [c for c in channels.LANES if c in set(LOADED.channels["channel_id"])]
LANE_NAMES = LOADED.channels.set_index("channel_id").loc[ARTICLE_LANES, "name_ar"]
ARABIC = re.compile(r"[\u0600-\u06FF]")


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


def side_span_on(ev, channel: str, side: str, day: date):
    spans = spans_of(ev, channel)
    spans = spans.loc[(spans["side"] == side) & (spans["start"] <= day) & (spans["end"] >= day)]
    return spans.iloc[0] if len(spans) else None


def test_a_lane_cut_by_china_and_sought_by_the_us_shows_both(ev):
    # INDOPACOM: China cancelled the theater-commander talks on 5 Aug 2022 while Aquilino
    # went on asking (USNI, Mar 2023; the article's "nearly 3 years", P15).
    day = fact_date(ev, "china_countermeasures") + pd.Timedelta(days=30)
    us, china = (side_span_on(ev, "theater", side, day) for side in ("us", "china"))
    assert (us["states"], us["certain"]) == (("sought",), True)
    assert (china["states"], china["certain"]) == (("cut",), True)
    # Without the requests on record the US half has nothing to show on those days.
    quiet = edited(ev, "context_facts", "aquilino_requests", event_id=pd.NA)
    quiet = edited(quiet, "events", "aquilino_attempts", channel_ids=pd.NA,
                   channel_side=pd.NA, channel_action=pd.NA)  # fmt: skip
    quiet = edited(quiet, "context_facts", "aquilino_requests", channel_ids=pd.NA,
                   channel_side=pd.NA, channel_action=pd.NA)  # fmt: skip
    assert side_span_on(quiet, "theater", "us", day) is None
    assert side_span_on(quiet, "theater", "china", day)["states"] == ("cut",)


def test_the_summit_agreed_what_the_article_still_asks_for(ev):
    # P13: the US wants the MMCA restarted; at the summit both sides had agreed to it.
    published = channels.publication(ev)
    assert channels.state_on(ev, "mmca", "us", published) == (("sought",), True)
    assert channels.state_on(ev, "mmca", "china", published) == (("agreed",), True)
    assert channels.state_on(ev, "theater", "us", published) == (("sought",), True)
    assert channels.state_on(ev, "theater", "china", published) == (("agreed",), True)


def test_every_lane_ends_restored_where_the_rule_restores_it(ev):
    for channel in channels.LANES:
        restorer = model.restored_by(ev, channel)
        last = spans_of(ev, channel).groupby("side").last()
        if restorer is None:
            assert model.RESTORED not in set().union(*last["states"]), channel
        else:
            assert {states[-1] for states in last["states"]} == {model.RESTORED}, channel


def test_moving_a_change_moves_the_span(ev):
    restored = fact_date(ev, "paparo_wu_call")
    assert side_span_on(ev, "theater", "china", restored)["states"] == (model.RESTORED,)
    later = edited(ev, "context_facts", "paparo_wu_call", start=pd.Timestamp("2024-11-20"))
    assert side_span_on(later, "theater", "china", restored)["states"] == ("agreed",)
    assert side_span_on(later, "theater", "us", date(2024, 11, 20))["states"] == (model.RESTORED,)


def test_dropping_a_change_drops_its_state(ev):
    named = fact_date(ev, "dong_jun_named")
    assert side_span_on(ev, "ministers", "china", named)["states"] == ("appointed",)
    dropped = edited(ev, "context_facts", "dong_jun_named", channel_ids=pd.NA,
                     channel_side=pd.NA, channel_action=pd.NA)  # fmt: skip
    assert side_span_on(dropped, "ministers", "china", named)["states"] == ("vacant",)


def test_a_refusal_answers_the_us_request(ev):
    # The balloon call: asked 4 Feb 2023, declined by 7 Feb; the US half then holds nothing.
    after = fact_date(ev, "balloon_call_declined", "end") + pd.Timedelta(days=1)
    assert side_span_on(ev, "ministers", "us", after) is None


@pytest.mark.parametrize("fact_id", ["balloon_call_declined", "austin_li_declined"])
def test_a_one_off_refusal_is_drawn_as_a_mark_not_a_lasting_state(ev, fact_id):
    refused, last = fact_date(ev, fact_id), fact_date(ev, fact_id, "end")
    assert side_span_on(ev, "ministers", "china", last)["states"] == ("declined",)
    assert side_span_on(ev, "ministers", "china", refused)["end"] <= last
    assert side_span_on(ev, "ministers", "china", last + pd.Timedelta(days=1)) is None
    declined = spans_of(ev, "ministers").query("side == 'china'")
    declined = declined.loc[declined["states"] == ("declined",)]
    assert all((declined["end"] - declined["start"]).map(lambda d: d.days) <= 3)


def test_a_medium_confidence_agreement_is_a_mark_not_a_state(ev):
    # Austin and Wei agreed in Nov 2022 that Aquilino should meet the commanders: one later
    # report, medium confidence. China's half stays "cut" until the summit.
    day = fact_date(ev, "austin_wei_theater") + pd.Timedelta(days=30)
    assert side_span_on(ev, "theater", "china", day)["states"] == ("cut",)
    sure = edited(ev, "context_facts", "austin_wei_theater", confidence="high")
    assert side_span_on(sure, "theater", "china", day)["states"] == ("agreed",)


def test_a_lasting_request_ends_with_its_period_and_the_articles_word_holds_on(ev):
    # Aquilino's requests (a lasting action) end with their period, the day of the report ...
    published = channels.publication(ev)
    day_after = published + pd.Timedelta(days=1)
    own = model.of_channel(model.actions(ev), "theater")
    dated = model.side_changes([a for a in own if not a.implied], "us")
    assert model.states_on(dated, published)[0] == ("sought",)
    assert model.states_on(dated, day_after)[0] in ((), (None,))
    # ... but the article's word at publication (P15: the US "wants" a meeting) holds on from
    # that day like any posture (rule 4), as P13's does on the maritime lane
    assert side_span_on(ev, "theater", "us", day_after)["states"] == ("sought",)
    assert side_span_on(ev, "mmca", "us", day_after)["states"] == ("sought",)


def test_calls_are_calls_and_restore_by_the_rule(ev):
    rows = channels.transitions(ev).set_index("row_id")
    for fact_id in ("milley_li_call", "brown_liu_call", "austin_dong_call", "paparo_wu_call"):
        assert rows.loc[fact_id, "state"] == "spoke", fact_id
    assert model.restored_by(ev, "chiefs").rows[0] == "brown_liu_call"
    assert model.restored_by(ev, "ministers").rows[0] == "austin_dong_call"
    table = channels.transition_table(ev)
    lane = channels.lane_name("chiefs")
    chiefs = table.loc[table["Lane"] == lane, "Who acts: what"]
    call = channels.state_label("spoke")
    assert (chiefs == f"both: {call}").sum() == 1  # Milley–Li, Jul 2022
    assert (chiefs == f"both: {call}; {channels.RESTORES}").sum() == 1
    rule = channels.rule_table(ev).set_index("Lane")["Restored (one rule)"]
    assert "by a call" in rule[lane]
    as_meeting = edited(ev, "context_facts", "brown_liu_call", channel_action="met")
    rule = channels.rule_table(as_meeting).set_index("Lane")["Restored (one rule)"]
    assert "by a meeting" in rule[lane]


def test_a_context_fact_narrows_the_article_event_it_dates(ev):
    removed = fact_date(ev, "li_removed_date")
    span = side_span_on(ev, "ministers", "china", removed)
    assert (span["start"], span["states"], span["certain"]) == (removed, ("vacant",), True)
    undated = edited(ev, "context_facts", "li_removed_date", event_id=pd.NA, channel_ids=pd.NA,
                     channel_side=pd.NA, channel_action=pd.NA)  # fmt: skip
    first = side_span_on(undated, "ministers", "china", removed.replace(day=1))
    assert not first["certain"] and "vacant" in first["states"]


def test_the_meeting_lies_after_the_halt_that_followed_the_trip(ev):
    windows = model.event_windows(ev)
    trip = fact_date(ev, "chase_in_taiwan")
    cut, meeting = windows["contacts_cut"], windows["chase_liu_meeting"]
    assert cut[0] >= trip
    assert meeting[0] > cut[0] and meeting[0] == trip + pd.Timedelta(days=1)
    assert cut[1] < meeting[1] <= fact_date(ev, "meeting_date", "end")
    # Without the halt between them the meeting could fall on the day of the trip.
    no_halt = edited(ev, "events", "chase_liu_meeting", after_event_id="chase_trip")
    no_halt = edited(no_halt, "events", "contacts_cut", before_event_id="summit")
    no_halt = edited(no_halt, "context_facts", "meeting_date", start=pd.Timestamp(trip))
    assert model.event_windows(no_halt)["chase_liu_meeting"][0] == trip
    # and with the halt, the day after the trip follows from the order, not from the fact
    ordered = edited(ev, "context_facts", "meeting_date", start=pd.Timestamp(trip))
    assert model.event_windows(ordered)["chase_liu_meeting"][0] == trip + pd.Timedelta(days=1)


def test_an_approximate_period_holds_over_its_whole_span(ev):
    # Aquilino's requests: from about Aug 2021 (USNI) to the article (P15); the agreements of
    # Nov 2022 and Nov 2023 do not end them.
    asking = fact_date(ev, "aquilino_requests")
    for fact_id in ("austin_wei_theater", "summit_agreed"):
        day = fact_date(ev, fact_id) + pd.Timedelta(days=1)
        assert side_span_on(ev, "theater", "us", day)["states"] == ("sought",)
    assert spans_of(ev, "theater").query("side == 'us'").iloc[0]["start"] == asking


@pytest.mark.parametrize("channel", ARTICLE_LANES)
def test_state_at_publication_is_the_articles(ev, channel):
    row = ev.channels.set_index("channel_id").loc[channel]
    sides = (
        model.POSTURE_SIDES
        if row["side_at_publication"] == "both"
        else (row["side_at_publication"],)
    )
    for side in sides:
        states, certain = channels.state_on(ev, channel, side, channels.publication(ev))
        assert certain and tuple(map(model.compares_as, states)) == (row["state_at_publication"],)


def test_a_posture_known_only_at_publication_is_drawn_from_publication(ev):
    assert "mmca" in model.implied_channels(ev)
    summit = fact_date(ev, "summit_agreed")
    implied = [a for a in model.actions(ev) if a.implied and a.channel_id == "mmca"][0]
    assert implied.lo == summit + pd.Timedelta(days=1)  # after the side's last action
    between = side_span_on(ev, "mmca", "us", summit + pd.Timedelta(days=1))
    assert between["states"] == ("agreed",) and between["certain"]
    published = channels.publication(ev)
    assert side_span_on(ev, "mmca", "us", published)["start"] == published
    # The top uniformed officers: "sought" only from publication, not from July 2022.
    chiefs = spans_of(ev, "chiefs").query("side == 'us'")
    assert chiefs.loc[chiefs["states"] == ("sought",), "start"].tolist() == [published]
    agreeing = edited(
        ev, "channels", "mmca", state_at_publication="agreed", side_at_publication="both"
    )
    assert "mmca" not in model.implied_channels(agreeing)


def test_a_lane_the_article_alone_speaks_of_ends_with_its_meeting(ev):
    # The attaché lane: one meeting, known only from the article, on an unknown day before
    # the summit; no later contact on record, so nothing is drawn after its last possible day.
    latest = model.event_windows(ev)["chase_liu_meeting"][1]
    assert spans_of(ev, "attache")["end"].max() == latest
    before = spans_of(ev, "attache").query("end < @latest")
    assert not before["certain"].any()  # never a certain "restored" before that day
    assert spans_of(ev, "ministers")["end"].max() == channels.UNTIL
    met_later = edited(ev, "context_facts", "austin_dong_meeting", channel_ids="attache")
    assert spans_of(met_later, "attache")["end"].max() == channels.UNTIL


def test_routine_contact_and_the_presidents_have_no_lane(ev):
    assert "routine" not in channels.LANES and "leaders" not in channels.LANES
    assert "routine" not in set(channels.transitions(ev)["channel_id"])


def test_p04_names_no_channel_the_cuts_are_context(ev):
    closed = ev.events.set_index("event_id").loc["channels_closed"]
    assert pd.isna(closed["channel_action"])
    rows = channels.transitions(ev)
    cuts = rows.loc[(rows["state"] == "cut") & rows["channel_id"].isin(["theater", "dpct", "mmca"])]
    assert set(cuts["provenance"]) == {"context"}
    table = channels.transition_table(ev)
    cut_rows = table.loc[table["Who acts: what"] == "China: cut"]
    assert cut_rows["From"].str.endswith("(context)").sum() == 3


def test_the_2024_package_is_kept_apart_from_the_dpct(ev):
    assert model.restored_by(ev, "dpct") is not None
    assert model.restored_by(ev, "talks_2024") is None
    dpct = set(channels.transitions(ev).query("channel_id == 'dpct'")["row_id"])
    assert "talks_2024" not in dpct and "dpct_17" in dpct


def test_a_context_lane_is_labelled_as_context_with_no_arabic(ev):
    label = channels.lane_label(ev, "dpct")
    assert channels.CONTEXT_LANE_NOTE in label and not ARABIC.search(label)
    for channel in set(channels.LANES) - {"dpct"}:
        assert ARABIC.search(channels.lane_label(ev, channel)), channel


# --------------------------------------------------------------------------- the restored rule


def test_the_attache_lane_is_restored_by_the_meeting_in_table_status_and_figure(ev):
    restorer = model.restored_by(ev, "attache")
    assert restorer is not None and restorer.rows[0] == "chase_liu_meeting"
    table = channels.transition_table(ev)
    attache = table.loc[table["Lane"] == channels.lane_name("attache"), "Who acts: what"]
    assert attache.str.contains(channels.RESTORES, regex=False).sum() == 1
    assert "attache" in channels.restored_lanes(ev)
    assert channels.numbers(ev)["lanes_restored"] == str(len(channels.restored_lanes(ev)))
    rule = channels.rule_table(ev).set_index("Lane")["Restored (one rule)"]
    verdict = rule[channels.lane_name("attache")]
    assert verdict.startswith("restored, by the book's rule, by one meeting (the article, P02)")
    assert verdict.endswith("the article reports no later meeting of the two men")
    earliest, latest = model.event_windows(ev)["chase_liu_meeting"]
    assert f"at the earliest {dates.day_text(earliest)}" in verdict
    assert f"no later than {dates.day_text(latest)}" in verdict
    assert "Taiwan News" in verdict and "CNN live coverage" in verdict


def test_aquilinos_meeting_lapsed_before_the_channel_was_restored(ev):
    numbers = channels.numbers(ev)
    status = channels.issue_status(ev).set_index("Issue")[channels.RESOLVED_COLUMN]
    title = ev.open_issues.set_index("issue_id").loc["aquilino_meeting", "title_en"]
    assert "lapsed on 3 May 2024" in status[title]
    earlier = edited(ev, "context_facts", "paparo_wu_call", start=pd.Timestamp("2024-04-01"),
                     end=pd.Timestamp("2024-04-01"))  # fmt: skip
    assert int(channels.numbers(earlier)["issues_resolved"]) == int(numbers["issues_resolved"]) + 1


def test_the_vacancy_is_resolved_by_the_appointment_the_channel_by_the_call(ev):
    # P10: China "has not appointed a replacement"; Dong Jun was named on 29 Dec 2023. The
    # ministers' channel was restored (the rule) by the Austin–Dong call of 16 Apr 2024.
    status = channels.issue_status(ev).set_index("Issue")
    title = ev.open_issues.set_index("issue_id").loc["minister_vacancy", "title_en"]
    named, call = fact_date(ev, "dong_jun_named"), fact_date(ev, "austin_dong_call")
    assert status.loc[title, channels.RESOLVED_COLUMN].startswith(dates.day_text(named))
    assert status.loc[title, channels.RESTORED_COLUMN].startswith(dates.day_text(call))
    unnamed = edited(ev, "context_facts", "dong_jun_named", channel_ids=pd.NA,
                     channel_side=pd.NA, channel_action=pd.NA)  # fmt: skip
    status = channels.issue_status(unnamed).set_index("Issue")
    assert status.loc[title, channels.RESOLVED_COLUMN] == "not resolved in the data"
    assert (
        int(channels.numbers(unnamed)["issues_resolved"])
        == int(channels.numbers(ev)["issues_resolved"]) - 1
    )


def test_a_meeting_at_another_level_restores_nothing(ev):
    fiji = edited(ev, "context_facts", "paparo_wu_call", channel_action="met_other")
    assert model.restored_by(fiji, "theater") is None
    assert "theater" not in channels.restored_lanes(fiji)


# --------------------------------------------------------------------------- status


def test_first_changes_come_from_the_first_action_after_publication(ev):
    status = channels.issue_status(ev).set_index("Issue")[channels.FIRST_CHANGE]
    titles = ev.open_issues.set_index("issue_id")["title_en"]
    assert status[titles["minister_vacancy"]].startswith(
        dates.day_text(fact_date(ev, "dong_jun_named"))
    )
    moved = edited(ev, "context_facts", "brown_liu_call", start=pd.Timestamp("2024-02-02"),
                   end=pd.Timestamp("2024-02-02"))  # fmt: skip
    moved_status = channels.issue_status(moved).set_index("Issue")[channels.FIRST_CHANGE]
    assert moved_status[titles["brown_contact"]].startswith("2 Feb 2024")


def test_a_date_held_with_less_than_high_confidence_says_so(ev):
    unsure = edited(ev, "context_facts", "mmca_honolulu", confidence="medium")
    status = channels.issue_status(unsure).set_index("Issue")[channels.FIRST_CHANGE]
    mmca = ev.open_issues.set_index("issue_id").loc["mmca_restart", "title_en"]
    assert status[mmca].startswith("3 Apr 2024 (medium confidence): ")
    sure = channels.issue_status(ev).set_index("Issue")[channels.FIRST_CHANGE]
    assert sure[mmca].startswith("3 Apr 2024: ")


def test_an_issue_with_no_channel_says_so_and_lists_what_happened(ev):
    status = channels.issue_status(ev).set_index("Issue")
    intercepts = ev.open_issues.set_index("issue_id").loc["intercepts", "title_en"]
    assert status.loc[intercepts, channels.FIRST_CHANGE] == "not a channel: see what happened"
    assert "last interception occurred" in status.loc[intercepts, "What happened (context)"]


def test_numbers_for_the_prose_are_computed(ev):
    numbers = channels.numbers(ev)
    vacancy = (fact_date(ev, "dong_jun_named") - fact_date(ev, "li_removed_date")).days
    assert numbers["vacancy_days"] == str(vacancy)
    silent = (fact_date(ev, "austin_dong_call") - fact_date(ev, "austin_wei_meeting")).days
    assert numbers["ministers_silent_days"] == str(silent)
    assert numbers["issues"] == str(len(ev.open_issues))
    command = channels.aquilino_table(ev).loc["command"]
    assert numbers["command_months"] == "2 years, 7 months"
    assert numbers["command_at_publication"].startswith(numbers["command_months"])
    assert command["begin"] == fact_date(ev, "aquilino_takes_command")
    window = model.event_windows(ev)["chase_liu_meeting"]
    assert numbers["meeting_earliest"] == dates.day_text(window[0])


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


@pytest.mark.parametrize("fact_id", ["intercepts_count", "brown_cjcs", "paparo_wu_call"])
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
    assert labels == [channels.shown_label(ev, c) for c in channels.LANES]
    assert all(name in channels.lane_label(ev, c) for c, name in LANE_NAMES.items())
    assert labels[channels.LANES.index("dpct")] == channels.lane_label(ev, "dpct")


def test_publication_and_summit_are_marked(ev, figure):
    from matplotlib.dates import date2num

    lines = {
        line.get_linestyle(): line.get_xdata()[0]
        for line in figure.axes[0].lines
        if line.get_linestyle() in ("--", ":")
    }
    assert lines == {
        "--": date2num(channels.publication(ev)),
        ":": date2num(fact_date(ev, "summit_date")),
    }


def test_every_uncertain_span_in_view_is_hatched(ev, figure):
    spans = channels.state_spans(ev)
    in_view = spans.loc[~spans["certain"] & (spans["end"] >= channels.lane_start(ev))]
    hatched = [p for p in figure.axes[0].patches if p.get_hatch()]
    assert len(hatched) == sum(len(states) for states in in_view["states"])


def test_each_side_is_drawn_in_its_half(ev, figure):
    from matplotlib.dates import date2num

    y = (len(channels.LANES) - 1 - channels.LANES.index("theater")) * channels.LANE_GAP
    day = date2num(fact_date(ev, "china_countermeasures") + pd.Timedelta(days=30))
    colours = {}
    for patch in figure.axes[0].patches:
        x0, y0 = patch.get_x(), patch.get_y()
        if x0 <= day <= x0 + patch.get_width() and y - 0.5 < y0 < y + 0.5 and not patch.get_hatch():
            colours["us" if y0 >= y else "china"] = matplotlib.colors.to_hex(patch.get_facecolor())
    assert colours == {"us": style.PALETTE["sought"], "china": style.PALETTE["cut"]}


def test_a_range_has_markers_at_its_real_ends_never_its_middle():
    first, until = date(2022, 7, 1), date(2024, 12, 31)
    from matplotlib.dates import date2num

    inside = channels.mark_points(date(2023, 2, 1), date(2023, 11, 30), first, until)
    assert inside["markers"] == [date2num(date(2023, 2, 1)), date2num(date(2023, 12, 1))]
    clipped = channels.mark_points(date(2020, 12, 13), date(2023, 12, 13), first, until)
    assert clipped["markers"] == [date2num(date(2023, 12, 14))]
    assert clipped["arrows"] == [date2num(first)]
    day = channels.mark_points(date(2023, 10, 24), date(2023, 10, 24), first, until)
    assert day["markers"] == [date2num(date(2023, 10, 24)) + 0.5] and day["line"] is None


def test_the_figure_places_every_marker_at_a_real_date(ev, figure):
    from matplotlib.dates import date2num

    rows = pd.concat([channels.transitions(ev), channels.publication_states(ev)])
    ends = set()
    for r in rows.itertuples():
        start, end = dates.to_date(r.start), dates.to_date(r.end)
        ends |= {date2num(start), date2num(end) + 1, date2num(start) + 0.5}
    first = date2num(channels.lane_start(ev))
    drawn = [
        x
        for line in figure.axes[0].lines
        if line.get_marker() in ("o", "D")
        for x in line.get_xdata()
    ]
    assert drawn and all(x in ends or x == first for x in drawn)


@pytest.mark.parametrize("channel", ARTICLE_LANES)
def test_lane_label_arabic_matches_harfbuzz(channel):
    style.apply()
    result = measure(Case(f"lane-{channel}", LANE_NAMES[channel]))
    assert result.correct < THRESHOLD, f"{LANE_NAMES[channel]!r}: {result.correct:.3f}"


def test_figure_text_is_deterministic(ev):
    first, second = channels.draw_channel_lanes(ev), channels.draw_channel_lanes(ev)
    texts = [[t.get_text() for t in f.axes[0].texts] for f in (first, second)]
    assert texts[0] == texts[1] and any(re.search("restored", t) for t in texts[0])


def test_the_attache_lane_draws_no_solid_state_before_the_meetings_last_day(ev, figure):
    from matplotlib.dates import date2num

    y = (len(channels.LANES) - 1 - channels.LANES.index("attache")) * channels.LANE_GAP
    latest = date2num(model.event_windows(ev)["chase_liu_meeting"][1])
    solid = [
        p
        for p in figure.axes[0].patches
        if not p.get_hatch() and y - 0.5 < p.get_y() < y + 0.5 and p.get_width() > 0
        and matplotlib.colors.to_hex(p.get_facecolor()) == style.PALETTE[model.RESTORED]
    ]  # fmt: skip
    assert solid and all(p.get_x() >= latest for p in solid)
    assert max(p.get_x() + p.get_width() for p in solid) <= latest + 1  # nothing after it


def test_start_unknown_and_the_handover_are_marked(ev, figure):
    from matplotlib.dates import date2num

    found = channels.lane_actions(ev)
    implied = [a for a in found if a.implied]
    arrows = [line for line in figure.axes[0].lines if line.get_marker() == "<"
              and line.get_xdata()[0] == date2num(channels.publication(ev))]  # fmt: skip
    assert len(arrows) == sum(len(model.start_unknown_sides(found, a)) for a in implied)
    assert len(arrows) < sum(2 if a.side == "both" else 1 for a in implied)  # P15 held on
    handover = date2num(fact_date(ev, "aquilino_handover"))
    assert [line.get_xdata()[0] for line in figure.axes[0].lines if line.get_marker() == "|"] == [
        handover
    ]


def test_the_start_unknown_arrow_marks_only_a_posture_the_article_alone_gives(ev):
    found = channels.lane_actions(ev)
    implied = {a.channel_id: a for a in found if a.implied}
    # P13: the maritime request is known only from the article's word at publication
    assert model.start_unknown_sides(found, implied["mmca"]) == ("us",)
    # P15: Aquilino's request was already held up to that day (the record), so no arrow
    assert model.start_unknown_sides(found, implied["theater"]) == ()


# --------------------------------------------------------------------------- the two editions

# Every public function that returns something shown, called with a language.
SHOWN = {
    "transition_table": lambda ev, lang: channels.transition_table(ev, language=lang),
    "rule_table": lambda ev, lang: channels.rule_table(ev, language=lang),
    "vacancy_length": lambda ev, lang: channels.vacancy_length(ev, language=lang),
    "issue_facts": lambda ev, lang: channels.issue_facts(
        ev, *ev.open_issues["issue_id"], language=lang
    ),
    "aquilino_durations": lambda ev, lang: channels.aquilino_durations(ev, language=lang),
    "disagreements": lambda ev, lang: channels.disagreements(ev, language=lang),
    "issue_status": lambda ev, lang: channels.issue_status(ev, language=lang),
    "numbers": lambda ev, lang: channels.numbers(ev, language=lang),
    "lane_names": lambda ev, lang: channels.lane_names(ev, language=lang),
}
LATIN = re.compile(r"[A-Za-z]")
IDS = re.compile(r"\b[PC]\d\d\b")  # paragraph and claim ids stay as they are


def texts_of(shown: pd.DataFrame | dict) -> list[str]:
    """What a reader sees of a table (headers and cells) or of named values (the values)."""
    if isinstance(shown, dict):
        return list(shown.values())
    cells = [v for v in shown.to_numpy().ravel() if isinstance(v, str)]
    return [str(c) for c in shown.columns] + cells


def assert_same(first, second) -> None:
    if isinstance(first, dict):
        assert first == second
    else:
        assert_frame_equal(first, second)


def latin_in(texts) -> list[str]:
    return [t for t in texts if LATIN.search(IDS.sub("", t))]


@functools.cache
def stand_in_data() -> dict:
    """A stand-in for data.po: every data cell the package can show, 'translated' to one
    Arabic word. data.po is translated apart; the code's own words are what these tests check."""
    from article_evidence import catalogues

    return {(m.context, m.id): "نص" for m in catalogues.data_template() if m.id}


@pytest.fixture
def data_in_arabic(monkeypatch):
    real = language.catalogue

    def catalogue(domain: str, lang: str) -> dict:
        return stand_in_data() if domain == language.DATA_DOMAIN else real(domain, lang)

    monkeypatch.setattr(language, "catalogue", catalogue)


@pytest.fixture
def arabic_run(monkeypatch):
    """A run of the Arabic edition (what ``language.use("ar")`` sets)."""
    monkeypatch.setattr(language, "_chosen", "ar")


def test_english_words_are_the_english_editions(ev):
    # The words the English edition has always shown, now from the glossary and templates.
    assert channels.lane_names(ev, language="en") == {
        "attache": "Chase and the attaché",
        "ministers": "Defence ministers",
        "chiefs": "Top uniformed officers",
        "theater": "INDOPACOM and theater commanders",
        "talks_2024": "The 2024 package of talks (P09)",
        "dpct": "Defense Policy Coordination Talks (context: not in the article)",
        "mmca": "Maritime talks (MMCA)",
    }
    labels = {s: channels.state_label(s, "en") for s in ("vacant", "met", "spoke", "restored")}
    assert labels == {
        "vacant": "no counterpart (post vacant)",
        "met": "met at its own level",
        "spoke": "spoke (a call) at its own level",
        "restored": "restored: met or spoke at its own level",
    }
    short = [channels.state_short(s, "en") for s in ("vacant", "appointed", "agreed", "spoke")]
    assert short == ["vacant", "named", "agreed", "call"]
    assert [channels.side_name(s, "en") for s in model.SIDES] == ["US", "China", "both"]
    assert channels.state_legend("declined", "en") == "declined (a one-off refusal)"


@pytest.mark.parametrize("name", SHOWN)
def test_the_language_argument_wins_over_the_runs(ev, name, arabic_run):
    # In an Arabic run, language="en" must reach every word: one call that forgot to pass it
    # on would put Arabic into the English output.
    english = SHOWN[name](ev, "en")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(language, "_chosen", None)
        assert_same(SHOWN[name](ev, None), english)
    assert not [t for t in texts_of(english) if ARABIC.search(t)]


@pytest.mark.parametrize("name", SHOWN)
def test_arabic_output_has_no_latin_letters(ev, name, data_in_arabic):
    shown = texts_of(SHOWN[name](ev, "ar"))
    assert any(ARABIC.search(t) for t in shown)
    assert not latin_in(shown), latin_in(shown)[:5]


@pytest.mark.parametrize("name", SHOWN)
def test_an_untranslated_code_string_raises(ev, name, data_in_arabic, monkeypatch):
    real = language.catalogue

    def catalogue(domain: str, lang: str) -> dict:
        return {} if domain == language.CODE_DOMAIN else real(domain, lang)

    monkeypatch.setattr(language, "catalogue", catalogue)
    with pytest.raises(language.MissingTranslation, match="article_evidence.po"):
        SHOWN[name](ev, "ar")


def test_one_missing_message_is_named(ev, data_in_arabic, monkeypatch):
    real = language.catalogue

    def catalogue(domain: str, lang: str) -> dict:
        found = real(domain, lang)
        return {k: v for k, v in found.items() if k != (None, "Who acts: what")}

    monkeypatch.setattr(language, "catalogue", catalogue)
    with pytest.raises(language.MissingTranslation, match="Who acts: what"):
        channels.transition_table(ev, language="ar")


def test_an_untranslated_data_cell_raises(ev):
    key = ("events", "description_en", "chase_liu_meeting")
    context = language.data_context(*key)
    missing = {k: v for k, v in stand_in_data().items() if k[0] != context}
    with pytest.MonkeyPatch.context() as patch:
        real = language.catalogue
        patch.setattr(
            language,
            "catalogue",
            lambda d, lang: missing if d == language.DATA_DOMAIN else real(d, lang),
        )
        with pytest.raises(language.MissingTranslation, match=re.escape(context)):
            channels.transition_table(ev, language="ar")


def test_a_missing_glossary_term_raises(ev, data_in_arabic, monkeypatch):
    terms = {k: v for k, v in language.glossary().items() if k != "channel_ministers"}
    monkeypatch.setattr(language, "glossary", lambda: terms)
    with pytest.raises(language.MissingTranslation, match="channel_ministers"):
        channels.transition_table(ev, language="ar")


def test_arabic_names_come_from_the_glossary(ev, data_in_arabic):
    glossary = language.glossary()
    names = channels.lane_names(ev, language="ar")
    for channel in channels.LANES:
        assert names[channel].startswith(glossary[channels.LANE_TERM[channel]]["ar"]), channel
    table = channels.transition_table(ev, language="ar")
    rows = pd.concat([channels.transitions(ev), channels.publication_states(ev)])
    rows = rows.loc[rows["channel_id"].isin(channels.LANES)]
    sides = {glossary[channels.SIDE_TERM[side]]["ar"] for side in rows["side"]}
    for who in table.iloc[:, 2]:  # who acts is the glossary's side, then what it did
        assert who.split(": ")[0] in sides, who
    # The article's word at publication is its own Arabic, never translated back.
    article = ev.channels.loc[ev.channels["channel_id"].isin(channels.LANES)]
    assert set(article["evidence_ar"]) <= set(table.iloc[:, 3])


def arabic_figure_texts(ev) -> tuple[set[str], list[str]]:
    """The logical strings handed to figtext.ar by the Arabic figure, and all it draws."""
    texts, handed = arabic_edition.drawn(channels.draw_channel_lanes, ev, language="ar")
    return handed, [t for t in texts if t.strip()]


def test_the_arabic_figure_has_only_arabic_words_all_through_ar(ev):
    from article_evidence import figtext

    handed, drawn = arabic_figure_texts(ev)
    assert not latin_in(handed), latin_in(handed)
    allowed = {figtext.ar(t) for t in handed}
    stray = [t for t in drawn if t not in allowed and not t.replace("\u2212", "-").isdigit()]
    assert not stray, stray
    for channel in channels.LANES:  # every lane's Arabic name, from the glossary, is drawn
        name = channels.lane_name(channel, "ar").split(" ")[0]
        assert any(name in t for t in handed), channel


def test_the_english_figure_is_drawn_in_english_in_an_arabic_run(ev, arabic_run):
    import matplotlib.pyplot as plt

    def texts(fig) -> list[str]:
        return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]

    in_arabic_run = channels.draw_channel_lanes(ev, language="en")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(language, "_chosen", None)
        in_english_run = channels.draw_channel_lanes(ev)
    assert texts(in_arabic_run) == texts(in_english_run)
    plt.close("all")


def test_an_arabic_legend_reads_from_the_right():
    items = list(range(7))  # three columns: [0, 1, 2], [3, 4], [5, 6]
    mirrored = channels.right_to_left(items, 3)
    assert [h for h in mirrored if isinstance(h, int)] == [5, 6, 3, 4, 0, 1, 2]
    assert len(mirrored) == 9 and mirrored[2] is mirrored[5]  # two blanks keep the columns


# --------------------------------------------------------------------------- who did what


def test_every_action_a_side_may_take_has_its_words():
    """The model allows these (action, side) pairs; each has one phrase, and no other."""
    allowed = {(a, side) for a, sides in model.ACTION_SIDES.items() for side in sides}
    assert set(channels.ACTION_TEXT) == allowed


@pytest.mark.parametrize(("state", "side"), sorted(channels.ACTION_TEXT))
def test_who_did_what_in_english_is_the_side_and_the_state_label(state, side):
    """The English tables read as they always have: the side's word, then the state's."""
    expected = f"{channels.side_name(side, 'en')}: {channels.state_label(state, 'en')}"
    assert channels.who_did_what(state, side, "en") == expected


@pytest.mark.parametrize(("state", "side"), sorted(channels.ACTION_TEXT))
def test_who_did_what_in_arabic_names_the_side_then_a_verb(state, side):
    """The side is the glossary's, and what it did is said in Arabic words only (a verb that
    agrees with the side, not a participle agreeing with the channel: not "الصين: مقطوعة")."""
    said = channels.who_did_what(state, side, "ar")
    subject, _, what = said.partition(": ")
    assert subject == language.term(channels.SIDE_TERM[side], "ar")
    assert what and not re.search("[A-Za-z]", what)
    if state != "open":  # "in regular contact" is the article's own words (P16)
        assert what != language.term(f"state_{state}", "ar")


def test_an_action_the_model_does_not_allow_has_no_words():
    with pytest.raises(ValueError, match="'cut' by 'us'"):
        channels.who_did_what("cut", "us", "en")


def test_who_did_what_without_its_arabic_raises(monkeypatch):
    missing = {
        k: v
        for k, v in language.catalogue(language.CODE_DOMAIN, "ar").items()
        if k[1] != "China: cut"
    }
    monkeypatch.setattr(language, "catalogue", lambda d, lang: missing)
    with pytest.raises(language.MissingTranslation, match="China: cut"):
        channels.who_did_what("cut", "china", "ar")


def test_a_length_after_less_by_is_genitive_in_arabic():
    """'أقل بـ' takes the genitive: two months short is أقل بـشهرين, never بـشهران."""
    start = date(2021, 1, 1)
    short = channels.against_years(start, date(2023, 11, 1), False, language="ar")
    assert short == "أقل بـشهرين"
    over = channels.against_years(start, date(2024, 1, 2), False, language="ar")
    assert over == "أكثر بـيوم واحد"
    assert channels.against_years(start, date(2023, 11, 1), False, language="en") == (
        "2 months short"
    )
