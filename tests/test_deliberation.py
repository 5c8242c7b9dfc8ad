"""Discussion of drafts through HTTP: comments, paragraph comments, replies, supports, follows, moderation."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesign import db
from tests.conftest import call, login, post, text_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()
SLUG = "housing-notice-under-the-door"


@pytest.fixture
def council(client, world):
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.scenarios import services

    council_id = world.council()
    ids = {}
    for name, role in (("ada", "member"), ("bea", "member"), ("cy", "member"), ("amina", "organiser")):
        ids[name] = world.user(name)
        world.member(council_id, ids[name], role)
    world.user("outsider")
    ada = Actor(user_id=ids["ada"], display_name="Ada",
                councils=(CouncilRole(council_id, "riverside", "Riverside", "member"),))
    call(client, services.propose_draft, ada, council_id, SAMPLE, "", "name")
    return {"id": council_id, **ids}


def comment(client, body="I like the second stage.", intent="support", **extra):
    return post(client, f"/drafts/{SLUG}/comments", {"body": body, "intent": intent, "shown_as": "name", **extra})


def test_a_member_comments_with_an_intent_shown_in_words(client, council):
    login(client, "bea")
    response = comment(client)
    assert response.status_code == 303 and response.headers["location"].startswith(f"/drafts/{SLUG}#comment-")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "I like the second stage." in page and "Support" in page and "Bea" in page
    assert "Discussion (1 thread)" in page


def test_comment_markdown_is_safe(client, council):
    login(client, "bea")
    comment(client, body="<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    html = client.get(f"/drafts/{SLUG}").text
    assert "<script>alert(1)" not in html and "<strong>bold</strong>" in html and 'href="javascript' not in html


def test_empty_oversized_and_intentless_comments_are_refused(client, council):
    from codesign.deliberation.tables import Comment

    login(client, "bea")
    assert comment(client, body="   ").status_code == 422
    assert comment(client, body="x" * 5001).status_code == 422
    assert comment(client, intent="shouting").status_code == 422
    assert call(client, Comment.count) == 0


def test_replies_nest_three_levels_and_notify_the_parent_author(client, council):
    from codesign.deliberation.tables import Comment
    from codesign.notifications.tables import Notification

    login(client, "bea")
    comment(client, body="First.")
    first = call(client, lambda: Comment.select(Comment.id).first())["id"]
    post(client, "/logout")
    login(client, "cy")
    assert client.get(f"/drafts/{SLUG}/comments/new?parent={first}").status_code == 200
    comment(client, body="Second.", intent="question", parent=str(first))
    second = call(client, lambda: Comment.select(Comment.id).where(Comment.body == "Second.").first())["id"]
    comment(client, body="Third.", parent=str(second))
    third = call(client, lambda: Comment.select(Comment.id).where(Comment.body == "Third.").first())["id"]
    comment(client, body="Fourth.", parent=str(third))
    depths = call(client, lambda: Comment.select(Comment.body, Comment.depth, Comment.thread_id).order_by(Comment.id))
    assert [(d["body"], d["depth"]) for d in depths] == [("First.", 0), ("Second.", 1), ("Third.", 2), ("Fourth.", 2)]
    assert {d["thread_id"] for d in depths[1:]} == {first}
    notices = call(client, lambda: Notification.select(Notification.kind, Notification.user.username))
    assert {"kind": "reply", "user.username": "bea"} in notices
    page = client.get(f"/drafts/{SLUG}").text
    assert page.index("First.") < page.index("Second.") < page.index("Third.") < page.index("Fourth.")


def test_mentions_notify_council_members_only(client, council):
    from codesign.notifications.tables import Notification

    login(client, "bea")
    comment(client, body="What do you think, @cy and @outsider?")
    notices = call(client, lambda: Notification.select(Notification.kind, Notification.user.username).where(
        Notification.kind == "mention"))
    assert notices == [{"kind": "mention", "user.username": "cy"}]


def test_paragraph_comments_stay_visible_marked_as_earlier_version(client, council):
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.scenarios import services

    login(client, "bea")
    page = client.get(f"/drafts/{SLUG}").text
    assert f"/drafts/{SLUG}/comments/new?block=1" in page  # block 0 is the "Situation" heading
    form = client.get(f"/drafts/{SLUG}/comments/new?block=3")
    assert form.status_code == 200 and "Comment on a paragraph" in form.text
    comment(client, body="This paragraph is too long.", intent="concern", block="3")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "On the paragraph:" in page and "(1 comment)" in page
    ada = Actor(user_id=council["ada"], councils=(CouncilRole(council["id"], "riverside", "R", "member"),))
    call(client, services.save_draft, ada, SLUG, SAMPLE.replace("eleven years", "twelve years"), "", "name")
    page = client.get(f"/drafts/{SLUG}").text
    assert "This paragraph is too long." in page and "earlier version (1)" in text_of(page)
    assert f"/drafts/{SLUG}/revisions/1" in page
    assert comment(client, body="Nope", block="9999").status_code == 422


def test_editing_marks_edited_and_keeps_history_for_moderators(client, council):
    from codesign.deliberation.tables import Comment

    login(client, "bea")
    comment(client, body="Original words.")
    comment_id = call(client, lambda: Comment.select(Comment.id).first())["id"]
    assert client.get(f"/comments/{comment_id}/edit").status_code == 200
    post(client, f"/comments/{comment_id}/edit", {"body": "Better words."})
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "Better words." in page and "edited" in page and "Original words." not in page
    assert client.get(f"/moderation/comments/{comment_id}/edits").status_code == 404
    post(client, "/logout")
    login(client, "cy")
    assert client.get(f"/comments/{comment_id}/edit").status_code == 403
    post(client, "/logout")
    login(client, "amina")
    assert "Original words." in client.get(f"/moderation/comments/{comment_id}/edits").text


def test_deleting_leaves_a_placeholder_and_keeps_replies(client, council):
    from codesign.deliberation.tables import Comment

    login(client, "bea")
    comment(client, body="Going away soon.")
    comment_id = call(client, lambda: Comment.select(Comment.id).first())["id"]
    comment(client, body="A reply that stays.", parent=str(comment_id))
    assert post(client, f"/comments/{comment_id}/delete", {}).status_code == 422
    post(client, f"/comments/{comment_id}/delete", {"confirm": "on"})
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "removed by its author" in page and "Going away soon." not in page and "A reply that stays." in page


def test_support_once_withdraw_and_sort_by_most_supported(client, council):
    from codesign.scenarios.tables import Scenario

    login(client, "bea")
    post(client, f"/drafts/{SLUG}/support", {"on": "on"})
    post(client, f"/drafts/{SLUG}/support", {"on": "on"})
    assert call(client, lambda: Scenario.select(Scenario.support_count).first())["support_count"] == 1
    assert "1 member supports this draft." in text_of(client.get(f"/drafts/{SLUG}").text)
    post(client, f"/drafts/{SLUG}/support", {})
    assert call(client, lambda: Scenario.select(Scenario.support_count).first())["support_count"] == 0
    assert client.get("/councils/riverside/drafts?sort=supported").status_code == 200
    assert client.get("/councils/riverside/drafts?sort=discussed").status_code == 200


def test_authors_and_commenters_follow_and_followers_hear_of_new_versions(client, council):
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.deliberation.tables import Follow
    from codesign.notifications.tables import Notification
    from codesign.scenarios import services

    login(client, "bea")
    comment(client, body="Following along.")
    followers = call(client, lambda: Follow.select(Follow.user.username).order_by(Follow.user.username))
    assert [f["user.username"] for f in followers] == ["ada", "bea"]
    ada = Actor(user_id=council["ada"], councils=(CouncilRole(council["id"], "riverside", "R", "member"),))
    call(client, services.save_draft, ada, SLUG, SAMPLE.replace("eleven", "twelve"), "", "name")
    notices = call(client, lambda: Notification.select(Notification.user.username).where(
        Notification.kind == "revision"))
    assert notices == [{"user.username": "bea"}]
    post(client, f"/drafts/{SLUG}/follow", {})
    assert call(client, lambda: Follow.count().where(Follow.user == council["bea"])) == 0


def test_outsiders_cannot_comment_and_closed_drafts_refuse_comments(client, council):
    from codesign.scenarios.tables import Scenario

    login(client, "outsider")
    assert comment(client).status_code == 404
    assert client.get(f"/drafts/{SLUG}/comments/new").status_code == 404
    post(client, "/logout")
    call(client, lambda: Scenario.update({Scenario.state: "withdrawn"}, force=True))
    login(client, "bea")
    response = comment(client)
    assert response.status_code == 422 and "Discussion of this draft is closed" in response.text


def test_posting_is_rate_limited(client, council):
    login(client, "bea")
    for number in range(5):
        assert comment(client, body=f"Comment {number}").status_code == 303
    limited = comment(client, body="One too many")
    assert limited.status_code == 429 and "You are posting very fast" in limited.text


def test_new_comments_arrive_for_viewers_without_a_reload(client, council):
    from codesign.deliberation.tables import Comment

    login(client, "bea")
    comment(client, body="Earlier one.")
    last = call(client, lambda: Comment.select(Comment.id).first())["id"]
    nothing = client.get(f"/drafts/{SLUG}/comments?after={last}", headers={"hx-request": "true"})
    assert nothing.status_code == 204
    comment(client, body="A brand new one.")
    update = client.get(f"/drafts/{SLUG}/comments?after={last}", headers={"hx-request": "true"})
    assert update.status_code == 200
    assert "A brand new one." in update.text and "Earlier one." not in update.text
    assert 'data-hx-swap-oob="beforeend:#comment-list"' in update.text and 'role="status"' in update.text
    page = client.get(f"/drafts/{SLUG}").text
    assert 'data-hx-trigger="every 20s"' in page


def test_flag_queue_hide_restore_block_and_log(client, council):
    from codesign.councils.tables import CouncilBlock, Membership
    from codesign.deliberation.tables import Comment, ModerationLog

    login(client, "bea")
    comment(client, body="Something rude.")
    comment_id = call(client, lambda: Comment.select(Comment.id).first())["id"]
    post(client, "/logout")
    login(client, "cy")
    assert client.get(f"/drafts/{SLUG}/flag?comment={comment_id}").status_code == 200
    assert post(client, f"/drafts/{SLUG}/flag", {"reason": "other", "comment": str(comment_id)}).status_code == 422
    assert post(client, f"/drafts/{SLUG}/flag", {"reason": "offensive", "comment": str(comment_id)}).status_code == 303
    assert client.get("/councils/riverside/moderation").status_code == 404
    post(client, "/logout")
    login(client, "amina")
    queue = text_of(client.get("/councils/riverside/moderation").text)
    assert "Offensive or disrespectful" in queue and "Something rude." in queue
    assert post(client, f"/moderation/comments/{comment_id}/hide", {"reason": ""}).status_code == 303
    assert call(client, lambda: Comment.select(Comment.hidden_at).first())["hidden_at"] is None
    post(client, f"/moderation/comments/{comment_id}/hide", {"reason": "Please keep it respectful."})
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "Hidden by a moderator: Please keep it respectful." in page and "Something rude." not in page
    assert "No flags are waiting" in client.get("/councils/riverside/moderation").text
    post(client, f"/moderation/comments/{comment_id}/restore")
    assert "Something rude." in client.get(f"/drafts/{SLUG}").text
    post(client, "/councils/riverside/moderation/block", {"user": str(council["bea"]), "reason": "Repeated abuse."})
    assert call(client, lambda: Membership.count().where(Membership.user == council["bea"])) == 0
    assert call(client, lambda: CouncilBlock.count()) == 1
    actions = [r["action"] for r in call(client, lambda: ModerationLog.select(ModerationLog.action).order_by(
        ModerationLog.id))]
    assert actions == ["hide", "restore", "block"]
    assert "Blocked a member from the council" in client.get("/councils/riverside/moderation/log").text


def test_a_blocked_member_cannot_rejoin_with_a_code(client, council, world):
    from codesign.accounts.actor import Actor
    from codesign.councils import services

    code = world.invitation(council["id"])
    call(client, services.block_member, Actor(user_id=council["amina"], is_admin=True), council["id"],
         council["bea"], "Repeated abuse.")
    login(client, "bea")
    response = post(client, "/join", {"code": code})
    assert response.status_code == 422 and "You cannot join this council." in response.text


def test_unsealing_an_anonymous_comment_is_logged(client, council):
    from codesign.deliberation.tables import Comment, ModerationLog

    login(client, "bea")
    post(client, f"/drafts/{SLUG}/comments", {"body": "Said quietly.", "intent": "concern", "shown_as": "council"})
    post(client, "/logout")
    login(client, "cy")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "A council member" in page and "Who wrote this?" not in page
    post(client, "/logout")
    login(client, "amina")
    comment_id = call(client, lambda: Comment.select(Comment.id).first())["id"]
    response = post(client, f"/moderation/comments/{comment_id}/unseal", follow_redirects=True)
    assert "Written by Bea (bea)" in response.text
    assert call(client, lambda: ModerationLog.select(ModerationLog.action).first())["action"] == "unseal"


def test_a_long_discussion_uses_a_fixed_number_of_queries(client, council):
    from datetime import UTC, datetime

    from codesign.deliberation.tables import Comment
    from codesign.scenarios.tables import Scenario

    login(client, "bea")
    comment(client, body="Warm up.")
    client.get("/")

    def count() -> int:
        before = db.query_count()
        assert client.get(f"/drafts/{SLUG}").status_code == 200
        return db.query_count() - before

    small = count()
    scenario_id = call(client, lambda: Scenario.select(Scenario.id).first())["id"]
    now = datetime.now(UTC)
    rows = [Comment(scenario=scenario_id, author=council["cy"], intent="question", body=f"Comment {n}",
                    created_at=now, depth=0) for n in range(2000)]
    for start in range(0, 2000, 500):
        call(client, lambda batch=rows[start:start + 500]: Comment.insert(*batch))
    assert count() == small


def test_comments_on_an_amendment_stay_with_the_amendment(client, council):
    from codesign.deliberation.tables import Comment

    login(client, "bea")
    post(client, f"/drafts/{SLUG}/amend", {
        "title": "The notice under the door", "details": "schema_version: '1.0'\n", "shown_as": "name",
        "section_situation": "Shorter.", "reason": "Too long.", "action": "save"})
    page = client.get(f"/drafts/{SLUG}/amendments/1")
    assert page.status_code == 200 and 'name="amendment" value="1"' in page.text
    comment(client, body="About the amendment.", amendment="1")
    assert call(client, lambda: Comment.select(Comment.amendment).first())["amendment"] == 1
    assert "About the amendment." in client.get(f"/drafts/{SLUG}/amendments/1").text
    assert "About the amendment." not in client.get(f"/drafts/{SLUG}").text


def test_the_first_comment_arrives_live_and_excerpts_are_plain_text(client, council):
    from codesign.deliberation.tables import Comment

    login(client, "bea")
    nothing = client.get(f"/drafts/{SLUG}/comments?after=0", headers={"hx-request": "true"})
    assert nothing.status_code == 204
    comment(client, body="The very first.", block="1")
    first = client.get(f"/drafts/{SLUG}/comments?after=0", headers={"hx-request": "true"})
    assert "The very first." in first.text
    excerpt = call(client, lambda: Comment.select(Comment.block_excerpt).first())["block_excerpt"]
    assert excerpt.startswith("Rosa (suggested name") and "&amp;" not in excerpt and "*" not in excerpt
    assert client.get(f"/drafts/{SLUG}/comments?after=99999999999999", headers={"hx-request": "true"}).status_code == 204


def test_an_organiser_hides_a_flagged_draft_with_a_visible_reason(client, council):
    from codesign.deliberation.tables import ModerationLog

    login(client, "bea")
    post(client, f"/drafts/{SLUG}/flag", {"reason": "identifies_person", "note": "A real street name."})
    post(client, "/logout")
    login(client, "amina")
    assert "Hide draft" in client.get("/councils/riverside/moderation").text
    assert post(client, f"/drafts/{SLUG}/hide", {"reason": ""}, follow_redirects=True).status_code == 200
    post(client, f"/drafts/{SLUG}/hide", {"reason": "It names a real street."})
    assert "As a moderator you still see its text." in client.get(f"/drafts/{SLUG}").text
    post(client, "/logout")
    login(client, "cy")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "Hidden by a moderator: It names a real street." in page and "Rosa" not in page
    assert "Rosa" not in client.get(f"/drafts/{SLUG}/revisions/1").text
    assert "The notice under the door" not in client.get("/councils/riverside/drafts").text
    post(client, "/logout")
    login(client, "amina")
    post(client, f"/drafts/{SLUG}/restore")
    actions = [r["action"] for r in call(client, lambda: ModerationLog.select(ModerationLog.action))]
    assert actions == ["hide_draft", "restore_draft"]
    assert "Rosa" in client.get(f"/drafts/{SLUG}").text
