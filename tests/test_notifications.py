"""In-app notifications: notify, the unread count, the list, marking read, and the email digest choice."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.conftest import call, login, post, text_of


def notify(client: Any, user_ids: list[int], kind: str = "reply", *, title: str = "Housing keys",
           scenario_id: int | None = 1, url: str = "/drafts/keys", params: dict[str, str] | None = None,
           exclude: int | None = None) -> None:
    """As a domain calls it: inside the caller's write transaction."""
    from codesign.db import write_transaction
    from codesign.notifications import services

    async def run() -> None:
        async with write_transaction():
            await services.notify(user_ids, kind, scenario_id=scenario_id, scenario_title=title, url=url,
                                  params={"who": "Bob", **(params or {})}, exclude=exclude)

    call(client, run)


def words_of(html: str) -> str:
    """The page's text with inline tags (such as <bdi>) removed without adding spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def notices_of(client: Any, user_id: int) -> list[dict[str, Any]]:
    from codesign.notifications.tables import Notification

    return call(client, lambda: Notification.select().where(Notification.user == user_id).order_by(Notification.id))


def test_notify_skips_the_actor_duplicates_and_erased_accounts(client, world):
    from codesign.accounts.tables import User

    ada, bob, cara, dan = (world.user(name) for name in ("ada", "bob", "cara", "dan"))
    call(client, lambda: User.update({User.deleted_at: User.created_at}).where(User.id == dan))
    notify(client, [ada, bob, bob, cara, ada, dan], "mention", exclude=cara, params={"who": "Cara"})
    assert [len(notices_of(client, person)) for person in (ada, bob, cara, dan)] == [1, 1, 0, 0]
    notice = notices_of(client, ada)[0]
    assert notice["kind"] == "mention" and notice["scenario_title"] == "Housing keys"
    assert json.loads(notice["params"]) == {"who": "Cara"}
    assert notice["read_at"] is None and notice["emailed_at"] is None


def test_notify_refuses_an_unknown_kind(client, world):
    import pytest

    ada = world.user("ada")
    with pytest.raises(ValueError):
        notify(client, [ada], "gossip")


def test_unread_count_in_the_menu_and_mark_all_read(client, world):
    from codesign.notifications import services

    ada = world.user("ada")
    notify(client, [ada], "reply")
    notify(client, [ada], "revision")
    notify(client, [ada], "amendment")
    assert call(client, services.unread_count, ada) == 3
    login(client, "ada")
    home = client.get("/").text
    assert "Notifications (3 unread)" in text_of(home)
    page = client.get("/notifications")
    assert page.status_code == 200
    words = words_of(page.text)
    assert words.count("Unread") == 3  # in words, not only in colour
    assert "Bob replied to you on “Housing keys”" in words
    assert "Bob saved a new version of “Housing keys”" in words
    assert "Bob proposed an amendment to “Housing keys”" in words
    response = post(client, "/notifications/read")
    assert response.status_code == 303 and response.headers["location"] == "/notifications"
    assert call(client, services.unread_count, ada) == 0
    after = client.get("/notifications").text
    assert "All your notifications are marked as read." in after
    assert "Unread" not in text_of(after)
    assert "Notifications (" not in text_of(after) and ">Notifications</a>" in after
    assert 'href="/drafts/keys"' in after  # a read notice is a plain link


def test_mark_all_read_with_htmx_swaps_the_list_and_the_count(client, world):
    ada = world.user("ada")
    notify(client, [ada])
    login(client, "ada")
    page = client.get("/notifications").text
    assert 'data-hx-post="/notifications/read"' in page and 'action="/notifications/read"' in page
    response = post(client, "/notifications/read", headers={"hx-request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="notifications"' in response.text
    assert 'id="notifications-link"' in response.text and 'data-hx-swap-oob="true"' in response.text
    assert "No unread notifications" in response.text


def test_opening_one_notice_marks_it_read_and_goes_to_its_page(client, world):
    from codesign.notifications import services

    ada = world.user("ada")
    notify(client, [ada], url="/drafts/keys#comment-7")
    notify(client, [ada], url="/drafts/other")
    first = notices_of(client, ada)[0]["id"]
    login(client, "ada")
    page = client.get("/notifications").text
    assert f'action="/notifications/{first}/read"' in page
    response = post(client, f"/notifications/{first}/read")
    assert response.status_code == 303
    assert response.headers["location"] == "/drafts/keys#comment-7"
    assert call(client, services.unread_count, ada) == 1
    htmx = post(client, f"/notifications/{first}/read", headers={"hx-request": "true"})
    assert htmx.status_code == 204 and htmx.headers["hx-redirect"] == "/drafts/keys#comment-7"


def test_a_notice_never_redirects_off_site(client, world):
    ada = world.user("ada")
    notify(client, [ada], url="//evil.example/phish")
    login(client, "ada")
    notice = notices_of(client, ada)[0]["id"]
    assert post(client, f"/notifications/{notice}/read").headers["location"] == "/notifications"


def test_a_member_sees_only_their_own_notifications(client, world):
    from codesign.notifications import services

    world.user("ada")
    bob = world.user("bob")
    notify(client, [bob], title="Bob's secret draft")
    bobs = notices_of(client, bob)[0]["id"]
    login(client, "ada")
    assert "Bob's secret draft" not in client.get("/notifications").text
    assert "secret" not in client.get("/notifications").text
    assert post(client, f"/notifications/{bobs}/read").status_code == 404
    assert post(client, "/notifications/999999/read").status_code == 404
    assert call(client, services.unread_count, bob) == 1
    post(client, "/notifications/read")
    assert call(client, services.unread_count, bob) == 1


def test_notification_pages_need_a_login(client):
    assert client.get("/notifications", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/account/email-digest", follow_redirects=False).headers["location"].startswith("/login")
    assert post(client, "/notifications/read").status_code == 303


def test_the_list_is_paginated_newest_first(client, world):
    ada = world.user("ada")
    for number in range(30):
        notify(client, [ada], title=f"Draft {number:02d}")
    login(client, "ada")
    first = text_of(client.get("/notifications").text)
    assert "Draft 29" in first and "Draft 05" in first and "Draft 04" not in first
    assert first.index("Draft 29") < first.index("Draft 28")
    assert "Page 1 of 2" in first
    second = text_of(client.get("/notifications?page=2").text)
    assert "Draft 04" in second and "Draft 00" in second and "Draft 05" not in second


def test_list_query_count_does_not_grow_with_notifications(client, world):
    from codesign import db

    ada = world.user("ada")
    notify(client, [ada])
    login(client, "ada")
    client.get("/")  # shows (and so removes) the "logged in" message, a session write of its own

    def count() -> int:
        before = db.query_count()
        assert client.get("/notifications").status_code == 200
        return db.query_count() - before

    small = count()
    for number in range(40):
        notify(client, [ada], "state_change" if number % 2 else "mention", scenario_id=number,
               params={"stage": "expert_review"})
    assert count() == small


def test_notices_are_worded_in_the_readers_language_and_escaped(client, world):
    ada = world.user("ada", locale="fr")
    notify(client, [ada], "state_change", title="<b>Keys</b>", params={"who": "<script>x</script>",
                                                                         "stage": "expert_review"})
    notify(client, [ada], "state_change", params={"who": "", "stage": "published"})
    login(client, "ada")
    page = client.get("/notifications").text
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>Keys" not in page
    assert "moved" not in page and "Unread" not in page
    assert "<bdi>" in page


def test_state_change_names_the_stage(client, world):
    ada = world.user("ada")
    notify(client, [ada], "state_change", params={"stage": "expert_review"})
    notify(client, [ada], "state_change", params={"who": "", "stage": "published"})
    login(client, "ada")
    words = words_of(client.get("/notifications").text)
    assert "Bob moved “Housing keys” to the stage “Expert review”" in words
    assert "“Housing keys” moved to the stage “Published”" in words


def test_empty_state(client, world):
    world.user("ada")
    login(client, "ada")
    page = client.get("/notifications").text
    assert "You have no notifications yet." in page
    assert "No unread notifications" in page
    assert 'action="/notifications/read"' not in page


def test_email_digest_choice_explains_that_an_address_is_needed(client, world):
    world.user("ada")
    login(client, "ada")
    page = client.get("/account/email-digest")
    assert page.status_code == 200
    assert "Your account has no email address" in page.text
    assert re.search(r'value="daily"[^>]*checked', page.text)
    post(client, "/account", {"display_name": "Ada", "locale": "en", "email": "ada@example.org",
                              "speak_for_organisation": "on"})
    page = client.get("/account/email-digest").text
    assert "ada@example.org" in page and "Your account has no email address" not in page


def test_email_digest_choice_is_validated_and_saved(client, world):
    from codesign.notifications.tables import EmailSettings

    ada = world.user("ada")
    login(client, "ada")
    wrong = post(client, "/account/email-digest", {"frequency": "hourly"})
    assert wrong.status_code == 422
    assert "Choose one of the options shown." in wrong.text
    assert 'aria-invalid="true"' in wrong.text and 'href="#frequency"' in wrong.text and 'id="frequency"' in wrong.text
    assert "<title>Error: " in wrong.text
    empty = post(client, "/account/email-digest", {})
    assert empty.status_code == 422 and "This field is required." in empty.text
    for choice in ("weekly", "never", "weekly"):
        saved = post(client, "/account/email-digest", {"frequency": choice})
        assert saved.status_code == 303
    rows = call(client, lambda: EmailSettings.select().where(EmailSettings.user == ada))
    assert len(rows) == 1 and rows[0]["frequency"] == "weekly"
    assert re.search(r'value="weekly"[^>]*checked', client.get("/account/email-digest").text)


def test_email_digest_errors_are_translated(client, world):
    world.user("ada", locale="fr")
    login(client, "ada")
    response = post(client, "/account/email-digest", {"frequency": "hourly"})
    assert response.status_code == 422
    assert 'lang="fr"' in response.text
    assert "Choose one of the options shown." not in response.text


def test_my_data_includes_notifications_and_deleting_the_account_erases_them(client, world):
    from codesign.notifications.tables import EmailSettings, Notification
    from tests.conftest import PASSWORD

    ada = world.user("ada")
    notify(client, [ada], title="Housing keys")
    login(client, "ada")
    post(client, "/account/email-digest", {"frequency": "weekly"})
    document = json.loads(client.get("/account/data.json").text)
    assert document["notifications"]["notices"][0]["scenario_title"] == "Housing keys"
    assert document["notifications"]["email_digest"] == "weekly"
    assert post(client, "/account/delete", {"password": PASSWORD, "confirm": "on"}).status_code == 303
    assert call(client, lambda: Notification.count().where(Notification.user == ada)) == 0
    assert call(client, lambda: EmailSettings.count().where(EmailSettings.user == ada)) == 0


def test_notification_pages_are_valid_html(client, world, tmp_path):
    """The Nu Html Checker on every notifications page and fragment, in English and Arabic (one vnu run)."""
    from tests.test_html_validity import FRAGMENT_PAGE, broken_fragment_links, describe, is_problem, run_vnu

    ada = world.user("ada")
    farah = world.user("farah", locale="ar", display_name="فرح")
    for number in range(27):
        notify(client, [ada, farah], ("mention", "reply", "revision", "amendment", "state_change")[number % 5],
               title=f"Draft {number}", params={"who": "فرح", "stage": "expert_review"})
    pages: dict[str, str] = {}
    login(client, "ada")
    pages["empty-digest"] = client.get("/account/email-digest").text
    pages["digest-errors"] = post(client, "/account/email-digest", {"frequency": "hourly"}).text
    pages["list"] = client.get("/notifications").text
    pages["list-page-2"] = client.get("/notifications?page=2").text
    pages["fragment-mark-all"] = post(client, "/notifications/read", headers={"hx-request": "true"}).text
    pages["list-read"] = client.get("/notifications").text
    post(client, "/logout")
    client.cookies.clear()
    login(client, "farah")
    post(client, "/account", {"display_name": "فرح", "locale": "ar", "email": "farah@example.org",
                              "speak_for_organisation": "on"})
    pages["ar-list"] = client.get("/notifications").text
    pages["ar-digest"] = client.get("/account/email-digest").text
    world.user("bob")
    files = []
    problems = []
    for name, html in pages.items():
        if name.startswith("fragment-"):
            assert "<html" not in html
            html = FRAGMENT_PAGE.format(html)
        else:
            problems += [f"{name}: a link to #{target} with no such id" for target in broken_fragment_links(html)]
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    problems += [describe(message) for message in run_vnu(files) if is_problem(message)]
    assert not problems, "\n".join(problems)
