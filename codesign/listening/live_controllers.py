"""HTTP handlers during a session: facilitator mode (notes, insights, attendance; htmx upgrades plain forms), live
votes for organisers (code, QR code, projector view that stays current) and for participants without an account."""

from __future__ import annotations

from typing import Any

import segno
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery
from markupsafe import Markup

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import RateLimited, ValidationFailed
from codesign.i18n import _
from codesign.listening import facilitation, forms, labels, participation, retention, screening, sessions, tallies
from codesign.listening.controllers import words
from codesign.scenarios import listing
from codesign.scenarios.vocabularies import THEMES
from codesign.web.forms import Form, RowId, form_data
from codesign.web.responses import see_other
from codesign.web.templating import is_htmx, render

POLL_SECONDS = 3
PROJECTOR_WIDTH = 600  # the longest bar in the projector's SVG units


def _secret(request: Request) -> str:
    return str(request.app.state.settings.secret_key)


async def _facilitate_context(request: Request, session_id: int, **forms_in: Form) -> dict[str, Any]:
    actor = actor_of(request)
    row = await facilitation.facilitated(actor, session_id)
    council = {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}
    drafts = await listing.list_drafts(actor, row["council"], listing.Filters(sort="active"), 1)
    return {
        "session": row, "council": council, "current_council": council, "oob": False,
        "notes": await facilitation.notes(actor, session_id), "insights": await facilitation.insights(session_id),
        "notes_delete_by": retention.notes_delete_by(row["starts_at"], row["notes_retention_days"],
                                                     row["insights_validated_at"]),
        "attendance": await sessions.counts(session_id, "attended"), "drafts": drafts.items,
        "note_form": forms_in.get("note_form") or Form(forms.NOTE),
        "insight_form": forms_in.get("insight_form") or Form(forms.INSIGHT, raw={
            "consent_scope": "themes_only", "consent_status": "granted_anonymous", "sensitivity": "low",
            "raised_by": "several"}),
        "attendance_form": forms_in.get("attendance_form") or Form(forms.ATTENDANCE),
        "consent_form": forms_in.get("consent_form") or Form(forms.CONSENT, raw={
            f"consent_{layer}": str(count) for layer, count in facilitation.consent_counts(row).items()}),
        "consent_layers": labels.CONSENT_LAYERS,
        "vote_form": forms_in.get("vote_form") or Form(forms.VOTE, raw={"method": "dots", "dots": "3"}),
        "theme_options": list(THEMES.items()), "themes": THEMES,
        "scope_options": list(labels.CONSENT_SCOPES.items()), "scope_names": labels.CONSENT_SCOPE_NAMES,
        "consent_options": list(labels.CONSENT_STATUSES.items()), "consent_names": labels.CONSENT_STATUSES,
        "sensitivity_options": list(labels.SENSITIVITY.items()), "raised_options": list(labels.RAISED_BY.items()),
        "status_options": list(labels.INSIGHT_STATUSES.items()), "status_names": labels.INSIGHT_STATUSES,
        "vote_method_options": list(labels.VOTE_METHODS.items()), "votes": await participation.votes_of(session_id),
        "flag_names": screening.FLAG_NAMES, "note_warning": None, "insight_warning": None, **words(),
    }


@get("/listening/{session_id:int}/facilitate", guards=[login_required])
async def facilitate(request: Request, session_id: RowId) -> Response:
    return render(request, "listening/facilitate.html", await _facilitate_context(request, session_id))


