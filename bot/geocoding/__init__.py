"""Geocoding of start places, geopy style: one base class, one small module per backend.

``default_geocoder()`` is the offline gazetteer, followed by the BAN address API and Nominatim
when their URLs are configured (``BAN_URL``, ``NOMINATIM_URL``; see README, "Configuration").
"""

from bot.geocoding.ban import BanGeocoder
from bot.geocoding.base import Geocoder, GeocodingError, Location, ServiceUnavailable
from bot.geocoding.chain import GeocoderChain, default_geocoder
from bot.geocoding.gazetteer import GazetteerGeocoder
from bot.geocoding.nominatim import NominatimGeocoder

__all__ = [
    "BanGeocoder",
    "GazetteerGeocoder",
    "Geocoder",
    "GeocoderChain",
    "GeocodingError",
    "Location",
    "NominatimGeocoder",
    "ServiceUnavailable",
    "default_geocoder",
]
