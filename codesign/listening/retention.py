"""Retention (domain.md §5.4, P-06): raw notes are deleted, and the free text of anonymous feedback blanked, once
each session's period has passed; live votes left open for 30 days are closed and their ballots deleted. Run by
the app's scheduled task and by `codesign listening purge`; every step is idempotent.

Raw notes go at the earlier of two moments: the session's own period after it started (at most 90 days, set when
scheduling), and 30 days after its insights are validated. "Validated" is the moment an organiser validated an
insight and none of the session's insights was left raw (ListeningSession.insights_validated_at, kept by
facilitation.py): adding an insight, or setting one back to raw, stops that clock until it is validated too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from codesign.db import write_transaction
from codesign.listening import participation
from codesign.listening.tables import Feedback, ListeningSession, LiveVote, Note

BALLOTS_KEPT_AT_MOST = timedelta(days=30)
NOTES_AFTER_VALIDATION = timedelta(days=30)
PURGE_EVERY = 3600  # seconds between scheduled purges


@dataclass(frozen=True)
class Purged:
    notes: int
    feedback_texts: int
    votes_closed: int


def notes_delete_by(starts_at: datetime, retention_days: int, validated_at: datetime | None) -> datetime:
    """When a session's raw notes are deleted: its period after the session, or 30 days after validation."""
    limit = starts_at + timedelta(days=retention_days)
    return limit if validated_at is None else min(limit, validated_at + NOTES_AFTER_VALIDATION)


async def purge(now: datetime | None = None) -> Purged:
    moment = now or datetime.now(UTC)
    sessions = await ListeningSession.select(ListeningSession.id, ListeningSession.starts_at,
                                             ListeningSession.notes_retention_days,
                                             ListeningSession.insights_validated_at).where(
        (ListeningSession.starts_at < moment) | ListeningSession.insights_validated_at.is_not_null())
    expired = [s["id"] for s in sessions if notes_delete_by(
        s["starts_at"], s["notes_retention_days"], s["insights_validated_at"]) <= moment]
    notes = 0
    if expired:
        async with write_transaction():
            deleted = await Note.delete().where(Note.session.is_in(expired)).returning(Note.id)
            notes = len(deleted)
    texts = await Feedback.select(Feedback.id, Feedback.received_on,
                                  Feedback.form.session.feedback_retention_days,  # type: ignore[union-attr]
                                  ).where(Feedback.text != "")
    due = [t["id"] for t in texts
           if t["received_on"] + timedelta(days=t["form.session.feedback_retention_days"]) <= moment.date()]
    if due:
        async with write_transaction():
            await Feedback.update({Feedback.text: ""}).where(Feedback.id.is_in(due))
    stale = await LiveVote.select(LiveVote.id).where(LiveVote.closed_at.is_null()
                                                     & (LiveVote.opened_at <= moment - BALLOTS_KEPT_AT_MOST))
    for vote in stale:
        await participation.close_by_system(vote["id"])
    return Purged(notes=notes, feedback_texts=len(due), votes_closed=len(stale))


async def scheduled_purge() -> Purged:
    return await purge()
