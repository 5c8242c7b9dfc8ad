"""Who may do what with accounts and organisations: one small predicate per action."""

from __future__ import annotations

from codesign.accounts.actor import Actor


def can_edit_own_account(actor: Actor) -> bool:
    return actor.is_authenticated


def can_manage_organisations(actor: Actor) -> bool:
    return actor.is_admin


def can_manage_people(actor: Actor) -> bool:
    """Register reviewers and trainers, link people to organisations."""
    return actor.is_admin
