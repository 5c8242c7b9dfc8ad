"""Who may do what in a draft's discussion: one small predicate per action, one condition per line."""

from __future__ import annotations

from codesign.accounts.actor import Actor

# Discussion is closed once a draft has left the council's hands for good.
CLOSED_STATES = frozenset({"withdrawn", "rejected", "retired", "superseded"})


def discussion_open(state: str) -> bool:
    return state not in CLOSED_STATES


def can_comment(actor: Actor, council_id: int) -> bool:
    return actor.is_member_of(council_id)


def can_edit_comment(actor: Actor, author_id: int | None) -> bool:
    if actor.user_id is None:
        return False
    return actor.user_id == author_id


def can_support(actor: Actor, council_id: int) -> bool:
    return actor.is_member_of(council_id)


def can_follow(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_flag(actor: Actor, council_id: int) -> bool:
    return actor.is_member_of(council_id)


def can_moderate(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)
