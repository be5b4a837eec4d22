"""OpenStreetMap's Nominatim, through geopy's ``Nominatim`` (used after the BAN: it knows places
abroad, such as a visitor's hotel in Ypres or Canterbury).

Answers are a JSON array; ``lat``/``lon`` are strings, ``importance`` is 0..1, and with
``addressdetails=1`` an ``address`` object names the state and country.
"""

from __future__ import annotations

from geopy.geocoders import Nominatim

from bot.config import settings
from bot.geocoding.base import Location
from bot.geocoding.remote import RemoteGeocoder

TOWN_TYPES = {"city", "town", "village", "hamlet", "municipality", "administrative", "suburb"}


def _kind(raw: dict) -> str:
    category, kind = raw.get("class") or raw.get("category"), raw.get("type")
    if kind == "postcode":
        return "postcode"
    if category == "railway" or kind == "station":
        return "station"
    if category in {"place", "boundary"} and kind in TOWN_TYPES:
        return "town"
    return "address"


class NominatimGeocoder(RemoteGeocoder):
    name = "nominatim"

    def make_client(self, scheme: str, domain: str) -> Nominatim:
        return Nominatim(
            domain=domain, scheme=scheme, timeout=self.timeout, user_agent=settings().nominatim_user_agent
        )

    def query(self, text: str, limit: int):
        return self.client.geocode(text, exactly_one=False, limit=limit, addressdetails=True)

    def to_location(self, found, text: str) -> Location:
        raw = found.raw
        address = raw.get("address") or {}
        display = raw.get("display_name", "")
        return Location(
            name=raw.get("name") or display.split(",")[0],
            lat=float(raw["lat"]),
            lon=float(raw["lon"]),
            kind=_kind(raw),
            source=self.name,
            score=round(float(raw.get("importance") or 0) * 100, 1),
            admin=address.get("state") or address.get("country") or "",
        )
