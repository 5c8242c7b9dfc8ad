"""Supports (one per member per draft, withdrawable, counted) and follows (authors and commenters follow
automatically and can unfollow); followers hear of new versions, amendments and stage changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from codesign import events
from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.deliberation import permissions
from codesign.deliberation.tables import Follow, Support
from codesign.errors import PermissionDenied
from codesign.notifications.services import notify
from codesign.scenarios import services as scenarios
from codesign.scenarios.tables import Scenario


def _now() -> datetime:
    return datetime.now(UTC)


async def set_support(actor: Actor, slug: str, supported: bool) -> bool:
    """Adds or withdraws the actor's support; the count on the draft follows. Safe to repeat."""
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_support(actor, draft.council_id):
        raise PermissionDenied()
    async with write_transaction():
        existing = await Support.exists().where((Support.scenario == row["id"]) & (Support.user == actor.user_id))
        if supported and not existing:
            await Support.insert(Support(scenario=row["id"], user=actor.user_id, created_at=_now()))
            await Scenario.update({Scenario.support_count: Scenario.support_count + 1}).where(Scenario.id == row["id"])
        elif not supported and existing:
            await Support.delete().where((Support.scenario == row["id"]) & (Support.user == actor.user_id))
            await Scenario.update({Scenario.support_count: Scenario.support_count - 1}).where(Scenario.id == row["id"])
    return supported


async def set_follow(actor: Actor, slug: str, following: bool) -> bool:
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_follow(actor, draft.council_id):
        raise PermissionDenied()
    async with write_transaction():
        if following:
            await follow_quietly(actor.user_id, row["id"])  # type: ignore[arg-type]
        else:
            await Follow.delete().where((Follow.scenario == row["id"]) & (Follow.user == actor.user_id))
    return following


async def follow_quietly(user_id: int, scenario_id: int) -> None:
    """Follows unless already following (inside the caller's transaction)."""
    if not await Follow.exists().where((Follow.scenario == scenario_id) & (Follow.user == user_id)):
        await Follow.insert(Follow(scenario=scenario_id, user=user_id, created_at=_now()))


async def state_of(actor: Actor, scenario_id: int) -> dict[str, bool]:
    """Whether the actor supports and follows one draft (one query)."""
    if actor.user_id is None:
        return {"supports": False, "follows": False}
    rows = await Support.raw(
        'SELECT (SELECT COUNT(*) FROM support WHERE scenario = {} AND "user" = {}) AS s, '
        '(SELECT COUNT(*) FROM follow WHERE scenario = {} AND "user" = {}) AS f',
        scenario_id, actor.user_id, scenario_id, actor.user_id)
    return {"supports": bool(rows[0]["s"]), "follows": bool(rows[0]["f"])}


async def _followers(scenario_id: int) -> list[int]:
    return [r["user"] for r in await Follow.select(Follow.user).where(Follow.scenario == scenario_id)]


# --- reactions to what happens to a draft -----------------------------------------------------------


async def _on_revision(scenario_id: int, number: int, actor_id: int | None, title: str, slug: str,
                       **_: Any) -> None:
    if actor_id is not None:
        await follow_quietly(actor_id, scenario_id)
    if number > 1:
        await notify(await _followers(scenario_id), "revision", scenario_id=scenario_id, scenario_title=title,
                     url=f"/drafts/{slug}", params={"number": str(number)}, exclude=actor_id)


async def _on_amendment(scenario_id: int, amendment_id: int, actor_id: int | None, title: str, slug: str,
                        **_: Any) -> None:
    await notify(await _followers(scenario_id), "amendment", scenario_id=scenario_id, scenario_title=title,
                 url=f"/drafts/{slug}/amendments/{amendment_id}", params={}, exclude=actor_id)
    if actor_id is not None:
        await follow_quietly(actor_id, scenario_id)


async def _on_state(scenario_id: int, actor_id: int | None, to_state: str, title: str, slug: str,
                    **_: Any) -> None:
    await notify(await _followers(scenario_id), "state_change", scenario_id=scenario_id, scenario_title=title,
                 url=f"/drafts/{slug}", params={"stage": to_state}, exclude=actor_id)


events.subscribe(events.REVISION_SAVED, _on_revision)
events.subscribe(events.AMENDMENT_PROPOSED, _on_amendment)
events.subscribe(events.STATE_CHANGED, _on_state)
