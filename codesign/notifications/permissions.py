"""Who may do what with notifications: one small predicate per action, one condition per line."""

from __future__ import annotations

from codesign.accounts.actor import Actor


def can_read_notifications(actor: Actor) -> bool:
    return actor.is_authenticated


def can_see_notification(actor: Actor, owner_id: int) -> bool:
    """A notice is its reader's alone; anyone else is told it does not exist."""
    if not actor.is_authenticated:
        return False
    return actor.user_id == owner_id


def can_choose_email_digest(actor: Actor) -> bool:
    return actor.is_authenticated
