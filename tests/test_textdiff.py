"""Word-level diff of scenario revisions: exact reconstruction in every script, safe HTML, word counts."""

from __future__ import annotations

import html
import random
import re
import time

import pytest
from markupsafe import Markup

from codesign.scenarios.textdiff import Segment, diff_html, diff_words, summary, tokenize, words

ZWNJ = "\u200c"

PAIRS = [
    ("", ""),
    ("", "A new text.\n"),
    ("An old text.\n", ""),
    ("Same text.\n", "Same text.\n"),
    ("the cat sat", "a dog sat"),
    ("Hello world.\nSecond line.\n", "Hello brave world.\nSecond line!\n"),
    ("one two three", "one  two three"),  # whitespace only
    ("one two\nthree", "one two three"),
    ("line\n", "line"),
    ("a\r\nb\r\n", "a\nb\n"),
    ("tabs\there", "tabs here"),
    ("   ", "\n\n"),
    ("The tenant can't pay.", "The tenant cannot pay."),
    ("Use a <b>qualified</b> interpreter & say why.", "Use a qualified <i>interpreter</i> & say why!"),
    ("Offer an interpreter.\n\nAsk only what is needed.\n", "Ask only what is needed.\n\nOffer an interpreter.\n"),
    ("يطلب الموظف مترجمًا فوريًا.", "يطلب الموظف مترجمًا محترفًا الآن."),
    ("كَتَبَ الطالبُ الدرسَ.", "كَتَبَ المعلمُ الدرسَ؟"),
    (f"من می{ZWNJ}خواهم کتاب بخوانم.", f"من می{ZWNJ}خواهم نامه بخوانم."),
    (f"کتاب{ZWNJ}ها روی میز است.", f"کتاب{ZWNJ}های نو روی میز است."),
    (f"می{ZWNJ}روم", "میروم"),  # a ZWNJ removed inside one word
    ("Працівник пропонує перекладача.", "Працівниця пропонує безкоштовного перекладача."),
    ("Приві́т, як справи?", "Привіт, як справи?"),
    ("日本語の文章です。", "日本語の短い文章です。"),
    ("mixed English و عربي", "mixed English and عربي"),
    ("emoji 🙂 here", "emoji 🙃 here"),
    ("café", "cafe\u0301"),  # composed and decomposed
    ("- item one\n- item two\n", "- item one\n- item 2\n- item three\n"),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n", "| a | b |\n|---|---|\n| 1 | 3 |\n"),
    ("\n\n\n", "\n"),
    ("x" * 500, "x" * 499 + "y"),
]


def joined(segments: list[Segment], without: str) -> str:
    return "".join(segment.text for segment in segments if segment.kind != without)


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_segments_rejoin_into_both_texts(old: str, new: str):
    segments = diff_words(old, new)
    assert joined(segments, without="removed") == new
    assert joined(segments, without="added") == old


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_segments_are_tidy(old: str, new: str):
    segments = diff_words(old, new)
    assert all(segment.text for segment in segments)
    assert all(segment.kind in {"same", "added", "removed"} for segment in segments)
    for first, second in zip(segments, segments[1:], strict=False):
        assert first.kind != second.kind
        assert (first.kind, second.kind) != ("added", "removed"), "within a change, removed comes first"


def test_random_edits_rejoin():
    rng = random.Random(7)
    alphabet = ["word", "مترجم", f"می{ZWNJ}خواهم", "перекладач", "語", " ", "\n", ".", ",", "<", "&"]
    for _ in range(300):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        new = list(old)
        for _ in range(rng.randint(0, 8)):
            position = rng.randint(0, len(new))
            new[position:position] = rng.choice(alphabet)
            if new and rng.random() < 0.5:
                del new[rng.randrange(len(new))]
        segments = diff_words(old, "".join(new))
        assert joined(segments, without="removed") == "".join(new)
        assert joined(segments, without="added") == old


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Same.", "Same.", [Segment("same", "Same.")]),
        ("", "", []),
        ("", "New", [Segment("added", "New")]),
        (
            "the cat sat",
            "a dog sat",
            [Segment("removed", "the cat"), Segment("added", "a dog"), Segment("same", " sat")],
        ),
        (
            "Hello world",
            "Hello brave world",
            [Segment("same", "Hello "), Segment("added", "brave "), Segment("same", "world")],
        ),
        (
            f"من می{ZWNJ}خواهم کتاب بخوانم.",
            f"من می{ZWNJ}خواهم نامه بخوانم.",
            [
                Segment("same", f"من می{ZWNJ}خواهم "),
                Segment("removed", "کتاب"),
                Segment("added", "نامه"),
                Segment("same", " بخوانم."),
            ],
        ),
    ],
)
def test_expected_segments(old: str, new: str, expected: list[Segment]):
    assert diff_words(old, new) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"می{ZWNJ}خواهم", [f"می{ZWNJ}خواهم"]),  # ZWNJ stays inside the Persian word
        ("كَتَبَ", ["كَتَبَ"]),  # Arabic harakat are combining marks, not separators
        ("Приві́т", ["Приві́т"]),  # a Ukrainian stress accent
        ("can't stop", ["can't", " ", "stop"]),
        ("'quoted'", ["'", "quoted", "'"]),
        ("日本語", ["日", "本", "語"]),
        ("a.b", ["a", ".", "b"]),
        ("x  \n y", ["x", "  \n ", "y"]),
    ],
)
def test_tokenize(text: str, expected: list[str]):
    assert tokenize(text) == expected
    assert "".join(tokenize(text)) == text


