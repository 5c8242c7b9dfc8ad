"""Facilitator guides: a release laid out for facilitators (objectives, role briefs each on their own page, debrief,
rubric), rendered as PDF with WeasyPrint off the event loop, and the Markdown export of a release."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import anyio.to_thread
from markupsafe import Markup

from codesign.library.releases import document_of
from codesign.markdown import render
from codesign.scenarios.document import compose
from codesign.web.pdf import no_fetching

# A role brief starts with a bold name ("**Tenant.** …"), a list item with one, or a third-level heading.
BRIEF_START_RE = re.compile(r"^(?:[-*]\s+)?\*\*(?P<name>[^*]+)\*\*|^###\s+(?P<heading>.+)$")
SECTION_ORDER = ("Situation", "Facilitator notes", "Stages and branch points", "Debrief", "Rubric", "Provenance",
                 "Micro-bites")


def role_briefs(characters: str, prefix: str = "brief-") -> list[dict[str, Any]]:
    """The Characters section cut into one brief per character (paragraphs that follow a brief belong to it)."""
    briefs: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", characters.strip()):
        if not chunk.strip():
            continue
        match = BRIEF_START_RE.match(chunk.strip())
        if match or not briefs:
            name = (match.group("name") or match.group("heading")) if match else ""
            briefs.append({"name": name.strip().rstrip(".:").strip(), "text": chunk})
        else:
            briefs[-1]["text"] += "\n\n" + chunk
    for number, brief in enumerate(briefs):
        brief["html"] = render(brief["text"], heading_prefix=f"{prefix}{number}-")
    return briefs


def guide(release: dict[str, Any]) -> dict[str, Any]:
    """What a facilitator guide shows of one release: its metadata and its sections as sanitised HTML."""
    document = document_of(release)
    meta = document.meta
    sections: list[dict[str, Any]] = []
    for name in SECTION_ORDER:
        text = document.sections.get(name)
        if text:
            sections.append({"name": name, "heading": document.headings.get(name, name),
                             "html": render(text, heading_prefix=f"r{release['id']}-")})
    objectives = [o for o in meta.get("learning_objectives") or [] if isinstance(o, dict)]
    warnings = [w for w in meta.get("content_warnings") or [] if isinstance(w, dict)]
    return {
        "meta": meta, "objectives": objectives, "warnings": warnings, "sections": sections,
        "briefs": role_briefs(document.sections.get("Characters", ""), f"r{release['id']}-brief-"),
        "safety": meta.get("safety") if isinstance(meta.get("safety"), dict) else {},
        "duration": meta.get("duration_minutes") if isinstance(meta.get("duration_minutes"), dict) else {},
        "group": meta.get("group_size") if isinstance(meta.get("group_size"), dict) else {},
    }


def markdown_export(release: dict[str, Any]) -> str:
    """The release as a scenario file (front matter with its version and changelog, then the body)."""
    return compose(release["front_matter"], release["body"])


def _write_pdf(html: str, stylesheet: Path) -> bytes:
    from weasyprint import CSS, HTML

    css = CSS(filename=str(stylesheet), url_fetcher=no_fetching())
    return HTML(string=html, url_fetcher=no_fetching(), base_url=None).write_pdf(stylesheets=[css])  # type: ignore[no-any-return]


async def pdf(html: Markup | str, stylesheet: Path) -> bytes:
    """The PDF of a guide's HTML, rendered in a worker thread so the event loop keeps serving."""
    return await anyio.to_thread.run_sync(_write_pdf, str(html), stylesheet)
