"""The council's workflow settings, stage target times, the final sign-off, withdrawn consent and who reaches a
draft at which stage (HTTP and services)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import call, login, post, text_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()
SLUG = "housing-notice-under-the-door"


def actor(council_id: int, user_id: int, role: str = "member", **extra):
    from codesign.accounts.actor import Actor, CouncilRole

    return Actor(user_id=user_id, display_name="x", councils=(CouncilRole(council_id, "riverside", "R", role),),
                 **extra)


@pytest.fixture
def council(client, world):
    from codesign.scenarios import services

    council_id = world.council()
    ids = {"id": council_id}
    for name, role in (("ada", "member"), ("bea", "member"), ("amina", "organiser")):
        ids[name] = world.user(name)
        world.member(council_id, ids[name], role)
    ids["tess"] = world.user("tess", "trainer")
    call(client, services.propose_draft, actor(council_id, ids["ada"]), council_id, SAMPLE, "", "name")
    return ids


def state(client) -> str:
    from codesign.scenarios.tables import Scenario

    return call(client, lambda: Scenario.select(Scenario.state).first())["state"]


def move_to(client, target: str) -> None:
    """Puts the draft straight into a stage (set-up only; the steps themselves are tested elsewhere)."""
    from codesign.scenarios.tables import Scenario

    call(client, lambda: Scenario.update({Scenario.state: target, Scenario.stage_entered_at: datetime.now(UTC)})
         .where(Scenario.slug == SLUG))


SETTINGS = {"required_review_kinds": ["safeguarding", "rights"], "default_rule": "two_thirds",
            "default_quorum": "60", "target_community_review": "10", "target_council_decision": "5",
            "target_expert_review": "20", "target_changes_requested": "30", "target_approved": "30"}


def test_organisers_set_the_workflow_and_decisions_start_from_it(client, council):
    from codesign.councils.workflow import workflow_settings

    login(client, "amina")
    page = client.get("/councils/riverside/settings")
    assert page.status_code == 200 and "Expert reviews every draft needs" in page.text
    response = post(client, "/councils/riverside/settings", SETTINGS)
    assert response.status_code == 303
    saved = call(client, workflow_settings, council["id"])
    assert saved.required_review_kinds == ("safeguarding", "rights")
    assert (saved.default_rule, saved.default_quorum, saved.stage_targets["community_review"]) == ("two_thirds", 60, 10)
    move_to(client, "community_review")
    form = client.get(f"/drafts/{SLUG}/decisions/new").text
    assert 'value="two_thirds" checked' in form and 'value="60"' in form


@pytest.mark.parametrize(("field", "value"), [("required_review_kinds", []), ("required_review_kinds", ["nope"]),
                                              ("default_rule", "dictator"), ("default_quorum", "0"),
                                              ("target_expert_review", "0"), ("target_approved", "9999")])
def test_bad_settings_are_refused_and_nothing_is_saved(client, council, field, value):
    from codesign.councils.tables import CouncilSettings

    login(client, "amina")
    response = post(client, "/councils/riverside/settings", {**SETTINGS, field: value})
    assert response.status_code == 422 and "There is a problem" in response.text
    assert call(client, CouncilSettings.count) == 0


@pytest.mark.parametrize("who", ["ada", "tess", None])
def test_only_organisers_and_admins_see_the_settings(client, council, who):
    if who:
        login(client, who)
    response = client.get("/councils/riverside/settings", follow_redirects=False)
    assert response.status_code in ((404,) if who else (302, 303))
    assert post(client, "/councils/riverside/settings", SETTINGS).status_code in (403, 404, 302, 303)
    from codesign.councils.tables import CouncilSettings

    assert call(client, CouncilSettings.count) == 0


def test_a_draft_past_its_stage_target_is_marked_in_the_list(client, council):
    from codesign.scenarios.tables import Scenario

    login(client, "ada")
    move_to(client, "community_review")
    assert "Past this stage's target time" not in client.get("/councils/riverside/drafts").text
    call(client, lambda: Scenario.update({Scenario.stage_entered_at: datetime.now(UTC) - timedelta(days=15)})
         .where(Scenario.slug == SLUG))
    assert "Past this stage's target time" in client.get("/councils/riverside/drafts").text


def test_council_rule_names_are_the_voting_rules():
    from codesign.councils.workflow import DECISION_RULES
    from codesign.voting.rules import RULES

    assert set(DECISION_RULES) == set(RULES)


@pytest.fixture
def signed_off(monkeypatch):
    """Stands in for the review domain's answer to "is every required review signed off?"."""
    from codesign.scenarios import extensions

    answer = {"value": True}

    async def provider(scenario_id: int, council_id: int) -> bool:
        return answer["value"]

    monkeypatch.setitem(extensions._facts, "signed_off", provider)
    return answer


