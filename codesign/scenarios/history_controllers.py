"""HTTP handlers for a draft's history: its versions, a word diff between any two, and restoring one."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.i18n import _
from codesign.markdown import render as render_markdown
from codesign.scenarios import permissions, services
from codesign.scenarios.textdiff import diff_html, diff_words, summary
from codesign.web.forms import RowId
from codesign.web.pagination import page_number
from codesign.web.responses import see_other
from codesign.web.templating import render


@get("/drafts/{slug:str}/history", guards=[login_required])
async def draft_history(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None) -> Response:
    row, revisions = await services.history(actor_of(request), slug, page_number(page))
    return render(request, "scenarios/history.html", {
        "draft": row, "revisions": revisions,
        "current_council": {"slug": row["council.slug"], "name": row["council.name"]},
    })


@get("/drafts/{slug:str}/compare", guards=[login_required])
async def draft_compare(request: Request, slug: FromPath[str], a: FromQuery[str | None] = None,
                        b: FromQuery[str | None] = None) -> Response:
    actor = actor_of(request)
    row, _draft = await services.access(slug, actor)
    older = page_number(a) if a else max(1, row["revision_count"] - 1)
    newer = page_number(b) if b else row["revision_count"]
    older, newer = sorted((older, newer))
    _row, first, _access = await services.revision(actor, slug, older)
    _row, second, _access = await services.revision(actor, slug, newer)
    old_text, new_text = services.document_text(first), services.document_text(second)
    added, removed = summary(diff_words(old_text, new_text))
    labels = {"added_start": _("added:"), "removed_start": _("removed:"), "end": _("end of change")}
    return render(request, "scenarios/compare.html", {
        "draft": row, "first": first, "second": second, "diff": diff_html(old_text, new_text, labels),
        "added": added, "removed": removed,
        "current_council": {"slug": row["council.slug"], "name": row["council.name"]},
    })


@get("/drafts/{slug:str}/revisions/{number:int}", guards=[login_required])
async def draft_revision(request: Request, slug: FromPath[str], number: RowId) -> Response:
    actor = actor_of(request)
    row, current, draft = await services.revision(actor, slug, number)
    return render(request, "scenarios/revision.html", {
        "draft": row, "revision": current, "body_html": render_markdown(current["body"]),
        "can_restore": permissions.can_edit(actor, draft) and number != row["revision_count"],
        "current_council": {"slug": row["council.slug"], "name": row["council.name"]},
    })


@post("/drafts/{slug:str}/revisions/{number:int}/restore", guards=[login_required])
async def draft_restore(request: Request, slug: FromPath[str], number: RowId) -> Response:
    new_number = await services.restore(actor_of(request), slug, number)
    return see_other(request, f"/drafts/{slug}",
                     _("Version %(old)s is restored as version %(new)s.", old=number, new=new_number))


ROUTES = [draft_history, draft_compare, draft_revision, draft_restore]
