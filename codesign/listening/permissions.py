"""Who may do what with listening sessions (domain.md §5.3): one small predicate per action, one condition per line.
Anyone may read an announcement, register a count, vote in the room with a code and send anonymous feedback; those
need no predicate because they need no account."""

from __future__ import annotations

from codesign.accounts.actor import Actor


def can_view(actor: Actor, council_id: int) -> bool:
    """Session metadata: the council's members, and admins for operations."""
    if actor.is_admin:
        return True
    return actor.is_member_of(council_id)


def can_schedule(actor: Actor, council_id: int) -> bool:
    return actor.is_organiser_of(council_id)


def can_edit(actor: Actor, council_id: int) -> bool:
    return actor.is_organiser_of(council_id)


def can_facilitate(actor: Actor, council_id: int) -> bool:
    """Raw notes, insights, attendance, live votes: the council's organisers only (not admins: §5.3)."""
    return actor.is_organiser_of(council_id)


def can_read_report(actor: Actor, council_id: int) -> bool:
    """The report holds aggregates only (k ≥ 5) and de-identified insights: the council may read it."""
    return actor.is_member_of(council_id)


def can_propose_from_insight(actor: Actor, council_id: int) -> bool:
    return actor.is_organiser_of(council_id)


def can_read_feedback_text(actor: Actor, council_id: int) -> bool:
    """Free text of anonymous feedback: organisers only, and only once enough answers hide who wrote it."""
    return actor.is_organiser_of(council_id)
