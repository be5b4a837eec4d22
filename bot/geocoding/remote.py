"""What the geocoders backed by a web service share: geopy client, timeout, errors, cache.

A backend only says how to build its geopy client and how to read one geopy result; this class
turns every failure (refused connection, timeout, HTTP error, unreadable answer) into
``ServiceUnavailable`` and keeps successful answers in the answers cache.
"""

from __future__ import annotations

import dataclasses
import logging
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.location import Location as GeopyLocation

from bot.config import settings
from bot.geo import AnswerCache
from bot.geocoding.base import Geocoder, Location, ServiceUnavailable

log = logging.getLogger(__name__)
MAX_QUERY_CHARS = 200  # a real address is shorter; longer text is a message, not a place


def split_base_url(url: str) -> tuple[str, str]:
    """("https", "api-adresse.data.gouv.fr") from a base URL, as geopy's ``scheme=``/``domain=`` want."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return parts.scheme, (parts.netloc + parts.path).rstrip("/")


class RemoteGeocoder(Geocoder):
    def __init__(self, base_url: str, timeout: float | None = None, cache: AnswerCache | None = None):
        config = settings()
        self.base_url = base_url
        self.timeout = min(timeout or config.service_timeout_s, config.service_timeout_s)
        self.cache = cache if cache is not None else AnswerCache(config.cache_database)
        self.client = self.make_client(*split_base_url(base_url))

    def make_client(self, scheme: str, domain: str):
        raise NotImplementedError

    def query(self, text: str, limit: int) -> list[GeopyLocation] | None:
        raise NotImplementedError

    def to_location(self, found: GeopyLocation, text: str) -> Location:
        raise NotImplementedError

    def geocode(self, text: str, limit: int = 5) -> list[Location]:
        text = " ".join((text or "").split())[:MAX_QUERY_CHARS]
        if len(text) < 3:  # the BAN API refuses shorter queries; nobody lives in "ab"
            return []
        key = f"{self.base_url}|{limit}|{text.casefold()}"
        cached = self.cache.get(self.name, key)
        if cached is not None:
            return [Location(**fields) for fields in cached]
        try:
            answer = self.query(text, limit) or []
            found = [self.to_location(item, text) for item in answer]
        except GeopyError as error:
            raise ServiceUnavailable(f"{self.name}: {error}") from error
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:  # not as documented
            raise ServiceUnavailable(f"{self.name}: unreadable answer ({error!r})") from error
        self.cache.put(self.name, key, [dataclasses.asdict(location) for location in found])
        return found
