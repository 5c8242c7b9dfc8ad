"""Warnings on free text (domain.md P-01, P-17): the flags shown next to an answer, note or insight that may hold
identifying details or mentions immigration matters, over the pure detection of codesign.scenarios.privacy.
Participants' feedback is rewritten before it is stored (codesign.listening.feedback); what organisers write is
only flagged, never rewritten."""

from __future__ import annotations

from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l
from codesign.scenarios import privacy

FLAG_NAMES = {
    "identifying": _l("Looks like contact details or a document number: leave it out of anything shared"),
    "immigration": _l("Mentions immigration matters: check before sharing"),
}


def flags(text: str) -> list[str]:
    """The FLAG_NAMES keys that apply to `text`, in that order."""
    found = []
    if privacy.has_identifying_details(text):
        found.append("identifying")
    if privacy.sensitive_terms(text):
        found.append("immigration")
    return found


def saved_message(done: str, text: str) -> tuple[str, str]:
    """The message after an organiser saves `text`, and its level: `done` alone, or with a gentle warning."""
    if not flags(text):
        return done, "success"
    return _("%(done)s Please check it: it may hold contact details, a document number or a mention of immigration "
             "matters, which should stay out of anything shared.", done=done), "info"
