"""Pure voting rules: ballot checks, council-decision tallies, Borda counts and dot votes, as keys callers word."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

CHOICES = ("approve", "request_changes", "reject", "abstain")
RULES = ("simple_majority", "two_thirds", "consent")
OUTCOMES = ("passed", "changes_requested", "rejected", "no_quorum", "no_votes")
# Why a tally came out as it did, one key per path through `tally`.
DECIDED_BY = (
    "no_eligible",                # nobody was eligible
    "quorum_not_met",             # fewer ballots than the quorum
    "no_ballots",                 # quorum 0 and nobody voted
    "all_abstained",              # ballots cast, but all of them abstain
    "majority_of_votes_cast",     # simple majority passed
    "two_thirds_of_votes_cast",   # two thirds passed
    "tie",                        # simple majority: approve exactly half
    "below_threshold",            # approve too few; the larger of request_changes and reject decides
    "changes_reject_tie",         # approve too few; request_changes and reject equal
    "no_objection",               # consent passed
    "objection",                  # consent: an objection stands
    "majority_rejects",           # consent: reasoned rejects are more than half of the votes cast
)
BALLOT_ERRORS = ("unknown_choice", "reason_required")
RANKING_ERRORS = ("unknown_option", "duplicate_option")
DOT_ERRORS = ("unknown_option", "negative_dots", "too_many_dots")

OBJECTING = ("request_changes", "reject")


@dataclass(frozen=True)
class Ballot:
    choice: str
    reason: str = ""


@dataclass(frozen=True)
class Tally:
    eligible: int
    turnout: int  # ballots cast, abstentions included
    counts: dict[str, int]  # every choice, in CHOICES order
    quorum_needed: int
    quorum_met: bool
    rule: str
    outcome: str
    decided_by: str
    percentages: dict[str, float]  # of ballots cast, abstentions included, 1 decimal rounded half up
    turnout_percent: float  # of eligible members

    @property
    def votes_cast(self) -> int:
        """Ballots that do not abstain: the base of every threshold."""
        return self.turnout - self.counts["abstain"]


@dataclass(frozen=True)
class Score:
    option: str
    points: int
    rank: int


def _check_rule(rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")


def validate_ballot(rule: str, choice: str, reason: str) -> str | None:
    """An error key for a ballot a member tries to cast, or None. Reasons are optional except for an
    objection under consent, where whitespace alone is no reason."""
    _check_rule(rule)
    if choice not in CHOICES:
        return "unknown_choice"
    if rule == "consent" and choice in OBJECTING and not reason.strip():
        return "reason_required"
    return None


def latest_ballots(history: Iterable[tuple[Hashable, Ballot]]) -> list[Ballot]:
    """Each voter's last ballot from (voter key, ballot) pairs in the order cast: a change replaces the old one."""
    current: dict[Hashable, Ballot] = {}
    for voter, ballot in history:
        current[voter] = ballot
    return list(current.values())


def quorum_needed(eligible: int, quorum: float) -> int:
    """Ballots needed for a quorum (a share of the eligible, 0..1), rounded up."""
    if eligible < 0:
        raise ValueError("eligible cannot be negative")
    if not 0 <= quorum <= 1:
        raise ValueError("quorum is a share between 0 and 1")
    # Round away float noise first, so 0.7 × 10 needs 7 ballots, not 8.
    return math.ceil(round(quorum * eligible, 9))


def percent(part: int, whole: int) -> float:
    """part of whole as a percentage with one decimal, rounded half up (0.0 when whole is 0)."""
    if whole == 0:
        return 0.0
    # Integer arithmetic, so 1/16 is 6.3 (half up), not float rounding's 6.2.
    return (2000 * part + whole) // (2 * whole) / 10


def tally(ballots: Iterable[Ballot], eligible: int, quorum: float, rule: str) -> Tally:
    """The result of a council decision from its current ballots. The checks, in order:

    1. Quorum: `ceil(quorum × eligible)` ballots must be cast; abstentions count toward it. With nobody
       eligible the outcome is `no_votes`; below quorum it is `no_quorum`, whatever the ballots say.
    2. "Votes cast" are the ballots that do not abstain (as in Robert's Rules); every threshold is a share
       of them. No votes cast (nobody voted, or everyone abstained) → `no_votes`: nobody decided anything.
    3. Simple majority: passes when approve is more than half of the votes cast. Exactly half is a tie and
       does not pass: the draft goes back for changes (`tie`), since an even split is no mandate to kill it.
    4. Two thirds: passes when approve is at least two thirds of the votes cast (exactly ⅔ passes).
    5. When a majority rule does not pass: `rejected` if reject outnumbers request_changes, otherwise
       `changes_requested` (a tie between them keeps the draft alive).
    6. Consent: passes unless an objection stands (with at least one vote cast, step 2). An objection is
       request_changes or reject, which under consent must carry a reason (`validate_ballot`). The ballots
       are the current ones, so an objection withdrawn is a ballot changed to approve or abstain. A standing
       objection sends the draft back for changes; it is `rejected` only when reasoned rejects are more than
       half of the votes cast, so one member can stop a draft but not kill it alone.

    Ballots `validate_ballot` refuses, more ballots than eligible members, a quorum outside 0..1 or an
    unknown rule are a caller's bug and raise ValueError.
    """
    _check_rule(rule)
    cast = list(ballots)
    for ballot in cast:
        problem = validate_ballot(rule, ballot.choice, ballot.reason)
        if problem:
            raise ValueError(f"{problem}: {ballot!r}")
    needed = quorum_needed(eligible, quorum)
    if len(cast) > eligible:
        raise ValueError("more ballots than eligible members")
    counts = {choice: sum(1 for b in cast if b.choice == choice) for choice in CHOICES}
    quorum_met = eligible > 0 and len(cast) >= needed
    outcome, decided_by = _decide(cast, counts, eligible, quorum_met, rule)
    return Tally(
        eligible=eligible, turnout=len(cast), counts=counts, quorum_needed=needed, quorum_met=quorum_met,
        rule=rule, outcome=outcome, decided_by=decided_by,
        percentages={choice: percent(count, len(cast)) for choice, count in counts.items()},
        turnout_percent=percent(len(cast), eligible),
    )


