"""Word-level differences between two revisions of a scenario text, as segments or as safe HTML.

Tokens are words, whitespace runs and single punctuation characters (each CJK character is a
word), so the segments re-join exactly into either text:

    "".join(s.text for s in segments if s.kind != "removed") == new
    "".join(s.text for s in segments if s.kind != "added") == old

To stay fast on ~50 KB texts the diff narrows down in steps: lines first (unchanged paragraphs
match cheaply), then tokens inside each block of changed lines; a very large block is first
matched word by word (each word with its trailing space) and only its changed stretches token by
token. Moved paragraphs show as removed in one place and added in the other.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

Kind = Literal["same", "added", "removed"]

DEFAULT_LABELS: dict[str, str] = {"added_start": "added:", "removed_start": "removed:", "end": "end"}

# Work limits, counted as len(old) * len(new) units: blocks up to _FINE_LIMIT tokens are diffed
# token by token; above _COARSE_LIMIT difflib may ignore very common units (its "autojunk"
# heuristic) so that rewriting a whole long text cannot take seconds.
_FINE_LIMIT = 250_000
_COARSE_LIMIT = 4_000_000

# Scripts written without spaces between words: each character is its own token.
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff"  # radicals, 々〆〇, Suzhou numerals, kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # ideographs
)
_JOINERS = "\u200c\u200d"  # ZWNJ / ZWJ sit inside Persian (and Indic) words, never between them
_APOSTROPHES = "'\u2019"


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str


def _code_point_ranges(codes: Iterable[int]) -> str:
    """Compress sorted code points into a regex character-class body of ranges."""
    parts: list[str] = []
    start = previous = -2
    for code in codes:
        if code != previous + 1:
            if start >= 0:
                parts.append(f"\\U{start:08x}-\\U{previous:08x}")
            start = code
        previous = code
    if start >= 0:
        parts.append(f"\\U{start:08x}-\\U{previous:08x}")
    return "".join(parts)


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    # Python's \w leaves out combining marks (Arabic harakat, Cyrillic stress accents, Indic vowel
    # signs), which would split words apart; so the marks are listed from the Unicode database.
    candidates = [*range(0x20000), *range(0xE0100, 0xE01F0)]
    marks = _code_point_ranges(c for c in candidates if unicodedata.category(chr(c)).startswith("M"))
    letter = rf"[^\W_{_CJK}]"
    inside = rf"(?:[^\W{_CJK}]|[{marks}{_JOINERS}]|[{_APOSTROPHES}](?={letter}))"
    return re.compile(rf"(?P<cjk>[{_CJK}])|(?P<word>{letter}{inside}*)|\s+|.", re.DOTALL)


def tokenize(text: str) -> list[str]:
    """Split text into words, CJK characters, whitespace runs and single other characters."""
    return [match.group() for match in _token_pattern().finditer(text)]


def words(text: str) -> list[str]:
    """The words of a text (each CJK character counts as one), in order."""
    return [match.group() for match in _token_pattern().finditer(text) if match.lastgroup in {"cjk", "word"}]


def diff_words(old: str, new: str) -> list[Segment]:
    """Return the segments that turn `old` into `new`; a replacement is "removed" then "added"."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    raw: list[Segment] = []
    for tag, before, after in _opcodes(old_lines, new_lines):
        if tag == "equal":
            raw.append(Segment("same", before))
        else:
            raw.extend(_diff_block(before, after))
    return _tidy(raw)


def _opcodes(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """Yield (tag, old text, new text) per difflib opcode; "equal" or one of the change tags."""
    # No junk: difflib anchors matches on non-junk runs only, so junking blank lines or spaces
    # (which alternate with the real content) would leave one-unit anchors and poor alignments.
    autojunk = len(old) * len(new) > _COARSE_LIMIT
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=autojunk)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        yield tag, "".join(old[i1:i2]), "".join(new[j1:j2])