def test_words_ignore_spaces_and_punctuation():
    assert words("Hello, world! 2 语言") == ["Hello", "world", "2", "语", "言"]


@pytest.mark.parametrize(
    ("old", "new", "counts"),
    [
        ("", "", (0, 0)),
        ("Same text.", "Same text.", (0, 0)),
        ("", "Three new words.", (3, 0)),
        ("Three old words.", "", (0, 3)),
        ("the cat sat", "a dog sat", (2, 2)),
        ("Hello world", "Hello brave new world", (2, 0)),
        ("one two three", "one  two three", (0, 0)),
        ("Stop.", "Stop!", (0, 0)),
        (f"من می{ZWNJ}خواهم کتاب بخوانم.", f"من می{ZWNJ}خواهم نامه بخوانم.", (1, 1)),
        ("Працівник пропонує перекладача.", "Працівниця пропонує безкоштовного перекладача.", (2, 1)),
    ],
)
def test_summary_counts_words(old: str, new: str, counts: tuple[int, int]):
    assert summary(diff_words(old, new)) == counts


def _visible(markup: str, dropped: str) -> str:
    """What a reader of one side sees: the other side's element, hidden markers and tags removed."""
    text = re.sub(rf"<{dropped}>.*?</{dropped}>", "", markup, flags=re.DOTALL)
    text = re.sub(r'<span class="visually-hidden">.*?</span>', "", text, flags=re.DOTALL)
    return html.unescape(re.sub(r"</?(?:ins|del)>", "", text))


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_html_shows_each_side_exactly(old: str, new: str):
    markup = diff_html(old, new)
    assert isinstance(markup, Markup)
    assert _visible(markup, "ins") == old
    assert _visible(markup, "del") == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<script>alert(1)</script>", "<script>alert(2)</script>"),
        ("Safe text.", "Safe <script>alert(1)</script> text."),
        ("Old <script>x</script> text.", "Old text."),
        ("<script>same</script>", "<script>same</script>"),
        ('"quotes" & <img src=x onerror=alert(1)>', "'quotes' & <img src=y>"),
    ],
)
def test_html_escapes_both_texts(old: str, new: str):
    markup = str(diff_html(old, new))
    assert "<script" not in markup
    assert "<img" not in markup
    assert re.sub(r"</?(?:ins|del|span)[^>]*>", "", markup).count("<") == 0


def test_html_marks_changes_with_hidden_words():
    markup = str(diff_html("the cat sat", "a dog sat"))
    assert markup == (
        '<del><span class="visually-hidden">removed: </span>the cat<span class="visually-hidden"> end</span></del>'
        '<ins><span class="visually-hidden">added: </span>a dog<span class="visually-hidden"> end</span></ins>'
        " sat"
    )


def test_html_uses_given_labels_and_escapes_them():
    labels = {"added_start": "<añadido>", "removed_start": "eliminado:", "end": "fin & cierre"}
    markup = str(diff_html("uno", "dos", labels))
    assert '<span class="visually-hidden">&lt;añadido&gt; </span>' in markup
    assert '<span class="visually-hidden">eliminado: </span>' in markup
    assert '<span class="visually-hidden"> fin &amp; cierre</span>' in markup
    assert "added:" not in markup


def test_html_keeps_line_breaks_and_has_no_wrapper():
    markup = str(diff_html("one\ntwo\n", "one\nthree\n"))
    assert markup.startswith("one\n")
    assert markup.endswith("\n")
    assert "<br" not in markup and "<pre" not in markup


def test_large_texts_stay_fast():
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(2000)]
    weights = [1 / (n + 1) for n in range(2000)]
    paragraphs = [" ".join(rng.choices(vocabulary, weights, k=rng.randint(20, 90))) + "." for _ in range(250)]
    old = "\n\n".join(paragraphs)
    new = re.sub(r"w\d+", lambda m: "CHANGED" if rng.random() < 0.05 else m.group(), old)
    assert len(old) > 50_000
    for before, after in [
        (old, new),
        (old.replace("\n", " "), new.replace("\n", " ")),
        (old, "\n\n".join(paragraphs[::-1])),
    ]:
        started = time.perf_counter()
        segments = diff_words(before, after)
        assert time.perf_counter() - started < 5
        assert joined(segments, without="removed") == after
    changed = new.count("CHANGED")
    added, removed = summary(diff_words(old, new))
    assert added == changed and removed == changed
