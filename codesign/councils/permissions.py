"""Who may do what in a council: one small predicate per action, one condition per line."""

from __future__ import annotations

from codesign.accounts.actor import Actor


def can_create_council(actor: Actor) -> bool:
    """Admins, and organisers (who facilitate several councils) for a council they will organise."""
    if actor.is_admin:
        return True
    return any(council.role == "organiser" for council in actor.councils)


def can_appoint_organiser(actor: Actor) -> bool:
    return actor.is_admin


def can_view_members(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_manage_invitations(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_change_member_role(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_remove_member(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_edit_council(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_join_with_code(actor: Actor) -> bool:
    return True
