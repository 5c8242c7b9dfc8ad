"""The pure rules of expert review, table-driven: a filled-in checklist, "signed off", and a reviewer's access."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from codesign.accounts.actor import REVIEW_KINDS
from codesign.review.checklists import CHECKLISTS, Answer, problems
from codesign.review.rules import is_signed_off, outstanding_blocks, sign_off_stands, window_open


def filled(kind: str, **special: Answer) -> dict[str, Answer]:
    return {item.id: special.get(item.id, Answer("yes")) for item in CHECKLISTS[kind]}


def test_there_is_a_checklist_for_every_review_kind_with_the_items_of_the_domain():
    assert set(CHECKLISTS) == set(REVIEW_KINDS)
    counts = {kind: len(items) for kind, items in CHECKLISTS.items()}
    assert counts == {"safeguarding": 8, "rights": 8, "bias": 8, "plain_language": 8, "accessibility": 7,
                      "translation": 8}
    stars = {kind: [n for n, item in enumerate(items, 1) if item.star] for kind, items in CHECKLISTS.items()}
    assert stars == {"safeguarding": [1, 2, 3, 8], "rights": [1, 2], "bias": [1, 2, 4], "plain_language": [5],
                     "accessibility": [1], "translation": [1, 3, 6]}
    ids = [item.id for items in CHECKLISTS.values() for item in items]
    assert len(ids) == len(set(ids))


NO = Answer("no", "Explain.")


@pytest.mark.parametrize("answers, outcome, summary, expected", [
    (filled("safeguarding"), "pass", "", {}),
    (filled("safeguarding", safeguarding_4=NO), "pass", "", {}),  # a "no" on an unstarred item may pass
    (filled("safeguarding", safeguarding_1=NO), "pass", "", {"outcome": "star_no_pass"}),
    (filled("safeguarding", safeguarding_1=NO), "pass_with_notes", "", {}),
    (filled("safeguarding", safeguarding_8=NO), "block", "Identifiable.", {}),
    (filled("safeguarding", safeguarding_2=Answer("no")), "changes_requested", "x",
     {"note_safeguarding_2": "note_required"}),
    (filled("safeguarding", safeguarding_2=Answer("no", "   ")), "changes_requested", "x",
     {"note_safeguarding_2": "note_required"}),
    (filled("safeguarding", safeguarding_3=Answer("")), "pass", "", {"answer_safeguarding_3": "unanswered"}),
    (filled("safeguarding", safeguarding_3=Answer("maybe")), "pass", "", {"answer_safeguarding_3": "unknown_answer"}),
    ({}, "pass", "", {f"answer_safeguarding_{n}": "unanswered" for n in range(1, 9)}),
    (filled("safeguarding", safeguarding_5=Answer("na")), "pass", "", {}),
    (filled("safeguarding"), "changes_requested", "", {"summary": "reason_required"}),
    (filled("safeguarding"), "block", " \n", {"summary": "reason_required"}),
    (filled("safeguarding"), "shrug", "", {"outcome": "unknown_outcome"}),
    (filled("safeguarding"), "", "", {"outcome": "unknown_outcome"}),
    (filled("safeguarding", safeguarding_4=Answer("yes", "x" * 2001)), "pass", "", {"note_safeguarding_4": "too_long"}),
    (filled("safeguarding"), "pass_with_notes", "x" * 4001, {"summary": "too_long"}),
])
def test_checklist_rules(answers, outcome, summary, expected):
    assert problems("safeguarding", answers, outcome, summary) == expected


@pytest.mark.parametrize("kind", REVIEW_KINDS)
def test_every_starred_no_forbids_a_plain_pass_in_every_checklist(kind):
    for item in CHECKLISTS[kind]:
        found = problems(kind, filled(kind, **{item.id: NO}), "pass", "")
        assert found == ({"outcome": "star_no_pass"} if item.star else {}), item.id


def row(kind, outcome="", revision=None, removed=False):
    return {"kind": kind, "last_outcome": outcome, "last_revision": revision,
            "removed_at": datetime.now(UTC) if removed else None}


REQUIRED = ("safeguarding", "rights")
ALL_BUT_PLAIN = {"safeguarding", "bias", "rights", "accessibility", "translation"}


@pytest.mark.parametrize("rows, reopened, expected", [
    ([], {}, False),
    ([row("safeguarding", "pass", 3)], {}, False),  # rights missing
    ([row("safeguarding", "pass", 3), row("rights", "pass_with_notes", 3)], {}, True),
    # The text changed since the safeguarding sign-off: it counts unless the edits leave safeguarding alone.
    ([row("safeguarding", "pass", 2), row("rights", "pass", 3)], {}, False),  # unknown edits re-open everything
    ([row("safeguarding", "pass", 2), row("rights", "pass", 3)], {2: {"safeguarding", "bias"}}, False),
    ([row("safeguarding", "pass", 2), row("rights", "pass", 3)], {2: {"plain_language", "translation"}}, True),
    ([row("safeguarding", "pass", 1), row("rights", "pass", 2)], {1: {"safeguarding"}, 2: set()}, False),
    ([row("safeguarding", "pass", 1), row("rights", "pass", 2)], {1: {"rights"}, 2: {"plain_language"}}, True),
    ([row("safeguarding", "pass", 2), row("rights", "pass", 2)], {2: ALL_BUT_PLAIN}, False),
    ([row("safeguarding", "changes_requested", 2), row("rights", "pass", 3)], {2: set()}, False),  # not a sign-off
    ([row("safeguarding", "pass", 3, removed=True), row("rights", "pass", 3)], {}, False),  # removed reviewer
    ([row("safeguarding", "pass", 3), row("safeguarding", "changes_requested", 3), row("rights", "pass", 3)], {},
     True),
    ([row("safeguarding", "pass", 3), row("safeguarding", "block", 2), row("rights", "pass", 3)], {2: set()}, False),
    ([row("safeguarding", "pass", 3), row("rights", "pass", 3), row("rights", "block", 1, removed=True)], {}, False),
    ([row("safeguarding", "pass", 3), row("rights", "pass", 3), row("bias", "block", 3)], {}, True),  # not a veto
    ([row("safeguarding", "pass", 3), row("rights", "")], {}, False),  # not reviewed yet
])
def test_signed_off(rows, reopened, expected):
    assert is_signed_off(REQUIRED, rows, 3, reopened) is expected


@pytest.mark.parametrize("assignment, reopened, expected", [
    (row("rights", "pass", 3), {}, True),
    (row("rights", "pass_with_notes", 2), {2: {"safeguarding", "bias"}}, True),
    (row("rights", "pass", 2), {2: {"rights"}}, False),
    (row("rights", "pass", 2), {}, False),
    (row("rights", "pass", 2, removed=True), {2: set()}, False),
    (row("rights", "block", 2), {2: set()}, False),
    (row("rights", "", None), {}, False),
])
def test_a_sign_off_stands_until_an_edit_reopens_its_kind(assignment, reopened, expected):
    assert sign_off_stands(assignment, 3, reopened) is expected


def bias(outcome="pass", revision=3, migrant_led=False, removed=False):
    return {**row("bias", outcome, revision, removed), "reviewer.organisation.kind": "migrant_led" if migrant_led
            else "community"}


@pytest.mark.parametrize("rows, expected", [
    ([bias()], False),  # a sign-off, but nobody from a migrant-led organisation
    ([bias(migrant_led=True)], True),
    ([bias(), bias(migrant_led=True)], True),
    ([bias(), bias("changes_requested", migrant_led=True)], False),  # the migrant-led reviewer did not sign off
    ([bias(), bias(migrant_led=True, revision=2)], False),  # their sign-off was re-opened by an edit since
    ([bias(), bias(migrant_led=True, removed=True)], False),
    ([{**row("bias", "pass", 3)}], False),  # no organisation at all
])
def test_a_bias_review_signs_off_only_with_a_reviewer_from_a_migrant_led_organisation(rows, expected):
    assert is_signed_off(("bias",), rows, 3, {2: {"bias", "safeguarding"}}) is expected


def test_the_migrant_led_rule_is_for_the_bias_review_only():
    rows = [{**row(kind, "pass", 3), "reviewer.organisation.kind": "community"} for kind in REVIEW_KINDS]
    assert [kind for kind in REVIEW_KINDS if not is_signed_off((kind,), rows, 3, {})] == ["bias"]


def test_only_safeguarding_and_rights_blocks_are_outstanding_vetoes():
    rows = [row("safeguarding", "block"), row("rights", "block", removed=True), row("bias", "block"),
            row("rights", "pass")]
    assert [r["kind"] for r in outstanding_blocks(rows)] == ["safeguarding", "rights"]


NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("awaiting, reviewed_days_ago, expected", [
    (True, None, True),  # assigned, not reviewed yet
    (False, None, True),
    (False, 1, True),
    (False, 30, True),
    (False, 31, False),  # 30 days after the latest review, access ends
    (True, 90, True),  # the draft came back for a re-review
])
def test_a_reviewers_access_window(awaiting, reviewed_days_ago, expected):
    reviewed = None if reviewed_days_ago is None else NOW - timedelta(days=reviewed_days_ago)
    assert window_open(awaiting, reviewed, NOW) is expected
