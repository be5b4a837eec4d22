"""Which language a message is in, French or English, and explicit requests to switch.

A lexicon scorer: each word found in ``bot/nlu/lexicon/fr.txt`` or ``en.txt`` (function words, chat
words, SMS spellings) is one point for its language, accented letters are French evidence. Proper
names are ignored (a run of capitalised words such as "Musée de la Résistance", or a capitalised word
inside the sentence), so that a site or a town says nothing about the language. Short or neutral
messages ("ok", "2", "Lille", an emoji) keep the conversation's language.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bot.expressions import Mention, fold
from bot.texts import DEFAULT_LANGUAGE, LANGUAGES
from bot.wordlists import load as load_wordlist

LEXICON_DIR = Path(__file__).parent / "nlu" / "lexicon"
MIN_MARGIN = 1.0  # points ahead needed to choose a language
# ...and to leave the conversation's with a one-word message: "Merci!" ending an English chat is
# politeness, not a switch.
SWITCH_MARGIN = 2.0
ACCENT_POINTS = 0.5
ACCENTED = re.compile(r"[àâçéèêëîïôûùüÿœ]")
# Words joined by these inside a capitalised run still belong to the name ("Chemin des Dames").
NAME_CONNECTORS = frozenset(load_wordlist("name_connectors"))
WORD = re.compile(r"[\w’']+|[^\w\s]", re.UNICODE)
# English contractions are English evidence even when the word list misses them ("Lille's").
ENGLISH_ENDINGS = re.compile(r"\w(?:'s|n't|'re|'ve|'ll|'d)\b")
# Words of both languages that are English in this order ("plan a circuit", "visit the Historial").
ENGLISH_PHRASES = re.compile(r"\b(?:plan|visit|book|show)\s+(?:a|an|me|my|our|us|the)\b")

_LANGUAGE_WORDS = {"en": r"english|anglais|inglese|ingles", "fr": r"french|francais"}
# A language named after "en"/"in"/"speak"...: "is the tour in English?" names a language...
_MENTION = r"\b(?:in|into|en|speak|parle[rsz]?|parlez-vous|parles-tu|to|au|version)\s+(?P<a>{words})\b"
# ...but only these ask to switch: a verb of speaking or writing, a bare "English please", "en français svp".
_REQUEST = (
    r"\b(?:parle[rsz]?|parlez|reponds?|repondez|repondre|passe[rz]?|continue[rz]?|continuons|ecris|ecrire|"
    r"ecrivez|mets|remets|reviens|revenir|repasse[rz]?|retour|speak|reply|answer|talk|write|switch|continue|"
    r"back|change)\b(?:[-\s]+(?:moi|nous|toi|vous|me|us|to|in|en|au|a|the|la|conversation|chat|version))*"
    r"\s+(?P<a>{words})\b"
    r"|^\W*(?:(?:en|in)\s+)?(?P<b>{words})(?:\s+(?:please|pls|plz|svp|stp|s'il (?:te|vous) plait))?\W*$"
    r"|(?:\b(?:en|in)\s+)?\b(?P<c>{words})\s+(?:please|pls|plz|svp|stp|s'il (?:te|vous) plait)"
)
_PATTERNS = {
    kind: {lang: re.compile(pattern.format(words=words)) for lang, words in _LANGUAGE_WORDS.items()}
    for kind, pattern in (("mention", _MENTION), ("request", _REQUEST))
}


@cache
def lexicon(lang: str) -> frozenset[str]:
    lines = (LEXICON_DIR / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def not_places() -> frozenset[str]:
    """Place names that are also common words ("gare", "port", "rue"): never a place unless written
    exactly, capitalised, inside a sentence (``lexicon/not_places.txt``)."""
    lines = (LEXICON_DIR / "not_places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def function_words() -> frozenset[str]:
    """Every word of both lexicons, accents folded: words that are never a place or a site name."""
    return frozenset(fold(word) for lang in LANGUAGES for word in lexicon(lang))


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word not in ("I", "I'm", "I’m", "I'd", "I'll", "I've")


def _common_words(text: str) -> list[str]:
    """The words of ``text`` (lower case) that are not part of a proper name."""
    words = WORD.findall(text.replace("’", "'"))
    name = [False] * len(words)
    for index, word in enumerate(words):
        if not _is_capitalised(word):
            continue
        # A capitalised word inside a sentence is a name; so is the first word when a name follows.
        run_end = index + 1
        while run_end < len(words) and (
            _is_capitalised(words[run_end]) or words[run_end].lower() in NAME_CONNECTORS
        ):
            run_end += 1
        while run_end > index + 1 and not _is_capitalised(words[run_end - 1]):
            run_end -= 1
        starts_sentence = index == 0 or words[index - 1] in ".!?"
        if not starts_sentence or run_end - index >= 2:
            for position in range(index, run_end):
                name[position] = True
    return [word.lower() for word, is_name in zip(words, name, strict=True) if not is_name]


def scores(text: str) -> dict[str, float]:
    """Evidence points for each language."""
    words = _common_words(text)
    points = {lang: 0.0 for lang in LANGUAGES}
    for word in words:
        # "d'arras": the elided article counts, the name after it does not.
        pieces = [word[: word.index("'") + 1]] if re.match(r"^(?:[dljcmnst]|qu|jusqu)'\w", word) else [word]
        for piece in pieces:
            for lang in LANGUAGES:
                if piece in lexicon(lang) or fold(piece) in _folded_lexicon(lang):
                    points[lang] += 1
        if ACCENTED.search(word):
            points["fr"] += ACCENT_POINTS
    joined = " ".join(words)
    points["en"] += len(ENGLISH_ENDINGS.findall(joined)) + len(ENGLISH_PHRASES.findall(joined))
    return points


# A word of either language: four letters or more, a vowel, no run of four consonants ("weather",
# "hotel"); not "asdkjh", "zzzz" or "hmm".
_PLAUSIBLE_WORD = re.compile(r"^(?=.*[aeiouy])(?!.*[b-df-hj-np-tv-xz]{4})[a-z]{4,}$")


_NO_ACCENT_POINTS = str.maketrans("àâçéèêëîïôûùüÿœ", "aaceeeeiiouuuyo")


def looks_like_words(text: str) -> bool:
    """Whether ``text`` holds some word of French or English, rather than keyboard noise (an accented
    letter alone, as in "qsdfghjklmmù", is no word)."""
    if any(scores(text.translate(_NO_ACCENT_POINTS)).values()):
        return True
    return any(_PLAUSIBLE_WORD.match(word) for word in re.findall(r"[a-z]+", fold(text).lower()))


@cache
def _folded_lexicon(lang: str) -> frozenset[str]:
    """Words typed without accents ("deja", "journee") still count, unless the other language has them."""
    other = next(other for other in LANGUAGES if other != lang)
    return frozenset(fold(word) for word in lexicon(lang)) - {fold(word) for word in lexicon(other)}


def detect_language(text: str, previous: str | None = None) -> str:
    """``"fr"`` or ``"en"`` for ``text``; without clear evidence, ``previous`` (default French).

    An explicit request ("in English please") decides; otherwise the lexicon scores do.
    """
    one_word = len(re.findall(r"\w+", text or "")) <= 1
    margin = SWITCH_MARGIN if previous in LANGUAGES and one_word else MIN_MARGIN
    previous = previous if previous in LANGUAGES else DEFAULT_LANGUAGE
    requested = requested_language(text or "")
    if requested:
        return requested
    points = scores(text or "")
    leader = max(LANGUAGES, key=lambda lang: points[lang])
    other = next(lang for lang in LANGUAGES if lang != leader)
    if leader == previous:
        return previous
    return leader if points[leader] - points[other] >= margin else previous


def _find(kind: str, text: str) -> Mention | None:
    """The last language named (in "not French, English please", English)."""
    folded = fold(text or "")
    found = []
    for lang, pattern in _PATTERNS[kind].items():
        for match in pattern.finditer(folded):
            group = next(name for name, value in match.groupdict().items() if value)
            start, end = match.span(group)
            found.append(Mention(start, end, text[start:end], lang))
    return max(found, key=lambda mention: mention.start, default=None)


def find_language_mention(text: str) -> Mention | None:
    """Where ``text`` names a language ("is the tour in English?", "parle français"): the language word."""
    return _find("request", text) or _find("mention", text)


def requested_language(text: str) -> str | None:
    """The language the user asks to switch to ("in English please", "parle français"), if any."""
    found = _find("request", text)
    return found.value if found else None
