"""Demo data of the library: one demo scenario taken through the lifecycle to the library by the demo trainer, and
one left approved for a trainer to publish (the browser journey does)."""

from __future__ import annotations

from typing import Any

from codesign.accounts.actor import Actor, CouncilRole
from codesign.accounts.tables import User
from codesign.db import write_transaction
from codesign.library import releases
from codesign.library.tables import Release
from codesign.scenarios import services as scenarios
from codesign.scenarios.tables import Scenario

PUBLISHED = "school-starting-in-march"
APPROVED = "police-who-will-see-this"


async def approve(slug: str, author: Actor, organiser: Actor) -> None:
    """Takes a draft from `draft` to `approved`: submitted by its author, sent to a decision by an organiser, the
    decision passed; the expert reviews and the final sign-off are recorded as system steps (the review domain owns
    those conditions; for demo and test data they are taken as met)."""
    await scenarios.transition(author, slug, "submit")
    await scenarios.transition(organiser, slug, "open_decision")
    row = await Scenario.select(Scenario.id).where(Scenario.slug == slug).first()
    assert row is not None
    async with write_transaction():
        await scenarios.system_transition(row["id"], "decision_passed", "Demo data: the council agreed.")
        for event, target in (("open_signoff", "council_decision"), ("signoff_passed", "approved")):
            current = await Scenario.select(Scenario.id, Scenario.slug, Scenario.title, Scenario.state).where(
                Scenario.id == row["id"]).first()
            await scenarios._move(current, event, target, None, "Demo data: expert reviews signed off.")  # type: ignore[arg-type]


async def load(council_id: int, council_slug: str, ids: dict[str, Any]) -> None:
    """Publishes one demo scenario and leaves another approved; does nothing when a release exists already."""
    if await Release.exists():
        return
    organiser = Actor(user_id=ids["organiser"], display_name="Amina (organiser)",
                      councils=(CouncilRole(council_id, council_slug, "", "organiser"),))
    trainer_row = await User.select(User.id, User.display_name).where(User.id == ids["trainer"]).first()
    trainer = Actor(user_id=ids["trainer"], display_name=trainer_row["display_name"] if trainer_row else "",
                    is_trainer=True)
    for slug in (PUBLISHED, APPROVED):
        await approve(slug, organiser, organiser)
    await releases.publish_release(trainer, PUBLISHED, "")
