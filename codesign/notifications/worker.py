"""The outbox worker: queues due digests and sends outbox emails with retries; several may run at once.

Each email is claimed with one conditional UPDATE that pushes its next attempt into the future (a lease)
and counts the attempt, so two workers never send the same row; a worker that dies mid-send leaves the row
to be tried again when the lease ends. A failure is retried after 1 min, 5 min, 30 min, 2 h and 6 h;
the sixth failed attempt gives up (failed_at). A sent email is never picked up again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from codesign.accounts.tables import User
from codesign.notifications import mailer, services
from codesign.notifications.tables import OutboxEmail
from codesign.settings import Settings

log = logging.getLogger("codesign.worker")

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6))
MAX_ATTEMPTS = 6
# Far longer than one SMTP conversation may take (mailer.SMTP_TIMEOUT_SECONDS).
LEASE = timedelta(minutes=15)
ERROR_LENGTH = 1000
BATCH = 50
MAX_BATCHES_PER_PASS = 20


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (1-based)."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def _due(now: datetime) -> Any:
    return OutboxEmail.sent_at.is_null() & OutboxEmail.failed_at.is_null() & (OutboxEmail.next_attempt_at <= now)


async def claim(now: datetime) -> dict[str, Any] | None:
    """The next due email, leased to this worker; None when there is nothing (left) to send."""
    for _ in range(10):  # another worker may take the row between the look and the claim: look again
        rows = await OutboxEmail.select(OutboxEmail.id).where(_due(now)).order_by(
            OutboxEmail.next_attempt_at).order_by(OutboxEmail.id).limit(1)
        if not rows:
            return None
        claimed = await OutboxEmail.update({
            OutboxEmail.next_attempt_at: now + LEASE,
            OutboxEmail.attempts: OutboxEmail.attempts + 1,
        }).where((OutboxEmail.id == rows[0]["id"]) & _due(now)).returning(
            OutboxEmail.id, OutboxEmail.user, OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.body,
            OutboxEmail.dedupe_key, OutboxEmail.created_at, OutboxEmail.attempts,
        )
        if claimed:
            return dict(claimed[0])
    return None


async def _address_still_wanted(row: dict[str, Any]) -> bool:
    """A member who removed or changed their address since the email was queued does not get it there."""
    if row["user"] is None:
        return False
    people = await User.select(User.email).where((User.id == row["user"]) & User.deleted_at.is_null())
    return bool(people) and people[0]["email"] == row["to_address"]


async def _mark_sent(outbox_id: int, now: datetime) -> None:
    await OutboxEmail.update({OutboxEmail.sent_at: now, OutboxEmail.last_error: ""}).where(
        (OutboxEmail.id == outbox_id) & OutboxEmail.sent_at.is_null()
    )


async def _give_up(outbox_id: int, now: datetime, reason: str) -> None:
    await OutboxEmail.update({OutboxEmail.failed_at: now, OutboxEmail.last_error: reason[:ERROR_LENGTH]}).where(
        OutboxEmail.id == outbox_id
    )


async def _record_failure(row: dict[str, Any], now: datetime, error: BaseException) -> None:
    reason = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    attempts = int(row["attempts"])
    if attempts >= MAX_ATTEMPTS:
        log.error("giving up on outbox email %s after %s attempts: %s", row["id"], attempts, reason)
        await _give_up(row["id"], now, reason)
        return
    log.warning("outbox email %s failed (attempt %s), retrying later: %s", row["id"], attempts, reason)
    await OutboxEmail.update({
        OutboxEmail.next_attempt_at: now + retry_delay(attempts),
        OutboxEmail.last_error: reason,
    }).where((OutboxEmail.id == row["id"]) & OutboxEmail.sent_at.is_null())


async def send_due(settings: Settings, now: datetime | None = None, batch: int = BATCH) -> int:
    """Sends up to `batch` due emails, one at a time; gives how many were sent."""
    now = datetime.now(UTC) if now is None else now.astimezone(UTC)
    sent = 0
    for _ in range(batch):
        row = await claim(now)
        if row is None:
            break
        if not await _address_still_wanted(row):
            await _give_up(row["id"], now, "the member removed or changed their email address")
            continue
        message = mailer.compose(
            outbox_id=row["id"], to_address=row["to_address"], subject=row["subject"], body=row["body"],
            created_at=row["created_at"], dedupe_key=row["dedupe_key"], settings=settings,
        )
        try:
            await mailer.deliver(message, settings, outbox_id=row["id"])
        except Exception as error:
            await _record_failure(row, now, error)
            continue
        await _mark_sent(row["id"], now)
        sent += 1
    return sent


async def run_once(settings: Settings, now: datetime | None = None) -> tuple[int, int]:
    """One pass: queue the digests that are due, then send what is due. Gives (queued, sent)."""
    now = datetime.now(UTC) if now is None else now
    queued = await services.queue_digests(now, base_url=settings.base_url)
    sent = 0
    for _ in range(MAX_BATCHES_PER_PASS):
        batch = await send_due(settings, now, BATCH)
        sent += batch
        if batch < BATCH:
            break
    return queued, sent


async def run_forever(settings: Settings, interval: float = 60) -> None:
    """A pass every `interval` seconds until cancelled; a failing pass is logged and the next one runs."""
    while True:
        try:
            queued, sent = await run_once(settings)
            if queued or sent:
                log.info("%s digest(s) queued, %s email(s) sent", queued, sent)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("worker pass failed")
        await asyncio.sleep(interval)
