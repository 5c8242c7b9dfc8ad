"""Drafts through HTTP: proposing with the editor, preview, revisions, comparing, restoring, co-authors, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesign import db
from tests.conftest import call, login, post, text_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()

FORM = {
    "title": "Keys at the shelter",
    "id": "keys-at-the-shelter",
    "summary": "A family arrives late at a shelter.",
    "service_setting": "emergency_shelter",
    "target_roles": ["frontline_intake_staff", "volunteer"],
    "format": "pair_practice",
    "difficulty": "introductory",
    "details": "schema_version: '1.0'\nlanguages: {source: en, in_play: [en], translations: []}\n",
    "section_situation": "A mother and two children arrive at **10 pm**.",
    "section_characters": "Worker and mother.",
    "consent_records": "Paper form kept by the organisation, SES-0042.",
    "shown_as": "name",
    "note": "first go",
    "action": "save",
}


@pytest.fixture
def council(client, world):
    council_id = world.council()
    for name, role in (("ada", "member"), ("bea", "member"), ("amina", "organiser")):
        world.member(council_id, world.user(name), role)
    world.user("outsider")
    return council_id


def propose(client, **changes):
    return post(client, "/councils/riverside/drafts/new", {**FORM, **changes})


def test_a_member_proposes_a_draft_without_javascript(client, council):
    login(client, "ada")
    assert client.get("/councils/riverside/drafts").status_code == 200
    assert client.get("/councils/riverside/drafts/new").status_code == 200
    response = propose(client)
    assert response.status_code == 303 and response.headers["location"] == "/drafts/keys-at-the-shelter"
    page = client.get("/drafts/keys-at-the-shelter").text
    assert "Keys at the shelter" in page
    assert "<strong>10 pm</strong>" in page
    assert "Shelters and temporary accommodation" in page
    assert "Still needed before review" in page  # saved although not ready for review


def test_markup_in_a_draft_is_shown_as_text(client, council):
    login(client, "ada")
    propose(client, section_situation='<script>alert("x")</script> [click](javascript:alert(1))')
    page = client.get("/drafts/keys-at-the-shelter").text
    assert '<script>alert("x")' not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


def test_editor_errors_keep_the_text_and_say_where(client, council):
    login(client, "ada")
    response = propose(client, details="languages: [unclosed", section_situation="Keep me.")
    assert response.status_code == 422
    assert "not valid YAML" in response.text
    assert "Keep me." in response.text
    response = propose(client, details="duration_minutes: {prebrief: 1, play: 2, debrief: 3, total: 99}\n")
    assert response.status_code == 422 and "prebrief + play + debrief" in response.text
    response = propose(client, title="", service_setting="moon_base")
    assert response.status_code == 422
    assert "This field is required." in response.text and "Choose one of the options shown." in response.text


def test_preview_works_without_javascript_and_with_htmx(client, council):
    login(client, "ada")
    response = propose(client, action="preview")
    assert response.status_code == 200
    assert "<strong>10 pm</strong>" in response.text and "Plain-language hint" in response.text
    fragment = post(client, "/drafts/preview", {**FORM, "section_situation": "*hello*"}, headers={"hx-request": "true"})
    assert fragment.status_code == 200 and "<em>hello</em>" in fragment.text and "<html" not in fragment.text
    assert "Plain-language hint" in fragment.text
    editor_page = client.get("/councils/riverside/drafts/new").text
    assert 'data-hx-post="/drafts/preview"' in editor_page and 'id="live-preview"' in editor_page


def test_each_save_is_a_version_and_versions_compare_word_by_word(client, council):
    login(client, "ada")
    propose(client)
    edit = client.get("/drafts/keys-at-the-shelter/edit")
    assert edit.status_code == 200 and 'name="base" value="1"' in edit.text
    saved = post(client, "/drafts/keys-at-the-shelter/edit",
                 {**FORM, "section_situation": "A mother and three children arrive at **11 pm**.", "base": "1",
                  "note": "more children"})
    assert saved.status_code == 303
    history = client.get("/drafts/keys-at-the-shelter/history").text
    assert "Version 2" in history and "more children" in history
    compare = client.get("/drafts/keys-at-the-shelter/compare?a=1&b=2").text
    assert "<ins>" in compare and "<del>" in compare and "added:" in compare and "removed:" in compare
    stale = post(client, "/drafts/keys-at-the-shelter/edit", {**FORM, "base": "1"})
    assert stale.status_code == 422 and "Someone saved this draft while you were editing" in stale.text


def test_an_old_version_can_be_restored_as_a_new_one(client, council):
    login(client, "ada")
    propose(client)
    post(client, "/drafts/keys-at-the-shelter/edit", {**FORM, "section_situation": "Changed.", "base": "1"})
    page = client.get("/drafts/keys-at-the-shelter/revisions/1")
    assert "Restore version 1" in page.text
    restored = post(client, "/drafts/keys-at-the-shelter/revisions/1/restore")
    assert restored.status_code == 303
    assert "<strong>10 pm</strong>" in client.get("/drafts/keys-at-the-shelter").text
    assert "Version 3" in client.get("/drafts/keys-at-the-shelter/history").text


def test_only_authors_edit_and_co_authors_edit_like_the_author(client, council):
    login(client, "ada")
    propose(client)
    post(client, "/logout")
    login(client, "bea")
    assert client.get("/drafts/keys-at-the-shelter").status_code == 200
    assert client.get("/drafts/keys-at-the-shelter/edit").status_code == 404
    assert post(client, "/drafts/keys-at-the-shelter/edit", {**FORM, "base": "1"}).status_code == 404
    post(client, "/logout")
    login(client, "ada")
    refused = post(client, "/drafts/keys-at-the-shelter/co-authors", {"username": "outsider"}, follow_redirects=True)
    assert "Invite a member of this council" in refused.text
    post(client, "/drafts/keys-at-the-shelter/co-authors", {"username": "bea"})
    post(client, "/logout")
    login(client, "bea")
    assert client.get("/drafts/keys-at-the-shelter/edit").status_code == 200
    saved = post(client, "/drafts/keys-at-the-shelter/edit", {**FORM, "section_characters": "Bea was here.", "base": "1"})
    assert saved.status_code == 303


def test_private_fields_are_for_authors_and_organisers_only(client, council):
    login(client, "ada")
    propose(client)
    assert "SES-0042" in client.get("/drafts/keys-at-the-shelter").text
    post(client, "/logout")
    login(client, "amina")
    assert "SES-0042" in client.get("/drafts/keys-at-the-shelter").text
    post(client, "/logout")
    login(client, "bea")
    assert "SES-0042" not in client.get("/drafts/keys-at-the-shelter").text
    assert "SES-0042" not in client.get("/drafts/keys-at-the-shelter/revisions/1").text


def test_outsiders_and_visitors_never_see_drafts(client, council):
    login(client, "ada")
    propose(client)
    post(client, "/logout")
    assert client.get("/drafts/keys-at-the-shelter", follow_redirects=False).status_code == 303
    login(client, "outsider")
    for path in ("/drafts/keys-at-the-shelter", "/drafts/keys-at-the-shelter/history", "/councils/riverside/drafts",
                 "/drafts/keys-at-the-shelter/compare?a=1&b=1", "/councils/riverside/drafts/new"):
        assert client.get(path).status_code == 404, path
    assert propose(client).status_code == 404


def test_showing_as_a_council_member_hides_the_name_from_peers(client, council):
    login(client, "ada")
    propose(client, shown_as="council")
    post(client, "/logout")
    login(client, "bea")
    page = text_of(client.get("/drafts/keys-at-the-shelter").text)
    assert "A council member" in page and "Ada" not in page.replace("My account", "")
    listing = client.get("/councils/riverside/drafts?author=ada").text
    assert "Keys at the shelter" not in listing
    assert propose(client, id="other-one", shown_as="organisation").status_code == 422


def test_search_filters_and_empty_states_on_the_list(client, council):
    from codesign.scenarios import importer

    login(client, "ada")
    assert "no drafts yet" in client.get("/councils/riverside/drafts").text
    parsed, _errors = importer.validate(importer.collect([ROOT / "proposals"]))
    call(client, importer.apply, parsed, council)
    found = client.get("/councils/riverside/drafts?q=interpreter+notice").text
    assert "The notice under the door" in found and "<mark>" in found
    none = client.get("/councils/riverside/drafts?q=qqqzzz").text
    assert "No draft matches" in none
    filtered = client.get("/councils/riverside/drafts?service_setting=school_enrolment").text
    assert "Starting school in March" in filtered and "The notice under the door" not in filtered
    htmx = client.get("/councils/riverside/drafts?competency=C04", headers={"hx-request": "true"})
    assert "<html" not in htmx.text and 'id="results"' in htmx.text
    assert client.get("/councils/riverside/drafts?service_setting=nonsense&page=x").status_code == 200


def _count(client, path: str) -> int:
    before = db.query_count()
    assert client.get(path).status_code == 200
    return db.query_count() - before


def test_list_and_draft_pages_use_a_fixed_number_of_queries(client, council, world):
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.scenarios import services

    login(client, "ada")
    client.get("/")
    propose(client)
    client.get("/")
    small_list = _count(client, "/councils/riverside/drafts")
    small_page = _count(client, "/drafts/keys-at-the-shelter")
    ada = Actor(user_id=1, councils=(CouncilRole(council, "riverside", "R", "member"),))
    for number in range(30):
        text = SAMPLE.replace("id: housing-notice-under-the-door", f"id: draft-{number}")
        call(client, services.propose_draft, ada, council, text, "", "name")
    for number in range(5):
        post(client, "/drafts/keys-at-the-shelter/edit", {**FORM, "base": str(number + 1)})
    for name in ("bea", "amina"):
        post(client, "/drafts/keys-at-the-shelter/co-authors", {"username": name})
    client.get("/")
    assert _count(client, "/councils/riverside/drafts") == small_list
    assert _count(client, "/drafts/keys-at-the-shelter") == small_page


def test_a_member_proposes_an_amendment_and_the_author_accepts_it(client, council):
    from codesign.scenarios.tables import Revision

    login(client, "ada")
    propose(client)
    post(client, "/logout")
    login(client, "bea")
    assert client.get("/drafts/keys-at-the-shelter/amend").status_code == 200
    missing_reason = post(client, "/drafts/keys-at-the-shelter/amend", {**FORM, "section_debrief": "How did it feel?"})
    assert missing_reason.status_code == 422 and "Say why you suggest this change." in missing_reason.text
    sent = post(client, "/drafts/keys-at-the-shelter/amend",
                {**FORM, "section_debrief": "How did it feel?", "reason": "A debrief is missing."})
    assert sent.status_code == 303
    page = client.get("/drafts/keys-at-the-shelter").text
    assert "Amendment by" in page and "Waiting for a decision" in page
    amendment = client.get("/drafts/keys-at-the-shelter/amendments/1").text
    assert "A debrief is missing." in amendment and "<ins>" in amendment and "Accept amendment" not in amendment
    assert post(client, "/drafts/keys-at-the-shelter/amendments/1/accept").status_code == 403
    post(client, "/logout")
    login(client, "ada")
    accepted = post(client, "/drafts/keys-at-the-shelter/amendments/1/accept", follow_redirects=True)
    assert "accepted as version 2" in accepted.text
    credited = call(client, lambda: Revision.select(Revision.credited.username).where(Revision.number == 2).first())
    assert credited["credited.username"] == "bea"
    assert "amendment by" in client.get("/drafts/keys-at-the-shelter/history").text
    again = post(client, "/drafts/keys-at-the-shelter/amendments/1/accept", follow_redirects=True)
    assert "decided already" in again.text


def test_an_organiser_declines_an_amendment_with_a_reason(client, council):
    login(client, "ada")
    propose(client)
    post(client, "/drafts/keys-at-the-shelter/amend", {**FORM, "section_rubric": "| x |", "reason": "Add a rubric."})
    post(client, "/logout")
    login(client, "amina")
    assert "Accept amendment" in client.get("/drafts/keys-at-the-shelter/amendments/1").text
    empty = post(client, "/drafts/keys-at-the-shelter/amendments/1/decline", {"reason": ""})
    assert empty.status_code == 422
    declined = post(client, "/drafts/keys-at-the-shelter/amendments/1/decline", {"reason": "Not yet, see the meeting."},
                    follow_redirects=True)
    assert "The amendment is declined." in declined.text
    assert "Not yet, see the meeting." in client.get("/drafts/keys-at-the-shelter/amendments/1").text
    assert "Declined" in client.get("/drafts/keys-at-the-shelter").text


def test_an_unchanged_amendment_is_refused(client, council):
    from codesign.scenarios.tables import Amendment

    login(client, "ada")
    propose(client)
    response = post(client, "/drafts/keys-at-the-shelter/amend", {**FORM, "reason": "Nothing really."})
    assert response.status_code == 422 and "same as the newest version" in response.text
    assert call(client, Amendment.count) == 0


def test_state_and_author_filters(client, council):
    login(client, "ada")
    propose(client)
    assert "Keys at the shelter" in client.get("/councils/riverside/drafts?state=draft").text
    assert "Keys at the shelter" not in client.get("/councils/riverside/drafts?state=published").text
    assert "Keys at the shelter" in client.get("/councils/riverside/drafts?author=ada").text
    assert "Keys at the shelter" not in client.get("/councils/riverside/drafts?author=bea").text


def test_a_first_draft_saves_with_the_editors_starter_details(client, council):
    from codesign.scenarios.editor import blank_values

    login(client, "ada")
    starter = blank_values()["details"]
    response = propose(client, details=starter)
    assert response.status_code == 303, response.text
    assert "Write from 2 to 5 learning objectives." in client.get("/drafts/keys-at-the-shelter").text


def test_submitting_for_review_needs_every_review_field_and_is_recorded(client, council):
    from codesign.scenarios.tables import Scenario, ScenarioEvent

    login(client, "ada")
    propose(client)
    page = client.get("/drafts/keys-at-the-shelter").text
    assert "Submit for community review" in page and "Stage: <strong>Draft</strong>" in page
    refused = post(client, "/drafts/keys-at-the-shelter/steps/submit", follow_redirects=True)
    assert "still missing" in refused.text
    assert call(client, lambda: Scenario.select(Scenario.state).first())["state"] == "draft"
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.accounts.tables import User
    from codesign.scenarios import services

    complete = SAMPLE.replace("id: housing-notice-under-the-door", "id: ready-one")
    ada_id = call(client, lambda: User.select(User.id).where(User.username == "ada").first())["id"]
    ada = Actor(user_id=ada_id, councils=(CouncilRole(council, "riverside", "R", "member"),))
    call(client, services.propose_draft, ada, council, complete, "", "name")
    done = post(client, "/drafts/ready-one/steps/submit", follow_redirects=True)
    assert "Community review" in done.text
    events = call(client, lambda: ScenarioEvent.select(ScenarioEvent.from_state, ScenarioEvent.to_state))
    assert events == [{"from_state": "draft", "to_state": "community_review"}]
    assert "moved it from" in done.text


def test_withdrawing_needs_a_reason_and_a_confirmation(client, council):
    from codesign.scenarios.tables import Scenario

    login(client, "ada")
    propose(client)
    post(client, "/drafts/keys-at-the-shelter/steps/withdraw", {"reason": "Not needed"})
    post(client, "/drafts/keys-at-the-shelter/steps/withdraw", {"confirm": "on"})
    assert call(client, lambda: Scenario.select(Scenario.state).first())["state"] == "draft"
    post(client, "/drafts/keys-at-the-shelter/steps/withdraw", {"reason": "Not needed", "confirm": "on"})
    assert call(client, lambda: Scenario.select(Scenario.state).first())["state"] == "withdrawn"


def test_only_authors_submit_and_unknown_steps_are_404(client, council):
    login(client, "ada")
    propose(client)
    post(client, "/logout")
    login(client, "bea")
    assert "Submit for community review" not in client.get("/drafts/keys-at-the-shelter").text
    response = post(client, "/drafts/keys-at-the-shelter/steps/submit", follow_redirects=True)
    assert "You cannot take this step." in response.text
    assert post(client, "/drafts/keys-at-the-shelter/steps/publish").status_code == 404
