"""Training packs and usage reports through HTTP: build, reorder (plain form and htmx), notes, remove, share with
colleagues, a newer release shown and re-pinned, the pack's PDF, a flat query count; usage reports with bad input
refused and the council's aggregates suppressed below five reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from codesign import db
from tests.conftest import call, login, post, text_of
from tests.library_helpers import SAMPLE, SLUG, actor, publish, revise_and_approve, setup_world
from tests.test_library import pdf_text

ROOT = Path(__file__).resolve().parents[1]


def add_scenario(client, ids, name):
    from codesign.library.demo import approve
    from codesign.scenarios import services

    text = (ROOT / "proposals" / f"{name}.md").read_text()
    call(client, services.propose_draft, actor(ids, "member"), ids["council"], text, "", "name")
    call(client, approve, name, actor(ids, "member"), actor(ids, "organiser"))
    publish(client, ids, slug=name)


def release_id(client, slug):
    from codesign.library.tables import Release

    return call(client, lambda: Release.select(Release.id).where(
        (Release.slug == slug) & (Release.status == "current")).first())["id"]


def titles(html):
    return [t for t in ("The notice under the door", "Three new medicines", "Starting school in March") if t in html]


def order(html):
    found = {t: html.index(t) for t in titles(html)}
    return sorted(found, key=found.get)


def test_a_trainer_builds_reorders_and_shares_a_pack(client, world):
    ids = setup_world(client, world)
    publish(client, ids)
    add_scenario(client, ids, "health-three-new-medicines")
    login(client, "trainer")
    bad = post(client, "/library/packs", {"title": "", "introduction": "x"})
    assert bad.status_code == 422 and "This field is required." in bad.text
    created = post(client, "/library/packs", {"title": "Front desk induction", "introduction": "For new staff."})
    assert created.status_code == 303
    pack = created.headers["location"]
    pack_id = int(pack.rsplit("/", 1)[1])
    assert "Add to my pack" in client.get(f"/library/{SLUG}").text
    for slug in (SLUG, "health-three-new-medicines"):
        assert post(client, "/library/packs/add", {"pack": pack_id, "release": release_id(client, slug)}
                    ).status_code == 303
    twice = post(client, "/library/packs/add", {"pack": pack_id, "release": release_id(client, SLUG)},
                 follow_redirects=True)
    assert "This scenario is in the pack already." in twice.text
    html = client.get(pack).text
    assert order(html) == ["The notice under the door", "Three new medicines"]
    items = __import__("re").findall(r'/items/(\d+)/move', html)
    first, second = items[0], items[-1]
    assert post(client, f"{pack}/items/{first}/move", {"direction": "down"}).status_code == 303
    assert order(client.get(pack).text) == ["Three new medicines", "The notice under the door"]
    swapped = post(client, f"{pack}/items/{first}/move", {"direction": "up"}, headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and swapped.text.lstrip().startswith('<section id="pack-items"')
    assert order(swapped.text) == ["The notice under the door", "Three new medicines"]
    assert post(client, f"{pack}/items/{first}/move", {"direction": "sideways"}).status_code == 404
    assert post(client, f"{pack}/items/{first}/notes", {"local_notes": "Use room 2."}).status_code == 303
    assert "Use room 2." in client.get(pack).text
    too_long = post(client, f"{pack}/items/{first}/notes", {"local_notes": "x" * 10_001})
    assert too_long.status_code == 422
    pdf = client.get(f"{pack}/guide.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    inside = pdf_text(pdf.content)
    assert b"(The notice under the door)" in inside and b"(Three new medicines)" in inside
    assert b"(Role brief: Tenant)" in inside
    # Not shared yet: a colleague does not see it.
    post(client, "/logout")
    login(client, "trainer2")
    assert client.get(pack).status_code == 404
    assert "Front desk induction" not in client.get("/library/packs").text
    post(client, "/logout")
    login(client, "trainer")
    assert post(client, pack, {"title": "Front desk induction", "introduction": "For new staff.",
                               "published": "on"}).status_code == 303
    assert post(client, f"{pack}/items/{second}/remove").status_code == 303
    assert order(client.get(pack).text) == ["The notice under the door"]
    post(client, "/logout")
    login(client, "trainer2")
    shared = client.get(pack)
    assert shared.status_code == 200 and "Use room 2." in shared.text and "Move up" not in shared.text
    assert "Front desk induction" in client.get("/library/packs").text
    assert post(client, f"{pack}/items/{first}/remove").status_code == 403  # colleagues read, never change


def test_a_pack_shows_a_newer_release_and_repins_it_with_a_flat_query_count(client, world):
    from codesign.library import packs

    ids = setup_world(client, world)
    publish(client, ids)
    pack_id = call(client, packs.create_pack, actor(ids, "trainer"), "Pack", "")
    call(client, packs.add_release, actor(ids, "trainer"), pack_id, release_id(client, SLUG))
    login(client, "trainer")

    def count():
        before = db.query_count()
        assert client.get(f"/library/packs/{pack_id}").status_code == 200
        return db.query_count() - before

    count()
    one = count()
    for name in ("health-three-new-medicines", "school-starting-in-march"):
        add_scenario(client, ids, name)
        call(client, packs.add_release, actor(ids, "trainer"), pack_id, release_id(client, name))
    assert count() == one
    revise_and_approve(client, ids, SAMPLE.replace("eleven years", "twelve years"))
    publish(client, ids, "Wording.")
    html = client.get(f"/library/packs/{pack_id}").text
    assert "A newer version exists: 1.0.1." in text_of(html)
    item = __import__("re").search(r"/items/(\d+)/repin", html).group(1)
    assert post(client, f"/library/packs/{pack_id}/items/{item}/repin").status_code == 303
    html = client.get(f"/library/packs/{pack_id}").text
    assert "A newer version exists" not in html and "version 1.0.1" in html


def report(client, slug=SLUG, version="1.0.0", **changes):
    data = {"run_on": date.today().isoformat(), "audience_role": "housing_worker", "group_size": "8", "rating": "4",
            "confidence_before": "2", "confidence_after": "4", "notes": "Good energy.", **changes}
    return post(client, f"/library/{slug}/v/{version}/report", data)


def test_usage_reports_refuse_bad_input_and_the_council_sees_suppressed_aggregates(client, world):
    from codesign.library.tables import UsageReport

    ids = setup_world(client, world)
    publish(client, ids)
    login(client, "trainer")
    for changes, field_message in (
        ({"rating": "7"}, "Choose one of the options shown."),
        ({"group_size": "0"}, "Enter a number of at least 1."),
        ({"run_on": (date.today() + timedelta(days=2)).isoformat()}, "The session cannot be in the future."),
        ({"run_on": "14/03/2026"}, "Enter the date as year-month-day"),
        ({"confidence_after": ""}, "Give both confidence ratings, before and after, or neither."),
        ({"audience_role": "spy"}, "Choose one of the options shown."),
    ):
        response = report(client, **changes)
        assert response.status_code == 422 and field_message in response.text, changes
    assert call(client, UsageReport.count) == 0
    assert report(client).status_code == 303
    assert "Your reports" in client.get(f"/library/{SLUG}").text
    post(client, "/logout")
    login(client, "organiser")
    page = client.get(f"/drafts/{SLUG}").text
    assert "Fewer than five usage reports so far" in page and "Good energy." not in page
    post(client, "/logout")
    login(client, "trainer2")
    for _ in range(4):
        assert report(client, notes="").status_code == 303
    post(client, "/logout")
    login(client, "organiser")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "Fewer than five usage reports" not in page
    assert "All audiences 5 40 4 2 → 4" in page and "Good energy." in page


def test_the_usage_aggregate_hides_a_small_role_and_its_neighbour(client, world):
    ids = setup_world(client, world)
    publish(client, ids)
    login(client, "trainer")
    for role, times in (("housing_worker", 5), ("receptionist", 6), ("nurse", 1)):
        for _ in range(times):
            report(client, audience_role=role, confidence_before="", confidence_after="")
    post(client, "/logout")
    login(client, "member")
    page = text_of(client.get(f"/drafts/{SLUG}").text)
    assert "All audiences 12 96 4" in page
    assert page.count("Too few reports to show") == 2  # the nurse (1) and the smallest other role (5)
    assert "Receptionist 6 48 4" in page
