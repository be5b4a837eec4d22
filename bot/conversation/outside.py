"""Remembrance places outside Hauts-de-France ("the Menin Gate", "Normandy", "Verdun"): said to be
outside what the assistant covers, with the region's nearest sites on the same history.

The places are data (``knowledge/outside_places.yaml``, read once).
"""

from __future__ import annotations

from functools import cache

import yaml

from bot.config import settings
from bot.conversation.replies import Reply
from bot.knowledge import KnowledgeBase, in_language
from bot.knowledge.search import normalise
from bot.texts import t

OUTSIDE_PLACES_FILE = "outside_places.yaml"


@cache
def outside_places(knowledge_dir: str | None = None) -> list[dict]:
    path = settings().knowledge_dir if knowledge_dir is None else knowledge_dir
    data = yaml.safe_load((path / OUTSIDE_PLACES_FILE).read_text(encoding="utf-8"))
    return data["places"]


def places_named(text: str) -> list[tuple[dict, str]]:
    """The outside places ``text`` names, each with the name used (whole words, any accents or case)."""
    padded = f" {normalise(text)} "
    found = []
    for place in outside_places():
        said = [name for name in place["names"] if f" {normalise(name)} " in padded]
        if said:  # named as the visitor named it first ("Verdun and the Douaumont ossuary": Verdun)
            found.append((place, min(said, key=lambda name: padded.index(f" {normalise(name)} "))))
    return found


MAX_ALTERNATIVES = 5


def outside_notes(
    text: str,
    kb: KnowledgeBase,
    lang: str,
    start: str | None = None,
    themes: list[str] | None = None,
    not_wanted: list[str] | None = None,
) -> list[Reply]:
    """One note per outside place named (not the ``start``: one may start from Reims; nor a place
    given up: "tant pis pour la Normandie"): where it is, and the region's sites on the ``themes`` the
    visitor asks about ("American soldiers", on the way from Bastogne), else on the place's history."""
    notes = []
    given_up = " ".join(normalise(phrase) for phrase in not_wanted or [])
    on_themes = [site.id for site in kb.sites(themes=themes)] if themes else []
    for place, name in places_named(text):
        if start and normalise(start) in {normalise(each) for each in place["names"]}:
            continue
        if normalise(name) in given_up:
            continue
        chosen = [site_id for site_id in place["nearest"] if site_id in on_themes] + on_themes
        chosen = list(dict.fromkeys(chosen or place["nearest"]))[:MAX_ALTERNATIVES]
        sites = ", ".join(kb.site(site_id).name_in(lang) for site_id in chosen)
        where = in_language(place["where"], lang)
        notes.append(Reply(t(lang, "dialogue.outside.note", place=name, where=where, sites=sites)))
    return notes
