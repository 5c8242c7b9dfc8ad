"""The provenance gates of domain.md §1.4: consent for lived-experience sources (rule 7, 8) and the law check
before publishing (rule 11). Pure functions of a draft's front matter, plus the refs whose consent was withdrawn."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

GRANTED = ("granted_anonymous", "granted_with_attribution", "granted_limited")


def sources(meta: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = meta.get("lived_experience_sources")
    return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []


def source_refs(meta: Mapping[str, Any]) -> set[str]:
    return {str(s["ref"]) for s in sources(meta) if s.get("ref")}


def consent_holds(meta: Mapping[str, Any], withdrawn_refs: Collection[str] = ()) -> bool:
    """Every source has consent granted, with a scope, attribution where it was granted with attribution, and
    none was withdrawn since; with no sources at all, the scenario must say it is fully fictional."""
    listed = sources(meta)
    if not listed:
        return meta.get("fully_fictional") is True
    for source in listed:
        if source.get("consent_status") not in GRANTED:
            return False
        if not source.get("consent_scope"):
            return False
        if source.get("consent_status") == "granted_with_attribution" and not source.get("attribution"):
            return False
        if str(source.get("ref") or "") in withdrawn_refs:
            return False
    return True


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def law_checked(meta: Mapping[str, Any], today: date) -> bool:
    """A generic scenario needs no law check; one for a particular place needs `law_checked_on`, and its
    `review_due`, when given, must not have passed."""
    jurisdiction = meta.get("jurisdiction")
    if not isinstance(jurisdiction, dict) or str(jurisdiction.get("code") or "generic") == "generic":
        return True
    if _as_date(jurisdiction.get("law_checked_on")) is None:
        return False
    due = _as_date(jurisdiction.get("review_due")) if jurisdiction.get("review_due") else None
    return due is None or due >= today


def needs_legal_recheck(meta: Mapping[str, Any], today: date) -> bool:
    """Past `review_due`: the "needs legal re-check" badge (rule 11)."""
    jurisdiction = meta.get("jurisdiction")
    if not isinstance(jurisdiction, dict) or not jurisdiction.get("review_due"):
        return False
    due = _as_date(jurisdiction.get("review_due"))
    return due is not None and due < today
