"""The stereotype and bias review through the app: it counts as signed off only when at least one reviewer who
signs it off is from a migrant-led organisation (domain.md §2.1); the panel says so, the assign form hints at it."""

from __future__ import annotations

from tests.conftest import call, login, post, text_of
from tests.review_setup import actor, answers, build, decide, join_migrant_led

DRAFT = "/drafts/housing-notice-under-the-door"
MISSING = "Not signed off yet: the reviewers who signed off are not from a migrant-led organisation."
RULE = "At least one reviewer who signs off this review must be from a migrant-led organisation."


def logout(client):
    post(client, "/logout")
    client.cookies.clear()


def sign_off(client, name, number, kind):
    login(client, name)
    response = post(client, f"/reviews/{number}", {**answers(kind), "outcome": "pass", "summary": ""})
    assert response.status_code == 303, response.text
    logout(client)


def test_a_bias_sign_off_counts_only_with_a_reviewer_from_a_migrant_led_organisation(client, world):
    from codesign.councils.workflow import update_workflow_settings
    from codesign.review import services

    ids = build(client, world)
    call(client, update_workflow_settings, actor(ids, "amina", "organiser"), ids["id"],
         ["safeguarding", "rights", "bias"], "consent", 20, {})
    decide(client, ids)
    login(client, "amina")
    for kind, reviewer in (("safeguarding", "rev"), ("rights", "rita"), ("bias", "ulla")):
        assert post(client, f"{DRAFT}/reviewers", {"review_kind": kind, "reviewer": reviewer,
                                                    "due_days": "14"}).status_code == 303
    assert RULE in text_of(client.get(DRAFT).text)  # before anyone signs off, the rule is stated
    logout(client)
    for name, number, kind in (("rev", 1, "safeguarding"), ("rita", 2, "rights"), ("ulla", 3, "bias")):
        sign_off(client, name, number, kind)
    assert call(client, services.signed_off, 1, ids["id"]) is False

    # Everyone who reads the panel is told what is missing, in words.
    for name in ("amina", "ada"):
        login(client, name)
        page = text_of(client.get(DRAFT).text)
        assert MISSING in page and "Every required review has signed off" not in page, name
        logout(client)
    login(client, "amina")
    refused = post(client, f"{DRAFT}/decisions/new", {"question": "Still right?", "rule": "consent", "quorum": "20",
                                                      "purpose": "signoff", "closes_in_days": "7"})
    assert refused.status_code == 422 and "Every required expert review must be signed off first" in refused.text
    logout(client)

    # A second bias reviewer, from a migrant-led organisation, signs off: now it counts.
    join_migrant_led(client, ids["rev"])
    login(client, "amina")
    assign_page = client.get(f"{DRAFT}/reviewers").text
    assert "Rev Reviewer (" in assign_page and "; from a migrant-led organisation)" in assign_page
    assert "Ulla Reviewer (" in assign_page and assign_page.count("from a migrant-led organisation)") == 1
    assert "For stereotype and bias, at least one reviewer who signs off must be from a migrant-led" in assign_page
    assert post(client, f"{DRAFT}/reviewers", {"review_kind": "bias", "reviewer": "rev",
                                                "due_days": "14"}).status_code == 303
    assert "From a migrant-led organisation" in client.get(DRAFT).text  # organisers see who is
    logout(client)
    sign_off(client, "rev", 4, "bias")
    assert call(client, services.signed_off, 1, ids["id"]) is True
    login(client, "amina")
    page = text_of(client.get(DRAFT).text)
    assert MISSING not in page and RULE not in page
    assert "Every required review has signed off the newest version." in page


def test_a_migrant_led_reviewer_alone_signs_off_the_bias_review(client, world):
    from codesign.review import rules, services

    ids = build(client, world)
    join_migrant_led(client, ids["ulla"])
    decide(client, ids)
    login(client, "amina")
    post(client, f"{DRAFT}/reviewers", {"review_kind": "bias", "reviewer": "ulla", "due_days": "14"})
    logout(client)
    sign_off(client, "ulla", 1, "bias")
    rows = call(client, services._assignments_of, 1)
    assert rules.kind_signed_off("bias", rows, 1, {}) is True
