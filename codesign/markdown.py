"""The one Markdown renderer: user-written Markdown (drafts, comments) to safe HTML, per-block HTML and plain text.

Two layers, so that one mistake is not enough for an injection:
1. markdown-it-py with raw HTML off (stack-notes P16: the "commonmark" preset alone turns it on), a link
   allow-list stricter than markdown-it's own deny-list, and a token pass that adds heading ids, `rel` on
   external links, and turns images into links.
2. nh3 (ammonia) with an allow-list of exactly the tags and attributes that layer 1 can produce.

Choices:
* Images become plain links to the image, labelled with the alt text. The CSP (`img-src 'self' data:`) would
  block remote images anyway, a remote image would tell a third party who reads a draft (tracking pixel), and a
  same-site `<img>` could fire GET requests on the reader's behalf. `data:` URLs are refused outright.
* Relative, fragment and `mailto:` links are kept without `rel`; only http(s) and protocol-relative (`//host`)
  links are external and get `rel="nofollow noopener noreferrer ugc"`.
* Table alignment becomes a class (`align-left|center|right`) because the CSP forbids inline styles.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType
from markupsafe import Markup

__all__ = ["DEFAULT_HEADING_PREFIX", "EXTERNAL_REL", "Block", "blocks", "plain_text", "render"]

EXTERNAL_REL = "nofollow noopener noreferrer ugc"
DEFAULT_HEADING_PREFIX = "md-"

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_EXTERNAL_SCHEMES = frozenset({"http", "https"})
# Characters browsers drop or ignore inside a URL scheme (C0/C1 controls, space), plus invisible format
# characters: removing them before looking at the scheme means "java\tscript:" is seen as "javascript:".
_INVISIBLE = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_ALIGN_CLASSES = {
    "text-align:left": "align-left",
    "text-align:center": "align-center",
    "text-align:right": "align-right",
}
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.\-]{1,32}")
_MAX_SLUG_LENGTH = 64

_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "bullet_list",
    "ordered_list_open": "ordered_list",
    "blockquote_open": "blockquote",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "hr": "hr",
}


def _url_kind(url: str) -> str | None:
    """'external', 'mailto' or 'relative' for an allowed URL; None for anything else.

    An allow-list: decode whatever a browser or a later layer might decode (percent-escapes, entities), drop
    invisible characters, and only then read the scheme. Erring towards "has a scheme" refuses more, never less.
    """
    probe = _INVISIBLE.sub("", html.unescape(unquote(url))).lower()
    match = _SCHEME.match(probe)
    if match:
        scheme = match.group(1)
        if scheme in _EXTERNAL_SCHEMES:
            return "external"
        return "mailto" if scheme in _SAFE_SCHEMES else None
    # "//host" and, for browsers, "/\host" or "\\host" leave the site: treat them as external.
    if probe[:2] in ("//", "/\\", "\\/", "\\\\"):
        return "external"
    return "relative"


class _Parser(MarkdownIt):
    """markdown-it with our link allow-list; a refused link or image stays literal text, without an href."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return _url_kind(url) is not None


def _slug(text: str) -> str:
    """A heading's anchor: letters, marks and digits of any script kept, spaces to hyphens, the rest dropped."""
    chars: list[str] = []
    for char in unicodedata.normalize("NFC", text).lower():
        category = unicodedata.category(char)
        if category[0] in "LMN" or char in "-_" or char == "\u200c":  # ZWNJ is part of Persian spelling
            chars.append(char)
        elif char.isspace() or category == "Pd":
            chars.append("-")
    slug = re.sub("-{2,}", "-", "".join(chars)).strip("-")
    return slug[:_MAX_SLUG_LENGTH].rstrip("-") or "section"


