"""Plain-language hints: sentence and word counts, long sentences and words, and scores only where 2.3 allows."""

from __future__ import annotations

import pytest

from codesign.scenarios.readability import (
    FLESCH_BANDS,
    INFLESZ_BANDS,
    MIN_WORDS_FOR_SCORE,
    analyse,
    blocks,
    english_syllables,
    french_syllables,
    sentences,
    spanish_syllables,
)

ZWNJ = "\u200c"

SIMPLE_EN = (
    "You can ask for an interpreter. It is free. Tell us the language you speak. "
    "We call the interpreter on the phone. You talk and they say it in English. "
    "We write down what you need. Then we tell you what will happen next. "
    "Ask us if you do not understand. We will say it again in a new way. "
) * 2
LEGAL_EN = (
    "Notwithstanding any provision of the tenancy agreement to the contrary, the landlord shall be entitled "
    "to terminate the tenancy forthwith, subject to the statutory requirements regarding notification, "
    "if the tenant has persistently failed to remit the periodical rental payments specified in the schedule, "
    "or has otherwise contravened the obligations enumerated hereinafter. "
) * 3
SIMPLE_ES = (
    "Puede pedir un intérprete. Es gratis. Díganos qué idioma habla. Llamamos al intérprete por teléfono. "
    "Usted habla y él lo dice en español. Anotamos lo que necesita. Después le decimos qué va a pasar. "
    "Pregunte si no entiende algo. Lo decimos otra vez de otra forma. "
) * 3
DENSE_ES = (
    "No obstante cualquier disposición contractual en contrario, el arrendador estará facultado para resolver "
    "anticipadamente el arrendamiento, con sujeción a los requisitos legalmente establecidos en materia de "
    "notificación, cuando el arrendatario hubiera incumplido reiteradamente la obligación de satisfacer las "
    "mensualidades correspondientes especificadas en el anexo. "
) * 3
SIMPLE_FR = (
    "Vous pouvez demander un interprète. C'est gratuit. Dites-nous quelle langue vous parlez. "
    "Nous appelons l'interprète au téléphone. Vous parlez et il le dit en français. "
    "Nous notons ce qu'il vous faut. Puis nous vous disons ce qui va se passer. "
    "Demandez si vous ne comprenez pas. Nous le disons encore autrement. "
) * 2
DENSE_FR = (
    "Nonobstant toute stipulation contractuelle contraire, le bailleur sera habilité à procéder à la résiliation "
    "anticipée du contrat de location, sous réserve du respect des exigences réglementaires relatives à la "
    "notification, lorsque le locataire aura manqué de manière réitérée à son obligation de s'acquitter des "
    "mensualités déterminées dans l'annexe. "
) * 3


@pytest.mark.parametrize(
    ("text", "language", "sentence_count", "word_count"),
    [
        ("", "en", 0, 0),
        ("One. Two three! Four five six?", "en", 3, 6),
        ("No full stop at the end", "en", 1, 6),
        ("It costs 5 euros. Pay at the desk.", "en", 2, 8),
        ("Bring papers, e.g. a letter. Then wait.", "en", 2, 8),  # "e.g." is two words
        ("He said “Stop.” Then he left.", "en", 2, 6),
        ("Wait... What now?", "en", 2, 3),
        ("¿Dónde está la oficina? Está aquí.", "es", 2, 6),
        ("C'est l'heure. Venez !", "fr", 2, 3),
        ("مرحبا بكم. كيف حالك؟ أنا بخير۔ شكرا", "ar", 4, 7),
        ("كَتَبَ الطالبُ الدرسَ.", "ar", 1, 3),  # harakat stay inside their words
        (f"من می{ZWNJ}خواهم بروم. کتاب{ZWNJ}ها کجاست؟", "fa", 2, 5),  # ZWNJ joins, never splits
        ("Привіт. Як справи? Добре!", "uk", 3, 4),
        ("- first item\n- second item\n- third", "en", 3, 5),  # list items end sentences
        ("A paragraph that\nwraps over lines.", "en", 1, 6),  # a soft line break does not
    ],
)
def test_sentence_and_word_counts(text: str, language: str, sentence_count: int, word_count: int):
    report = analyse(text, language)
    assert (report.sentences, report.words) == (sentence_count, word_count)
    expected_average = word_count / sentence_count if sentence_count else 0.0
    assert report.average_sentence_length == pytest.approx(expected_average)


