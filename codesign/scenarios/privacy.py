"""The privacy lint of domain.md §1.4 rule 9 and P-01: contact details and document numbers block review;
words about papers and status are flagged so a reviewer confirms they are fictional and needed. The same detection,
as pure functions over a string, screens other free text (P-17): `screen` replaces contact details and
document-like numbers with a placeholder, `sensitive_terms` lists the words to look at twice."""

from __future__ import annotations

import re
from dataclasses import dataclass

from codesign.i18n import _
from codesign.scenarios.document import Document, Problem

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Seven or more digits (any script's digits: \d is Unicode), allowing the spaces, dots, dashes and brackets of
# phone numbers.
PHONE_RE = re.compile(r"(?<![\w-])(?:\+|\(\+?)?\d(?:[\s.\-()]*\d){6,}(?![\w-])")
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
        for term in sensitive_terms(text):
            if term not in found:
                found.append(term)
    return found


# --- screening any free text (anonymous feedback, organisers' notes) -------------------------------------------

PLACEHOLDER = "[removed]"
# Web addresses: with a scheme or www., or a bare domain under a common ending, with any path; trailing punctuation
# is left to the sentence.
URL_RE = re.compile(
    r"(?:\bhttps?://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?)\]]"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|io|eu|uk|es|fr|de|ua|ir|af|sy|gov)\b(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]])?",
    re.IGNORECASE)
# A UK National Insurance number as people write it, with or without spaces.
NI_NUMBER_RE = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
# A run of letters and digits, perhaps joined by dashes or slashes (AB1234567, HO/123456/2023, GWF012345678).
TOKEN_RE = re.compile(r"(?<![\w/-])\w+(?:[-/]\w+)*(?![\w/-])")
# A number with a short unit or suffix (10000km, 1990s): not a document number.
MEASURE_RE = re.compile(r"\d+(?:[.,]\d+)?[^\W\d_]{1,3}")
# Dates are not phone numbers (a run of digits with dashes or dots).
DATE_LIKE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}")
MIN_DOCUMENT_DIGITS = 4


@dataclass(frozen=True)
class Screened:
    text: str  # the text with every contact detail and document-like number replaced by PLACEHOLDER
    removed: int  # how many were replaced


def _document_like(token: str) -> bool:
    """Letters with at least four digits, the shape of passport, visa, case and reference numbers."""
    digits = sum(c.isdigit() for c in token)
    letters = sum(c.isalpha() for c in token)
    return bool(letters) and digits >= MIN_DOCUMENT_DIGITS and not MEASURE_RE.fullmatch(token)


def screen(text: str, placeholder: str = PLACEHOLDER) -> Screened:
    """Replaces contact details (email and web addresses, phone numbers in any script's digits) and document-like
    numbers with `placeholder`. Ordinary numbers (3 times, 2024, a date) are kept. Pure: the same for every caller."""
    removed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal removed
        removed += 1
        return placeholder

    def phone(match: re.Match[str]) -> str:
        return match.group(0) if DATE_LIKE_RE.fullmatch(match.group(0)) else replace(match)

    def token(match: re.Match[str]) -> str:
        return replace(match) if _document_like(match.group(0)) else match.group(0)

    for pattern in (EMAIL_RE, URL_RE, NI_NUMBER_RE, DOCUMENT_NUMBER_RE):
        text = pattern.sub(replace, text)
    text = PHONE_RE.sub(phone, text)
    text = TOKEN_RE.sub(token, text)
    return Screened(text=text, removed=removed)


def has_identifying_details(text: str) -> bool:
    """Whether `screen` would remove anything: for text that is only warned about, never rewritten."""
    return screen(text).removed > 0


def _term_re(term: str) -> re.Pattern[str]:
    # Latin and Cyrillic terms start a word ("visa", not "advisable"); Arabic-script ones may follow a prefix
    # written joined to them (و, ال).
    start = "" if "\u0600" <= term[0] <= "\u06ff" else r"(?<!\w)"
    return re.compile(start + re.escape(term), re.IGNORECASE)


TERM_RES = {term: _term_re(term) for term in SENSITIVE_TERMS}


def sensitive_terms(text: str) -> list[str]:
    """The SENSITIVE_TERMS in `text`, in the list's order: words about papers and status to look at twice."""
    return [term for term, pattern in TERM_RES.items() if pattern.search(text)]
