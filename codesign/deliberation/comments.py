"""Use cases of comments: post (on a draft, an amendment or one paragraph), reply, edit, delete, list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from codesign.accounts.actor import Actor
from codesign.councils.tables import Membership
from codesign.db import write_transaction
from codesign.deliberation import follows, permissions
from codesign.deliberation.tables import Comment, CommentEdit
from codesign.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from codesign.i18n import _
from codesign.markdown import blocks, plain_text
from codesign.notifications.services import notify
from codesign.scenarios import services as scenarios
from codesign.scenarios.document import without_title
from codesign.scenarios.tables import Amendment, Revision, Scenario

INTENTS = ("support", "concern", "question", "suggestion")
MAX_BODY = 5000
MAX_DEPTH = 2  # three levels: a comment, a reply, a reply to the reply
THREADS_PER_PAGE = 20
# Posting limits: a person types a comment in more than a few seconds.
LIMITS = ((timedelta(minutes=1), 5), (timedelta(hours=1), 40))
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_.-]{2,40})")


@dataclass(frozen=True)
class NewComment:
    body: str
    intent: str
    shown_as: str = "name"
    parent_id: int | None = None
    block_index: int | None = None
    amendment_id: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


async def _open_draft(actor: Actor, slug: str) -> tuple[dict[str, Any], Any]:
    """The draft the actor may comment on, or the reason why not."""
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_comment(actor, draft.council_id):
        raise PermissionDenied()
    if not permissions.discussion_open(row["state"]):
        raise ValidationFailed({}, _("Discussion of this draft is closed at its present stage."))
    return row, draft


def _check_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationFailed({"body": _("Write something before you post.")})
    if len(text) > MAX_BODY:
        raise ValidationFailed({"body": _("Use at most %(max)s characters.", max=MAX_BODY)})
    return text


async def _rate_limit(actor: Actor) -> None:
    now = _now()
    for window, most in LIMITS:
        recent = await Comment.count().where((Comment.author == actor.user_id) & (Comment.created_at > now - window))
        if recent >= most:
            raise RateLimited(_("You are posting very fast. Wait a minute, then post again."))


async def post(actor: Actor, slug: str, new: NewComment) -> int:
    row, _draft = await _open_draft(actor, slug)
    body = _check_body(new.body)
    if new.intent not in INTENTS:
        raise ValidationFailed({"intent": _("Choose one of the options shown.")})
    organisation_id = await scenarios._organisation_for(actor, new.shown_as)
    await _rate_limit(actor)
    parent = None
    if new.parent_id is not None:
        parent = await Comment.select(Comment.id, Comment.depth, Comment.thread_id, Comment.author,
                                      Comment.amendment, Comment.revision_number, Comment.block_index).where(
            (Comment.id == new.parent_id) & (Comment.scenario == row["id"])).first()
        if parent is None:
            raise NotFound()
    revision_number = block_index = None
    excerpt = ""
    if new.block_index is not None and parent is None:
        revision_number, block_index, excerpt = await _paragraph(row, new.block_index)
    if new.amendment_id is not None and not await Amendment.exists().where(
            (Amendment.id == new.amendment_id) & (Amendment.scenario == row["id"])):
        raise NotFound()
    depth = min(parent["depth"] + 1, MAX_DEPTH) if parent else 0
    async with write_transaction():
        rows = await Comment.insert(Comment(
            scenario=row["id"], amendment=parent["amendment"] if parent else new.amendment_id,
            parent_id=parent["id"] if parent else None,
            thread_id=(parent["thread_id"] or parent["id"]) if parent else None, depth=depth,
            revision_number=parent["revision_number"] if parent else revision_number,
            block_index=parent["block_index"] if parent else block_index, block_excerpt=excerpt,
            author=actor.user_id, shown_as=new.shown_as, organisation=organisation_id, intent=new.intent, body=body,
            created_at=_now(),
        ))
        comment_id = int(rows[0]["id"])
        await Scenario.update({Scenario.comment_count: Scenario.comment_count + 1, Scenario.updated_at: _now()}).where(
            Scenario.id == row["id"])
        await follows.follow_quietly(actor.user_id, row["id"])  # type: ignore[arg-type]
        url = f"/drafts/{slug}#comment-{comment_id}"
        who = actor.display_name if new.shown_as == "name" else _("A council member")
        if parent and parent["author"]:
            await notify([parent["author"]], "reply", scenario_id=row["id"], scenario_title=row["title"], url=url,
                         params={"who": who}, exclude=actor.user_id)
        mentioned = await _mentioned(body, row["council"])
        if mentioned:
            await notify(mentioned, "mention", scenario_id=row["id"], scenario_title=row["title"], url=url,
                         params={"who": who}, exclude=actor.user_id)
    return comment_id


async def _paragraph(row: dict[str, Any], index: int) -> tuple[int, int, str]:
    """The current revision and the paragraph a comment is anchored to."""
    revision = await Revision.select(Revision.body).where(
        (Revision.scenario == row["id"]) & (Revision.number == row["revision_count"])).first()
    text = without_title(revision["body"]) if revision else ""
    parts = blocks(text)
    if not 0 <= index < len(parts):
        raise ValidationFailed({"block": _("This paragraph does not exist any more. Reload the draft.")})
    source = "\n".join(text.splitlines()[parts[index].start_line:parts[index].end_line])
    return row["revision_count"], index, " ".join(plain_text(source).split())[:200]


async def _mentioned(body: str, council_id: int) -> list[int]:
    names = {name.lower() for name in MENTION_RE.findall(body)}
    if not names:
        return []
    rows = await Membership.select(Membership.user).where(
        (Membership.council == council_id) & Membership.user.username.is_in(list(names)[:20]))
    return [r["user"] for r in rows]


async def _own(actor: Actor, comment_id: int) -> dict[str, Any]:
    row = await Comment.select(Comment.id, Comment.author, Comment.body, Comment.scenario, Comment.deleted_at,
                               Comment.hidden_at, Comment.scenario.slug, Comment.scenario.state).where(
        Comment.id == comment_id).first()
    if row is None:
        raise NotFound()
    await scenarios.access(row["scenario.slug"], actor)  # NotFound when the draft is not visible
    if not permissions.can_edit_comment(actor, row["author"]) or row["deleted_at"] or row["hidden_at"]:
        raise PermissionDenied()
    return row


async def edit(actor: Actor, comment_id: int, body: str) -> str:
    """Changes the text; the earlier text is kept for moderators and the comment shows as edited."""
    row = await _own(actor, comment_id)
    if not permissions.discussion_open(row["scenario.state"]):
        raise ValidationFailed({}, _("Discussion of this draft is closed at its present stage."))
    text = _check_body(body)
    async with write_transaction():
        await CommentEdit.insert(CommentEdit(comment=comment_id, body=row["body"], edited_at=_now()))
        await Comment.update({Comment.body: text, Comment.edited_at: _now()}).where(Comment.id == comment_id)
    return str(row["scenario.slug"])


async def delete(actor: Actor, comment_id: int) -> str:
    """The author removes their comment: a placeholder keeps the thread readable."""
    row = await _own(actor, comment_id)
    async with write_transaction():
        await Comment.update({Comment.deleted_at: _now(), Comment.body: ""}).where(Comment.id == comment_id)
        await CommentEdit.delete().where(CommentEdit.comment == comment_id)
    return str(row["scenario.slug"])


COLUMNS = (
    Comment.id, Comment.parent_id, Comment.thread_id, Comment.depth, Comment.revision_number, Comment.block_index,
    Comment.block_excerpt, Comment.amendment, Comment.author, Comment.shown_as, Comment.intent, Comment.body,
    Comment.created_at, Comment.edited_at, Comment.deleted_at, Comment.hidden_at, Comment.hidden_reason,
    Comment.author.display_name, Comment.author.deleted_at, Comment.organisation.name,
)


async def discussion(actor: Actor, scenario_id: int, page: int, amendment_id: int | None = None
                     ) -> tuple[list[dict[str, Any]], int]:
    """A page of threads (oldest first) with all their replies, in two queries whatever the numbers."""
    where: Any = (Comment.scenario == scenario_id) & Comment.parent_id.is_null()
    where &= Comment.amendment == amendment_id if amendment_id is not None else Comment.amendment.is_null()
    total = await Comment.count().where(where)
    tops = await Comment.select(*COLUMNS).where(where).order_by(Comment.id).limit(THREADS_PER_PAGE).offset(
        (page - 1) * THREADS_PER_PAGE)
    replies = await Comment.select(*COLUMNS).where(
        Comment.thread_id.is_in([t["id"] for t in tops])).order_by(Comment.id) if tops else []
    children: dict[int, list[dict[str, Any]]] = {}
    for item in (*tops, *replies):
        _present(item)
    for reply in replies:
        children.setdefault(reply["parent_id"], []).append(reply)
    ordered: list[dict[str, Any]] = []

    def walk(item: dict[str, Any]) -> None:
        ordered.append(item)
        for child in children.get(item["id"], []):
            walk(child)

    for top in tops:
        walk(top)
    return ordered, total


async def newer_than(scenario_id: int, after_id: int) -> list[dict[str, Any]]:
    """Comments posted since `after_id`, for the live update (one query, at most 50)."""
    rows = await Comment.select(*COLUMNS).where((Comment.scenario == scenario_id) & (Comment.id > after_id)).order_by(
        Comment.id).limit(50)
    for item in rows:
        _present(item)
    return rows


def _present(item: dict[str, Any]) -> None:
    item["byline"] = scenarios.byline(item["shown_as"], item["author.display_name"], item["author.deleted_at"],
                                      item["organisation.name"])


async def block_counts(scenario_id: int, revision_number: int) -> dict[int, int]:
    """How many comments each paragraph of one revision has (one query)."""
    rows = await Comment.raw(
        "SELECT block_index, COUNT(*) AS n FROM comment WHERE scenario = {} AND revision_number = {} "
        "AND block_index IS NOT NULL AND parent_id IS NULL GROUP BY block_index", scenario_id, revision_number)
    return {int(r["block_index"]): int(r["n"]) for r in rows}


async def history(scenario_id: int, comment_id: int) -> list[dict[str, Any]]:
    return await CommentEdit.select(CommentEdit.body, CommentEdit.edited_at).where(
        (CommentEdit.comment == comment_id) & (CommentEdit.comment.scenario == scenario_id)).order_by(
        CommentEdit.edited_at, ascending=False)

