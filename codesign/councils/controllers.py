"""HTTP handlers for councils: the public page, members and roles, invitations, and joining with a code."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts import forms as account_forms
from codesign.accounts import services as account_services
from codesign.accounts.actor import COUNCIL_ROLES, REVIEW_KINDS
from codesign.accounts.guards import actor_of, login_required, session_of
from codesign.accounts.labels import COUNCIL_ROLES as ROLE_LABELS
from codesign.accounts.services import NewAccount
from codesign.councils import forms, invitations, permissions, services, workflow
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.i18n.middleware import language_cookie
from codesign.i18n.translations import current_locale, use_locale
from codesign.notifications.labels import stage_name
from codesign.web.forms import Form, RowId, form_data
from codesign.web.pagination import page_number
from codesign.web.responses import see_other
from codesign.web.templating import is_htmx, render


@get("/councils")
async def council_list(request: Request, page: FromQuery[str | None] = None) -> Response:
    councils = await services.list_councils(actor_of(request), page_number(page))
    return render(request, "councils/list.html",
                  {"councils": councils, "can_create": permissions.can_create_council(actor_of(request))})


async def _new_council_context(request: Request, form: Form) -> dict[str, Any]:
    organisations = await account_services.list_organisations(actor_of(request))
    return {"form": form, "organisation_options": [(str(o["id"]), o["name"]) for o in organisations]}


@get("/councils/new", guards=[login_required])
async def council_new(request: Request) -> Response:
    if not permissions.can_create_council(actor_of(request)):
        raise NotFound()
    return render(request, "councils/new.html", await _new_council_context(request, Form(forms.COUNCIL)))


@post("/councils/new", guards=[login_required])
async def council_create(request: Request) -> Response:
    form = Form(forms.COUNCIL, await form_data(request))
    if form.validate():
        try:
            slug = await services.create_council(
                actor_of(request), form.values["name"], form.values["slug"], form.values["description"],
                form.values["organisation"],
            )
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            message = (_("The council is created. Appoint its first organiser.") if actor_of(request).is_admin
                       else _("The council is created. You are its organiser."))
            return see_other(request, f"/councils/{slug}", message)
    return render(request, "councils/new.html", await _new_council_context(request, form), status_code=422)


async def _council_context(request: Request, slug: str) -> dict[str, Any]:
    actor = actor_of(request)
    council = await services.council_by_slug(slug)
    council_id = council["id"]
    return {
        "council": council,
        "current_council": council,
        "my_role": actor.role_in(council_id),
        "can_view_members": permissions.can_view_members(actor, council_id),
        "can_manage": permissions.can_manage_invitations(actor, council_id),
        "can_edit": permissions.can_edit_council(actor, council_id),
        "can_appoint": permissions.can_appoint_organiser(actor),
    }


@get("/councils/{slug:str}")
async def council_page(request: Request, slug: FromPath[str]) -> Response:
    context = await _council_context(request, slug)
    context["appoint_form"] = Form(forms.APPOINT_ORGANISER)
    return render(request, "councils/detail.html", context)


@get("/councils/{slug:str}/edit", guards=[login_required])
async def council_edit_page(request: Request, slug: FromPath[str]) -> Response:
    context = await _council_context(request, slug)
    if not context["can_edit"]:
        raise NotFound()
    council = context["council"]
    context["form"] = Form(forms.COUNCIL_EDIT, raw={"name": council["name"], "description": council["description"]})
    return render(request, "councils/edit.html", context)


@post("/councils/{slug:str}/edit", guards=[login_required])
async def council_edit(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.COUNCIL_EDIT, await form_data(request))
    if form.validate():
        await services.update_council(actor_of(request), slug, form.values["name"], form.values["description"])
        return see_other(request, f"/councils/{slug}", _("The council is saved."))
    context = await _council_context(request, slug)
    context["form"] = form
    return render(request, "councils/edit.html", context, status_code=422)


async def _workflow_context(request: Request, slug: str, form: Form | None = None) -> dict[str, Any]:
    context = await _council_context(request, slug)
    if not context["can_edit"]:
        raise NotFound()
    if form is None:
        current = await workflow.workflow_settings(context["council"]["id"])
        form = Form(forms.WORKFLOW, raw={
            "required_review_kinds": list(current.required_review_kinds), "default_rule": current.default_rule,
            "default_quorum": str(current.default_quorum),
            **{f"target_{stage}": str(days) for stage, days in current.stage_targets.items()}})
    context.update(form=form, review_kinds=REVIEW_KINDS, rule_options=list(workflow.DECISION_RULES.items()),
                   stages=[(stage, stage_name(stage)) for stage in workflow.TIMED_STAGES])
    return context


@get("/councils/{slug:str}/settings", guards=[login_required])
async def workflow_page(request: Request, slug: FromPath[str]) -> Response:
    return render(request, "councils/settings.html", await _workflow_context(request, slug))


@post("/councils/{slug:str}/settings", guards=[login_required])
async def workflow_save(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.WORKFLOW, await form_data(request))
    if form.validate():
        council = await services.council_by_slug(slug)
        try:
            await workflow.update_workflow_settings(
                actor_of(request), council["id"], form.values["required_review_kinds"], form.values["default_rule"],
                form.values["default_quorum"],
                {stage: form.values[f"target_{stage}"] for stage in workflow.TIMED_STAGES})
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/councils/{slug}/settings", _("The workflow settings are saved."))
    return render(request, "councils/settings.html", await _workflow_context(request, slug, form), status_code=422)


@post("/councils/{slug:str}/organisers", guards=[login_required])
async def appoint_organiser(request: Request, slug: FromPath[str]) -> Response:
    context = await _council_context(request, slug)
    form = Form(forms.APPOINT_ORGANISER, await form_data(request))
    if form.validate():
        try:
            await services.appoint_organiser(actor_of(request), context["council"]["id"], form.values["username"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            return see_other(request, f"/councils/{slug}", _("The organiser is appointed."))
    context["appoint_form"] = form
    return render(request, "councils/detail.html", context, status_code=422)


async def _members_context(request: Request, slug: str, page: int) -> dict[str, Any]:
    context = await _council_context(request, slug)
    context["members"] = await services.members(actor_of(request), context["council"]["id"], page)
    context["roles"] = COUNCIL_ROLES
    return context


@get("/councils/{slug:str}/members", guards=[login_required])
async def member_list(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None) -> Response:
    context = await _members_context(request, slug, page_number(page))
    return render(request, "councils/members.html", context)


@post("/councils/{slug:str}/members/{user_id:int}/role", guards=[login_required])
async def member_role(request: Request, slug: FromPath[str], user_id: RowId) -> Response:
    council = await services.council_by_slug(slug)
    form = Form(forms.MEMBER_ROLE, await form_data(request))
    message, level = _("The role is changed."), "success"
    if form.validate():
        try:
            await services.change_member_role(actor_of(request), council["id"], user_id, form.values["role"])
        except ValidationFailed as error:
            message, level = error.message or _("Choose one of the options shown."), "error"
    else:
        message, level = _("Choose one of the options shown."), "error"
    return see_other(request, f"/councils/{slug}/members", message, level)


@get("/councils/{slug:str}/members/{user_id:int}/remove", guards=[login_required])
async def member_remove_page(request: Request, slug: FromPath[str], user_id: RowId) -> Response:
    context = await _council_context(request, slug)
    if not permissions.can_remove_member(actor_of(request), context["council"]["id"]):
        raise NotFound()
    person = await services.member(actor_of(request), context["council"]["id"], user_id)
    context.update({"person": person, "form": Form(forms.CONFIRM)})
    return render(request, "councils/remove.html", context)


@post("/councils/{slug:str}/members/{user_id:int}/remove", guards=[login_required])
async def member_remove(request: Request, slug: FromPath[str], user_id: RowId) -> Response:
    council = await services.council_by_slug(slug)
    form = Form(forms.CONFIRM, await form_data(request))
    if not form.validate():
        return see_other(request, f"/councils/{slug}/members/{user_id}/remove", form.errors["confirm"], "error")
    try:
        await services.remove_member(actor_of(request), council["id"], user_id)
    except ValidationFailed as error:
        return see_other(request, f"/councils/{slug}/members", error.message, "error")
    return see_other(request, f"/councils/{slug}/members", _("The member is removed from the council."))


async def _invitations_context(request: Request, slug: str, page: int, form: Form | None = None,
                               new_code: str | None = None) -> dict[str, Any]:
    context = await _council_context(request, slug)
    context["invitations"] = await services.list_invitations(actor_of(request), context["council"]["id"], page)
    context["form"] = form or Form(forms.INVITATION, raw={"role": "member", "days": "14", "max_uses": "10"})
    context["role_options"] = [(role, ROLE_LABELS[role]) for role in COUNCIL_ROLES]
    context["new_code"] = new_code
    context["new_code_display"] = invitations.display(new_code) if new_code else ""
    for invitation in context["invitations"].items:
        invitation["status_word"] = invitation_status(invitation)
    return context


def invitation_status(invitation: dict[str, Any]) -> str:
    if invitation["revoked_at"] is not None:
        return _("Withdrawn")
    if invitation["usable"]:
        return _("Active")
    if invitation["uses"] >= invitation["max_uses"]:
        return _("Used up")
    return _("Expired")


@get("/councils/{slug:str}/invitations", guards=[login_required])
async def invitation_list(request: Request, slug: FromPath[str], page: FromQuery[str | None] = None) -> Response:
    context = await _invitations_context(request, slug, page_number(page))
    context["oob"] = False
    return render(request, "councils/invitations.html", context)


@post("/councils/{slug:str}/invitations", guards=[login_required])
async def invitation_create(request: Request, slug: FromPath[str]) -> Response:
    council = await services.council_by_slug(slug)
    form = Form(forms.INVITATION, await form_data(request))
    if form.validate():
        try:
            code = await services.create_invitation(actor_of(request), council["id"], form.values["role"],
                                                    form.values["days"], form.values["max_uses"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            if is_htmx(request):
                context = await _invitations_context(request, slug, 1, new_code=code)
                context["oob"] = True
                return render(request, "councils/invitations.html", context, blocks=["invitation_form", "invitations"])
            message = _("New invitation code: %(code)s", code=invitations.display(code))
            return see_other(request, f"/councils/{slug}/invitations", message)
    context = await _invitations_context(request, slug, 1, form=form)
    context["oob"] = False
    return render(request, "councils/invitations.html", context, blocks=["invitation_form"], status_code=422)


@post("/councils/{slug:str}/invitations/{invitation_id:int}/revoke", guards=[login_required])
async def invitation_revoke(request: Request, slug: FromPath[str], invitation_id: RowId) -> Response:
    council = await services.council_by_slug(slug)
    await services.revoke_invitation(actor_of(request), council["id"], invitation_id)
    return see_other(request, f"/councils/{slug}/invitations", _("The invitation code is withdrawn."))


# --- joining ------------------------------------------------------------------------------------


def _join_form(data: dict[str, Any] | None = None) -> Form:
    return Form(account_forms.JOIN_CODE + account_forms.ACCOUNT_FIELDS, data or {},
                raw={"locale": current_locale(), **(data or {})})


@get("/join")
async def join_page(request: Request, code: FromQuery[str | None] = None) -> Response:
    form = _join_form({"code": code or ""})
    invitation = None
    if code:
        try:
            invitation = await services.check_invitation(code)
        except ValidationFailed as error:
            form.errors.update(error.errors)
    return render(request, "councils/join.html", {"form": form, "invitation": invitation})


@post("/join")
async def join(request: Request) -> Response:
    actor = actor_of(request)
    data = await form_data(request)
    if actor.is_authenticated:
        form = Form(account_forms.JOIN_CODE, data)
        if form.validate():
            try:
                slug = await services.join_as_existing_member(actor, form.values["code"])
            except ValidationFailed as error:
                form.errors.update(error.errors)
            else:
                return see_other(request, f"/councils/{slug}", _("Welcome to the council."))
        return render(request, "councils/join.html", {"form": form, "invitation": None}, status_code=422)

    form = _join_form(data)
    form.validate()
    invitation = None
    try:
        invitation = await services.check_invitation(str(data.get("code", "")))
    except ValidationFailed as error:
        form.errors.update(error.errors)
    if form.valid:
        values = form.values
        try:
            user_id, slug = await services.join_as_new_member(values["code"], NewAccount(
                username=values["username"], display_name=values["display_name"], password=values["password"],
                locale=values["locale"], email=values["email"], languages_spoken=values["languages_spoken"],
            ))
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            session_of(request).log_in(user_id)
            with use_locale(values["locale"]):
                response = see_other(request, f"/councils/{slug}", _("Welcome to the council."))
            response.set_cookie(language_cookie(values["locale"]))
            return response
    return render(request, "councils/join.html", {"form": form, "invitation": invitation}, status_code=422)


ROUTES = [
    council_list, council_new, council_create, council_page, council_edit_page, council_edit,
    appoint_organiser, member_list, member_role, member_remove_page, member_remove,
    invitation_list, invitation_create, invitation_revoke, join_page, join, workflow_page, workflow_save,
]
