"""HTTP handlers for council decisions: open one on a draft, vote (and change the vote), close, and the
results page with a chart, a table and a CSV download."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.councils.workflow import workflow_settings
from codesign.errors import InvalidTransition, NotFound, ValidationFailed
from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l
from codesign.scenarios import listing, panels
from codesign.scenarios import services as scenarios
from codesign.voting import forms, permissions, priorities, rules, services
from codesign.voting import labels as words
from codesign.web.forms import Form, RowId, form_data
from codesign.web.responses import see_other
from codesign.web.templating import render

CHART_WIDTH = 300  # the longest bar, in the SVG's own units


def bars(counts: dict[str, int], total: int) -> list[dict[str, Any]]:
    """One bar per choice, with the same figures as the table (so the chart adds nothing the table lacks)."""
    rows = []
    for choice in rules.CHOICES:
        count = counts.get(choice, 0)
        share = count / total if total else 0.0
        rows.append({"choice": choice, "label": words.CHOICES[choice], "count": count,
                     "percent": round(share * 100, 1), "width": round(share * CHART_WIDTH, 1)})
    return rows


async def voting_panel(request: Request, actor: Any, row: dict[str, Any], revision: dict[str, Any] | None,
                       amendment: dict[str, Any] | None) -> panels.Panel | None:
    """On a draft's page: its council decisions, and for organisers the way to open one."""
    if amendment is not None:
        return None
    items = await services.decisions_for(row["id"])
    can_open = permissions.can_open(actor, row["council"]) and row["state"] == "community_review"
    can_signoff = permissions.can_open(actor, row["council"]) and row["state"] == "expert_review"
    if not items and not can_open and not can_signoff:
        return None
    now = datetime.now(UTC)
    for item in items:
        item["is_open"] = services.is_open({**item, "opens_at": item["opens_at"]}, now)
        item["outcome_label"] = words.OUTCOMES.get(item["outcome"], "")
    context = {"decisions": items, "can_open": can_open, "can_signoff": can_signoff, "slug": row["slug"]}
    return panels.Panel(template="voting/_panel.html", context=context, order=5)


panels.register(voting_panel)


QUESTIONS = {
    "draft": _l("Should this draft go on to expert review?"),
    "signoff": _l("The experts have reviewed this draft. Does it still say what the council meant?"),
}


@get("/drafts/{slug:str}/decisions/new", guards=[login_required])
async def decision_new(request: Request, slug: FromPath[str], purpose: FromQuery[str] = "draft") -> Response:
    row, draft = await scenarios.access(slug, actor_of(request))
    if not permissions.can_open(actor_of(request), draft.council_id) or purpose not in services.OPENS_FROM:
        raise NotFound()
    settings = await workflow_settings(draft.council_id)
    form = Form(forms.OPEN, raw={"rule": "consent" if purpose == "signoff" else settings.default_rule,
                                 "quorum": str(settings.default_quorum), "closes_in_days": "7", "secret": "on",
                                 "question": str(QUESTIONS[purpose]), "purpose": purpose})
    return render(request, "voting/new.html", _new_context(row, form))


def _new_context(row: dict[str, Any], form: Form) -> dict[str, Any]:
    signoff = form.raw.get("purpose") == "signoff"
    rules_shown = {"consent": words.RULE_NAMES["consent"]} if signoff else words.RULE_NAMES
    return {"draft": row, "form": form, "rule_options": list(rules_shown.items()), "rules": words.RULES,
            "signoff": signoff, "current_council": {"slug": row["council.slug"], "name": row["council.name"]}}


@post("/drafts/{slug:str}/decisions/new", guards=[login_required])
async def decision_open(request: Request, slug: FromPath[str]) -> Response:
    row, draft = await scenarios.access(slug, actor_of(request))
    if not permissions.can_open(actor_of(request), draft.council_id):
        raise NotFound()
    form = Form(forms.OPEN, await form_data(request))
    if form.validate():
        days = form.values.get("closes_in_days")
        closes_at = datetime.now(UTC) + timedelta(days=days) if days else None
        try:
            decision_id = await services.open_decision(
                actor_of(request), slug, form.values["question"], form.values["rule"], form.values["quorum"],
                bool(form.values.get("secret")), bool(form.values.get("live_results")), None, closes_at,
                form.values.get("purpose") or "draft")
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        except InvalidTransition as refused:
            form.errors["question"] = refused.message
        else:
            return see_other(request, f"/decisions/{decision_id}", _("The decision is open. Members can vote now."))
    return render(request, "voting/new.html", _new_context(row, form), status_code=422)


