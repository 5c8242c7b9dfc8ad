"""Use cases of notifications: notify, read and mark notices, the email digest choice, and queueing digests."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from asyncpg.exceptions import UniqueViolationError

from codesign.accounts import personal_data
from codesign.accounts.actor import Actor
from codesign.accounts.tables import User
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.notifications import digest, permissions
from codesign.notifications.tables import EmailSettings, Notification, OutboxEmail
from codesign.web.pagination import PAGE_SIZE, Page, offset

KINDS = ("mention", "reply", "revision", "amendment", "state_change", "review_assigned", "new_release",
         "release_withdrawn", "release_retired")
FREQUENCIES = ("never", "daily", "weekly")
# A member who gave an address and never chose gets at most one email a day.
DEFAULT_FREQUENCY = "daily"
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A digest lists this many notices, newest first, and counts the rest.
DIGEST_LIMIT = 50
_CHUNK = 500


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _params(raw: str) -> dict[str, str]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


# --- notices ----------------------------------------------------------------------------------


async def notify(
    user_ids: Iterable[int],
    kind: str,
    *,
    scenario_id: int | None,
    scenario_title: str,
    url: str,
    params: dict[str, str] | None = None,
    exclude: int | None = None,
) -> None:
    """One notice for each distinct person in `user_ids` except `exclude` (the actor) and erased accounts.

    Runs inside the caller's transaction: the notices are written, or rolled back, with what they announce.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    wanted = sorted({int(user_id) for user_id in user_ids if user_id is not None} - {exclude})
    if not wanted:
        return
    live = await User.select(User.id).where(User.id.is_in(wanted) & User.deleted_at.is_null())
    if not live:
        return
    now = datetime.now(UTC)
    encoded = json.dumps({str(k): str(v) for k, v in (params or {}).items()}, ensure_ascii=False)
    await Notification.insert(*[
        Notification(user=row["id"], kind=kind, scenario_id=scenario_id, scenario_title=scenario_title[:200],
                     url=url[:300], params=encoded, created_at=now)
        for row in sorted(live, key=lambda r: r["id"])
    ])


async def unread_count(user_id: int) -> int:
    return int(await Notification.count().where((Notification.user == user_id) & Notification.read_at.is_null()))


async def list_notifications(actor: Actor, page: int) -> Page:
    """The actor's notices, newest first, one page of them (two queries, however many there are)."""
    if not permissions.can_read_notifications(actor):
        raise PermissionDenied()
    mine = Notification.user == actor.user_id
    total = await Notification.count().where(mine)
    rows = await Notification.select(
        Notification.id, Notification.kind, Notification.scenario_id, Notification.scenario_title,
        Notification.url, Notification.params, Notification.created_at, Notification.read_at,
    ).where(mine).order_by(Notification.created_at, ascending=False).order_by(
        Notification.id, ascending=False).limit(PAGE_SIZE).offset(offset(page))
    for row in rows:
        row["params"] = _params(row["params"])
        row["unread"] = row["read_at"] is None
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def mark_all_read(actor: Actor) -> None:
    if not permissions.can_read_notifications(actor):
        raise PermissionDenied()
    async with write_transaction():
        await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
            (Notification.user == actor.user_id) & Notification.read_at.is_null()
        )


async def mark_read(actor: Actor, notification_id: int) -> str:
    """Marks one notice read and gives the address it points to; another member's notice is NotFound."""
    rows = await Notification.select(Notification.user, Notification.url).where(Notification.id == notification_id)
    if not rows or not permissions.can_see_notification(actor, rows[0]["user"]):
        raise NotFound()
    async with write_transaction():
        await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
            (Notification.id == notification_id) & Notification.read_at.is_null()
        )
    return str(rows[0]["url"])


# --- the email digest choice --------------------------------------------------------------------


