"""The library through HTTP: publishing releases (versions, change notes, superseding, credits, diffs, never the
private fields), the list with filters, search and a flat query count, the release page, exports, follows,
withdrawn consent, the API with its OpenAPI schema, and the Atom feed."""

from __future__ import annotations

import contextlib
import json
import re
import zlib
from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own output in a test

from codesign import db
from tests.conftest import call, login, post, text_of
from tests.library_helpers import SAMPLE, SLUG, actor, publish, revise_and_approve, setup_world

WITH_PRIVATE = SAMPLE.replace("debrief_model: pearls", "debrief_model: pearls\nprivate:\n  follow_up_contact: \"secret-contact-xyz\"")


def pdf_text(data: bytes) -> bytes:
    """The decompressed streams of a PDF (outline titles and page objects live there)."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def test_a_trainer_publishes_an_approved_scenario_as_version_1(client, world):
    from codesign.library.tables import Release
    from codesign.scenarios.tables import Scenario

    setup_world(client, world, WITH_PRIVATE)
    login(client, "trainer")
    # Trainers never see the council's draft, its discussion or its history; the library lists what waits for them.
    assert client.get(f"/drafts/{SLUG}").status_code == 404
    assert client.get(f"/drafts/{SLUG}/history").status_code == 404
    assert f'href="/drafts/{SLUG}/publish"' in client.get("/library").text
    page = client.get(f"/drafts/{SLUG}/publish")
    assert "It will be published as version 1.0.0." in text_of(page.text)
    response = post(client, f"/drafts/{SLUG}/publish", {"change_notes": ""})
    assert response.status_code == 303 and response.headers["location"] == f"/library/{SLUG}"
    assert call(client, lambda: Scenario.select(Scenario.state).first())["state"] == "published"
    rows = call(client, lambda: Release.select())
    assert len(rows) == 1 and rows[0]["version"] == "1.0.0" and rows[0]["status"] == "current"
    assert "secret-contact-xyz" not in rows[0]["front_matter"] + rows[0]["body"]
    assert "version: 1.0.0" in rows[0]["front_matter"] and "status: published" in rows[0]["front_matter"]
    assert json.loads(rows[0]["credits"]) == ["Ada"]
    page = client.get(f"/library/{SLUG}")
    assert page.status_code == 200
    assert "Version 1.0.0" in text_of(page.text) and "Role brief: Tenant" in page.text
    assert "secret-contact-xyz" not in page.text
    # Publishing again is refused: it is published already.
    again = post(client, f"/drafts/{SLUG}/publish", {"change_notes": "x"})
    assert again.status_code == 404


def test_a_new_release_follows_the_version_rule_supersedes_the_old_and_notifies_followers(client, world):
    from codesign.library.tables import Release
    from codesign.notifications.tables import Notification

    ids = setup_world(client, world)
    publish(client, ids)
    login(client, "trainer2")
    post(client, f"/library/{SLUG}/follow", {"following": "on"})
    post(client, "/logout")
    changed = SAMPLE.replace("Your next appointment is in 15 minutes.", "Your next appointment is in 10 minutes.")
    revise_and_approve(client, ids, changed)
    login(client, "trainer")
    missing = post(client, f"/drafts/{SLUG}/publish", {"change_notes": ""})
    assert missing.status_code == 422 and "Say what changed since version 1.0.0." in missing.text
    assert call(client, Release.count) == 1
    assert post(client, f"/drafts/{SLUG}/publish", {"change_notes": "A shorter wait."}).status_code == 303
    versions = {r["version"]: r["status"] for r in call(client, lambda: Release.select(Release.version, Release.status))}
    assert versions == {"1.0.0": "superseded", "1.1.0": "current"}  # the Characters section changed
    page = client.get(f"/library/{SLUG}").text
    assert "A shorter wait." in page and "What changed since version 1.0.0" in page and "<ins>" in page
    old = client.get(f"/library/{SLUG}/v/1.0.0").text
    assert "A newer version of this scenario exists" in old
    notices = call(client, lambda: Notification.select(Notification.user, Notification.kind, Notification.params))
    assert [(n["user"], n["kind"]) for n in notices if n["kind"] == "new_release"] == [(ids["trainer2"], "new_release")]
    # A wording change only: a patch.
    revise_and_approve(client, ids, changed.replace("She lives with her teenage son.", "She lives with her son."))
    assert publish(client, ids, "Wording.") == "1.1.1"


def test_credits_follow_each_contributors_choice(client, world):
    from codesign.accounts import services as accounts
    from codesign.accounts.actor import Actor
    from codesign.library.releases import credits_for
    from codesign.scenarios import services
    from codesign.scenarios.tables import Scenario

    ids = setup_world(client, world)
    member = actor(ids, "member")
    call(client, services.save_draft, member, SLUG, SAMPLE.replace("eleven years", "ten years"), "", "council")
    organisation = call(client, accounts.create_organisation, Actor(is_admin=True), "Tenants Network", "tenants",
                        "community", "")
    for_organisation = Actor(user_id=ids["member"], organisation_id=organisation, councils=member.councils)
    call(client, services.save_draft, for_organisation, SLUG, SAMPLE, "", "organisation")
    scenario_id = call(client, lambda: Scenario.select(Scenario.id).first())["id"]
    assert call(client, credits_for, scenario_id, 1) == ["Ada"]
    assert call(client, credits_for, scenario_id, 2) == ["Ada"]  # the anonymous save adds nobody
    assert call(client, credits_for, scenario_id, 3) == ["Ada", "Tenants Network"]
    anonymous = SAMPLE.replace("id: housing-notice-under-the-door", "id: anonymous-draft")
    call(client, services.propose_draft, member, ids["council"], anonymous, "", "council")
    other = call(client, lambda: Scenario.select(Scenario.id).where(Scenario.slug == "anonymous-draft").first())["id"]
    assert call(client, credits_for, other, 1) == []


def test_the_library_lists_filters_and_searches_with_a_flat_query_count(client, world):
    from codesign.library.demo import approve
    from codesign.scenarios import services

    ids = setup_world(client, world)
    publish(client, ids)
    login(client, "member")
    page = client.get("/library")
    assert page.status_code == 200 and "The notice under the door" in page.text
    assert "1 scenario" in text_of(page.text)
    checks = {
        "service_setting=housing_intake": True, "service_setting=pharmacy": False,
        "competency=C04": True, "competency=C08": False, "target_role=housing_worker": True,
        "target_role=nurse": False, "language=en": True, "language=fr": False, "max_minutes=60": True,
        "max_minutes=45": False, "group_size=10": True, "group_size=40": False, "q=interpreter": True,
        "q=zebra": False,
    }
    for query, found in checks.items():
        html = client.get(f"/library?{query}").text
        assert ("The notice under the door" in html) is found, query
    assert "<mark>" in client.get("/library?q=notice").text
    bad = client.get("/library?service_setting=nope&group_size=abc")
    assert bad.status_code == 422 and "Choose one of the options shown." in bad.text
    assert client.get("/library", headers={"HX-Request": "true"}).text.lstrip().startswith("<section")

    def count(path):
        before = db.query_count()
        assert client.get(path).status_code == 200
        return db.query_count() - before

    one = count("/library"), count("/library?q=door")
    for name in ("health-three-new-medicines", "school-starting-in-march"):
        from pathlib import Path

        text = (Path(__file__).resolve().parents[1] / "proposals" / f"{name}.md").read_text()
        call(client, services.propose_draft, actor(ids, "member"), ids["council"], text, "", "name")
        call(client, approve, name, actor(ids, "member"), actor(ids, "organiser"))
        publish(client, ids, slug=name)
    assert "3 scenarios" in text_of(client.get("/library").text)
    assert (count("/library"), count("/library?q=door")) == one


def test_exports_markdown_and_a_pdf_guide_with_each_role_brief_on_its_own_page(client, world):
    ids = setup_world(client, world)
    publish(client, ids)
    login(client, "trainer")
    markdown = client.get(f"/library/{SLUG}/v/1.0.0/scenario.md")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("---\n") and "version: 1.0.0" in markdown.text and "# The notice under the door" \
        in markdown.text
    pdf = client.get(f"/library/{SLUG}/v/1.0.0/guide.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    inside = pdf_text(pdf.content)
    briefs = re.findall(rb"\(Role brief: ([^)\\]*)", inside)
    assert [b.decode() for b in briefs] == ["Worker ", "Tenant", "Observer"]
    assert len(re.findall(rb"/Type ?/Page\b", inside)) >= 1 + len(briefs)
    assert client.get(f"/library/{SLUG}/v/9.9.9/guide.pdf").status_code == 404
    assert "library.css" in client.get(f"/library/{SLUG}").text  # its print styles


def test_withdrawn_consent_takes_releases_out_and_tells_pack_owners(client, world):
    from codesign.library import packs
    from codesign.library.tables import Release
    from codesign.notifications.tables import Notification
    from codesign.scenarios.tables import Scenario

    ids = setup_world(client, world)
    publish(client, ids)
    release_id = call(client, lambda: Release.select(Release.id).first())["id"]
    pack_id = call(client, packs.create_pack, actor(ids, "trainer2"), "Induction", "")
    call(client, packs.add_release, actor(ids, "trainer2"), pack_id, release_id)
    login(client, "organiser")
    page = client.get(f"/drafts/{SLUG}").text
    assert "Withdrawn consent" in page and "INS-0007" in page
    confirm = post(client, f"/drafts/{SLUG}/consent/confirm", {"ref": "INS-0007", "reason": "Asked by the group."})
    assert confirm.status_code == 200 and "This cannot be undone." in confirm.text
    unconfirmed = post(client, f"/drafts/{SLUG}/consent", {"ref": "INS-0007", "reason": "Asked by the group."})
    assert unconfirmed.status_code == 422 and call(client, lambda: Release.select(Release.status).first())[
        "status"] == "current"
    done = post(client, f"/drafts/{SLUG}/consent", {"ref": "INS-0007", "reason": "Asked by the group.",
                                                     "confirm": "on"})
    assert done.status_code == 303
    assert call(client, lambda: Release.select(Release.status).first())["status"] == "withdrawn"
    assert call(client, lambda: Scenario.select(Scenario.state).first())["state"] == "changes_requested"
    notices = call(client, lambda: Notification.select(Notification.user).where(
        Notification.kind == "release_withdrawn"))
    assert [n["user"] for n in notices] == [ids["trainer2"]]
    assert "The notice under the door" not in client.get("/library").text
    assert "This release was taken out of the library." in client.get(f"/library/{SLUG}/v/1.0.0").text
    assert client.get(f"/library/{SLUG}").status_code == 404
    post(client, "/logout")
    login(client, "trainer2")
    assert "Withdrawn: consent for one of its sources was withdrawn." in client.get(f"/library/packs/{pack_id}").text
    bad = post(client, f"/drafts/{SLUG}/consent/confirm", {"ref": "INS-0007", "reason": ""})
    assert bad.status_code == 404  # trainers cannot record it


def test_the_api_serves_releases_and_packs_and_only_the_api_is_in_the_schema(client, world):
    from codesign.library import packs
    from codesign.library.tables import Release

    ids = setup_world(client, world, WITH_PRIVATE)
    publish(client, ids)
    assert client.get("/api/v1/library", follow_redirects=False).status_code == 401
    schema = client.get("/api/schema")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert paths and all(p.startswith("/api/v1/") for p in paths)
    assert {"/api/v1/library", "/api/v1/library/{slug}", "/api/v1/packs"} <= set(paths)
    assert client.get("/api/schema/swagger").status_code == 404
    login(client, "trainer")
    listing = client.get("/api/v1/library?competency=C04").json()
    assert listing["total"] == 1 and listing["items"][0]["version"] == "1.0.0"
    assert client.get("/api/v1/library?competency=C99").status_code == 422
    detail = client.get(f"/api/v1/library/{SLUG}")
    assert detail.status_code == 200 and "secret-contact-xyz" not in detail.text
    body = detail.json()
    assert body["metadata"]["version"] == "1.0.0" and "Characters" in body["sections"] and body["credits"] == ["Ada"]
    assert client.get(f"/api/v1/library/{SLUG}/versions/1.0.0").status_code == 200
    assert client.get("/api/v1/library/nothing-here").status_code == 404
    release_id = call(client, lambda: Release.select(Release.id).first())["id"]
    pack_id = call(client, packs.create_pack, actor(ids, "trainer"), "Induction", "For new staff.")
    call(client, packs.add_release, actor(ids, "trainer"), pack_id, release_id)
    pack = client.get(f"/api/v1/packs/{pack_id}").json()
    assert pack["items"][0]["slug"] == SLUG and pack["items"][0]["newer_version"] is None
    assert client.get("/api/v1/packs").json()["total"] == 1
    post(client, "/logout")
    login(client, "trainer2")
    assert client.get(f"/api/v1/packs/{pack_id}").status_code == 404  # not published


def test_the_atom_feed_lists_new_releases(client, world):
    ids = setup_world(client, world)
    publish(client, ids)
    assert client.get("/library/feed.atom", follow_redirects=False).status_code in (302, 303)
    login(client, "member")
    feed = client.get("/library/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)  # noqa: S314 - our own output
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "The notice under the door (1.0.0)" in titles
