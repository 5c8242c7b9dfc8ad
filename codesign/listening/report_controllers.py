"""HTTP handlers after a session: the report with Markdown and PDF exports, an insight turned into a draft, and
anonymous feedback (the public form, and aggregates for the council)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l
from codesign.listening import feedback, forms, insights, labels, permissions, reports, screening
from codesign.listening.live_controllers import qr_svg
from codesign.scenarios import privacy
from codesign.scenarios.vocabularies import SERVICE_SETTINGS
from codesign.web.forms import Form, RowId, form_data
from codesign.web.responses import see_other
from codesign.web.templating import render


def _council(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}


@get("/listening/{session_id:int}/report", guards=[login_required])
async def report_page(request: Request, session_id: RowId) -> Response:
    context = await reports.report(actor_of(request), session_id)
    return render(request, "listening/report.html", {**context, **reports.report_words(),
                                                       "current_council": _council(context["session"])})


def _download(content: str | bytes, media_type: str, name: str) -> Response:
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@get("/listening/{session_id:int}/report.md", guards=[login_required])
async def report_markdown(request: Request, session_id: RowId) -> Response:
    context = await reports.report(actor_of(request), session_id)
    return _download(reports.markdown(context), "text/markdown; charset=utf-8",
                     f"{context['session']['ref']}-report.md")


@get("/listening/{session_id:int}/report.pdf", guards=[login_required])
async def report_pdf(request: Request, session_id: RowId) -> Response:
    context = await reports.report(actor_of(request), session_id)
    return _download(await reports.pdf(context), "application/pdf", f"{context['session']['ref']}-report.pdf")


@post("/listening/insights/{insight_id:int}/draft", guards=[login_required])
async def insight_to_draft(request: Request, insight_id: RowId) -> Response:
    try:
        slug = await insights.propose_from_insight(actor_of(request), insight_id)
    except ValidationFailed as failure:
        row = await insights.facilitation.insight(actor_of(request), insight_id)
        message = failure.message or next(iter(failure.errors.values()), _("Choose one of the options shown."))
        return see_other(request, f"/listening/{row['session']}/report", str(message), "error")
    return see_other(request, f"/drafts/{slug}",
                     _("The insight is now a draft proposal; its provenance is in the front matter."))


# --- anonymous feedback ----------------------------------------------------------------------------------------


async def _feedback_context(request: Request, session_id: int, form: Form | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    row, found = await feedback.forms_of(actor, session_id)
    base = str(request.base_url).rstrip("/")
    for item in found:
        item["url"] = f"{base}/feedback/{item['public_id']}"
        item["qr"] = qr_svg(item["url"], _("QR code of the feedback form"))
    return {"session": row, "current_council": _council(row), "feedback_forms": found,
            "form": form or Form(forms.FEEDBACK_FORM, raw={"days": "14"}), "questions": QUESTION_TITLES,
            "can_open": permissions.can_facilitate(actor, row["council"]), "k": 5,
            "placeholder": privacy.PLACEHOLDER, "flag_names": screening.FLAG_NAMES}


QUESTION_TITLES = {
    "service_setting": _l("Which service"),
    "treated": _l("How were you treated?"),
    "understood": _l("Did you understand what happens next?"),
    "interpreter": _l("Were you offered an interpreter?"),
}


@get("/listening/{session_id:int}/feedback", guards=[login_required])
async def feedback_page(request: Request, session_id: RowId) -> Response:
    return render(request, "listening/feedback.html", await _feedback_context(request, session_id))


@post("/listening/{session_id:int}/feedback", guards=[login_required])
async def feedback_open(request: Request, session_id: RowId) -> Response:
    form = Form(forms.FEEDBACK_FORM, await form_data(request))
    if form.validate():
        try:
            await feedback.open_form(actor_of(request), session_id, form.values["days"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/listening/{session_id}/feedback",
                             _("The feedback form is open. Share its link or QR code."))
    else:
        await feedback.forms_of(actor_of(request), session_id)  # NotFound before any 422 for outsiders
    context = await _feedback_context(request, session_id, form)
    if not context["can_open"]:
        raise NotFound()
    return render(request, "listening/feedback.html", context, status_code=422)


def _public_context(row: dict[str, Any], form: Form, error: str | None = None) -> dict[str, Any]:
    return {"feedback_form": row, "form": form, "error": error,
            "setting_options": list(SERVICE_SETTINGS.items()), "treated_options": list(labels.TREATED.items()),
            "understood_options": list(labels.UNDERSTOOD.items()),
            "interpreter_options": list(labels.INTERPRETER.items()), "questions": QUESTION_TITLES}


@get("/feedback/{public_id:str}")
async def feedback_public(request: Request, public_id: FromPath[str]) -> Response:
    row = await feedback.public_form(public_id)
    return render(request, "listening/feedback_form.html", _public_context(row, Form(forms.FEEDBACK)))


@post("/feedback/{public_id:str}")
async def feedback_submit(request: Request, public_id: FromPath[str]) -> Response:
    row = await feedback.public_form(public_id)
    form = Form(forms.FEEDBACK, await form_data(request))
    error = None
    if form.validate():
        try:
            removed = await feedback.submit(public_id, {k: form.values[k] for k in feedback.QUESTIONS},
                                            form.values.get("text") or "")
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
            error = failure.message
        else:
            # Only whether something was removed, never what: the sender is told on the next page.
            return see_other(request, f"/feedback/{public_id}/thanks" + ("?removed=1" if removed else ""))
    return render(request, "listening/feedback_form.html", _public_context(row, form, error), status_code=422)


@get("/feedback/{public_id:str}/thanks")
async def feedback_thanks(request: Request, public_id: FromPath[str],
                          removed: FromQuery[str | None] = None) -> Response:
    row = await feedback.public_form(public_id)
    return render(request, "listening/feedback_thanks.html", {"feedback_form": row, "removed": removed == "1"})


ROUTES: list[Any] = [report_page, report_markdown, report_pdf, insight_to_draft, feedback_page, feedback_open,
                     feedback_public, feedback_submit, feedback_thanks]
