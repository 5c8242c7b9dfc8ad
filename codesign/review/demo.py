"""Demo data for expert review: the demo reviewer assigned to a draft that the council passed to expert review."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from codesign.accounts.actor import Actor
from codesign.review import services
from codesign.scenarios.tables import Scenario

DEMO_DRAFT = "police-who-will-see-this"  # no browser journey touches this draft


async def load(organiser: Actor, decide: Callable[[str], Awaitable[None]], reviewer: str = "reviewer") -> None:
    """`decide(slug)` takes a draft in community review through a council decision that passes (voting's
    services, which this domain may not import)."""
    from codesign.scenarios import services as scenarios

    await scenarios.transition(organiser, DEMO_DRAFT, "submit")
    await decide(DEMO_DRAFT)
    row = await Scenario.select(Scenario.state).where(Scenario.slug == DEMO_DRAFT).first()
    if row is None or row["state"] != "expert_review":
        raise RuntimeError(f"the demo draft {DEMO_DRAFT} did not reach expert review")
    for kind in ("safeguarding", "rights"):
        await services.assign_reviewer(organiser, DEMO_DRAFT, kind, reviewer, 14)
