"""The version rule of releases (domain.md §1.3), as a pure function: the first release is 1.0.0; a new major when
the learning objectives change, a new minor when the Characters or Stages sections change, a patch otherwise."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FIRST = "1.0.0"
# Sections whose change makes a minor version: what role-players are and do.
MINOR_SECTIONS = ("Characters", "Stages and branch points")
VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


@dataclass(frozen=True)
class Text:
    """What the rule compares of a release: its learning objectives and its body sections."""

    objectives: Any
    sections: Mapping[str, str]


def parse_version(version: str) -> tuple[int, int, int]:
    match = VERSION_RE.match(version.strip())
    if not match:
        raise ValueError(f"not a version: {version!r}")
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def _normalised(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _section(sections: Mapping[str, str], name: str) -> str:
    return " ".join((sections.get(name) or "").split())


def change_kind(old: Text, new: Text) -> str:
    """"major", "minor" or "patch": the biggest kind of change from `old` to `new`."""
    if _normalised(old.objectives) != _normalised(new.objectives):
        return "major"
    if any(_section(old.sections, name) != _section(new.sections, name) for name in MINOR_SECTIONS):
        return "minor"
    return "patch"


def next_version(previous: str | None, old: Text | None, new: Text) -> str:
    """The version of a new release, given the previous release's version and text (None for the first)."""
    if previous is None or old is None:
        return FIRST
    major, minor, patch = parse_version(previous)
    kind = change_kind(old, new)
    if kind == "major":
        return f"{major + 1}.0.0"
    if kind == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
