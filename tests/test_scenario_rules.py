"""Parsing scenario files and the schema's rules (domain.md §1.4), table-driven."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesign.scenarios.document import body_from_sections, compose, parse
from codesign.scenarios.validation import MESSAGES, check_ready_for_review, check_structure

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()


def doc(text: str):
    return parse(text, MESSAGES)


def with_front(replace: str, by: str) -> str:
    assert replace in SAMPLE
    return SAMPLE.replace(replace, by)


@pytest.mark.parametrize("path", sorted((ROOT / "proposals").glob("*.md")), ids=lambda p: p.name)
def test_every_proposal_in_the_repository_is_valid_and_ready_for_review(path: Path):
    if path.name == "README.md":
        return
    document = doc(path.read_text())
    assert document.problems == []
    assert check_structure(document) == []
    assert check_ready_for_review(document) == []
    assert document.slug == path.stem


def test_sections_titles_and_lines_are_read():
    document = doc(SAMPLE)
    assert document.title == "The notice under the door"
    assert list(document.sections)[:2] == ["Situation", "Characters"]
    assert document.lines["title"] == 4
    assert document.lines["duration_minutes"] == SAMPLE.splitlines().index(
        next(line for line in SAMPLE.splitlines() if line.startswith("duration_minutes"))) + 1


def test_debrief_heading_may_name_its_model():
    document = doc(SAMPLE.replace("## Debrief\n", "## Debrief (Gibbs)\n"))
    assert "Debrief" in document.sections and document.headings["Debrief"] == "Debrief (Gibbs)"


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("no front matter at all", "front matter", "front matter"),
        ("---\ntitle: [unclosed\n---\n# T\n", "front matter", "not valid YAML"),
        ("---\nid: a\nid: b\n---\n# T\n", "front matter", "duplicate"),
        ("---\n- a list\n---\n# T\n", "front matter", "“name: value”"),
    ],
)
def test_broken_files_give_a_problem_with_a_line(text, field, words):
    problems = doc(text).problems
    assert problems and problems[0].field == field and words in problems[0].message and problems[0].line >= 1


def test_unknown_and_duplicate_sections_are_problems():
    document = doc(SAMPLE + "\n## Situation\nagain\n## Recipes\nno\n")
    messages = [p.message for p in document.problems]
    assert any("appears twice" in m for m in messages)
    assert any("Recipes" in m for m in messages)


@pytest.mark.parametrize(
    ("replace", "by", "field"),
    [
        ("id: housing-notice-under-the-door", "id: Not A Slug", "id"),
        ('title: "The notice under the door"', "title: " + "x" * 81, "title"),
        ("service_setting: housing_intake", "service_setting: space_station", "service_setting"),
        ("target_roles: [frontline_intake_staff, housing_worker]", "target_roles: [astronaut]", "target_roles.0"),
        ("format: triad_roleplay", "format: opera", "format"),
        ("difficulty: introductory", "difficulty: 7", "difficulty"),
        ("total: 50}", "total: 51}", "duration_minutes.total"),
        ("{prebrief: 10, play: 15, debrief: 25, total: 50}", "{prebrief: 10, play: 30, debrief: 10, total: 50}",
         "duration_minutes.debrief"),
        ("{min: 3, max: 18,", "{min: 30, max: 18,", "group_size.max"),
        ("rollout_phase: 1", "rollout_phase: 9", "rollout_phase"),
        ("{id: LO1, competencies: [C04],", "{id: LO1, competencies: [C99],", "learning_objectives.0.competencies.0"),
        ("{id: LO1, competencies: [C04],", "{id: LO1, competencies: [],", "learning_objectives.0.competencies"),
        ("language_access: {interpreter_mode: telephone, interpreter_played_by: facilitator, ad_hoc_interpreter: none}",
         "", "languages.in_play"),
        ("{kind: financial_hardship, intensity: mentioned}", "{kind: financial_hardship, intensity: extreme}",
         "content_warnings.1.intensity"),
        ("consent_status: granted_anonymous", "consent_status: maybe", "lived_experience_sources.0.consent_status"),
        ("consent_status: granted_anonymous", "consent_status: granted_with_attribution",
         "lived_experience_sources.0.attribution"),
        ("languages: {source: en,", "languages: {source: 'English please',", "languages.source"),
    ],
)
def test_structure_rules(replace, by, field):
    problems = check_structure(doc(with_front(replace, by)))
    assert field in [p.field for p in problems], problems
    problem = next(p for p in problems if p.field == field)
    assert problem.line > 1


def test_objective_count_is_two_to_five_before_review_but_not_while_writing():
    text = SAMPLE.replace("  - {id: LO2", "  # - {id: LO2").replace("  - {id: LO3", "  # - {id: LO3")
    assert "learning_objectives" in [p.field for p in check_ready_for_review(doc(text))]
    assert "learning_objectives" not in [p.field for p in check_structure(doc(text))]


def test_ready_for_review_needs_sections_sources_and_rubric_links():
    text = SAMPLE.replace("## Provenance\n", "## Provenance\n\n## Micro-bites\n").split("## Provenance")[0]
    text += "## Provenance\n"
    fields = [p.field for p in check_ready_for_review(doc(text))]
    assert "section:Provenance" in fields
    no_sources = with_front("lived_experience_sources:\n  - {source_type: listening_session_insight, ref: INS-0007, "
                            "consent_status: granted_anonymous, consent_scope: paraphrase, composite: true, "
                            "identifying_details_changed: true}\n", "")
    assert "lived_experience_sources" in [p.field for p in check_ready_for_review(doc(no_sources))]
    unlinked = SAMPLE.replace("Teach-back (C05)", "Teach-back")
    assert "learning_objectives.2" in [p.field for p in check_ready_for_review(doc(unlinked))]


def test_ready_for_review_is_not_required_while_writing():
    draft = "---\nid: a-start\ntitle: A start\n---\n# A start\n\n## Situation\nSomething happens.\n"
    document = doc(draft)
    assert check_structure(document) == []
    assert check_ready_for_review(document) != []


def test_private_block_is_kept_apart_and_never_in_the_front_matter_text():
    text = SAMPLE.replace("debrief_model: pearls\n", "debrief_model: pearls\nprivate:\n  follow_up_contact: "
                          "via the organisation\n  consent_records: [SES-0001 paper form]\n")
    document = doc(text)
    assert document.private["follow_up_contact"] == "via the organisation"
    assert "private" not in document.meta and "follow_up_contact" not in document.front_matter
    assert "debrief_model: pearls" in document.front_matter


def test_compose_round_trips_the_file():
    document = doc(SAMPLE)
    assert compose(document.front_matter, document.body) == SAMPLE


def test_body_from_sections_writes_every_section_in_order():
    body = body_from_sections("A title", {"Rubric": "| a |", "Situation": "It happens."})
    assert body.index("## Situation") < body.index("## Characters") < body.index("## Rubric")
    assert "## Micro-bites" not in body
    assert doc("---\nid: x\ntitle: A title\n---\n" + body).sections["Situation"] == "It happens."


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("Call her on 07700 900123 tomorrow.", True),
        ("Write to rosa.m@example.org about it.", True),
        ("Her passport is AB1234567.", True),
        ("Case number X-00012345 was mentioned.", True),
        ("She arrived in 2019 and has two children aged 8 and 13.", False),
        ("The appointment is at 10:30, room 4.", False),
    ],
)
def test_privacy_lint_blocks_contact_details_and_document_numbers(text, blocked):
    from codesign.scenarios import privacy

    document = doc(SAMPLE.replace("## Situation\n", f"## Situation\n{text}\n"))
    assert bool(privacy.blocking(document)) is blocked
    assert bool([p for p in check_ready_for_review(document) if p.field == "section:Situation"]) is blocked
    assert check_structure(document) == []  # writing is never blocked by it


def test_privacy_lint_flags_sensitive_words_for_a_reviewer():
    from codesign.scenarios import privacy

    document = doc(SAMPLE.replace("## Situation\n", "## Situation\nShe shows her visa and her papers.\n"))
    assert privacy.flagged_terms(document)[:2] == ["visa", "papers"]
    arabic = doc(SAMPLE.replace("## Situation\n", "## Situation\nنسيت جواز السفر في البيت.\n"))
    assert "جواز السفر" in privacy.flagged_terms(arabic)
