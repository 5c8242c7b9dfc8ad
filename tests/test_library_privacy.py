"""What the library keeps from trainers: consent records of lived-experience sources (only the public part of each
source is released), contact details in usage-report notes (screened when stored and when shown), and the text of
a release whose source's consent was withdrawn (blanked)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import yaml

from tests.conftest import call, login, post, text_of
from tests.library_helpers import SAMPLE, SLUG, actor, publish, setup_world
from tests.test_library_packs import report

OLD_SOURCE = ("  - {source_type: listening_session_insight, ref: INS-0007, consent_status: granted_anonymous, "
              "consent_scope: paraphrase, composite: true, identifying_details_changed: true}\n")
CREDITED = OLD_SOURCE + (
    "  - {source_type: council_contribution, ref: PRP-0003, consent_status: granted_with_attribution, "
    "consent_scope: quote, attribution: \"Riverside Tenants Circle\", composite: false, "
    "identifying_details_changed: true}\n")
WITH_CREDIT = SAMPLE.replace(OLD_SOURCE, CREDITED)
PUBLIC_SOURCES = [
    {"source_type": "listening_session_insight", "ref": "INS-0007", "composite": True,
     "identifying_details_changed": True},
    {"source_type": "council_contribution", "ref": "PRP-0003", "composite": False,
     "identifying_details_changed": True, "attribution": "Riverside Tenants Circle"},
]
CONSENT_WORDS = ("consent_status", "consent_scope", "granted_anonymous", "granted_with_attribution", "paraphrase")


def test_sources_are_reduced_to_their_public_part():
    from codesign.library.releases import public_source

    assert public_source({"source_type": "staff_experience", "ref": "SES-1", "consent_status": "granted_limited",
                          "consent_scope": "themes_only", "attribution": "Not consented"}) == {
        "source_type": "staff_experience", "ref": "SES-1"}
    assert public_source({"ref": "SES-2", "consent_status": "granted_with_attribution", "attribution": "A group"}) == {
        "ref": "SES-2", "attribution": "A group"}


def test_a_release_carries_no_consent_records(client, world):
    from codesign.library.tables import Release

    assert WITH_CREDIT != SAMPLE
    ids = setup_world(client, world, WITH_CREDIT)
    publish(client, ids)
    stored = call(client, lambda: Release.select(Release.front_matter).first())["front_matter"]
    assert not any(word in stored for word in CONSENT_WORDS)
    assert yaml.safe_load(stored)["lived_experience_sources"] == PUBLIC_SOURCES
    login(client, "trainer")
    metadata = client.get(f"/api/v1/library/{SLUG}").json()["metadata"]
    assert metadata["lived_experience_sources"] == PUBLIC_SOURCES
    markdown = client.get(f"/library/{SLUG}/v/1.0.0/scenario.md").text
    assert "INS-0007" in markdown and "Riverside" in markdown
    page = client.get(f"/library/{SLUG}").text
    for text in (markdown, page, client.get(f"/api/v1/library/{SLUG}/versions/1.0.0").text):
        assert not any(word in text for word in CONSENT_WORDS)


def test_a_release_stored_with_consent_records_is_shown_without_them(client, world):
    from codesign.library import packs
    from codesign.library.tables import Release

    ids = setup_world(client, world)
    publish(client, ids)
    row = call(client, lambda: Release.select(Release.id, Release.front_matter).first())
    older = row["front_matter"].replace("ref: INS-0007,", "ref: INS-0007, consent_status: granted_anonymous, "
                                        "consent_scope: paraphrase,")
    assert "consent_scope" in older
    call(client, lambda: Release.update({Release.front_matter: older}).where(Release.id == row["id"]))
    pack_id = call(client, packs.create_pack, actor(ids, "trainer"), "Induction", "")
    call(client, packs.add_release, actor(ids, "trainer"), pack_id, row["id"])
    login(client, "trainer")
    metadata = client.get(f"/api/v1/library/{SLUG}").json()["metadata"]
    assert metadata["lived_experience_sources"] == PUBLIC_SOURCES[:1]
    assert "consent_" not in client.get(f"/library/{SLUG}/v/1.0.0/scenario.md").text
    assert "consent_" not in call(client, packs.pack, actor(ids, "trainer"), pack_id)["items"][0][
        "release.front_matter"]


def test_usage_report_notes_are_screened_when_stored_and_when_shown(client, world):
    from codesign.library.tables import Release, UsageReport

    ids = setup_world(client, world)
    publish(client, ids)
    login(client, "trainer")
    assert report(client, notes="Rosa asked for help: rosa.k@example.org, +44 7700 900123.").status_code == 303
    stored = call(client, lambda: UsageReport.select(UsageReport.notes).first())["notes"]
    assert "example.org" not in stored and "7700" not in stored and "[removed]" in stored
    assert stored.startswith("Rosa asked for help:")
    for _ in range(3):
        assert report(client, notes="").status_code == 303
    # A report stored before notes were screened.
    row = call(client, lambda: Release.select(Release.id, Release.scenario).first())
    call(client, lambda: UsageReport.insert(UsageReport(
        release=row["id"], scenario=row["scenario"],
        trainer=ids["trainer"], run_on=date.today(), audience_role="housing_worker", group_size=8, rating=4,
        notes="Write to tess@example.net after the session.", created_at=datetime.now(UTC))))
    post(client, "/logout")
    login(client, "organiser")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "Fewer than five usage reports" not in page and "Write to [removed] after the session." in page
    assert "example" not in page and "7700" not in page


def test_a_withdrawn_release_keeps_no_text(client, world):
    from codesign.library import packs
    from codesign.library.tables import Release
    from codesign.scenarios import services

    ids = setup_world(client, world)
    publish(client, ids)
    release_id = call(client, lambda: Release.select(Release.id).first())["id"]
    pack_id = call(client, packs.create_pack, actor(ids, "trainer2"), "Induction", "")
    call(client, packs.add_release, actor(ids, "trainer2"), pack_id, release_id)
    summary = "A tenant brings an eviction notice to the housing desk."
    login(client, "trainer2")
    assert summary in client.get(f"/library/packs/{pack_id}").text
    post(client, "/logout")
    call(client, services.withdraw_consent, actor(ids, "organiser"), SLUG, "INS-0007", "Asked by the group.")
    row = call(client, lambda: Release.select().where(Release.id == release_id).first())
    assert (row["body"], row["front_matter"], row["search_text"], row["summary"]) == ("", "", "", "")
    assert row["title"] == "The notice under the door" and row["version"] == "1.0.0"
    assert row["status"] == "withdrawn" and "INS-0007" in row["withdrawn_reason"]
    login(client, "trainer2")
    page = client.get(f"/library/packs/{pack_id}").text
    assert "Withdrawn: consent for one of its sources was withdrawn." in page and summary not in page
    assert summary not in client.get(f"/library/{SLUG}/v/1.0.0").text
    assert summary not in client.get(f"/api/v1/packs/{pack_id}").text
    assert client.get(f"/api/v1/library/{SLUG}/versions/1.0.0").status_code == 404
    assert client.get("/api/v1/library?q=eviction").json()["total"] == 0


def test_the_migration_blanks_releases_withdrawn_before(client, world):
    import importlib

    from piccolo.engine.finder import engine_finder

    from codesign.library.tables import Release

    migration = importlib.import_module("codesign.library.piccolo_migrations.library_2026_11_28t18_30_00_000000")
    ids = setup_world(client, world)
    publish(client, ids)
    call(client, lambda: Release.update({Release.status: "withdrawn"}).where(Release.version == "1.0.0"))
    call(client, lambda: engine_finder().run_ddl(migration.BLANK))
    row = call(client, lambda: Release.select().first())
    assert (row["body"], row["front_matter"], row["search_text"], row["summary"]) == ("", "", "", "")
    assert row["title"] == "The notice under the door"
