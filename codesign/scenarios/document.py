"""A scenario document: YAML front matter and Markdown body sections, parsed with line numbers (domain.md §1.2).

Parse, then persist (architecture rule 9): this module only turns text into values and
problems; nothing here writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from codesign.scenarios.vocabularies import OPTIONAL_SECTIONS, SECTIONS

FENCE = "---"
HEADING_RE = re.compile(r"^(#{1,2})\s+(.*?)\s*#*\s*$")
# "Debrief (Gibbs)" is the Debrief section with the model named in its heading.
SECTION_SUFFIX_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<note>[^)]*)\)$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where it is and what to do (message already translated)."""

    field: str
    line: int
    message: str


@dataclass
class Document:
    front_matter: str  # the YAML text between the fences, without the private block
    meta: dict[str, Any]
    private: dict[str, Any]
    body: str  # the Markdown after the front matter
    title: str  # the "# Title" heading
    sections: dict[str, str] = field(default_factory=dict)  # canonical name -> Markdown
    headings: dict[str, str] = field(default_factory=dict)  # canonical name -> heading as written
    lines: dict[str, int] = field(default_factory=dict)  # field path or "section:<name>" -> line in the file
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: str) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1

    @property
    def slug(self) -> str:
        value = self.meta.get("id")
        return value if isinstance(value, str) else ""


class _UniqueKeyLoader(yaml.SafeLoader):
    """Refuses duplicate keys, which YAML would otherwise silently overwrite."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _node_lines(node: yaml.Node, offset: int, path: str, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            out[child] = key_node.start_mark.line + offset
            _node_lines(value_node, offset, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}.{index}"
            out[child] = item.start_mark.line + offset
            _node_lines(item, offset, child, out)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    return None, text, 1


def canonical_section(heading: str) -> str | None:
    known = {name.lower(): name for name in (*SECTIONS, *OPTIONAL_SECTIONS)}
    if heading.lower() in known:
        return known[heading.lower()]
    match = SECTION_SUFFIX_RE.match(heading)
    if match and match.group("name").lower() in known:
        return known[match.group("name").lower()]
    return None


def parse(text: str, messages: Any) -> Document:
    """Parse a whole file. `messages` supplies translated problem texts (see validation.Messages)."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    document = Document(front_matter="", meta={}, private={}, body="", title="")
    front, body, body_line = split_front_matter(text)
    if front is None:
        document.problems.append(Problem("front matter", 1, messages.no_front_matter()))
        front, body, body_line = "", text, 1
    try:
        node = yaml.compose(front, Loader=_UniqueKeyLoader)
        meta = yaml.load(front, Loader=_UniqueKeyLoader) if front.strip() else {}  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        detail = str(getattr(error, "problem", None) or error)
        document.problems.append(Problem("front matter", line, messages.bad_yaml(detail)))
        meta, node = {}, None
    if not isinstance(meta, dict):
        document.problems.append(Problem("front matter", 2, messages.not_a_mapping()))
        meta = {}
    if node is not None:
        _node_lines(node, 2, "", document.lines)
    private = meta.pop("private", None) or {}
    if not isinstance(private, dict):
        document.problems.append(Problem("private", document.line_of("private"), messages.not_a_mapping()))
        private = {}
    document.meta = meta
    document.private = private
    document.front_matter = _without_private(front)
    document.body = body.lstrip("\n")
    _parse_body(document, body, body_line, messages)
    return document


def _without_private(front: str) -> str:
    """The front matter text with its top-level `private:` block removed (it never leaves the database)."""
    out: list[str] = []
    skipping = False
    for line in front.splitlines(keepends=True):
        if re.match(r"^private\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def _parse_body(document: Document, body: str, first_line: int, messages: Any) -> None:
    current: str | None = None
    buffer: list[str] = []
    in_code = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        match = None if in_code else HEADING_RE.match(line)
        if match and len(match.group(1)) == 1 and not document.title:
            document.title = match.group(2)
            document.lines["title heading"] = number
            continue
        if match and len(match.group(1)) == 2:
            if current is not None:
                document.sections[current] = "\n".join(buffer).strip("\n")
            name = canonical_section(match.group(2))
            if name is None:
                document.problems.append(Problem(f"section:{match.group(2)}", number,
                                                 messages.unknown_section(match.group(2))))
                current, buffer = None, []
                continue
            if name in document.sections or name == current:
                document.problems.append(Problem(f"section:{name}", number, messages.duplicate_section(name)))
            current, buffer = name, []
            document.headings[name] = match.group(2)
            document.lines[f"section:{name}"] = number
            continue
        if current is not None:
            buffer.append(line)
    if current is not None:
        document.sections[current] = "\n".join(buffer).strip("\n")


def compose(front_matter: str, body: str) -> str:
    """The file text for a front matter and a body, as export writes it."""
    front = front_matter if front_matter.endswith("\n") or not front_matter else front_matter + "\n"
    return f"{FENCE}\n{front}{FENCE}\n\n{body.lstrip(chr(10))}"


def dump_front_matter(meta: dict[str, Any]) -> str:
    """YAML for metadata edited in the form: readable, keys in schema order, Unicode kept."""
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)


def body_from_sections(title: str, sections: dict[str, str], headings: dict[str, str] | None = None) -> str:
    parts = [f"# {title.strip()}\n"]
    for name in (*SECTIONS, *OPTIONAL_SECTIONS):
        text = sections.get(name, "").strip("\n")
        if name in OPTIONAL_SECTIONS and not text:
            continue
        heading = (headings or {}).get(name) or name
        parts.append(f"## {heading}\n{text}\n" if text else f"## {heading}\n")
    return "\n".join(parts)


def without_title(body: str) -> str:
    """The body minus its "# Title" line, for pages that show the title as their own heading."""
    stripped = body.lstrip("\n")
    if stripped.startswith("# "):
        return stripped.split("\n", 1)[1] if "\n" in stripped else ""
    return body
