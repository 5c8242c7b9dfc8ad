"""Who may do what in expert review: one small predicate per action, one condition per line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from codesign.accounts.actor import Actor


@dataclass(frozen=True)
class AssignmentAccess:
    """What permissions need to know about one assignment (loaded once by the service)."""

    council_id: int
    reviewer_id: int
    kind: str
    removed_at: datetime | None
    author_ids: frozenset[int]  # the author, co-authors and credited amenders: none of them may review it


def can_assign(actor: Actor, council_id: int) -> bool:
    """The council's organisers choose its reviewers."""
    return actor.is_organiser_of(council_id)


def can_unassign(actor: Actor, council_id: int) -> bool:
    return actor.is_organiser_of(council_id)


def may_review(user_id: int, kinds: frozenset[str], kind: str, author_ids: frozenset[int]) -> bool:
    """Whether a person can be assigned: they review this kind, and they did not write the draft (`author_ids`:
    its author, co-authors and the amenders credited with a revision)."""
    if kind not in kinds:
        return False
    return user_id not in author_ids


def can_view_queue(actor: Actor) -> bool:
    if not actor.is_authenticated:
        return False
    return actor.is_reviewer


def is_assigned_reviewer(actor: Actor, item: AssignmentAccess) -> bool:
    if actor.user_id is None:
        return False
    if item.removed_at is not None:
        return False
    if actor.user_id != item.reviewer_id:
        return False
    return item.kind in actor.reviewer_kinds


def can_view_review(actor: Actor, item: AssignmentAccess) -> bool:
    """A review's page: its reviewer, and the council's organisers (who read the answers)."""
    if is_assigned_reviewer(actor, item):
        return True
    return actor.is_organiser_of(item.council_id)


def can_submit_review(actor: Actor, item: AssignmentAccess) -> bool:
    if not is_assigned_reviewer(actor, item):
        return False
    return actor.user_id not in item.author_ids


def can_see_reviewer_names(actor: Actor, council_id: int) -> bool:
    """Reviewers are shown by their role; organisers also see their pseudonymous display names."""
    return actor.is_organiser_of(council_id)
