"""Deleting a training pack (its owner, after a confirmation page with a checkbox) and retiring a published scenario
from its release page (its publishing trainer or an organiser of its council, with a reason): permissions, bad input
refused with 422 and nothing written, and a retired release out of the list, search, feed, API and new packs."""

from __future__ import annotations

import pytest

from tests.conftest import call, login, post, text_of
from tests.library_helpers import ROLES, SLUG, actor, publish, setup_world

LOGIN = 303


@pytest.fixture
def packed(client, world):
    """A published release; the trainer owns a private pack (1) and a shared one holding the release (2)."""
    from codesign.library import packs
    from codesign.library.tables import Release

    ids = setup_world(client, world)
    publish(client, ids)
    release = call(client, lambda: Release.select(Release.id).first())["id"]
    trainer = actor(ids, "trainer")
    call(client, packs.create_pack, trainer, "Private", "")
    shared = call(client, packs.create_pack, trainer, "Shared", "")
    call(client, packs.add_release, trainer, shared, release)
    call(client, packs.edit_pack, trainer, shared, "Shared", "", True)
    return ids


def counts(client):
    from codesign.library.tables import Pack, PackItem, Release

    return call(client, Pack.count), call(client, PackItem.count), call(client, Release.count)


def test_the_owner_deletes_a_pack_after_confirming(client, packed):
    login(client, "trainer")
    assert 'href="/library/packs/2/delete"' in client.get("/library/packs/2").text
    page = client.get("/library/packs/2/delete")
    assert page.status_code == 200 and "I want to delete this pack" in page.text
    assert "1 scenario stays in the library" in text_of(page.text)
    assert counts(client) == (2, 1, 1)
    unticked = post(client, "/library/packs/2/delete", {})
    assert unticked.status_code == 422 and "Tick this box to confirm." in unticked.text
    assert counts(client) == (2, 1, 1)
    deleted = post(client, "/library/packs/2/delete", {"confirm": "on"})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/library/packs"
    assert "is deleted" in client.get("/library/packs").text
    assert counts(client) == (1, 0, 1)  # the release stays
    assert client.get("/library/packs/2").status_code == 404
    assert post(client, "/library/packs/2/delete", {"confirm": "on"}).status_code == 404


# (visitor, member, organiser, reviewer, trainer, trainer2, admin) on the private pack 1 and the shared pack 2.
DELETE = {
    1: (LOGIN, 404, 404, 404, 303, 404, 404),
    2: (LOGIN, 404, 404, 404, 303, 403, 403),
}


@pytest.mark.parametrize("pack_id", sorted(DELETE))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_deletes_a_pack(client, packed, role, pack_id):
    expected = DELETE[pack_id][ROLES.index(role)]
    if role != "visitor":
        login(client, role)
    confirm = client.get(f"/library/packs/{pack_id}/delete", follow_redirects=False)
    assert confirm.status_code == (200 if expected == 303 and role != "visitor" else expected)
    before = counts(client)
    response = post(client, f"/library/packs/{pack_id}/delete", {"confirm": "on"})
    assert response.status_code == expected
    assert (counts(client) == before) is (role != "trainer")


def retire_form(reason="The law changed; the council asked to retire it.", confirm=True):
    return {"reason": reason, **({"confirm": "on"} if confirm else {})}


def state_of(client):
    from codesign.library.tables import Release
    from codesign.scenarios.tables import Scenario

    scenario = call(client, lambda: Scenario.select(Scenario.state).where(Scenario.slug == SLUG).first())["state"]
    release = call(client, lambda: Release.select(Release.status, Release.withdrawn_reason).first())
    return scenario, release["status"], release["withdrawn_reason"]


# Who may retire (visitor, member, organiser, reviewer, trainer who published, another trainer, admin).
RETIRE = (LOGIN, 403, 303, 403, 303, 403, 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_publishing_trainer_or_an_organiser_retires(client, packed, role):
    expected = RETIRE[ROLES.index(role)]
    if role != "visitor":
        login(client, role)
        shows = "Retire this scenario" in client.get(f"/library/{SLUG}").text
        assert shows is (expected == 303), role
    response = post(client, f"/library/{SLUG}/retire", retire_form())
    assert response.status_code == expected
    if role in ("organiser", "trainer"):
        assert state_of(client) == ("retired", "retired", "The law changed; the council asked to retire it.")
    else:
        assert state_of(client) == ("published", "current", "")


def test_a_retired_release_leaves_the_library_and_its_page_says_so(client, packed):
    from codesign.library.tables import Release
    from codesign.scenarios.tables import ScenarioEvent

    login(client, "organiser")
    done = post(client, f"/library/{SLUG}/retire", retire_form(), follow_redirects=True)
    assert "The scenario is retired" in done.text
    event = call(client, lambda: ScenarioEvent.select().where(ScenarioEvent.event == "retire").first())
    assert event["reason"] == "The law changed; the council asked to retire it."
    login(client, "trainer")
    assert "The notice under the door" not in client.get("/library").text
    assert "The notice under the door" not in client.get("/library?q=notice").text
    assert b"The notice under the door" not in client.get("/library/feed.atom").content
    assert client.get("/api/v1/library").json()["total"] == 0
    assert client.get(f"/api/v1/library/{SLUG}").json()["release"]["status"] == "retired"
    page = client.get(f"/library/{SLUG}")
    assert page.status_code == 200 and "This scenario was retired" in page.text
    assert "The law changed" in page.text and "Retire this scenario" not in page.text
    assert "Add to my pack" not in page.text and "Report how a session went" not in page.text
    assert "Retired: this scenario was taken out of the library." in client.get("/library/packs/2").text
    release = call(client, lambda: Release.select(Release.id).first())["id"]
    refused = post(client, "/library/packs/add", {"pack": "1", "release": str(release)}, follow_redirects=True)
    assert "Choose a scenario that is in the library." in refused.text
    assert post(client, f"/library/{SLUG}/retire", retire_form()).status_code == 404  # nothing current now


@pytest.mark.parametrize(("data", "message"), [
    (retire_form(reason=""), "This field is required."),
    (retire_form(reason="   "), "This field is required."),
    (retire_form(reason="x" * 2001), "2000"),
    (retire_form(confirm=False), "Tick this box to confirm."),
])
def test_retiring_refuses_bad_input_and_writes_nothing(client, packed, data, message):
    login(client, "trainer")
    response = post(client, f"/library/{SLUG}/retire", data)
    assert response.status_code == 422 and message in response.text
    assert "There is a problem" in response.text
    assert state_of(client) == ("published", "current", "")


def test_a_scenario_in_a_new_round_cannot_be_retired_from_the_library(client, world):
    from codesign.scenarios import services

    ids = setup_world(client, world)
    publish(client, ids)
    call(client, services.transition, actor(ids, "organiser"), SLUG, "revise", "A new round.")
    login(client, "organiser")
    assert "Retire this scenario" not in client.get(f"/library/{SLUG}").text
    response = post(client, f"/library/{SLUG}/retire", retire_form())
    assert response.status_code == 422 and "This step is not possible at this stage." in response.text
    assert state_of(client) == ("draft", "current", "")
