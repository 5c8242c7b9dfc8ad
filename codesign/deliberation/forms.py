"""The fields of the deliberation forms."""

from __future__ import annotations

from codesign.deliberation.comments import INTENTS, MAX_BODY
from codesign.deliberation.moderation import MAX_NOTE, REASONS
from codesign.scenarios.services import SHOWN_AS
from codesign.web.forms import Field

COMMENT = (
    Field("body", kind="textarea", required=False, max_length=MAX_BODY + 1000),
    Field("intent", kind="choice", choices=INTENTS),
    Field("shown_as", kind="choice", required=False, choices=SHOWN_AS),
    Field("parent", kind="int", required=False, min_value=1),
    Field("block", kind="int", required=False, min_value=0, max_value=10_000),
    Field("amendment", kind="int", required=False, min_value=1),
)

EDIT = (Field("body", kind="textarea", required=False, max_length=MAX_BODY + 1000),)

FLAG = (
    Field("reason", kind="choice", choices=REASONS),
    Field("note", kind="textarea", required=False, max_length=MAX_NOTE),
    Field("comment", kind="int", required=False, min_value=1),
)

REASON = (Field("reason", kind="textarea", required=False, max_length=MAX_NOTE),)

BLOCK = (
    Field("user", kind="int", min_value=1),
    Field("reason", kind="textarea", required=False, max_length=MAX_NOTE),
)

TOGGLE = (Field("on", kind="bool", required=False),)

CONFIRM = (Field("confirm", kind="bool"),)
