"""The fields of the draft forms (the editor's sections are built from the vocabularies)."""

from __future__ import annotations

from codesign.scenarios import vocabularies as v
from codesign.scenarios.editor import PRIVATE_FIELDS, SECTION_FIELDS
from codesign.scenarios.listing import SORTS
from codesign.scenarios.services import SHOWN_AS
from codesign.web.forms import Field

EDITOR = (
    Field("id", kind="slug", required=False, min_length=3, max_length=80),
    Field("title", max_length=80),
    Field("summary", kind="textarea", required=False, max_length=280),
    Field("service_setting", kind="choice", required=False, choices=v.SERVICE_SETTINGS),
    Field("target_roles", kind="multichoice", required=False, choices=v.TARGET_ROLES),
    Field("format", kind="choice", required=False, choices=v.FORMATS),
    Field("difficulty", kind="choice", required=False, choices=v.DIFFICULTIES),
    Field("details", kind="textarea", required=False, max_length=20_000),
    *(Field(field, kind="textarea", required=False, max_length=40_000) for field in SECTION_FIELDS.values()),
    *(Field(field, kind="textarea", required=False, max_length=4_000) for field in PRIVATE_FIELDS),
    Field("shown_as", kind="choice", choices=SHOWN_AS),
    Field("note", required=False, max_length=300),
    Field("reason", kind="textarea", required=False, max_length=2000),
    Field("base", kind="int", required=False, min_value=0),
    Field("action", required=False, max_length=20),
)

FILTERS = (
    Field("q", required=False, max_length=200),
    Field("service_setting", kind="choice", required=False, choices=v.SERVICE_SETTINGS),
    Field("competency", kind="choice", required=False, choices=v.COMPETENCIES),
    Field("target_role", kind="choice", required=False, choices=v.TARGET_ROLES),
    Field("language", required=False, max_length=20),
    Field("state", kind="choice", required=False, choices=v.STATES),
    Field("author", kind="username", required=False, max_length=40),
    Field("sort", kind="choice", required=False, choices=SORTS),
    Field("page", kind="int", required=False, min_value=1, max_value=100_000),
)

CO_AUTHOR = (Field("username", max_length=40),)

DECLINE = (Field("reason", kind="textarea", max_length=2000),)

STEP = (
    Field("reason", kind="textarea", required=False, max_length=2000),
    Field("confirm", kind="bool", required=False),
)
