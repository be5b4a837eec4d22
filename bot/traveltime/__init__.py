"""Travel times between points, pluggable like the geocoders: one base class, one module per source.

``default_travel_times()`` is OSRM (``OSRM_URL``) falling back on the offline model, or the offline
model alone when no OSRM server is configured (see ``offline.py`` for how it estimates).
"""

from bot.config import settings
from bot.traveltime.base import MODES, Matrix, Route, RoutingError, TravelTimeSource, UnsupportedMode
from bot.traveltime.fallback import FallbackTravelTimes
from bot.traveltime.offline import OfflineTravelTimes
from bot.traveltime.osrm import OsrmTravelTimes


def default_travel_times() -> TravelTimeSource:
    url = settings().osrm_url
    if url:
        return FallbackTravelTimes(OsrmTravelTimes(url), OfflineTravelTimes())
    return OfflineTravelTimes()


__all__ = [
    "MODES",
    "FallbackTravelTimes",
    "Matrix",
    "OfflineTravelTimes",
    "OsrmTravelTimes",
    "Route",
    "RoutingError",
    "TravelTimeSource",
    "UnsupportedMode",
    "default_travel_times",
]
