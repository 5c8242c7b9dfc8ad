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
    state: str = "draft"
    granted_roles: frozenset[str] = frozenset()  # roles other domains grant, e.g. an assigned reviewer


# Trainers are not council members and never see a council's drafts, comments or history (domain.md §5.3); they
# reach the newest text of a scenario only to publish it (approved) or to retire its release (published).
TRAINER_STAGES = ("approved", "published")


def can_view_drafts(actor: Actor, council_id: int) -> bool:
    """Drafts are for the council: members and organisers, and admins for moderation."""
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_view_draft(actor: Actor, draft: DraftAccess) -> bool:
    """One draft: the council, and anyone another domain granted a role (an assigned reviewer)."""
    if can_view_drafts(actor, draft.council_id):
        return True
    return bool(draft.granted_roles)


def can_take_trainer_step(actor: Actor, state: str) -> bool:
    """A trainer publishing an approved scenario, or retiring a published one, without seeing the draft."""
    if not actor.is_trainer:
        return False
    return state in TRAINER_STAGES


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
    """Consent records and follow-up contact: authors, organisers and the draft's assigned reviewers only."""
    if actor.is_organiser_of(draft.council_id):
        return True
    if "reviewer" in draft.granted_roles:
        return True
    return is_author(actor, draft)


def can_withdraw_consent(actor: Actor, draft: DraftAccess) -> bool:
    """Organisers hold the consent records offline and act when a participant withdraws."""
    if actor.is_admin:
        return True
    return actor.is_organiser_of(draft.council_id)


def can_import(actor: Actor, council_id: int) -> bool:
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)


def can_see_hidden(actor: Actor, council_id: int) -> bool:
    """A draft hidden by a moderator still shows its text to the council's moderators."""
    if actor.is_admin:
        return True
    return actor.is_organiser_of(council_id)
