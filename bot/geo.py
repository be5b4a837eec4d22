"""Helpers shared by the geocoders, the travel-time sources, the knowledge base and the planning:
points, distances, and the answers cache.

Answers of remote services (BAN, Nominatim, OSRM) are kept in one SQLite file,
``settings().cache_database``, so that the same question is asked once: public services are rate
limited, and a cached answer still works while the service is down. Failures are never cached.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from pathlib import Path

Point = tuple[float, float]  # (lat, lon), the order people write; OSRM and GeoJSON say (lon, lat)

EARTH_RADIUS_KM = 6371.0
CACHE_DAYS = 30  # roads and addresses change slowly; a month keeps answers fresh enough


def valid_point(lat: float, lon: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lon <= 180


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class AnswerCache:
    """``{(service, key): JSON value}`` in SQLite, entries older than ``CACHE_DAYS`` ignored."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=5)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS answers ("
            "service TEXT, key TEXT, value TEXT, stored_at REAL, PRIMARY KEY (service, key))"
        )
        return connection

    def get(self, service: str, key: str):
        """The stored value, or None when absent or stale (or the cache file is unusable)."""
        try:
            with self._connect() as connection:
                row = connection.execute(
                    "SELECT value, stored_at FROM answers WHERE service = ? AND key = ?", (service, key)
                ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or time.time() - row[1] > CACHE_DAYS * 86400:
            return None
        return json.loads(row[0])

    def put(self, service: str, key: str, value) -> None:
        try:
            with self._connect() as connection:
                connection.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                    (service, key, json.dumps(value), time.time()),
                )
        except sqlite3.Error:  # a read-only or locked cache only costs a repeated request
            pass
