"""Sites, towns and themes named in a message, from the knowledge base (no Rasa here).

Every run of up to ``MAX_WORDS`` tokens (spaCy's blank French tokenizer, which splits "d'Arras" into
"d'" + "Arras" and keeps "Saint-Omer" whole) is looked up, accent- and case-insensitively, among:

- site names and aliases -> entity ``site``, value the site id;
- theme labels and synonyms -> ``theme``, value the theme id;
- towns of the gazetteer -> ``town``, value the place name.

A run that is not a known phrase may still be a typo of one (rapidfuzz), if it is long enough and
neither starts nor ends with a common word. Town names that are also common words ("Rue", "Deal",
"Gare", see ``lexicon/not_places.txt``) or shorter than five letters count only when written exactly,
capitalised, inside a sentence. Overlaps are settled by the longest span, then site > theme > town.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

from bot.geocoding.gazetteer import REGION
from bot.knowledge import KnowledgeBase
from bot.knowledge.search import normalise
from bot.language import function_words, not_places
from bot.nlu.entities import Found, without_overlaps

MAX_WORDS = 8
FUZZY_MAX_WORDS = 5
MIN_FUZZY_LENGTH = 5
MIN_EDGE_WORD = 3  # a typo match neither starts nor ends with a word shorter than this ("à", "l'")
MIN_FUZZY_TOWN_LENGTH = 6
SITE_THEME_CUTOFF = 90.0
TOWN_CUTOFF = 90.0
MIN_FREE_TOWN_LENGTH = 5  # shorter town names must be written exactly, capitalised
MIN_ALTERNATE_POPULATION = 15_000  # other-language names ("Dunkirk", "Rijsel") of big towns only
GAZETTEER_ENTITIES = ["site", "theme", "town"]
STOP_WORDS = ENGLISH_STOP_WORDS | FRENCH_STOP_WORDS
PRIORITY = {entity: rank for rank, entity in enumerate(GAZETTEER_ENTITIES)}


@dataclass(frozen=True)
class Entry:
    entity: str  # site | theme | town
    value: str
    phrase: str  # normalised name as indexed
    strict: bool = False  # only an exact, capitalised match counts


@cache
def _tokenizer() -> spacy.language.Language:
    return spacy.blank("fr")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text``. A lone surrogate ("\\ud800", which no channel should
    let through, and which spaCy cannot hash) is read as U+FFFD, one character for one: offsets hold."""
    spans = []
    for token in _tokenizer()(_LONE_SURROGATE.sub("\ufffd", text)):
        # "Royallieu's" gives "Royallieu'" + "s": the apostrophe is not part of the name.
        word = token.text.rstrip("'’") or token.text
        if not token.is_space:
            spans.append((token.idx, token.idx + len(word)))
    return spans