async def email_digest_choice(actor: Actor) -> dict[str, Any]:
    """How often the actor gets a digest, and the address it goes to (None: no email at all)."""
    if not permissions.can_choose_email_digest(actor):
        raise PermissionDenied()
    users = await User.select(User.email).where(User.id == actor.user_id)
    if not users:
        raise NotFound()
    rows = await EmailSettings.select(EmailSettings.frequency, EmailSettings.last_digest_at).where(
        EmailSettings.user == actor.user_id
    )
    chosen = rows[0] if rows else {"frequency": DEFAULT_FREQUENCY, "last_digest_at": None}
    return {"email": users[0]["email"], **chosen}


async def choose_email_digest(actor: Actor, frequency: str) -> None:
    if not permissions.can_choose_email_digest(actor):
        raise PermissionDenied()
    if frequency not in FREQUENCIES:
        raise ValidationFailed({"frequency": _("Choose one of the options shown.")})
    async with write_transaction():
        await EmailSettings.insert(EmailSettings(user=actor.user_id, frequency=frequency)).on_conflict(
            target=EmailSettings.user, action="DO UPDATE", values=[EmailSettings.frequency]
        )


# --- queueing digests -----------------------------------------------------------------------------


def period_key(frequency: str, now: datetime) -> str:
    """The day or ISO week a digest belongs to: a member gets at most one digest per key."""
    now = _utc(now)
    if frequency == "weekly":
        year, week, _day = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.date().isoformat()


def is_due(frequency: str, last_digest_at: datetime | None, now: datetime) -> bool:
    if frequency not in PERIODS:
        return False
    return last_digest_at is None or _utc(now) - _utc(last_digest_at) >= PERIODS[frequency]


class _NothingToQueue(Exception):
    """Rolls back a member's claim when nothing is left to mail (read meanwhile, or address removed)."""


