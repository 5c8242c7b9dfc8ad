"""HTTP handlers before a session: the council's list, schedule, edit and cancel, and the public announcement
with registration as counts. The handlers of facilitator mode, live votes and reports are in their own modules
and joined into ROUTES here."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.councils import services as councils
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.listening import forms, labels, permissions, sessions
from codesign.listening.forms import AGENDA_ROWS, INTERPRETER_ROWS, LANGUAGE_ROWS
from codesign.web.forms import Form, RowId, form_data
from codesign.web.pagination import page_number
from codesign.web.responses import see_other
from codesign.web.templating import render

COMMON_ZONES = ("UTC", "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Berlin", "Europe/Kyiv",
                "Africa/Cairo", "Asia/Tehran", "Asia/Kabul", "America/New_York", "America/Mexico_City")


async def council_for(request: Request, slug: str) -> dict[str, Any]:
    council = await councils.council_by_slug(slug)
    if not permissions.can_view(actor_of(request), council["id"]):
        raise NotFound()
    return council


def option_lists() -> dict[str, Any]:
    return {
        "format_options": list(labels.FORMATS.items()), "venue_options": list(labels.VENUE_TYPES.items()),
        "mode_options": list(labels.LANGUAGE_MODES.items()), "provider_options": list(labels.PROVIDER_TYPES.items()),
        "accessibility_options": list(labels.ACCESSIBILITY.items()),
        "method_options": list(labels.AGENDA_METHODS.items()), "role_options": list(labels.ROLES.items()),
        "language_rows": range(1, LANGUAGE_ROWS + 1), "interpreter_rows": range(1, INTERPRETER_ROWS + 1),
        "agenda_rows": range(1, AGENDA_ROWS + 1), "common_zones": COMMON_ZONES,
    }


def words() -> dict[str, Any]:
    return {"formats": labels.FORMATS, "venues": labels.VENUE_TYPES, "modes": labels.LANGUAGE_MODES,
            "providers": labels.PROVIDER_TYPES, "accessibility": labels.ACCESSIBILITY,
            "methods": labels.AGENDA_METHODS, "roles": labels.ROLES}


@get("/councils/{slug:str}/listening", guards=[login_required])
async def session_list(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None) -> Response:
    council = await council_for(request, slug)
    items = await sessions.list_sessions(actor_of(request), council["id"], page_number(page))
    return render(request, "listening/list.html", {
        "council": council, "current_council": council, "sessions": items, "formats": labels.FORMATS,
        "can_schedule": permissions.can_schedule(actor_of(request), council["id"])})


def _schedule_context(council: dict[str, Any], form: Form, row: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"council": council, "current_council": council, "form": form, "session": row, **option_lists()}


@get("/councils/{slug:str}/listening/new", guards=[login_required])
async def session_new(request: Request, slug: FromPath[str]) -> Response:
    council = await council_for(request, slug)
    if not permissions.can_schedule(actor_of(request), council["id"]):
        raise NotFound()
    form = Form(forms.SESSION, raw={"time_zone": "UTC", "format": "in_person", "venue_type": "community_centre",
                                    "notes_retention_days": "90", "feedback_retention_days": "90",
                                    "role_facilitator": "1", "role_recorder": "1", "registration_open": "on"})
    return render(request, "listening/schedule.html", _schedule_context(council, form))


@post("/councils/{slug:str}/listening/new", guards=[login_required])
async def session_create(request: Request, slug: FromPath[str]) -> Response:
    council = await council_for(request, slug)
    if not permissions.can_schedule(actor_of(request), council["id"]):
        raise NotFound()
    data = await form_data(request)
    form = Form(forms.SESSION, data)
    form.validate()
    form.raw.update({k: v for k, v in data.items() if k not in form.raw and isinstance(v, str)})
    if form.valid:
        try:
            session_id = await sessions.schedule(actor_of(request), council["id"], forms.session_input(form.values,
                                                                                                          data))
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/listening/{session_id}",
                             _("The session is scheduled. Share its announcement link."))
    return render(request, "listening/schedule.html", _schedule_context(council, form), status_code=422)


async def _detail_context(request: Request, session_id: int) -> dict[str, Any]:
    from codesign.listening import participation

    actor = actor_of(request)
    row = await sessions.session(actor, session_id)
    council = {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}
    can_facilitate = permissions.can_facilitate(actor, row["council"])
    return {
        "session": row, "council": council, "current_council": council, **words(),
        "can_edit": permissions.can_edit(actor, row["council"]) and row["cancelled_at"] is None,
        "can_facilitate": can_facilitate,
        "can_read_report": permissions.can_read_report(actor, row["council"]),
        "announcement_url": f"{str(request.base_url).rstrip('/')}/announce/{row['public_id']}",
        "votes": await participation.votes_of(session_id) if can_facilitate else [],
    }


@get("/listening/{session_id:int}", guards=[login_required])
async def session_page(request: Request, session_id: RowId) -> Response:
    return render(request, "listening/detail.html", await _detail_context(request, session_id))


@get("/listening/{session_id:int}/edit", guards=[login_required])
async def session_edit_page(request: Request, session_id: RowId) -> Response:
    context = await _detail_context(request, session_id)
    if not context["can_edit"]:
        raise NotFound()
    form = Form(forms.SESSION, raw=forms.raw_from_session(context["session"]))
    return render(request, "listening/schedule.html", _schedule_context(context["council"], form,
                                                                          context["session"]))


@post("/listening/{session_id:int}/edit", guards=[login_required])
async def session_edit(request: Request, session_id: RowId) -> Response:
    context = await _detail_context(request, session_id)
    if not context["can_edit"]:
        raise NotFound()
    data = await form_data(request)
    form = Form(forms.SESSION, data)
    form.validate()
    form.raw.update({k: v for k, v in data.items() if k not in form.raw and isinstance(v, str)})
    if form.valid:
        try:
            await sessions.update(actor_of(request), session_id, forms.session_input(form.values, data))
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/listening/{session_id}", _("The session is updated."))
    return render(request, "listening/schedule.html",
                  _schedule_context(context["council"], form, context["session"]), status_code=422)


@get("/listening/{session_id:int}/cancel", guards=[login_required])
async def session_cancel_page(request: Request, session_id: RowId) -> Response:
    context = await _detail_context(request, session_id)
    if not context["can_edit"]:
        raise NotFound()
    return render(request, "listening/cancel.html", {**context, "form": Form(forms.CANCEL)})


@post("/listening/{session_id:int}/cancel", guards=[login_required])
async def session_cancel(request: Request, session_id: RowId) -> Response:
    context = await _detail_context(request, session_id)
    if not context["can_edit"]:
        raise NotFound()
    form = Form(forms.CANCEL, await form_data(request))
    if not form.validate():
        return render(request, "listening/cancel.html", {**context, "form": form}, status_code=422)
    await sessions.cancel(actor_of(request), session_id)
    return see_other(request, f"/listening/{session_id}", _("The session is cancelled. Its announcement says so."))


# --- public: the announcement ---------------------------------------------------------------------------------


async def _announcement_context(request: Request, public_id: str, form: Form | None = None) -> dict[str, Any]:
    row = await sessions.announcement(public_id)
    return {"session": row, **words(), "form": form or Form(forms.REGISTER), "error": None,
            "share_url": f"{str(request.base_url).rstrip('/')}/announce/{public_id}",
            "can_register": row["registration_open"] and row["cancelled_at"] is None and not row["is_past"],
            "language_options": [(item["lang"], item["lang"]) for item in row["language_list"]]}


@get("/announce/{public_id:str}")
async def announcement(request: Request, public_id: FromPath[str]) -> Response:
    return render(request, "listening/announcement.html", await _announcement_context(request, public_id))


@post("/announce/{public_id:str}/register")
async def register(request: Request, public_id: FromPath[str]) -> Response:
    form = Form(forms.REGISTER, await form_data(request))
    error = None
    if form.validate():
        try:
            await sessions.register(public_id, form.values["language"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
            error = failure.message
        else:
            return see_other(request, f"/announce/{public_id}",
                             _("Thank you. We counted one more place; we did not keep your name or anything else."))
    context = await _announcement_context(request, public_id, form)
    context["error"] = error
    return render(request, "listening/announcement.html", context, status_code=422)


ROUTES: list[Any] = [session_list, session_new, session_create, session_page, session_edit_page, session_edit,
                     session_cancel_page, session_cancel, announcement, register]


def _more_routes() -> list[Any]:
    from codesign.listening import live_controllers, report_controllers

    return [*live_controllers.ROUTES, *report_controllers.ROUTES]


ROUTES += _more_routes()
