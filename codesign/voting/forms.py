"""The fields of the voting forms."""

from __future__ import annotations

from codesign.voting import rules
from codesign.web.forms import Field

OPEN = (
    Field("question", kind="textarea", max_length=2000),
    Field("rule", kind="choice", choices=rules.RULES),
    Field("quorum", kind="int", min_value=1, max_value=100),
    Field("secret", kind="bool", required=False),
    Field("live_results", kind="bool", required=False),
    Field("closes_in_days", kind="int", required=False, min_value=1, max_value=60),
    Field("purpose", kind="choice", required=False, choices=("draft", "signoff")),
)

BALLOT = (
    Field("choice", kind="choice", choices=rules.CHOICES),
    Field("reason", kind="textarea", required=False, max_length=2000),
)

PRIORITY = (
    Field("title", max_length=200),
    Field("method", kind="choice", choices=("borda", "dots")),
    Field("dots_per_member", kind="int", required=False, min_value=1, max_value=20),
    # "drafts" (repeated ids) is read apart: the service keeps only drafts of this council.
    Field("topics", kind="textarea", required=False, max_length=4000),
    Field("closes_in_days", kind="int", required=False, min_value=1, max_value=60),
)
