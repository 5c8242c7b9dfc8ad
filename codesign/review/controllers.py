"""HTTP handlers of expert review: the reviewer's queue, a review page with its checklist, assigning reviewers
from a draft's page (a panel there), and removing them."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.accounts.labels import REVIEW_KINDS as KIND_LABELS
from codesign.errors import ValidationFailed
from codesign.i18n import _
from codesign.review import checklists, forms, labels, services
from codesign.scenarios import panels
from codesign.scenarios import services as scenarios
from codesign.scenarios.vocabularies import STATES
from codesign.web.forms import Form, RowId, form_data
from codesign.web.pagination import page_number
from codesign.web.responses import see_other
from codesign.web.templating import is_htmx, render

DEFAULT_DUE_DAYS = 21


async def _panel(actor: Any, row: dict[str, Any], form: Form | None = None, message: str = "") -> panels.Panel:
    context = await services.panel(actor, row)
    if context["can_assign"]:
        missing = [k for k in context["required"] if not any(g["kind"] == k and g["people"]
                                                             for g in context["groups"])]
        context["form"] = form or Form(forms.ASSIGN, raw={"review_kind": (missing or context["required"] or [""])[0],
                                                          "due_days": str(DEFAULT_DUE_DAYS)})
        context["kind_options"] = list(KIND_LABELS.items())
        context["reviewer_options"] = await services.reviewer_options(actor, row)
    context.update(slug=row["slug"], message=message)
    return panels.Panel(template="review/_panel.html", context=context, order=6)


async def review_panel(request: Request, actor: Any, row: dict[str, Any], revision: dict[str, Any] | None,
                       amendment: dict[str, Any] | None) -> panels.Panel | None:
    """On a draft's page: its expert reviews, per kind, and for organisers the way to assign reviewers."""
    if amendment is not None:
        return None
    panel = await _panel(actor, row)
    has_people = any(g["people"] for g in panel.context["groups"]) or panel.context["blocks"]
    if not has_people and not panel.context["can_assign"] and row["state"] != "expert_review":
        return None
    return panel


panels.register(review_panel)


# --- assigning ------------------------------------------------------------------------------------------


@get("/drafts/{slug:str}/reviewers", guards=[login_required])
async def assign_page(request: Request, slug: FromPath[str]) -> Response:
    """The assign form on a page of its own (where a form without JavaScript comes back with its errors)."""
    row, _draft = await scenarios.access(slug, actor_of(request))
    panel = await _panel(actor_of(request), row)
    return render(request, "review/assign.html", _assign_context(row, panel))


def _assign_context(row: dict[str, Any], panel: panels.Panel) -> dict[str, Any]:
    return {"draft": row, "panel": panel, "form": panel.context.get("form"),
            "current_council": {"slug": row["council.slug"], "name": row["council.name"]}}


@post("/drafts/{slug:str}/reviewers", guards=[login_required])
async def assign(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, _draft = await scenarios.access(slug, actor)
    form = Form(forms.ASSIGN, await form_data(request))
    message = ""
    if form.validate():
        try:
            await services.assign_reviewer(actor, slug, form.values["review_kind"], form.values["reviewer"],
                                           form.values["due_days"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
            message = failure.message
        else:
            done = _("The reviewer is assigned and has been told.")
            if is_htmx(request):
                panel = await _panel(actor, row, message=done)
                return render(request, "review/_panel.html", {"panel": panel})
            return see_other(request, f"/drafts/{slug}", done)
    panel = await _panel(actor, row, form, message)
    if is_htmx(request):
        return render(request, "review/_panel.html", {"panel": panel}, status_code=422)
    context = _assign_context(row, panel)
    context["error"] = message
    return render(request, "review/assign.html", context, status_code=422)


@post("/reviews/{assignment_id:int}/remove", guards=[login_required])
async def remove(request: Request, assignment_id: RowId) -> Response:
    slug = await services.unassign(actor_of(request), assignment_id)
    return see_other(request, f"/drafts/{slug}", _("The reviewer is no longer assigned to this draft."))


# --- the reviewer's queue and a review --------------------------------------------------------------------


@get("/reviews", guards=[login_required])
async def queue_page(request: Request, page: FromQuery[str | None] = None) -> Response:
    items = await services.queue(actor_of(request), page_number(page))
    return render(request, "review/queue.html", {"assignments": items, "labels_kind": KIND_LABELS,
                                                 "labels_outcome": labels.OUTCOMES, "labels_state": STATES})


def _items(kind: str) -> list[dict[str, Any]]:
    return [{"id": i.id, "text": i.text, "star": i.star, "number": n}
            for n, i in enumerate(checklists.CHECKLISTS[kind], start=1)]


async def _review_context(request: Request, assignment_id: int, form: Form | None = None,
                          error: str = "") -> dict[str, Any]:
    context = await services.review_page(actor_of(request), assignment_id)
    item = context["assignment"]
    kind = item["kind"]
    texts = {i.id: i.text for i in checklists.CHECKLISTS[kind]}
    for review in context["history"]:
        review["outcome_label"] = labels.OUTCOMES.get(review["outcome"], review["outcome"])
        review["noes"] = [{"text": texts.get(k, k), "note": v.get("note", "")}
                          for k, v in review["answers"].items() if v.get("answer") == "no"]
    draft = context["draft"]
    context.update(
        items=_items(kind), kind_label=KIND_LABELS[kind], answer_options=list(labels.ANSWERS.items()),
        outcome_options=[(k, labels.OUTCOMES[k], labels.OUTCOME_HINTS[k]) for k in checklists.OUTCOMES],
        form=form or Form(()), error=error, state_label=STATES.get(draft["state"], draft["state"]),
        blocking=kind in checklists.BLOCKING_KINDS,
        current_council={"slug": draft["council.slug"], "name": draft["council.name"]},
    )
    return context


@get("/reviews/{assignment_id:int}", guards=[login_required])
async def review_get(request: Request, assignment_id: RowId) -> Response:
    return render(request, "review/review.html", await _review_context(request, assignment_id))


@post("/reviews/{assignment_id:int}", guards=[login_required])
async def review_post(request: Request, assignment_id: RowId) -> Response:
    actor = actor_of(request)
    item = (await services.review_page(actor, assignment_id))["assignment"]
    data = await form_data(request)
    answers = forms.checklist_answers(item["kind"], data)
    outcome, summary = forms.text_of(data, "outcome"), forms.text_of(data, "summary")
    try:
        state = await services.submit_review(actor, assignment_id, answers, outcome, summary)
    except ValidationFailed as failure:
        raw: dict[str, Any] = {"outcome": outcome, "summary": summary}
        for item_id, answer in answers.items():
            raw[f"answer_{item_id}"], raw[f"note_{item_id}"] = answer.value, answer.note
        form = Form((), raw=raw, errors=dict(failure.errors))
        context = await _review_context(request, assignment_id, form, failure.message)
        return render(request, "review/review.html", context, status_code=422)
    if outcome in checklists.SENDS_BACK:
        message = _("Your review is saved. The draft went back to its authors with your reasons: it is now at the "
                    "stage “%(stage)s”.", stage=STATES.get(state, state))
    else:
        message = _("Your review is saved and signs off this version of the draft.")
    return see_other(request, f"/reviews/{assignment_id}", message)


ROUTES = [assign_page, assign, remove, queue_page, review_get, review_post]
