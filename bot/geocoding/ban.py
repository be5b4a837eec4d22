"""The French national address base (BAN) API, through geopy's ``BANFrance``.

Answers are GeoJSON features: ``properties.type`` is housenumber | street | locality |
municipality, ``properties.score`` is 0..1, ``properties.context`` is "80, Somme, Hauts-de-France".
A postcode query ("62000") returns the communes of that postcode.
"""

from __future__ import annotations

import re

from geopy.geocoders import BANFrance

from bot.config import settings
from bot.geocoding.base import Location
from bot.geocoding.remote import RemoteGeocoder

POSTCODE = re.compile(r"^\s*\d{5}\s*$")


class BanGeocoder(RemoteGeocoder):
    name = "ban"

    def make_client(self, scheme: str, domain: str) -> BANFrance:
        return BANFrance(
            domain=domain, scheme=scheme, timeout=self.timeout, user_agent=settings().nominatim_user_agent
        )

    def query(self, text: str, limit: int):
        return self.client.geocode(text, limit=limit, exactly_one=False)

    def to_location(self, found, text: str) -> Location:
        properties = found.raw["properties"]
        lon, lat = found.raw["geometry"]["coordinates"]
        if POSTCODE.match(text):
            kind = "postcode"
        else:
            kind = "town" if properties.get("type") == "municipality" else "address"
        name = properties.get("label") or properties["name"]
        if kind == "postcode":
            name = f"{properties.get('city') or name} ({properties.get('postcode', text.strip())})"
        return Location(
            name=name,
            lat=float(lat),
            lon=float(lon),
            kind=kind,
            source=self.name,
            score=round(float(properties.get("score", 0)) * 100, 1),
            admin=properties.get("context", ""),
        )
