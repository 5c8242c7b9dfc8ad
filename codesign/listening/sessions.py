"""Use cases before a session: schedule, edit and cancel it; the public announcement; registration as counts."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.listening import labels, permissions
from codesign.listening.tables import LanguageCount, ListeningSession
from codesign.web.pagination import PAGE_SIZE, Page, offset

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
PAIR_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\s*(?:<?->|-|/|–|—)\s*[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_REGISTRATIONS_PER_LANGUAGE = 10_000


@dataclass
class SessionInput:
    title: str
    purpose: str
    date: str
    time: str
    time_zone: str
    format: str
    venue_type: str
    online_link: str = ""
    accessibility: list[str] = field(default_factory=list)
    registration_open: bool = False
    notes_retention_days: int = 90
    feedback_retention_days: int = 90
    roles: dict[str, int] = field(default_factory=dict)
    role_pseudonyms: str = ""
    languages: list[dict[str, str]] = field(default_factory=list)
    interpreters: list[dict[str, str]] = field(default_factory=list)
    agenda: list[dict[str, str]] = field(default_factory=list)


def ref(session_id: int) -> str:
    return f"LS-{session_id:04d}"


def _now() -> datetime:
    return datetime.now(UTC)


def _starts_at(data: SessionInput, errors: dict[str, str]) -> datetime | None:
    zone = None
    if data.time_zone not in available_timezones():
        errors["time_zone"] = _("Enter a time zone such as Europe/Madrid or Asia/Kabul.")
    else:
        try:
            zone = ZoneInfo(data.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = _("Enter a time zone such as Europe/Madrid or Asia/Kabul.")
    try:
        local = datetime.strptime(f"{data.date} {data.time}", "%Y-%m-%d %H:%M")
    except ValueError:
        errors["date"] = _("Enter the date and time of the session.")
        return None
    return local.replace(tzinfo=zone).astimezone(UTC) if zone else None


def check(data: SessionInput) -> dict[str, Any]:
    """The columns to store, or ValidationFailed with every problem at once."""
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("This field is required.")
    starts_at = _starts_at(data, errors)
    if data.format not in labels.FORMATS:
        errors["format"] = _("Choose one of the options shown.")
    if data.venue_type not in labels.VENUE_TYPES:
        errors["venue_type"] = _("Choose one of the options shown.")
    link = data.online_link.strip()
    if link:
        parts = urlsplit(link)
        if data.format != "online":
            errors["online_link"] = _("Only an online session may have its link here; give in-person details "
                                      "offline.")
        elif parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
            errors["online_link"] = _("Enter a web address that starts with https:// or http://.")
    if any(a not in labels.ACCESSIBILITY for a in data.accessibility):
        errors["accessibility"] = _("Choose only from the options shown.")
    languages = []
    for n, row in enumerate(data.languages, 1):
        if not LANGUAGE_RE.match(row["lang"]) or row["mode"] not in labels.LANGUAGE_MODES:
            errors[f"lang_{n}"] = _("Give a language code such as ar or fa-AF, and how it is supported.")
        languages.append({"lang": row["lang"], "mode": row["mode"]})
    interpreters = []
    for n, row in enumerate(data.interpreters, 1):
        if not PAIR_RE.match(row["pair"]) or row["provider"] not in labels.PROVIDER_TYPES:
            errors[f"pair_{n}"] = _("Give the language pair, such as ar-en, and the kind of provider.")
        interpreters.append({"pair": row["pair"], "provider": row["provider"], "agreement": bool(row["agreement"])})
    agenda = []
    for n, row in enumerate(data.agenda, 1):
        minutes = int(row["minutes"]) if row["minutes"].isdigit() else 0
        if not row["item"] or not 1 <= minutes <= 480 or row["method"] not in labels.AGENDA_METHODS:
            errors[f"item_{n}"] = _("Each agenda item needs a name, from 1 to 480 minutes and a method.")
        agenda.append({"item": row["item"][:200], "minutes": minutes, "method": row["method"]})
    if errors:
        raise ValidationFailed(errors)
    roles: dict[str, Any] = {role: int(data.roles.get(role) or 0) for role in labels.ROLES}
    if data.role_pseudonyms.strip():
        roles["pseudonyms"] = data.role_pseudonyms.strip()[:300]
    return {
        "title": data.title.strip()[:200], "purpose": data.purpose.strip()[:4000], "starts_at": starts_at,
        "time_zone": data.time_zone, "format": data.format, "venue_type": data.venue_type,
        "online_link": link if data.format == "online" else "",
        "languages": json.dumps(languages, ensure_ascii=False),
        "interpreters": json.dumps(interpreters, ensure_ascii=False),
        "accessibility": json.dumps([a for a in labels.ACCESSIBILITY if a in data.accessibility]),
        "agenda": json.dumps(agenda, ensure_ascii=False), "roles": json.dumps(roles, ensure_ascii=False),
        "registration_open": data.registration_open, "notes_retention_days": data.notes_retention_days,
        "feedback_retention_days": data.feedback_retention_days,
    }


async def schedule(actor: Actor, council_id: int, data: SessionInput) -> int:
    """An organiser schedules a session for their council; it gets a shareable announcement link."""
    if not permissions.can_schedule(actor, council_id):
        raise PermissionDenied()
    values = check(data)
    now = _now()
    async with write_transaction():
        rows = await ListeningSession.insert(ListeningSession(
            council=council_id, public_id=secrets.token_urlsafe(9)[:12], created_by=actor.user_id,
            created_at=now, updated_at=now, **values))
    return int(rows[0]["id"])


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    row["ref"] = ref(row["id"])
    row["language_list"] = json.loads(row["languages"])
    row["interpreter_list"] = json.loads(row["interpreters"])
    row["accessibility_list"] = json.loads(row["accessibility"])
    row["agenda_list"] = json.loads(row["agenda"])
    row["role_map"] = json.loads(row["roles"])
    row["local_start"] = row["starts_at"].astimezone(ZoneInfo(row["time_zone"]))
    row["is_past"] = row["starts_at"] <= _now()
    return row


async def load(session_id: int) -> dict[str, Any]:
    row = await ListeningSession.select(
        *ListeningSession.all_columns(), ListeningSession.council.slug, ListeningSession.council.name,
    ).where(ListeningSession.id == session_id).first()
    if row is None:
        raise NotFound()
    return _decoded(row)


async def session(actor: Actor, session_id: int) -> dict[str, Any]:
    """The session if the actor may see its metadata; NotFound otherwise."""
    row = await load(session_id)
    if not permissions.can_view(actor, row["council"]):
        raise NotFound()
    return row


async def update(actor: Actor, session_id: int, data: SessionInput) -> None:
    row = await session(actor, session_id)
    if not permissions.can_edit(actor, row["council"]):
        raise NotFound()
    values = check(data)
    async with write_transaction():
        changes: dict[Any, Any] = {**values, "updated_at": _now()}
        await ListeningSession.update(changes).where(ListeningSession.id == session_id)


async def cancel(actor: Actor, session_id: int) -> None:
    """Cancels a session; the announcement says so. Cancelling twice changes nothing."""
    row = await session(actor, session_id)
    if not permissions.can_edit(actor, row["council"]):
        raise NotFound()
    async with write_transaction():
        await ListeningSession.update({ListeningSession.cancelled_at: _now(), ListeningSession.updated_at: _now()}
                                      ).where((ListeningSession.id == session_id)
                                              & ListeningSession.cancelled_at.is_null())


async def list_sessions(actor: Actor, council_id: int, page: int) -> Page:
    if not permissions.can_view(actor, council_id):
        raise NotFound()
    query = ListeningSession.select(
        ListeningSession.id, ListeningSession.title, ListeningSession.starts_at, ListeningSession.time_zone,
        ListeningSession.format, ListeningSession.cancelled_at,
    ).where(ListeningSession.council == council_id).order_by(ListeningSession.starts_at, ascending=False)
    items = await query.limit(PAGE_SIZE).offset(offset(page))
    total = await ListeningSession.count().where(ListeningSession.council == council_id)
    for item in items:
        item["ref"] = ref(item["id"])
        item["local_start"] = item["starts_at"].astimezone(ZoneInfo(item["time_zone"]))
    return Page(items=items, number=page, size=PAGE_SIZE, total=total)


async def announcement(public_id: str) -> dict[str, Any]:
    """What anyone may see: no street address, no names, no counts."""
    row = await ListeningSession.select(ListeningSession.id).where(ListeningSession.public_id == public_id).first()
    if row is None:
        raise NotFound()
    return await load(row["id"])


async def register(public_id: str, language: str) -> None:
    """Registration records one more in the count of a language the session offers, and nothing else."""
    row = await announcement(public_id)
    offered = [item["lang"] for item in row["language_list"]]
    if not row["registration_open"] or row["cancelled_at"] is not None or row["is_past"]:
        raise ValidationFailed({}, _("Registration for this session is closed."))
    if language not in offered:
        raise ValidationFailed({"language": _("Choose one of the options shown.")})
    await add_count(row["id"], "registered", language, 1, cap=MAX_REGISTRATIONS_PER_LANGUAGE)


async def add_count(session_id: int, kind: str, language: str, delta: int, cap: int | None = None) -> None:
    """Adds to (or, with `cap` None and a set value, replaces) one count; the unique index keeps one row each."""
    async with write_transaction():
        where = ((LanguageCount.session == session_id) & (LanguageCount.kind == kind)
                 & (LanguageCount.language == language))
        current = await LanguageCount.select(LanguageCount.count).where(where).first()
        if current is None:
            await LanguageCount.insert(LanguageCount(session=session_id, kind=kind, language=language, count=delta))
        elif cap is None or current["count"] < cap:
            await LanguageCount.update({LanguageCount.count: LanguageCount.count + delta}).where(where)


async def counts(session_id: int, kind: str) -> dict[str, int]:
    rows = await LanguageCount.select(LanguageCount.language, LanguageCount.count).where(
        (LanguageCount.session == session_id) & (LanguageCount.kind == kind)).order_by(LanguageCount.language)
    return {row["language"]: row["count"] for row in rows}
