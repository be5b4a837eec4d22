"""``KnowledgeBase``: the read API over the built database, and ``open_kb`` which keeps it fresh."""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.config import settings
from bot.geo import haversine_km
from bot.knowledge import events as event_rules
from bot.knowledge import hours as opening_rules
from bot.knowledge import prices as price_rules
from bot.knowledge.build import (
    EVENT_JSON_COLUMNS,
    PLACE_JSON_COLUMNS,
    SITE_JSON_COLUMNS,
    THEME_JSON_COLUMNS,
    KnowledgeError,
    build,
)
from bot.knowledge.files import newest_change
from bot.knowledge.gazetteer import Gazetteer
from bot.knowledge.model import (
    DayOpening,
    Event,
    EventOccurrence,
    Match,
    NextOpening,
    Party,
    Place,
    PriceQuote,
    Site,
    Theme,
)
from bot.knowledge.overlay import EVENTS_BLOCK, Edit, EditLog, own_event
from bot.knowledge.search import best_match, normalise, similarity

log = logging.getLogger(__name__)
MIN_SITE_SCORE = 70.0
MIN_THEME_SCORE = 88.0


def _rows(connection: sqlite3.Connection, table: str, json_columns: Iterable[str]) -> list[dict[str, Any]]:
    exists = connection.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", (table,)
    ).fetchone()
    if not exists:
        return []
    cursor = connection.execute(f"select * from [{table}] order by rowid")  # table names are ours, not input
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor]
    for row in rows:
        for column in json_columns:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
    return rows


def _site(row: dict[str, Any]) -> Site:
    fields = {name: row.get(name) for name in Site.__dataclass_fields__}
    fields["member"] = bool(row["member"])
    fields["visit_minutes_estimated"] = bool(row["visit_minutes_estimated"])
    fields["open_air"] = bool(row.get("open_air"))
    return Site(**fields)


def _event(row: dict[str, Any]) -> Event:
    """An event from its database row or its YAML (optional fields may be absent)."""
    return Event(
        row["id"],
        row["name"],
        row["rule"],
        row["scope"],
        row.get("sites") or [],
        row.get("themes") or [],
        row.get("description") or {},
        row.get("source"),
    )


