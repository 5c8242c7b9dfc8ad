"""The fields of the accounts forms; labels and help text live in the templates."""

from __future__ import annotations

from codesign.accounts.actor import REVIEW_KINDS
from codesign.accounts.services import MIN_PASSWORD_LENGTH, ORGANISATION_KINDS
from codesign.i18n.locales import SUPPORTED_LOCALES
from codesign.web.forms import Field

LOGIN = (
    Field("username", max_length=40),
    Field("password", kind="password", max_length=200),
    Field("next", required=False, max_length=500),
)

ACCOUNT_FIELDS = (
    Field("username", kind="username", min_length=3, max_length=40),
    Field("display_name", min_length=2, max_length=80),
    Field("password", kind="password", min_length=MIN_PASSWORD_LENGTH, max_length=200),
    Field("locale", kind="choice", choices=SUPPORTED_LOCALES),
    Field("email", kind="email", required=False, max_length=254),
    Field("languages_spoken", required=False, max_length=200),
)

JOIN_CODE = (Field("code", max_length=40),)

PROFILE = (
    Field("display_name", min_length=2, max_length=80),
    Field("locale", kind="choice", choices=SUPPORTED_LOCALES),
    Field("email", kind="email", required=False, max_length=254),
    Field("languages_spoken", required=False, max_length=200),
    Field("speak_for_organisation", kind="bool", required=False),
)

CHANGE_PASSWORD = (
    Field("current_password", kind="password", max_length=200),
    Field("new_password", kind="password", min_length=MIN_PASSWORD_LENGTH, max_length=200),
)

DELETE_ACCOUNT = (
    Field("password", kind="password", max_length=200),
    Field("confirm", kind="bool"),
)

ORGANISATION = (
    Field("name", min_length=2, max_length=120),
    Field("slug", kind="slug", min_length=2, max_length=60),
    Field("kind", kind="choice", choices=ORGANISATION_KINDS),
    Field("description", kind="textarea", required=False, max_length=2000),
)

INSTANCE_ROLES = (
    Field("is_trainer", kind="bool", required=False),
    Field("reviewer_kinds", kind="multichoice", required=False, choices=REVIEW_KINDS),
    Field("organisation", kind="int", required=False, min_value=1),
)

LANGUAGE = (
    Field("locale", kind="choice", choices=SUPPORTED_LOCALES),
    Field("next", required=False, max_length=500),
)
