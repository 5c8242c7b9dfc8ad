"""Who may do what in the library: a role × action matrix through HTTP (visitor, member, organiser, reviewer,
trainer, another trainer, admin). Expected: a status code per role; visitors are sent to the log-in page."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import call, login, post
from tests.library_helpers import ROLES, SLUG, actor, publish, setup_world

LOGIN = 303  # a visitor is redirected to /login

# action -> expected status for (visitor, member, organiser, reviewer, trainer, trainer2, admin)
MATRIX = {
    "browse_library": ("GET", "/library", None, (LOGIN, 200, 200, 200, 200, 200, 200)),
    "read_release": ("GET", f"/library/{SLUG}", None, (LOGIN, 200, 200, 200, 200, 200, 200)),
    "download_pdf": ("GET", f"/library/{SLUG}/v/1.0.0/guide.pdf", None, (LOGIN, 200, 200, 200, 200, 200, 200)),
    "export_markdown": ("GET", f"/library/{SLUG}/v/1.0.0/scenario.md", None, (LOGIN, 200, 200, 200, 200, 200, 200)),
    "read_feed": ("GET", "/library/feed.atom", None, (LOGIN, 200, 200, 200, 200, 200, 200)),
    "api_library": ("GET", "/api/v1/library", None, (401, 200, 200, 200, 200, 200, 200)),
    "follow": ("POST", f"/library/{SLUG}/follow", {"following": "on"}, (LOGIN, 403, 403, 403, 303, 303, 403)),
    "report_form": ("GET", f"/library/{SLUG}/v/1.0.0/report", None, (LOGIN, 404, 404, 404, 200, 200, 404)),
    "report_use": ("POST", f"/library/{SLUG}/v/1.0.0/report",
                   {"run_on": date.today().isoformat(), "audience_role": "nurse", "group_size": "6", "rating": "3"},
                   (LOGIN, 403, 403, 403, 303, 303, 403)),
    "pack_list": ("GET", "/library/packs", None, (LOGIN, 404, 404, 404, 200, 200, 200)),
    "create_pack": ("POST", "/library/packs", {"title": "Mine"}, (LOGIN, 403, 403, 403, 303, 303, 403)),
    # The trainer's own unpublished pack (id 1).
    "view_private_pack": ("GET", "/library/packs/1", None, (LOGIN, 404, 404, 404, 200, 404, 404)),
    "view_shared_pack": ("GET", "/library/packs/2", None, (LOGIN, 404, 404, 404, 200, 200, 200)),
    "edit_shared_pack": ("POST", "/library/packs/2", {"title": "Changed", "published": "on"}, (LOGIN, 404, 404, 404, 303, 403, 403)),
    "add_to_pack": ("POST", "/library/packs/add", {"pack": "1", "release": "1"}, (LOGIN, 404, 404, 404, 303, 404, 404)),
    "move_item": ("POST", "/library/packs/2/items/1/move", {"direction": "down"}, (LOGIN, 404, 404, 404, 303, 403, 403)),
    "remove_item": ("POST", "/library/packs/2/items/1/remove", None, (LOGIN, 404, 404, 404, 303, 403, 403)),
    "pack_pdf": ("GET", "/library/packs/2/guide.pdf", None, (LOGIN, 404, 404, 404, 200, 200, 200)),
    "api_pack": ("GET", "/api/v1/packs/1", None, (401, 404, 404, 404, 200, 404, 404)),
    "withdraw_consent": ("POST", f"/drafts/{SLUG}/consent/confirm", {"ref": "INS-0007", "reason": "Asked."},
                         (LOGIN, 404, 200, 404, 404, 404, 200)),
}


@pytest.fixture
def published(client, world):
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


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(client, published, action):
    method, path, data, expected = MATRIX[action]
    for role, status in zip(ROLES, expected, strict=True):
        client.cookies.clear()
        if role != "visitor":
            login(client, role)
        response = client.get(path, follow_redirects=False) if method == "GET" else post(client, path, data or {})
        assert response.status_code == status, f"{action} as {role}: {response.status_code}"
        if status == LOGIN and role == "visitor":
            assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("role", ROLES)
def test_only_trainers_publish(client, world, role):
    from codesign.library.tables import Release

    setup_world(client, world)
    if role != "visitor":
        login(client, role)
    response = post(client, f"/drafts/{SLUG}/publish", {"change_notes": ""})
    expected = {"visitor": LOGIN, "trainer": 303, "trainer2": 303}.get(role, 403)
    assert response.status_code == expected
    assert call(client, Release.count) == (1 if role.startswith("trainer") else 0)


def test_aggregates_are_for_the_council_only(client, published):
    from codesign.library.reports import usage_for_council

    for role, sees in (("member", True), ("organiser", True), ("admin", True), ("trainer", False)):
        result = call(client, usage_for_council, actor(published, role), 1, published["council"])
        assert (result is not None) is sees, role
