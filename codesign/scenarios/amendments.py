"""Amendments: any council member suggests an edited text with a reason; the author or an organiser
accepts it (a new revision crediting the amender) or declines it with a reason."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from codesign import events
from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.scenarios import permissions
from codesign.scenarios.document import compose
from codesign.scenarios.services import _organisation_for, _write_revision, access, byline, checked, document_text
from codesign.scenarios.tables import Amendment, Revision

STATUSES = ("open", "accepted", "declined")
MAX_REASON = 2000


async def propose(actor: Actor, slug: str, text: str, reason: str, shown_as: str) -> int:
    row, draft = await access(slug, actor)
    if not permissions.can_propose_amendment(actor, draft):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why you suggest this change.")})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": _("Use at most %(max)s characters.", max=MAX_REASON)})
    document = checked(text)
    if document.slug != slug:
        raise ValidationFailed({"id": _("The id of a scenario cannot change.")})
    organisation_id = await _organisation_for(actor, shown_as)
    latest = await Revision.select(Revision.front_matter, Revision.body).where(
        (Revision.scenario == row["id"]) & (Revision.number == row["revision_count"])).first()
    if latest and document_text(latest) == compose(document.front_matter, document.body):
        raise ValidationFailed({}, _("This text is the same as the newest version. Change something first."))
    async with write_transaction():
        rows = await Amendment.insert(Amendment(
            scenario=row["id"], base_number=row["revision_count"], author=actor.user_id, shown_as=shown_as,
            organisation=organisation_id, reason=reason.strip(), front_matter=document.front_matter,
            body=document.body, status="open", created_at=datetime.now(UTC),
        ))
        await events.emit(events.AMENDMENT_PROPOSED, scenario_id=row["id"], amendment_id=rows[0]["id"],
                          actor_id=actor.user_id, title=row["title"], slug=slug)
    return int(rows[0]["id"])


async def amendments(actor: Actor, slug: str) -> list[dict[str, Any]]:
    row, _draft = await access(slug, actor)
    rows = await Amendment.select(
        Amendment.id, Amendment.status, Amendment.reason, Amendment.base_number, Amendment.shown_as,
        Amendment.created_at, Amendment.author.display_name, Amendment.author.deleted_at, Amendment.organisation.name,
    ).where(Amendment.scenario == row["id"]).order_by(Amendment.created_at, ascending=False).limit(50)
    for item in rows:
        item["byline"] = byline(item["shown_as"], item["author.display_name"], item["author.deleted_at"],
                                item["organisation.name"])
    return rows


async def amendment(actor: Actor, slug: str, amendment_id: int) -> tuple[dict[str, Any], dict[str, Any],
                                                                         permissions.DraftAccess]:
    row, draft = await access(slug, actor)
    rows = await Amendment.select(
        Amendment.id, Amendment.status, Amendment.reason, Amendment.base_number, Amendment.shown_as,
        Amendment.front_matter, Amendment.body, Amendment.created_at, Amendment.decline_reason,
        Amendment.accepted_number, Amendment.author, Amendment.author.display_name, Amendment.author.deleted_at,
        Amendment.organisation.name, Amendment.decided_by.display_name,
    ).where((Amendment.id == amendment_id) & (Amendment.scenario == row["id"]))
    if not rows:
        raise NotFound()
    item = rows[0]
    item["byline"] = byline(item["shown_as"], item["author.display_name"], item["author.deleted_at"],
                            item["organisation.name"])
    return row, item, draft


async def accept(actor: Actor, slug: str, amendment_id: int) -> int:
    row, item, draft = await amendment(actor, slug, amendment_id)
    if not permissions.can_decide_amendment(actor, draft):
        raise PermissionDenied()
    if item["status"] != "open":
        raise ValidationFailed({}, _("This amendment has been decided already."))
    document = checked(document_text(item))
    async with write_transaction():
        claimed = await Amendment.update({Amendment.status: "accepted", Amendment.decided_by: actor.user_id,
                                          Amendment.decided_at: datetime.now(UTC)}).where(
            (Amendment.id == amendment_id) & (Amendment.status == "open")).returning(Amendment.id)
        if not claimed:
            raise ValidationFailed({}, _("This amendment has been decided already."))
        number = await _write_revision(
            row["id"], actor.user_id, "name", None, _("Accepted amendment %(id)s", id=amendment_id), document,
            credited=item["author"])
        await Amendment.update({Amendment.accepted_number: number}).where(Amendment.id == amendment_id)
    return number


async def decline(actor: Actor, slug: str, amendment_id: int, reason: str) -> None:
    _row, item, draft = await amendment(actor, slug, amendment_id)
    if not permissions.can_decide_amendment(actor, draft):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why you decline this amendment.")})
    async with write_transaction():
        claimed = await Amendment.update({
            Amendment.status: "declined", Amendment.decided_by: actor.user_id,
            Amendment.decided_at: datetime.now(UTC), Amendment.decline_reason: reason.strip()[:MAX_REASON],
        }).where((Amendment.id == amendment_id) & (Amendment.status == "open")).returning(Amendment.id)
        if not claimed:
            raise ValidationFailed({}, _("This amendment has been decided already."))
