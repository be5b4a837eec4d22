"""A visitor's own family history: "my great-grandfather fell at Fromelles", "mon grand-père a été
déporté depuis Compiègne". The reply names the places where he is remembered or that tell his story,
and where to look up his grave or his name (``knowledge/war_dead_records.yaml``).
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from bot.config import settings
from bot.conversation.replies import Reply
from bot.conversation.turn import Turn
from bot.expressions import fold
from bot.geocoding import Geocoder
from bot.knowledge import KnowledgeBase, Site, in_language
from bot.knowledge.search import normalise
from bot.texts import t

RECORDS_FILE = "war_dead_records.yaml"
MAX_SITES = 5
NEAR_KM = 12  # a place named: the memorials and cemeteries around it
GENERAL_THEMES = {"ww1", "ww2", "cemeteries", "commonwealth", "occupation"}  # too broad to pick sites by
_RELATIVE = re.compile(
    r"\b(?:(?:arriere[- ]){0,2}grand[- ](?:pere|mere|oncle|tante|papa)|grand-?pere|grand-?oncle|aieul\w*|"
    r"ancetres?|bisa[iy]eul\w*|mon oncle|ma tante|mon pere|"
    r"(?:great[- ]){0,3}(?:grand(?:father|dad|pa|mother|ma|uncle)|uncle|aunt)|granddad|grandad|grandpa|"
    r"ancestors?|forefathers?|relatives?|my (?:grand)?father|my dad's|family member)\b"
)
_FATE = re.compile(
    r"\b(?:tue|tues|mort|morts|tombe|disparu|enterre|inhume|combattu|blesse|deporte|interne|arrete|fusille|"
    r"soldat|regiment|division|bataillon|poilu|killed|died|fell|fallen|missing|buried|served|fought|wounded|"
    r"deported|interned|arrested|shot|soldier|regiment|division|battalion|brigade|no known grave)\b"
)


def remembers_someone(text: str) -> bool:
    folded = fold(text).lower()
    return bool(_RELATIVE.search(folded) and _FATE.search(folded))


@cache
def war_dead_records(knowledge_dir: str | None = None) -> list[dict]:
    path = settings().knowledge_dir if knowledge_dir is None else knowledge_dir
    return yaml.safe_load((path / RECORDS_FILE).read_text(encoding="utf-8"))["records"]


def records_for(text: str, lang: str, sites: list[Site]) -> list[dict]:
    """The databases a message points to (a nationality, a deportation...), else the language's."""
    padded = f" {normalise(text)} "
    found = [
        record
        for record in war_dead_records()
        if any(f" {normalise(cue)} " in padded for cue in record["cues"])
    ]
    if found:
        return found
    commonwealth = any("commonwealth" in site.themes for site in sites)  # Fromelles, Thiepval...
    return [
        record
        for record in war_dead_records()
        if record.get("default_for") == lang or (commonwealth and record["id"] == "cwgc")
    ]


def places_of_memory(turn: Turn, kb: KnowledgeBase, geocoder: Geocoder) -> list[Site]:
    """The sites the message names, then those around the places it names, then the memorials and
    cemeteries of the battles or histories it names."""
    known = {site.id: site for site in kb.sites()}
    chosen = [known[str(site)] for site in turn.entities.get("site", []) if str(site) in known]
    for town in turn.entities.get("town", []):
        for place in geocoder.geocode(str(town), limit=1):
            chosen += [site for site, _ in kb.near(place.lat, place.lon, limit=MAX_SITES, radius_km=NEAR_KM)]
    themes = [str(theme) for theme in turn.entities.get("theme", []) if theme not in GENERAL_THEMES]
    if themes:
        of_themes = kb.sites(themes=themes)
        chosen += [site for site in of_themes if "cemeteries" in site.themes] + of_themes
    unique = {site.id: site for site in reversed(chosen)}  # the first mention of each, in order
    return sorted(unique.values(), key=chosen.index)[:MAX_SITES]


def personal_reply(turn: Turn, kb: KnowledgeBase, geocoder: Geocoder) -> Reply | None:
    """Where the relative a visitor speaks of is remembered and can be looked up; None if the message
    speaks of no such relative."""
    if not remembers_someone(turn.text):
        return None
    lang = turn.lang
    sites = places_of_memory(turn, kb, geocoder)
    lines = [t(lang, "dialogue.personal.intro")]
    if sites:
        lines.append(t(lang, "dialogue.personal.places"))
        lines += [
            t(lang, "dialogue.lists.site_line", name=site.name_in(lang), town=site.town) for site in sites
        ]
    lines.append(t(lang, "dialogue.personal.records"))
    for record in records_for(turn.text, lang, sites):
        name, covers = in_language(record["name"], lang), in_language(record["covers"], lang)
        lines.append(t(lang, "dialogue.personal.record", name=name, covers=covers, url=record["url"]))
    return Reply("\n".join(lines))
