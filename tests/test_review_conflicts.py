"""Conflicts of interest in expert review (domain.md §2.1): the author, a co-author, or an amender credited with a
revision may not review the draft; someone who only commented on it may."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import call, login, post, text_of
from tests.review_setup import SAMPLE, SLUG, actor, answers, build, decide

DRAFT = f"/drafts/{SLUG}"
CREDITED = "This person&#39;s amendment was accepted into the draft, so they cannot review it."


def logout(client):
    post(client, "/logout")
    client.cookies.clear()


def assign(client, reviewer, kind="safeguarding"):
    return post(client, f"{DRAFT}/reviewers", {"review_kind": kind, "reviewer": reviewer, "due_days": "14"})


def register(client, ids, *names, kind="safeguarding"):
    from codesign.accounts.tables import ReviewerKind

    call(client, lambda: ReviewerKind.insert(*[ReviewerKind(user=ids[n], kind=kind) for n in names]))


def amended_by(client, ids, name):
    """`name` suggests an amendment and the author accepts it: the new revision credits `name`."""
    from codesign.scenarios import amendments

    text = SAMPLE.replace("she has not slept", "she is tired")
    number = call(client, amendments.propose, actor(ids, name, "member"), SLUG, text, "Simpler.", "name")
    call(client, amendments.accept, actor(ids, "ada", "member"), SLUG, number)


def add_co_author(client, ids, name):
    from codesign.scenarios.tables import CoAuthor

    call(client, lambda: CoAuthor.insert(CoAuthor(scenario=1, user=ids[name], added_at=datetime.now(UTC))))


@pytest.fixture
def ids(client, world):
    return build(client, world)  # ada wrote the draft; bea and cy are members; it is in community review


@pytest.mark.parametrize("who, status, message", [
    ("ada", 422, "An author of the draft cannot review it."),
    ("co_author", 422, "An author of the draft cannot review it."),
    ("amender", 422, CREDITED),
    ("commenter", 303, None),
])
def test_who_may_be_assigned(client, ids, who, status, message):
    from codesign.review.tables import Assignment

    register(client, ids, "ada", "bea")
    if who == "co_author":
        add_co_author(client, ids, "bea")
    elif who == "amender":
        amended_by(client, ids, "bea")
    elif who == "commenter":
        login(client, "bea")
        assert post(client, f"{DRAFT}/comments", {"body": "Is 14 days realistic?", "intent": "question",
                                                  "shown_as": "name"}).status_code == 303
        logout(client)
    decide(client, ids)
    login(client, "amina")
    name = "ada" if who == "ada" else "bea"
    offered = client.get(f"{DRAFT}/reviewers").text
    assert (f"{name.title()} (" in offered) is (who == "commenter")  # those who wrote it are not offered
    response = assign(client, name)
    assert response.status_code == status
    if message:
        assert message in response.text and call(client, Assignment.count) == 0
    else:
        logout(client)
        login(client, "bea")
        done = post(client, "/reviews/1", {**answers("safeguarding"), "outcome": "pass", "summary": ""})
        assert done.status_code == 303 and done.headers["location"] == "/reviews/1"


def test_a_reviewer_whose_amendment_is_accepted_later_may_no_longer_review(client, ids):
    from codesign.review.tables import Review

    register(client, ids, "cy")
    login(client, "amina")
    assert assign(client, "cy").status_code == 303  # assigned early, during community review
    logout(client)
    amended_by(client, ids, "cy")
    decide(client, ids)
    login(client, "cy")
    page = client.get("/reviews/1")
    assert page.status_code == 200
    assert "You wrote part of this draft" in text_of(page.text) and "Submit the review" not in page.text
    refused = post(client, "/reviews/1", {**answers("safeguarding"), "outcome": "pass", "summary": ""})
    assert refused.status_code == 403
    assert call(client, Review.count) == 0


def test_a_co_author_added_after_assignment_may_no_longer_review(client, ids):
    register(client, ids, "cy")
    decide(client, ids)
    login(client, "amina")
    assert assign(client, "cy").status_code == 303
    logout(client)
    add_co_author(client, ids, "cy")
    login(client, "cy")
    assert post(client, "/reviews/1", {**answers("safeguarding"), "outcome": "pass", "summary": ""}).status_code == 403
