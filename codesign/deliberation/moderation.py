"""Moderation: members flag comments and drafts; organisers hide (a placeholder and the reason stay),
restore, dismiss flags and block members; every action is written to the council's moderation log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from codesign.accounts.actor import Actor
from codesign.councils import services as councils
from codesign.db import write_transaction
from codesign.deliberation import permissions
from codesign.deliberation.tables import Comment, CommentEdit, Flag, ModerationLog
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.scenarios import services as scenarios
from codesign.scenarios.tables import Scenario
from codesign.web.pagination import PAGE_SIZE, Page, offset

REASONS = ("spam", "offensive", "identifies_person", "other")
MAX_NOTE = 1000


def _now() -> datetime:
    return datetime.now(UTC)


async def flag(actor: Actor, slug: str, reason: str, note: str, comment_id: int | None = None) -> None:
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_flag(actor, draft.council_id):
        raise PermissionDenied()
    if reason not in REASONS:
        raise ValidationFailed({"reason": _("Choose one of the options shown.")})
    if reason == "other" and not note.strip():
        raise ValidationFailed({"note": _("Say what is wrong.")})
    if comment_id is not None and not await Comment.exists().where(
            (Comment.id == comment_id) & (Comment.scenario == row["id"])):
        raise NotFound()
    async with write_transaction():
        await Flag.insert(Flag(council=draft.council_id, scenario=row["id"], comment=comment_id, reporter=actor.user_id,
                               reason=reason, note=note.strip()[:MAX_NOTE], created_at=_now()))


async def queue(actor: Actor, council_id: int, page: int) -> Page:
    """Open flags, oldest first, with what was flagged."""
    if not permissions.can_moderate(actor, council_id):
        raise PermissionDenied()
    where = (Flag.council == council_id) & Flag.resolved_at.is_null()
    total = await Flag.count().where(where)
    rows = await Flag.select(
        Flag.id, Flag.reason, Flag.note, Flag.created_at, Flag.comment, Flag.comment.body, Flag.comment.hidden_at,
        Flag.comment.deleted_at, Flag.comment.author, Flag.scenario.slug, Flag.scenario.title,
    ).where(where).order_by(Flag.created_at).limit(PAGE_SIZE).offset(offset(page))
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def _log(council_id: int, actor: Actor, action: str, reason: str, **targets: Any) -> None:
    await ModerationLog.insert(ModerationLog(council=council_id, actor=actor.user_id, action=action,
                                             reason=reason.strip()[:MAX_NOTE], created_at=_now(), **targets))


async def _comment_in_council(actor: Actor, comment_id: int) -> dict[str, Any]:
    row = await Comment.select(Comment.id, Comment.scenario, Comment.scenario.council, Comment.scenario.slug,
                               Comment.author, Comment.hidden_at, Comment.shown_as).where(
        Comment.id == comment_id).first()
    if row is None or not permissions.can_moderate(actor, row["scenario.council"]):
        raise NotFound()
    return row


async def hide(actor: Actor, comment_id: int, reason: str) -> str:
    row = await _comment_in_council(actor, comment_id)
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why: the reason is shown in place of the comment.")})
    async with write_transaction():
        await Comment.update({Comment.hidden_at: _now(), Comment.hidden_reason: reason.strip()[:MAX_NOTE],
                              Comment.hidden_by: actor.user_id}).where(Comment.id == comment_id)
        await Flag.update({Flag.resolved_at: _now(), Flag.resolved_by: actor.user_id}).where(
            (Flag.comment == comment_id) & Flag.resolved_at.is_null())
        await _log(row["scenario.council"], actor, "hide", reason, scenario=row["scenario"], comment=comment_id,
                   target_user=row["author"])
    return str(row["scenario.slug"])


async def hide_draft(actor: Actor, slug: str, reason: str) -> None:
    council_id = await scenario_council(slug)
    if not permissions.can_moderate(actor, council_id):
        raise NotFound()
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why: the reason is shown in place of the draft.")})
    async with write_transaction():
        row = await Scenario.select(Scenario.id).where(Scenario.slug == slug).first()
        await Scenario.update({Scenario.hidden_at: _now(), Scenario.hidden_reason: reason.strip()[:MAX_NOTE]}).where(
            Scenario.slug == slug)
        await Flag.update({Flag.resolved_at: _now(), Flag.resolved_by: actor.user_id}).where(
            (Flag.scenario == row["id"]) & Flag.comment.is_null() & Flag.resolved_at.is_null())  # type: ignore[index]
        await _log(council_id, actor, "hide_draft", reason, scenario=row["id"])  # type: ignore[index]


async def restore_draft(actor: Actor, slug: str) -> None:
    council_id = await scenario_council(slug)
    if not permissions.can_moderate(actor, council_id):
        raise NotFound()
    async with write_transaction():
        row = await Scenario.select(Scenario.id).where(Scenario.slug == slug).first()
        await Scenario.update({Scenario.hidden_at: None, Scenario.hidden_reason: ""}).where(Scenario.slug == slug)
        await _log(council_id, actor, "restore_draft", "", scenario=row["id"])  # type: ignore[index]


async def restore(actor: Actor, comment_id: int) -> str:
    row = await _comment_in_council(actor, comment_id)
    async with write_transaction():
        await Comment.update({Comment.hidden_at: None, Comment.hidden_reason: "", Comment.hidden_by: None}).where(
            Comment.id == comment_id)
        await _log(row["scenario.council"], actor, "restore", "", scenario=row["scenario"], comment=comment_id,
                   target_user=row["author"])
    return str(row["scenario.slug"])


async def dismiss(actor: Actor, flag_id: int) -> str:
    """Closes a flag without action; returns the council's short name."""
    row = await Flag.select(Flag.id, Flag.council, Flag.council.slug, Flag.scenario, Flag.comment).where(
        Flag.id == flag_id).first()
    if row is None or not permissions.can_moderate(actor, row["council"]):
        raise NotFound()
    async with write_transaction():
        await Flag.update({Flag.resolved_at: _now(), Flag.resolved_by: actor.user_id}).where(Flag.id == flag_id)
        await _log(row["council"], actor, "dismiss_flag", "", scenario=row["scenario"], comment=row["comment"])
    return str(row["council.slug"])


