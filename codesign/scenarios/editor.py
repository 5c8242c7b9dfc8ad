"""The draft editor's form, to and from a scenario document.

The form walks through the parts of a scenario: the main facts as fields, each body section as
its own text box, the rest of the metadata as YAML for experienced writers, and the private
fields apart. Saving joins them into one document, so files and the form share one format.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from codesign.scenarios import vocabularies as v
from codesign.scenarios.document import Document, body_from_sections, compose, dump_front_matter, parse
from codesign.scenarios.validation import MESSAGES

# Metadata with a field of its own in the form; everything else goes through "other details".
MAIN_FIELDS = ("id", "title", "summary", "service_setting", "target_roles", "format", "difficulty")
SECTION_FIELDS = {name: "section_" + name.lower().replace(" ", "_").replace("-", "_")
                  for name in (*v.SECTIONS, *v.OPTIONAL_SECTIONS)}
PRIVATE_FIELDS = ("follow_up_contact", "consent_records")
STARTER_DETAILS: dict[str, Any] = {
    "schema_version": "1.0",
    "languages": {"source": "en", "in_play": ["en"], "translations": []},
    "duration_minutes": {"prebrief": 10, "play": 15, "debrief": 20, "total": 45},
    "group_size": {"min": 3, "max": 18, "structure": ""},
    "learning_objectives": [],
    "content_warnings": [],
    "safety": {"stop_signal": "", "opt_out_role": "observer", "de_roling": True},
    "debrief_model": "pearls",
}


def blank_values(language: str = "en") -> dict[str, Any]:
    details = dict(STARTER_DETAILS)
    details["languages"] = {"source": language, "in_play": [language], "translations": []}
    values: dict[str, Any] = {name: "" for name in MAIN_FIELDS}
    values["target_roles"] = []
    values["details"] = dump_front_matter(details)
    values.update({field: "" for field in SECTION_FIELDS.values()})
    values.update({field: "" for field in PRIVATE_FIELDS})
    return values


def values_from(front_matter: str, body: str, private: str) -> dict[str, Any]:
    """Form values for an existing revision."""
    document = parse(compose(front_matter, body), MESSAGES)
    meta = dict(document.meta)
    values: dict[str, Any] = {name: meta.pop(name, "") or "" for name in MAIN_FIELDS}
    values["target_roles"] = values["target_roles"] or []
    values["details"] = dump_front_matter(meta) if meta else ""
    for name, field in SECTION_FIELDS.items():
        values[field] = document.sections.get(name, "")
    stored = json.loads(private or "{}")
    for field in PRIVATE_FIELDS:
        values[field] = stored.get(field, "")
    return values


def document_text(values: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    """The document for the form's values, or field errors the form can show (messages already translated)."""
    from codesign.i18n import _

    errors: dict[str, str] = {}
    try:
        details = yaml.safe_load(values.get("details") or "") or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _(" (line %(line)s)", line=mark.line + 1) if mark is not None else ""
        return None, {"details": _("These details are not valid YAML%(where)s.", where=where)}
    if not isinstance(details, dict):
        return None, {"details": _("This must be a list of “name: value” fields.")}
    meta: dict[str, Any] = {"schema_version": details.pop("schema_version", "1.0")}
    for name in MAIN_FIELDS:
        value = values.get(name)
        if value not in (None, "", []):
            meta[name] = value
    for key, value in details.items():
        if key in MAIN_FIELDS:
            errors["details"] = _("“%(key)s” has its own field above; remove it from the details.", key=key)
        elif key != "private":
            meta[key] = value
    private = {field: values[field] for field in PRIVATE_FIELDS if values.get(field)}
    if private:
        meta["private"] = private
    sections = {name: values.get(field, "") or "" for name, field in SECTION_FIELDS.items()}
    body = body_from_sections(str(values.get("title") or ""), sections)
    return compose(dump_front_matter(meta), body), errors


def field_for(problem_field: str) -> str:
    """Which form field shows a problem of the document."""
    if problem_field.startswith("section:"):
        return SECTION_FIELDS.get(problem_field.removeprefix("section:"), "details")
    top = problem_field.split(".")[0]
    if top in MAIN_FIELDS:
        return top
    if top == "private":
        return PRIVATE_FIELDS[0]
    return "details"


def document_for(values: dict[str, Any]) -> Document | None:
    text, errors = document_text(values)
    return None if text is None or errors else parse(text, MESSAGES)
