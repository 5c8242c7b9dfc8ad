"""Bad input never produces a 500 or a half-written row: every form is posted with junk, as several roles."""

from __future__ import annotations

import pytest
from litestar.handlers import HTTPRouteHandler

from tests.conftest import call, login, post

JUNK_VALUES = ["", " ", "x" * 5000, "\x00\x01\x02", "'; DROP TABLE account; --", "<script>alert(1)</script>",
               "-1", "99999999999999999999", "١٢٣", "\u202e\u200f", "%(name)s", "{{ 7*7 }}"]


def post_routes(app) -> list[str]:
    paths = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and "POST" in handler.http_methods:
                paths.append(route.path)
    return sorted(set(paths))


def concrete(path: str, ids: dict[str, int]) -> str:
    return (path.replace("{slug:str}", "riverside").replace("{user_id:int}", str(ids["member"]))
            .replace("{invitation_id:int}", "1"))


FIELDS = ["username", "password", "display_name", "locale", "email", "languages_spoken", "code", "name", "slug",
          "kind", "description", "organisation", "role", "days", "max_uses", "confirm", "current_password",
          "new_password", "next", "is_trainer", "reviewer_kinds", "speak_for_organisation"]


@pytest.mark.parametrize("who", ["visitor", "member", "organiser", "admin"])
def test_junk_in_every_form_is_refused_without_a_server_error(app, client, world, who):
    from codesign.accounts.tables import Organisation, User
    from codesign.councils.tables import Council, Invitation, Membership

    council = world.council()
    ids = {"member": world.user("member"), "organiser": world.user("organiser"), "admin": world.user("admin", "admin")}
    world.member(council, ids["member"])
    world.member(council, ids["organiser"], "organiser")
    world.invitation(council)
    if who != "visitor":
        login(client, who)
    counts = [call(client, table.count) for table in (User, Organisation, Council, Membership, Invitation)]
    for path in post_routes(app):
        if path in ("/logout", "/language"):
            continue
        for value in JUNK_VALUES:
            data = {field: value for field in FIELDS}
            data["confirm"] = ""  # never confirm a destructive action with junk
            response = post(client, concrete(path, ids), data)
            assert response.status_code < 500, (path, value, response.text[:500])
    after = [call(client, table.count) for table in (User, Organisation, Council, Membership, Invitation)]
    assert after == counts


def test_oversized_and_malformed_bodies_are_refused(client):
    token = client.get("/").cookies.get("csrftoken") or client.cookies.get("csrftoken")
    response = client.post("/login", content=b"\xff\xfe" * 100, headers={"content-type": "application/x-www-form-urlencoded",
                                                                         "x-csrftoken": token})
    assert response.status_code < 500
    response = client.post("/login", content=b"{not json", headers={"content-type": "application/json", "x-csrftoken": token})
    assert response.status_code < 500


def test_non_numeric_ids_in_addresses_are_404(client, world):
    world.council()
    assert client.get("/admin/people/abc").status_code == 404
    assert client.get("/councils/riverside/members/abc/remove").status_code == 404


def test_huge_ids_in_addresses_are_refused_with_a_page(client, world):
    world.council()
    world.user("admin", "admin")
    login(client, "admin")
    for path in ("/admin/people/99999999999999999999", "/councils/riverside/members/99999999999999999999/remove"):
        response = client.get(path)
        assert response.status_code in (400, 404)
        assert "<main" in response.text
