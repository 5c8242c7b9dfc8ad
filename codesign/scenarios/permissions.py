"""Who may do what with scenario drafts: one small predicate per action, one condition per line."""

from __future__ import annotations

from dataclasses import dataclass

from codesign.accounts.actor import Actor


@dataclass(frozen=True)
class DraftAccess:
    """What permissions need to know about one draft (loaded once by the service)."""

    council_id: int
    author_id: int | None
    co_author_ids: frozenset[int]


def can_view_drafts(actor: Actor, council_id: int) -> bool:
    """Drafts are for the council: members and organisers, and admins for moderation."""
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_propose(actor: Actor, council_id: int) -> bool:
    return actor.is_member_of(council_id)


def is_author(actor: Actor, draft: DraftAccess) -> bool:
    if actor.user_id is None:
        return False
    return actor.user_id == draft.author_id or actor.user_id in draft.co_author_ids


def can_edit(actor: Actor, draft: DraftAccess) -> bool:
    """The author and co-authors, while they are in the council."""
    if not actor.is_member_of(draft.council_id):
        return False
    return is_author(actor, draft)


def can_invite_co_author(actor: Actor, draft: DraftAccess) -> bool:
    if not actor.is_member_of(draft.council_id):
        return False
    return actor.user_id is not None and actor.user_id == draft.author_id


def can_propose_amendment(actor: Actor, draft: DraftAccess) -> bool:
    return actor.is_member_of(draft.council_id)


def can_decide_amendment(actor: Actor, draft: DraftAccess) -> bool:
    if actor.is_organiser_of(draft.council_id):
        return True
    return can_edit(actor, draft)


def can_see_private_fields(actor: Actor, draft: DraftAccess) -> bool:
    """Consent records and follow-up contact: authors, organisers and reviewers only."""
    if actor.is_organiser_of(draft.council_id):
        return True
    if actor.is_reviewer:
        return True
    return is_author(actor, draft)


def can_import(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_see_hidden(actor: Actor, council_id: int) -> bool:
    """A draft hidden by a moderator still shows its text to the council's moderators."""
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)
