"""Use cases of council decisions: open (eligibility fixed then), cast or change a ballot, close (by hand or
when the time comes) and hand the outcome to the draft's lifecycle."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from codesign.accounts.actor import Actor
from codesign.councils.tables import Membership
from codesign.db import write_transaction
from codesign.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.scenarios import services as scenarios
from codesign.scenarios.tables import Scenario
from codesign.voting import permissions, rules
from codesign.voting.tables import Ballot, Decision, Eligibility

_secret = {"key": b""}
# What a closed decision asks of the draft's lifecycle.
LIFECYCLE_EVENTS = {
    "draft": {
        "passed": "decision_passed",
        "changes_requested": "decision_changes",
        "rejected": "decision_rejected",
        "no_quorum": "decision_void",
        "no_votes": "decision_void",
    },
    "signoff": {
        "passed": "signoff_passed",
        "changes_requested": "decision_changes",
        "rejected": "decision_rejected",
        "no_quorum": "signoff_void",
        "no_votes": "signoff_void",
    },
}
# Which stage a decision of each purpose is opened from, and the lifecycle step that opens it.
OPENS_FROM = {"draft": ("community_review", "open_decision"), "signoff": ("expert_review", "open_signoff")}


def configure(secret: str) -> None:
    """The key of ballot keys: with it the server finds a voter's own secret ballot; without it nobody can."""
    _secret["key"] = hashlib.sha256(("ballots:" + secret).encode()).digest()