def _diff_block(old: str, new: str) -> list[Segment]:
    """Word-level diff of one block of changed lines."""
    if not old or not new:
        return [Segment("removed", old), Segment("added", new)]
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    if len(old_tokens) * len(new_tokens) <= _FINE_LIMIT:
        return _diff_tokens(old_tokens, new_tokens)
    # A large block: match whole words with their trailing space first (half as many units,
    # none as common as a lone space), then refine each small changed stretch token by token.
    out: list[Segment] = []
    for tag, before, after in _opcodes(_units(old_tokens), _units(new_tokens)):
        if tag == "equal":
            out.append(Segment("same", before))
            continue
        before_tokens, after_tokens = tokenize(before), tokenize(after)
        if len(before_tokens) * len(after_tokens) <= _FINE_LIMIT:
            out.extend(_diff_tokens(before_tokens, after_tokens))
        else:
            out.extend([Segment("removed", before), Segment("added", after)])
    return out


def _units(tokens: Sequence[str]) -> list[str]:
    """Glue each whitespace run onto the token before it."""
    units: list[str] = []
    for token in tokens:
        if units and token.isspace():
            units[-1] += token
        else:
            units.append(token)
    return units


def _diff_tokens(old_tokens: Sequence[str], new_tokens: Sequence[str]) -> list[Segment]:
    out: list[Segment] = []
    for tag, before, after in _opcodes(old_tokens, new_tokens):
        if tag == "equal":
            out.append(Segment("same", before))
        else:
            out.extend([Segment("removed", before), Segment("added", after)])
    return out


def _tidy(raw: list[Segment]) -> list[Segment]:
    """Drop empty segments, merge neighbours of one kind, and fold whitespace between two replacements.

    "the cat sat" -> "a dog sat" reads better as [the cat → a dog] than as [the → a] [cat → dog].
    Within each run of changes removed text comes before added text.
    """
    groups: list[Segment | tuple[str, str]] = []  # "same" segments and (removed, added) pairs
    for segment in raw:
        if not segment.text:
            continue
        last = groups[-1] if groups else None
        if segment.kind == "same":
            if isinstance(last, Segment):
                groups[-1] = Segment("same", last.text + segment.text)
            else:
                groups.append(segment)
            continue
        removed, added = last if isinstance(last, tuple) else ("", "")
        if segment.kind == "removed":
            removed += segment.text
        else:
            added += segment.text
        if isinstance(last, tuple):
            groups[-1] = (removed, added)
        else:
            groups.append((removed, added))

    folded: list[Segment | tuple[str, str]] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        previous = folded[-1] if folded else None
        following = groups[index + 1] if index + 1 < len(groups) else None
        if (
            isinstance(group, Segment)
            and group.text.isspace()
            and "\n" not in group.text
            and isinstance(previous, tuple)
            and isinstance(following, tuple)
            and all(previous)
            and all(following)
        ):
            folded[-1] = (previous[0] + group.text + following[0], previous[1] + group.text + following[1])
            index += 2
            continue
        folded.append(group)
        index += 1

    segments: list[Segment] = []
    for group in folded:
        if isinstance(group, Segment):
            segments.append(group)
            continue
        if group[0]:
            segments.append(Segment("removed", group[0]))
        if group[1]:
            segments.append(Segment("added", group[1]))
    return segments


def diff_html(old: str, new: str, labels: Mapping[str, str] | None = None) -> Markup:
    """Render the diff as escaped HTML with <del> and <ins>; line breaks are kept as they are.

    The result has no wrapper: put it in an element that preserves white space, such as
    <pre class="diff">. Every change also carries visually hidden words (the translated
    `labels`: "added_start", "removed_start", "end") so it does not rely on colour or
    strike-through alone; the labels are escaped like the text.
    """
    words_for = {**DEFAULT_LABELS, **(labels or {})}
    hidden = Markup('<span class="visually-hidden">{}</span>')
    wrappers = {
        "added": (Markup("<ins>{}{}{}</ins>"), words_for["added_start"]),
        "removed": (Markup("<del>{}{}{}</del>"), words_for["removed_start"]),
    }
    end = hidden.format(Markup(" {}").format(words_for["end"]))
    parts: list[Markup] = []
    for segment in diff_words(old, new):
        if segment.kind == "same":
            parts.append(escape(segment.text))
            continue
        wrapper, start = wrappers[segment.kind]
        parts.append(wrapper.format(hidden.format(Markup("{} ").format(start)), segment.text, end))
    return Markup("").join(parts)


def summary(segments: Iterable[Segment]) -> tuple[int, int]:
    """Count the words added and removed, in that order."""
    added = removed = 0
    for segment in segments:
        if segment.kind == "added":
            added += len(words(segment.text))
        elif segment.kind == "removed":
            removed += len(words(segment.text))
    return added, removed
