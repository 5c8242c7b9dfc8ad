"""Demo data of the library: one demo scenario taken through the lifecycle to the library by the demo trainer, and
one left approved for a trainer to publish (the browser journey does)."""

from __future__ import annotations

from typing import Any

from codesign.accounts.actor import Actor, CouncilRole
from codesign.accounts.tables import ReviewerKind, User
from codesign.councils.workflow import workflow_settings
from codesign.library import releases
from codesign.library.tables import Release
from codesign.review import checklists
from codesign.review import services as review
from codesign.review.tables import Assignment
from codesign.scenarios import services as scenarios
from codesign.scenarios.tables import Scenario
from codesign.voting import services as voting

PUBLISHED = "school-starting-in-march"
APPROVED = "salud-infantil-la-carta-que-no-llego"  # left approved for the library's browser journey


async def _council_decides(organiser: Actor, slug: str, purpose: str) -> None:
    """A consent decision the organiser opens, approves and closes (a quorum of 1%: the demo's council agrees)."""
    decision = await voting.open_decision(organiser, slug, "Demo data: does the council agree?", "consent", 1, False,
                                          False, None, None, purpose)
    await voting.cast(organiser, decision, "approve", "")
    await voting.close(organiser, decision)


async def approve(slug: str, author: Actor, organiser: Actor, reviewer: str = "reviewer") -> None:
    """Takes a draft from `draft` to `approved` the way a council does: submitted by its author, a council decision,
    every required expert review signed off by `reviewer` (a user registered for every kind, and from a migrant-led
    organisation when the stereotype and bias review is required), and the final sign-off."""
    await scenarios.transition(author, slug, "submit")
    await _council_decides(organiser, slug, "draft")
    person = await User.select(User.id).where(User.username == reviewer).first()
    if person is None:
        raise RuntimeError(f"no reviewer called {reviewer}")
    kinds = await ReviewerKind.select(ReviewerKind.kind).where(ReviewerKind.user == person["id"])
    expert = Actor(user_id=person["id"], display_name=reviewer, reviewer_kinds=frozenset(k["kind"] for k in kinds))
    row = await Scenario.select(Scenario.id, Scenario.council).where(Scenario.slug == slug).first()
    assert row is not None
    for kind in (await workflow_settings(row["council"])).required_review_kinds:
        earlier = await Assignment.select(Assignment.id).where(
            (Assignment.scenario == row["id"]) & (Assignment.kind == kind) & (Assignment.reviewer == person["id"])
            & Assignment.removed_at.is_null()).first()
        assignment = earlier["id"] if earlier else await review.assign_reviewer(organiser, slug, kind, reviewer, 14)
        answers = {item.id: checklists.Answer("yes") for item in checklists.CHECKLISTS[kind]}
        await review.submit_review(expert, assignment, answers, "pass", "")
    await _council_decides(organiser, slug, "signoff")


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
