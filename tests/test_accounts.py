"""Logging in and out, sessions, rate limits, the member's own account, and people admin."""

from __future__ import annotations

import json

from tests.conftest import PASSWORD, another_browser, call, login, post, text_of


def test_login_with_good_credentials_starts_a_new_session(client, world):
    world.user("ada")
    client.get("/")
    before = client.cookies.get("codesign_session")
    response = login(client, "ada")
    assert response.headers["location"] == "/"
    after = client.cookies.get("codesign_session")
    assert after and after != before
    assert "Ada" in client.get("/").text


def test_login_rotates_the_session_id_so_a_planted_id_is_useless(client, world):
    world.user("mallory")
    world.user("ada")
    login(client, "mallory")
    post(client, "/logout")  # leaves an anonymous session (it carries the "logged out" message)
    planted = client.cookies.get("codesign_session")
    assert planted
    with another_browser(client) as victim:
        victim.cookies.set("codesign_session", planted)
        login(victim, "ada")
        assert "Ada" in victim.get("/account").text
    with another_browser(client) as attacker:
        attacker.cookies.set("codesign_session", planted)
        assert attacker.get("/account", follow_redirects=False).status_code == 303


def test_wrong_password_says_so_in_words_and_keeps_the_username(client, world):
    world.user("ada")
    response = post(client, "/login", {"username": "ada", "password": "wrong password!"})
    assert response.status_code == 422
    assert "The username or password is not right." in response.text
    assert 'value="ada"' in response.text
    assert "wrong password!" not in response.text


def test_empty_login_form_gives_field_errors(client):
    response = post(client, "/login", {"username": "", "password": ""})
    assert response.status_code == 422
    assert response.text.count("This field is required.") >= 2
    assert 'aria-invalid="true"' in response.text


