"""The Markdown renderer: XSS payloads audited by an HTML parser, then features, blocks and plain text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from codesign.markdown import EXTERNAL_REL, Block, blocks, plain_text, render

# Written out here, not imported, so that widening the renderer's allow-list makes these tests fail.
ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "id", "class", "start"}
SAFE_SCHEMES = {"http", "https", "mailto"}
INVISIBLE = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


class Audit(HTMLParser):
    """Collects every tag, attribute, text run and anything else (comments, declarations) of a rendering."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []
        self.other: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            self.other.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.other.append(decl)

    def handle_pi(self, data: str) -> None:
        self.other.append(data)

    def unknown_decl(self, data: str) -> None:
        self.other.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def url_is_safe(url: str) -> bool:
    """http(s), mailto, or relative; judged the way a lenient browser would, and then some."""
    probe = INVISIBLE.sub("", html.unescape(url)).lower()
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", probe)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


def assert_structurally_safe(markup: str) -> Audit:
    audit = Audit(markup)
    assert not audit.other, audit.other
    for tag, attrs in audit.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            assert name in ALLOWED_ATTRIBUTES, (tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                assert value is not None and url_is_safe(value), (tag, name, value)
            if name == "rel":
                assert value == EXTERNAL_REL
    return audit


# (payload, text that must still be visible: raw HTML escaped, refused links as literal text)
XSS_PAYLOADS: list[tuple[str, str]] = [
    # raw HTML of every kind shows as text
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<sCrIpT>alert(1)</ScRiPt>", "<sCrIpT>alert(1)</ScRiPt>"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("<<script>alert(1)//<</script>", "<<script>alert(1)//<</script>"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ('<img src="x" onerror="alert(1)" />', '<img src="x" onerror="alert(1)" />'),
    ("<svg onload=alert(1)>", "<svg onload=alert(1)>"),
    ("<svg><script>alert(1)</script></svg>", "<svg><script>alert(1)</script></svg>"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', '<a xlink:href="javascript:alert(1)">'),
    ('<iframe src="javascript:alert(1)"></iframe>', '<iframe src="javascript:alert(1)">'),
    ('> <iframe srcdoc="<script>alert(1)</script>">', "<iframe srcdoc="),
    ('<object data="javascript:alert(1)"></object>', '<object data="javascript:alert(1)">'),
    ('<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', "<embed src="),
    ("<details open ontoggle=alert(1)>", "<details open ontoggle=alert(1)>"),
    ('<div style="background:url(javascript:alert(1))">x</div>', '<div style="background:url(javascript:alert(1))">'),
    ('<p style="width: expression(alert(1))">x</p>', '<p style="width: expression(alert(1))">'),
    ("<style>@import 'https://evil.example/x.css';</style>", "<style>@import"),
    ("<link rel=stylesheet href=https://evil.example/x.css>", "<link rel=stylesheet"),
    ('<a href="javascript:alert(1)">x</a>', '<a href="javascript:alert(1)">x</a>'),
    ('<a href="&#x6A;avascript:alert(1)">x</a>', '<a href="javascript:alert(1)">x</a>'),
    ("<a href=javascript&colon;alert(1)>x</a>", "<a href=javascript:alert(1)>x</a>"),
    ('<form action="javascript:alert(1)"><input type=submit></form>', '<form action="javascript:alert(1)">'),
    ("<input autofocus onfocus=alert(1)>", "<input autofocus onfocus=alert(1)>"),
    ('<button formaction="javascript:alert(1)">x</button>', '<button formaction="javascript:alert(1)">'),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<meta http-equiv="refresh"'),
    ('<base href="javascript:alert(1)//">', '<base href="javascript:alert(1)//">'),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math><mtext><table><mglyph><style>"),
    ('<math href="javascript:alert(1)">x</math>', '<math href="javascript:alert(1)">x</math>'),
    ("<video><source onerror=alert(1)></video>", "<video><source onerror=alert(1)></video>"),
    ("<body onload=alert(1)>", "<body onload=alert(1)>"),
    ("<marquee onstart=alert(1)>x</marquee>", "<marquee onstart=alert(1)>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<noscript><p title="</noscript>'),
    ("<!-- <script>alert(1)</script> -->", "<!-- <script>alert(1)</script> -->"),
    ("<![CDATA[<script>alert(1)</script>]]>", "<![CDATA[<script>alert(1)</script>]]>"),
    ("`<script>alert(1)</script>`", "<script>alert(1)</script>"),
    ("```\n<script>alert(1)</script>\n```", "<script>alert(1)</script>"),
    ('```js" onmouseover="alert(1)\nx\n```', "x"),
    ("# <img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ("| <script>alert(1)</script> | b |\n|---|---|\n| [x](javascript:alert(1)) | c |", "<script>alert(1)</script>"),
    # javascript: links, in every disguise, stay literal text
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    ("[click](JaVaScRiPt:alert(1))", "[click](JaVaScRiPt:alert(1))"),
    ("[click](  javascript:alert(1)  )", "javascript:alert(1)"),
    ("[click](&#106;avascript:alert(1))", "[click](javascript:alert(1))"),
    ("[click](&#x6A;avascript:alert(1))", "[click](javascript:alert(1))"),
    ("[click](&#0000106;avascript:alert(1))", "[click](javascript:alert(1))"),
    ("[click](javascript&colon;alert(1))", "[click](javascript:alert(1))"),
    ("[click](java&#x09;script:alert(1))", "[click](java\tscript:alert(1))"),
    ("[click](jav&Tab;ascript:alert(1))", "[click](jav\tascript:alert(1))"),
    ("[click](jav&#x0A;ascript:alert(1))", "ascript:alert(1))"),
    ("[click](<java\tscript:alert(1)>)", "[click](<java\tscript:alert(1)>)"),
    ("[click](<java\nscript:alert(1)>)", "script:alert(1)>)"),
    ("[click](&#1;javascript:alert(1))", "javascript:alert(1)"),
    ("[click](%6Aavascript:alert(1))", "[click](%6Aavascript:alert(1))"),
    ("[click](java\u200bscript:alert(1))", "script:alert(1)"),
    ("[click](\u202ejavascript:alert(1))", "javascript:alert(1)"),
    ("[click](\x00javascript:alert(1))", "click"),
    ("[click](\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1))", "click"),
    ("[click](`javascript:alert(1)`)", "click"),
    ("[click](vbscript:msgbox(1))", "[click](vbscript:msgbox(1))"),
    ("[click](VBScript:msgbox(1))", "[click](VBScript:msgbox(1))"),
    ("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:text/html;base64,"),
    ("[click](data:text/html,<script>alert(1)</script>)", "<script>alert(1)</script>"),
    ("[click](DATA:text/html,alert(1))", "[click](DATA:text/html,alert(1))"),
    ("[click](file:///etc/passwd)", "[click](file:///etc/passwd)"),
    ('[click](https://example.org/"><script>alert(1)</script>)', "click"),
    # images: never data:, never javascript:, attributes cannot break out
    ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "![x](data:image/svg+xml;base64,"),
    ("![x](data:image/png;base64,iVBORw0KGgo=)", "![x](data:image/png;base64,iVBORw0KGgo=)"),
    ("![x](javascript:alert(1))", "![x](javascript:alert(1))"),
    ('![x" onerror="alert(1)](https://example.org/a.png)', 'x" onerror="alert(1)'),
    ('![x](https://example.org/a.png "t\\" onload=\\"alert(1)")', "x"),
    ("[![img](javascript:alert(1))](javascript:alert(2))", "javascript:alert(2)"),
    ("[![img](https://example.org/a.png)](javascript:alert(2))", "javascript:alert(2)"),
    # titles cannot break out of their attribute
    ('[x](https://example.org "title\\" onmouseover=\\"alert(1)")', "x"),
    ("[x](https://example.org 'a\" onclick=\"alert(1)')", "x"),
    ('[x](https://example.org "<script>alert(1)</script>")', "x"),
    # autolinks
    ("<javascript:alert(1)>", "<javascript:alert(1)>"),
    ("<JAVASCRIPT:alert(1)>", "<JAVASCRIPT:alert(1)>"),
    ("<vbscript:msgbox(1)>", "<vbscript:msgbox(1)>"),
    ("<data:text/html,alert(1)>", "<data:text/html,alert(1)>"),
    ('<https://example.org/"onmouseover="alert(1)>', "https://example.org/"),
    # reference-style links
    ("[x][r]\n\n[r]: javascript:alert(1)", "[r]: javascript:alert(1)"),
    ("[x][r]\n\n[r]: &#x6A;avascript:alert(1)", "[r]: javascript:alert(1)"),
    ("[x]: <javascript:alert(1)>\n\n[x]", "[x]: <javascript:alert(1)>"),
    ('[x][r]\n\n[r]: https://example.org "a\\" onclick=\\"alert(1)"', "x"),
    # nesting and neighbours
    ("[[x](javascript:alert(1))](https://example.org)", "[x](javascript:alert(1))"),
    ("[a](https://example.org)[b](javascript:alert(1))", "[b](javascript:alert(1))"),
    ("[a](https://example.org)<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("*<script>alert(1)</script>*", "<script>alert(1)</script>"),
    ("\\<script>alert(1)\\</script>", "<script>alert(1)</script>"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
    ("<scr<script>ipt>alert(1)</script>", "<scr<script>ipt>alert(1)</script>"),
    ("\u202e<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("\ufe64script\ufe65alert(1)\ufe64/script\ufe65", "\ufe64script\ufe65"),
]


@pytest.mark.parametrize(("payload", "visible"), XSS_PAYLOADS, ids=[f"xss{n}" for n in range(len(XSS_PAYLOADS))])
def test_xss_payload_is_harmless(payload: str, visible: str):
    output = render(payload)
    assert isinstance(output, Markup)
    audit = assert_structurally_safe(str(output))
    assert visible in audit.text
    for block in blocks(payload):
        assert_structurally_safe(str(block.html))


def test_there_are_enough_distinct_payloads():
    assert len({payload for payload, _ in XSS_PAYLOADS}) >= 50


@pytest.mark.parametrize(
    "payload",
    ["[click](javascript:alert(1))", "[click](&#x6A;avascript:alert(1))", "<javascript:alert(1)>",
     "[x][r]\n\n[r]: vbscript:msgbox(1)", "![x](data:image/png;base64,iVBORw0KGgo=)"],
)  # fmt: skip
def test_refused_links_have_no_href_at_all(payload: str):
    audit = Audit(str(render(payload)))
    assert [tag for tag, _ in audit.tags if tag == "a"] == []


def test_raw_html_is_shown_as_text():
    output = str(render("Hello <b>world</b> & <em>you</em>"))
    assert output == "<p>Hello &lt;b&gt;world&lt;/b&gt; &amp; &lt;em&gt;you&lt;/em&gt;</p>\n"


def test_tables_render_with_alignment_as_classes():
    output = str(render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |"))
    audit = assert_structurally_safe(output)
    assert [tag for tag, _ in audit.tags] == ["table", "thead", "tr", "th", "th", "th", "tbody", "tr", "td", "td", "td"]
    assert '<th class="align-left">a</th>' in output
    assert '<td class="align-center">2</td>' in output
    assert '<td class="align-right">3</td>' in output


def test_strikethrough_and_emphasis_render():
    assert str(render("~~old~~ **new** *now*")) == "<p><s>old</s> <strong>new</strong> <em>now</em></p>\n"


def test_external_links_get_rel():
    output = str(render("[site](https://example.org/a?b=c) <http://example.net> [proto](//example.com/x)"))
    assert output.count(f'rel="{EXTERNAL_REL}"') == 3
    assert '<a href="https://example.org/a?b=c" rel="nofollow noopener noreferrer ugc">site</a>' in output


def test_relative_fragment_and_mailto_links_have_no_rel():
    output = str(
        render("[draft](/drafts/12) [up](../list) [here](#md-intro) [mail](mailto:a@example.org) <b@example.org>")
    )
    audit = assert_structurally_safe(output)
    links = [dict(attrs) for tag, attrs in audit.tags if tag == "a"]
    assert [link["href"] for link in links] == [
        "/drafts/12", "../list", "#md-intro", "mailto:a@example.org", "mailto:b@example.org"
    ]  # fmt: skip
    assert all("rel" not in link for link in links)


def test_links_keep_their_title():
    assert '<a href="/x" title="A &quot;quoted&quot; title">x</a>' in str(render('[x](/x "A \\"quoted\\" title")'))


def test_images_become_links_and_never_load():
    output = str(render('![A map](https://example.org/map.png "Map") ![](/static/a.png)'))
    audit = assert_structurally_safe(output)
    assert "img" not in [tag for tag, _ in audit.tags]
    assert (
        '<a href="https://example.org/map.png" title="Map" rel="nofollow noopener noreferrer ugc">A map</a>' in output
    )
    assert '<a href="/static/a.png">/static/a.png</a>' in output


def test_image_inside_a_link_becomes_its_alt_text():
    output = str(render("[![Logo](/logo.png)](https://example.org)"))
    assert output == f'<p><a href="https://example.org" rel="{EXTERNAL_REL}">Logo</a></p>\n'


def test_code_blocks_keep_a_plain_language_class_only():
    assert '<code class="language-python">' in str(render("```python\nx = 1\n```"))
    assert "<code>" in str(render('```py"><b\nx\n```'))


def test_ordered_list_start_is_kept():
    assert '<ol start="3">' in str(render("3. three\n4. four"))


def test_headings_get_prefixed_slug_ids():
    output = str(render("# Hello, World!\n\n## What's next?  Now"))
    assert '<h1 id="md-hello-world">Hello, World!</h1>' in output
    assert '<h2 id="md-whats-next-now">' in output


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("مرحبا بالعالم", "md-مرحبا-بالعالم"),
        ("نقش‌آفرینی در شورا", "md-نقش\u200cآفرینی-در-شورا"),
        ("Привіт, світе!", "md-привіт-світе"),
        ("Überblick & Ziele", "md-überblick-ziele"),
        ("2. Étape — fin", "md-2-étape-fin"),
        ("!!!", "md-section"),
        ("`code` and *emphasis*", "md-code-and-emphasis"),
    ],
)
def test_heading_anchors_keep_unicode_letters(heading: str, anchor: str):
    assert f'id="{anchor}"' in str(render(f"## {heading}"))


def test_heading_anchors_are_deduplicated():
    output = str(render("# Intro\n\n## Intro\n\nIntro\n-----\n\n### Intro 2\n\n# Intro"))
    ids = [dict(attrs)["id"] for tag, attrs in Audit(output).tags if tag.startswith("h")]
    assert ids == ["md-intro", "md-intro-2", "md-intro-3", "md-intro-2-2", "md-intro-4"]
    assert len(set(ids)) == len(ids)


def test_heading_prefix_is_configurable():
    assert '<h1 id="comment-7-notes">Notes</h1>' in str(render("# Notes", heading_prefix="comment-7-"))


def test_long_heading_gets_a_bounded_anchor():
    output = str(render("# " + "word " * 200))
    anchor = dict(Audit(output).tags[0][1])["id"]
    assert anchor is not None and anchor.startswith("md-word-word") and len(anchor) <= 3 + 64


DOCUMENT = """\
# Title

First paragraph.

Second paragraph
continues here.

- one
- two

| a | b |
|---|---|
| 1 | 2 |
"""


def test_blocks_split_a_document_into_top_level_blocks():
    found = blocks(DOCUMENT)
    assert [(b.index, b.kind, b.start_line, b.end_line) for b in found] == [
        (0, "heading", 0, 1),
        (1, "paragraph", 2, 3),
        (2, "paragraph", 4, 6),
        (3, "bullet_list", 7, 10),
        (4, "table", 10, 13),
    ]
    assert all(isinstance(b, Block) and isinstance(b.html, Markup) for b in found)
    assert str(found[0].html) == '<h1 id="md-title">Title</h1>\n'
    assert str(found[2].html) == "<p>Second paragraph\ncontinues here.</p>\n"
    assert str(found[3].html).startswith("<ul>") and str(found[4].html).startswith("<table>")


def test_blocks_line_ranges_point_at_their_source():
    lines = DOCUMENT.splitlines()
    paragraph = blocks(DOCUMENT)[2]
    assert lines[paragraph.start_line : paragraph.end_line] == ["Second paragraph", "continues here."]


def test_blocks_together_equal_the_whole_rendering():
    document = DOCUMENT + "\n> quote\n\n```\ncode\n```\n\n---\n\n1. a\n\n# Title\n"
    found = blocks(document)
    assert [b.kind for b in found][5:] == ["blockquote", "code", "hr", "ordered_list", "heading"]
    assert "".join(str(b.html) for b in found) == str(render(document))
    assert 'id="md-title-2"' in str(found[-1].html)


def test_blocks_of_an_empty_document():
    assert blocks("") == []
    assert blocks("\n\n   \n") == []
    assert str(render("")) == ""


def test_plain_text_strips_markup():
    source = "# Title\n\nSome **bold**, [a link](https://example.org) and `code` & <b>raw</b>.\n\n- one\n- two\n"
    assert plain_text(source) == "Title\n\nSome bold, a link and code & <b>raw</b>.\n\none\ntwo"


def test_plain_text_keeps_code_alt_text_and_cells():
    source = "![A map](/m.png)\n\n```\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert plain_text(source) == "A map\n\nx = 1\n\na\nb\n1\n2"


def test_a_200_kb_document_renders():
    section = (
        "## Scenario {n}\n\nA *council* member meets an [advisor](https://example.org/{n}) about `housing`.\n\n"
        "- first point\n- second point\n\n| who | says |\n|---|---|\n| A | hello |\n\n> a quote\n\n"
    )
    document = "".join(section.format(n=n) for n in range(1400))
    assert len(document.encode()) >= 200_000
    output = str(render(document))
    assert output.count("<h2 ") == 1400 and 'id="md-scenario-1399"' in output
    assert len(blocks(document)) == 1400 * 5
    assert plain_text(document).count("council") == 1400


# Pathological shapes for markdown-it (unclosed brackets, emphasis runs, deep quotes). Render time grows linearly
# with size (measured by hand up to 200 KB); 50 KB keeps the suite fast while still catching a crash or recursion.
@pytest.mark.parametrize("document", ["[" * 50_000, "![" * 25_000, "**_" * 16_000, "> " * 25_000, "- " * 25_000])
def test_adversarial_inputs_render(document: str):
    assert_structurally_safe(str(render(document)))
