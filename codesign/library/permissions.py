"""Who may do what in the trainers' library: one small predicate per action, one condition per line.

The library is for signed-in people (trainers, council members, organisers, reviewers, admins); visitors are sent to
the log-in page. Trainers publish, follow, build packs and report use; the council of a scenario sees the aggregated
usage reports. Trainers and admins make personal read-only API tokens, which act as them while they still may.
"""

from __future__ import annotations

from dataclasses import dataclass

from codesign.accounts.actor import Actor


@dataclass(frozen=True)
class PackAccess:
    owner_id: int
    published: bool


def can_browse(actor: Actor) -> bool:
    return actor.is_authenticated


def can_publish(actor: Actor) -> bool:
    """Publishing an approved scenario is a trainer's step (the lifecycle checks the stage and conditions)."""
    if not actor.is_authenticated:
        return False
    return actor.is_trainer


def can_follow(actor: Actor) -> bool:
    if not actor.is_authenticated:
        return False
    return actor.is_trainer


def can_create_pack(actor: Actor) -> bool:
    if not actor.is_authenticated:
        return False
    return actor.is_trainer


def can_view_pack(actor: Actor, pack: PackAccess) -> bool:
    """The owner; once published, colleagues (other trainers) and admins."""
    if actor.user_id is not None and actor.user_id == pack.owner_id:
        return True
    if not pack.published:
        return False
    return actor.is_trainer or actor.is_admin


def can_edit_pack(actor: Actor, pack: PackAccess) -> bool:
    if actor.user_id is None:
        return False
    if not actor.is_trainer:
        return False
    return actor.user_id == pack.owner_id


def can_report_use(actor: Actor) -> bool:
    if not actor.is_authenticated:
        return False
    return actor.is_trainer


def can_see_usage(actor: Actor, council_id: int) -> bool:
    """Aggregates of the usage reports of a scenario: its council (members and organisers) and admins."""
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_make_tokens(actor: Actor) -> bool:
    """Personal API tokens let an agency's learning system pull the library: for trainers and admins."""
    if not actor.is_authenticated:
        return False
    return actor.is_trainer or actor.is_admin


def can_use_token(owner: Actor) -> bool:
    """A token works only while its owner could still make one (a lost trainer role or a deleted account ends it)."""
    return can_make_tokens(owner)


def can_delete_pack(actor: Actor, pack: PackAccess) -> bool:
    return can_edit_pack(actor, pack)


def can_retire(actor: Actor, council_id: int, published_by: int | None) -> bool:
    """Taking a scenario out of the library for good: the trainer who published its release, or an organiser of
    its council (the lifecycle's roles for "retire", narrowed to the trainer who answers for the release)."""
    if actor.is_organiser_of(council_id):
        return True
    if not actor.is_trainer:
        return False
    return actor.user_id is not None and actor.user_id == published_by
