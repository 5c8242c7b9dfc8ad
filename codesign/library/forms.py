"""The fields of the library's forms: filters, publishing, packs, usage reports, withdrawing consent, API tokens
and retiring a scenario."""

from __future__ import annotations

from codesign.library import catalogue, reports
from codesign.scenarios import vocabularies as v
from codesign.web.forms import Field

FILTERS = (
    Field("q", required=False, max_length=200),
    Field("service_setting", kind="choice", required=False, choices=v.SERVICE_SETTINGS),
    Field("competency", kind="choice", required=False, choices=v.COMPETENCIES),
    Field("target_role", kind="choice", required=False, choices=v.TARGET_ROLES),
    Field("language", required=False, max_length=20),
    Field("max_minutes", kind="choice", required=False, choices=[str(m) for m in catalogue.DURATIONS]),
    Field("group_size", kind="int", required=False, min_value=1, max_value=reports.MAX_GROUP),
    Field("page", kind="int", required=False, min_value=1, max_value=100_000),
)

PUBLISH = (Field("change_notes", kind="textarea", required=False, max_length=2000),)

PACK = (
    Field("title", max_length=200),
    Field("introduction", kind="textarea", required=False, max_length=10_000),
    Field("published", kind="bool", required=False),
)

ADD_TO_PACK = (Field("pack", kind="int", min_value=1), Field("release", kind="int", min_value=1))

MOVE = (Field("direction", kind="choice", choices=("up", "down")),)

NOTES = (Field("local_notes", kind="textarea", required=False, max_length=10_000),)

RATINGS = ("1", "2", "3", "4", "5")

REPORT = (
    Field("run_on", max_length=10),
    Field("audience_role", kind="choice", choices=v.TARGET_ROLES),
    Field("group_size", kind="int", min_value=1, max_value=reports.MAX_GROUP),
    Field("rating", kind="choice", choices=RATINGS),
    Field("confidence_before", kind="choice", required=False, choices=RATINGS),
    Field("confidence_after", kind="choice", required=False, choices=RATINGS),
    Field("notes", kind="textarea", required=False, max_length=reports.MAX_NOTES),
)

WITHDRAW_CONSENT = (
    Field("ref", max_length=80),
    Field("reason", kind="textarea", max_length=2000),
    Field("confirm", kind="bool", required=False),
)

TOKEN = (Field("name", max_length=80),)

CONFIRM = (Field("confirm", kind="bool", required=False),)

RETIRE = (
    Field("reason", kind="textarea", max_length=2000),
    Field("confirm", kind="bool", required=False),
)
