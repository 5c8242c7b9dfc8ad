"""Words for council decisions, translated when shown."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

RULES = {
    "simple_majority": _l("Simple majority: passes when more than half of the votes cast (abstentions aside) "
                          "approve"),
    "two_thirds": _l("Two-thirds majority: passes when at least two thirds of the votes cast (abstentions aside) "
                     "approve"),
    "consent": _l("Consent: passes unless a member raises a reasoned objection"),
}

RULE_NAMES = {
    "simple_majority": _l("Simple majority"),
    "two_thirds": _l("Two-thirds majority"),
    "consent": _l("Consent"),
}

CHOICES = {
    "approve": _l("Approve"),
    "request_changes": _l("Request changes"),
    "reject": _l("Reject"),
    "abstain": _l("Abstain"),
}

OUTCOMES = {
    "passed": _l("Passed"),
    "changes_requested": _l("Changes requested"),
    "rejected": _l("Rejected"),
    "no_quorum": _l("No quorum: not enough members took part"),
    "no_votes": _l("No decision: nobody voted for or against"),
}

METHODS = {
    "borda": _l("Ranking (Borda count): each member puts the options in order"),
    "dots": _l("Dot voting: each member shares out a number of dots"),
}