def test_login_is_rate_limited_per_account(client, world):
    world.user("ada")
    for _ in range(5):
        assert post(client, "/login", {"username": "ada", "password": "not it at all"}).status_code == 422
    response = post(client, "/login", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text


def test_login_is_rate_limited_per_address(client, world):
    world.user("ada")
    for number in range(20):
        post(client, "/login", {"username": f"nobody{number}", "password": "not it at all"})
    response = post(client, "/login", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 429


def test_rate_limit_messages_are_translated(client, world):
    world.user("ada")
    for _ in range(5):
        post(client, "/login", {"username": "ada", "password": "not it at all"})
    response = post(client, "/login", {"username": "ada", "password": PASSWORD}, headers={"accept-language": "fr"})
    assert response.status_code == 429
    assert "Too many failed attempts" not in response.text


def test_logout_ends_the_session_in_the_database(client, world):
    from codesign.accounts.tables import WebSession

    world.user("ada")
    login(client, "ada")
    logged_in = WebSession.count().where(WebSession.user.is_not_null())
    assert call(client, lambda: logged_in) == 1
    post(client, "/logout")
    assert call(client, lambda: WebSession.count().where(WebSession.user.is_not_null())) == 0
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_pages_for_members_send_visitors_to_log_in_and_back(client):
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount"


def test_login_never_redirects_off_site(client, world):
    world.user("ada")
    response = post(client, "/login", {"username": "ada", "password": PASSWORD, "next": "//evil.example/x"})
    assert response.headers["location"] == "/"


def test_expired_session_is_not_accepted(client, world):
    from datetime import UTC, datetime, timedelta

    from codesign.accounts.tables import WebSession

    world.user("ada")
    login(client, "ada")
    call(client, lambda: WebSession.update({WebSession.expires_at: datetime.now(UTC) - timedelta(seconds=1)},
                                           force=True))
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_profile_update_saves_and_switches_language(client, world):
    world.user("ada")
    login(client, "ada")
    response = post(client, "/account", {"display_name": "Ada L", "locale": "uk", "email": "",
                                         "languages_spoken": "English", "speak_for_organisation": "on"},
                    follow_redirects=True)
    assert response.status_code == 200
    assert 'lang="uk"' in response.text
    assert "Ada L" in response.text


def test_profile_validation_keeps_what_was_typed(client, world):
    world.user("ada")
    login(client, "ada")
    response = post(client, "/account", {"display_name": "A", "locale": "xx", "email": "not-an-email",
                                         "languages_spoken": "Twi"})
    assert response.status_code == 422
    assert "Use at least 2 characters." in response.text
    assert "Choose one of the options shown." in response.text
    assert 'value="not-an-email"' in response.text
    assert 'value="Twi"' in response.text


def test_change_password_needs_the_current_one_and_ends_other_sessions(client, world):
    world.user("ada")
    with another_browser(client) as other:
        login(other, "ada")
        other_cookies = dict(other.cookies)
    login(client, "ada")
    wrong = post(client, "/account/password", {"current_password": "nope nope nope", "new_password": "a new long password"})
    assert wrong.status_code == 422 and "This is not your current password." in wrong.text
    short = post(client, "/account/password", {"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 422
    done = post(client, "/account/password", {"current_password": PASSWORD, "new_password": "a new long password"})
    assert done.status_code == 303
    assert client.get("/account").status_code == 200
    with another_browser(client) as other:
        other.cookies.update(other_cookies)
        assert other.get("/account", follow_redirects=False).status_code == 303
    post(client, "/logout")
    login(client, "ada", "a new long password")


def test_download_my_data_is_json_with_memberships_and_no_password(client, world):
    council = world.council()
    ada = world.user("ada")
    world.member(council, ada)
    login(client, "ada")
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    document = json.loads(response.text)
    assert document["account"]["username"] == "ada"
    assert document["councils"][0]["council"] == "Riverside Council"
    assert "password" not in response.text.lower().replace("password_", "")


def test_delete_account_needs_password_and_confirmation(client, world):
    world.user("ada")
    login(client, "ada")
    response = post(client, "/account/delete", {"password": PASSWORD})
    assert response.status_code == 422
    assert "Tick this box to confirm." in response.text
    response = post(client, "/account/delete", {"password": "wrong wrong wrong", "confirm": "on"})
    assert response.status_code == 422


def test_deleted_account_becomes_a_former_member_and_cannot_log_in(client, world):
    from codesign.accounts.tables import User
    from codesign.councils.tables import Membership

    council = world.council()
    ada = world.user("ada")
    world.member(council, ada)
    login(client, "ada")
    response = post(client, "/account/delete", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 303
    row = call(client, lambda: User.select().where(User.id == ada).first())
    assert row["username"] == f"former-{ada}" and row["display_name"] == "" and row["deleted_at"] is not None
    assert row["password_hash"] == "" and row["email"] is None
    assert call(client, lambda: Membership.count().where(Membership.user == ada)) == 0
    assert post(client, "/login", {"username": "ada", "password": PASSWORD}).status_code == 422


def test_language_switcher_sets_a_cookie_and_the_members_setting(client, world):
    from codesign.accounts.tables import User

    ada = world.user("ada")
    login(client, "ada")
    response = post(client, "/language", {"locale": "fa", "next": "/about"})
    assert response.headers["location"] == "/about"
    assert client.cookies.get("lang") == "fa"
    assert call(client, lambda: User.select(User.locale).where(User.id == ada).first())["locale"] == "fa"
    assert 'dir="rtl"' in client.get("/about").text


def test_members_setting_wins_over_cookie_and_accept_language(client, world):
    world.user("ada", locale="es")
    login(client, "ada")
    client.cookies.set("lang", "fr")
    html = client.get("/", headers={"accept-language": "uk"}).text
    assert 'lang="es"' in html


def test_admin_creates_an_organisation_with_validation(client, world):
    world.user("root", role="admin")
    login(client, "root")
    bad = post(client, "/admin/organisations", {"name": "", "slug": "Not A Slug", "kind": "secret"})
    assert bad.status_code == 422
    assert "Use lowercase letters, digits and single hyphens only." in bad.text
    good = post(client, "/admin/organisations", {"name": "Women Together", "slug": "women-together",
                                                 "kind": "migrant_led", "description": ""}, follow_redirects=True)
    assert "Women Together" in good.text and "Migrant-led organisation" in good.text
    again = post(client, "/admin/organisations", {"name": "Women Together", "slug": "women-together",
                                                  "kind": "migrant_led"})
    assert again.status_code == 422 and "exists already" in again.text


def test_admin_registers_a_reviewer_and_a_trainer(client, world):
    from codesign.accounts.tables import ReviewerKind, User

    world.user("root", role="admin")
    ruth = world.user("ruth")
    login(client, "root")
    response = post(client, f"/admin/people/{ruth}", {"is_trainer": "on", "reviewer_kinds": ["safeguarding", "rights"],
                                                      "organisation": ""})
    assert response.status_code == 303
    kinds = call(client, lambda: ReviewerKind.select(ReviewerKind.kind).where(ReviewerKind.user == ruth))
    assert sorted(k["kind"] for k in kinds) == ["rights", "safeguarding"]
    assert call(client, lambda: User.select(User.is_trainer).where(User.id == ruth).first())["is_trainer"] is True
    listing = text_of(client.get("/admin/people?q=ruth").text)
    assert "Trainer" in listing and "Reviewer: Safeguarding and trauma" in listing
    bad = post(client, f"/admin/people/{ruth}", {"reviewer_kinds": ["astrology"]})
    assert bad.status_code == 422


def test_people_admin_is_paginated(client, world):
    world.user("root", role="admin")
    for number in range(30):
        world.user(f"person{number:02d}")
    login(client, "root")
    first = client.get("/admin/people").text
    assert "person00" in first and "person29" not in first
    assert "Page 1 of 2" in text_of(first)
    assert "person29" in client.get("/admin/people?page=2").text
    assert client.get("/admin/people?page=abc").status_code == 200


def test_a_deleted_account_is_shown_as_a_former_member():
    from datetime import UTC, datetime

    from codesign.accounts.services import public_name
    from codesign.i18n.translations import use_locale

    assert public_name("Ada", None) == "Ada"
    assert public_name("", datetime.now(UTC)) == "Former member"
    with use_locale("es"):
        assert public_name("", datetime.now(UTC)) != "Former member"


def test_logging_in_clears_expired_sessions(client, world):
    from datetime import UTC, datetime, timedelta

    from codesign.accounts.tables import WebSession

    world.user("ada")
    call(client, lambda: WebSession.insert(WebSession(key="old", data="{}", expires_at=datetime.now(UTC) - timedelta(days=1))))
    login(client, "ada")
    assert call(client, lambda: WebSession.count().where(WebSession.key == "old")) == 0
