"""The schema's machine-checkable rules (domain.md §1.4), as problems with a field and a line.

`check_structure` runs on every save and import: types, vocabularies, sums. `check_ready_for_review`
adds what review needs (the "R" fields), and runs when a draft is submitted, never while writing.
"""

from __future__ import annotations

import re
from typing import Any

from codesign.i18n import _
from codesign.scenarios import privacy
from codesign.scenarios import vocabularies as v
from codesign.scenarios.document import Document, Problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
OBSERVABLE_VERB_HINT = ("understand", "know", "appreciate", "be aware")
MAX_TITLE = 80
MAX_SUMMARY = 280
GRANTED = ("granted_anonymous", "granted_with_attribution", "granted_limited")
# Rule 6 looks for the practice being named in the notes, in the languages scenarios are written in.
INTERPRETER_STEMS = ("interpret", "intérpret", "interprét", "مترجم", "ترجم", "перекладач", "тлумач")


class Messages:
    """Translated problem texts, shared by the parser and the rules."""

    def no_front_matter(self) -> str:
        return _("The file must start with front matter between two lines of three dashes (---).")

    def bad_yaml(self, detail: str) -> str:
        return _("The front matter is not valid YAML: %(detail)s", detail=detail)

    def not_a_mapping(self) -> str:
        return _("This must be a list of “name: value” fields.")

    def unknown_section(self, heading: str) -> str:
        return _("“%(heading)s” is not a section of a scenario. Use the section names of the format.", heading=heading)

    def duplicate_section(self, name: str) -> str:
        return _("The section “%(name)s” appears twice.", name=name)


MESSAGES = Messages()


