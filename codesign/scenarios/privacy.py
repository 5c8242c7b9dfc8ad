"""The privacy lint of domain.md §1.4 rule 9 and P-01: contact details and document numbers block review;
words about papers and status are flagged so a reviewer confirms they are fictional and needed."""

from __future__ import annotations

import re

from codesign.i18n import _
from codesign.scenarios.document import Document, Problem

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Seven or more digits, allowing the spaces, dots and dashes of phone numbers.
PHONE_RE = re.compile(r"(?<![\w-])\+?\d(?:[\s.\-()]*\d){6,}(?![\w-])")
# Letters then many digits, the usual shape of passport, visa, residence-card and case numbers.
DOCUMENT_NUMBER_RE = re.compile(r"\b[A-Z]{1,3}[- ]?\d{6,}\b")
# Words a reviewer should look at twice, in the languages scenarios are written in.
SENSITIVE_TERMS = (
    "visa", "papers", "passport number", "asylum case", "residence permit", "case number", "illegal",
    "pasaporte", "papeles", "número de expediente", "ilegal", "passeport", "titre de séjour", "sans-papiers",
    "illégal", "جواز السفر", "إقامة", "لجوء", "غير شرعي", "پاسپورت", "اقامت", "پناهندگی", "غیرقانونی",
    "паспорт", "посвідка", "притулок", "нелегал",
)


def _places(document: Document) -> list[tuple[str, str]]:
    """(field, text) for every piece of free text in the document."""
    places = [(f"section:{name}", text) for name, text in document.sections.items()]
    places.append(("front matter", document.front_matter))
    return places


DATE_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def blocking(document: Document) -> list[Problem]:
    """Contact details and document numbers: never in a scenario, so review waits until they are gone."""
    problems: list[Problem] = []
    for field, raw in _places(document):
        text = DATE_RE.sub(" ", raw)  # dates (a changelog, a law check) are not phone numbers
        line = document.lines.get(field, 1)
        if EMAIL_RE.search(text) or PHONE_RE.search(text):
            problems.append(Problem(field, line, _("Remove contact details (email addresses, phone numbers): "
                                                   "a scenario never contains them.")))
        if DOCUMENT_NUMBER_RE.search(text):
            problems.append(Problem(field, line, _("Remove what looks like a document or case number.")))
    return problems


def flagged_terms(document: Document) -> list[str]:
    """Sensitive words found in the text, for a reviewer to confirm they are fictional and needed."""
    found: list[str] = []
    for _field, text in _places(document):
        lowered = text.lower()
        for term in SENSITIVE_TERMS:
            if term in lowered and term not in found:
                found.append(term)
    return found
