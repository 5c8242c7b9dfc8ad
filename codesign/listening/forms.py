"""The fields of the listening forms, and the parsing of the schedule form's repeated rows into a SessionInput."""

from __future__ import annotations

from typing import Any

from codesign.listening import labels
from codesign.listening.sessions import SessionInput
from codesign.scenarios.vocabularies import SERVICE_SETTINGS, THEMES
from codesign.web.forms import Field, clean_text

LANGUAGE_ROWS = 6
INTERPRETER_ROWS = 3
AGENDA_ROWS = 8

SESSION = (
    Field("title", max_length=200),
    Field("purpose", kind="textarea", required=False, max_length=4000),
    Field("date", max_length=10),
    Field("time", max_length=5),
    Field("time_zone", max_length=64),
    Field("format", kind="choice", choices=labels.FORMATS),
    Field("venue_type", kind="choice", choices=labels.VENUE_TYPES),
    Field("online_link", required=False, max_length=500),
    Field("accessibility", kind="multichoice", required=False, choices=labels.ACCESSIBILITY),
    Field("registration_open", kind="bool", required=False),
    Field("notes_retention_days", kind="int", min_value=1, max_value=90),
    Field("feedback_retention_days", kind="int", min_value=1, max_value=90),
    *(Field(f"role_{role}", kind="int", required=False, min_value=0, max_value=20) for role in labels.ROLES),
    Field("role_pseudonyms", required=False, max_length=300),
)

NOTE = (Field("text", kind="textarea", max_length=4000),)

INSIGHT = (
    Field("statement", kind="textarea", max_length=2000),
    Field("themes", kind="multichoice", required=False, choices=THEMES),
    Field("consent_scope", kind="choice", choices=labels.CONSENT_SCOPES),
    Field("consent_status", kind="choice", choices=labels.CONSENT_STATUSES),
    Field("sensitivity", kind="choice", choices=labels.SENSITIVITY),
    Field("raised_by", kind="choice", choices=labels.RAISED_BY),
)

INSIGHT_STATUS = (
    Field("status", kind="choice", choices=labels.INSIGHT_STATUSES),
    Field("consent_status", kind="choice", choices=labels.CONSENT_STATUSES),
)

REGISTER = (Field("language", max_length=35),)

VOTE = (
    Field("title", max_length=200),
    Field("method", kind="choice", choices=labels.VOTE_METHODS),
    Field("dots", kind="int", required=False, min_value=1, max_value=10),
)

FEEDBACK_FORM = (Field("days", kind="int", min_value=1, max_value=60),)

FEEDBACK = (
    Field("service_setting", kind="choice", choices=SERVICE_SETTINGS),
    Field("treated", kind="choice", choices=labels.TREATED),
    Field("understood", kind="choice", choices=labels.UNDERSTOOD),
    Field("interpreter", kind="choice", choices=labels.INTERPRETER),
    Field("text", kind="textarea", required=False, max_length=2000),
)

CANCEL = (Field("confirm", kind="bool"),)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if isinstance(value, list):
        value = value[-1] if value else ""
    return clean_text(value) if isinstance(value, str) else ""


def rows(data: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The repeated rows of the schedule form as typed (blank rows dropped), to be checked by the service."""
    languages = [{"lang": _text(data, f"lang_{n}"), "mode": _text(data, f"mode_{n}")}
                 for n in range(1, LANGUAGE_ROWS + 1)]
    interpreters = [{"pair": _text(data, f"pair_{n}"), "provider": _text(data, f"provider_{n}"),
                     "agreement": "yes" if _text(data, f"agreement_{n}") in ("on", "yes") else ""}
                    for n in range(1, INTERPRETER_ROWS + 1)]
    agenda = [{"item": _text(data, f"item_{n}"), "minutes": _text(data, f"minutes_{n}"),
               "method": _text(data, f"method_{n}")} for n in range(1, AGENDA_ROWS + 1)]
    return {
        "languages": [r for r in languages if r["lang"] or r["mode"]],
        "interpreters": [r for r in interpreters if r["pair"] or r["provider"]],
        "agenda": [r for r in agenda if r["item"] or r["minutes"]],
    }


def session_input(values: dict[str, Any], data: dict[str, Any]) -> SessionInput:
    repeated = rows(data)
    return SessionInput(
        title=values.get("title") or "", purpose=values.get("purpose") or "", date=values.get("date") or "",
        time=values.get("time") or "", time_zone=values.get("time_zone") or "", format=values.get("format") or "",
        venue_type=values.get("venue_type") or "", online_link=values.get("online_link") or "",
        accessibility=values.get("accessibility") or [], registration_open=bool(values.get("registration_open")),
        notes_retention_days=values.get("notes_retention_days") or 90,
        feedback_retention_days=values.get("feedback_retention_days") or 90,
        roles={role: values.get(f"role_{role}") or 0 for role in labels.ROLES},
        role_pseudonyms=values.get("role_pseudonyms") or "",
        languages=repeated["languages"], interpreters=repeated["interpreters"], agenda=repeated["agenda"])


def raw_from_session(row: dict[str, Any]) -> dict[str, Any]:
    """The schedule form filled from a stored session (for editing)."""
    from zoneinfo import ZoneInfo

    local = row["starts_at"].astimezone(ZoneInfo(row["time_zone"]))
    raw: dict[str, Any] = {
        "title": row["title"], "purpose": row["purpose"], "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"), "time_zone": row["time_zone"], "format": row["format"],
        "venue_type": row["venue_type"], "online_link": row["online_link"], "accessibility": row["accessibility_list"],
        "registration_open": "on" if row["registration_open"] else "",
        "notes_retention_days": str(row["notes_retention_days"]),
        "feedback_retention_days": str(row["feedback_retention_days"]),
        "role_pseudonyms": row["role_map"].get("pseudonyms", ""),
    }
    for role in labels.ROLES:
        raw[f"role_{role}"] = str(row["role_map"].get(role, 0))
    for n, item in enumerate(row["language_list"], 1):
        raw[f"lang_{n}"], raw[f"mode_{n}"] = item["lang"], item["mode"]
    for n, item in enumerate(row["interpreter_list"], 1):
        raw[f"pair_{n}"], raw[f"provider_{n}"] = item["pair"], item["provider"]
        raw[f"agreement_{n}"] = "on" if item["agreement"] else ""
    for n, item in enumerate(row["agenda_list"], 1):
        raw[f"item_{n}"], raw[f"minutes_{n}"], raw[f"method_{n}"] = item["item"], str(item["minutes"]), item["method"]
    return raw

ATTENDANCE = (
    Field("language", max_length=35),
    Field("count", kind="int", min_value=0, max_value=10_000),
)

CONSENT = tuple(Field(f"consent_{layer}", kind="int", required=False, min_value=0, max_value=10_000)
                for layer in labels.CONSENT_LAYERS)
