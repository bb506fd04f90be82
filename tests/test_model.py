"""The channel model's rules on small hand-made cases: the one restored rule, the two sides,
lasting postures and the order of events."""

from datetime import date

import pytest

from article_evidence import model

D = date


def act(action: str, side: str, lo: date, hi: date | None = None, **more) -> model.Action:
    return model.Action("lane", side, action, lo, hi or lo, True, (f"{action}-{lo}",), **more)


CUT = act("cut", "china", D(2022, 8, 5))
SOUGHT = act("sought", "us", D(2023, 1, 1))
AGREED = act("agreed", "both", D(2023, 11, 15))
OTHER = act("met_other", "both", D(2023, 8, 14))
MET = act("met", "both", D(2024, 4, 3))
EARLIER_MET = act("met", "both", D(2022, 7, 7))


@pytest.mark.parametrize(
    ("found", "restorer"),
    [
        ([CUT, MET], MET),  # its own mechanism meets after a cut
        ([SOUGHT, MET], MET),  # after a request
        ([AGREED, MET], MET),  # after an agreement
        ([EARLIER_MET, MET], None),  # two meetings, no break on record
        ([CUT, OTHER], None),  # a meeting at another level
        ([CUT, AGREED], None),  # an agreement to restore is not a restoration
        ([EARLIER_MET, CUT], None),  # a meeting before the cut, none after
        ([EARLIER_MET, CUT, OTHER, MET, act("met", "both", D(2024, 5, 31))], MET),  # the first
    ],
)
def test_the_restored_rule(found, restorer):
    assert model.restoring(found) is restorer


def test_the_rule_does_not_depend_on_the_order_rows_come_in():
    assert model.restoring([MET, CUT, EARLIER_MET]) is MET


def test_a_meeting_dated_to_an_interval_after_a_cut_restores():
    # The attaché lane: the halt and the meeting, each on an unknown day, in that order.
    halt = act("cut", "china", D(2023, 2, 17), D(2023, 11, 13))
    meeting = act("met", "both", D(2023, 2, 18), D(2023, 11, 14))
    assert model.restoring([halt, meeting]) is meeting
    states, certain = model.states_on(model.side_changes([halt, meeting], "china"), D(2023, 6, 1))
    assert states == ("cut", model.RESTORED) and not certain


def test_cut_by_one_side_and_sought_by_the_other_hold_together():
    found = [CUT, SOUGHT]
    day = D(2023, 2, 1)
    assert model.states_on(model.side_changes(found, "china"), day) == (("cut",), True)
    assert model.states_on(model.side_changes(found, "us"), day) == (("sought",), True)


def test_a_joint_action_sets_both_sides_a_refusal_ends_the_request():
    found = [SOUGHT, act("declined", "china", D(2023, 2, 4), D(2023, 2, 7)), AGREED]
    us = model.side_changes(found, "us")
    assert model.states_on(us, D(2023, 3, 1)) == ((None,), True)
    assert model.states_on(us, D(2023, 12, 1)) == (("agreed",), True)


def test_a_lasting_posture_holds_over_its_period_and_ends_with_it():
    asking = act("sought", "us", D(2021, 8, 1), until=D(2023, 12, 13))
    found = [asking, act("agreed", "both", D(2022, 11, 22)), AGREED]
    us = model.side_changes(found, "us")
    assert model.states_on(us, D(2022, 12, 1)) == (("sought",), True)
    assert model.states_on(us, D(2023, 12, 13)) == (("sought",), True)
    assert model.states_on(us, D(2024, 1, 1)) == ((None,), True)  # no source says it went on
    assert model.states_on(model.side_changes(found, "china"), D(2024, 1, 1)) == (("agreed",), True)


CALL = act("spoke", "both", D(2023, 12, 21))


def test_a_call_is_its_own_action_and_restores_like_a_meeting():
    assert model.ACTION_SIDES["spoke"] == frozenset({"both"})
    assert model.restoring([SOUGHT, CALL]) is CALL
    assert model.restoring([act("spoke", "both", D(2022, 7, 7)), MET]) is None  # no break
    china = model.side_changes([CUT, CALL], "china")
    assert model.states_on(china, D(2024, 1, 1)) == ((model.RESTORED,), True)
    first = model.side_changes([CALL], "us")  # a first call on record: a call, on its own day
    assert model.states_on(first, CALL.lo) == (("spoke",), True)
    assert model.states_on(first, D(2023, 12, 22)) == ((None,), True)


def test_a_refusal_is_a_one_off_not_a_lasting_state():
    declined = act("declined", "china", D(2023, 2, 4), D(2023, 2, 7))
    china = model.side_changes([SOUGHT, declined], "china")
    assert model.states_on(china, D(2023, 2, 7)) == (("declined",), True)
    assert model.states_on(china, D(2023, 3, 1)) == ((None,), True)
    assert model.states_on(model.side_changes([SOUGHT, declined], "us"), D(2023, 3, 1)) == (
        (None,),
        True,
    )


def test_a_medium_confidence_action_sets_no_posture():
    weak = act("agreed", "both", D(2022, 11, 22), confidence="medium")
    found = [CUT, weak]
    assert model.side_changes(found, "china") == model.side_changes([CUT], "china")
    sure = act("agreed", "both", D(2022, 11, 22), confidence="medium-high")
    assert model.states_on(model.side_changes([CUT, sure], "china"), D(2023, 1, 1)) == (
        ("agreed",),
        True,
    )


def test_the_articles_word_at_publication_holds_from_publication_only():
    published = D(2023, 12, 13)
    implied = model.Action("lane", "us", "sought", D(2022, 7, 8), published, False,
                           ("channels:lane",))  # fmt: skip
    us = model.side_changes([act("spoke", "both", D(2022, 7, 7)), implied], "us")
    assert model.states_on(us, D(2023, 6, 1)) == ((None,), True)
    assert model.states_on(us, published) == (("sought",), True)


def test_a_lane_ends_with_a_meeting_known_only_from_the_article():
    published, until = D(2023, 12, 13), D(2024, 12, 31)
    halt = act("cut", "china", D(2023, 2, 17), D(2023, 11, 13))
    meeting = model.Action("lane", "both", "met", D(2023, 2, 18), D(2023, 11, 14), False, ("m",))
    assert model.lane_end([halt, meeting], published, until) == meeting.hi
    asked = model.Action("lane", "us", "sought", D(2023, 2, 18), D(2023, 11, 14), False, ("s",))
    assert model.lane_end([halt, asked], published, until) == published
    assert model.lane_end([halt, act("met", "both", D(2024, 4, 3))], published, until) == until


def test_a_meeting_that_restores_nothing_is_an_event_of_its_own_days():
    us = model.side_changes([EARLIER_MET], "us")
    assert model.states_on(us, EARLIER_MET.lo) == (("met",), True)
    assert model.states_on(us, D(2022, 7, 8)) == ((None,), True)


def test_a_meeting_at_another_level_changes_no_posture():
    found = [CUT, OTHER]
    assert model.side_changes(found, "china") == model.side_changes([CUT], "china")
