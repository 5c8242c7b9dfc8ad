"""Plain-language hints for scenario authors: sentence and word lengths, and a readability score where one is valid.

Everything here is a hint for the author, never a pass mark (domain.md 2.3): formulas only measure
sentence and word length, and a human check decides. The module returns keys and numbers, no
display text; the caller translates the band keys ("very_easy" … "very_difficult") and reasons.

Choices, with their source:
- Formulas and targets come from the table in domain.md 2.3 and are computed only for the
  languages this module can count syllables for: English Flesch Reading Ease (target ≥ 60),
  Spanish Szigriszt-Pazos read on the INFLESZ scale (target ≥ 55, "normal" or easier) and French
  Kandel-Moles (target ≥ 60). Languages for which 2.3 names a formula that is not implemented
  here (Arabic OSMAN needs short, long and stress syllables, which a vowel heuristic cannot give;
  German, Dutch, Italian, Russian, Turkish, …) get no score and the reason "not_implemented";
  languages with no validated formula (Ukrainian, Persian, …) get "no_formula". Neither falls back
  to an English formula.
- 2.3 also says to score prose only, not tables or lists, and only texts of at least 100 words:
  headings, list items and table cells count towards the sentence and word totals but not the
  score, and fewer than 100 prose words give the reason "too_short".
- Syllables are counted with vowel-group heuristics (silent English and French final "e",
  Spanish hiatus). They approximate; dictionary-based tools give somewhat different numbers.
- Bands: Flesch's (1948) seven bands for Flesch Reading Ease and for Kandel-Moles, which was
  calibrated to the same scale; the five INFLESZ bands for Spanish.
- Long sentences: more than 20 words (domain.md 5, stage 4: "average ≤ 15–20 words"); 25 for
  Arabic and Persian, whose prose joins clauses with "و" and commas more than with full stops, so
  20 would flag nearly every sentence. Long words: at least 13 letters, 14 for the longer-worded
  Spanish, French and Ukrainian, 10 for Arabic and 12 for Persian (which write short vowels
  rarely); these are this module's own starting values, not from domain.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from codesign.scenarios.textdiff import words

MIN_WORDS_FOR_SCORE = 100

LONG_SENTENCE_WORDS = {"ar": 25, "fa": 25}
DEFAULT_LONG_SENTENCE_WORDS = 20
LONG_WORD_LETTERS = {"en": 13, "es": 14, "fr": 14, "uk": 14, "ar": 10, "fa": 12}
DEFAULT_LONG_WORD_LETTERS = 13

# Languages for which domain.md 2.3 lists a formula that this module does not compute.
FORMULA_NOT_IMPLEMENTED = frozenset({"ar", "da", "de", "it", "nb", "nl", "nn", "no", "pl", "pt", "ru", "sv", "tr"})

# (lowest score, band) from the top down.
FLESCH_BANDS = (
    (90.0, "very_easy"),
    (80.0, "easy"),
    (70.0, "fairly_easy"),
    (60.0, "standard"),
    (50.0, "fairly_difficult"),
    (30.0, "difficult"),
    (float("-inf"), "very_difficult"),
)
INFLESZ_BANDS = (
    (80.0, "very_easy"),
    (65.0, "fairly_easy"),
    (55.0, "standard"),
    (40.0, "fairly_difficult"),
    (float("-inf"), "very_difficult"),
)


@dataclass(frozen=True)
class Report:
    language: str
    sentences: int
    words: int
    average_sentence_length: float  # words per sentence, 0.0 for an empty text
    long_sentences: tuple[str, ...]  # as written, Markdown removed
    long_words: tuple[str, ...]  # distinct (case-insensitive), in order of appearance
    long_sentence_threshold: int  # a sentence is long above this many words
    long_word_threshold: int  # a word is long from this many letters
    prose_words: int  # the words the score is computed on
    score: float | None
    formula: str | None  # a key such as "flesch_reading_ease"; None when 2.3 has no formula we compute
    level: str | None  # band key derived from the score
    target: float | None  # domain.md 2.3's suggested minimum score
    target_met: bool | None
    no_score_reason: str | None  # "no_formula", "not_implemented" or "too_short"


@dataclass(frozen=True)
class Formula:
    key: str
    compute: Callable[[float, float], float]  # (words per sentence, syllables per word) -> score
    syllables: Callable[[str], int]
    bands: tuple[tuple[float, str], ...]
    target: float


# ---------------------------------------------------------------- syllables (approximations)

_EN_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_ES_VOWEL_GROUP = re.compile(r"[aeiouáéíóúü]+")
_FR_VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+")
_ES_OPEN = frozenset("aeoáéóíú")  # two of these side by side are two syllables (hiatus): "le-er", "dí-a"
_VOWELS = frozenset("aeiouy")


def english_syllables(word: str) -> int:
    w = word.lower()
    count = len(_EN_VOWEL_GROUP.findall(w))
    if count > 1 and len(w) >= 3:
        consonant_le = w[-3] == "l" and len(w) > 3 and w[-4] not in _VOWELS  # "table", "tables"
        if w[-1] == "e" and w[-2] not in _VOWELS and not (w[-2] == "l" and w[-3] not in _VOWELS):
            count -= 1  # silent final e: "make", but "table" keeps its "-ble"
        elif w[-2:] == "ed" and w[-3] not in _VOWELS and w[-3] not in "td":
            count -= 1  # "walked", but "wanted"
        elif w[-2:] == "es" and w[-3] not in _VOWELS and w[-3] not in "sxzcgh" and not consonant_le:
            count -= 1  # "makes", but "boxes", "pages", "wishes", "tables"
    return max(1, count)


def spanish_syllables(word: str) -> int:
    count = 0
    for group in _ES_VOWEL_GROUP.findall(word.lower()):
        count += 1 + sum(1 for a, b in zip(group, group[1:], strict=False) if a in _ES_OPEN and b in _ES_OPEN)
    return max(1, count)


def french_syllables(word: str) -> int:
    w = word.lower()
    groups = _FR_VOWEL_GROUP.findall(w)
    count = len(groups)
    if count > 1 and groups[-1] == "e" and (w.endswith("e") or w.endswith("es")):
        count -= 1  # mute final e: "table", "écoles"
    return max(1, count)


FORMULAS = {
    "en": Formula(
        "flesch_reading_ease",
        lambda asl, asw: 206.835 - 1.015 * asl - 84.6 * asw,
        english_syllables,
        FLESCH_BANDS,
        60.0,
    ),
    "es": Formula(
        "szigriszt_pazos", lambda asl, asw: 206.835 - asl - 62.3 * asw, spanish_syllables, INFLESZ_BANDS, 55.0
    ),
    "fr": Formula("kandel_moles", lambda asl, asw: 209 - 1.15 * asl - 68 * asw, french_syllables, FLESCH_BANDS, 60.0),
}


# ---------------------------------------------------------------- Markdown to blocks of plain text

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")

_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")  # keep the link text or image alt
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_INLINE_MARKS = re.compile(r"[*`~]+|(?<!\w)_+|_+(?!\w)|\s#+\s*$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _plain(text: str) -> str:
    """Remove inline Markdown: link targets and URLs go, link text stays."""
    for pattern, replacement in (
        (_FOOTNOTE, ""),
        (_LINK, r"\1"),
        (_AUTOLINK, ""),
        (_HTML_TAG, ""),
        (_URL, ""),
        (_INLINE_MARKS, ""),
        (_ESCAPE, r"\1"),
    ):
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _is_table_row(line: str, following: str | None, in_table: bool) -> bool:
    return "|" in line and (in_table or (following is not None and _is_table_delimiter(following)))


def _is_table_delimiter(line: str) -> bool:
    return "|" in line and _TABLE_DELIMITER.match(line) is not None


def blocks(markdown: str) -> list[tuple[bool, str]]:
    """Split Markdown into (is_prose, plain text) blocks: paragraphs, headings, list items, table cells.

    Code blocks, rules, link definitions and HTML comments are dropped.
    """
    lines = _COMMENT.sub("", markdown.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    out: list[tuple[bool, str]] = []
    current: list[str] = []
    current_is_prose = True
    fence: str | None = None
    in_table = False

    def close() -> None:
        if current:
            out.append((current_is_prose, _plain(" ".join(current))))
            current.clear()

    for index, raw in enumerate(lines):
        opening = _FENCE.match(raw)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            close()
            fence = opening.group(1)
            continue
        line = _QUOTE.sub("", raw)  # a block quote is prose like any other
        following = lines[index + 1] if index + 1 < len(lines) else None
        if not line.strip():
            close()
            in_table = False
        elif _LINK_DEFINITION.match(line):
            continue
        elif _is_table_delimiter(line):
            close()
            in_table = True
        elif _is_table_row(line, following, in_table):
            close()
            out.extend((False, cell) for cell in map(_plain, line.strip().strip("|").split("|")) if cell)
        elif _SETEXT_UNDERLINE.match(line) and current:
            current_is_prose = False  # the paragraph above was a heading
            close()
        elif _RULE.match(line):
            close()
        elif _HEADING.match(line):
            close()
            out.append((False, _plain(_HEADING.sub("", line, count=1))))
        elif item := _LIST_ITEM.match(line):
            close()
            current_is_prose = False
            current.append(line[item.end() :])
        else:
            if not current:
                current_is_prose = True
            current.append(line)  # paragraph text, or a list item's continuation
    close()
    return [(is_prose, text) for is_prose, text in out if text]


# ---------------------------------------------------------------- sentences

# Sentence ends: . ! ? … , the Arabic question mark ؟ and full stop ۔, Devanagari । and Ethiopic
# ። ፧ — followed by a space or the end — and the CJK 。！？ which need no space after them.
_SENTENCE_END = re.compile(
    r"(?:[.!?\u2026\u061f\u06d4\u0964\u1362\u1367]+[\"'\u201d\u2019\u00bb)\]]*(?=\s|$))"  # then a space or the end
    r"|[\u3002\uff01\uff1f]+"  # 。！？
)


def sentences(text: str) -> list[str]:
    """Split plain text into sentences; a lower-case letter after a full stop ("e.g. the") does not start one."""
    found: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        rest = text[end.end() :].lstrip()
        if rest[:1].islower():
            continue
        found.append(text[start : end.end()].strip())
        start = end.end()
    found.append(text[start:].strip())
    return [sentence for sentence in found if words(sentence)]


# ---------------------------------------------------------------- the report


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch.isalpha())


def _band(score: float, bands: tuple[tuple[float, str], ...]) -> str:
    return next(band for lowest, band in bands if score >= lowest)


def analyse(text: str, language: str) -> Report:
    """Count sentences and words in Markdown `text`, flag long ones, and score prose where a formula applies."""
    code = language.replace("_", "-").split("-")[0].lower()
    long_sentence_threshold = LONG_SENTENCE_WORDS.get(code, DEFAULT_LONG_SENTENCE_WORDS)
    long_word_threshold = LONG_WORD_LETTERS.get(code, DEFAULT_LONG_WORD_LETTERS)

    sentence_count = word_count = 0
    prose_sentences = 0
    prose_words: list[str] = []
    long_sentences: list[str] = []
    long_words: dict[str, str] = {}
    for is_prose, block in blocks(text):
        for sentence in sentences(block):
            found = words(sentence)
            sentence_count += 1
            word_count += len(found)
            if len(found) > long_sentence_threshold:
                long_sentences.append(sentence)
            for word in found:
                if _letters(word) >= long_word_threshold:
                    long_words.setdefault(word.casefold(), word)
            if is_prose:
                prose_sentences += 1
                prose_words.extend(found)

    formula = FORMULAS.get(code)
    score: float | None = None
    level: str | None = None
    target_met: bool | None = None
    reason: str | None = None
    if formula is None:
        reason = "not_implemented" if code in FORMULA_NOT_IMPLEMENTED else "no_formula"
    elif len(prose_words) < MIN_WORDS_FOR_SCORE:
        reason = "too_short"
    else:
        syllables = sum(formula.syllables(word) for word in prose_words)
        score = formula.compute(len(prose_words) / prose_sentences, syllables / len(prose_words))
        level = _band(score, formula.bands)
        target_met = score >= formula.target

    return Report(
        language=code,
        sentences=sentence_count,
        words=word_count,
        average_sentence_length=word_count / sentence_count if sentence_count else 0.0,
        long_sentences=tuple(long_sentences),
        long_words=tuple(long_words.values()),
        long_sentence_threshold=long_sentence_threshold,
        long_word_threshold=long_word_threshold,
        prose_words=len(prose_words),
        score=score,
        formula=formula.key if formula else None,
        level=level,
        target=formula.target if formula else None,
        target_met=target_met,
        no_score_reason=reason,
    )
