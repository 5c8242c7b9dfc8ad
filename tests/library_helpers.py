"""Set-up shared by the library tests: a council, one person in each role, and a scenario in the approved state."""

from __future__ import annotations

import contextlib
import re
import zlib
from pathlib import Path
from typing import Any

from tests.conftest import call
from tests.review_setup import join_migrant_led

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()
SLUG = "housing-notice-under-the-door"
ROLES = ("visitor", "member", "organiser", "reviewer", "trainer", "trainer2", "admin")


def actor(ids: dict[str, Any], name: str) -> Any:
    from codesign.accounts.actor import Actor, CouncilRole

    council = ids["council"]
    if name == "member":
        return Actor(user_id=ids[name], display_name="Ada", councils=(CouncilRole(council, "riverside", "R", "member"),))
    if name == "organiser":
        return Actor(user_id=ids[name], display_name="Amina",
                     councils=(CouncilRole(council, "riverside", "R", "organiser"),))
    if name in ("trainer", "trainer2"):
        return Actor(user_id=ids[name], display_name=name.title(), is_trainer=True)
    if name == "admin":
        return Actor(user_id=ids[name], display_name="Admin", is_admin=True)
    raise ValueError(name)


def setup_world(client: Any, world: Any, text: str = SAMPLE, slug: str = SLUG) -> dict[str, Any]:
    """A council with an author (member), an organiser, a reviewer, two trainers and an admin, and one approved
    scenario written by the member."""
    from codesign.library.demo import approve
    from codesign.scenarios import services

    ids: dict[str, Any] = {"council": world.council()}
    ids["member"] = world.user("member", display_name="Ada")
    world.member(ids["council"], ids["member"])
    ids["organiser"] = world.user("organiser", display_name="Amina")
    world.member(ids["council"], ids["organiser"], "organiser")
    ids["reviewer"] = world.user("reviewer", "reviewer")
    join_migrant_led(client, ids["reviewer"])  # so that the one reviewer can sign off the bias review too
    ids["trainer"] = world.user("trainer", "trainer", display_name="Tess")
    ids["trainer2"] = world.user("trainer2", "trainer", display_name="Tom")
    ids["admin"] = world.user("admin", "admin")
    call(client, services.propose_draft, actor(ids, "member"), ids["council"], text, "", "name")
    call(client, approve, slug, actor(ids, "member"), actor(ids, "organiser"))
    return ids


def publish(client: Any, ids: dict[str, Any], notes: str = "", slug: str = SLUG) -> str:
    from codesign.library.releases import publish_release

    return call(client, publish_release, actor(ids, "trainer"), slug, notes)


def revise_and_approve(client: Any, ids: dict[str, Any], text: str, slug: str = SLUG) -> None:
    """Sends a published scenario back to draft, saves a new text, and approves it again."""
    from codesign.library.demo import approve
    from codesign.scenarios import services

    call(client, services.transition, actor(ids, "organiser"), slug, "revise", "A new round.")
    call(client, services.save_draft, actor(ids, "member"), slug, text, "New version", "name")
    call(client, approve, slug, actor(ids, "member"), actor(ids, "organiser"))


def outline_titles(pdf: bytes) -> list[str]:
    """The PDF's bookmark titles (WeasyPrint makes one per heading), from its decompressed streams."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    inside = b"\n".join(parts)
    literal = [t.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
               for t in re.findall(rb"/Title ?\(((?:[^()\\]|\\.)*)\)", inside)]
    # Titles outside Latin-1 are written as UTF-16 hex strings.
    hexed = [bytes.fromhex(t.decode()).decode("utf-16") for t in re.findall(rb"/Title ?<([0-9A-Fa-f]+)>", inside)]
    return literal + hexed