class _Rules:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.meta = document.meta
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, self.document.line_of(path), message))

    def enum(self, path: str, value: Any, allowed: Any) -> None:
        if value not in allowed:
            self.add(path, _("“%(value)s” is not one of the allowed values.", value=value))

    def enum_list(self, path: str, value: Any, allowed: Any) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            self.add(path, _("This must be a list."))
            return
        for index, item in enumerate(value):
            self.enum(f"{path}.{index}", item, allowed)

    def integer(self, path: str, value: Any, minimum: int = 0, maximum: int = 100_000) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, _("This must be a whole number."))
            return None
        if not minimum <= value <= maximum:
            self.add(path, _("This must be a number from %(min)s to %(max)s.", min=minimum, max=maximum))
            return None
        return value

    def mapping(self, path: str, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add(path, _("This must be a list of “name: value” fields."))
            return None
        return value

    def text(self, path: str, value: Any, maximum: int) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            self.add(path, _("This must be text."))
        elif len(value) > maximum:
            self.add(path, _("Use at most %(max)s characters.", max=maximum))


def check_structure(document: Document) -> list[Problem]:
    """Everything that must hold on every save: identity, types, vocabularies and arithmetic."""
    rules = _Rules(document)
    meta = rules.meta
    if not document.slug or not SLUG_RE.match(document.slug) or len(document.slug) > 80:
        rules.add("id", _("The id must be lowercase letters, digits and single hyphens (at most 80)."))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        rules.add("title", _("The title is required."))
    else:
        rules.text("title", title, MAX_TITLE)
    rules.text("summary", meta.get("summary"), MAX_SUMMARY)
    if meta.get("service_setting") is not None:
        rules.enum("service_setting", meta.get("service_setting"), v.SERVICE_SETTINGS)
    rules.enum_list("secondary_settings", meta.get("secondary_settings"), v.SERVICE_SETTINGS)
    rules.enum_list("target_roles", meta.get("target_roles"), v.TARGET_ROLES)
    rules.enum_list("themes", meta.get("themes"), v.THEMES)
    rules.enum_list("migration_contexts", meta.get("migration_contexts"), v.MIGRATION_CONTEXTS)
    for key, allowed in (("format", v.FORMATS), ("difficulty", v.DIFFICULTIES), ("debrief_model", v.DEBRIEF_MODELS)):
        if meta.get(key) is not None:
            rules.enum(key, meta.get(key), allowed)
    if meta.get("rollout_phase") is not None:
        rules.integer("rollout_phase", meta.get("rollout_phase"), 1, 3)
    _durations(rules)
    _group_size(rules)
    _objectives(rules)
    _languages(rules)
    _content_warnings(rules)
    _sources(rules)
    return rules.problems


def _durations(rules: _Rules) -> None:
    durations = rules.mapping("duration_minutes", rules.meta.get("duration_minutes"))
    if not durations:
        return
    parts = {key: rules.integer(f"duration_minutes.{key}", durations.get(key), 0, 1440)
             for key in ("prebrief", "play", "debrief", "total")}
    if None in parts.values():
        return
    if parts["prebrief"] + parts["play"] + parts["debrief"] != parts["total"]:  # type: ignore[operator]
        rules.add("duration_minutes.total", _("The total must be prebrief + play + debrief."))
    if parts["debrief"] < parts["play"]:  # type: ignore[operator]
        rules.add("duration_minutes.debrief", _("The debrief must last at least as long as the play."))


def _group_size(rules: _Rules) -> None:
    size = rules.mapping("group_size", rules.meta.get("group_size"))
    if not size:
        return
    low = rules.integer("group_size.min", size.get("min"), 1, 500)
    high = rules.integer("group_size.max", size.get("max"), 1, 500)
    if low is not None and high is not None and low > high:
        rules.add("group_size.max", _("The largest group cannot be smaller than the smallest."))


def _objectives(rules: _Rules) -> None:
    objectives = rules.meta.get("learning_objectives")
    if objectives is None:
        return
    if not isinstance(objectives, list):
        rules.add("learning_objectives", _("This must be a list."))
        return
    for index, objective in enumerate(objectives):
        path = f"learning_objectives.{index}"
        if not isinstance(objective, dict):
            rules.add(path, _("This must be a list of “name: value” fields."))
            continue
        if not isinstance(objective.get("text"), str) or not objective.get("text", "").strip():
            rules.add(f"{path}.text", _("Each objective needs a text."))
        competencies = objective.get("competencies")
        if not isinstance(competencies, list) or not competencies:
            rules.add(f"{path}.competencies", _("Each objective needs at least one competency."))
        else:
            rules.enum_list(f"{path}.competencies", competencies, v.COMPETENCIES)


def _languages(rules: _Rules) -> None:
    languages = rules.mapping("languages", rules.meta.get("languages"))
    if not languages:
        return
    source = languages.get("source")
    if not isinstance(source, str) or not LANGUAGE_RE.match(source):
        rules.add("languages.source", _("Give the language as a code such as en, ar or es."))
    in_play = languages.get("in_play") or []
    if not isinstance(in_play, list):
        rules.add("languages.in_play", _("This must be a list."))
        return
    if len(in_play) > 1 and not rules.meta.get("language_access"):
        rules.add("languages.in_play", _("More than one language is in play: describe the language access."))
    access = rules.mapping("language_access", rules.meta.get("language_access"))
    if access:
        if access.get("interpreter_mode") is not None:
            rules.enum("language_access.interpreter_mode", access.get("interpreter_mode"), v.INTERPRETER_MODES)
        if access.get("ad_hoc_interpreter") is not None:
            rules.enum("language_access.ad_hoc_interpreter", access.get("ad_hoc_interpreter"), v.AD_HOC_INTERPRETERS)
        if access.get("ad_hoc_interpreter") == "child":
            notes = rules.document.sections.get("Facilitator notes", "").lower()
            if not any(stem in notes for stem in INTERPRETER_STEMS):
                rules.add("language_access.ad_hoc_interpreter",
                          _("A child interprets in the story: the facilitator notes must say to use a qualified "
                            "interpreter and never children."))


def _content_warnings(rules: _Rules) -> None:
    warnings = rules.meta.get("content_warnings")
    if warnings is None:
        return
    if not isinstance(warnings, list):
        rules.add("content_warnings", _("This must be a list."))
        return
    for index, warning in enumerate(warnings):
        path = f"content_warnings.{index}"
        if not isinstance(warning, dict):
            rules.add(path, _("This must be a list of “name: value” fields."))
            continue
        rules.enum(f"{path}.kind", warning.get("kind"), v.CONTENT_WARNING_KINDS)
        rules.enum(f"{path}.intensity", warning.get("intensity"), v.CONTENT_WARNING_INTENSITIES)


def _sources(rules: _Rules) -> None:
    sources = rules.meta.get("lived_experience_sources")
    if sources is None:
        return
    if not isinstance(sources, list):
        rules.add("lived_experience_sources", _("This must be a list."))
        return
    for index, source in enumerate(sources):
        path = f"lived_experience_sources.{index}"
        if not isinstance(source, dict):
            rules.add(path, _("This must be a list of “name: value” fields."))
            continue
        rules.enum(f"{path}.source_type", source.get("source_type"), v.SOURCE_TYPES)
        rules.enum(f"{path}.consent_status", source.get("consent_status"), v.CONSENT_STATUSES)
        if source.get("consent_scope") is not None:
            rules.enum(f"{path}.consent_scope", source.get("consent_scope"), v.CONSENT_SCOPES)
        if source.get("consent_status") == "granted_with_attribution" and not source.get("attribution"):
            rules.add(f"{path}.attribution", _("Consent with attribution needs the attribution."))


def check_ready_for_review(document: Document) -> list[Problem]:
    """What review needs on top of the structure: the required fields and sections, and the objective ↔ rubric link."""
    rules = _Rules(document)
    meta = rules.meta
    required = ("summary", "service_setting", "jurisdiction", "target_roles", "format", "difficulty",
                "duration_minutes", "group_size", "learning_objectives", "languages", "content_warnings", "safety",
                "debrief_model", "created_by_org", "changelog")
    for key in required:
        if meta.get(key) in (None, "", []) and not (key == "content_warnings" and meta.get(key) == []):
            rules.add(key, _("This field is needed before review."))
    for name in v.SECTIONS:
        if not document.sections.get(name, "").strip():
            document_line = document.lines.get(f"section:{name}", 1)
            rules.problems.append(Problem(f"section:{name}", document_line,
                                          _("The section “%(name)s” is needed before review.", name=name)))
    if not meta.get("lived_experience_sources") and meta.get("fully_fictional") is not True:
        rules.add("lived_experience_sources",
                  _("Say where the experience comes from, or mark the scenario as fully fictional."))
    objectives = meta.get("learning_objectives")
    if isinstance(objectives, list) and not 2 <= len(objectives) <= 5:
        rules.add("learning_objectives", _("Write from 2 to 5 learning objectives."))
    rubric = document.sections.get("Rubric", "")
    rubric_competencies = set(re.findall(r"\bC(?:0[1-9]|1[0-5])\b", rubric))
    if isinstance(objectives, list) and rubric_competencies:
        for index, objective in enumerate(objectives):
            if isinstance(objective, dict) and not set(objective.get("competencies") or []) & rubric_competencies:
                rules.add(f"learning_objectives.{index}",
                          _("Each objective needs a rubric row that assesses one of its competencies."))
    return rules.problems + privacy.blocking(document)
