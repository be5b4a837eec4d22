"""Backends tried in order: the first one that finds something answers.

``default_geocoder()``: the offline gazetteer first (towns, stations, "lat,lon"; instant and always
there), then the BAN address API and Nominatim when their URLs are set (addresses, postcodes,
places abroad). A backend that fails is logged and skipped: the visitor gets the next one's answer,
or an empty list, never an error.
"""

from __future__ import annotations

import logging

from bot.config import settings
from bot.geocoding.ban import BanGeocoder
from bot.geocoding.base import Geocoder, GeocodingError, Location
from bot.geocoding.gazetteer import GazetteerGeocoder
from bot.geocoding.nominatim import NominatimGeocoder

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


def default_geocoder(kb=None) -> Geocoder:
    config = settings()
    backends: list[Geocoder] = [GazetteerGeocoder(kb)]
    if config.ban_url:
        backends.append(BanGeocoder(config.ban_url))
    if config.nominatim_url:
        backends.append(NominatimGeocoder(config.nominatim_url))
    return GeocoderChain(backends)
