"""The fields of the councils forms."""

from __future__ import annotations

from codesign.accounts.actor import COUNCIL_ROLES, REVIEW_KINDS
from codesign.councils.services import MAX_INVITATION_DAYS, MAX_INVITATION_USES
from codesign.councils.workflow import DECISION_RULES, MAX_TARGET_DAYS, TIMED_STAGES
from codesign.web.forms import Field

COUNCIL = (
    Field("name", min_length=2, max_length=120),
    Field("slug", kind="slug", min_length=2, max_length=60),
    Field("description", kind="textarea", required=False, max_length=4000),
    Field("organisation", kind="int", required=False, min_value=1),
)

COUNCIL_EDIT = (
    Field("name", min_length=2, max_length=120),
    Field("description", kind="textarea", required=False, max_length=4000),
)

INVITATION = (
    Field("role", kind="choice", choices=COUNCIL_ROLES),
    Field("days", kind="int", min_value=1, max_value=MAX_INVITATION_DAYS),
    Field("max_uses", kind="int", min_value=1, max_value=MAX_INVITATION_USES),
)

MEMBER_ROLE = (Field("role", kind="choice", choices=COUNCIL_ROLES),)

APPOINT_ORGANISER = (Field("username", max_length=40),)

CONFIRM = (Field("confirm", kind="bool"),)

WORKFLOW = (
    Field("required_review_kinds", kind="multichoice", choices=REVIEW_KINDS),
    Field("default_rule", kind="choice", choices=DECISION_RULES),
    Field("default_quorum", kind="int", min_value=1, max_value=100),
    *(Field(f"target_{stage}", kind="int", min_value=1, max_value=MAX_TARGET_DAYS) for stage in TIMED_STAGES),
)
