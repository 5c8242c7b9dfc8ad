"""Adds the actor's council memberships (one query) after the session middleware has found the user."""

from __future__ import annotations

import dataclasses

from litestar.types import ASGIApp, Receive, Scope, Send

from codesign.accounts.actor import Actor, CouncilRole
from codesign.councils.tables import Membership


async def with_councils(actor: Actor) -> Actor:
    if not actor.is_authenticated:
        return actor
    rows = await Membership.select(
        Membership.council.id, Membership.council.slug, Membership.council.name, Membership.role
    ).where(Membership.user == actor.user_id).order_by(Membership.council.name)
    councils = tuple(
        CouncilRole(council_id=r["council.id"], slug=r["council.slug"], name=r["council.name"], role=r["role"])
        for r in rows
    )
    return dataclasses.replace(actor, councils=councils)


def council_roles_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            actor = state.get("actor")
            if actor is not None and actor.is_authenticated:
                state["actor"] = await with_councils(actor)
        await app(scope, receive, send)

    return middleware
