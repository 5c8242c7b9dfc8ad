"""Re-review triggers through the app: an edit re-opens only the review kinds whose sections it touches; the
"signed off" condition, the reviewer's queue, the draft's panel and the review page follow."""

from __future__ import annotations

from tests.conftest import call, login, post, text_of
from tests.review_setup import SAMPLE, SLUG, actor, answers, build, decide, state

DRAFT = f"/drafts/{SLUG}"


def logout(client):
    post(client, "/logout")
    client.cookies.clear()


def review(client, number, kind, outcome="pass", summary="", **special):
    login(client, {1: "rev", 2: "rita", 3: "ulla"}[number])
    response = post(client, f"/reviews/{number}", {**answers(kind, **special), "outcome": outcome, "summary": summary})
    assert response.status_code == 303, response.text
    logout(client)


def revise(client, ids, text):
    """The plain-language reviewer asks for changes; the author saves `text` and the council passes it again."""
    from codesign.scenarios import services as scenarios

    review(client, 3, "plain_language", "changes_requested", "Shorter sentences, please.")
    assert state(client) == "changes_requested"
    ada = actor(ids, "ada", "member")
    call(client, scenarios.save_draft, ada, SLUG, text, "Revised", "name")
    call(client, scenarios.transition, ada, SLUG, "submit", "")
    assert decide(client, ids) == "expert_review"


def awaiting(client):
    from codesign.review.tables import Assignment

    rows = call(client, lambda: Assignment.select(Assignment.id, Assignment.awaiting).order_by(Assignment.id))
    return {r["id"]: r["awaiting"] for r in rows}


def test_an_edit_reopens_only_the_reviews_whose_sections_it_touches(client, world):
    from codesign.review import services

    ids = build(client, world)  # safeguarding and rights are required
    assert decide(client, ids) == "expert_review"
    login(client, "amina")
    for kind, reviewer in (("safeguarding", "rev"), ("rights", "rita"), ("plain_language", "ulla")):
        assert post(client, f"{DRAFT}/reviewers", {"review_kind": kind, "reviewer": reviewer,
                                                    "due_days": "14"}).status_code == 303
    logout(client)
    review(client, 1, "safeguarding")
    review(client, 2, "rights")
    signed_off = lambda: call(client, services.signed_off, 1, ids["id"])  # noqa: E731
    assert signed_off() is True

    # 1. Only the Situation changes: safeguarding and rights still stand; plain language asked for the changes.
    situation = SAMPLE.replace("she has not slept", "she is very tired")
    revise(client, ids, situation)
    assert awaiting(client) == {1: False, 2: False, 3: True}
    assert signed_off() is True
    login(client, "rev")
    assert "Waiting for your review" not in client.get("/reviews").text
    page = text_of(client.get("/reviews/1").text)
    assert "What changed since your review (version 1 to version 2)" in page  # the diff is still shown
    assert "Sections changed: Situation." in page
    assert "These changes do not touch what a Safeguarding and trauma review checks" in page
    logout(client)
    login(client, "amina")
    panel = text_of(client.get(DRAFT).text)
    assert "Every required review has signed off the newest version." in panel
    assert "The text changed since this review" not in panel
    logout(client)

    # 2. The Characters change: safeguarding is due again, rights (no legal content touched) still stands.
    characters = situation.replace("Your next appointment is in 15 minutes.", "Your next appointment is in 10 minutes.")
    revise(client, ids, characters)
    assert awaiting(client) == {1: True, 2: False, 3: True}
    assert signed_off() is False
    login(client, "rev")
    assert "Waiting for your review" in client.get("/reviews").text
    page = text_of(client.get("/reviews/1").text)
    assert "What changed since your review (version 1 to version 3)" in page
    assert "Sections changed: Situation, Characters." in page
    assert "These changes touch what a Safeguarding and trauma review checks, so your review is due again." in page
    logout(client)
    login(client, "amina")
    panel = client.get(DRAFT).text
    assert panel.count("The text changed since this review") == 1
    assert "Every required review has signed off" not in panel
    logout(client)
    review(client, 1, "safeguarding")
    assert signed_off() is True

    # 3. The facilitator notes (legal content) change: rights is due again, safeguarding still stands.
    notes = characters.replace("check local rules on notice periods", "check local rules on notice periods and "
                                                                     "deposits")
    revise(client, ids, notes)
    assert awaiting(client) == {1: False, 2: True, 3: True}
    assert signed_off() is False
    review(client, 2, "rights")
    assert signed_off() is True


def test_a_reviewer_who_asked_for_changes_is_due_again_whatever_changed(client, world):
    ids = build(client, world)
    decide(client, ids)
    login(client, "amina")
    for kind, reviewer in (("safeguarding", "rev"), ("rights", "rita"), ("plain_language", "ulla")):
        post(client, f"{DRAFT}/reviewers", {"review_kind": kind, "reviewer": reviewer, "due_days": "14"})
    logout(client)
    review(client, 2, "rights", "changes_requested", "Name the local advice service.")
    from codesign.scenarios import services as scenarios

    ada = actor(ids, "ada", "member")
    call(client, scenarios.save_draft, ada, SLUG, SAMPLE.replace("she has not slept", "she is tired"), "x", "name")
    call(client, scenarios.transition, ada, SLUG, "submit", "")
    decide(client, ids)
    assert awaiting(client) == {1: True, 2: True, 3: True}
    login(client, "rita")
    page = text_of(client.get("/reviews/2").text)
    assert "Sections changed: Situation." in page and "sign-off still stands" not in page
