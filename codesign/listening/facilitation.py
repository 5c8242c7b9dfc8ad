"""Use cases during a session (facilitator mode): raw notes, insights with themes and consent, attendance counts
and, for the session as a whole, how many people agreed to each consent layer (§3.3: numbers, never names)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.listening import labels, permissions, screening, sessions
from codesign.listening.sessions import LANGUAGE_RE
from codesign.listening.tables import Insight, LanguageCount, ListeningSession, Note
from codesign.scenarios.vocabularies import THEMES

RECENT = 50  # notes and insights shown in facilitator mode, newest first
MAX_ATTENDANCE = 10_000


def ref(insight_id: int) -> str:
    return f"INS-{insight_id:04d}"


def _now() -> datetime:
    return datetime.now(UTC)


async def facilitated(actor: Actor, session_id: int) -> dict[str, Any]:
    """The session, if the actor may facilitate it; NotFound otherwise (its existence is not confirmed)."""
    row = await sessions.load(session_id)
    if not permissions.can_facilitate(actor, row["council"]):
        raise NotFound()
    return row


async def add_note(actor: Actor, session_id: int, text: str) -> int:
    row = await facilitated(actor, session_id)
    if not text.strip():
        raise ValidationFailed({"text": _("This field is required.")})
    if row["cancelled_at"] is not None:
        raise ValidationFailed({"text": _("This session is cancelled.")})
    async with write_transaction():
        rows = await Note.insert(Note(session=session_id, text=text.strip()[:4000], created_at=_now()))
    return int(rows[0]["id"])


async def notes(actor: Actor, session_id: int) -> list[dict[str, Any]]:
    await facilitated(actor, session_id)
    rows = await Note.select(Note.id, Note.text, Note.created_at).where(Note.session == session_id).order_by(
        Note.id, ascending=False).limit(RECENT)
    for row in rows:
        row["flags"] = screening.flags(row["text"])  # a warning only: organisers wrote it (P-01)
    return rows


async def add_insight(actor: Actor, session_id: int, statement: str, themes: list[str], consent_scope: str,
                      consent_status: str, sensitivity: str, raised_by: str) -> int:
    row = await facilitated(actor, session_id)
    errors: dict[str, str] = {}
    if not statement.strip():
        errors["statement"] = _("This field is required.")
    if any(theme not in THEMES for theme in themes):
        errors["themes"] = _("Choose only from the options shown.")
    for name, value, allowed in (("consent_scope", consent_scope, labels.CONSENT_SCOPES),
                                 ("consent_status", consent_status, labels.CONSENT_STATUSES),
                                 ("sensitivity", sensitivity, labels.SENSITIVITY),
                                 ("raised_by", raised_by, labels.RAISED_BY)):
        if value not in allowed:
            errors[name] = _("Choose one of the options shown.")
    if row["cancelled_at"] is not None:
        errors["statement"] = _("This session is cancelled.")
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        rows = await Insight.insert(Insight(
            session=session_id, statement=statement.strip()[:2000], themes=json.dumps(themes),
            consent_scope=consent_scope, consent_status=consent_status, sensitivity=sensitivity,
            raised_by=raised_by, status="raw", created_at=_now()))
        await _validation_clock(session_id, validated=False)
    return int(rows[0]["id"])


async def _validation_clock(session_id: int, validated: bool) -> None:
    """Keeps `insights_validated_at`, from which raw notes are kept 30 days at most (retention.py): it is set at
    the moment an organiser validates an insight and none of the session's insights is left raw, and cleared
    while any insight is raw (a new one, or one set back), since its notes are still needed to validate it."""
    raw_left = await Insight.exists().where((Insight.session == session_id) & (Insight.status == "raw"))
    if raw_left:
        await ListeningSession.update({ListeningSession.insights_validated_at: None}).where(
            ListeningSession.id == session_id)
    elif validated:
        await ListeningSession.update({ListeningSession.insights_validated_at: _now()}).where(
            (ListeningSession.id == session_id) & ListeningSession.insights_validated_at.is_null())


def _decoded(item: dict[str, Any]) -> dict[str, Any]:
    item["ref"] = ref(item["id"])
    item["theme_list"] = json.loads(item["themes"])
    item["flags"] = screening.flags(item["statement"])
    return item


async def insights(session_id: int, limit: int = RECENT) -> list[dict[str, Any]]:
    rows = await Insight.select(
        Insight.id, Insight.session, Insight.statement, Insight.themes, Insight.consent_scope, Insight.consent_status,
        Insight.sensitivity, Insight.raised_by, Insight.status, Insight.scenario, Insight.scenario.slug,
    ).where(Insight.session == session_id).order_by(Insight.id, ascending=False).limit(limit)
    return [_decoded(row) for row in rows]


async def insight(actor: Actor, insight_id: int) -> dict[str, Any]:
    """An insight the actor may work with as an organiser; NotFound otherwise."""
    row = await Insight.select(*Insight.all_columns(), Insight.session.council, Insight.scenario.slug).where(
        Insight.id == insight_id).first()
    if row is None or not permissions.can_facilitate(actor, row["session.council"]):
        raise NotFound()
    return _decoded(row)


async def set_insight_status(actor: Actor, insight_id: int, status: str, consent_status: str) -> int:
    """Validating (after the member check), archiving or withdrawing an insight; returns its session."""
    row = await insight(actor, insight_id)
    errors: dict[str, str] = {}
    if status not in labels.INSIGHT_STATUSES:
        errors["status"] = _("Choose one of the options shown.")
    if consent_status not in labels.CONSENT_STATUSES:
        errors["consent_status"] = _("Choose one of the options shown.")
    if errors:
        raise ValidationFailed(errors)
    if consent_status == "withdrawn":
        status = "withdrawn"
    async with write_transaction():
        await Insight.update({Insight.status: status, Insight.consent_status: consent_status}).where(
            Insight.id == insight_id)
        await _validation_clock(int(row["session"]), validated=status == "validated")
    return int(row["session"])


async def set_attendance(actor: Actor, session_id: int, language: str, count: int) -> None:
    """How many took part in a language: a number only, replacing the one recorded before."""
    row = await facilitated(actor, session_id)
    errors: dict[str, str] = {}
    if not LANGUAGE_RE.match(language):
        errors["language"] = _("Give a language code such as ar or fa-AF.")
    if not 0 <= count <= MAX_ATTENDANCE:
        errors["count"] = _("Enter a number from %(min)s to %(max)s.", min=0, max=MAX_ATTENDANCE)
    agreed = max(consent_counts(row).values(), default=0)
    attended = await sessions.counts(session_id, "attended")
    if not errors and sum(attended.values()) - attended.get(language, 0) + count < agreed:
        errors["count"] = _("%(count)s people agreed to a consent layer: the attendance in all cannot be lower.",
                            count=agreed)
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        where = ((LanguageCount.session == session_id) & (LanguageCount.kind == "attended")
                 & (LanguageCount.language == language))
        if await LanguageCount.exists().where(where):
            await LanguageCount.update({LanguageCount.count: count}).where(where)
        else:
            await LanguageCount.insert(LanguageCount(session=session_id, kind="attended", language=language,
                                                     count=count))


def consent_counts(row: dict[str, Any]) -> dict[str, int]:
    """The session's recorded consent counts, {layer: how many agreed}; a layer not recorded is left out."""
    stored = json.loads(row["consent_counts"] or "{}")
    return {layer: int(stored[layer]) for layer in labels.CONSENT_LAYERS if layer in stored}


async def set_consent_counts(actor: Actor, session_id: int, counts: dict[str, int | None]) -> None:
    """How many people in the room agreed to each consent layer L2–L6: whole numbers from 0 to the attendance;
    a layer left blank was not asked. Replaces what was recorded before; nothing is written if any count is wrong."""
    await facilitated(actor, session_id)
    attendance = sum((await sessions.counts(session_id, "attended")).values())
    errors: dict[str, str] = {}
    recorded: dict[str, int] = {}
    for layer in labels.CONSENT_LAYERS:
        value = counts.get(layer)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= attendance:
            errors[f"consent_{layer}"] = (
                _("Enter a whole number from 0 to %(max)s, the people who attended.", max=attendance) if attendance
                else _("Record the attendance first: no more people can agree than attended."))
            continue
        recorded[layer] = value
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        await ListeningSession.update({ListeningSession.consent_counts: json.dumps(recorded),
                                       ListeningSession.updated_at: _now()}).where(ListeningSession.id == session_id)