async def block(actor: Actor, council_id: int, user_id: int, reason: str) -> None:
    if not permissions.can_moderate(actor, council_id):
        raise PermissionDenied()
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why this member is blocked.")})
    async with write_transaction():
        await councils.block_member(actor, council_id, user_id, reason)
        await _log(council_id, actor, "block", reason, target_user=user_id)


async def unseal(actor: Actor, comment_id: int) -> str:
    """Who wrote a comment shown as "a council member": for moderators only, and always logged."""
    row = await _comment_in_council(actor, comment_id)
    author = await Comment.select(Comment.author.display_name, Comment.author.username).where(
        Comment.id == comment_id).first()
    async with write_transaction():
        await _log(row["scenario.council"], actor, "unseal", "", scenario=row["scenario"], comment=comment_id,
                   target_user=row["author"])
    if author is None or author["author.username"] is None:
        return _("A former member")
    return f"{author['author.display_name']} ({author['author.username']})"


async def log(actor: Actor, council_id: int, page: int) -> Page:
    if not permissions.can_moderate(actor, council_id):
        raise PermissionDenied()
    where = ModerationLog.council == council_id
    total = await ModerationLog.count().where(where)
    rows = await ModerationLog.select(
        ModerationLog.action, ModerationLog.reason, ModerationLog.created_at, ModerationLog.actor.display_name,
        ModerationLog.target_user.display_name, ModerationLog.scenario.slug, ModerationLog.scenario.title,
        ModerationLog.comment,
    ).where(where).order_by(ModerationLog.created_at, ascending=False).limit(PAGE_SIZE).offset(offset(page))
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def edits(actor: Actor, comment_id: int) -> list[dict[str, Any]]:
    """A comment's earlier texts, for moderators."""
    await _comment_in_council(actor, comment_id)
    return await CommentEdit.select(CommentEdit.body, CommentEdit.edited_at).where(
        CommentEdit.comment == comment_id).order_by(CommentEdit.edited_at, ascending=False)


async def scenario_council(slug: str) -> int:
    row = await Scenario.select(Scenario.council).where(Scenario.slug == slug).first()
    if row is None:
        raise NotFound()
    return int(row["council"])
