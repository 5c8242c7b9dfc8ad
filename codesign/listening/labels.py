"""Words of listening sessions (domain.md §3.2–§3.5), translated when shown."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

FORMATS = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "hybrid": _l("Hybrid (in person and online)"),
}

VENUE_TYPES = {
    "community_centre": _l("Community centre"),
    "place_of_worship": _l("Place of worship"),
    "library": _l("Library"),
    "school": _l("School"),
    "health_centre": _l("Health centre"),
    "council_office": _l("Council or public office"),
    "organisation_office": _l("The organisation's own rooms"),
    "online": _l("Online only"),
    "other": _l("Another kind of place"),
}

LANGUAGE_MODES = {
    "facilitated_in_language": _l("Facilitated in this language"),
    "consecutive_interpreting": _l("Consecutive interpreting"),
    "simultaneous_interpreting": _l("Simultaneous interpreting"),
    "written_translation": _l("Written translation"),
    "sign_language": _l("Sign language"),
}

PROVIDER_TYPES = {
    "professional_agency": _l("Professional interpreting agency"),
    "community_interpreter": _l("Trained community interpreter"),
    "staff_interpreter": _l("Staff interpreter"),
    "remote_service": _l("Telephone or video interpreting service"),
    "volunteer": _l("Volunteer interpreter"),
}

ACCESSIBILITY = {
    "step_free": _l("Step-free access"),
    "hearing_loop": _l("Hearing loop"),
    "sign_language": _l("Sign language interpreting"),
    "captions": _l("Live captions"),
    "large_print": _l("Large print"),
    "easy_read": _l("Easy-read materials"),
    "childcare": _l("Childcare"),
    "transport_paid": _l("Travel costs paid"),
    "quiet_room": _l("Quiet room"),
    "prayer_space": _l("Prayer space"),
    "food": _l("Food and drinks"),
    "regular_breaks": _l("Regular breaks"),
}

AGENDA_METHODS = {
    "story_circle": _l("Story circle"),
    "small_groups": _l("Small groups"),
    "ngt": _l("Nominal group technique"),
    "dot_vote": _l("Dot vote"),
    "open_discussion": _l("Open discussion"),
}

ROLES = {
    "facilitator": _l("Facilitators"),
    "recorder": _l("Recorders"),
    "host": _l("Hosts"),
    "community_mentor": _l("Community mentors"),
}

CONSENT_SCOPES = {
    "themes_only": _l("Themes only: the topic may be used, no specific situation"),
    "paraphrase": _l("Paraphrase: situations may be adapted into composite characters"),
    "quote": _l("Quotes: exact words confirmed one by one may be used"),
}

CONSENT_SCOPE_NAMES = {
    "themes_only": _l("Themes only"),
    "paraphrase": _l("Paraphrase"),
    "quote": _l("Quotes"),
}

CONSENT_STATUSES = {
    "granted_anonymous": _l("Agreed, anonymous"),
    "granted_with_attribution": _l("Agreed, with credit"),
    "granted_limited": _l("Agreed with limits"),
    "pending": _l("Not asked yet"),
    "withdrawn": _l("Withdrawn"),
}

SENSITIVITY = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High: needs a safeguarding review before any use"),
}

RAISED_BY = {
    "one": _l("One person"),
    "several": _l("Several people"),
    "many": _l("Many people"),
}

INSIGHT_STATUSES = {
    "raw": _l("Raw"),
    "validated": _l("Validated"),
    "prioritised": _l("Prioritised"),
    "in_proposal": _l("In a proposal"),
    "addressed": _l("Addressed"),
    "archived": _l("Archived"),
    "withdrawn": _l("Withdrawn"),
}

VOTE_METHODS = {
    "dots": _l("Dot vote: each person shares out a few dots"),
    "ranking": _l("Ranking: each person puts the options in order"),
}

TREATED = {
    "well": _l("Well"),
    "mixed": _l("Partly well"),
    "badly": _l("Badly"),
}

UNDERSTOOD = {
    "yes": _l("Yes"),
    "partly": _l("Partly"),
    "no": _l("No"),
}

INTERPRETER = {
    "offered": _l("Yes, an interpreter was offered"),
    "not_offered": _l("No, although I needed one"),
    "not_needed": _l("I did not need one"),
}

CONSENT_LAYERS = {  # domain.md §3.3; L1 (taking part) is everyone in the room
    "l2": _l("L2 Notes for themes: points written down without names"),
    "l3": _l("L3 Adapted examples: situations changed and combined into scenarios"),
    "l4": _l("L4 Quotes: exact words, each checked with the person"),
    "l5": _l("L5 Credit: the organisation or a chosen pseudonym is named"),
    "l6": _l("L6 Follow-up: the organisation may get in touch to check the summary"),
}
