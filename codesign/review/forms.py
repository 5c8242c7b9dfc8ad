"""The fields of the review forms. The checklist form is read item by item from the checklist itself."""

from __future__ import annotations

from typing import Any

from codesign.accounts.actor import REVIEW_KINDS
from codesign.review import checklists
from codesign.web.forms import Field, clean_text

ASSIGN = (
    Field("review_kind", kind="choice", choices=REVIEW_KINDS),
    Field("reviewer", max_length=40),
    Field("due_days", kind="int", min_value=1, max_value=90),
)


def checklist_answers(kind: str, data: dict[str, Any]) -> dict[str, checklists.Answer]:
    """The answer and note posted for each item of the kind's checklist."""
    answers = {}
    for item in checklists.CHECKLISTS[kind]:
        value, note = data.get(f"answer_{item.id}"), data.get(f"note_{item.id}")
        answers[item.id] = checklists.Answer(clean_text(str(value[-1] if isinstance(value, list) else value or "")),
                                             clean_text(str(note[-1] if isinstance(note, list) else note or "")))
    return answers


def text_of(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return clean_text(str(value[-1] if isinstance(value, list) else value or ""))
