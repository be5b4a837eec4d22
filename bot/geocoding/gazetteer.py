"""Offline geocoding: "lat,lon" text, the knowledge base's gazetteer (towns, stations, ports).

The gazetteer has no postcodes (GeoNames cities carry none): "62000" finds nothing here and the
chain asks the BAN address API when it is configured.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from bot.geo import valid_point
from bot.geocoding.base import Geocoder, Location
from bot.knowledge import KnowledgeBase, open_kb

COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
# Whole-name similarity (0..100) below which a place is not what the visitor typed ("Zzzzville" is
# not "Ville" (71), "Lile" is "Lille" (89), "Arass" is "Arras" (80)).
MIN_SIMILARITY = 80.0
# A station named by its town, in plain text (``_plain``): "gare de douai", "gare d arras", "lens station".
_STATION_OF = re.compile(
    r"^(?:gare|station)(?: sncf)?(?: de la| de| des| du| d)? (?P<after>.+)$|^(?P<before>.+?) (?:railway |train )?station$"
)
REGION = "Hauts-de-France"  # the gazetteer's admin name of the region, preferred on equal matches
# The gazetteer's kinds in the vocabulary of ``Location.kind``.
KIND = {"commune": "town", "city": "town", "station": "station", "port": "port"}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


class GazetteerGeocoder(Geocoder):
    name = "gazetteer"

    def __init__(self, kb: KnowledgeBase | None = None):
        self._kb = kb

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb or open_kb()

    def geocode(self, text: str, limit: int = 5) -> list[Location]:
        point = COORDINATES.match(text or "")
        if point:
            lat, lon = float(point.group(1)), float(point.group(2))
            if valid_point(lat, lon):
                return [Location(f"{lat:.5f}, {lon:.5f}", lat, lon, "point", "gps")]
            return []
        wanted = _plain(text)
        found = []
        for place in self.kb.find_places(text, limit):
            # The gazetteer scores 100 for a name or alias ("Dunkirk"); others must look alike overall.
            similarity = 100.0 if place.score >= 100 else fuzz.ratio(wanted, _plain(place.name))
            if similarity >= MIN_SIMILARITY:
                location = Location(
                    place.name,
                    place.lat,
                    place.lon,
                    KIND.get(place.kind, "town"),
                    self.name,
                    similarity,
                    place.approximate,
                    place.admin,
                )
                found.append((-similarity, place.admin != REGION, -(place.population or 0), location))
        if not found and (station := _STATION_OF.match(wanted)):
            # "gare de Douai", "Arras station" when the gazetteer has no such station: the town, whose
            # centre is where its station usually is.
            return self.geocode(station.group("before") or station.group("after"), limit)
        return [location for *_, location in sorted(found, key=lambda item: item[:3])]
