"""Pure rules of the library, table-driven: the version rule, small-group suppression, role briefs, the Atom feed."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own output in a test

import pytest

from codesign.library.feed import atom
from codesign.library.guides import role_briefs
from codesign.library.reports import Cell, suppress
from codesign.library.versions import FIRST, Text, change_kind, next_version

OBJECTIVES = [{"id": "LO1", "text": "Offer an interpreter.", "competencies": ["C04"]}]
SECTIONS = {"Situation": "A tenant comes in.", "Characters": "**Tenant.** Worried.",
            "Stages and branch points": "1. Arrival.", "Debrief": "How do you feel?"}


def text(objectives=None, **changes):
    return Text(objectives=OBJECTIVES if objectives is None else objectives, sections={**SECTIONS, **changes})


@pytest.mark.parametrize(("old", "new", "kind"), [
    (text(), text(), "patch"),
    (text(), text(Situation="A tenant comes in at noon."), "patch"),
    (text(), text(Debrief="How are you feeling?"), "patch"),
    (text(), text(Characters="**Tenant.** Very worried."), "minor"),
    (text(), text(**{"Stages and branch points": "1. Arrival.\n2. Language."}), "minor"),
    (text(), text(Characters="**Tenant.**   Worried."), "patch"),  # white space only
    (text(), text([{**OBJECTIVES[0], "text": "Offer a qualified interpreter."}]), "major"),
    (text(), text([*OBJECTIVES, {"id": "LO2", "text": "Ask why.", "competencies": ["C07"]}]), "major"),
    (text(), text([{**OBJECTIVES[0], "text": "Other."}], Characters="**Tenant.** Calm."), "major"),
])
def test_change_kind(old, new, kind):
    assert change_kind(old, new) == kind


@pytest.mark.parametrize(("previous", "new", "expected"), [
    (None, text(), FIRST),
    ("1.0.0", text(), "1.0.1"),
    ("1.0.1", text(Characters="**Tenant.** Calm."), "1.1.0"),
    ("1.4.2", text(objectives=[]), "2.0.0"),
    ("2.3.9", text(Situation="Changed."), "2.3.10"),
])
def test_next_version(previous, new, expected):
    assert next_version(previous, text() if previous else None, new) == expected


def cell(key, reports, participants, confidence=0):
    return Cell(key=key, reports=reports, participants=participants, rating=4.0, with_confidence=confidence,
                before=2.0, after=4.0)


@pytest.mark.parametrize(("total", "roles", "total_shown", "roles_shown"), [
    (cell("", 4, 40), [cell("nurse", 4, 40)], False, [False]),  # fewer than 5 reports
    (cell("", 5, 4), [cell("nurse", 5, 4)], False, [False]),  # fewer than 5 people (not possible in practice)
    (cell("", 5, 30), [cell("nurse", 5, 30)], True, [True]),
    # One role hidden while the total shows: the smallest other role is hidden too (secondary suppression).
    (cell("", 13, 90), [cell("a", 2, 10), cell("b", 5, 40), cell("c", 6, 40)], True, [False, False, True]),
    (cell("", 14, 90), [cell("a", 2, 10), cell("b", 2, 40), cell("c", 10, 40)], True, [False, False, True]),
    (cell("", 4, 90), [cell("a", 2, 10), cell("b", 2, 80)], False, [False, False]),
])
def test_suppression(total, roles, total_shown, roles_shown):
    shown_total, cells = suppress(total, roles)
    assert shown_total.shown is total_shown
    assert [c.shown for c in cells] == roles_shown
    for c in [shown_total, *cells]:
        if not c.shown:
            assert c.rating is None and c.before is None


def test_confidence_needs_five_reports_that_gave_it():
    total, _ = suppress(cell("", 6, 60, confidence=4), [])
    assert total.shown and total.rating == 4.0 and total.before is None and total.after is None
    total, _ = suppress(cell("", 6, 60, confidence=5), [])
    assert (total.before, total.after) == (2.0, 4.0)


def test_role_briefs_are_cut_at_each_bold_name():
    briefs = role_briefs("**Worker (learner).** You work here.\n\nMore for the worker.\n\n**Tenant.** *Public:* x.")
    assert [b["name"] for b in briefs] == ["Worker (learner)", "Tenant"]
    assert "More for the worker." in briefs[0]["html"]


def test_the_atom_feed_is_valid_and_escaped():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    rows = [{"slug": "a-b", "version": "1.0.0", "title": "<script>alert(1)</script> & co", "summary": "x < y",
             "published_at": now, "change_notes": "]]>"}]
    body = atom("http://127.0.0.1", rows, "Feed", now)
    assert b"<script>" not in body
    root = ET.fromstring(body)  # noqa: S314 - our own output
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:title", "a:id", "a:updated"):
        assert root.find(required, ns) is not None
    entry = root.find("a:entry", ns)
    assert entry.find("a:title", ns).text == "<script>alert(1)</script> & co (1.0.0)"
    assert entry.find("a:id", ns).text == "http://127.0.0.1/library/a-b/v/1.0.0"
    assert entry.find("a:updated", ns).text == "2026-03-01T00:00:00Z"
