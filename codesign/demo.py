"""Demo data: two organisations, one council with members and the drafts of proposals/, one person in each role.

Loaded once (running it again changes nothing) through the same services the app uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from codesign.accounts import services as accounts
from codesign.accounts.actor import REVIEW_KINDS, Actor, CouncilRole
from codesign.accounts.services import NewAccount
from codesign.accounts.tables import User
from codesign.councils import services as councils
from codesign.councils.tables import Council, Invitation
from codesign.db import write_transaction
from codesign.library import demo as library_demo
from codesign.scenarios import importer
from codesign.settings import PROJECT_ROOT

DEMO_PASSWORD = "codesign-demo-2026"  # noqa: S105 - printed for the demo on purpose, never for real accounts
DEMO_COUNCIL = "riverside"
DEMO_INVITATION = "WELCOME2026"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: str  # what the README and `just serve` call them
    locale: str = "en"
    languages: str = ""


PEOPLE = (
    DemoPerson("admin", "Instance admin", "admin"),
    DemoPerson("organiser", "Amina (organiser)", "organiser", "en", "English, Somali"),
    DemoPerson("reviewer", "Ruth (reviewer)", "reviewer", "en", "English"),
    DemoPerson("trainer", "Tomás (trainer)", "trainer", "es", "Spanish, English"),
    DemoPerson("farah", "Farah", "member", "ar", "Arabic, English"),
    DemoPerson("mahsa", "Mahsa", "member", "fa", "Dari, Farsi"),
    DemoPerson("oksana", "Oksana", "member", "uk", "Ukrainian, Russian"),
    DemoPerson("lucia", "Lucía", "member", "es", "Spanish"),
    DemoPerson("moussa", "Moussa", "member", "fr", "French, Wolof"),
)


async def load_demo() -> bool:
    """Creates the demo data; False when it was there already."""
    if await User.exists().where(User.username == "admin"):
        return False
    ids: dict[str, int] = {}
    for person in PEOPLE:
        role = person.role if person.role in ("admin", "trainer", "reviewer") else None
        ids[person.username] = await accounts.create_user(
            NewAccount(person.username, person.display_name, DEMO_PASSWORD, person.locale, None, person.languages),
            role=role,
        )
    admin = Actor(user_id=ids["admin"], username="admin", is_admin=True)
    women = await accounts.create_organisation(
        admin, "Riverside Migrant Women's Network", "riverside-women", "migrant_led",
        "A migrant-led network of women from many countries who support each other with housing, health and school.",
    )
    await accounts.create_organisation(
        admin, "Northside Community Law Centre", "northside-law", "community",
        "A community advice centre that helps people understand their rights with landlords, benefits and services.",
    )
    await councils.create_council(
        admin, "Riverside Migrant Advisory Council", DEMO_COUNCIL,
        "We are migrants and refugees living in Riverside. We advise the city's housing, health, benefits and "
        "school services, and we write the training scenarios their staff practise with.\n\n"
        "We meet once a month, with interpreters for Arabic, Dari, Ukrainian, Spanish and French.",
        women,
    )
    council_id = (await Council.select(Council.id).where(Council.slug == DEMO_COUNCIL).first())["id"]  # type: ignore[index]
    await councils.appoint_organiser(admin, council_id, "organiser")
    organiser = Actor(
        user_id=ids["organiser"], councils=(CouncilRole(council_id, DEMO_COUNCIL, "", "organiser"),)
    )
    code = await councils.create_invitation(organiser, council_id, "member", 90, 100)
    async with write_transaction():
        # A code that is easy to type in the demo, instead of the random one.
        await Invitation.update({Invitation.code: DEMO_INVITATION}).where(Invitation.code == code)
    for person in PEOPLE:
        if person.role == "member":
            await councils.join_as_existing_member(Actor(user_id=ids[person.username]), DEMO_INVITATION)
    await accounts.set_instance_roles(admin, ids["farah"], False, [], women)
    # The demo reviewer reviews every kind and belongs to the migrant-led network: a stereotype and bias review
    # signs off only when one of its reviewers is from a migrant-led organisation (domain.md §2.1).
    await accounts.set_instance_roles(admin, ids["reviewer"], False, list(REVIEW_KINDS), women)
    parsed, errors = importer.validate(importer.collect([PROJECT_ROOT / "proposals"]))
    if errors:
        raise RuntimeError("the drafts in proposals/ do not pass validation:\n" + "\n".join(errors))
    await importer.apply(parsed, council_id, author_id=ids["organiser"])
    await _demo_votes(council_id, ids)
    from codesign.listening import demo as listening_demo

    await listening_demo.load(Actor(user_id=ids["organiser"], display_name="Amina (organiser)", councils=(
        CouncilRole(council_id, DEMO_COUNCIL, "", "organiser"),)), council_id)  # a session with insights
    await _demo_review(council_id, ids)
    await library_demo.load(council_id, DEMO_COUNCIL, ids)  # one scenario in the library, one approved
    return True


async def _demo_review(council_id: int, ids: dict[str, int]) -> None:
    """A draft the council passed to expert review, with the demo reviewer assigned to it."""
    from codesign.review import demo as review_demo
    from codesign.voting import services as voting

    organiser = Actor(user_id=ids["organiser"], display_name="Amina (organiser)",
                      councils=(CouncilRole(council_id, DEMO_COUNCIL, "", "organiser"),))
    member = (CouncilRole(council_id, DEMO_COUNCIL, "", "member"),)

    async def decide(slug: str) -> None:
        decision = await voting.open_decision(organiser, slug, "Should this draft go on to expert review?",
                                              "consent", 30, True, False, None, None)
        for name in ("farah", "oksana", "lucia", "moussa"):
            await voting.cast(Actor(user_id=ids[name], councils=member), decision, "approve", "")
        await voting.close(organiser, decision)

    await review_demo.load(organiser, decide)


async def _demo_votes(council_id: int, ids: dict[str, int]) -> None:
    """One council decision under way (secret, by consent) and one priority vote, with a few ballots."""
    from datetime import UTC, datetime, timedelta

    from codesign.scenarios import services as scenarios
    from codesign.scenarios.tables import Scenario
    from codesign.voting import priorities
    from codesign.voting import services as voting

    role = (CouncilRole(council_id, DEMO_COUNCIL, "", "organiser"),)
    organiser = Actor(user_id=ids["organiser"], display_name="Amina (organiser)", councils=role)
    await scenarios.transition(organiser, "health-three-new-medicines", "submit")
    decision = await voting.open_decision(
        organiser, "health-three-new-medicines", "Should this draft go on to expert review?", "consent", 50,
        True, False, None, datetime.now(UTC) + timedelta(days=7))
    member = (CouncilRole(council_id, DEMO_COUNCIL, "", "member"),)
    await voting.cast(Actor(user_id=ids["farah"], councils=member), decision, "approve", "")
    await voting.cast(Actor(user_id=ids["oksana"], councils=member), decision, "abstain", "")
    drafts = await Scenario.select(Scenario.id).where(Scenario.slug.is_in(
        ["school-starting-in-march", "shelter-the-first-night", "employment-degree-in-a-drawer"]))
    await priorities.create(organiser, council_id, "What should we work on next?", "borda", 5,
                            [d["id"] for d in drafts], ["Waiting times at the job centre"],
                            datetime.now(UTC) + timedelta(days=14))


def summary() -> str:
    lines = [
        f"Demo accounts (password for all: {DEMO_PASSWORD}):",
        *(f"  {p.username:<10} {p.role}" for p in PEOPLE),
        f"Demo invitation code for the '{DEMO_COUNCIL}' council: {DEMO_INVITATION}",
    ]
    return "\n".join(lines)
