"""The shared types of every geocoding backend."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("town", "station", "port", "address", "postcode", "point")


class GeocodingError(Exception):
    """Geocoding failed for a reason other than "nothing found" (which is an empty list)."""


class ServiceUnavailable(GeocodingError):
    """An external service is down, slow or answered with an error."""


@dataclass(frozen=True)
class Location:
    name: str
    lat: float
    lon: float
    kind: str  # one of KINDS
    source: str  # gazetteer | ban | nominatim | gps | link
    score: float = 100.0  # 0..100, how well the text matched
    approximate: bool = False  # e.g. a station placed at its town centre
    admin: str = ""  # region, country or department the place belongs to, to tell namesakes apart

    def label(self) -> str:
        return f"{self.name} ({self.admin})" if self.admin else self.name

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "kind": self.kind,
            "source": self.source,
            "score": self.score,
            "admin": self.admin,
        }


class Geocoder:
    """A backend: ``geocode(text)`` returns the plausible places, best first (empty: none).

    Several results mean several plausible places ("Saint-Omer", "62000"): the caller asks which.
    """

    name = "geocoder"

    def geocode(self, text: str, limit: int = 5) -> list[Location]:
        raise NotImplementedError
