"""Training packs whose pinned releases left the library: retiring a scenario tells the owners of packs that pin it
(once each, never the one who retired it), and a retired or withdrawn release is marked on the pack's page and in
the API and left out of the pack's facilitator guide PDF."""

from __future__ import annotations

import pytest

from tests.conftest import call, login, post, text_of
from tests.library_helpers import SAMPLE, SLUG, actor, outline_titles, publish, revise_and_approve, setup_world
from tests.test_library_packs import add_scenario, release_id

OTHER = "health-three-new-medicines"
TITLE, OTHER_TITLE = "The notice under the door", "Three new medicines"
REASON = "The law changed; the council asked to retire it."


def make_pack(client, ids, owner, title, slugs):
    from codesign.library import packs

    pack_id = call(client, packs.create_pack, actor(ids, owner), title, "")
    for slug in slugs:
        call(client, packs.add_release, actor(ids, owner), pack_id, release_id(client, slug))
    return pack_id


def notices(client, kind="release_retired"):
    from codesign.notifications.tables import Notification

    rows = call(client, lambda: Notification.select(Notification.user, Notification.url).where(
        Notification.kind == kind).order_by(Notification.user))
    return [(r["user"], r["url"]) for r in rows]


@pytest.fixture
def packed(client, world):
    """Two published scenarios; trainer2 has two packs pinning the first, the publishing trainer one pack pinning
    the second only."""
    ids = setup_world(client, world)
    publish(client, ids)
    add_scenario(client, ids, OTHER)
    ids["pack_a"] = make_pack(client, ids, "trainer2", "Induction", [SLUG, OTHER])
    ids["pack_b"] = make_pack(client, ids, "trainer2", "Refresher", [SLUG])
    ids["pack_c"] = make_pack(client, ids, "trainer", "Health only", [OTHER])
    return ids


def test_retiring_tells_each_owner_of_a_pack_that_pins_it_once(client, packed):
    ids = packed
    login(client, "organiser")
    assert post(client, f"/library/{SLUG}/retire", {"reason": REASON, "confirm": "on"}).status_code == 303
    # trainer2 pins it in two packs and hears once; the trainer's pack does not pin it; the organiser acted.
    assert notices(client) == [(ids["trainer2"], f"/library/{SLUG}")]
    post(client, "/logout")
    login(client, "trainer2")
    page = client.get("/notifications").text
    assert f"“<bdi>{TITLE}</bdi>” was taken out of the library: the scenario was retired" in page
    post(client, "/logout")
    login(client, "trainer")
    assert "was taken out of the library" not in text_of(client.get("/notifications").text)


def test_the_one_who_retires_is_not_told(client, packed):
    ids = packed
    make_pack(client, ids, "trainer", "Mine too", [SLUG])
    login(client, "trainer")  # published it, owns a pack pinning it, and retires it
    assert post(client, f"/library/{SLUG}/retire", {"reason": REASON, "confirm": "on"}).status_code == 303
    assert notices(client) == [(ids["trainer2"], f"/library/{SLUG}")]


def test_an_older_version_in_a_pack_counts_when_its_scenario_is_retired(client, world):
    from codesign.library.tables import Release

    ids = setup_world(client, world)
    publish(client, ids)
    pack_id = make_pack(client, ids, "trainer2", "Induction", [SLUG])
    old = call(client, lambda: Release.select(Release.id).first())["id"]
    revise_and_approve(client, ids, SAMPLE.replace("eleven years", "twelve years"))
    publish(client, ids, "Reworded.")
    login(client, "organiser")
    assert post(client, f"/library/{SLUG}/retire", {"reason": REASON, "confirm": "on"}).status_code == 303
    assert notices(client) == [(ids["trainer2"], f"/library/{SLUG}")]
    assert call(client, lambda: Release.select(Release.status).where(Release.id == old).first())[
        "status"] == "superseded"
    post(client, "/logout")
    login(client, "trainer2")
    assert "Retired: this scenario was taken out of the library." in client.get(f"/library/packs/{pack_id}").text
    assert client.get(f"/api/v1/packs/{pack_id}").json()["items"][0]["status"] == "retired"


