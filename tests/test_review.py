"""Expert review through HTTP: assigning reviewers, the checklist rules, a reviewer's time-limited access, blocks
no council vote can overrule, the queue, the draft's panel, and who may do what (a role × action matrix)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from codesign import db
from tests.conftest import call, login, post, text_of
from tests.review_setup import SAMPLE, SLUG, actor, answers, build, decide, state

DRAFT = f"/drafts/{SLUG}"


@pytest.fixture
def ids(client, world):
    return build(client, world)


def assign(client, kind="safeguarding", reviewer="rev", due="14", **headers):
    return post(client, f"{DRAFT}/reviewers", {"review_kind": kind, "reviewer": reviewer, "due_days": due},
                headers=headers or None)


def as_organiser_assign(client, kind="safeguarding", reviewer="rev"):
    login(client, "amina")
    response = assign(client, kind, reviewer)
    assert response.status_code == 303, response.text
    post(client, "/logout")
    client.cookies.clear()


def assignment_id(client, reviewer_id, kind=None):
    from codesign.review.tables import Assignment

    where = Assignment.reviewer == reviewer_id
    if kind:
        where &= Assignment.kind == kind
    return call(client, lambda: Assignment.select(Assignment.id).where(where).order_by(Assignment.id,
                                                                                      ascending=False).first())["id"]


def review(client, number, kind="safeguarding", outcome="pass", summary="", **special):
    return post(client, f"/reviews/{number}", {**answers(kind, **special), "outcome": outcome, "summary": summary})


def logout(client):
    post(client, "/logout")
    client.cookies.clear()


# --- assigning ------------------------------------------------------------------------------------------


def test_an_organiser_assigns_a_reviewer_who_is_told_and_listed_on_the_draft(client, ids):
    from codesign.notifications.tables import Notification

    login(client, "amina")
    page = client.get(DRAFT).text
    assert 'id="review-panel"' in page and "Assign a reviewer" in page
    assert "Safeguarding and trauma" in page and "Required by the council" in page
    assert assign(client).headers["location"] == DRAFT
    notices = call(client, lambda: Notification.select(Notification.user, Notification.kind, Notification.url))
    assert {"user": ids["rev"], "kind": "review_assigned", "url": "/reviews/1"} in notices
    assert "Rev Reviewer" in client.get(DRAFT).text  # organisers see the pseudonymous display name
    logout(client)
    login(client, "bea")
    page = text_of(client.get(DRAFT).text)
    assert "Safeguarding and trauma reviewer" in page and "Rev Reviewer" not in page
    assert "Assign a reviewer" not in page


@pytest.mark.parametrize("data, field, message", [
    ({"reviewer": "nobody"}, "reviewer", "Choose a registered reviewer."),
    ({"reviewer": "ada"}, "reviewer", "An author of the draft cannot review it."),
    ({"reviewer": "wendy"}, "reviewer", "This person does not review “Safeguarding and trauma”."),
    ({"review_kind": "astrology"}, "review_kind", "Choose one of the options shown."),
    ({"due": "0"}, "due_days", "Enter a number of at least 1."),
    ({"due": "many"}, "due_days", "Enter a whole number."),
])
def test_assigning_refuses_bad_choices_with_the_form_again(client, ids, data, field, message):
    from codesign.accounts.tables import ReviewerKind
    from codesign.review.tables import Assignment

    call(client, lambda: ReviewerKind.insert(ReviewerKind(user=ids["ada"], kind="safeguarding")))  # ada is an author
    login(client, "amina")
    response = assign(client, data.get("review_kind", "safeguarding"), data.get("reviewer", "rev"),
                      data.get("due", "14"))
    assert response.status_code == 422
    assert message in response.text and f'href="#{field}"' in response.text
    assert "<title>Error:" in response.text
    assert call(client, Assignment.count) == 0


def test_the_same_reviewer_is_not_assigned_twice_for_one_kind_and_htmx_gets_the_panel(client, ids):
    login(client, "amina")
    htmx = {"hx-request": "true"}
    done = assign(client, **htmx)
    assert done.status_code == 200 and 'id="review-panel"' in done.text and "<html" not in done.text
    assert "The reviewer is assigned and has been told." in done.text
    again = assign(client, **htmx)
    assert again.status_code == 422 and "This person already reviews this draft for this kind." in again.text
    assert assign(client, "rights").status_code == 303  # the same person for another kind is fine


def test_the_assign_page_works_without_javascript(client, ids):
    login(client, "amina")
    page = client.get(f"{DRAFT}/reviewers")
    assert page.status_code == 200 and 'action="/drafts/housing-notice-under-the-door/reviewers"' in page.text
    assert "Rev Reviewer (Safeguarding and trauma" in page.text
    assert "Ada (" not in page.text  # authors are not offered


# --- access ---------------------------------------------------------------------------------------------


def test_a_reviewer_outside_the_council_opens_the_assigned_draft_until_30_days_after_their_review(client, ids):
    from codesign.review.tables import Assignment

    login(client, "rev")
    assert client.get(DRAFT).status_code == 404
    logout(client)
    decide(client, ids)
    as_organiser_assign(client)
    login(client, "rev")
    page = client.get(DRAFT)
    assert page.status_code == 200
    assert "INS-0007" in page.text  # the sources and their consent status
    assert review(client, 1).status_code == 303
    assert client.get(DRAFT).status_code == 200
    call(client, lambda: Assignment.update({Assignment.last_reviewed_at: datetime.now(UTC) - timedelta(days=29)}, force=True))
    assert client.get(DRAFT).status_code == 200
    call(client, lambda: Assignment.update({Assignment.last_reviewed_at: datetime.now(UTC) - timedelta(days=31)}, force=True))
    assert client.get(DRAFT).status_code == 404
    assert client.get("/reviews/1").status_code == 404
    assert "Your access to this draft has ended." in client.get("/reviews").text


def test_removing_a_reviewer_ends_their_access_at_once(client, ids):
    decide(client, ids)
    as_organiser_assign(client)
    login(client, "amina")
    assert post(client, "/reviews/1/remove").headers["location"] == DRAFT
    logout(client)
    login(client, "rev")
    assert client.get(DRAFT).status_code == 404
    assert client.get("/reviews/1").status_code == 404


# --- the checklist rules through HTTP ---------------------------------------------------------------------


@pytest.mark.parametrize("form, field, message", [
    ({"answer_safeguarding_4": ""}, "answer_safeguarding_4", "Answer this question: yes, no or not applicable."),
    ({"answer_safeguarding_4": "maybe"}, "answer_safeguarding_4", "Choose one of the options shown."),
    ({"answer_safeguarding_4": "no", "note_safeguarding_4": ""}, "note_safeguarding_4", "every “no” needs one"),
    ({"answer_safeguarding_1": "no", "note_safeguarding_1": "Too graphic."}, "outcome",
     "An essential item (★) is answered “no”, so the outcome cannot be “Pass”."),
    ({"outcome": "changes_requested", "summary": ""}, "summary", "Give your reasons"),
    ({"outcome": "block", "summary": "  "}, "summary", "Give your reasons"),
    ({"outcome": "shrug"}, "outcome", "Choose an outcome."),
])
def test_a_review_breaking_a_checklist_rule_comes_back_with_the_error_and_nothing_is_written(
        client, ids, form, field, message):
    from codesign.review.tables import Review

    decide(client, ids)
    as_organiser_assign(client)
    login(client, "rev")
    data = {**answers("safeguarding"), "outcome": "pass", "summary": "", **form}
    response = post(client, "/reviews/1", data)
    assert response.status_code == 422, response.text
    assert message in response.text and f'href="#{field}"' in response.text and f'id="{field}"' in response.text
    assert call(client, Review.count) == 0 and state(client) == "expert_review"


def test_a_starred_no_may_still_pass_with_notes(client, ids):
    decide(client, ids)
    as_organiser_assign(client)
    login(client, "rev")
    response = review(client, 1, outcome="pass_with_notes", summary="Soften the notice.", safeguarding_1="no")
    assert response.status_code == 303
    assert "Your review is saved and signs off" in client.get("/reviews/1").text


def test_a_review_is_refused_while_the_draft_is_not_in_expert_review(client, ids):
    from codesign.review.tables import Review

    as_organiser_assign(client)  # assigned early, during community review
    login(client, "rev")
    page = client.get("/reviews/1").text
    assert "You can submit a review while the draft is in expert review." in page
    response = review(client, 1, outcome="changes_requested", summary="Not yet.")
    assert response.status_code == 422
    assert "A review can be submitted only while the draft is in expert review." in response.text
    assert "Community review" in response.text
    assert call(client, Review.count) == 0 and state(client) == "community_review"


def test_changes_requested_send_the_draft_back_with_the_reasons_on_its_timeline(client, ids):
    decide(client, ids)
    as_organiser_assign(client)
    login(client, "rev")
    response = review(client, 1, outcome="changes_requested", summary="Add a stop signal to the prebrief.",
                      safeguarding_6="no")
    assert response.status_code == 303
    assert state(client) == "changes_requested"
    logout(client)
    login(client, "ada")
    page = text_of(client.get(DRAFT).text)
    assert "Safeguarding and trauma review: Changes requested." in page
    assert "Add a stop signal to the prebrief." in page and "Needs work here." in page
    assert "Rev Reviewer" not in page  # the timeline names the review kind, never the reviewer


# --- blocks ---------------------------------------------------------------------------------------------


def test_a_block_stands_until_its_reviewer_signs_off_whatever_the_council_decides(client, ids):
    from codesign.errors import InvalidTransition, ValidationFailed
    from codesign.scenarios import services as scenarios
    from codesign.scenarios.tables import Scenario
    from codesign.voting import services as voting

    decide(client, ids)
    as_organiser_assign(client, "safeguarding", "rev")
    as_organiser_assign(client, "rights", "rita")
    login(client, "rev")
    assert review(client, 1, outcome="block", summary="Identifiable details.", safeguarding_8="no").status_code == 303
    logout(client)
    ada = actor(ids, "ada", "member")
    call(client, scenarios.save_draft, ada, SLUG, SAMPLE.replace("has not slept", "is very tired"), "Fixes", "name")
    call(client, scenarios.transition, ada, SLUG, "submit", "")
    assert decide(client, ids) == "expert_review"  # the council passing the draft does not approve it
    login(client, "rita")
    assert review(client, 2, kind="rights").status_code == 303
    logout(client)
    # The organiser removes the blocking reviewer and assigns another, who signs off: the block still stands.
    login(client, "amina")
    post(client, "/reviews/1/remove")
    assert "Blocked by the Safeguarding and trauma review" in text_of(client.get(DRAFT).text)
    assert assign(client, "safeguarding", "ulla").status_code == 303
    logout(client)
    login(client, "ulla")
    assert review(client, 3).status_code == 303
    logout(client)
    amina = actor(ids, "amina", "organiser")
    with pytest.raises((InvalidTransition, ValidationFailed)):
        call(client, voting.open_decision, amina, SLUG, "Still right?", "consent", 20, False, False, None, None,
             "signoff")
    # Even a passed sign-off decision (forced here) cannot approve it: the draft goes back to expert review.
    scenario_id = call(client, lambda: Scenario.select(Scenario.id).first())["id"]
    call(client, lambda: Scenario.update({Scenario.state: "council_decision"}).where(Scenario.id == scenario_id))
    call(client, voting._hand_to_lifecycle, {"purpose": "signoff", "scenario": scenario_id}, "passed")
    assert state(client) == "expert_review"


def test_the_blocking_reviewer_signing_off_lifts_the_block(client, ids):
    from codesign.review import services

    decide(client, ids)
    as_organiser_assign(client, "safeguarding", "rev")
    as_organiser_assign(client, "rights", "rita")
    login(client, "rev")
    review(client, 1, outcome="block", summary="Identifiable details.", safeguarding_8="no")
    logout(client)
    ada = actor(ids, "ada", "member")
    from codesign.scenarios import services as scenarios

    call(client, scenarios.save_draft, ada, SLUG, SAMPLE.replace("has not slept", "is very tired"), "Fixes", "name")
    call(client, scenarios.transition, ada, SLUG, "submit", "")
    decide(client, ids)
    for name, number, kind in (("rev", 1, "safeguarding"), ("rita", 2, "rights")):
        login(client, name)
        assert review(client, number, kind=kind).status_code == 303
        logout(client)
    assert call(client, services.signed_off, 1, ids["id"]) is True


# --- the queue ------------------------------------------------------------------------------------------


def test_the_queue_shows_overdue_reviews_first_and_its_query_count_is_flat(client, ids):
    from codesign.review.tables import Assignment

    now = datetime.now(UTC)

    def add(count, start):
        rows = [Assignment(scenario=1, kind="bias", reviewer=ids["rev"], due_at=now + timedelta(days=start + n),
                           created_at=now) for n in range(count)]
        return call(client, lambda: Assignment.insert(*rows))

    decide(client, ids)
    add(2, 5)
    login(client, "rev")
    client.get("/reviews")
    before = db.query_count()
    assert client.get("/reviews").status_code == 200
    small = db.query_count() - before
    add(40, 10)
    call(client, lambda: Assignment.update({Assignment.due_at: now - timedelta(days=3)}).where(Assignment.id == 40))
    call(client, lambda: Assignment.update({Assignment.awaiting: False}).where(Assignment.id == 1))
    before = db.query_count()
    page = client.get("/reviews").text
    assert db.query_count() - before == small
    assert page.index('href="/reviews/40"') < page.index('href="/reviews/2"')  # overdue first
    assert "Overdue" in page and "Page 1 of 2" in page
    assert 'href="/reviews/1"' not in page  # done: on the last page
    assert 'href="/reviews/1"' in client.get("/reviews?page=2").text


# --- the panel ------------------------------------------------------------------------------------------


def test_trainers_and_members_never_see_reviewer_names(client, ids):
    decide(client, ids)
    as_organiser_assign(client, "safeguarding", "rev")
    as_organiser_assign(client, "rights", "rita")
    for name, number, kind in (("rev", 1, "safeguarding"), ("rita", 2, "rights")):
        login(client, name)
        assert review(client, number, kind=kind).status_code == 303
        logout(client)
    assert decide(client, ids, "signoff") == "approved"
    login(client, "tom")
    assert client.get(DRAFT).status_code == 404  # trainers never see the council's draft at all
    page = client.get("/library")
    assert "Rev Reviewer" not in page.text and "Rita Reviewer" not in page.text
    logout(client)
    login(client, "bea")  # nor do members: the panel names the review kind only, and the timeline no reviewer
    page = client.get(DRAFT)
    assert page.status_code == 200 and 'id="review-panel"' in page.text
    assert "Rev Reviewer" not in page.text and "Rita Reviewer" not in page.text
    assert "Safeguarding and trauma reviewer" in text_of(page.text)


# --- who may do what ------------------------------------------------------------------------------------

ACTIONS = ("panel", "queue", "review_page", "submit", "assign", "unassign")
MATRIX = {
    "bea": (True, False, False, False, False, False),  # a member
    "ada": (True, False, False, False, False, False),  # the author
    "amina": (True, False, True, False, True, True),  # an organiser of this council
    "olga": (False, False, False, False, False, False),  # an organiser of another council
    "rev": (True, True, True, True, False, False),  # the assigned reviewer
    "ulla": (False, True, False, False, False, False),  # a reviewer of the right kind, not assigned
    "wendy": (False, True, False, False, False, False),  # a reviewer of another kind
    "tom": (False, False, False, False, False, False),  # a trainer
    "root": (True, False, False, False, False, False),  # an admin
    "": (False, False, False, False, False, False),  # anonymous
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_action_matrix(client, ids, role):
    decide(client, ids)
    as_organiser_assign(client, "safeguarding", "rev")
    as_organiser_assign(client, "rights", "rita")
    if role:
        login(client, role)
    draft = client.get(DRAFT, follow_redirects=False)
    queue = client.get("/reviews", follow_redirects=False)
    page = client.get("/reviews/1", follow_redirects=False)
    submitted = review(client, 1)
    assigned = assign(client, "bias", "ulla")
    removed = post(client, "/reviews/2/remove")
    got = (
        draft.status_code == 200 and 'id="review-panel"' in draft.text,
        queue.status_code == 200,
        page.status_code == 200,
        submitted.status_code == 303 and submitted.headers["location"] == "/reviews/1",
        assigned.status_code == 303 and assigned.headers["location"] == DRAFT,
        removed.status_code == 303 and removed.headers["location"] == DRAFT,
    )
    assert dict(zip(ACTIONS, got, strict=True)) == dict(zip(ACTIONS, MATRIX[role], strict=True))
    for response in (draft, queue, page, submitted, assigned, removed):
        assert response.status_code < 500
