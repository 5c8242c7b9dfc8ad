"""HTTP handlers for a draft's discussion: comments (also on one paragraph), replies, edits, supports,
follows, flags, the live update, and the organisers' moderation queue and log."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.deliberation import comments, follows, forms, moderation, permissions
from codesign.deliberation import labels as words
from codesign.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from codesign.i18n import _
from codesign.markdown import render as render_markdown
from codesign.scenarios import panels
from codesign.scenarios import services as scenarios
from codesign.scenarios.controllers import shown_as_options
from codesign.web.forms import MAX_INTEGER, Form, RowId, form_data
from codesign.web.pagination import Page, page_number
from codesign.web.responses import see_other
from codesign.web.templating import render

POLL_SECONDS = 20


def _comment_view(item: dict[str, Any], current_revision: int) -> dict[str, Any]:
    """What a comment shows, decided here rather than in the template."""
    item["html"] = render_markdown(item["body"]) if not item["deleted_at"] and not item["hidden_at"] else None
    item["intent_label"] = words.INTENTS.get(item["intent"], item["intent"])
    item["earlier_version"] = item["revision_number"] is not None and item["revision_number"] != current_revision
    return item


async def _discussion_context(request: Request, row: dict[str, Any], draft: Any, page: int,
                              amendment_id: int | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    items, total = await comments.discussion(actor, row["id"], page, amendment_id)
    state = await follows.state_of(actor, row["id"])
    last_id = max((c["id"] for c in items), default=0)
    return {
        "draft": row, "comments": [_comment_view(c, row["revision_count"]) for c in items],
        "threads": Page(items=[], number=page, size=comments.THREADS_PER_PAGE, total=total),
        "can_comment": permissions.can_comment(actor, draft.council_id),
        "discussion_open": permissions.discussion_open(row["state"]),
        "can_moderate": permissions.can_moderate(actor, draft.council_id),
        "supports": state["supports"], "follows": state["follows"],
        "comment_form": Form(forms.COMMENT, raw={"intent": "suggestion", "shown_as": "name",
                                                 "amendment": str(amendment_id or "")}),
        "amendment_id": amendment_id,
        "intent_options": list(words.INTENTS.items()), "shown_as_options": shown_as_options(request),
        "last_id": last_id, "poll_seconds": POLL_SECONDS, "actor_id": actor.user_id,
        "draft_hidden": bool(row.get("hidden_at")),
    }




async def discussion_panel(request: Request, actor: Any, row: dict[str, Any], revision: dict[str, Any] | None,
                           amendment: dict[str, Any] | None) -> panels.Panel:
    """The discussion under a draft (or an amendment), and a comment link beside each paragraph of the newest
    version."""
    _row, draft = await scenarios.access(row["slug"], actor)
    context = await _discussion_context(request, row, draft, 1, amendment["id"] if amendment else None)
    panel = panels.Panel(template="deliberation/_panel.html", context=context, order=10)
    newest = revision is not None and revision["number"] == row["revision_count"]
    if newest and context["can_comment"] and context["discussion_open"]:
        panel.block_link = f"/drafts/{row['slug']}/comments/new?block={{index}}"
        panel.block_counts = await comments.block_counts(row["id"], row["revision_count"])
    return panel


panels.register(discussion_panel)


@get("/drafts/{slug:str}/comments", guards=[login_required])
async def comment_list(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None,
                       after: FromQuery[str | None] = None) -> Response:
    """All threads, page by page; with ?after=N (the live update) only what is newer, or 204."""
    actor = actor_of(request)
    row, draft = await scenarios.access(slug, actor)
    if after is not None:
        since = min(int(after), MAX_INTEGER) if after.isdigit() else 0  # beyond a database integer: nothing newer
        newer = await comments.newer_than(row["id"], since)
        if not newer:
            return Response(content=b"", status_code=204)
        context = {"draft": row, "comments": [_comment_view(c, row["revision_count"]) for c in newer],
                   "last_id": newer[-1]["id"], "poll_seconds": POLL_SECONDS, "actor_id": actor.user_id,
                   "can_comment": permissions.can_comment(actor, draft.council_id),
                   "discussion_open": permissions.discussion_open(row["state"]),
                   "can_moderate": permissions.can_moderate(actor, draft.council_id)}
        return render(request, "deliberation/_new_comments.html", context)
    context = await _discussion_context(request, row, draft, page_number(page))
    context["panel"] = {"context": context}
    return render(request, "deliberation/comments.html", context)


@get("/drafts/{slug:str}/comments/new", guards=[login_required])
async def comment_new(request: Request, slug: FromPath[str], parent: FromQuery[str | None] = None,
                      block: FromQuery[str | None] = None) -> Response:
    """The comment form on a page of its own: a reply, or a comment on one paragraph (works without JavaScript)."""
    actor = actor_of(request)
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_comment(actor, draft.council_id):
        raise NotFound()
    form = Form(forms.COMMENT, raw={"intent": "suggestion", "shown_as": "name", "parent": parent or "",
                                    "block": block or ""})
    return render(request, "deliberation/new.html", await _new_context(request, row, form))


async def _new_context(request: Request, row: dict[str, Any], form: Form) -> dict[str, Any]:
    quoted = None
    parent = form.raw.get("parent")
    if parent and str(parent).isdigit():
        items = await comments.newer_than(row["id"], int(parent) - 1)
        quoted = next((c for c in items if c["id"] == int(parent)), None)
        if quoted:
            _comment_view(quoted, row["revision_count"])
    paragraph = None
    block = form.raw.get("block")
    if block not in (None, "") and str(block).isdigit():
        from codesign.markdown import blocks
        from codesign.scenarios.document import without_title

        _row, current, _access = await scenarios.revision(actor_of(request), row["slug"])
        parts = blocks(without_title(current["body"]))
        paragraph = parts[int(block)].html if int(block) < len(parts) else None
    return {"draft": row, "form": form, "quoted": quoted, "paragraph": paragraph,
            "intent_options": list(words.INTENTS.items()), "shown_as_options": shown_as_options(request)}


@post("/drafts/{slug:str}/comments", guards=[login_required])
async def comment_post(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, _draft = await scenarios.access(slug, actor)
    form = Form(forms.COMMENT, await form_data(request))
    error = None
    if form.validate():
        new = comments.NewComment(
            body=form.values["body"] or "", intent=form.values["intent"], shown_as=form.values["shown_as"] or "name",
            parent_id=form.values["parent"], block_index=form.values["block"], amendment_id=form.values["amendment"])
        try:
            comment_id = await comments.post(actor, slug, new)
        except (ValidationFailed, RateLimited) as failure:
            form.errors.update(getattr(failure, "errors", {}))
            error = failure.message
        else:
            return see_other(request, f"/drafts/{slug}#comment-{comment_id}", _("Your comment is posted."))
    context = await _new_context(request, row, form)
    context["error"] = error
    status = 429 if error and "fast" in error else 422
    return render(request, "deliberation/new.html", context, status_code=status)


@get("/comments/{comment_id:int}/edit", guards=[login_required])
async def comment_edit_page(request: Request, comment_id: RowId) -> Response:
    row = await comments._own(actor_of(request), comment_id)
    return render(request, "deliberation/edit.html", {"comment": row, "form": Form(forms.EDIT, raw={
        "body": row["body"]}), "slug": row["scenario.slug"]})


@post("/comments/{comment_id:int}/edit", guards=[login_required])
async def comment_edit(request: Request, comment_id: RowId) -> Response:
    form = Form(forms.EDIT, await form_data(request))
    form.validate()
    try:
        slug = await comments.edit(actor_of(request), comment_id, form.values.get("body") or "")
    except ValidationFailed as failure:
        form.errors.update(failure.errors)
        row = await comments._own(actor_of(request), comment_id)
        return render(request, "deliberation/edit.html", {"comment": row, "form": form, "slug": row["scenario.slug"],
                                                          "error": failure.message}, status_code=422)
    return see_other(request, f"/drafts/{slug}#comment-{comment_id}", _("Your comment is changed."))


@get("/comments/{comment_id:int}/delete", guards=[login_required])
async def comment_delete_page(request: Request, comment_id: RowId) -> Response:
    row = await comments._own(actor_of(request), comment_id)
    return render(request, "deliberation/delete.html", {"comment": row, "form": Form(forms.CONFIRM),
                                                        "slug": row["scenario.slug"]})


@post("/comments/{comment_id:int}/delete", guards=[login_required])
async def comment_delete(request: Request, comment_id: RowId) -> Response:
    form = Form(forms.CONFIRM, await form_data(request))
    if not form.validate():
        row = await comments._own(actor_of(request), comment_id)
        return render(request, "deliberation/delete.html", {"comment": row, "form": form,
                                                            "slug": row["scenario.slug"]}, status_code=422)
    slug = await comments.delete(actor_of(request), comment_id)
    return see_other(request, f"/drafts/{slug}#discussion", _("Your comment is removed. A note stays in its place."))


@post("/drafts/{slug:str}/support", guards=[login_required])
async def support(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.TOGGLE, await form_data(request))
    form.validate()
    on = await follows.set_support(actor_of(request), slug, bool(form.values.get("on")))
    return see_other(request, f"/drafts/{slug}#discussion",
                     _("You support this draft.") if on else _("You no longer support this draft."))


@post("/drafts/{slug:str}/follow", guards=[login_required])
async def follow(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.TOGGLE, await form_data(request))
    form.validate()
    on = await follows.set_follow(actor_of(request), slug, bool(form.values.get("on")))
    return see_other(request, f"/drafts/{slug}#discussion",
                     _("You follow this draft: you will hear of new versions, amendments and stage changes.")
                     if on else _("You no longer follow this draft."))


# --- flags and moderation ------------------------------------------------------------------------


@get("/drafts/{slug:str}/flag", guards=[login_required])
async def flag_page(request: Request, slug: FromPath[str], comment: FromQuery[str | None] = None) -> Response:
    row, draft = await scenarios.access(slug, actor_of(request))
    if not permissions.can_flag(actor_of(request), draft.council_id):
        raise NotFound()
    form = Form(forms.FLAG, raw={"comment": comment or ""})
    return render(request, "deliberation/flag.html", {"draft": row, "form": form,
                                                      "reason_options": list(words.FLAG_REASONS.items())})


@post("/drafts/{slug:str}/flag", guards=[login_required])
async def flag(request: Request, slug: FromPath[str]) -> Response:
    row, _draft = await scenarios.access(slug, actor_of(request))
    form = Form(forms.FLAG, await form_data(request))
    if form.validate():
        try:
            await moderation.flag(actor_of(request), slug, form.values["reason"], form.values.get("note") or "",
                                  form.values.get("comment"))
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/drafts/{slug}#discussion",
                             _("Thank you. The organisers of the council will look at it."))
    return render(request, "deliberation/flag.html", {"draft": row, "form": form,
                                                      "reason_options": list(words.FLAG_REASONS.items())},
                  status_code=422)


async def _council(request: Request, slug: str) -> dict[str, Any]:
    from codesign.councils import services as councils

    council = await councils.council_by_slug(slug)
    if not permissions.can_moderate(actor_of(request), council["id"]):
        raise NotFound()
    return council


@get("/councils/{slug:str}/moderation", guards=[login_required])
async def moderation_queue(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None) -> Response:
    council = await _council(request, slug)
    flags = await moderation.queue(actor_of(request), council["id"], page_number(page))
    for item in flags.items:
        item["reason_label"] = words.FLAG_REASONS.get(item["reason"], item["reason"])
    return render(request, "deliberation/queue.html", {"council": council, "current_council": council,
                                                       "flags": flags, "form": Form(forms.REASON)})


@get("/councils/{slug:str}/moderation/log", guards=[login_required])
async def moderation_log(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None) -> Response:
    council = await _council(request, slug)
    entries = await moderation.log(actor_of(request), council["id"], page_number(page))
    for item in entries.items:
        item["action_label"] = words.MODERATION_ACTIONS.get(item["action"], item["action"])
    return render(request, "deliberation/log.html", {"council": council, "current_council": council,
                                                     "entries": entries})


@post("/moderation/comments/{comment_id:int}/hide", guards=[login_required])
async def hide(request: Request, comment_id: RowId) -> Response:
    form = Form(forms.REASON, await form_data(request))
    form.validate()
    try:
        slug = await moderation.hide(actor_of(request), comment_id, form.values.get("reason") or "")
    except ValidationFailed as failure:
        return see_other(request, f"/drafts/{await _slug_of_comment(comment_id)}#comment-{comment_id}",
                         failure.errors.get("reason", failure.message), "error")
    return see_other(request, f"/drafts/{slug}#comment-{comment_id}", _("The comment is hidden; its place shows why."))


@post("/drafts/{slug:str}/hide", guards=[login_required])
async def hide_draft(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.REASON, await form_data(request))
    form.validate()
    try:
        await moderation.hide_draft(actor_of(request), slug, form.values.get("reason") or "")
    except ValidationFailed as failure:
        return see_other(request, f"/drafts/{slug}", failure.errors.get("reason", failure.message), "error")
    return see_other(request, f"/drafts/{slug}", _("The draft is hidden; its place shows why."))


@post("/drafts/{slug:str}/restore", guards=[login_required])
async def restore_draft(request: Request, slug: FromPath[str]) -> Response:
    await moderation.restore_draft(actor_of(request), slug)
    return see_other(request, f"/drafts/{slug}", _("The draft is shown again."))


@post("/moderation/comments/{comment_id:int}/restore", guards=[login_required])
async def restore(request: Request, comment_id: RowId) -> Response:
    slug = await moderation.restore(actor_of(request), comment_id)
    return see_other(request, f"/drafts/{slug}#comment-{comment_id}", _("The comment is shown again."))


@post("/moderation/comments/{comment_id:int}/unseal", guards=[login_required])
async def unseal(request: Request, comment_id: RowId) -> Response:
    who = await moderation.unseal(actor_of(request), comment_id)
    slug = await _slug_of_comment(comment_id)
    return see_other(request, f"/drafts/{slug}#comment-{comment_id}",
                     _("Written by %(who)s. This look-up is in the moderation log.", who=who), "info")


async def _slug_of_comment(comment_id: int) -> str:
    from codesign.deliberation.tables import Comment

    row = await Comment.select(Comment.scenario.slug).where(Comment.id == comment_id).first()
    if row is None:
        raise NotFound()
    return str(row["scenario.slug"])


@get("/moderation/comments/{comment_id:int}/edits", guards=[login_required])
async def comment_edits(request: Request, comment_id: RowId) -> Response:
    history = await moderation.edits(actor_of(request), comment_id)
    return render(request, "deliberation/edits.html", {"history": history, "comment_id": comment_id,
                                                       "slug": await _slug_of_comment(comment_id)})


@post("/moderation/flags/{flag_id:int}/dismiss", guards=[login_required])
async def dismiss(request: Request, flag_id: RowId) -> Response:
    council_slug = await moderation.dismiss(actor_of(request), flag_id)
    return see_other(request, f"/councils/{council_slug}/moderation", _("The flag is dismissed."))


@post("/councils/{slug:str}/moderation/block", guards=[login_required])
async def block(request: Request, slug: FromPath[str]) -> Response:
    council = await _council(request, slug)
    form = Form(forms.BLOCK, await form_data(request))
    if not form.validate():
        return see_other(request, f"/councils/{slug}/moderation", _("Choose a member and say why."), "error")
    try:
        await moderation.block(actor_of(request), council["id"], form.values["user"], form.values.get("reason") or "")
    except (ValidationFailed, PermissionDenied) as failure:
        message = getattr(failure, "errors", {}).get("reason") or failure.message or _("Not allowed.")
        return see_other(request, f"/councils/{slug}/moderation", message, "error")
    return see_other(request, f"/councils/{slug}/moderation", _("The member is blocked from the council."))


ROUTES = [
    comment_list, comment_new, comment_post, comment_edit_page, comment_edit, comment_delete_page, comment_delete,
    support, follow, flag_page, flag, moderation_queue, moderation_log, hide, restore, unseal, comment_edits, dismiss,
    block, hide_draft, restore_draft,
]
