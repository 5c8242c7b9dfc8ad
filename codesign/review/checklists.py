"""The six expert-review checklists of domain.md §2.2 as data, and the pure rules a filled-in checklist must meet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from codesign.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Item:
    id: str
    text: Any  # a lazy translation
    star: bool = False  # a "no" here means the outcome cannot be a plain pass


def _items(kind: str, *entries: tuple[bool, Any]) -> tuple[Item, ...]:
    return tuple(Item(f"{kind}_{number}", text, star) for number, (star, text) in enumerate(entries, start=1))


STAR = True
CHECKLISTS: dict[str, tuple[Item, ...]] = {
    "safeguarding": _items(
        "safeguarding",
        (STAR, _l("Is distressing content limited to what the objectives need, with no graphic description of "
                  "violence, abuse, persecution or journeys?")),
        (STAR, _l("Are all content warnings listed (kind and intensity), and do they appear before opening and in "
                  "the prebrief script?")),
        (STAR, _l("Does the scenario give a stop signal, an opt-out role with no penalty (for example, observer), "
                  "and a de-roling step at the end?")),
        (False, _l("Do private briefs tell role-players what not to improvise (invented trauma disclosures, slurs, "
                   "mocking accents)?")),
        (False, _l("If a disclosure of harm is part of the scenario, do the notes model the correct real-world "
                   "response? That means: listen, do not investigate, be honest about confidentiality limits, and "
                   "follow the local safeguarding procedure.")),
        (False, _l("Do facilitator notes say how to support a participant who becomes distressed (pause, step out, "
                   "check in afterwards, who to contact)?")),
        (False, _l("Does the “good” path reward trauma-informed behaviour: explaining what happens next, offering "
                   "choice, not asking people to retell more than needed?")),
        (STAR, _l("Lived experience: could anyone identify a real person from the details? (Are composites used and "
                  "identifying details changed?)")),
    ),
    "rights": _items(
        "rights",
        (STAR, _l("Is every statement about law, entitlements or procedure correct for the stated jurisdiction? Or, "
                  "if generic, is each one framed as “check locally” and listed in the facilitator notes?")),
        (STAR, _l("Does the “good” path avoid collecting information the service has no right or need to collect "
                  "(for example, immigration status where it is not required)?")),
        (False, _l("Are the date the law was checked and the review due date set (for a specific jurisdiction), "
                   "with the review due within 12 months?")),
        (False, _l("Are non-discrimination duties shown accurately? This includes indirect discrimination, for "
                   "example a blanket document rule that excludes some groups.")),
        (False, _l("Does the learner's “correct” action stay within their real authority (for example, a navigator "
                   "refers medicine questions instead of changing prescriptions)?")),
        (False, _l("Are the limits of confidentiality and information-sharing described correctly (when consent is "
                   "needed; when a safeguarding duty applies)?")),
        (False, _l("Are the referral routes real, free or low-cost, and reachable for people with insecure "
                   "status?")),
        (False, _l("Are all relevant policy tags attached, so that future policy changes trigger a re-check?")),
    ),
    "bias": _items(
        "bias",
        (STAR, _l("Do nationality, ethnicity, religion or accent appear only when an objective needs them, with the "
                  "reason stated in the facilitator notes?")),
        (STAR, _l("Is every migrant character defined by goals, knowledge and concerns, and shown with competence "
                  "and agency, not only need or vulnerability?")),
        (False, _l("Are problems framed as systemic or administrative where that is the cause (forms, rules, "
                   "systems), not as cultural deficits?")),
        (STAR, _l("Is the language free of dehumanising terms (for example “illegal” for people), and "
                  "people-first?")),
        (False, _l("Does the “good” path avoid one culturally-coded right answer? Does it reward asking instead of "
                   "assuming (cultural humility)?")),
        (False, _l("Are staff characters realistic and varied (not all obstructive, not all heroic)?")),
        (False, _l("Library check: does this draft avoid repeating the same pairing of group and problem already in "
                   "the library?")),
        (False, _l("Would members of the depicted community see the situation as plausible and respectful? "
                   "(Council members confirm.)")),
    ),
    "plain_language": _items(
        "plain_language",
        (False, _l("Does each section start with what the reader most needs, addressed to “you”?")),
        (False, _l("Are most sentences short (average 15–20 words or fewer) and in the active voice?")),
        (False, _l("Are jargon, acronyms and legal terms removed, or explained the first time they appear?")),
        (False, _l("Does the prose meet the readability target for its language, and has a human checked the "
                   "passages the formula flags?")),
        (STAR, _l("Have two test readers (one trainer, one council member) found and explained back the key points: "
                  "objectives, the stop signal, what to do at each pause point?")),
        (False, _l("Are the objectives written as observable actions (verb + object + condition)?")),
        (False, _l("Are terms consistent (for example, “interpreter” for speech, “translation” for writing)?")),
        (False, _l("Are character briefs 120 words or fewer and the situation 120 words or fewer?")),
    ),
    "accessibility": _items(
        "accessibility",
        (STAR, _l("Does the digital version meet WCAG 2.2 AA: headings, text alternatives, contrast, keyboard "
                  "access, no meaning carried by colour alone?")),
        (False, _l("Are handouts available in large print and screen-reader-friendly formats, with an easy-read "
                   "summary where needed?")),
        (False, _l("Can every role be played without reading long text aloud, standing, or depending on one sense, "
                   "or are alternatives given?")),
        (False, _l("Do audio and video have captions and transcripts? Is sign-language interpreting available for "
                   "deaf participants?")),
        (False, _l("Where relevant, does the scenario model reasonable adjustments for service users (hearing, "
                   "vision, cognition)?")),
        (False, _l("Do timings include breaks (sign-language interpreters often need one about every 20 minutes) "
                   "and describe the room setup (step-free access, a triangle seating plan)?")),
        (False, _l("Are colour-coded role cards also labelled in text?")),
    ),
    "translation": _items(
        "translation",
        (STAR, _l("Was the translation made by a qualified human translator (machine output only as a draft) and "
                  "revised by a second linguist (“four eyes”)?")),
        (False, _l("Does it aim for conceptual, not literal, equivalence, with key terms checked by back-translation "
                   "or an expert panel?")),
        (STAR, _l("Has a community reader of the target language confirmed that it reads naturally and respectfully "
                  "(a cognitive check)?")),
        (False, _l("Does each translation record its source version, and is it marked outdated when the source "
                   "changes?")),
        (False, _l("Are interpreter characters briefed realistically: first person, accuracy, impartiality, "
                   "confidentiality, role boundaries? Does the scenario reward the learner for briefing the "
                   "interpreter and speaking to the person?")),
        (STAR, _l("Is the use of children or untrained family as interpreters shown only as a teaching point, with "
                  "the correct response modelled?")),
        (False, _l("Are language, dialect and script specified correctly (language tags; the right variety to "
                   "book)?")),
        (False, _l("Do interpreted scenes allow extra time (about double), with breaks and pauses for the "
                   "interpreter?")),
    ),
}

ANSWERS = ("yes", "no", "na")
OUTCOMES = ("pass", "pass_with_notes", "changes_requested", "block")
SIGN_OFFS = frozenset({"pass", "pass_with_notes"})
# Outcomes that send the draft back to its authors (the lifecycle step request_changes).
SENDS_BACK = frozenset({"changes_requested", "block"})
# A block from these reviews stays until the same reviewer signs off: no council vote can overrule it.
BLOCKING_KINDS = frozenset({"safeguarding", "rights"})
MAX_NOTE = 2000
MAX_SUMMARY = 4000


@dataclass(frozen=True)
class Answer:
    value: str  # yes | no | na, or "" when not answered
    note: str = ""


def problems(kind: str, answers: Mapping[str, Answer], outcome: str, summary: str) -> dict[str, str]:
    """Which rules a filled-in checklist breaks, as {field: problem code}; empty when it is complete.

    Fields are `answer_<item>`, `note_<item>`, `outcome` and `summary`. Codes: unanswered, unknown_answer,
    note_required, too_long, unknown_outcome, star_no_pass, reason_required.
    """
    found: dict[str, str] = {}
    starred_no = False
    for item in CHECKLISTS[kind]:
        answer = answers.get(item.id, Answer(""))
        if not answer.value:
            found[f"answer_{item.id}"] = "unanswered"
        elif answer.value not in ANSWERS:
            found[f"answer_{item.id}"] = "unknown_answer"
        elif answer.value == "no" and not answer.note.strip():
            found[f"note_{item.id}"] = "note_required"
        if len(answer.note) > MAX_NOTE:
            found[f"note_{item.id}"] = "too_long"
        starred_no = starred_no or (item.star and answer.value == "no")
    if outcome not in OUTCOMES:
        found["outcome"] = "unknown_outcome"
    elif outcome == "pass" and starred_no:
        found["outcome"] = "star_no_pass"
    if outcome in SENDS_BACK and not summary.strip():
        found["summary"] = "reason_required"
    elif len(summary) > MAX_SUMMARY:
        found["summary"] = "too_long"
    return found


def item_text(kind: str, item_id: str) -> str:
    for item in CHECKLISTS.get(kind, ()):
        if item.id == item_id:
            return str(item.text)
    return item_id