def _decide(cast: list[Ballot], counts: dict[str, int], eligible: int, quorum_met: bool,
            rule: str) -> tuple[str, str]:
    if eligible == 0:
        return "no_votes", "no_eligible"
    if not quorum_met:
        return "no_quorum", "quorum_not_met"
    if not cast:
        return "no_votes", "no_ballots"
    votes = len(cast) - counts["abstain"]
    if votes == 0:
        return "no_votes", "all_abstained"
    approve = counts["approve"]
    if rule == "consent":
        # Validation guarantees every request_changes or reject here carries a reason: each one is an objection.
        if counts["request_changes"] + counts["reject"] == 0:
            return "passed", "no_objection"
        if 2 * counts["reject"] > votes:
            return "rejected", "majority_rejects"
        return "changes_requested", "objection"
    if rule == "simple_majority":
        if 2 * approve > votes:
            return "passed", "majority_of_votes_cast"
        if 2 * approve == votes:
            return "changes_requested", "tie"
    elif 3 * approve >= 2 * votes:  # two_thirds, in integers so exactly ⅔ passes
        return "passed", "two_thirds_of_votes_cast"
    if counts["reject"] > counts["request_changes"]:
        return "rejected", "below_threshold"
    if counts["reject"] < counts["request_changes"]:
        return "changes_requested", "below_threshold"
    return "changes_requested", "changes_reject_tie"


def _check_options(options: Sequence[str]) -> None:
    if len(set(options)) != len(options):
        raise ValueError("options must be distinct")


def _ranked(points: dict[str, int]) -> list[Score]:
    """Scores best first; equal points share a rank (1, 2, 2, 4) and keep the options' order."""
    ordered = sorted(points.items(), key=lambda item: -item[1])  # sorted() is stable
    scores: list[Score] = []
    for position, (option, total) in enumerate(ordered):
        rank = scores[-1].rank if scores and scores[-1].points == total else position + 1
        scores.append(Score(option, total, rank))
    return scores


def explain_borda(n_options: int) -> list[tuple[int, int]]:
    """(position, points) for each place in a ranking of n options, 1-based, for the page to show."""
    if n_options < 0:
        raise ValueError("n_options cannot be negative")
    return [(position + 1, n_options - 1 - position) for position in range(n_options)]


def validate_ranking(ranking: Sequence[str], options: Sequence[str]) -> str | None:
    """An error key for a ranking a member submits, or None. A partial ranking (even an empty one) is fine."""
    if any(option not in options for option in ranking):
        return "unknown_option"
    if len(set(ranking)) != len(ranking):
        return "duplicate_option"
    return None


def _clean(ranking: Sequence[str], options: Sequence[str]) -> list[str]:
    # Drop unknown ids and repeats before counting positions, so a stray id costs no one a place.
    if isinstance(ranking, str):
        raise TypeError("a ranking is a sequence of option ids, not one string")
    return [option for index, option in enumerate(ranking) if option in options and option not in ranking[:index]]


def borda(rankings: Iterable[Sequence[str]], options: Sequence[str]) -> list[Score]:
    """Borda count: each ranking lists option ids best first; with n options, position i (from 0) earns
    n-1-i points. Unranked options earn 0, so partial rankings are allowed; unknown ids and repeats within a
    ranking are ignored."""
    _check_options(options)
    points = dict.fromkeys(options, 0)
    for ranking in rankings:
        for position, option in enumerate(_clean(ranking, options)):
            points[option] += len(options) - 1 - position
    return _ranked(points)


def validate_dots(allocation: Mapping[str, int], options: Sequence[str], dots_per_member: int) -> str | None:
    """An error key for one member's dots ({option id: dots}), or None. Several dots on one option are fine,
    and so is spending fewer than N."""
    if any(option not in options for option in allocation):
        return "unknown_option"
    if any(count < 0 for count in allocation.values()):
        return "negative_dots"
    if sum(allocation.values()) > dots_per_member:
        return "too_many_dots"
    return None


def dots(allocations: Iterable[Mapping[str, int]], options: Sequence[str], dots_per_member: int) -> list[Score]:
    """Dot voting: each option's total dots, ranked like `borda`."""
    _check_options(options)
    if dots_per_member < 1:
        raise ValueError("dots_per_member must be at least 1")
    points = dict.fromkeys(options, 0)
    for allocation in allocations:
        problem = validate_dots(allocation, options, dots_per_member)
        if problem:
            raise ValueError(f"{problem}: {dict(allocation)!r}")
        for option, count in allocation.items():
            points[option] += count
    return _ranked(points)
