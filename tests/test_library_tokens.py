"""Personal API tokens through HTTP: made on a page and shown once, stored only as a hash, used as a bearer on the
API and as a header or `?token=` on the feed, refused on pages and unsafe methods, revoked after a confirmation,
dead once the owner loses the trainer role or is deleted; who may make them; the schema's bearer scheme; a flat
query count."""

from __future__ import annotations

import re
from datetime import date

import pytest

from codesign import db
from tests.conftest import call, login, post, text_of
from tests.library_helpers import ROLES, SLUG, publish, setup_world


def make_token(client, name="Agency LMS"):
    response = post(client, "/library/tokens", {"name": name})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    found = re.search(r'id="new-token" type="text" value="(cdl_[\w-]+)"', response.text)
    assert found, "the secret is shown"
    return found.group(1)


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def published(client, world):
    ids = setup_world(client, world)
    publish(client, ids)
    return ids


def test_a_trainer_makes_a_token_sees_it_once_uses_it_and_revokes_it(client, published):
    from codesign.library.tables import ApiToken
    from codesign.library.tokens import digest

    login(client, "trainer")
    assert 'href="/library/tokens"' in client.get("/library").text
    page = client.get("/library/tokens")
    assert page.status_code == 200 and "No tokens yet." in page.text
    secret = make_token(client)
    stored = call(client, lambda: ApiToken.select().first())
    assert stored["key_hash"] == digest(secret) and secret not in str(stored)
    assert set(stored) == {"id", "owner", "name", "key_hash", "created_on", "last_used_on"}
    listing = client.get("/library/tokens")
    assert "Agency LMS" in listing.text and secret not in listing.text  # shown once only
    assert "Never" in text_of(listing.text)
    client.cookies.clear()  # a machine client: no session at all
    api = client.get("/api/v1/library", headers=bearer(secret))
    assert api.status_code == 200 and api.json()["items"][0]["slug"] == SLUG
    assert client.get(f"/api/v1/library/{SLUG}", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/packs", headers=bearer(secret)).json()["total"] == 0
    assert client.get("/library/feed.atom", headers=bearer(secret)).status_code == 200
    feed = client.get(f"/library/feed.atom?token={secret}")
    assert feed.status_code == 200 and b"The notice under the door" in feed.content
    assert "set-cookie" not in feed.headers  # a token makes no session
    assert call(client, lambda: ApiToken.select(ApiToken.last_used_on).first())["last_used_on"] == date.today()
    login(client, "trainer")
    token_id = stored["id"]
    confirm = client.get(f"/library/tokens/{token_id}/revoke")
    assert confirm.status_code == 200 and "Revoke the token" in confirm.text
    assert call(client, ApiToken.count) == 1  # the confirmation page writes nothing
    revoked = post(client, f"/library/tokens/{token_id}/revoke", follow_redirects=True)
    assert "is revoked" in revoked.text and call(client, ApiToken.count) == 0
    client.cookies.clear()
    gone = client.get("/api/v1/library", headers=bearer(secret))
    assert gone.status_code == 401 and gone.json()["detail"] and gone.headers["www-authenticate"].startswith("Bearer")
    assert client.get(f"/library/feed.atom?token={secret}").status_code == 401


def test_unknown_or_malformed_tokens_get_a_json_401(client, published):
    for value in ("Bearer cdl_nothing", "Bearer ", "Bearer " + "x" * 5000, ("Bearer cdl_" + "é" * 20).encode()):
        response = client.get("/api/v1/library", headers={"Authorization": value})
        assert response.status_code == 401, value
        assert response.headers["content-type"].startswith("application/json")
    for value in ("cdl_nope", "", "cdl_é"):
        assert client.get("/library/feed.atom", params={"token": value}).status_code == 401
    assert client.get("/api/v1/library", headers={"Authorization": "Basic abc"}).status_code == 401  # no session


def test_a_token_opens_no_page_and_no_unsafe_method(client, published):
    from codesign.library.tables import Pack

    login(client, "trainer")
    secret = make_token(client)
    client.cookies.clear()
    for path in ("/library", f"/library/{SLUG}", "/library/packs", "/library/tokens", "/account"):
        response = client.get(path, headers=bearer(secret), follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for path in ("/library/packs", "/library/tokens", "/api/v1/library"):
        response = client.post(path, data={"title": "By token", "name": "By token"}, headers=bearer(secret),
                               follow_redirects=False)
        assert response.status_code in (403, 405), path
    assert call(client, Pack.count) == 0
    assert client.get(f"/api/v1/library?token={secret}").status_code == 401  # the API reads headers only


def test_a_token_dies_with_its_owners_trainer_role_or_account(client, published):
    from codesign.accounts.actor import Actor
    from codesign.accounts.services import delete_account, set_instance_roles
    from tests.conftest import PASSWORD

    login(client, "trainer")
    secret = make_token(client)
    login(client, "trainer2")
    other = make_token(client)
    client.cookies.clear()
    admin = Actor(user_id=published["admin"], is_admin=True)
    call(client, set_instance_roles, admin, published["trainer"], False, [], None)
    assert client.get("/api/v1/library", headers=bearer(secret)).status_code == 401
    call(client, set_instance_roles, admin, published["trainer"], True, [], None)
    assert client.get("/api/v1/library", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/library", headers=bearer(other)).status_code == 200
    call(client, delete_account, Actor(user_id=published["trainer2"], is_trainer=True), PASSWORD)
    assert client.get("/api/v1/library", headers=bearer(other)).status_code == 401


# Who may make a token (visitor, member, organiser, reviewer, trainer, trainer2, admin).
MAKE = (303, 403, 403, 403, 200, 200, 200)
SEE_PAGE = (303, 404, 404, 404, 200, 200, 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_trainers_and_admins_make_tokens(client, published, role):
    from codesign.library.tables import ApiToken

    index = ROLES.index(role)
    if role != "visitor":
        login(client, role)
    assert client.get("/library/tokens", follow_redirects=False).status_code == SEE_PAGE[index]
    response = post(client, "/library/tokens", {"name": "Mine"})
    assert response.status_code == MAKE[index]
    assert call(client, ApiToken.count) == (1 if MAKE[index] == 200 else 0)
    if role != "visitor":
        assert ('href="/library/tokens"' in client.get("/library").text) is (MAKE[index] == 200)


def test_a_token_is_its_owners_alone_and_bad_names_are_refused(client, published):
    from codesign.library import tokens
    from codesign.library.tables import ApiToken

    login(client, "trainer")
    for name in ("", "   ", "x" * 81):
        bad = post(client, "/library/tokens", {"name": name})
        assert bad.status_code == 422 and "There is a problem" in bad.text
    assert call(client, ApiToken.count) == 0
    make_token(client)
    token_id = call(client, lambda: ApiToken.select(ApiToken.id).first())["id"]
    login(client, "trainer2")
    assert "Agency LMS" not in client.get("/library/tokens").text
    assert client.get(f"/library/tokens/{token_id}/revoke").status_code == 404
    assert post(client, f"/library/tokens/{token_id}/revoke").status_code == 404
    assert post(client, "/library/tokens/999999/revoke").status_code == 404
    assert call(client, ApiToken.count) == 1
    login(client, "trainer")
    for n in range(tokens.MAX_TOKENS - 1):
        make_token(client, f"Token {n}")
    full = post(client, "/library/tokens", {"name": "One more"})
    assert full.status_code == 422 and "Revoke one first." in full.text
    assert call(client, ApiToken.count) == tokens.MAX_TOKENS


def test_the_schema_declares_the_bearer_scheme(client):
    schema = client.get("/api/schema").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["apiToken"] == {**schemes["apiToken"], "type": "http", "scheme": "bearer"}
    assert schemes["session"]["in"] == "cookie"
    operation = schema["paths"]["/api/v1/library"]["get"]
    assert {"apiToken": []} in operation.get("security", schema.get("security", []))
    assert all(p.startswith("/api/v1/") for p in schema["paths"])


def test_an_api_call_with_a_token_has_a_flat_query_count(client, published):
    from pathlib import Path

    from codesign.library.demo import approve
    from codesign.scenarios import services
    from tests.library_helpers import actor

    login(client, "trainer")
    secret = make_token(client)
    client.cookies.clear()

    def count(path):
        before = db.query_count()
        assert client.get(path, headers=bearer(secret)).status_code == 200
        return db.query_count() - before

    count("/api/v1/library")  # the first use of the day notes the day
    one = count("/api/v1/library"), count("/library/feed.atom")
    for name in ("health-three-new-medicines", "school-starting-in-march"):
        text = (Path(__file__).resolve().parents[1] / "proposals" / f"{name}.md").read_text()
        call(client, services.propose_draft, actor(published, "member"), published["council"], text, "", "name")
        call(client, approve, name, actor(published, "member"), actor(published, "organiser"))
        publish(client, published, slug=name)
    assert client.get("/api/v1/library", headers=bearer(secret)).json()["total"] == 3
    assert (count("/api/v1/library"), count("/library/feed.atom")) == one