async def _decision_context(request: Request, decision_id: int, form: Form | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    item = await services.decision(actor, decision_id)
    now = datetime.now(UTC)
    open_now = services.is_open(item, now)
    mine = await services.my_ballot(actor, decision_id)
    people = await services.eligible_people(decision_id)
    eligible = await services.is_eligible(decision_id, actor.user_id)
    show_results = item["closed_at"] is not None or item["live_results"]
    tally = None
    if show_results:
        tally = json.loads(item["result"]) if item["result"] else json_tally(await services.current_tally(item))
    return {
        "decision": item, "is_open": open_now, "mine": mine, "my_choice_label": words.CHOICES.get(mine["choice"])
        if mine else None, "people": people, "voted": sum(1 for p in people if p["voted"]),
        "can_vote": open_now and eligible, "can_close": open_now and permissions.can_close(actor, item["council"]),
        "tally": tally, "bars": bars(tally["counts"], tally["turnout"]) if tally else [],
        "outcome_label": words.OUTCOMES.get(tally["outcome"], "") if tally else "",
        "rule_text": words.RULES[item["rule"]], "choice_options": list(words.CHOICES.items()),
        "form": form or Form(forms.BALLOT, raw={"choice": mine["choice"] if mine else "",
                                                "reason": mine["reason"] if mine else ""}),
        "ballots": await services.open_ballots(decision_id) if permissions.can_see_voters(
            actor, item["council"], item["secret"]) and show_results else [],
        "current_council": {"slug": item["council.slug"], "name": item["council.name"]},
        "chart_width": CHART_WIDTH, "labels_choice": words.CHOICES,
    }


def json_tally(tally: rules.Tally) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(tally)


@get("/decisions/{decision_id:int}", guards=[login_required])
async def decision_page(request: Request, decision_id: RowId) -> Response:
    return render(request, "voting/decision.html", await _decision_context(request, decision_id))


@post("/decisions/{decision_id:int}/ballot", guards=[login_required])
async def ballot(request: Request, decision_id: RowId) -> Response:
    form = Form(forms.BALLOT, await form_data(request))
    error = None
    if form.validate():
        try:
            await services.cast(actor_of(request), decision_id, form.values["choice"], form.values.get("reason") or "")
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
            error = failure.message
        else:
            return see_other(request, f"/decisions/{decision_id}",
                             _("Your vote is saved. You can change it until the decision closes."))
    context = await _decision_context(request, decision_id, form)
    context["error"] = error
    return render(request, "voting/decision.html", context, status_code=422)


@post("/decisions/{decision_id:int}/close", guards=[login_required])
async def close(request: Request, decision_id: RowId) -> Response:
    await services.decision(actor_of(request), decision_id)
    outcome = await services.close(actor_of(request), decision_id)
    return see_other(request, f"/decisions/{decision_id}",
                     _("The decision is closed: %(outcome)s.", outcome=words.OUTCOMES.get(outcome, outcome)))


@get("/decisions/{decision_id:int}/results.csv", guards=[login_required])
async def results_csv(request: Request, decision_id: RowId) -> Response:
    context = await _decision_context(request, decision_id)
    if context["tally"] is None:
        raise NotFound()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Choice"), _("Votes"), _("Share of votes cast (%)")])
    for bar in context["bars"]:
        writer.writerow([str(bar["label"]), bar["count"], bar["percent"]])
    tally = context["tally"]
    writer.writerow([])
    writer.writerow([_("Eligible"), tally["eligible"]])
    writer.writerow([_("Turnout"), tally["turnout"]])
    writer.writerow([_("Quorum needed"), tally["quorum_needed"]])
    writer.writerow([_("Outcome"), str(context["outcome_label"])])
    return Response(content=buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="decision-{decision_id}.csv"'})


ROUTES = [decision_new, decision_open, decision_page, ballot, close, results_csv]


# --- priority votes ------------------------------------------------------------------------------------


async def _council(request: Request, slug: str) -> dict[str, Any]:
    from codesign.councils import services as councils

    council = await councils.council_by_slug(slug)
    if not permissions.can_view(actor_of(request), council["id"]):
        raise NotFound()
    return council


@get("/councils/{slug:str}/priorities", guards=[login_required])
async def priority_list(request: Request, slug: FromPath[str]) -> Response:
    council = await _council(request, slug)
    items = await priorities.list_votes(actor_of(request), council["id"])
    return render(request, "voting/priorities.html", {
        "council": council, "current_council": council, "votes": items,
        "can_open": permissions.can_open(actor_of(request), council["id"])})


async def _priority_new_context(request: Request, council: dict[str, Any], form: Form) -> dict[str, Any]:
    drafts = await listing.list_drafts(actor_of(request), council["id"], listing.Filters(sort="active"), 1)
    return {"council": council, "current_council": council, "form": form, "drafts": drafts.items,
            "method_options": list(words.METHODS.items())}


@get("/councils/{slug:str}/priorities/new", guards=[login_required])
async def priority_new(request: Request, slug: FromPath[str]) -> Response:
    council = await _council(request, slug)
    if not permissions.can_open(actor_of(request), council["id"]):
        raise NotFound()
    form = Form(forms.PRIORITY, raw={"method": "borda", "dots_per_member": "5", "closes_in_days": "7"})
    return render(request, "voting/priority_new.html", await _priority_new_context(request, council, form))


@post("/councils/{slug:str}/priorities/new", guards=[login_required])
async def priority_create(request: Request, slug: FromPath[str]) -> Response:
    council = await _council(request, slug)
    if not permissions.can_open(actor_of(request), council["id"]):
        raise NotFound()
    data = await form_data(request)
    form = Form(forms.PRIORITY, data)
    form.validate()
    drafts = data.get("drafts") or []
    draft_ids = [int(d) for d in (drafts if isinstance(drafts, list) else [drafts]) if str(d).isdigit()]
    if form.valid:
        days = form.values.get("closes_in_days")
        try:
            vote_id = await priorities.create(
                actor_of(request), council["id"], form.values["title"], form.values["method"],
                form.values.get("dots_per_member") or 5, draft_ids,
                (form.values.get("topics") or "").splitlines(),
                datetime.now(UTC) + timedelta(days=days) if days else None)
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/priorities/{vote_id}", _("The priority vote is open."))
    form.raw["drafts"] = [str(d) for d in draft_ids]
    return render(request, "voting/priority_new.html", await _priority_new_context(request, council, form),
                  status_code=422)


async def _priority_context(request: Request, vote_id: int, errors: dict[str, str] | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    row = await priorities.vote(actor, vote_id)
    mine = await priorities.my_ballot(actor, vote_id)
    labels = {o["id"]: o["label"] for o in row["option_list"]}
    scores, voters = await priorities.results(row)
    show = row["closed_at"] is not None
    top = max((s.points for s in scores), default=0)
    return {
        "vote": row, "mine": mine, "errors": errors or {}, "labels": labels,
        "positions": list(range(1, len(row["option_list"]) + 1)),
        "borda_points": rules.explain_borda(len(row["option_list"])),
        "can_vote": row["is_open"] and actor.is_member_of(row["council"]),
        "can_close": row["is_open"] and permissions.can_close(actor, row["council"]),
        "method_text": words.METHODS[row["method"]], "voters": voters,
        "scores": [{"label": labels[s.option], "points": s.points, "rank": s.rank,
                    "width": round(s.points / top * CHART_WIDTH, 1) if top else 0} for s in scores] if show else [],
        "current_council": {"slug": row["council.slug"], "name": row["council.name"]}, "chart_width": CHART_WIDTH,
    }


@get("/priorities/{vote_id:int}", guards=[login_required])
async def priority_page(request: Request, vote_id: RowId) -> Response:
    return render(request, "voting/priority.html", await _priority_context(request, vote_id))


@post("/priorities/{vote_id:int}/ballot", guards=[login_required])
async def priority_ballot(request: Request, vote_id: RowId) -> Response:
    data = await form_data(request)
    ranking = [str(data.get(f"rank_{n}") or "") for n in range(1, priorities.MAX_OPTIONS + 1)]
    allocation: dict[str, int] = {}
    for key, value in data.items():
        if key.startswith("dots_") and isinstance(value, str):
            allocation[key.removeprefix("dots_")] = int(value) if value.strip().lstrip("-").isdigit() else -1
    try:
        await priorities.cast(actor_of(request), vote_id, ranking, allocation)
    except ValidationFailed as failure:
        context = await _priority_context(request, vote_id, failure.errors or {"rank_1": failure.message})
        return render(request, "voting/priority.html", context, status_code=422)
    return see_other(request, f"/priorities/{vote_id}",
                     _("Your vote is saved. You can change it until the vote closes."))


@post("/priorities/{vote_id:int}/close", guards=[login_required])
async def priority_close(request: Request, vote_id: RowId) -> Response:
    await priorities.close(actor_of(request), vote_id)
    return see_other(request, f"/priorities/{vote_id}", _("The priority vote is closed."))


ROUTES += [priority_list, priority_new, priority_create, priority_page, priority_ballot, priority_close]
