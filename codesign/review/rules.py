"""The pure rules of expert review: when a sign-off still stands, when a kind and a draft count as signed off
(re-review triggers, the migrant-led rule for bias), outstanding blocks, and a reviewer's access window."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import datetime, timedelta
from typing import Any

from codesign.review import checklists

ACCESS_DAYS = 30  # domain.md P-15: a reviewer's access to a draft ends this long after their latest review
MIGRANT_LED = "migrant_led"
NEEDS_MIGRANT_LED = frozenset({"bias"})  # "at least one stage-3 reviewer must be from a migrant-led organisation"
ORGANISATION_KIND = "reviewer.organisation.kind"  # the key an assignment row carries the reviewer's one under


def window_open(awaiting: bool, last_reviewed_at: datetime | None, now: datetime) -> bool:
    """Whether an assigned reviewer may still open the draft: a review is due, or their latest one is recent."""
    if awaiting or last_reviewed_at is None:
        return True
    return now - last_reviewed_at <= timedelta(days=ACCESS_DAYS)


def outstanding_blocks(assignments: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Blocks from safeguarding or rights accuracy that still stand. Removing the reviewer does not lift one:
    only that reviewer's sign-off does."""
    return [a for a in assignments if a["kind"] in checklists.BLOCKING_KINDS and a["last_outcome"] == "block"]


Reopened = Mapping[int, Set[str]]  # revision a reviewer read -> the kinds the edits since then re-open


def sign_off_stands(assignment: Mapping[str, Any], revision: int, reopened: Reopened) -> bool:
    """An active assignment whose latest review signed off either the newest text, or an older one whose edits
    since do not touch what its kind checks (triggers.reopened_kinds). An older text missing from `reopened`
    counts as re-opened."""
    if assignment["removed_at"] is not None:
        return False
    if assignment["last_outcome"] not in checklists.SIGN_OFFS:
        return False
    read = assignment["last_revision"]
    if read == revision:
        return True
    return read is not None and read in reopened and assignment["kind"] not in reopened[read]


def from_migrant_led(assignment: Mapping[str, Any]) -> bool:
    """Whether the reviewer belongs to a migrant-led organisation (accounts: User.organisation, granted by an
    admin, whose kind is "migrant_led")."""
    return assignment.get(ORGANISATION_KIND) == MIGRANT_LED


def kind_signed_off(kind: str, assignments: Iterable[Mapping[str, Any]], revision: int, reopened: Reopened) -> bool:
    """A reviewer of the kind has a sign-off that still stands. For stereotype and bias, at least one of those
    reviewers is from a migrant-led organisation (domain.md §2.1, conflicts of interest)."""
    standing = [a for a in assignments if a["kind"] == kind and sign_off_stands(a, revision, reopened)]
    if kind in NEEDS_MIGRANT_LED:
        return any(from_migrant_led(a) for a in standing)
    return bool(standing)


def is_signed_off(required: Iterable[str], assignments: Sequence[Mapping[str, Any]], revision: int,
                  reopened: Reopened) -> bool:
    """Every required kind has an assigned reviewer whose latest sign-off still covers the current text, and no
    block is outstanding."""
    if outstanding_blocks(assignments):
        return False
    return all(kind_signed_off(kind, assignments, revision, reopened) for kind in required)
