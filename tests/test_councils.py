"""Councils: public page, members, roles, removal, and joining with invitation codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import call, login, post, text_of

NEW = {"username": "newbie", "display_name": "New Member", "password": "a long enough password",
       "locale": "en", "email": "", "languages_spoken": ""}


def test_admin_creates_a_council_and_appoints_an_organiser(client, world):
    world.user("root", role="admin")
    world.user("amina")
    login(client, "root")
    bad = post(client, "/councils/new", {"name": "", "slug": "x y"})
    assert bad.status_code == 422
    response = post(client, "/councils/new", {"name": "Harbour Council", "slug": "harbour", "description": "For the harbour."})
    assert response.headers["location"] == "/councils/harbour"
    assert post(client, "/councils/harbour/organisers", {"username": "nobody"}).status_code == 422
    assert post(client, "/councils/harbour/organisers", {"username": "amina"}).status_code == 303
    post(client, "/logout")
    login(client, "amina")
    assert "Organiser" in text_of(client.get("/councils/harbour").text)
    assert client.get("/councils/harbour/invitations").status_code == 200


def test_council_page_is_public_but_members_are_for_members(client, world):
    council = world.council()
    ada = world.user("ada")
    world.member(council, ada)
    world.user("outsider")
    assert client.get("/councils/riverside").status_code == 200
    assert "A council for testing." in client.get("/councils/riverside").text
    login(client, "outsider")
    assert client.get("/councils/riverside/members").status_code == 403
    post(client, "/logout")
    login(client, "ada")
    members = client.get("/councils/riverside/members")
    assert members.status_code == 200 and "Ada" in members.text


def test_unknown_council_is_404(client):
    assert client.get("/councils/nowhere").status_code == 404


def test_organiser_creates_an_invitation_without_javascript(client, world):
    council = world.council()
    amina = world.user("amina")
    world.member(council, amina, "organiser")
    login(client, "amina")
    response = post(client, "/councils/riverside/invitations", {"role": "member", "days": "7", "max_uses": "3"},
                    follow_redirects=True)
    assert "New invitation code:" in response.text
    assert "0 of 3" in text_of(response.text)


def test_organiser_creates_an_invitation_with_htmx_and_gets_fragments(client, world):
    council = world.council()
    amina = world.user("amina")
    world.member(council, amina, "organiser")
    login(client, "amina")
    response = post(client, "/councils/riverside/invitations", {"role": "organiser", "days": "7", "max_uses": "1"},
                    headers={"hx-request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="invitation-form"' in response.text and 'hx-swap-oob="true"' in response.text
    assert response.headers["vary"] == "HX-Request"


def test_invitation_validation_is_per_field_and_creates_nothing(client, world):
    from codesign.councils.tables import Invitation

    council = world.council()
    amina = world.user("amina")
    world.member(council, amina, "organiser")
    login(client, "amina")
    response = post(client, "/councils/riverside/invitations", {"role": "king", "days": "0", "max_uses": "lots"})
    assert response.status_code == 422
    assert "Choose one of the options shown." in response.text
    assert "Enter a number of at least 1." in response.text
    assert "Enter a whole number." in response.text
    assert 'value="lots"' in response.text
    assert call(client, Invitation.count) == 0


def test_joining_with_a_code_creates_the_account_and_membership(client, world):
    from codesign.accounts.tables import User
    from codesign.councils.tables import Invitation, Membership

    council = world.council()
    code = world.invitation(council, uses=2)
    page = client.get(f"/join?code={code}")
    assert "You are invited to join" in text_of(page.text)
    response = post(client, "/join", {"code": code.lower(), **NEW})
    assert response.status_code == 303
    assert response.headers["location"] == "/councils/riverside"
    user = call(client, lambda: User.select(User.id, User.display_name).where(User.username == "newbie").first())
    assert user["display_name"] == "New Member"
    assert call(client, lambda: Membership.count().where(Membership.user == user["id"])) == 1
    assert call(client, lambda: Invitation.select(Invitation.uses).first())["uses"] == 1
    assert "New Member" in client.get("/").text


def test_join_form_has_no_field_for_real_name_or_status(client, world):
    council = world.council()
    code = world.invitation(council)
    html = client.get(f"/join?code={code}").text.lower()
    for word in ("real_name", "first_name", "last_name", "nationality", "immigration", "status\""):
        assert f'name="{word}' not in html


def test_join_errors_keep_what_was_typed_and_change_nothing(client, world):
    from codesign.accounts.tables import User

    council = world.council()
    code = world.invitation(council)
    response = post(client, "/join", {**NEW, "code": code, "password": "short", "username": "bad name!"})
    assert response.status_code == 422
    assert 'value="New Member"' in response.text
    assert "Use at least 10 characters." in response.text
    assert call(client, User.count) == 0


def test_unknown_expired_used_up_and_withdrawn_codes_each_say_why(client, world):
    from codesign.accounts.tables import User
    from codesign.councils.tables import Invitation

    council = world.council()
    unknown = post(client, "/join", {**NEW, "code": "NOPE-NOPE"})
    assert "We do not know this invitation code" in unknown.text

    expired = world.invitation(council)
    call(client, lambda: Invitation.update({Invitation.expires_at: datetime.now(UTC) - timedelta(minutes=1)}).where(
        Invitation.code == expired))
    assert "has expired" in post(client, "/join", {**NEW, "code": expired}).text

    used = world.invitation(council, uses=1)
    post(client, "/join", {**NEW, "code": used})
    post(client, "/logout")
    again = post(client, "/join", {**NEW, "username": "second", "code": used})
    assert again.status_code == 422 and "has been used up" in again.text

    withdrawn = world.invitation(council)
    call(client, lambda: Invitation.update({Invitation.revoked_at: datetime.now(UTC)}).where(Invitation.code == withdrawn))
    assert "was withdrawn" in post(client, "/join", {**NEW, "username": "third", "code": withdrawn}).text
    assert call(client, User.count) == 1


def test_a_taken_username_is_refused_and_the_code_is_not_used(client, world):
    from codesign.councils.tables import Invitation

    council = world.council()
    world.user("newbie")
    code = world.invitation(council)
    response = post(client, "/join", {**NEW, "code": code})
    assert response.status_code == 422 and "This username is taken." in response.text
    assert call(client, lambda: Invitation.select(Invitation.uses).first())["uses"] == 0


def test_logged_in_member_joins_another_council_with_a_code(client, world):
    first = world.council()
    second = world.council("harbour", "Harbour Council")
    ada = world.user("ada")
    world.member(first, ada)
    code = world.invitation(second)
    login(client, "ada")
    assert post(client, "/join", {"code": code}).headers["location"] == "/councils/harbour"
    again = post(client, "/join", {"code": world.invitation(second)})
    assert again.status_code == 422 and "member of this council already" in again.text


def test_organiser_changes_a_role_and_cannot_remove_the_last_organiser(client, world):
    from codesign.councils.tables import Membership

    council = world.council()
    amina = world.user("amina")
    ada = world.user("ada")
    world.member(council, amina, "organiser")
    world.member(council, ada)
    login(client, "amina")
    post(client, f"/councils/riverside/members/{ada}/role", {"role": "organiser"})
    assert call(client, lambda: Membership.select(Membership.role).where(Membership.user == ada).first())["role"] == "organiser"
    post(client, f"/councils/riverside/members/{ada}/role", {"role": "member"})
    response = post(client, f"/councils/riverside/members/{amina}/role", {"role": "member"}, follow_redirects=True)
    assert "A council needs at least one organiser" in response.text
    response = post(client, f"/councils/riverside/members/{amina}/remove", {"confirm": "on"}, follow_redirects=True)
    assert "A council needs at least one organiser" in response.text


def test_removing_a_member_asks_for_confirmation_first(client, world):
    from codesign.councils.tables import Membership

    council = world.council()
    amina = world.user("amina")
    ada = world.user("ada")
    world.member(council, amina, "organiser")
    world.member(council, ada)
    login(client, "amina")
    page = client.get(f"/councils/riverside/members/{ada}/remove")
    assert page.status_code == 200 and "Yes, remove this member" in page.text
    post(client, f"/councils/riverside/members/{ada}/remove", {})
    assert call(client, lambda: Membership.count().where(Membership.user == ada)) == 1
    post(client, f"/councils/riverside/members/{ada}/remove", {"confirm": "on"})
    assert call(client, lambda: Membership.count().where(Membership.user == ada)) == 0


def test_withdrawing_an_invitation(client, world):
    from codesign.councils.tables import Invitation

    council = world.council()
    amina = world.user("amina")
    world.member(council, amina, "organiser")
    code = world.invitation(council)
    invitation_id = call(client, lambda: Invitation.select(Invitation.id).first())["id"]
    login(client, "amina")
    post(client, f"/councils/riverside/invitations/{invitation_id}/revoke")
    assert "was withdrawn" in post(client, "/join", {"code": code}).text
    row = call(client, lambda: Invitation.select(Invitation.revoked_at).first())
    assert row["revoked_at"] is not None


def test_member_list_query_count_does_not_grow_with_members(client, world):
    from codesign import db

    council = world.council()
    amina = world.user("amina")
    world.member(council, amina, "organiser")
    login(client, "amina")
    client.get("/")  # shows (and so removes) the "logged in" message, a session write of its own

    def count() -> int:
        before = db.query_count()
        assert client.get("/councils/riverside/members").status_code == 200
        return db.query_count() - before

    small = count()
    for number in range(40):
        world.member(council, world.user(f"member{number:02d}"))
    assert count() == small


def test_council_list_is_paginated(client, world):
    for number in range(27):
        world.council(f"council-{number:02d}", f"Council {number:02d}")
    first = client.get("/councils").text
    assert "Council 00" in first and "Council 26" not in first
    assert "Council 26" in client.get("/councils?page=2").text

