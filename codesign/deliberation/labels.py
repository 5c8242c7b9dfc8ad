"""Words for the deliberation vocabularies, translated when shown."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

INTENTS = {
    "support": _l("Support"),
    "concern": _l("Concern"),
    "question": _l("Question"),
    "suggestion": _l("Suggestion"),
}

FLAG_REASONS = {
    "spam": _l("Spam or advertising"),
    "offensive": _l("Offensive or disrespectful"),
    "identifies_person": _l("Identifies a real person"),
    "other": _l("Something else"),
}

MODERATION_ACTIONS = {
    "hide": _l("Hid a comment"),
    "restore": _l("Restored a comment"),
    "hide_draft": _l("Hid a draft"),
    "restore_draft": _l("Restored a draft"),
    "block": _l("Blocked a member from the council"),
    "dismiss_flag": _l("Dismissed a flag"),
    "unseal": _l("Looked up who wrote an anonymous comment"),
}
