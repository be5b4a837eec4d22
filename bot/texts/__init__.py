"""User-facing texts, one folder per language: ``bot/texts/<lang>/*.yaml``.

Files in a folder are merged; keys are dotted paths (``circuit.day_header``). Values are
``str.format`` templates. Every key exists in every language (tests/test_texts.py checks it).
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_HERE = Path(__file__).parent


def _flatten(tree: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


@cache
def catalogue(lang: str) -> dict[str, object]:
    """All texts of one language, as a flat ``{dotted.key: template}`` mapping."""
    merged: dict[str, object] = {}
    for path in sorted((_HERE / lang).glob("*.yaml")):
        merged.update(_flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {}))
    return merged


def normalise_language(lang: str | None) -> str:
    lang = (lang or "").lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class _Formatter(string.Formatter):
    """``str.format`` plus the French preposition: ``{place:de}`` gives "de Lille", "d'Arras",
    "du Touquet", "des Attaques" (templates use it before place names, which take no article)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec != "de":
            return super().format_field(value, format_spec)
        text = str(value)
        for article, contracted in (("Le ", "du "), ("Les ", "des ")):
            if text.startswith(article):
                return contracted + text[len(article) :]
        return f"d'{text}" if text[:1].lower() in _VOWELS else f"de {text}"


_VOWELS = set("aeiouyàâäéèêëîïôöûùü")
_FORMATTER = _Formatter()


def t(lang: str | None, key: str, **values: object) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in."""
    template = catalogue(normalise_language(lang))[key]
    return _FORMATTER.format(str(template), **values) if values else str(template)


def tn(lang: str | None, key: str, count: int, **values: object) -> str:
    """The text ``key`` in its singular (``key.one``) or plural (``key.other``) form for ``count``:
    "1 adulte", "2 adultes" (French takes the singular for 0 and 1, English for 1 only)."""
    lang = normalise_language(lang)
    singular = count <= 1 if lang == "fr" else count == 1
    return t(lang, f"{key}.{'one' if singular else 'other'}", count=count, **values)


def choices(lang: str | None, key: str) -> list[str]:
    """A list-valued entry (e.g. weekday names)."""
    return list(catalogue(normalise_language(lang))[key])
