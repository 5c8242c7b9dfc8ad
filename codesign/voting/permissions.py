"""Who may do what with council decisions and priority votes: one small predicate per action."""

from __future__ import annotations

from codesign.accounts.actor import Actor


def can_open(actor: Actor, council_id: int) -> bool:
    return actor.is_organiser_of(council_id)


def can_close(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_view(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_see_voters(actor: Actor, council_id: int, secret: bool) -> bool:
    """Who chose what, in an open ballot: visible to the council; in a secret one, to nobody."""
    if secret:
        return False
    return can_view(actor, council_id)