def signoff(client):
    return post(client, f"/drafts/{SLUG}/decisions/new", {
        "question": "Does it still say what we meant?", "rule": "consent", "quorum": "50", "closes_in_days": "3",
        "purpose": "signoff"})


def test_the_final_signoff_needs_every_review_signed_off_and_approves_the_draft(client, council, signed_off):
    move_to(client, "expert_review")
    login(client, "amina")
    signed_off["value"] = False
    refused = signoff(client)
    assert refused.status_code == 422 and "Every required expert review must be signed off" in text_of(refused.text)
    assert state(client) == "expert_review"
    signed_off["value"] = True
    assert "Open the final sign-off" in client.get(f"/drafts/{SLUG}").text
    assert "Does it still say" in client.get(f"/drafts/{SLUG}/decisions/new?purpose=signoff").text
    assert post(client, f"/drafts/{SLUG}/decisions/new", {
        "question": "Q", "rule": "simple_majority", "quorum": "50", "purpose": "signoff"}).status_code == 422
    opened = signoff(client)
    assert opened.status_code == 303 and state(client) == "council_decision"
    for name in ("ada", "bea"):
        post(client, "/logout")
        login(client, name)
        assert post(client, "/decisions/1/ballot", {"choice": "approve"}).status_code == 303
    post(client, "/logout")
    login(client, "amina")
    post(client, "/decisions/1/close")
    assert state(client) == "approved"


def test_a_passed_signoff_cannot_overrule_a_review_reopened_meanwhile(client, council, signed_off):
    move_to(client, "expert_review")
    login(client, "amina")
    assert signoff(client).status_code == 303
    for name in ("ada", "bea"):
        post(client, "/logout")
        login(client, name)
        post(client, "/decisions/1/ballot", {"choice": "approve"})
    signed_off["value"] = False  # a safeguarding reviewer blocked it meanwhile
    post(client, "/logout")
    login(client, "amina")
    post(client, "/decisions/1/close")
    assert state(client) == "expert_review"
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "Every required expert review must be signed off" in page


def test_a_signoff_cannot_be_opened_outside_expert_review(client, council, signed_off):
    move_to(client, "community_review")
    login(client, "amina")
    response = signoff(client)
    assert response.status_code == 422 and "only while the draft is in expert review" in text_of(response.text)


def test_withdrawn_consent_sends_the_draft_back_and_is_recorded_once(client, council):
    from codesign import events
    from codesign.errors import PermissionDenied, ValidationFailed
    from codesign.scenarios import services
    from codesign.scenarios.tables import ScenarioEvent, SourceWithdrawal

    heard = []

    async def listener(**payload):
        heard.append(payload)

    events.subscribe(events.CONSENT_WITHDRAWN, listener)
    move_to(client, "expert_review")
    organiser = actor(council["id"], council["amina"], "organiser")
    with pytest.raises(PermissionDenied):
        call(client, services.withdraw_consent, actor(council["id"], council["bea"]), SLUG, "INS-0007", "asked")
    with pytest.raises(ValidationFailed):
        call(client, services.withdraw_consent, organiser, SLUG, "INS-9999", "asked")
    with pytest.raises(ValidationFailed):
        call(client, services.withdraw_consent, organiser, SLUG, "INS-0007", "  ")
    assert call(client, services.withdraw_consent, organiser, SLUG, "INS-0007", "The participant asked us to.") \
        == "changes_requested"
    assert heard and heard[-1]["ref"] == "INS-0007"
    last = call(client, lambda: ScenarioEvent.select().order_by(ScenarioEvent.id, ascending=False).first())
    assert last["event"] == "consent_withdrawn" and "INS-0007" in last["reason"]
    with pytest.raises(ValidationFailed):
        call(client, services.withdraw_consent, organiser, SLUG, "INS-0007", "again")
    assert call(client, SourceWithdrawal.count) == 1
    # The consent gate now fails for this draft, whatever its text says.
    row = call(client, lambda: services.Scenario.select().first())
    assert call(client, services.withdrawn_refs, row["id"]) == {"INS-0007"}


