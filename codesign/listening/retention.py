"""Retention (domain.md §5.4, P-06): raw notes are deleted, and the free text of anonymous feedback blanked, once
each session's period has passed; live votes left open for 30 days are closed and their ballots deleted. Run by
the app's scheduled task and by `codesign listening purge`; every step is idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from codesign.db import write_transaction
from codesign.listening import participation
from codesign.listening.tables import Feedback, ListeningSession, LiveVote, Note

BALLOTS_KEPT_AT_MOST = timedelta(days=30)
PURGE_EVERY = 3600  # seconds between scheduled purges


@dataclass(frozen=True)
class Purged:
    notes: int
    feedback_texts: int
    votes_closed: int


async def purge(now: datetime | None = None) -> Purged:
    moment = now or datetime.now(UTC)
    sessions = await ListeningSession.select(ListeningSession.id, ListeningSession.starts_at,
                                             ListeningSession.notes_retention_days).where(
        ListeningSession.starts_at < moment)
    expired = [s["id"] for s in sessions if s["starts_at"] + timedelta(days=s["notes_retention_days"]) <= moment]
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
