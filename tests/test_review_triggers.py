"""Re-review triggers (domain.md §2.1), table-driven: which review kinds an edit of a scenario re-opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesign.review.triggers import changed_fields, changed_sections, reopened_kinds
from codesign.scenarios.document import parse
from codesign.scenarios.validation import MESSAGES

SAMPLE = (Path(__file__).resolve().parents[1] / "proposals" / "housing-notice-under-the-door.md").read_text()

PEOPLE = {"safeguarding", "bias", "plain_language", "accessibility", "translation"}  # Characters or Stages
BODY = {"plain_language", "translation"}  # any other body text


def edited(old: str, new: str) -> str:
    assert old in SAMPLE, old
    return SAMPLE.replace(old, new, 1)


CASES = {
    "nothing": (SAMPLE, set()),
    "a paragraph re-wrapped": (edited("She lives with her teenage son. ", "She lives with her teenage son.\n"), set()),
    "the situation": (edited("she has not slept", "she is very tired"), BODY),
    "the characters": (edited("Your next appointment is in 15 minutes.", "Your next appointment is in 10 minutes."),
                       PEOPLE),
    "the stages": (edited("Arrival (3 min)", "Arrival (4 min)"), PEOPLE),
    "the facilitator notes": (edited("check local rules on notice periods", "check local rules on notice periods "
                                     "and deposits"), {"rights", "plain_language", "accessibility", "translation"}),
    "the debrief": (edited("How are you feeling", "How do you feel"), BODY),
    "the debrief heading": (edited("## Debrief\n", "## Debrief (PEARLS)\n"), BODY),
    "the rubric": (edited("Asks only what is needed", "Asks only for what is needed"), BODY),
    "the provenance": (edited("Names, family and place were changed.", "Names and places were changed."), BODY),
    "the title heading": (edited("# The notice under the door", "# A notice under the door"), BODY),
    "a section added": (SAMPLE + "\n## Micro-bites\nA five-minute drill on offering an interpreter.\n", BODY),
    "the characters and the notes": (
        edited("Your next appointment is in 15 minutes.", "Your next appointment is soon.").replace(
            "step out of role", "leave their role"), PEOPLE | {"rights"}),
    "the jurisdiction": (edited("jurisdiction: {code: generic, law_checked_on: null}",
                                "jurisdiction: {code: GB-ENG, law_checked_on: 2026-01-10}"), {"rights"}),
    "policy tags added": (edited("target_roles:", "policy_tags: [eviction_notice_rules]\ntarget_roles:"), {"rights"}),
    "the languages": (edited("in_play: [en, pt]", "in_play: [en, pt, ar]"), {"translation"}),
    "the summary": (edited("checks understanding.", "checks that the tenant understood."), {"plain_language"}),
    "the front-matter title": (edited('title: "The notice under the door"', 'title: "A notice under the door"'),
                               {"plain_language"}),
    "a learning objective's text": (edited("and say why.", "and explain why."), {"plain_language"}),
    "the content warnings": (edited("intensity: mentioned", "intensity: central"), {"plain_language"}),
    "the durations only": (edited("group_size: {min: 3, max: 18", "group_size: {min: 3, max: 15"), set()),
    "the themes only": (edited("fear_of_authorities]", "fear_of_authorities, discrimination]"), set()),
    "a front-matter string re-wrapped": (edited('structure: "triads: worker, tenant, observer"',
                                                'structure: "triads:  worker, tenant, observer"'), set()),
}


@pytest.mark.parametrize("name", list(CASES))
def test_reopened_kinds(name):
    text, expected = CASES[name]
    old, new = parse(SAMPLE, MESSAGES), parse(text, MESSAGES)
    assert not new.problems, new.problems
    assert reopened_kinds(old, new) == expected


def test_the_changes_are_named_by_section_and_field():
    old = parse(SAMPLE, MESSAGES)
    new = parse(edited("she has not slept", "she is tired").replace("in_play: [en, pt]", "in_play: [en]"), MESSAGES)
    assert changed_sections(old, new) == {"Situation"}
    assert changed_fields(old, new) == {"languages"}

