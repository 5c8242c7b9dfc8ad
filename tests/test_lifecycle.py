"""The scenario state machine, table-driven over every (state, event, role)."""

from __future__ import annotations

import itertools

import pytest

from codesign.errors import InvalidTransition
from codesign.scenarios import lifecycle

EXPECTED = {
    ("draft", "submit"): ("community_review", {"author"}),
    ("changes_requested", "submit"): ("community_review", {"author"}),
    ("community_review", "open_decision"): ("council_decision", {"organiser"}),
    ("community_review", "request_changes"): ("changes_requested", {"organiser"}),
    ("council_decision", "decision_passed"): ("expert_review", {"system"}),
    ("council_decision", "decision_changes"): ("changes_requested", {"system"}),
    ("council_decision", "decision_rejected"): ("rejected", {"system"}),
    ("council_decision", "decision_void"): ("community_review", {"system"}),
    ("expert_review", "request_changes"): ("changes_requested", {"reviewer", "organiser"}),
    ("expert_review", "open_signoff"): ("council_decision", {"organiser"}),
    ("council_decision", "signoff_passed"): ("approved", {"system"}),
    ("council_decision", "signoff_void"): ("expert_review", {"system"}),
    ("approved", "publish"): ("published", {"trainer"}),
    ("published", "revise"): ("draft", {"author", "organiser"}),
    ("published", "supersede"): ("superseded", {"system"}),
    ("published", "retire"): ("retired", {"organiser", "trainer"}),
    **{(state, "withdraw"): ("withdrawn", {"author"}) for state in lifecycle.BEFORE_APPROVAL},
    **{(state, "consent_withdrawn"): ("changes_requested", {"system"})
       for state in ("community_review", "council_decision", "expert_review", "approved", "published")},
}
ALL_HOLD = dict.fromkeys(lifecycle.CONDITIONS, True)


@pytest.mark.parametrize(("state", "event", "role"),
                         list(itertools.product(lifecycle.STATES, lifecycle.EVENTS, lifecycle.ROLES)))
def test_every_state_event_and_role(state, event, role):
    expected = EXPECTED.get((state, event))
    if expected is not None and role in expected[1]:
        transition = lifecycle.plan(state, event, frozenset({role}), facts=ALL_HOLD, reason="because")
        assert transition.target == expected[0]
    else:
        with pytest.raises(InvalidTransition):
            lifecycle.plan(state, event, frozenset({role}), facts=ALL_HOLD, reason="because")


def test_the_table_holds_exactly_the_expected_transitions():
    assert {(t.source, t.event): (t.target, set(t.roles)) for t in lifecycle.TRANSITIONS} == EXPECTED


NEEDS = {
    ("draft", "submit"): {"ready"},
    ("changes_requested", "submit"): {"ready"},
    ("expert_review", "open_signoff"): {"signed_off", "consent"},
    ("council_decision", "signoff_passed"): {"signed_off", "consent"},
    ("approved", "publish"): {"consent", "law_checked"},
}


def test_the_conditions_of_each_step():
    assert {(t.source, t.event): set(t.needs) for t in lifecycle.TRANSITIONS if t.needs} == NEEDS


@pytest.mark.parametrize(("state", "event", "condition"),
                         [(state, event, condition) for (state, event), needs in NEEDS.items() for condition in needs])
def test_a_step_is_refused_while_one_of_its_conditions_does_not_hold(state, event, condition):
    role = next(iter(EXPECTED[(state, event)][1]))
    with pytest.raises(InvalidTransition) as error:
        lifecycle.plan(state, event, frozenset({role}), facts={**ALL_HOLD, condition: False}, reason="because")
    assert error.value.message == str(lifecycle.CONDITIONS[condition])
    with pytest.raises(InvalidTransition):  # a condition nobody reported does not hold
        lifecycle.plan(state, event, frozenset({role}), facts={}, reason="because")


def test_submitting_needs_the_fields_for_review():
    with pytest.raises(InvalidTransition) as error:
        lifecycle.plan("draft", "submit", frozenset({"author"}), facts={"ready": False})
    assert "still missing" in error.value.message


@pytest.mark.parametrize(("state", "event", "role"), [("community_review", "request_changes", "organiser"),
                                                       ("draft", "withdraw", "author"),
                                                       ("published", "retire", "trainer")])
def test_some_steps_need_a_reason(state, event, role):
    with pytest.raises(InvalidTransition):
        lifecycle.plan(state, event, frozenset({role}), reason="  ")
    assert lifecycle.plan(state, event, frozenset({role}), reason="it is out of date")


def test_no_state_is_a_dead_end_by_accident():
    final = {"superseded", "retired", "withdrawn", "rejected"}
    for state in set(lifecycle.STATES) - final:
        assert any(t.source == state for t in lifecycle.TRANSITIONS), state
