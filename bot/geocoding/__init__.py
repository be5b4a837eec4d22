"""Geocoding of start places, geopy style: one base class, one small module per backend.

``default_geocoder()`` is the offline gazetteer, followed by the BAN address API and Nominatim
when their URLs are configured (see README, "Configuration").
"""

from bot.geocoding.base import Geocoder, GeocodingError, Location, ServiceUnavailable
from bot.geocoding.chain import GeocoderChain, default_geocoder
from bot.geocoding.gazetteer import GazetteerGeocoder

__all__ = [
    "GazetteerGeocoder",
    "Geocoder",
    "GeocoderChain",
    "GeocodingError",
    "Location",
    "ServiceUnavailable",
    "default_geocoder",
]
