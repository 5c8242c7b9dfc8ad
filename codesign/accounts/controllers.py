"""HTTP handlers for logging in and out, joining, the member's own account, and people admin."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromQuery

from codesign.accounts import forms, labels, services
from codesign.accounts.actor import REVIEW_KINDS
from codesign.accounts.guards import actor_of, login_required, session_of
from codesign.accounts.ratelimit import address_bucket
from codesign.errors import PermissionDenied, RateLimited, ValidationFailed
from codesign.i18n import _
from codesign.i18n.middleware import language_cookie
from codesign.i18n.translations import use_locale
from codesign.web.forms import Form, RowId, form_data
from codesign.web.pagination import page_number
from codesign.web.responses import safe_next, see_other
from codesign.web.templating import render


@get("/login", name="login")
async def login_page(request: Request, next: FromQuery[str | None] = None) -> Response:
    form = Form(forms.LOGIN, raw={"next": safe_next(next, "")})
    return render(request, "accounts/login.html", {"form": form, "error": None})


@post("/login")
async def login(request: Request) -> Response:
    form = Form(forms.LOGIN, await form_data(request))
    if form.validate():
        secret = request.app.state.settings.secret_key
        address = address_bucket(request.client.host if request.client else "unknown", secret)
        try:
            user_id, locale = await services.authenticate(form.values["username"], form.values["password"], address)
        except RateLimited as error:
            return render(request, "accounts/login.html", {"form": form, "error": error.message}, status_code=429)
        except ValidationFailed as error:
            return render(request, "accounts/login.html", {"form": form, "error": error.message}, status_code=422)
        session = session_of(request)
        session.log_in(user_id)
        with use_locale(locale):
            response = see_other(request, safe_next(form.values.get("next")), _("You are logged in."))
        response.set_cookie(language_cookie(locale))
        return response
    return render(request, "accounts/login.html", {"form": form, "error": None}, status_code=422)


@post("/logout", guards=[login_required])
async def logout(request: Request) -> Response:
    session_of(request).log_out()
    return see_other(request, "/", _("You are logged out."))


@get("/account", guards=[login_required], name="account")
async def account_page(request: Request) -> Response:
    actor = actor_of(request)
    profile = await services.profile(actor)
    form = Form(forms.PROFILE, raw={
        "display_name": profile["display_name"], "locale": profile["locale"], "email": profile["email"] or "",
        "languages_spoken": profile["languages_spoken"], "speak_for_organisation": "on",
    })
    return render(request, "accounts/account.html", {"form": form, "profile": profile})


@post("/account", guards=[login_required])
async def account_update(request: Request) -> Response:
    actor = actor_of(request)
    form = Form(forms.PROFILE, await form_data(request))
    if form.validate():
        await services.update_profile(
            actor, form.values["display_name"], form.values["locale"], form.values["email"],
            form.values["languages_spoken"], form.values["speak_for_organisation"],
        )
        with use_locale(form.values["locale"]):
            response = see_other(request, "/account", _("Your profile is saved."))
        response.set_cookie(language_cookie(form.values["locale"]))
        return response
    profile = await services.profile(actor)
    return render(request, "accounts/account.html", {"form": form, "profile": profile}, status_code=422)


@get("/account/password", guards=[login_required])
async def password_page(request: Request) -> Response:
    return render(request, "accounts/password.html", {"form": Form(forms.CHANGE_PASSWORD)})


@post("/account/password", guards=[login_required])
async def password_change(request: Request) -> Response:
    form = Form(forms.CHANGE_PASSWORD, await form_data(request))
    if form.validate():
        try:
            await services.change_password(actor_of(request), form.values["current_password"],
                                           form.values["new_password"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            # This session stays logged in under a fresh id; the others have ended.
            session_of(request).log_in(actor_of(request).user_id)
            return see_other(request, "/account", _("Your password is changed."))
    return render(request, "accounts/password.html", {"form": form}, status_code=422)


@get("/account/data.json", guards=[login_required])
async def download_my_data(request: Request) -> Response:
    document = await services.export_my_data(actor_of(request))
    return Response(
        content=json.dumps(document, ensure_ascii=False, indent=2, default=str),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="codesign-my-data.json"'},
    )


@get("/account/delete", guards=[login_required])
async def delete_page(request: Request) -> Response:
    return render(request, "accounts/delete.html", {"form": Form(forms.DELETE_ACCOUNT)})


@post("/account/delete", guards=[login_required])
async def delete_account(request: Request) -> Response:
    form = Form(forms.DELETE_ACCOUNT, await form_data(request))
    if form.validate():
        try:
            await services.delete_account(actor_of(request), form.values["password"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            session_of(request).log_out()
            message = _("Your account is deleted. What you wrote now shows as written by a former member.")
            return see_other(request, "/", message)
    return render(request, "accounts/delete.html", {"form": form}, status_code=422)


@post("/language")
async def switch_language(request: Request) -> Response:
    """The language switcher: a cookie for everyone, and the setting for a member."""
    form = Form(forms.LANGUAGE, await form_data(request))
    target = safe_next(form.data.get("next") if isinstance(form.data.get("next"), str) else None)
    if not form.validate():
        return see_other(request, target)
    await services.set_locale(actor_of(request), form.values["locale"])
    response = see_other(request, target)
    response.set_cookie(language_cookie(form.values["locale"]))
    return response


# --- admin: organisations and people

KIND_OPTIONS = [(kind, labels.ORGANISATION_KINDS[kind]) for kind in services.ORGANISATION_KINDS]


def role_words(person: dict[str, Any]) -> list[str]:
    words = [_("Admin")] if person["is_admin"] else []
    if person["is_trainer"]:
        words.append(_("Trainer"))
    words += [_("Reviewer: %(kind)s", kind=labels.REVIEW_KINDS[kind]) for kind in person["reviewer_kinds"]]
    return words


@get("/admin/organisations", guards=[login_required])
async def organisations_page(request: Request) -> Response:
    if not actor_of(request).is_admin:
        raise PermissionDenied()
    organisations = await services.list_organisations(actor_of(request))
    return render(request, "accounts/organisations.html",
                  {"organisations": organisations, "form": Form(forms.ORGANISATION), "kind_options": KIND_OPTIONS})


@post("/admin/organisations", guards=[login_required])
async def organisation_create(request: Request) -> Response:
    actor = actor_of(request)
    form = Form(forms.ORGANISATION, await form_data(request))
    if form.validate():
        try:
            await services.create_organisation(actor, form.values["name"], form.values["slug"],
                                               form.values["kind"], form.values["description"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            return see_other(request, "/admin/organisations", _("The organisation is created."))
    organisations = await services.list_organisations(actor)
    return render(request, "accounts/organisations.html",
                  {"organisations": organisations, "form": form, "kind_options": KIND_OPTIONS}, status_code=422)


@get("/admin/people", guards=[login_required])
async def people_page(
    request: Request, page: FromQuery[str | None] = None, q: FromQuery[str | None] = None
) -> Response:
    query = (q or "").strip()[:40]
    people = await services.list_people(actor_of(request), page_number(page), query)
    for person in people.items:
        person["role_words"] = role_words(person)
    return render(request, "accounts/people.html", {"people": people, "query": query})


async def _person_context(request: Request, user_id: RowId, form: Form | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    person = await services.person(actor, user_id)
    if form is None:
        form = Form(forms.INSTANCE_ROLES, raw={
            "is_trainer": "on" if person["is_trainer"] else "",
            "reviewer_kinds": person["reviewer_kinds"],
            "organisation": str(person["organisation"] or ""),
        })
    organisations = await services.list_organisations(actor)
    return {"person": person, "form": form, "review_kinds": REVIEW_KINDS,
            "organisation_options": [(str(o["id"]), o["name"]) for o in organisations]}


@get("/admin/people/{user_id:int}", guards=[login_required])
async def person_page(request: Request, user_id: RowId) -> Response:
    return render(request, "accounts/person.html", await _person_context(request, user_id))


@post("/admin/people/{user_id:int}", guards=[login_required])
async def person_update(request: Request, user_id: RowId) -> Response:
    actor = actor_of(request)
    form = Form(forms.INSTANCE_ROLES, await form_data(request))
    if form.validate():
        try:
            await services.set_instance_roles(actor, user_id, form.values["is_trainer"],
                                              form.values["reviewer_kinds"], form.values["organisation"])
        except ValidationFailed as error:
            form.errors.update(error.errors)
        else:
            return see_other(request, f"/admin/people/{user_id}", _("The roles are saved."))
    return render(request, "accounts/person.html", await _person_context(request, user_id, form), status_code=422)


ROUTES = [
    login_page, login, logout, account_page, account_update, password_page, password_change,
    download_my_data, delete_page, delete_account, switch_language,
    organisations_page, organisation_create, people_page, person_page, person_update,
]