def _is_unique_violation(error: BaseException) -> bool:
    if isinstance(error, UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


def _pending(user_id: int, now: datetime) -> Any:
    return ((Notification.user == user_id) & Notification.read_at.is_null() & Notification.emailed_at.is_null()
            & (Notification.created_at <= now))


async def _candidates(now: datetime) -> list[int]:
    """Members with an address and at least one notice that is neither read nor mailed."""
    rows = await Notification.select(Notification.user).where(
        Notification.read_at.is_null() & Notification.emailed_at.is_null() & (Notification.created_at <= now)
        & Notification.user.email.is_not_null() & (Notification.user.email != "")
        & Notification.user.deleted_at.is_null()
    ).distinct()
    return sorted(row["user"] for row in rows)


async def queue_digests(now: datetime, frequency: str | None = None, *, base_url: str = digest.DEFAULT_BASE_URL) -> int:
    """Puts one digest in the outbox for every member who is due one; gives how many were queued.

    Due: the member gave an email address, chose daily or weekly (or `frequency`, when given), their last
    digest is at least a day or a week old, and they have notices that are neither read nor mailed yet.
    Safe to run in several processes at once: each member is claimed with a conditional update, and the
    outbox's unique `dedupe_key` refuses a second digest for the same member and period.
    """
    now = _utc(now)
    members = await _candidates(now)
    queued = 0
    for start in range(0, len(members), _CHUNK):
        chunk = members[start:start + _CHUNK]
        rows = await EmailSettings.select(
            EmailSettings.user, EmailSettings.frequency, EmailSettings.last_digest_at
        ).where(EmailSettings.user.is_in(chunk))
        chosen = {row["user"]: row for row in rows}
        for user_id in chunk:
            row = chosen.get(user_id)
            member_frequency = row["frequency"] if row else DEFAULT_FREQUENCY
            if frequency is not None and member_frequency != frequency:
                continue
            if not is_due(member_frequency, row["last_digest_at"] if row else None, now):
                continue
            if await _queue_one(user_id, member_frequency, has_settings=row is not None, now=now, base_url=base_url):
                queued += 1
    return queued


async def _queue_one(user_id: int, frequency: str, *, has_settings: bool, now: datetime, base_url: str) -> bool:
    """In one transaction: claim the member's period, write the digest to the outbox, mark its notices mailed."""
    try:
        async with write_transaction():
            if not has_settings:
                await EmailSettings.insert(EmailSettings(user=user_id, frequency=frequency)).on_conflict(
                    target=EmailSettings.user, action="DO NOTHING"
                )
            last = EmailSettings.last_digest_at
            last_ok = last.is_null() | (last <= now - PERIODS[frequency])
            claimed = await EmailSettings.update({EmailSettings.last_digest_at: now}).where(
                (EmailSettings.user == user_id) & (EmailSettings.frequency == frequency) & last_ok
            ).returning(EmailSettings.id)
            if not claimed:
                raise _NothingToQueue()  # another worker was first, or the member changed their choice
            people = await User.select(User.email, User.locale, User.display_name).where(
                (User.id == user_id) & User.deleted_at.is_null()
            )
            if not people or not people[0]["email"]:
                raise _NothingToQueue()
            person = people[0]
            rows = await Notification.select(
                Notification.id, Notification.kind, Notification.scenario_id, Notification.scenario_title,
                Notification.url, Notification.params, Notification.created_at,
            ).where(_pending(user_id, now)).order_by(Notification.created_at, ascending=False).order_by(
                Notification.id, ascending=False)
            if not rows:
                raise _NothingToQueue()
            notices = [
                digest.Notice(id=r["id"], kind=r["kind"], scenario_id=r["scenario_id"],
                              scenario_title=r["scenario_title"], url=r["url"], created_at=r["created_at"],
                              params=_params(r["params"]))
                for r in rows[:DIGEST_LIMIT]
            ]
            message = digest.build(notices, locale=person["locale"], display_name=person["display_name"],
                                   frequency=frequency, base_url=base_url, more=len(rows) - len(notices))
            await OutboxEmail.insert(OutboxEmail(
                user=user_id, to_address=person["email"], subject=message.subject[:300], body=message.body,
                dedupe_key=f"digest:{user_id}:{period_key(frequency, now)}", created_at=now,
                next_attempt_at=now, attempts=0,
            ))
            ids = [r["id"] for r in rows]
            for start in range(0, len(ids), _CHUNK):
                await Notification.update({Notification.emailed_at: now}).where(
                    Notification.id.is_in(ids[start:start + _CHUNK]) & Notification.emailed_at.is_null()
                )
    except _NothingToQueue:
        return False
    except Exception as error:
        if _is_unique_violation(error):
            return False  # this member's digest for this period is in the outbox already
        raise
    return True


# --- a member's data ------------------------------------------------------------------------------


async def export_notifications(user_id: int) -> dict[str, Any]:
    rows = await Notification.select(
        Notification.kind, Notification.scenario_title, Notification.url, Notification.params,
        Notification.created_at, Notification.read_at, Notification.emailed_at,
    ).where(Notification.user == user_id).order_by(Notification.id)
    for row in rows:
        row["params"] = _params(row["params"])
        for key in ("created_at", "read_at", "emailed_at"):
            row[key] = row[key].isoformat() if row[key] else None
    chosen = await EmailSettings.select(EmailSettings.frequency).where(EmailSettings.user == user_id)
    emails = await OutboxEmail.select(OutboxEmail.to_address, OutboxEmail.subject, OutboxEmail.created_at,
                                      OutboxEmail.sent_at).where(OutboxEmail.user == user_id).order_by(OutboxEmail.id)
    for row in emails:
        for key in ("created_at", "sent_at"):
            row[key] = row[key].isoformat() if row[key] else None
    return {"notices": rows, "email_digest": chosen[0]["frequency"] if chosen else DEFAULT_FREQUENCY,
            "emails": emails}


async def erase_notifications(user_id: int) -> None:
    """Runs inside the account deletion's transaction: notices, the digest choice and queued emails go."""
    await Notification.delete().where(Notification.user == user_id)
    await EmailSettings.delete().where(EmailSettings.user == user_id)
    await OutboxEmail.delete().where(OutboxEmail.user == user_id)


personal_data.register("notifications", export_notifications, erase_notifications)