def _inline_text(children: Sequence[Token]) -> str:
    """The readable text of inline tokens (image alt text included, markup dropped)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _link_tokens(href: str, title: str, label: str) -> list[Token]:
    attrs: dict[str, str | int | float] = {"href": href}
    if title:
        attrs["title"] = title
    if _url_kind(href) == "external":
        attrs["rel"] = EXTERNAL_REL
    return [
        Token("link_open", "a", 1, attrs=attrs),
        Token("text", "", 0, content=label),
        Token("link_close", "a", -1),
    ]


def _rewrite_inline(children: list[Token]) -> list[Token]:
    """Add rel to external links; replace images by links (or by their alt text inside a link: no nested <a>)."""
    result: list[Token] = []
    link_depth = 0
    for child in children:
        if child.type == "link_open":
            link_depth += 1
            if _url_kind(str(child.attrGet("href") or "")) == "external":
                child.attrSet("rel", EXTERNAL_REL)
        elif child.type == "link_close":
            link_depth -= 1
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            alt = _inline_text(child.children or [])
            if link_depth:
                result.append(Token("text", "", 0, content=alt))
            else:
                result.extend(_link_tokens(src, str(child.attrGet("title") or ""), alt or src))
            continue
        result.append(child)
    return result


def _postprocess(state: StateCore) -> None:
    """One pass over the token stream, after inline parsing: heading ids, table alignment, links and images."""
    prefix = str(state.env.get("heading_prefix", DEFAULT_HEADING_PREFIX))
    used: set[str] = set()
    next_suffix: dict[str, int] = {}  # remembers where deduplication stopped, so repeated headings stay linear
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            base = _slug(_inline_text(tokens[index + 1].children or []))
            slug, suffix = base, next_suffix.get(base, 1)
            while slug in used:
                suffix += 1
                slug = f"{base}-{suffix}"
            next_suffix[base] = suffix
            used.add(slug)
            token.attrSet("id", prefix + slug)
        elif token.type in ("th_open", "td_open") and "style" in token.attrs:
            align = _ALIGN_CLASSES.get(str(token.attrs.pop("style")))
            if align:
                token.attrSet("class", align)
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children)


def _build_parser() -> MarkdownIt:
    # "commonmark" turns raw HTML on (stack-notes P16): switch it off explicitly, whatever the preset says.
    parser = _Parser("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.disable(["html_block", "html_inline"])
    parser.core.ruler.push("codesign_postprocess", _postprocess)
    return parser


_PARSER = _build_parser()

# Exactly what the parser above can emit; anything else in the output is a bug that nh3 removes.
_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre", "blockquote"}
    | {"ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"}
)
_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
    "code": {"class"},
    "th": {"class"},
    "td": {"class"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Second check on the attribute values we generate, on top of nh3's own tag, attribute and URL-scheme lists."""
    if attribute == "class":
        if tag == "code":
            return value if _LANGUAGE_CLASS.fullmatch(value) else None
        return value if value in _ALIGN_CLASSES.values() else None
    if attribute == "start":
        return value if value.isascii() and value.isdigit() else None
    if attribute == "href":
        return value if _url_kind(value) is not None else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    # rel is ours: only the exact external value may pass, and nh3 must not add one to relative links.
    link_rel=None,
    tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}},
    url_schemes=set(_SAFE_SCHEMES),
    url_relative="pass_through",
    strip_comments=True,
)


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block of a document, e.g. to comment on a single paragraph.

    `start_line`/`end_line` are markdown-it's source map: 0-based, end exclusive, so
    `source.splitlines()[block.start_line:block.end_line]` is the block's Markdown.
    `kind` is one of heading, paragraph, bullet_list, ordered_list, blockquote, table, code, hr.
    """

    index: int
    kind: str
    start_line: int
    end_line: int
    html: Markup


def _parse(text: str, heading_prefix: str) -> list[Token]:
    env: EnvType = {"heading_prefix": heading_prefix}
    return _PARSER.parse(text, env)


def _to_html(tokens: Sequence[Token]) -> Markup:
    raw = _PARSER.renderer.render(tokens, _PARSER.options, {})
    return Markup(_CLEANER.clean(raw))  # noqa: S704 (sanitised by nh3 on this line)


def render(text: str, *, heading_prefix: str = DEFAULT_HEADING_PREFIX) -> Markup:
    """Markdown to sanitised HTML. Heading ids are `heading_prefix` + slug, so they cannot clash with the page's."""
    return _to_html(_parse(text, heading_prefix))


def _top_level(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last) token index of each top-level block, in one linear scan."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = index
        if token.nesting == 1:
            while not (tokens[end].level == token.level and tokens[end].nesting == -1):
                end += 1
        if token.map is not None:
            spans.append((index, end))
        index = end + 1
    return spans


def blocks(text: str, *, heading_prefix: str = DEFAULT_HEADING_PREFIX) -> list[Block]:
    """The document's top-level blocks, each with its source lines and its own sanitised HTML.

    Heading ids are computed over the whole document, so they match those of `render()`.
    """
    tokens = _parse(text, heading_prefix)
    result: list[Block] = []
    for first, last in _top_level(tokens):
        opening = tokens[first]
        start, end = opening.map or (0, 0)
        kind = _BLOCK_KINDS.get(opening.type, opening.type.removesuffix("_open"))
        result.append(Block(len(result), kind, start, end, _to_html(tokens[first : last + 1])))
    return result


def plain_text(text: str) -> str:
    """The document's words without markup, for search and readability scores: a line per paragraph, heading,
    list item, table cell or code block; a blank line between top-level blocks.

    The result is NOT HTML: "<b>" in the source comes back as "<b>", and templates must escape it as any text.
    """
    tokens = _parse(text, DEFAULT_HEADING_PREFIX)
    parts: list[str] = []
    for first, last in _top_level(tokens):
        lines: list[str] = []
        for token in tokens[first : last + 1]:
            if token.type == "inline":
                lines.append(_inline_text(token.children or []))
            elif token.type in ("fence", "code_block"):
                lines.append(token.content.rstrip("\n"))
        block = "\n".join(line for line in lines if line.strip())
        if block:
            parts.append(block)
    return "\n\n".join(parts)