def ballot_key(decision_id: int, user_id: int) -> str:
    if not _secret["key"]:
        raise RuntimeError("voting.services.configure() runs at start-up")
    return hmac.new(_secret["key"], f"{decision_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def is_open(decision: dict[str, Any], now: datetime) -> bool:
    if decision["closed_at"] is not None or decision["opens_at"] > now:
        return False
    return decision["closes_at"] is None or decision["closes_at"] > now


async def open_decision(actor: Actor, slug: str, question: str, rule: str, quorum_percent: int, secret: bool,
                        live_results: bool, opens_at: datetime | None, closes_at: datetime | None,
                        purpose: str = "draft") -> int:
    """Opens a decision on a draft in community review (or, for the final sign-off, in expert review with every
    required review signed off); the council's members now are its electorate."""
    if purpose not in OPENS_FROM:
        raise ValidationFailed({"purpose": _("Choose one of the options shown.")})
    stage, event = OPENS_FROM[purpose]
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_open(actor, draft.council_id):
        raise PermissionDenied()
    errors: dict[str, str] = {}
    if not question.strip():
        errors["question"] = _("Write the question the council decides.")
    if rule not in rules.RULES:
        errors["rule"] = _("Choose one of the options shown.")
    if not 1 <= quorum_percent <= 100:
        errors["quorum"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=100)
    now = _now()
    start = opens_at or now
    if closes_at is not None and closes_at <= max(start, now):
        errors["closes_at"] = _("The closing time must be after the opening time and in the future.")
    if purpose == "signoff" and rule != "consent":
        errors["rule"] = _("The final sign-off is decided by consent.")
    if row["state"] != stage:
        errors["question"] = _("A decision can be opened only while the draft is in community review.") \
            if purpose == "draft" else _("The final sign-off can be opened only while the draft is in expert review.")
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        await scenarios.transition(actor, slug, event, "")
        members = await Membership.select(Membership.user).where(Membership.council == draft.council_id)
        rows = await Decision.insert(Decision(
            scenario=row["id"], council=draft.council_id, question=question.strip()[:2000], purpose=purpose, rule=rule,
            quorum=quorum_percent / 100, secret=secret, live_results=live_results, opens_at=start,
            closes_at=closes_at, opened_by=actor.user_id, eligible_count=len(members), created_at=now))
        decision_id = int(rows[0]["id"])
        if members:
            await Eligibility.insert(*[Eligibility(decision=decision_id, user=m["user"]) for m in members])
    return decision_id


async def decision(actor: Actor, decision_id: int) -> dict[str, Any]:
    """The decision if the actor may see its draft; NotFound otherwise."""
    row = await Decision.select(
        *Decision.all_columns(), Decision.scenario.slug, Decision.scenario.title, Decision.council.slug,
        Decision.council.name,
    ).where(Decision.id == decision_id).first()
    if row is None or not permissions.can_view(actor, row["council"]):
        raise NotFound()
    await scenarios.access(row["scenario.slug"], actor)
    return row


async def cast(actor: Actor, decision_id: int, choice: str, reason: str) -> None:
    """Records or changes the actor's ballot. The unique (decision, key) index keeps it to one, even when
    the same person submits twice at once."""
    item = await decision(actor, decision_id)
    now = _now()
    if item["closed_at"] is not None or (item["closes_at"] is not None and item["closes_at"] <= now):
        raise ValidationFailed({}, _("This decision is closed. Ballots can no longer be cast or changed."))
    if item["opens_at"] > now:
        raise ValidationFailed({}, _("This decision is not open yet."))
    if not await is_eligible(decision_id, actor.user_id):
        raise ValidationFailed({}, _("You cannot vote in this decision: only the council's members at the moment "
                                     "it opened can."))
    problem = rules.validate_ballot(item["rule"], choice, reason)
    if problem:
        raise ValidationFailed(BALLOT_ERRORS.get(problem, {"choice": _("Choose one of the options shown.")}))
    key = ballot_key(decision_id, actor.user_id)  # type: ignore[arg-type]
    voter = None if item["secret"] else actor.user_id
    async with write_transaction():
        changed = await Ballot.update({Ballot.choice: choice, Ballot.reason: reason.strip()[:2000]}).where(
            (Ballot.decision == decision_id) & (Ballot.ballot_key == key)).returning(Ballot.decision)
        if not changed:
            await Ballot.insert(Ballot(id=uuid.uuid4(), decision=decision_id, voter=voter, ballot_key=key,
                                       choice=choice, reason=reason.strip()[:2000]))
        await Eligibility.update({Eligibility.voted: True}).where(
            (Eligibility.decision == decision_id) & (Eligibility.user == actor.user_id))


BALLOT_ERRORS = {
    "reason_required": {"reason": _("Under consent, an objection needs a reason the council can discuss.")},
    "unknown_choice": {"choice": _("Choose one of the options shown.")},
}


async def my_ballot(actor: Actor, decision_id: int) -> dict[str, Any] | None:
    if actor.user_id is None:
        return None
    return await Ballot.select(Ballot.choice, Ballot.reason).where(
        (Ballot.decision == decision_id) & (Ballot.ballot_key == ballot_key(decision_id, actor.user_id))).first()


async def current_tally(item: dict[str, Any]) -> rules.Tally:
    stored = await Ballot.select(Ballot.choice, Ballot.reason).where(Ballot.decision == item["id"])
    return rules.tally([rules.Ballot(b["choice"], b["reason"]) for b in stored], item["eligible_count"],
                       item["quorum"], item["rule"])


async def close(actor: Actor | None, decision_id: int) -> str:
    """Closes a decision (by an organiser, or by the app when its time has come), stores the tally and hands
    the outcome to the draft's lifecycle, all in one transaction. Closing twice does nothing."""
    item = await Decision.select(*Decision.all_columns()).where(Decision.id == decision_id).first()
    if item is None:
        raise NotFound()
    if actor is not None and not permissions.can_close(actor, item["council"]):
        raise PermissionDenied()
    async with write_transaction():
        claimed = await Decision.update({Decision.closed_at: _now()}).where(
            (Decision.id == decision_id) & Decision.closed_at.is_null()).returning(Decision.id)
        if not claimed:
            return str(item["outcome"])
        tally = await current_tally(item)
        await Decision.update({Decision.outcome: tally.outcome, Decision.result: json.dumps(asdict(tally))}).where(
            Decision.id == decision_id)
        state = await Scenario.select(Scenario.state).where(Scenario.id == item["scenario"]).first()
        if state and state["state"] == "council_decision":
            await _hand_to_lifecycle(item, tally.outcome)
    return tally.outcome


async def _hand_to_lifecycle(item: dict[str, Any], outcome: str) -> None:
    """The outcome becomes a lifecycle step. A passed sign-off can still be refused (a review was reopened or a
    consent withdrawn meanwhile: a council vote never overrules that); then the draft goes back to expert review."""
    event = LIFECYCLE_EVENTS[item["purpose"]][outcome]
    try:
        await scenarios.system_transition(item["scenario"], event,
                                          _("Council decision: %(outcome)s", outcome=outcome))
    except InvalidTransition as refused:
        await scenarios.system_transition(item["scenario"], "signoff_void", refused.message)


async def close_due(now: datetime | None = None) -> int:
    """Closes every decision whose closing time has passed (the scheduled task)."""
    moment = now or _now()
    due = await Decision.select(Decision.id).where(Decision.closed_at.is_null() & (Decision.closes_at <= moment))
    for row in due:
        await close(None, row["id"])
    return len(due)


async def is_eligible(decision_id: int, user_id: int | None) -> bool:
    if user_id is None:
        return False
    return await Eligibility.exists().where((Eligibility.decision == decision_id) & (Eligibility.user == user_id))


async def eligible_people(decision_id: int) -> list[dict[str, Any]]:
    return await Eligibility.select(Eligibility.user.display_name, Eligibility.user.deleted_at,
                                    Eligibility.voted).where(Eligibility.decision == decision_id).order_by(
        Eligibility.user.display_name)


async def open_ballots(decision_id: int) -> list[dict[str, Any]]:
    """Who chose what, for open ballots only (secret ballots have no voter to show)."""
    return await Ballot.select(Ballot.choice, Ballot.reason, Ballot.voter.display_name).where(
        (Ballot.decision == decision_id) & Ballot.voter.is_not_null()).order_by(Ballot.voter.display_name)


async def decisions_for(scenario_id: int) -> list[dict[str, Any]]:
    return await Decision.select(Decision.id, Decision.question, Decision.opens_at, Decision.closes_at,
                                 Decision.closed_at, Decision.outcome, Decision.secret, Decision.purpose).where(
        Decision.scenario == scenario_id).order_by(Decision.created_at, ascending=False)

