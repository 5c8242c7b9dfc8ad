"""HTTP handlers for the member's notifications and their email digest choice."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import ValidationFailed
from codesign.i18n import _
from codesign.notifications import forms, labels, services
from codesign.notifications.middleware import STATE_KEY
from codesign.web.forms import Form, RowId, form_data
from codesign.web.pagination import page_number
from codesign.web.responses import safe_next, see_other
from codesign.web.templating import is_htmx, render

FREQUENCY_OPTIONS = [(value, labels.FREQUENCIES[value]) for value in services.FREQUENCIES]


async def _list_context(request: Request, page: int) -> dict[str, Any]:
    notices = await services.list_notifications(actor_of(request), page)
    for notice in notices.items:
        notice["sentence"] = labels.sentence_html(notice["kind"], notice["params"], notice["scenario_title"])
        notice["href"] = safe_next(notice["url"], "/notifications")
    return {"notices": notices, "oob": False}


@get("/notifications", guards=[login_required], name="notifications")
async def notification_list(request: Request, page: FromQuery[str | None] = None) -> Response:
    context = await _list_context(request, page_number(page))
    return render(request, "notifications/list.html", context, blocks=["notification_list"])


@post("/notifications/read", guards=[login_required])
async def mark_all_read(request: Request) -> Response:
    actor = actor_of(request)
    await services.mark_all_read(actor)
    if is_htmx(request):
        # The list and the menu's count, swapped in place (the count out of band).
        context = await _list_context(request, 1)
        context.update({"oob": True, STATE_KEY: 0})
        return render(request, "notifications/list.html", context, blocks=["notification_list"])
    return see_other(request, "/notifications", _("All your notifications are marked as read."))


@post("/notifications/{notification_id:int}/read", guards=[login_required])
async def mark_read(request: Request, notification_id: RowId) -> Response:
    url = await services.mark_read(actor_of(request), notification_id)
    return see_other(request, safe_next(url, "/notifications"))


async def _digest_context(request: Request, form: Form | None = None) -> dict[str, Any]:
    choice = await services.email_digest_choice(actor_of(request))
    if form is None:
        form = Form(forms.EMAIL_DIGEST, raw={"frequency": choice["frequency"]})
    return {"form": form, "email": choice["email"], "options": FREQUENCY_OPTIONS}


@get("/account/email-digest", guards=[login_required])
async def email_digest_page(request: Request) -> Response:
    return render(request, "notifications/email_digest.html", await _digest_context(request))


@post("/account/email-digest", guards=[login_required])
async def email_digest_update(request: Request) -> Response:
    form = Form(forms.EMAIL_DIGEST, await form_data(request))
    if form.validate():
        try:
            await services.choose_email_digest(actor_of(request), form.values["frequency"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            return see_other(request, "/account/email-digest", _("Your email choice is saved."))
    return render(request, "notifications/email_digest.html", await _digest_context(request, form), status_code=422)


ROUTES = [notification_list, mark_all_read, mark_read, email_digest_page, email_digest_update]
