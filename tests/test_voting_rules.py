"""Voting rules, table-driven: every decision rule with its thresholds, quorum and ties, Borda counts and dot votes."""

from __future__ import annotations

import pytest

from codesign.voting.rules import (
    BALLOT_ERRORS,
    CHOICES,
    DECIDED_BY,
    DOT_ERRORS,
    OUTCOMES,
    RANKING_ERRORS,
    Ballot,
    borda,
    dots,
    explain_borda,
    latest_ballots,
    percent,
    quorum_needed,
    tally,
    validate_ballot,
    validate_dots,
    validate_ranking,
)

LETTERS = {"A": "approve", "C": "request_changes", "R": "reject", "X": "abstain"}


def ballots(spec: str) -> list[Ballot]:
    """"3A 1C 2R 1X" → three approve, one request changes, two reject, one abstain; objections carry a reason."""
    cast = []
    for part in spec.split():
        choice = LETTERS[part[-1]]
        reason = "It would harm the aim." if choice in ("request_changes", "reject") else ""
        cast += [Ballot(choice, reason)] * int(part[:-1] or 1)
    return cast


# (ballots, eligible, quorum, rule, outcome, decided_by)
TALLIES = {
    # simple majority
    "majority: all approve": ("6A", 10, 0.5, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: 3 of 5 approve": ("3A 2C", 10, 0.5, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: abstentions aside": ("3A 2R 4X", 10, 0.5, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: exactly half is a tie": ("2A 2R", 4, 0.5, "simple_majority", "changes_requested", "tie"),
    "majority: half with mixed rest": ("3A 1C 2R", 10, 0.5, "simple_majority", "changes_requested", "tie"),
    "majority: more changes than rejects": ("2A 2C 1R", 10, 0.5, "simple_majority", "changes_requested",
                                            "below_threshold"),
    "majority: more rejects than changes": ("1A 1C 3R", 10, 0.5, "simple_majority", "rejected", "below_threshold"),
    "majority: changes and rejects tie": ("1A 2C 2R", 10, 0.5, "simple_majority", "changes_requested",
                                          "changes_reject_tie"),
    "majority: no approve, even split": ("3C 3R", 10, 0.5, "simple_majority", "changes_requested",
                                         "changes_reject_tie"),
    "majority: single reject": ("1R", 1, 1.0, "simple_majority", "rejected", "below_threshold"),
    "majority: everyone abstains": ("5X", 10, 0.5, "simple_majority", "no_votes", "all_abstained"),
    "majority: no quorum": ("4A", 10, 0.5, "simple_majority", "no_quorum", "quorum_not_met"),
    "majority: quorum exactly met": ("5A", 10, 0.5, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: abstentions make the quorum": ("1A 4X", 10, 0.5, "simple_majority", "passed",
                                              "majority_of_votes_cast"),
    "majority: odd eligible rounds quorum up": ("3A", 7, 0.5, "simple_majority", "no_quorum", "quorum_not_met"),
    "majority: odd eligible, quorum met": ("4A", 7, 0.5, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: 0.7 of 10 needs 7": ("7A", 10, 0.7, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: nobody eligible": ("", 0, 0.5, "simple_majority", "no_votes", "no_eligible"),
    "majority: quorum 0, nobody voted": ("", 10, 0.0, "simple_majority", "no_votes", "no_ballots"),
    "majority: quorum 0, one vote": ("1A", 10, 0.0, "simple_majority", "passed", "majority_of_votes_cast"),
    "majority: full turnout, tie": ("1A 1R 1X", 3, 1.0, "simple_majority", "changes_requested", "tie"),
    # two thirds
    "two thirds: exactly 4 of 6": ("4A 2R", 10, 0.5, "two_thirds", "passed", "two_thirds_of_votes_cast"),
    "two thirds: exactly 6 of 9": ("6A 3C", 9, 2 / 3, "two_thirds", "passed", "two_thirds_of_votes_cast"),
    "two thirds: exactly 20 of 30": ("20A 10C", 30, 0.5, "two_thirds", "passed", "two_thirds_of_votes_cast"),
    "two thirds: abstentions aside": ("4A 2R 5X", 12, 0.5, "two_thirds", "passed", "two_thirds_of_votes_cast"),
    "two thirds: all approve": ("2A 1X", 3, 1.0, "two_thirds", "passed", "two_thirds_of_votes_cast"),
    "two thirds: 3 of 5 rejects": ("3A 2R", 10, 0.5, "two_thirds", "rejected", "below_threshold"),
    "two thirds: 7 of 11 rejects": ("7A 4R", 11, 0.5, "two_thirds", "rejected", "below_threshold"),
    "two thirds: 5 of 8 changes": ("5A 3C", 10, 0.5, "two_thirds", "changes_requested", "below_threshold"),
    "two thirds: simple majority is not enough": ("3A 1C 1R", 5, 0.5, "two_thirds", "changes_requested",
                                                  "changes_reject_tie"),
    "two thirds: half is no tie rule": ("2A 1C 1R", 4, 0.5, "two_thirds", "changes_requested",
                                        "changes_reject_tie"),
    "two thirds: everyone abstains": ("6X", 10, 0.5, "two_thirds", "no_votes", "all_abstained"),
    "two thirds: no quorum": ("5A", 9, 2 / 3, "two_thirds", "no_quorum", "quorum_not_met"),
    "two thirds: nobody eligible": ("", 0, 2 / 3, "two_thirds", "no_votes", "no_eligible"),
    # consent
    "consent: all approve": ("5A", 10, 0.5, "consent", "passed", "no_objection"),
    "consent: stand-asides do not block": ("4A 1X", 10, 0.5, "consent", "passed", "no_objection"),
    "consent: abstentions make the quorum": ("1A 4X", 10, 0.5, "consent", "passed", "no_objection"),
    "consent: one objection asking changes": ("9A 1C", 10, 0.5, "consent", "changes_requested", "objection"),
    "consent: one reject blocks but cannot kill": ("9A 1R", 10, 0.5, "consent", "changes_requested", "objection"),
    "consent: rejects exactly half": ("2A 2R", 4, 0.5, "consent", "changes_requested", "objection"),
    "consent: changes and rejects split": ("3C 3R", 10, 0.5, "consent", "changes_requested", "objection"),
    "consent: majority rejects": ("1A 3R", 6, 0.5, "consent", "rejected", "majority_rejects"),
    "consent: majority rejects, others mixed": ("1A 1C 3R 1X", 10, 0.5, "consent", "rejected", "majority_rejects"),
    "consent: everyone abstains": ("5X", 10, 0.5, "consent", "no_votes", "all_abstained"),
    "consent: no quorum": ("2A", 10, 0.5, "consent", "no_quorum", "quorum_not_met"),
    "consent: no quorum hides an objection": ("1A 1R", 10, 0.5, "consent", "no_quorum", "quorum_not_met"),
    "consent: nobody eligible": ("", 0, 0.5, "consent", "no_votes", "no_eligible"),
}


@pytest.mark.parametrize(("spec", "eligible", "quorum", "rule", "outcome", "decided_by"), TALLIES.values(),
                         ids=TALLIES.keys())
def test_tally_outcomes(spec, eligible, quorum, rule, outcome, decided_by):
    result = tally(ballots(spec), eligible, quorum, rule)
    assert (result.outcome, result.decided_by) == (outcome, decided_by)
    assert result.rule == rule and result.eligible == eligible
    assert result.turnout == len(ballots(spec)) == sum(result.counts.values())
    assert result.quorum_met == (decided_by not in ("quorum_not_met", "no_eligible"))


def test_the_tables_reach_every_outcome_and_every_reason():
    assert {case[4] for case in TALLIES.values()} == set(OUTCOMES)
    assert {case[5] for case in TALLIES.values()} == set(DECIDED_BY)


# History of (voter, ballot) in the order cast; the stored ballots are each voter's last one.
OBJECTION = Ballot("request_changes", "The safeguarding section is missing.")
REJECTION = Ballot("reject", "This would identify a real family.")
APPROVE, ABSTAIN = Ballot("approve"), Ballot("abstain")
CHANGED = {
    "objection withdrawn to approve": ([("m1", OBJECTION), ("m2", APPROVE), ("m1", APPROVE)], "passed"),
    "objection withdrawn to abstain": ([("m1", OBJECTION), ("m2", APPROVE), ("m1", ABSTAIN)], "passed"),
    "reject withdrawn to approve": ([("m1", REJECTION), ("m2", REJECTION), ("m1", APPROVE), ("m2", APPROVE)],
                                    "passed"),
    "one of two objections withdrawn": ([("m1", OBJECTION), ("m2", OBJECTION), ("m3", APPROVE), ("m1", APPROVE)],
                                        "changes_requested"),
    "approve changed to objection": ([("m1", APPROVE), ("m2", APPROVE), ("m1", OBJECTION)], "changes_requested"),
    "objection sharpened to reject": ([("m1", OBJECTION), ("m1", REJECTION)], "rejected"),
}


@pytest.mark.parametrize(("history", "outcome"), CHANGED.values(), ids=CHANGED.keys())
def test_consent_counts_each_members_current_ballot(history, outcome):
    current = latest_ballots(history)
    assert len(current) == len({voter for voter, _ in history})
    assert tally(current, eligible=len(current), quorum=0.5, rule="consent").outcome == outcome


VALIDATIONS = {
    "consent: reject without reason": ("consent", "reject", "", "reason_required"),
    "consent: changes without reason": ("consent", "request_changes", "", "reason_required"),
    "consent: whitespace is no reason": ("consent", "request_changes", "  \n ", "reason_required"),
    "consent: reasoned reject": ("consent", "reject", "It harms the aim.", None),
    "consent: approve needs no reason": ("consent", "approve", "", None),
    "consent: abstain needs no reason": ("consent", "abstain", "", None),
    "majority: reject without reason": ("simple_majority", "reject", "", None),
    "two thirds: changes without reason": ("two_thirds", "request_changes", "", None),
    "unknown choice": ("simple_majority", "yes", "", "unknown_choice"),
    "empty choice": ("consent", "", "", "unknown_choice"),
    "choice is case-sensitive": ("consent", "Approve", "", "unknown_choice"),
}


@pytest.mark.parametrize(("rule", "choice", "reason", "error"), VALIDATIONS.values(), ids=VALIDATIONS.keys())
def test_validate_ballot(rule, choice, reason, error):
    assert validate_ballot(rule, choice, reason) == error
    assert error is None or error in BALLOT_ERRORS


BAD_CALLS = {
    "unreasoned objection under consent": ([Ballot("reject")], 5, 0.5, "consent"),
    "unknown choice": ([Ballot("yes")], 5, 0.5, "simple_majority"),
    "unknown rule": ([APPROVE], 5, 0.5, "unanimity"),
    "more ballots than eligible": ([APPROVE] * 3, 2, 0.5, "simple_majority"),
    "quorum above 1": ([APPROVE], 5, 1.5, "simple_majority"),
    "quorum below 0": ([APPROVE], 5, -0.1, "two_thirds"),
    "negative eligible": ([], -1, 0.5, "consent"),
}


@pytest.mark.parametrize(("cast", "eligible", "quorum", "rule"), BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_tally_refuses_impossible_input(cast, eligible, quorum, rule):
    with pytest.raises(ValueError):
        tally(cast, eligible, quorum, rule)


def test_validate_ballot_refuses_an_unknown_rule():
    with pytest.raises(ValueError):
        validate_ballot("unanimity", "approve", "")


@pytest.mark.parametrize(
    ("eligible", "quorum", "needed"),
    [(10, 0.5, 5), (7, 0.5, 4), (10, 0.7, 7), (9, 2 / 3, 6), (3, 2 / 3, 2), (10, 0.0, 0), (10, 1.0, 10),
     (1, 0.5, 1), (0, 0.5, 0), (3, 0.1, 1)],
)
def test_quorum_is_a_share_of_the_eligible_rounded_up(eligible, quorum, needed):
    assert quorum_needed(eligible, quorum) == needed


@pytest.mark.parametrize(
    ("spec", "eligible", "percentages", "turnout_percent"),
    [
        ("1A 1C 1X", 4, {"approve": 33.3, "request_changes": 33.3, "reject": 0.0, "abstain": 33.3}, 75.0),
        ("2A 1R", 3, {"approve": 66.7, "request_changes": 0.0, "reject": 33.3, "abstain": 0.0}, 100.0),
        ("1A 15X", 20, {"approve": 6.3, "request_changes": 0.0, "reject": 0.0, "abstain": 93.8}, 80.0),
        ("", 0, dict.fromkeys(CHOICES, 0.0), 0.0),
        ("", 6, dict.fromkeys(CHOICES, 0.0), 0.0),
        ("1R", 3, {"approve": 0.0, "request_changes": 0.0, "reject": 100.0, "abstain": 0.0}, 33.3),
    ],
    ids=["thirds", "two thirds rounds up", "half rounds up", "nobody eligible", "nobody voted", "one of three"],
)
def test_percentages_are_of_ballots_cast_and_turnout_of_eligible(spec, eligible, percentages, turnout_percent):
    result = tally(ballots(spec), eligible, 0.0, "simple_majority")
    assert result.percentages == percentages
    assert list(result.percentages) == list(result.counts) == list(CHOICES)
    assert result.turnout_percent == turnout_percent


@pytest.mark.parametrize(("part", "whole", "share"), [(1, 8, 12.5), (1, 16, 6.3), (3, 16, 18.8), (0, 5, 0.0),
                                                      (5, 5, 100.0), (1, 0, 0.0), (1, 3, 33.3)])
def test_percent_rounds_half_up(part, whole, share):
    assert percent(part, whole) == share


def test_a_tally_reports_counts_quorum_and_votes_cast():
    result = tally(ballots("3A 1C 2R 1X"), 10, 0.5, "simple_majority")
    assert result.counts == {"approve": 3, "request_changes": 1, "reject": 2, "abstain": 1}
    assert (result.turnout, result.votes_cast, result.quorum_needed, result.quorum_met) == (7, 6, 5, True)


OPTIONS = ("a", "b", "c", "d")
# (rankings, expected [(option, points, rank)] best first); with 4 options the places earn 3, 2, 1, 0.
BORDA = {
    "one full ranking": ([["a", "b", "c", "d"]], [("a", 3, 1), ("b", 2, 2), ("c", 1, 3), ("d", 0, 4)]),
    "three full rankings": ([["a", "b", "c", "d"], ["b", "a", "c", "d"], ["b", "c", "a", "d"]],
                            [("b", 8, 1), ("a", 6, 2), ("c", 4, 3), ("d", 0, 4)]),
    "ties share a rank": ([["a", "b", "c", "d"], ["b", "a", "d", "c"]],
                          [("a", 5, 1), ("b", 5, 1), ("c", 1, 3), ("d", 1, 3)]),
    "ties keep the options' order": ([["d", "c"], ["c", "d"]], [("c", 5, 1), ("d", 5, 1), ("a", 0, 3), ("b", 0, 3)]),
    "three-way tie": ([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]],
                      [("a", 6, 1), ("b", 6, 1), ("c", 6, 1), ("d", 0, 4)]),
    "partial ranking: unranked earn 0": ([["c"]], [("c", 3, 1), ("a", 0, 2), ("b", 0, 2), ("d", 0, 2)]),
    "partial and full rankings": ([["d", "a"], ["a", "b", "c", "d"]],
                                  [("a", 5, 1), ("d", 3, 2), ("b", 2, 3), ("c", 1, 4)]),
    "unknown ids are dropped": ([["zz", "a", "b"]], [("a", 3, 1), ("b", 2, 2), ("c", 0, 3), ("d", 0, 3)]),
    "repeats count once": ([["a", "a", "b"]], [("a", 3, 1), ("b", 2, 2), ("c", 0, 3), ("d", 0, 3)]),
    "empty ranking": ([[]], [("a", 0, 1), ("b", 0, 1), ("c", 0, 1), ("d", 0, 1)]),
    "no rankings": ([], [("a", 0, 1), ("b", 0, 1), ("c", 0, 1), ("d", 0, 1)]),
}


@pytest.mark.parametrize(("rankings", "expected"), BORDA.values(), ids=BORDA.keys())
def test_borda_count(rankings, expected):
    assert [(s.option, s.points, s.rank) for s in borda(rankings, OPTIONS)] == expected


@pytest.mark.parametrize(("n", "places"), [(0, []), (1, [(1, 0)]), (2, [(1, 1), (2, 0)]),
                                           (4, [(1, 3), (2, 2), (3, 1), (4, 0)])])
def test_explain_borda(n, places):
    assert explain_borda(n) == places


def test_explain_borda_matches_the_count():
    scores = {s.option: s.points for s in borda([list(OPTIONS)], OPTIONS)}
    assert [(position, scores[option]) for position, option in enumerate(OPTIONS, 1)] == explain_borda(len(OPTIONS))


@pytest.mark.parametrize(
    ("ranking", "error"),
    [(["a", "b"], None), ([], None), (["d", "c", "b", "a"], None), (["a", "zz"], "unknown_option"),
     (["a", "b", "a"], "duplicate_option")],
)
def test_validate_ranking(ranking, error):
    assert validate_ranking(ranking, OPTIONS) == error
    assert error is None or error in RANKING_ERRORS


@pytest.mark.parametrize(
    ("call", "error"),
    [(lambda: borda([["a"]], ["a", "a"]), ValueError), (lambda: borda(["ab"], ["a", "b"]), TypeError),
     (lambda: explain_borda(-1), ValueError), (lambda: dots([], ["a", "a"], 3), ValueError),
     (lambda: dots([], ["a"], 0), ValueError), (lambda: dots([{"a": 4}], ["a"], 3), ValueError),
     (lambda: dots([{"zz": 1}], ["a"], 3), ValueError)],
    ids=["borda: repeated options", "borda: a string is no ranking", "explain: negative",
         "dots: repeated options", "dots: no dots", "dots: over budget", "dots: unknown option"],
)
def test_priority_votes_refuse_impossible_input(call, error):
    with pytest.raises(error):
        call()


DOT_OPTIONS = ("a", "b", "c")
DOT_CHECKS = {
    "all on one option": ({"a": 3}, None),
    "one on each": ({"a": 1, "b": 1, "c": 1}, None),
    "fewer than N": ({"a": 2}, None),
    "none at all": ({}, None),
    "a zero entry": ({"a": 0, "b": 3}, None),
    "more than N on one": ({"a": 4}, "too_many_dots"),
    "more than N in total": ({"a": 2, "b": 2}, "too_many_dots"),
    "negative": ({"a": -1, "b": 4}, "negative_dots"),
    "unknown option": ({"zz": 1}, "unknown_option"),
    "unknown is reported first": ({"zz": -1, "a": 9}, "unknown_option"),
}


@pytest.mark.parametrize(("allocation", "error"), DOT_CHECKS.values(), ids=DOT_CHECKS.keys())
def test_validate_dots(allocation, error):
    assert validate_dots(allocation, DOT_OPTIONS, 3) == error
    assert error is None or error in DOT_ERRORS


DOT_COUNTS = {
    "several dots on one option": ([{"a": 3}, {"b": 2, "c": 1}], [("a", 3, 1), ("b", 2, 2), ("c", 1, 3)]),
    "totals add up": ([{"a": 1, "b": 2}, {"b": 3}, {"c": 1, "a": 1}], [("b", 5, 1), ("a", 2, 2), ("c", 1, 3)]),
    "three-way tie": ([{"a": 2, "b": 1}, {"b": 1, "a": 0, "c": 2}], [("a", 2, 1), ("b", 2, 1), ("c", 2, 1)]),
    "ties keep the options' order": ([{"c": 1}, {"b": 1}], [("b", 1, 1), ("c", 1, 1), ("a", 0, 3)]),
    "tie below the top": ([{"a": 3}, {"b": 1, "c": 1}], [("a", 3, 1), ("b", 1, 2), ("c", 1, 2)]),
    "nobody voted": ([], [("a", 0, 1), ("b", 0, 1), ("c", 0, 1)]),
}


@pytest.mark.parametrize(("allocations", "expected"), DOT_COUNTS.values(), ids=DOT_COUNTS.keys())
def test_dot_votes(allocations, expected):
    assert [(s.option, s.points, s.rank) for s in dots(allocations, DOT_OPTIONS, 3)] == expected
