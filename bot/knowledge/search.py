"""Accent-, case- and typo-tolerant name matching, shared by sites, themes and places."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by one space: "Péronne (Somme)" -> "peronne somme"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return _NOT_WORD.sub(" ", plain).strip()


def similarity(query: str, name: str) -> float:
    """0..100 similarity of two normalised strings.

    Whole-string similarity, or word-set similarity (word order and extra words such as "musée"
    matter less); a short query typed as the beginning of a long name ("vimy") scores high too.
    """
    if not query or not name:
        return 0.0
    if query == name:
        return 100.0
    score = max(fuzz.ratio(query, name), fuzz.token_set_ratio(query, name) * 0.95)
    # Both at least 5 characters: a shorter name would match inside any word ("art" in "à partir").
    if min(len(query), len(name)) >= 5:
        score = max(score, fuzz.partial_ratio(query, name) * 0.9)
    return score


def best_match(query: str, names: Iterable[str]) -> tuple[float, str]:
    """(score, name) of the name closest to ``query`` (both already normalised)."""
    return max(((similarity(query, name), name) for name in names), default=(0.0, ""))