def test_a_retired_release_is_marked_in_the_pack_and_left_out_of_its_guide(client, packed):
    ids = packed
    login(client, "trainer2")
    before = outline_titles(client.get(f"/library/packs/{ids['pack_a']}/guide.pdf").content)
    assert TITLE in before and OTHER_TITLE in before
    assert [i["status"] for i in client.get(f"/api/v1/packs/{ids['pack_a']}").json()["items"]] == [
        "current", "current"]
    post(client, "/logout")
    login(client, "organiser")
    assert post(client, f"/library/{SLUG}/retire", {"reason": REASON, "confirm": "on"}).status_code == 303
    post(client, "/logout")
    login(client, "trainer2")
    page = client.get(f"/library/packs/{ids['pack_a']}").text
    assert "Retired: this scenario was taken out of the library. It is left out of the pack" in page
    assert TITLE in page  # still listed, so the trainer sees why it is missing from the guide
    items = client.get(f"/api/v1/packs/{ids['pack_a']}").json()["items"]
    assert [(i["title"], i["status"]) for i in items] == [(TITLE, "retired"), (OTHER_TITLE, "current")]
    pdf = client.get(f"/library/packs/{ids['pack_a']}/guide.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    after = outline_titles(pdf.content)
    assert TITLE not in after and OTHER_TITLE in after
    assert not any(t.startswith(TITLE) for t in after)
    # A pack left with nothing to print still gives a guide, with its cover saying why it is empty.
    only = client.get(f"/library/packs/{ids['pack_b']}/guide.pdf")
    assert only.status_code == 200 and only.content.startswith(b"%PDF-")
    assert TITLE not in outline_titles(only.content) and "Refresher" in outline_titles(only.content)
    # The release's own page and guide still serve this version for reference.
    assert client.get(f"/library/{SLUG}/v/1.0.0/guide.pdf").status_code == 200


def test_a_withdrawn_release_is_marked_in_the_pack_and_left_out_of_its_guide(client, packed):
    from codesign.scenarios import services

    ids = packed
    call(client, services.withdraw_consent, actor(ids, "organiser"), SLUG, "INS-0007", "Asked by the group.")
    assert [u for u, _url in notices(client, "release_withdrawn")] == [ids["trainer2"]]
    assert notices(client) == []  # withdrawing is not retiring
    login(client, "trainer2")
    page = client.get(f"/library/packs/{ids['pack_a']}").text
    assert "Withdrawn: consent for one of its sources was withdrawn. It is left out of the pack" in page
    assert "Retired:" not in page
    items = client.get(f"/api/v1/packs/{ids['pack_a']}").json()["items"]
    assert [(i["title"], i["status"]) for i in items] == [(TITLE, "withdrawn"), (OTHER_TITLE, "current")]
    after = outline_titles(client.get(f"/library/packs/{ids['pack_a']}/guide.pdf").content)
    assert TITLE not in after and OTHER_TITLE in after


@pytest.mark.parametrize(("release_status", "scenario_state", "expected"), [
    ("current", "published", "current"),
    ("current", "draft", "current"),
    ("superseded", "published", "superseded"),
    ("retired", "retired", "retired"),
    ("superseded", "retired", "retired"),
    ("withdrawn", "changes_requested", "withdrawn"),
    ("withdrawn", "retired", "withdrawn"),
])
def test_what_a_pack_says_of_a_pinned_release(release_status, scenario_state, expected):
    from codesign.library.packs import OUT_OF_GUIDE, item_status

    assert item_status(release_status, scenario_state) == expected
    assert (expected in OUT_OF_GUIDE) is (expected in ("retired", "withdrawn"))
