"""Backends tried in order: the first one that finds something answers."""

from __future__ import annotations

import logging

from bot.geocoding.base import Geocoder, GeocodingError, Location
from bot.geocoding.gazetteer import GazetteerGeocoder

log = logging.getLogger(__name__)


class GeocoderChain(Geocoder):
    name = "chain"

    def __init__(self, backends: list[Geocoder]):
        self.backends = backends

    def geocode(self, text: str, limit: int = 5) -> list[Location]:
        for backend in self.backends:
            try:
                found = backend.geocode(text, limit)
            except GeocodingError as error:  # a service down is skipped, never fatal
                log.warning("geocoder %s failed: %s", backend.name, error)
                continue
            if found:
                return found
        return []


def default_geocoder() -> Geocoder:
    return GeocoderChain([GazetteerGeocoder()])
