"""Drafts through their services: revisions, search on both engines, import and export of proposals/."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesign.accounts.actor import Actor, CouncilRole
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.scenarios import importer, listing, services
from codesign.scenarios.listing import Filters
from tests.conftest import call

ROOT = Path(__file__).resolve().parents[1]
PROPOSALS = ROOT / "proposals"
SAMPLE = (PROPOSALS / "housing-notice-under-the-door.md").read_text()


def member(user_id: int, council_id: int, role: str = "member") -> Actor:
    return Actor(user_id=user_id, councils=(CouncilRole(council_id, "riverside", "Riverside", role),))


@pytest.fixture
def setup(client, world):
    council = world.council()
    ada = world.user("ada")
    world.member(council, ada)
    return council, member(ada, council)


def test_propose_then_save_makes_numbered_immutable_revisions(client, setup):
    council, ada = setup
    slug = call(client, services.propose_draft, ada, council, SAMPLE, "first", "name")
    assert slug == "housing-notice-under-the-door"
    changed = SAMPLE.replace("eleven years", "twelve years")
    number = call(client, services.save_draft, ada, slug, changed, "one year more", "name")
    assert number == 2
    _row, first, _ = call(client, services.revision, ada, slug, 1)
    _row, second, _ = call(client, services.revision, ada, slug, 2)
    assert "eleven years" in first["body"] and "twelve years" in second["body"]


def test_saving_from_an_old_revision_is_refused_not_merged(client, setup):
    council, ada = setup
    slug = call(client, services.propose_draft, ada, council, SAMPLE, "", "name")
    call(client, services.save_draft, ada, slug, SAMPLE.replace("eleven", "twelve"), "", "name", 1)
    with pytest.raises(ValidationFailed):
        call(client, services.save_draft, ada, slug, SAMPLE.replace("eleven", "ten"), "", "name", 1)


def test_invalid_text_is_refused_with_every_problem_and_writes_nothing(client, setup):
    from codesign.scenarios.tables import Scenario

    council, ada = setup
    broken = SAMPLE.replace("format: triad_roleplay", "format: opera").replace("total: 50", "total: 51")
    with pytest.raises(ValidationFailed) as error:
        call(client, services.propose_draft, ada, council, broken, "", "name")
    assert len(error.value.errors) == 2
    assert call(client, Scenario.count) == 0


def test_outsiders_cannot_see_or_propose(client, world, setup):
    council, ada = setup
    slug = call(client, services.propose_draft, ada, council, SAMPLE, "", "name")
    stranger = Actor(user_id=999)
    with pytest.raises(NotFound):
        call(client, services.revision, stranger, slug)
    with pytest.raises(PermissionDenied):
        call(client, services.propose_draft, stranger, council, SAMPLE.replace("id: housing", "id: other-housing"),
             "", "name")
    other = member(world.user("bea"), council)
    with pytest.raises(PermissionDenied):
        call(client, services.save_draft, other, slug, SAMPLE, "", "name")


def test_restore_brings_an_old_revision_back_as_a_new_one(client, setup):
    council, ada = setup
    slug = call(client, services.propose_draft, ada, council, SAMPLE, "", "name")
    call(client, services.save_draft, ada, slug, SAMPLE.replace("eleven", "twelve"), "", "name")
    assert call(client, services.restore, ada, slug, 1) == 3
    _row, third, _ = call(client, services.revision, ada, slug, 3)
    assert "eleven years" in third["body"]


def test_list_filters_and_searches_on_this_engine(client, setup):
    council, ada = setup
    parsed, errors = importer.validate(importer.collect([PROPOSALS]))
    assert errors == []
    call(client, importer.apply, parsed, council)
    everything = call(client, listing.list_drafts, ada, council, Filters(), 1)
    assert everything.total == len(parsed)
    housing = call(client, listing.list_drafts, ada, council, Filters(service_setting="housing_intake"), 1)
    assert [d["slug"] for d in housing.items] == ["housing-notice-under-the-door"]
    interpreters = call(client, listing.list_drafts, ada, council, Filters(competency="C04"), 1)
    assert "housing-notice-under-the-door" in [d["slug"] for d in interpreters.items]
    found = call(client, listing.list_drafts, ada, council, Filters(query="notice door"), 1)
    assert [d["slug"] for d in found.items][0] == "housing-notice-under-the-door"
    assert "<mark>" in str(found.items[0]["snippet"])
    nothing = call(client, listing.list_drafts, ada, council, Filters(query="zzzzqqq"), 1)
    assert nothing.total == 0
    hostile = call(client, listing.list_drafts, ada, council, Filters(query='"notice" OR NEAR( ) * -- <b>'), 1)
    assert hostile.total >= 0


def test_import_is_idempotent_and_a_changed_file_is_a_new_revision(client, setup, tmp_path):
    council, _ada = setup
    path = tmp_path / "housing-notice-under-the-door.md"
    path.write_text(SAMPLE)
    first = call(client, importer.apply, importer.validate([path])[0], council)
    assert first.created == ["housing-notice-under-the-door"]
    again = call(client, importer.apply, importer.validate([path])[0], council)
    assert again.unchanged == ["housing-notice-under-the-door"]
    path.write_text(SAMPLE.replace("eleven years", "twelve years"))
    changed = call(client, importer.apply, importer.validate([path])[0], council)
    assert changed.revised == ["housing-notice-under-the-door"]


def test_import_reports_every_problem_with_file_line_and_field(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(SAMPLE.replace("id: housing-notice-under-the-door", "id: good"))
    bad = tmp_path / "bad.md"
    bad.write_text(SAMPLE.replace("difficulty: introductory", "difficulty: brutal"))
    twin = tmp_path / "twin.md"
    twin.write_text(SAMPLE.replace("id: housing-notice-under-the-door", "id: good"))
    _parsed, errors = importer.validate([good, bad, twin])
    assert any(e.startswith(f"{bad}:13: difficulty:") for e in errors), errors
    assert any("twin.md" in e and "also used" in e for e in errors)


def test_export_then_import_into_an_empty_database_reproduces_the_content(client, setup, tmp_path):
    from codesign.scenarios.tables import Revision, Scenario

    council, _ada = setup
    files = importer.collect([PROPOSALS])
    call(client, importer.apply, importer.validate(files)[0], council)
    written = call(client, importer.export, tmp_path / "out", council)
    assert sorted(p.name for p in written) == sorted(p.name for p in files)
    for path in files:
        assert (tmp_path / "out" / path.name).read_text() == path.read_text()
    call(client, lambda: Revision.delete(force=True))
    call(client, lambda: Scenario.delete(force=True))
    report = call(client, importer.apply, importer.validate(importer.collect([tmp_path / "out"]))[0], council)
    assert len(report.created) == len(files)
    again = call(client, importer.export, tmp_path / "again", council)
    for path in again:
        assert path.read_text() == (tmp_path / "out" / path.name).read_text()


def test_private_fields_are_never_exported(client, setup, tmp_path):
    council, ada = setup
    secret = SAMPLE.replace("debrief_model: pearls\n", "debrief_model: pearls\nprivate:\n  follow_up_contact: "
                            "call the centre on Tuesdays\n")
    call(client, services.propose_draft, ada, council, secret, "", "name")
    written = call(client, importer.export, tmp_path, council)
    assert "Tuesdays" not in written[0].read_text()
    _row, rev, _ = call(client, services.revision, ada, "housing-notice-under-the-door")
    assert "Tuesdays" in rev["private"]
    outsider = member(999, council)
    _row, seen, _ = call(client, services.revision, outsider, "housing-notice-under-the-door")
    assert "Tuesdays" not in seen["private"]
