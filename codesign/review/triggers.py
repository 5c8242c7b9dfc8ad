"""Re-review triggers (domain.md §2.1): which review kinds an edit re-opens, from what changed between two texts.

A sign-off counts for the text its reviewer read, and for any later text whose changes do not touch what their
kind checks. This module compares two parsed documents (codesign.scenarios.document) and nothing else: no
database, no request. Text is compared with its whitespace collapsed, so re-wrapping a paragraph is no edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from codesign.scenarios.document import Document

CHARACTERS = "Characters"
STAGES = "Stages and branch points"
FACILITATOR_NOTES = "Facilitator notes"
TITLE = "# title"  # the "# Title" heading, compared like a section

# "Legal content", simply and honestly defined: the front-matter fields that say which law applies and which
# policies the scenario depends on, and the Facilitator notes, where statements of law and the "check locally"
# list live (domain.md §1.3, jurisdiction). Legal statements elsewhere in the body are not detected: a rights
# reviewer who worries about them can be asked again by the organiser.
LEGAL_FIELDS = ("jurisdiction", "policy_tags")
LEGAL_SECTIONS = (FACILITATOR_NOTES,)
# Front-matter fields that hold sentences people read; with the body, they are "the text" plain language checks.
PROSE_FIELDS = ("title", "summary", "learning_objectives", "content_warnings", "safety", "micro_bites")


def _flat(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def _normalised(value: Any) -> Any:
    """A front-matter value with the whitespace inside its strings collapsed."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def changed_sections(old: Document, new: Document) -> frozenset[str]:
    """Body sections (by canonical name, and TITLE for the title heading) added, removed or edited. A section's
    heading counts as its text ("Debrief (Gibbs)" becoming "Debrief (PEARLS)" is an edit of the Debrief)."""
    changed = {TITLE} if _flat(old.title) != _flat(new.title) else set()
    for name in set(old.sections) | set(new.sections):
        before = (_flat(old.headings.get(name)), _flat(old.sections.get(name)))
        after = (_flat(new.headings.get(name)), _flat(new.sections.get(name)))
        if before != after:
            changed.add(name)
    return frozenset(changed)


def changed_fields(old: Document, new: Document) -> frozenset[str]:
    """Top-level front-matter fields added, removed or changed."""
    return frozenset(key for key in set(old.meta) | set(new.meta)
                     if _normalised(old.meta.get(key)) != _normalised(new.meta.get(key)))


def _touches(changed: Iterable[str], watched: Iterable[str]) -> bool:
    return not set(changed).isdisjoint(watched)


def reopened_kinds(old_document: Document, new_document: Document) -> set[str]:
    """The review kinds whose sign-off on `old_document` no longer covers `new_document`:

    - safeguarding (1) and bias (3): the Characters or the Stages and branch points changed;
    - rights (2): legal content changed (LEGAL_FIELDS or LEGAL_SECTIONS above);
    - plain language (4): any text changed (the body, or a PROSE_FIELDS field);
    - accessibility (5): the Characters, the Stages and branch points or the Facilitator notes changed;
    - translation (6): the source's `languages` changed, or any body text.
    """
    sections = changed_sections(old_document, new_document)
    fields = changed_fields(old_document, new_document)
    kinds: set[str] = set()
    if _touches(sections, (CHARACTERS, STAGES)):
        kinds |= {"safeguarding", "bias"}
    if _touches(fields, LEGAL_FIELDS) or _touches(sections, LEGAL_SECTIONS):
        kinds.add("rights")
    if sections or _touches(fields, PROSE_FIELDS):
        kinds.add("plain_language")
    if _touches(sections, (CHARACTERS, STAGES, FACILITATOR_NOTES)):
        kinds.add("accessibility")
    if sections or "languages" in fields:
        kinds.add("translation")
    return kinds
