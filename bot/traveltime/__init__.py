"""Travel times between points, pluggable like the geocoders: one base class, one module per source.

``default_travel_times()`` is the offline model (see ``offline.py`` for how it estimates).
"""

from bot.traveltime.base import MODES, Matrix, TravelTimeSource
from bot.traveltime.offline import OfflineTravelTimes


def default_travel_times() -> TravelTimeSource:
    return OfflineTravelTimes()


__all__ = ["MODES", "Matrix", "OfflineTravelTimes", "TravelTimeSource", "default_travel_times"]