class KnowledgeBase:
    """Sites, themes, events and places of one built database, held in memory (they are small)."""

    def __init__(self, database: Path | str):
        self.database = Path(database)
        connection = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            self._sites = {row["id"]: _site(row) for row in _rows(connection, "sites", SITE_JSON_COLUMNS)}
            self._themes = [
                Theme(row["id"], row["label"], row["synonyms"], row["parent"])
                for row in _rows(connection, "themes", THEME_JSON_COLUMNS)
            ]
            # "both world wars": phrases naming several themes at once (normalised phrase -> theme ids)
            self._theme_combinations = {
                normalise(word): row["themes"]
                for row in _rows(connection, "theme_combinations", ("themes", "synonyms"))
                for words in row["synonyms"].values()
                for word in words
            }
            self._events = [_event(row) for row in _rows(connection, "events", EVENT_JSON_COLUMNS)]
            self._place_rows = _rows(connection, "places", PLACE_JSON_COLUMNS)
        finally:
            connection.close()
        self._site_names = {
            site.id: {
                normalise(text) for text in [*site.name.values(), *site.aliases, site.id.replace("-", " ")]
            }
            - {""}
            for site in self._sites.values()
        }
        self._theme_words = {
            normalise(word): theme.id
            for theme in self._themes
            for word in [
                theme.id,
                *theme.label.values(),
                *(w for words in theme.synonyms.values() for w in words),
            ]
        }

    # Sites -----------------------------------------------------------------------------------------
    def sites(self, themes: Iterable[str] | None = None, members_only: bool = False) -> list[Site]:
        """Sites (members first, then by name), optionally only those with one of ``themes``
        (a theme includes its sub-themes: ww1 gives battle-of-the-somme sites)."""
        wanted = self._with_children(themes) if themes else None
        chosen = [
            site
            for site in self._sites.values()
            if (not members_only or site.member) and (wanted is None or wanted & set(site.themes))
        ]
        return sorted(chosen, key=lambda site: (not site.member, normalise(site.name_in("fr"))))

    def site(self, site_id: str) -> Site:
        return self._sites[site_id]

    def with_edits(self, edits: Iterable[Edit]) -> KnowledgeBase:
        """A copy with the staff console's ``edits`` put over it, in order: a site's block replaced,
        or its own events (``overlay.own_event``) replaced by the edit's. Edits of a site no longer in
        the files are left out."""
        changed = copy.copy(self)
        sites, events = dict(self._sites), list(self._events)
        for edit in edits:
            if edit.site_id not in sites:
                continue
            if edit.block == EVENTS_BLOCK:
                kept = [event for event in events if not own_event(dataclasses.asdict(event), edit.site_id)]
                events = kept + [_event(row) for row in edit.value or []]
            else:
                sites[edit.site_id] = dataclasses.replace(sites[edit.site_id], **{edit.block: edit.value})
        changed._sites, changed._events = sites, events
        return changed

    def find_sites(self, text: str, limit: int = 5) -> list[Match]:
        """Sites whose name or alias is close to ``text``, best first (score 0..100)."""
        query = normalise(text)
        if not query:
            return []
        matches = []
        for site_id, names in self._site_names.items():
            score, matched = best_match(query, names)
            town = normalise(self._sites[site_id].town or "")
            score = max(score, similarity(query, town) * 0.8)  # the town alone points at its site, weakly
            if score >= MIN_SITE_SCORE:
                matches.append(Match(self._sites[site_id], round(score, 1), matched))
        matches.sort(key=lambda match: (-match.score, not match.site.member, match.site.id))
        return matches[:limit]

    def near(
        self, lat: float, lon: float, limit: int | None = 10, radius_km: float | None = None
    ) -> list[tuple[Site, float]]:
        """Sites by distance from the point (km, great circle); ``limit=None``: all of them."""
        located = [
            (site, round(haversine_km(lat, lon, site.lat, site.lon), 2))
            for site in self._sites.values()
            if site.lat is not None and site.lon is not None
        ]
        located = [item for item in located if radius_km is None or item[1] <= radius_km]
        return sorted(located, key=lambda item: item[1])[:limit]

    # Hours, prices, events --------------------------------------------------------------------------
    def opening(self, site_id: str, day: date) -> DayOpening:
        return opening_rules.opening(self.site(site_id).hours, day)

    def next_opening(self, site_id: str, after: date | datetime) -> NextOpening | None:
        """The first opening window after ``after`` (a moment: later that day; a date: from the next
        day), and from when the days before it are unknown; None when none within a year or so."""
        return opening_rules.next_opening(self.site(site_id).hours, after)

    def is_open_at(self, site_id: str, when: datetime) -> bool | None:
        return opening_rules.is_open_at(self.site(site_id).hours, when)

    def price(self, site_id: str, party: Party | None = None) -> PriceQuote:
        return price_rules.quote(self.site(site_id).prices, party or Party())

    def events(self, start: date, end: date, site_ids: Iterable[str] | None = None) -> list[EventOccurrence]:
        return event_rules.occurrences(self._events, start, end, site_ids)

    # Themes -------------------------------------------------------------------------------------------
    def themes(self) -> list[Theme]:
        return list(self._themes)

    def theme(self, theme_id: str) -> Theme:
        return next(theme for theme in self._themes if theme.id == theme_id)

    def resolve_theme(self, text: str, typos: bool = True) -> str | None:
        """The theme id named by ``text`` (id, label or synonym, any accents or case), else None.

        Exact names first; then a name contained in the text as whole words ("musées de la Grande
        Guerre" -> ww1; the longest name wins); then a close typo ("premiere guere mondiale").
        """
        query = normalise(text)
        if not query:
            return None
        if query in self._theme_words:
            return self._theme_words[query]
        padded = f" {query} "
        contained = [word for word in self._theme_words if f" {word} " in padded]
        if contained:
            return self._theme_words[max(contained, key=len)]
        if not typos:
            return None
        score, word = best_match(query, self._theme_words)
        return self._theme_words[word] if score >= MIN_THEME_SCORE else None

    def resolve_theme_combination(self, text: str) -> list[str] | None:
        """The themes a phrase of ``text`` names together ("les deux guerres" -> ww1, ww2), else None;
        the longest phrase wins, as whole words."""
        padded = f" {normalise(text)} "
        contained = [phrase for phrase in self._theme_combinations if f" {phrase} " in padded]
        return list(self._theme_combinations[max(contained, key=len)]) if contained else None

    def _with_children(self, theme_ids: Iterable[str]) -> set[str]:
        wanted = set(theme_ids)
        while True:
            children = {theme.id for theme in self._themes if theme.parent in wanted} - wanted
            if not children:
                return wanted
            wanted |= children

    # Places --------------------------------------------------------------------------------------------
    @cached_property
    def _gazetteer(self) -> Gazetteer:
        return Gazetteer(self._place_rows)

    def find_places(self, text: str, limit: int = 5) -> list[Place]:
        """Towns, stations and ports named like ``text``: exact names first, then by population."""
        return self._gazetteer.find(text, limit)

    def main_towns(self, min_population: int, admin: str | None = None) -> list[Place]:
        """The gazetteer's towns of at least ``min_population`` inhabitants, largest first."""
        return self._gazetteer.largest(min_population, admin)


# database -> (what it was loaded from: its build time, the edits file and its change time; the base)
_opened: dict[Path, tuple[tuple, KnowledgeBase]] = {}
_failed: dict[Path, float] = {}  # knowledge change time whose rebuild failed: not retried until files change


def open_kb(database: Path | str | None = None, knowledge_dir: Path | str | None = None) -> KnowledgeBase:
    """The knowledge base, rebuilt first when the database is missing or older than any file in
    ``knowledge/``, with the staff console's edits in force (``bot.knowledge.overlay``). Cheap to
    call for every request: it only compares modification times, and reloads when the database or
    the edits changed (an edit is live at the next call, without a rebuild).

    When rebuilding fails because new files are invalid, the previous database keeps being served
    (and the problem is logged); without a previous database, KnowledgeError is raised.
    """
    config = settings()
    database = Path(database or config.database)
    knowledge_dir = Path(knowledge_dir or config.knowledge_dir)
    changed = newest_change(knowledge_dir)
    stale = not database.exists() or database.stat().st_mtime < changed
    if stale and _failed.get(database) != changed:
        try:
            build(knowledge_dir, database)
        except KnowledgeError as error:
            if not database.exists():
                raise
            _failed[database] = changed
            log.error("knowledge files not rebuilt, serving the previous database: %s", error)
    edits = EditLog(config.edits_database)
    loaded_from = (database.stat().st_mtime, edits.path, edits.changed_at())
    cached = _opened.get(database)
    if cached is None or cached[0] != loaded_from:
        _opened[database] = (loaded_from, KnowledgeBase(database).with_edits(edits.in_force()))
    return _opened[database][1]