@post("/listening/{session_id:int}/notes", guards=[login_required])
async def add_note(request: Request, session_id: RowId) -> Response:
    form = Form(forms.NOTE, await form_data(request))
    if form.validate():
        try:
            await facilitation.add_note(actor_of(request), session_id, form.values["text"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            message, level = screening.saved_message(_("Note added."), form.values["text"])
            if is_htmx(request):
                context = await _facilitate_context(request, session_id)
                context["oob"] = True
                context["note_warning"] = message if level == "info" else None
                return render(request, "listening/facilitate.html", context, blocks=["note_form", "notes"])
            return see_other(request, f"/listening/{session_id}/facilitate#note-form", message, level)
    context = await _facilitate_context(request, session_id, note_form=form)
    return render(request, "listening/facilitate.html", context, blocks=["note_form"], status_code=422)


@post("/listening/{session_id:int}/insights", guards=[login_required])
async def add_insight(request: Request, session_id: RowId) -> Response:
    form = Form(forms.INSIGHT, await form_data(request))
    if form.validate():
        values = form.values
        try:
            await facilitation.add_insight(actor_of(request), session_id, values["statement"], values["themes"],
                                           values["consent_scope"], values["consent_status"], values["sensitivity"],
                                           values["raised_by"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            message, level = screening.saved_message(_("Insight added."), values["statement"])
            if is_htmx(request):
                context = await _facilitate_context(request, session_id)
                context["oob"] = True
                context["insight_warning"] = message if level == "info" else None
                return render(request, "listening/facilitate.html", context,
                              blocks=["insight_form", "insights", "vote_options", "notes"])
            return see_other(request, f"/listening/{session_id}/facilitate#insight-form", message, level)
    context = await _facilitate_context(request, session_id, insight_form=form)
    return render(request, "listening/facilitate.html", context, blocks=["insight_form"], status_code=422)


@post("/listening/insights/{insight_id:int}/status", guards=[login_required])
async def insight_status(request: Request, insight_id: RowId) -> Response:
    form = Form(forms.INSIGHT_STATUS, await form_data(request))
    if not form.validate():
        row = await facilitation.insight(actor_of(request), insight_id)
        return see_other(request, f"/listening/{row['session']}/facilitate#insights",
                         _("Choose one of the options shown."), "error")
    session_id = await facilitation.set_insight_status(actor_of(request), insight_id, form.values["status"],
                                                       form.values["consent_status"])
    return see_other(request, f"/listening/{session_id}/facilitate#insights", _("The insight is updated."))


@post("/listening/{session_id:int}/attendance", guards=[login_required])
async def attendance(request: Request, session_id: RowId) -> Response:
    form = Form(forms.ATTENDANCE, await form_data(request))
    if form.validate():
        try:
            await facilitation.set_attendance(actor_of(request), session_id, form.values["language"],
                                              form.values["count"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/listening/{session_id}/facilitate#attendance", _("Attendance saved."))
    context = await _facilitate_context(request, session_id, attendance_form=form)
    context["errors"] = form.errors  # the page's title says there is an error
    return render(request, "listening/facilitate.html", context, status_code=422)


@post("/listening/{session_id:int}/consent", guards=[login_required])
async def consent_counts(request: Request, session_id: RowId) -> Response:
    form = Form(forms.CONSENT, await form_data(request))
    if form.validate():
        counts = {layer: form.values.get(f"consent_{layer}") for layer in labels.CONSENT_LAYERS}
        try:
            await facilitation.set_consent_counts(actor_of(request), session_id, counts)
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/listening/{session_id}/facilitate#consent", _("Consent counts saved."))
    context = await _facilitate_context(request, session_id, consent_form=form)
    context["errors"] = form.errors  # the page's title says there is an error
    return render(request, "listening/facilitate.html", context, status_code=422)


def _ids(data: dict[str, Any], key: str) -> list[int]:
    raw = data.get(key) or []
    return [int(v) for v in (raw if isinstance(raw, list) else [raw]) if str(v).isdigit() and len(str(v)) < 10]


@post("/listening/{session_id:int}/votes", guards=[login_required])
async def open_vote(request: Request, session_id: RowId) -> Response:
    data = await form_data(request)
    form = Form(forms.VOTE, data)
    form.validate()
    if form.valid:
        try:
            vote_id = await participation.open_vote(
                actor_of(request), session_id, form.values["title"], form.values["method"],
                form.values.get("dots") or 3, _ids(data, "insights"), _ids(data, "drafts"))
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            message, level = screening.saved_message(_("The vote is open. Show the code to the room."),
                                                     form.values["title"])
            return see_other(request, f"/listening/votes/{vote_id}", message, level)
    form.raw["insights"] = [str(i) for i in _ids(data, "insights")]
    form.raw["drafts"] = [str(i) for i in _ids(data, "drafts")]
    context = await _facilitate_context(request, session_id, vote_form=form)
    context["errors"] = form.errors  # the page's title says there is an error
    return render(request, "listening/facilitate.html", context, status_code=422)


# --- organisers: a vote, its QR code and the projector ----------------------------------------------------------


def join_url(request: Request, code: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/live/{code}"


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code made on the server: no request leaves the page."""
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff", title=title, svgclass="qr")
    return Markup(svg)  # noqa: S704 - segno's own markup; the title is escaped by segno


async def _vote_context(request: Request, vote_id: int) -> dict[str, Any]:
    row = await participation.vote_for(actor_of(request), vote_id)
    result = await participation.results(row)
    labels_by_id = {o["id"]: o["label"] for o in row["option_list"]}
    shown = tallies.scores_shown(result.participants)
    top = max((s.points for s in result.scores), default=0)
    url = join_url(request, row["code"])
    return {
        "vote": row, "participants": result.participants, "join_url": url, "scores_hidden": not shown, "k": tallies.K,
        "short_url": f"{str(request.base_url).rstrip('/')}/live",
        "qr": qr_svg(url, _("QR code to join the vote")), "poll_seconds": POLL_SECONDS,
        "scores": [{"label": labels_by_id[s.option], "points": s.points, "rank": s.rank,
                    "width": round(s.points / top * PROJECTOR_WIDTH, 1) if top else 0}
                   for s in result.scores] if shown else [],
        "chart_width": PROJECTOR_WIDTH, "method_text": labels.VOTE_METHODS[row["method"]],
    }


@get("/listening/votes/{vote_id:int}", guards=[login_required])
async def vote_page(request: Request, vote_id: RowId) -> Response:
    context = await _vote_context(request, vote_id)
    row = await sessions.load(context["vote"]["session"])
    council = {"slug": row["council.slug"], "name": row["council.name"]}
    return render(request, "listening/vote.html", {**context, "session": row, "current_council": council})


@get("/listening/votes/{vote_id:int}/projector", guards=[login_required])
async def projector(request: Request, vote_id: RowId) -> Response:
    return render(request, "listening/projector.html", await _vote_context(request, vote_id), blocks=["results"])


@post("/listening/votes/{vote_id:int}/close", guards=[login_required])
async def close_vote(request: Request, vote_id: RowId) -> Response:
    await participation.close(actor_of(request), vote_id)
    return see_other(request, f"/listening/votes/{vote_id}",
                     _("The vote is closed. The tally is kept and every ballot is deleted."))


# --- participants: no account ------------------------------------------------------------------------------------


@get("/live")
async def join_form(request: Request, code: FromQuery[str | None] = None) -> Response:
    if code and code.strip():
        cleaned = "".join(c for c in code.upper() if c.isalnum())[:participation.CODE_LENGTH]
        return see_other(request, f"/live/{cleaned}")
    return render(request, "listening/join.html", {})


def _device_cookie(value: str) -> Cookie:
    return Cookie(key=participation.COOKIE, value=value, max_age=participation.COOKIE_MAX_AGE, path="/live",
                  httponly=True, samesite="lax")


async def _live_context(request: Request, row: dict[str, Any], token: str | None) -> dict[str, Any]:
    mine = await participation.my_ballot(_secret(request), row, token)
    scores, hidden = [], False
    if row["closed_at"] is not None:
        result = await participation.results(row)
        names = {o["id"]: o["label"] for o in row["option_list"]}
        hidden = not tallies.scores_shown(result.participants)
        scores = [] if hidden else [{"label": names[s.option], "points": s.points, "rank": s.rank}
                                    for s in result.scores]
    return {"vote": row, "mine": mine, "errors": {}, "error": None, "scores": scores, "scores_hidden": hidden,
            "k": tallies.K,
            "positions": list(range(1, len(row["option_list"]) + 1))}


@get("/live/{code:str}")
async def live(request: Request, code: FromPath[str]) -> Response:
    row = await participation.by_code(code)
    secret = _secret(request)
    token = participation.device_token(secret, request.cookies.get(participation.COOKIE))
    response = render(request, "listening/live.html", await _live_context(request, row, token))
    if token is None:
        response.set_cookie(_device_cookie(participation.new_device_cookie(secret)))
    return response


def _choice(method: str, data: dict[str, Any], count: int) -> Any:
    if method == "ranking":
        return [str(data.get(f"rank_{n}")) for n in range(1, count + 1) if data.get(f"rank_{n}")]
    dots: dict[str, int] = {}
    for key, value in data.items():
        if key.startswith("dots_") and isinstance(value, str):
            text = value.strip() or "0"
            dots[key.removeprefix("dots_")[:10]] = int(text) if text.lstrip("-").isdigit() and len(text) < 4 else -1
    return dots


@post("/live/{code:str}")
async def live_ballot(request: Request, code: FromPath[str]) -> Response:
    row = await participation.by_code(code)
    secret = _secret(request)
    token = participation.device_token(secret, request.cookies.get(participation.COOKIE))
    data = await form_data(request)
    choice = _choice(row["method"], data, len(row["option_list"]))
    status = 422
    try:
        await participation.cast(secret, row["code"], token, choice)
    except ValidationFailed as failure:
        errors, message = failure.errors, failure.message
    except RateLimited as limited:
        errors, message, status = {}, limited.message, 429
    else:
        return see_other(request, f"/live/{row['code']}",
                         _("Your vote is saved. You can change it until the vote closes."))
    context = await _live_context(request, row, token)
    context.update(errors=errors, error=message, submitted=choice)
    response = render(request, "listening/live.html", context, status_code=status)
    if token is None:
        response.set_cookie(_device_cookie(participation.new_device_cookie(secret)))
    return response


ROUTES: list[Any] = [facilitate, add_note, add_insight, insight_status, attendance, consent_counts, open_vote,
                     vote_page, projector, close_vote, join_form, live, live_ballot]