def test_sentences_keep_their_text():
    assert sentences("One two. Three four! Five?") == ["One two.", "Three four!", "Five?"]
    assert sentences("It costs 3.5 euros. Pay here.") == ["It costs 3.5 euros.", "Pay here."]
    assert sentences("日本語です。短い文。") == ["日本語です。", "短い文。"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# A heading #\n\nSome *text* here.", [(False, "A heading"), (True, "Some text here.")]),
        ("Read [the guide](https://example.org/a/very/long/path) now.", [(True, "Read the guide now.")]),
        ("See <https://example.org> or www.example.org/x today.", [(True, "See or today.")]),
        ("![A map](map.png)", [(True, "A map")]),
        ("Use `code` and **bold** and _this_ and ~~gone~~.", [(True, "Use code and bold and this and gone.")]),
        ("> A quoted line.\n> More of it.", [(True, "A quoted line. More of it.")]),
        ("- one\n- two\n  more\n1. three", [(False, "one"), (False, "two more"), (False, "three")]),
        ("| Who | What |\n|---|:--:|\n| Tenant | Letter |", [(False, c) for c in ("Who", "What", "Tenant", "Letter")]),
        ("Text.\n\n```\ncode. block.\n```\n\nAfter.", [(True, "Text."), (True, "After.")]),
        ("Title\n=====\n\nBody.", [(False, "Title"), (True, "Body.")]),
        ("Above.\n\n---\n\nBelow.", [(True, "Above."), (True, "Below.")]),
        ("Note.[^1]\n\n[ref]: https://example.org\n<!-- hidden -->", [(True, "Note.")]),
        ("snake_case stays", [(True, "snake_case stays")]),
    ],
)
def test_markdown_is_reduced_to_plain_blocks(markdown: str, expected: list[tuple[bool, str]]):
    assert blocks(markdown) == expected


def test_markdown_syntax_is_not_counted():
    markdown = (
        "## Steps\n\n"
        "**Ask** the tenant [which language](https://example.org/languages-and-interpreting-services) they use.\n\n"
        "| Step | Who |\n|------|-----|\n| Call | Worker |\n\n"
        "- Offer > wait\n"
    )
    report = analyse(markdown, "en")
    # "Steps" | "Ask the tenant which language they use." | 4 cells | "Offer wait"
    assert (report.sentences, report.words) == (7, 1 + 7 + 4 + 2)
    assert report.prose_words == 7  # headings, tables and lists are not scored
    assert report.long_words == ()  # the URL is gone


# A crafted text, scored by hand: 17 sentences of 6 one-syllable words = 102 words.
# FRE = 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145
CAT = "The cat sat on the mat. " * 17
# 17 × "The(1) tenant(2) reads(1) the(1) letter(2) today(2)." = 102 words, 153 syllables.
# FRE = 206.835 - 1.015 * 6 - 84.6 * 1.5 = 73.845
TENANT = "The tenant reads the letter today. " * 17


@pytest.mark.parametrize(
    ("text", "language", "formula", "score", "level", "met"),
    [
        (CAT, "en", "flesch_reading_ease", 116.145, "very_easy", True),
        (TENANT, "en", "flesch_reading_ease", 73.845, "fairly_easy", True),
        # 25 × "El(1) gato(2) come(2) pan(1)." = 100 words; SP = 206.835 - 4 - 62.3 * 1.5 = 109.385
        ("El gato come pan. " * 25, "es", "szigriszt_pazos", 109.385, "very_easy", True),
        # 20 × "Le(1) chat(1) mange(1) du(1) pain(1)." = 100 words; KM = 209 - 1.15 * 5 - 68 * 1 = 135.25
        ("Le chat mange du pain. " * 20, "fr", "kandel_moles", 135.25, "very_easy", True),
    ],
)
def test_scores_computed_by_hand(text: str, language: str, formula: str, score: float, level: str, met: bool):
    report = analyse(text, language)
    assert report.formula == formula
    assert report.score == pytest.approx(score)
    assert (report.level, report.target_met, report.no_score_reason) == (level, met, None)


@pytest.mark.parametrize(
    ("simple", "dense", "language"),
    [(SIMPLE_EN, LEGAL_EN, "en"), (SIMPLE_ES, DENSE_ES, "es"), (SIMPLE_FR, DENSE_FR, "fr")],
)
def test_simpler_text_scores_higher(simple: str, dense: str, language: str):
    easy, hard = analyse(simple, language), analyse(dense, language)
    assert easy.prose_words >= MIN_WORDS_FOR_SCORE and hard.prose_words >= MIN_WORDS_FOR_SCORE
    assert easy.score is not None and hard.score is not None
    assert easy.score > hard.score + 30
    assert easy.target_met is True
    assert hard.target_met is False


