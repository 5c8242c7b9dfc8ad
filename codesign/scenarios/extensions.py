"""What domains built on scenarios contribute to a draft without scenarios importing them (architecture.md:
dependencies point one way): roles they grant towards one draft (an assigned reviewer), and facts the lifecycle's
conditions need (every required review signed off)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

# (actor, scenario_id) -> roles the actor holds towards that draft; asked only when `applies(actor)` is true, so
# most requests pay nothing for it.
RoleGrant = Callable[[Any, int], Awaitable[frozenset[str]]]
_grants: list[tuple[Callable[[Any], bool], RoleGrant]] = []
# (scenario_id, council_id) -> whether a lifecycle condition holds now.
FactProvider = Callable[[int, int], Awaitable[bool]]
_facts: dict[str, FactProvider] = {}


def grant_roles(applies: Callable[[Any], bool], grant: RoleGrant) -> None:
    if (applies, grant) not in _grants:
        _grants.append((applies, grant))


async def granted_roles(actor: Any, scenario_id: int) -> frozenset[str]:
    roles: set[str] = set()
    for applies, grant in _grants:
        if applies(actor):
            roles |= await grant(actor, scenario_id)
    return frozenset(roles)


def provide_fact(condition: str, provider: FactProvider) -> None:
    _facts[condition] = provider


async def fact(condition: str, scenario_id: int, council_id: int) -> bool | None:
    """The provider's answer, or None when no domain provides this condition."""
    provider = _facts.get(condition)
    return None if provider is None else await provider(scenario_id, council_id)