@pytest.mark.parametrize("stage", ["community_review", "expert_review", "approved", "published", "retired"])
def test_trainers_never_see_a_council_draft_its_discussion_or_history(client, council, stage):
    move_to(client, stage)
    login(client, "tess")
    for path in ("", "/history", "/comments", "/revisions/1", "/compare"):
        assert client.get(f"/drafts/{SLUG}{path}").status_code == 404, path


def test_publishing_needs_consent_and_the_law_check(client, council):
    from codesign.errors import InvalidTransition
    from codesign.scenarios import services

    move_to(client, "approved")
    trainer = actor(council["id"], council["tess"], is_trainer=True)
    trainer = type(trainer)(user_id=council["tess"], is_trainer=True)
    organiser = actor(council["id"], council["amina"], "organiser")
    call(client, services.withdraw_consent, organiser, SLUG, "INS-0007", "asked")  # back to changes requested
    move_to(client, "approved")
    with pytest.raises(InvalidTransition) as refused:
        call(client, services.trainer_transition, trainer, SLUG, "publish")
    assert "consent" in refused.value.message


def test_a_draft_past_its_legal_review_date_shows_the_recheck_badge(client, council):
    from codesign.scenarios import provenance, services

    login(client, "ada")
    assert "Needs legal re-check" not in client.get(f"/drafts/{SLUG}").text
    text = SAMPLE.replace("jurisdiction: {code: generic, law_checked_on: null}",
                          "jurisdiction: {code: GB-ENG, law_checked_on: 2024-01-10, review_due: 2025-01-10}")
    assert text != SAMPLE
    call(client, services.save_draft, actor(council["id"], council["ada"]), SLUG, text, "law", "name")
    assert "Needs legal re-check" in client.get(f"/drafts/{SLUG}").text
    today = datetime.now(UTC).date()
    assert provenance.law_checked({"jurisdiction": {"code": "generic"}}, today)
    assert not provenance.law_checked({"jurisdiction": {"code": "GB-ENG", "law_checked_on": None}}, today)
    assert provenance.law_checked({"jurisdiction": {"code": "GB-ENG", "law_checked_on": "2026-01-01"}}, today)
    assert not provenance.law_checked({"jurisdiction": {"code": "GB-ENG", "law_checked_on": "2024-01-01",
                                                        "review_due": "2025-01-01"}}, today)


@pytest.mark.parametrize(("meta", "holds"), [
    ({"fully_fictional": True}, True),
    ({}, False),
    ({"lived_experience_sources": [{"ref": "A", "consent_status": "granted_anonymous", "consent_scope": "quote"}]},
     True),
    ({"lived_experience_sources": [{"ref": "A", "consent_status": "pending", "consent_scope": "quote"}]}, False),
    ({"lived_experience_sources": [{"ref": "A", "consent_status": "granted_limited"}]}, False),
    ({"lived_experience_sources": [{"ref": "A", "consent_status": "granted_with_attribution",
                                    "consent_scope": "quote"}]}, False),
    ({"lived_experience_sources": [{"ref": "A", "consent_status": "granted_with_attribution",
                                    "consent_scope": "quote", "attribution": "Demo circle"}]}, True),
    ({"lived_experience_sources": [{"ref": "W", "consent_status": "granted_anonymous", "consent_scope": "quote"}]},
     False),  # W was withdrawn
])
def test_the_consent_gate(meta, holds):
    from codesign.scenarios.provenance import consent_holds

    assert consent_holds(meta, {"W"}) is holds
