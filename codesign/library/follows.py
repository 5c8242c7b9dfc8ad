"""Trainers follow a scenario in the library and are notified of its new releases."""

from __future__ import annotations

from datetime import UTC, datetime

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import PermissionDenied
from codesign.library import permissions
from codesign.library.releases import release
from codesign.library.tables import LibraryFollow


async def set_follow(actor: Actor, slug: str, following: bool) -> bool:
    """Follows or stops following the scenario of a release in the library; safe to repeat."""
    row = await release(actor, slug)
    if not permissions.can_follow(actor):
        raise PermissionDenied()
    mine = (LibraryFollow.scenario == row["scenario"]) & (LibraryFollow.user == actor.user_id)
    async with write_transaction():
        exists = await LibraryFollow.exists().where(mine)
        if following and not exists:
            await LibraryFollow.insert(LibraryFollow(scenario=row["scenario"], user=actor.user_id,
                                                     created_at=datetime.now(UTC)))
        elif not following and exists:
            await LibraryFollow.delete().where(mine)
    return following


async def is_following(actor: Actor, scenario_id: int) -> bool:
    if actor.user_id is None:
        return False
    return await LibraryFollow.exists().where(
        (LibraryFollow.scenario == scenario_id) & (LibraryFollow.user == actor.user_id))
