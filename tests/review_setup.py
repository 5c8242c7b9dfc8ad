"""Shared set-up of the expert-review tests: a council requiring two reviews, people in every role, and a draft
taken to expert review through the services the app uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import call

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()
SLUG = "housing-notice-under-the-door"
REQUIRED = ["safeguarding", "rights"]


def actor(ids: dict[str, Any], name: str, role: str | None = None, council: str = "id", **extra: Any) -> Any:
    from codesign.accounts.actor import Actor, CouncilRole

    roles = (CouncilRole(ids[council], "riverside", "Riverside", role),) if role else ()
    return Actor(user_id=ids[name], username=name, display_name=name.title(), councils=roles, **extra)


def build(client: Any, world: Any) -> dict[str, Any]:
    from codesign.accounts.tables import ReviewerKind
    from codesign.councils.workflow import update_workflow_settings
    from codesign.scenarios import services

    ids: dict[str, Any] = {"id": world.council()}
    ids["other"] = world.council("hillside", "Hillside Council")
    for name, role in (("ada", "member"), ("bea", "member"), ("cy", "member"), ("amina", "organiser")):
        ids[name] = world.user(name)
        world.member(ids["id"], ids[name], role)
    ids["olga"] = world.user("olga")
    world.member(ids["other"], ids["olga"], "organiser")
    for name in ("rev", "rita", "ulla"):  # reviewers of every kind, none in the council
        ids[name] = world.user(name, "reviewer", display_name=f"{name.title()} Reviewer")
    ids["wendy"] = world.user("wendy")  # reviews accessibility only
    call(client, lambda: ReviewerKind.insert(ReviewerKind(user=ids["wendy"], kind="accessibility")))
    ids["tom"] = world.user("tom", "trainer")
    ids["root"] = world.user("root", "admin")
    amina = actor(ids, "amina", "organiser")
    call(client, update_workflow_settings, amina, ids["id"], REQUIRED, "consent", 20, {})
    call(client, services.propose_draft, actor(ids, "ada", "member"), ids["id"], SAMPLE, "", "name")
    call(client, services.transition, actor(ids, "ada", "member"), SLUG, "submit", "")
    return ids


def join_migrant_led(client: Any, *user_ids: int, slug: str = "migrant-women") -> int:
    """Puts these people in a migrant-led organisation (made on first use): a bias review signs off only when one
    of its reviewers is from one (domain.md §2.1)."""
    from codesign.accounts.actor import Actor
    from codesign.accounts.services import create_organisation
    from codesign.accounts.tables import Organisation, User

    row = call(client, lambda: Organisation.select(Organisation.id).where(Organisation.slug == slug).first())
    if row is None:
        organisation = call(client, create_organisation, Actor(user_id=None, is_admin=True),
                            "Migrant Women's Network", slug, "migrant_led", "A migrant-led network.")
    else:
        organisation = row["id"]
    call(client, lambda: User.update({User.organisation: organisation}).where(User.id.is_in(list(user_ids))))
    return int(organisation)


def decide(client: Any, ids: dict[str, Any], purpose: str = "draft") -> str:
    """The council decides (all members approve or consent); returns the draft's stage afterwards."""
    from codesign.scenarios.tables import Scenario
    from codesign.voting import services as voting

    amina = actor(ids, "amina", "organiser")
    rule = "consent" if purpose == "signoff" else "simple_majority"
    decision = call(client, voting.open_decision, amina, SLUG, "Go on?", rule, 20, False, False, None, None, purpose)
    for name in ("ada", "bea", "cy"):
        call(client, voting.cast, actor(ids, name, "member"), decision, "approve", "")
    call(client, voting.close, amina, decision)
    return call(client, lambda: Scenario.select(Scenario.state).where(Scenario.slug == SLUG).first())["state"]


def state(client: Any) -> str:
    from codesign.scenarios.tables import Scenario

    return call(client, lambda: Scenario.select(Scenario.state).where(Scenario.slug == SLUG).first())["state"]


def answers(kind: str, value: str = "yes", **special: str) -> dict[str, str]:
    """A checklist form: every item answered `value`; `special` maps an item id to "no" (a note is added)."""
    from codesign.review.checklists import CHECKLISTS

    data: dict[str, str] = {}
    for item in CHECKLISTS[kind]:
        data[f"answer_{item.id}"] = special.get(item.id, value)
        data[f"note_{item.id}"] = "Needs work here." if data[f"answer_{item.id}"] == "no" else ""
    return data