def test_flesch_levels_for_plain_and_legal_english():
    assert analyse(SIMPLE_EN, "en").level in {"very_easy", "easy"}
    assert analyse(LEGAL_EN, "en").level == "very_difficult"


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("uk", "no_formula"),
        ("fa", "no_formula"),
        ("fa-AF", "no_formula"),
        ("ti", "no_formula"),
        ("ar", "not_implemented"),
        ("de", "not_implemented"),
    ],
)
def test_no_score_without_a_formula_we_compute(language: str, reason: str):
    report = analyse(CAT, language)
    assert (report.score, report.formula, report.level, report.target, report.target_met) == (None,) * 5
    assert report.no_score_reason == reason
    assert report.words == 102  # the counts are still given


def test_short_texts_get_no_score_but_name_the_formula():
    report = analyse("The cat sat on the mat. " * 16, "en")  # 96 words
    assert report.score is None and report.level is None and report.target_met is None
    assert (report.formula, report.target, report.no_score_reason) == ("flesch_reading_ease", 60.0, "too_short")


def test_language_tags_are_reduced_to_the_base_language():
    assert analyse(CAT, "en-GB").formula == "flesch_reading_ease"
    assert analyse(CAT, "ES_mx").formula == "szigriszt_pazos"


LONG_21 = "Word " + " ".join(["word"] * 19) + " end."
LONG_26 = "Word " + " ".join(["word"] * 24) + " end."
ARABIC_21 = " ".join(["كلمة"] * 21) + "."
ARABIC_26 = " ".join(["كلمة"] * 26) + "."


@pytest.mark.parametrize(
    ("text", "language", "flagged"),
    [
        ("Word " + " ".join(["word"] * 19) + ".", "en", False),
        (LONG_21, "en", True),
        (LONG_21, "uk", True),
        (ARABIC_21, "ar", False),
        (ARABIC_26, "ar", True),
        (LONG_21, "fa", False),
        (LONG_26, "fa", True),
    ],
)
def test_long_sentences(text: str, language: str, flagged: bool):
    report = analyse(f"Short one. {text} Another short one.", language)
    assert report.long_sentences == ((text,) if flagged else ())


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Communication and the interpreter.", "en", ("Communication",)),  # 13 letters; 11 is fine
        ("Confidentiality matters. confidentiality again.", "en", ("Confidentiality",)),  # distinct
        ("Documentación y confidencialidad.", "es", ("confidencialidad",)),  # 13 is fine, 16 is long
        ("Конфіденційність і документи.", "uk", ("Конфіденційність",)),
        ("والمسؤوليات مهمة.", "ar", ("والمسؤوليات",)),
        (f"می{ZWNJ}خواهم بروم.", "fa", ()),
        ("A well-known 2024-2025 plan.", "en", ()),
    ],
)
def test_long_words(text: str, language: str, expected: tuple[str, ...]):
    assert analyse(text, language).long_words == expected


@pytest.mark.parametrize(
    ("count", "word", "syllables"),
    [
        (english_syllables, "the", 1),
        (english_syllables, "make", 1),
        (english_syllables, "table", 2),
        (english_syllables, "tables", 2),
        (english_syllables, "walked", 1),
        (english_syllables, "wanted", 2),
        (english_syllables, "makes", 1),
        (english_syllables, "boxes", 2),
        (english_syllables, "people", 2),
        (english_syllables, "beautiful", 3),
        (english_syllables, "interpreter", 4),
        (english_syllables, "today", 2),
        (english_syllables, "2024", 1),
        (spanish_syllables, "día", 2),
        (spanish_syllables, "ciudad", 2),
        (spanish_syllables, "leer", 2),
        (spanish_syllables, "aéreo", 4),
        (spanish_syllables, "guerra", 2),
        (spanish_syllables, "y", 1),
        (spanish_syllables, "intérprete", 4),
        (french_syllables, "table", 1),
        (french_syllables, "école", 2),
        (french_syllables, "écoles", 2),
        (french_syllables, "aimée", 2),
        (french_syllables, "rue", 1),
        (french_syllables, "interprète", 3),
    ],
)
def test_syllable_heuristics(count, word: str, syllables: int):
    assert count(word) == syllables


def test_band_keys_are_the_documented_ones():
    keys = {"very_easy", "easy", "fairly_easy", "standard", "fairly_difficult", "difficult", "very_difficult"}
    assert {band for _, band in FLESCH_BANDS} == keys
    assert {band for _, band in INFLESZ_BANDS} <= keys
