"""bot.language: which language a message is in, and explicit switch requests."""

from __future__ import annotations

import pytest

from bot.language import (
    detect_language,
    find_language_mention,
    function_words,
    looks_like_words,
    requested_language,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je suis à Arras avec 2 jours, la Grande Guerre m'intéresse", "fr"),
        ("we're in Lille for the weekend with the kids, what WW2 sites can we see?", "en"),
        ("jsuis a arras avc 2 jours", "fr"),  # SMS style, no accents
        ("c koi les horaires ?", "fr"),
        ("what r the opening hours of l'Historial", "en"),  # an elided French name inside English
        ("I want to visit Musée de la Résistance de Bondues", "en"),  # a French site name inside English
        ("je voudrais voir Wellington Quarry", "fr"),  # an English site name inside French
        ("deja vu ?? combien ca coute", "fr"),  # accents typed without accents
        ("plan a circuit", "en"),  # words of both languages, in English order
        ("plan un circuit", "fr"),
    ],
)
def test_the_words_decide_whatever_came_before(text, language):
    other = "en" if language == "fr" else "fr"
    assert detect_language(text, previous=other) == language


@pytest.mark.parametrize(
    ("text", "previous"), [("merci", "en"), ("Merci!", "en"), ("thanks", "fr"), ("ok", "en")]
)
def test_one_word_of_politeness_keeps_the_conversations_language(text, previous):
    assert detect_language(text, previous=previous) == previous


@pytest.mark.parametrize(("text", "language"), [("merci", "fr"), ("thanks", "en")])
def test_one_word_decides_the_first_message(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "2",
        "Lille",
        "😀",
        "La Coupole",
        "Musée de la Résistance",
        "Dunkerque 1940",
        "",
        "?",
        "themes",
        "super",
    ],
)
@pytest.mark.parametrize("previous", ["fr", "en"])
def test_short_or_neutral_messages_keep_the_conversations_language(text, previous):
    assert detect_language(text, previous=previous) == previous


def test_without_a_previous_language_neutral_messages_are_french():
    assert detect_language("Arras") == "fr"
    assert detect_language("Arras", previous="de") == "fr"  # only fr and en are known


def test_a_very_long_message_is_handled():
    assert detect_language("the museum " * 2500, previous="fr") == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in English please", "en"),
        ("English", "en"),
        ("anglais svp", "en"),
        ("réponds-moi en anglais", "en"),
        ("en français", "fr"),
        ("parle français", "fr"),
        ("can you speak French?", "fr"),
        ("switch to French", "fr"),
        ("I don't speak French, English please", "en"),  # the last one named wins
        ("je ne parle pas anglais, français svp", "fr"),
    ],
)
def test_switch_requests(text, language):
    assert requested_language(text) == language
    assert detect_language(text, previous="fr" if language == "en" else "en") == language


@pytest.mark.parametrize(
    "text",
    [
        "la visite est en anglais ?",
        "is the tour in English?",
        "the French Resistance",
        "des soldats anglais",
        "bonjour",
    ],
)
def test_naming_a_language_is_not_asking_to_switch(text):
    assert requested_language(text) is None


def test_a_language_mention_gives_its_span():
    text = "y a-t-il un audioguide en anglais ?"
    mention = find_language_mention(text)
    assert (mention.value, text[mention.start : mention.end]) == ("en", "anglais")


def test_function_words_are_folded_and_cover_both_languages():
    words = function_words()
    assert {"les", "deja", "the", "would"} <= words
    assert "arras" not in words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("weather?", True),
        ("hotel", True),
        ("il va pleuvoir ?", True),
        ("asdkjh qwe zzzz", False),
        ("hmm", False),
    ],
)
def test_keyboard_noise_is_told_from_words(text, words):
    assert looks_like_words(text) is words


def test_an_accent_alone_is_no_word():
    from bot.language import looks_like_words

    assert not looks_like_words("qsdfghjklmmù")
    assert looks_like_words("quel temps fait-il ?")