def _place_names(database: Path) -> list[tuple[str, list[str], int | None, str, str]]:
    """(name, other names, population, kind, admin) of every town of the built ``places`` table
    (documented in ``bot.knowledge.gazetteer.place_rows``); stations and ports are not towns."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "select name, names, population, kind, admin from places where kind in ('commune', 'city')"
        ).fetchall()
    finally:
        connection.close()
    return [
        (name, json.loads(names or "[]"), population, kind, admin)
        for name, names, population, kind, admin in rows
    ]


def _spellings(name: str, others: list[str], population: int | None) -> list[str]:
    """How a town may be written: its name, then other-language names of big towns (capitalised
    ones are exonyms such as "Dunkirk"; lower-case ones are transliterations), then short forms."""
    spellings = [name]
    if (population or 0) >= MIN_ALTERNATE_POPULATION:
        spellings += [
            other for other in others if other[:1].isupper() and other.isascii() and len(other) >= 5
        ]
    short = re.split(r"-(?:sur|en|les|lès|le|la|Paris)-", name)[0]
    if short != name:
        spellings.append(short)  # "Boulogne" for Boulogne-sur-Mer, "Le Touquet" for Le Touquet-Paris-Plage
    spellings += [
        re.sub(r"^L[ae]s? ", "", spelling) for spelling in spellings if re.match(r"L[ae]s? ", spelling)
    ]
    spellings += [
        re.sub(r"^Saint(e?)\b", r"St\1", spelling) for spelling in spellings if spelling.startswith("Saint")
    ]
    return spellings


def _town_entries(database: Path) -> list[Entry]:
    """Exact names of all towns first, the region's then the biggest first, then their other
    spellings: "Saint-Omer" is Saint-Omer, not the short form of Saint-Omer-en-Chaussée, and
    "Boulogne" is Boulogne-sur-Mer, not the bigger Boulogne-Billancourt."""
    common = function_words() | not_places()
    towns = sorted(_place_names(database), key=lambda town: (town[4] != REGION, -(town[2] or 0)))
    entries = []
    for rank in (0, 1):
        for name, others, population, _kind, _admin in towns:
            spellings = _spellings(name, others, population)
            for spelling in spellings[:1] if rank == 0 else spellings[1:]:
                phrase = normalise(spelling)
                strict = len(phrase) < MIN_FREE_TOWN_LENGTH or phrase in common
                entries.append(Entry("town", name, phrase, strict))
    return entries


def _knowledge_entries(kb: KnowledgeBase) -> list[Entry]:
    common = function_words()
    entries = []
    for site in kb.sites():
        for name in {*site.name.values(), *site.aliases}:
            entries.append(Entry("site", site.id, normalise(name)))
    for theme in kb.themes():
        words = {theme.id.replace("-", " "), *theme.label.values()}
        words |= {word for synonyms in theme.synonyms.values() for word in synonyms}
        for word in words:
            phrase = normalise(word)
            entries.append(Entry("theme", theme.id, phrase, strict=phrase in common))
    return entries


class EntityGazetteer:
    """Finds ``site``, ``theme`` and ``town`` entities in a text."""

    def __init__(self, entries: list[Entry]):
        self._exact: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.phrase:
                self._exact.setdefault(entry.phrase, []).append(entry)
        # Typo candidates by length: a ratio of SITE_THEME_CUTOFF needs lengths within about 25%.
        self._fuzzy: dict[int, tuple[list[str], list[Entry]]] = {}
        for entry in entries:
            if not entry.strict and len(entry.phrase) >= MIN_FUZZY_LENGTH:
                phrases, owners = self._fuzzy.setdefault(len(entry.phrase), ([], []))
                phrases.append(entry.phrase)
                owners.append(entry)
        # Small words may begin or end a typo match only where the name has them too: "premiere guere
        # mondiale" is "première guerre mondiale", "de la coupol" is not "la coupole".
        self._small_words = {normalise(word) for word in function_words() | STOP_WORDS}
        self._edge_words = {edge for entry in entries for edge in _edges(entry.phrase)}

    @classmethod
    def from_knowledge(cls, kb: KnowledgeBase) -> EntityGazetteer:
        # Sites and themes first: an exact phrase keeps its best meaning ("Vimy" is a theme before a town).
        return cls(_knowledge_entries(kb) + _town_entries(kb.database))

    def find(self, text: str) -> list[Found]:
        spans = token_spans(text)
        words = [normalise(text[start:end]) for start, end in spans]
        candidates: list[Found] = []
        for first in range(len(spans)):
            if not words[first]:
                continue
            for last in range(first, min(first + MAX_WORDS, len(spans))):
                if not words[last]:
                    continue
                start, end = spans[first][0], spans[last][1]
                phrase = " ".join(word for word in words[first : last + 1] if word)
                candidates.extend(self._lookup(text, start, end, phrase, last - first + 1))
        # Longest first, then exact before typo, then site > theme > town.
        return without_overlaps(
            candidates, rank=lambda f: (-(f.end - f.start), f.confidence < 1, PRIORITY[f.entity], f.start)
        )

    def _is_small(self, word: str) -> bool:
        return len(word) < MIN_EDGE_WORD or word in self._small_words

    def _lookup(self, text: str, start: int, end: int, phrase: str, size: int) -> list[Found]:
        written = text[start:end]
        exact = [
            entry
            for entry in self._exact.get(phrase, [])
            if not entry.strict or _said_as_name(text, start, written, entry)
        ]
        if exact:
            return [_found(entry, start, end, written, 1.0) for entry in _one_per_entity(exact)]
        small_edges = [edge for edge in _edges(phrase) if self._is_small(edge)]
        if (
            size > FUZZY_MAX_WORDS
            or len(phrase) < MIN_FUZZY_LENGTH
            or any(edge not in self._edge_words for edge in small_edges)
            or phrase.replace(" ", "").isdigit()
        ):
            return []
        best: tuple[float, Entry] | None = None
        for length in range(int(len(phrase) * 0.75), int(len(phrase) / 0.75) + 1):
            phrases, owners = self._fuzzy.get(length, ((), ()))
            match = process.extractOne(phrase, phrases, scorer=fuzz.ratio, score_cutoff=SITE_THEME_CUTOFF)
            if match and (best is None or match[1] > best[0]):
                best = (match[1], owners[match[2]])
        if best is None or (best[1].entity == "town" and not _typo_town(written, best[0])):
            return []
        query_edges, name_edges = _edges(phrase), _edges(best[1].phrase)
        if any(
            self._is_small(edge) and edge != name_edge
            for edge, name_edge in zip(query_edges, name_edges, strict=True)
        ):
            return []
        return [_found(best[1], start, end, written, round(best[0] / 100, 3))]


def _edges(phrase: str) -> tuple[str, str]:
    words = phrase.split()
    return words[0], words[-1]


def _typo_town(written: str, score: float) -> bool:
    """A misspelt town counts when written as a name: "Valencienne" yes, "personne" (Péronne) no."""
    return score >= TOWN_CUTOFF and written[:1].isupper() and len(normalise(written)) >= MIN_FUZZY_TOWN_LENGTH


def _said_as_name(text: str, start: int, written: str, entry: Entry) -> bool:
    """A short or common-word name counts written as a name: capitalised, not opening the message,
    or as the whole message ("Ham")."""
    if normalise(written) != entry.phrase or not written[:1].isupper():
        return False
    whole_message = normalise(text) == entry.phrase
    return whole_message or bool(text[:start].strip())


def _one_per_entity(entries: list[Entry]) -> list[Entry]:
    """One meaning per entity type (the first indexed): a phrase may be a site *and* a town."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        seen.setdefault(entry.entity, entry)
    return list(seen.values())


def _found(entry: Entry, start: int, end: int, written: str, confidence: float) -> Found:
    return Found(entry.entity, entry.value, start, end, written, confidence)
