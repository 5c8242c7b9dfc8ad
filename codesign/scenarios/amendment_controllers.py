"""HTTP handlers for deciding an amendment: its page with the diff to the version it was based on, accept, decline."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import ValidationFailed
from codesign.i18n import _
from codesign.scenarios import amendments, forms, panels, permissions, services
from codesign.scenarios.textdiff import diff_html
from codesign.web.forms import Form, RowId, form_data
from codesign.web.responses import see_other
from codesign.web.templating import render


@get("/drafts/{slug:str}/amendments/{amendment_id:int}", guards=[login_required])
async def amendment_page(request: Request, slug: FromPath[str], amendment_id: RowId) -> Response:
    context = await _amendment_context(request, slug, amendment_id)
    context["panels"] = await panels.collect(request, actor_of(request), context["draft"], None, context["amendment"])
    return render(request, "scenarios/amendment.html", context)


async def _amendment_context(request: Request, slug: str, amendment_id: int,
                             decline_form: Form | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    row, item, draft = await amendments.amendment(actor, slug, amendment_id)
    _row, base, _access = await services.revision(actor, slug, item["base_number"])
    labels = {"added_start": _("added:"), "removed_start": _("removed:"), "end": _("end of change")}
    return {
        "draft": row, "amendment": item,
        "diff": diff_html(services.document_text(base), services.document_text(item), labels),
        "outdated": item["base_number"] != row["revision_count"],
        "can_decide": item["status"] == "open" and permissions.can_decide_amendment(actor, draft),
        "decline_form": decline_form or Form(forms.DECLINE),
        "current_council": {"slug": row["council.slug"], "name": row["council.name"]},
    }


@post("/drafts/{slug:str}/amendments/{amendment_id:int}/accept", guards=[login_required])
async def amendment_accept(request: Request, slug: FromPath[str], amendment_id: RowId) -> Response:
    try:
        number = await amendments.accept(actor_of(request), slug, amendment_id)
    except ValidationFailed as error:
        return see_other(request, f"/drafts/{slug}/amendments/{amendment_id}", error.message, "error")
    return see_other(request, f"/drafts/{slug}",
                     _("The amendment is accepted as version %(number)s.", number=number))


@post("/drafts/{slug:str}/amendments/{amendment_id:int}/decline", guards=[login_required])
async def amendment_decline(request: Request, slug: FromPath[str], amendment_id: RowId) -> Response:
    form = Form(forms.DECLINE, await form_data(request))
    if form.validate():
        try:
            await amendments.decline(actor_of(request), slug, amendment_id, form.values["reason"])
        except ValidationFailed as error:
            if error.message:
                return see_other(request, f"/drafts/{slug}/amendments/{amendment_id}", error.message, "error")
            form.errors.update(error.errors)
        else:
            return see_other(request, f"/drafts/{slug}", _("The amendment is declined. The amender sees your reason."))
    context = await _amendment_context(request, slug, amendment_id, form)
    context["panels"] = []
    return render(request, "scenarios/amendment.html", context, status_code=422)


ROUTES = [amendment_page, amendment_accept, amendment_decline]
