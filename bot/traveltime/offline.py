"""Offline travel-time model: great-circle distance × detour factor, speed by distance class.

Road distance ≈ 1.3 × the great-circle distance in rural northern France (a common circuity factor
for road networks); car speed grows with the trip length (town streets, then main roads, then
motorways), plus a few minutes to park and walk to the entrance. Bike and foot use constant speeds
on a slightly smaller detour. The circuit always says these times are estimates.

Not yet calibrated against published road times: that comparison is an open task of the routing
issue, and OSRM (when configured) gives real times.
"""

from __future__ import annotations

from bot.knowledge import haversine_km
from bot.traveltime.base import Matrix, Point, TravelTimeSource

DETOUR = {"car": 1.3, "bike": 1.25, "foot": 1.2}
CAR_SPEEDS_KMH = ((5, 25.0), (20, 45.0), (60, 65.0), (float("inf"), 85.0))  # (road km up to, mean speed)
SPEED_KMH = {"bike": 15.0, "foot": 4.5}
CAR_ACCESS_MINUTES = 5.0


def road_minutes(km: float, mode: str) -> float:
    if km == 0:
        return 0.0
    if mode != "car":
        return km / SPEED_KMH[mode] * 60
    speed = next(speed for limit, speed in CAR_SPEEDS_KMH if km <= limit)
    return km / speed * 60 + CAR_ACCESS_MINUTES


class OfflineTravelTimes(TravelTimeSource):
    name = "offline"

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        km = [[haversine_km(*a, *b) * DETOUR[mode] for b in points] for a in points]
        minutes = [[round(road_minutes(distance, mode), 1) for distance in row] for row in km]
        return Matrix(minutes, [[round(d, 2) for d in row] for row in km], True, self.name)
