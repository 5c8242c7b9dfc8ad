"""Priority votes: a council chooses what to work on, by ranking (Borda count) or with dots, among its drafts
or topics it names. One ballot per member, changeable until the vote closes."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.scenarios.tables import Scenario
from codesign.voting import permissions, rules
from codesign.voting.tables import PriorityBallot, PriorityVote

METHODS = ("borda", "dots")
MAX_OPTIONS = 20


def _now() -> datetime:
    return datetime.now(UTC)


async def create(actor: Actor, council_id: int, title: str, method: str, dots_per_member: int,
                 draft_ids: list[int], topics: list[str], closes_at: datetime | None) -> int:
    if not permissions.can_open(actor, council_id):
        raise PermissionDenied()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Write what the council is choosing.")
    if method not in METHODS:
        errors["method"] = _("Choose one of the options shown.")
    drafts = await Scenario.select(Scenario.id, Scenario.title).where(
        Scenario.id.is_in(draft_ids) & (Scenario.council == council_id)) if draft_ids else []
    options = [{"id": f"d{d['id']}", "label": d["title"], "scenario": d["id"]} for d in drafts]
    options += [{"id": f"t{n}", "label": topic.strip()[:200]} for n, topic in enumerate(topics, 1) if topic.strip()]
    if not 2 <= len(options) <= MAX_OPTIONS:
        errors["topics"] = _("Offer from %(min)s to %(max)s drafts or topics to choose from.", min=2, max=MAX_OPTIONS)
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        rows = await PriorityVote.insert(PriorityVote(
            council=council_id, title=title.strip()[:200], method=method, dots_per_member=dots_per_member,
            options=json.dumps(options, ensure_ascii=False), opens_at=_now(), closes_at=closes_at,
            opened_by=actor.user_id, created_at=_now()))
    return int(rows[0]["id"])


async def vote(actor: Actor, vote_id: int) -> dict[str, Any]:
    row = await PriorityVote.select(*PriorityVote.all_columns(), PriorityVote.council.slug,
                                    PriorityVote.council.name).where(PriorityVote.id == vote_id).first()
    if row is None or not permissions.can_view(actor, row["council"]):
        raise NotFound()
    row["option_list"] = json.loads(row["options"])
    row["is_open"] = row["closed_at"] is None and (row["closes_at"] is None or row["closes_at"] > _now())
    return row


async def list_votes(actor: Actor, council_id: int) -> list[dict[str, Any]]:
    if not permissions.can_view(actor, council_id):
        raise PermissionDenied()
    return await PriorityVote.select(PriorityVote.id, PriorityVote.title, PriorityVote.method,
                                     PriorityVote.closed_at, PriorityVote.closes_at).where(
        PriorityVote.council == council_id).order_by(PriorityVote.created_at, ascending=False).limit(50)


async def cast(actor: Actor, vote_id: int, ranking: list[str] | None = None,
               allocation: dict[str, int] | None = None) -> None:
    row = await vote(actor, vote_id)
    if not row["is_open"]:
        raise ValidationFailed({}, _("This vote is closed."))
    if not actor.is_member_of(row["council"]):
        raise ValidationFailed({}, _("Only members of the council can vote."))
    options = [o["id"] for o in row["option_list"]]
    if row["method"] == "borda":
        chosen = [r for r in (ranking or []) if r]
        problem = rules.validate_ranking(chosen, options)
        if problem or not chosen:
            raise ValidationFailed({"rank_1": _("Choose each draft or topic at most once, best first.")})
        stored = json.dumps(chosen)
    else:
        dots = {k: v for k, v in (allocation or {}).items() if v}
        problem = rules.validate_dots(dots, options, row["dots_per_member"])
        if problem:
            raise ValidationFailed({"dots": _("Give at most %(dots)s dots in all, none below zero.",
                                               dots=row["dots_per_member"])})
        stored = json.dumps(dots)
    async with write_transaction():
        mine = (PriorityBallot.vote == vote_id) & (PriorityBallot.voter == actor.user_id)
        changed = await PriorityBallot.update({PriorityBallot.ranking: stored, PriorityBallot.updated_at: _now()}
                                              ).where(mine).returning(PriorityBallot.id)
        if not changed:
            await PriorityBallot.insert(PriorityBallot(vote=vote_id, voter=actor.user_id, ranking=stored,
                                                       updated_at=_now()))


async def my_ballot(actor: Actor, vote_id: int) -> Any:
    row = await PriorityBallot.select(PriorityBallot.ranking).where(
        (PriorityBallot.vote == vote_id) & (PriorityBallot.voter == actor.user_id)).first()
    return json.loads(row["ranking"]) if row else None


async def results(row: dict[str, Any]) -> tuple[list[rules.Score], int]:
    stored = await PriorityBallot.select(PriorityBallot.ranking).where(PriorityBallot.vote == row["id"])
    options = [o["id"] for o in row["option_list"]]
    ballots = [json.loads(b["ranking"]) for b in stored]
    if row["method"] == "borda":
        return rules.borda(ballots, options), len(ballots)
    return rules.dots(ballots, options, row["dots_per_member"]), len(ballots)


async def close(actor: Actor, vote_id: int) -> None:
    row = await vote(actor, vote_id)
    if not permissions.can_close(actor, row["council"]):
        raise PermissionDenied()
    scores, voters = await results(row)
    async with write_transaction():
        await PriorityVote.update({PriorityVote.closed_at: _now(), PriorityVote.result: json.dumps(
            {"voters": voters, "scores": [asdict(s) for s in scores]})}).where(
            (PriorityVote.id == vote_id) & PriorityVote.closed_at.is_null())
