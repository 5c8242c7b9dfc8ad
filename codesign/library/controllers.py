"""HTTP handlers of the library: the list with filters and search, a release's page laid out for facilitators (with
print styles), publishing an approved scenario, following, the guide PDF and Markdown export, usage reports, and
the panels the library adds to a draft's page."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.params import FromPath

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import InvalidTransition, NotFound, ValidationFailed
from codesign.i18n import _
from codesign.i18n.locales import text_direction
from codesign.library import (
    api,
    catalogue,
    feed,
    follows,
    forms,
    guides,
    pack_controllers,
    packs,
    permissions,
    releases,
    reports,
    token_controllers,
)
from codesign.library import labels as words
from codesign.library.web import filters_from, guide_stylesheet, pdf_response
from codesign.scenarios import panels
from codesign.scenarios import vocabularies as v
from codesign.scenarios.controllers import _language_code as text_language
from codesign.scenarios.controllers import facts
from codesign.web.forms import Form, form_data
from codesign.web.responses import see_other
from codesign.web.templating import environment, render


def _options(vocabulary: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(vocabulary.items())


@get("/library", guards=[login_required])
async def library(request: Request) -> Response:
    form = Form(forms.FILTERS, dict(request.query_params))
    valid = form.validate()
    found = await catalogue.list_releases(actor_of(request), filters_from(form), form.values.get("page") or 1)
    waiting, waiting_total = await catalogue.awaiting_publication(actor_of(request))
    query = {k: val for k, val in form.raw.items() if val and k != "page" and k not in form.errors}
    context = {
        "releases": found, "form": form, "filtered": bool(query),
        "page_base": "/library?" + "".join(f"{k}={quote(str(val), safe='')}&" for k, val in query.items()),
        "setting_options": _options(v.SERVICE_SETTINGS), "competency_options": _options(v.COMPETENCIES),
        "role_options": _options(v.TARGET_ROLES), "labels_setting": v.SERVICE_SETTINGS,
        "duration_options": [(str(m), _("Up to %(minutes)s minutes", minutes=m)) for m in catalogue.DURATIONS],
        "can_build_packs": permissions.can_create_pack(actor_of(request)),
        "can_make_tokens": permissions.can_make_tokens(actor_of(request)),
        "waiting": waiting, "waiting_total": waiting_total,
    }
    return render(request, "library/list.html", context, blocks=["results"], status_code=200 if valid else 422)


async def _release_context(request: Request, slug: str, version: str | None, retire_form: Form | None = None,
                           retire_error: str | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    row = await releases.release(actor, slug, version)
    withdrawn = row["status"] == "withdrawn"
    out_of_library = row["status"] in ("withdrawn", "retired")
    language = text_language(row["language"])
    guide = None if withdrawn else guides.guide(row)
    previous, diff = await releases.diff_to_previous(row)
    return {
        "release": row, "guide": guide, "facts": facts(guide["meta"]) if guide else [],
        "history": await releases.history(row["scenario"]), "previous": previous, "diff": diff,
        "status_label": words.RELEASE_STATUSES.get(row["status"], row["status"]),
        "can_follow": permissions.can_follow(actor),
        "following": await follows.is_following(actor, row["scenario"]),
        "own_packs": await packs.own_packs(actor) if not out_of_library else [],
        "can_report": permissions.can_report_use(actor) and not out_of_library,
        "can_retire": releases.may_retire(actor, row), "retire_form": retire_form or Form(forms.RETIRE),
        "retire_error": retire_error,
        "errors": bool(retire_error or (retire_form and retire_form.errors)),  # base.html: "Error:" in the title
        "my_reports": await reports.my_reports(actor, row["scenario"]),
        "usage": await reports.usage_for_council(actor, row["scenario"], row["council"]),
        "labels_role": v.TARGET_ROLES, "labels_warning": v.CONTENT_WARNING_KINDS, "labels_competency": v.COMPETENCIES,
        "base": f"/library/{row['slug']}/v/{row['version']}",
        "text_language": language, "text_direction": text_direction(language),
    }


@get("/library/{slug:str}", guards=[login_required])
async def release_page(request: Request, slug: FromPath[str]) -> Response:
    return render(request, "library/release.html", await _release_context(request, slug, None), blocks=["follow"])


@get("/library/{slug:str}/v/{version:str}", guards=[login_required])
async def release_version(request: Request, slug: FromPath[str], version: FromPath[str]) -> Response:
    return render(request, "library/release.html", await _release_context(request, slug, version),
                  blocks=["follow"])


@post("/library/{slug:str}/follow", guards=[login_required])
async def follow(request: Request, slug: FromPath[str]) -> Response:
    data = await form_data(request)
    following = await follows.set_follow(actor_of(request), slug, data.get("following") == "on")
    if request.headers.get("hx-request") == "true":
        return render(request, "library/release.html", await _release_context(request, slug, None),
                      blocks=["follow"])
    return see_other(request, f"/library/{slug}", _("You follow this scenario: you will hear of new versions.")
                     if following else _("You no longer follow this scenario."))


@get("/library/{slug:str}/v/{version:str}/scenario.md", guards=[login_required])
async def markdown_export(request: Request, slug: FromPath[str], version: FromPath[str]) -> Response:
    row = await releases.release(actor_of(request), slug, version)
    if row["status"] == "withdrawn":
        raise NotFound()
    return Response(content=guides.markdown_export(row), media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{row["slug"]}-{row["version"]}.md"'})


@get("/library/{slug:str}/v/{version:str}/guide.pdf", guards=[login_required])
async def guide_pdf(request: Request, slug: FromPath[str], version: FromPath[str]) -> Response:
    row = await releases.release(actor_of(request), slug, version)
    if row["status"] == "withdrawn":
        raise NotFound()
    html = environment().get_template("library/guide_pdf.html").render(
        title=row["title"], introduction="", entries=[{"release": row, "guide": guides.guide(row), "notes": ""}],
        labels_role=v.TARGET_ROLES, labels_warning=v.CONTENT_WARNING_KINDS)
    return pdf_response(await guides.pdf(html, guide_stylesheet(request)), f"{row['slug']}-{row['version']}")


@post("/library/{slug:str}/retire", guards=[login_required])
async def retire(request: Request, slug: FromPath[str]) -> Response:
    """Retires the scenario (its publishing trainer or an organiser of its council): a reason and a ticked box."""
    form = Form(forms.RETIRE, await form_data(request))
    if form.validate() and not form.values.get("confirm"):
        form.add_error("confirm", _("Tick this box to confirm."))
    error = None
    if form.valid:
        try:
            await releases.retire(actor_of(request), slug, form.values["reason"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
            error = failure.message or None
        else:
            return see_other(request, f"/library/{slug}", _("The scenario is retired: it left the library."))
    return render(request, "library/release.html", await _release_context(request, slug, None, form, error),
                  status_code=422)


# --- publishing ---------------------------------------------------------------------------------------------


async def _publish_context(request: Request, slug: str, form: Form, error: str | None = None) -> dict[str, Any]:
    preview = await releases.publish_preview(actor_of(request), slug)
    return {**preview, "form": form, "error": error,
            "current_council": {"slug": preview["draft"]["council.slug"], "name": preview["draft"]["council.name"]}}


@get("/drafts/{slug:str}/publish", guards=[login_required])
async def publish_form(request: Request, slug: FromPath[str]) -> Response:
    return render(request, "library/publish.html", await _publish_context(request, slug, Form(forms.PUBLISH)))


@post("/drafts/{slug:str}/publish", guards=[login_required])
async def publish(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.PUBLISH, await form_data(request))
    error = None
    if form.validate():
        try:
            version = await releases.publish_release(actor_of(request), slug, form.values.get("change_notes") or "")
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
            error = failure.message
        except InvalidTransition as failure:
            error = failure.message
        else:
            return see_other(request, f"/library/{slug}",
                             _("Version %(version)s is in the library now.", version=version))
    return render(request, "library/publish.html", await _publish_context(request, slug, form, error),
                  status_code=422)


# --- usage reports ------------------------------------------------------------------------------------------


async def _report_context(request: Request, slug: str, version: str, form: Form) -> dict[str, Any]:
    row = await releases.release(actor_of(request), slug, version)
    if row["status"] == "withdrawn" or not permissions.can_report_use(actor_of(request)):
        raise NotFound()
    return {"release": row, "form": form, "role_options": _options(v.TARGET_ROLES),
            "rating_options": list(words.RATINGS.items()), "confidence_options": list(words.CONFIDENCE.items())}


@get("/library/{slug:str}/v/{version:str}/report", guards=[login_required])
async def report_form(request: Request, slug: FromPath[str], version: FromPath[str]) -> Response:
    form = Form(forms.REPORT, raw={"run_on": date.today().isoformat()})
    return render(request, "library/report.html", await _report_context(request, slug, version, form))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@post("/library/{slug:str}/v/{version:str}/report", guards=[login_required])
async def report(request: Request, slug: FromPath[str], version: FromPath[str]) -> Response:
    form = Form(forms.REPORT, await form_data(request))
    form.validate()
    run_on = _day(form.values.get("run_on"))
    if run_on is None:
        form.raw["run_on"] = ""  # a date field can only show a valid date back
        if "run_on" not in form.errors:
            form.add_error("run_on", _("Enter the date as year-month-day, for example 2026-03-14."))
    if form.valid:
        values = form.values
        try:
            await reports.record_report(
                actor_of(request), slug, version, run_on, values["audience_role"], values["group_size"],
                int(values["rating"]), values.get("notes") or "",
                int(values["confidence_before"]) if values.get("confidence_before") else None,
                int(values["confidence_after"]) if values.get("confidence_after") else None)
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/library/{slug}/v/{version}",
                             _("Thank you. Your report is saved; the council sees it only within totals."))
    return render(request, "library/report.html", await _report_context(request, slug, version, form),
                  status_code=422)


# --- panels on a draft's page -------------------------------------------------------------------------------


async def library_panel(request: Request, actor: Any, row: dict[str, Any], revision: dict[str, Any] | None,
                        amendment: dict[str, Any] | None) -> panels.Panel | None:
    """On a draft's page: publishing for trainers, the releases in the library, and how trainers used it."""
    if amendment is not None:
        return None
    can_publish = permissions.can_publish(actor) and row["state"] == "approved"
    history = await releases.history(row["id"])
    usage = await reports.usage_for_council(actor, row["id"], row["council"]) if history else None
    if not can_publish and not history:
        return None
    return panels.Panel(template="library/_panel.html", order=20, context={
        "slug": row["slug"], "can_publish": can_publish, "history": history, "usage": usage,
        "labels_status": words.RELEASE_STATUSES, "labels_role": v.TARGET_ROLES})


panels.register(library_panel)


ROUTES: list[Any] = [library, feed.library_feed, release_page, release_version, follow, markdown_export, guide_pdf,
                     retire, publish_form, publish, report_form, report, *pack_controllers.ROUTES,
                     *token_controllers.ROUTES, api.API]
