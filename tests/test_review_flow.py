"""The whole path of a draft through expert review, over HTTP: a council decision, two reviewers, changes
requested and a revision, the reviewer reading what changed and signing off, the final sign-off, approval."""

from __future__ import annotations

from tests.conftest import call, login, post, text_of
from tests.review_setup import SAMPLE, SLUG, actor, answers, build, decide, state

DRAFT = f"/drafts/{SLUG}"


def logout(client):
    post(client, "/logout")
    client.cookies.clear()


def review(client, number, kind, outcome="pass", summary="", **special):
    return post(client, f"/reviews/{number}", {**answers(kind, **special), "outcome": outcome, "summary": summary})


def open_signoff(client):
    return post(client, f"{DRAFT}/decisions/new", {"question": "Does it still say what we meant?", "rule": "consent",
                                                   "quorum": "20", "purpose": "signoff", "closes_in_days": "7"})


def test_a_draft_goes_from_submission_through_two_expert_reviews_to_approval(client, world):
    from codesign.scenarios import services as scenarios
    from codesign.voting import services as voting

    ids = build(client, world)  # two reviews required: safeguarding and rights; the draft is in community review
    assert state(client) == "community_review"
    assert decide(client, ids) == "expert_review"

    # The organiser assigns two reviewers from the draft's page.
    login(client, "amina")
    for kind, reviewer in (("safeguarding", "rev"), ("rights", "rita")):
        response = post(client, f"{DRAFT}/reviewers", {"review_kind": kind, "reviewer": reviewer, "due_days": "14"})
        assert response.status_code == 303
    refused = open_signoff(client)
    assert refused.status_code == 422 and "Every required expert review must be signed off first" in refused.text
    logout(client)

    # The safeguarding reviewer finds it in their queue and requests changes.
    login(client, "rev")
    assert 'href="/reviews/1"' in client.get("/reviews").text
    page = client.get("/reviews/1").text
    assert "What changed since your review" not in page and "No review yet." in page
    response = review(client, 1, "safeguarding", "changes_requested", "Say how to support a distressed participant.",
                      safeguarding_6="no")
    assert response.status_code == 303
    assert state(client) == "changes_requested"
    logout(client)

    # The author reads the reasons, revises and resubmits; the council passes it again.
    login(client, "ada")
    assert "Say how to support a distressed participant." in text_of(client.get(DRAFT).text)
    revised = SAMPLE.replace("and she has not slept.", "and she has not slept. A colleague can step in if she "
                                                         "becomes upset.")
    assert revised != SAMPLE
    call(client, scenarios.save_draft, actor(ids, "ada", "member"), SLUG, revised, "Support for distress", "name")
    assert post(client, f"{DRAFT}/steps/submit").status_code == 303
    assert state(client) == "community_review"
    logout(client)
    assert decide(client, ids) == "expert_review"

    # The reviewer sees what changed since their review, and signs off; so does the second reviewer.
    login(client, "rev")
    page = client.get("/reviews/1").text
    assert "What changed since your review (version 1 to version 2)" in page
    assert "<ins>" in page and "colleague" in page
    assert "Changes requested" in page  # their earlier review, in the history
    assert review(client, 1, "safeguarding", "pass").status_code == 303
    logout(client)
    login(client, "rita")
    assert review(client, 2, "rights", "pass_with_notes", "Check the notice period locally.").status_code == 303
    logout(client)

    # The organiser opens the final sign-off; the members consent; it closes; the draft is approved.
    login(client, "amina")
    assert "Every required review has signed off the newest version." in client.get(DRAFT).text
    opened = open_signoff(client)
    assert opened.status_code == 303, opened.text
    decision = int(opened.headers["location"].rsplit("/", 1)[1])
    for name in ("ada", "bea", "cy"):
        call(client, voting.cast, actor(ids, name, "member"), decision, "approve", "")
    assert post(client, f"/decisions/{decision}/close").status_code == 303
    assert state(client) == "approved"
    page = text_of(client.get(DRAFT).text)
    assert "Approved" in page
