"""proposals/ import and export. Parse every file first; write nothing unless all are valid; then apply each
file all-or-nothing, idempotently by its id (an unchanged file changes nothing, a changed one is a new revision)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from codesign.db import write_transaction
from codesign.scenarios.document import Document, Problem, compose, parse
from codesign.scenarios.services import _now, _write_revision
from codesign.scenarios.tables import Revision, Scenario
from codesign.scenarios.validation import MESSAGES, check_structure

MAX_FILE_BYTES = 512 * 1024


@dataclass
class ParsedFile:
    path: Path
    document: Document | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "file:line: field: message"

    @property
    def ok(self) -> bool:
        return not self.errors


def collect(paths: Iterable[Path]) -> list[Path]:
    """Markdown files named directly, or found in folders (README.md is documentation, not a draft)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.md") if p.name.lower() != "readme.md")
        else:
            files.append(path)
    return files


def parse_file(path: Path) -> ParsedFile:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return ParsedFile(path, None, [Problem("file", 0, str(error.strerror or error))])
    if len(raw) > MAX_FILE_BYTES:
        return ParsedFile(path, None, [Problem("file", 0, MESSAGES_TOO_BIG)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ParsedFile(path, None, [Problem("file", 0, MESSAGES_NOT_UTF8)])
    document = parse(text, MESSAGES)
    problems = document.problems + check_structure(document)
    return ParsedFile(path, document, problems)


MESSAGES_TOO_BIG = "the file is larger than 512 KB"
MESSAGES_NOT_UTF8 = "the file is not UTF-8 text"


def validate(
    files: list[Path], progress: Callable[[int, int], None] | None = None
) -> tuple[list[ParsedFile], list[str]]:
    parsed: list[ParsedFile] = []
    errors: list[str] = []
    seen: dict[str, Path] = {}
    for number, path in enumerate(files, start=1):
        item = parse_file(path)
        parsed.append(item)
        for problem in item.problems:
            errors.append(f"{path}:{problem.line}: {problem.field}: {problem.message}")
        slug = item.document.slug if item.document else ""
        if slug and slug in seen:
            errors.append(f"{path}:{item.document.line_of('id') if item.document else 1}: id: "
                          f"the id {slug!r} is also used by {seen[slug]}")
        elif slug:
            seen[slug] = path
        if progress:
            progress(number, len(files))
    return parsed, errors


async def conflicts(parsed: list[ParsedFile], council_id: int) -> list[str]:
    """Ids that already belong to another council: found before anything is written (one query)."""
    slugs = {item.document.slug: item for item in parsed if item.document}
    if not slugs:
        return []
    taken = await Scenario.select(Scenario.slug).where(
        Scenario.slug.is_in(list(slugs)) & (Scenario.council != council_id))
    return [f"{slugs[row['slug']].path}:{slugs[row['slug']].document.line_of('id')}: id: "  # type: ignore[union-attr]
            f"{row['slug']!r} belongs to another council" for row in taken]


async def apply(parsed: list[ParsedFile], council_id: int, author_id: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> Report:
    """Writes the files, one transaction each. Call only after `validate` found no errors."""
    report = Report()
    for number, item in enumerate(parsed, start=1):
        assert item.document is not None and not item.problems
        document = item.document
        async with write_transaction():
            existing = await Scenario.select(Scenario.id, Scenario.council, Scenario.revision_count).where(
                Scenario.slug == document.slug)
            if existing and existing[0]["council"] != council_id:
                report.errors.append(f"{item.path}:{document.line_of('id')}: id: {document.slug!r} belongs to "
                                     "another council")
                continue
            if existing:
                scenario_id = existing[0]["id"]
                latest = await Revision.select(Revision.front_matter, Revision.body, Revision.private).where(
                    (Revision.scenario == scenario_id) & (Revision.number == existing[0]["revision_count"])).first()
                private = json.dumps(document.private, ensure_ascii=False, default=str)
                same_text = latest is not None and compose(latest["front_matter"], latest["body"]) == compose(
                    document.front_matter, document.body)
                if same_text and (not document.private or latest["private"] == private):  # type: ignore[index]
                    report.unchanged.append(document.slug)
                    continue
                await _write_revision(scenario_id, author_id, "council", None, f"Imported from {item.path.name}",
                                      document)
                report.revised.append(document.slug)
            else:
                rows = await Scenario.insert(Scenario(
                    council=council_id, slug=document.slug, title=document.slug, author=author_id, shown_as="council",
                    created_at=_now(), updated_at=_now(), stage_entered_at=_now()))
                await _write_revision(rows[0]["id"], author_id, "council", None, f"Imported from {item.path.name}",
                                      document)
                report.created.append(document.slug)
        if progress:
            progress(number, len(parsed))
    return report


async def export(directory: Path, council_id: int | None = None) -> list[Path]:
    """Writes each scenario's newest revision as <id>.md. Private fields are never written."""
    directory.mkdir(parents=True, exist_ok=True)
    query = Scenario.select(Scenario.id, Scenario.slug, Scenario.revision_count)
    if council_id is not None:
        query = query.where(Scenario.council == council_id)
    written: list[Path] = []
    scenarios = await query.order_by(Scenario.slug)
    for start in range(0, len(scenarios), 200):
        batch = scenarios[start:start + 200]
        revisions = await Revision.select(Revision.scenario, Revision.number, Revision.front_matter, Revision.body) \
            .where(Revision.scenario.is_in([s["id"] for s in batch]))
        latest = {(r["scenario"], r["number"]): r for r in revisions}
        for scenario in batch:
            revision = latest.get((scenario["id"], scenario["revision_count"]))
            if revision is None:
                continue
            path = directory / f"{scenario['slug']}.md"
            path.write_text(compose(revision["front_matter"], revision["body"]), encoding="utf-8")
            written.append(path)
    return written
