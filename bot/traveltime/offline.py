"""Offline travel-time model: great-circle distance × detour factor, speed by distance class.

Road km = great-circle km × ``DETOUR[mode]``. A car drives the first 3 km of a trip at town speed,
the next 27 km on main roads, the rest on motorways (``CAR_SEGMENTS``: marginal speeds, so that
time grows continuously with distance), plus ``CAR_ACCESS_MINUTES`` to park and walk to the door.
Bike and foot use constant speeds (15 and 4.5 km/h, the usual planning figures of cycle-touring and
hiking guides; not calibrated). No public-transport mode: bus and train times depend on timetables
that this model cannot guess.

Calibration (car), against published door-to-door driving times (``calibration.py`` holds the
pairs and their sources; ``python -m bot.traveltime.calibration`` prints the table):

=================================  ==========  =====  =====
pair                               published   model  error
=================================  ==========  =====  =====
Paris – Beauvais                   60 (80 km)  65     +5
Paris – Amiens                     105         102    −3
Paris – Abbeville                  120 (180)   123    +3
Péronne – TGV Haute-Picardie       20          20     0
Arras – Lens                       20          24     +4
Lille – Musée de la Résistance     25          16     −9
=================================  ==========  =====  =====

Mean absolute error 4.2 min, mean absolute percentage error 12.7 %, mean error −0.1 min; road km within 5 % on the two
published distances. The worst case is a short urban trip (Lille to Bondues through the
suburbs), where traffic lights and rush hour dominate: short trips are optimistic. Published
times are rounded and depend on traffic, so a ±15 % error is the honest expectation; the circuit
says its times are estimates, and OSRM (``OSRM_URL``) gives routed times when configured.
"""

from __future__ import annotations

from bot.geo import haversine_km
from bot.traveltime.base import Matrix, Point, TravelTimeSource

DETOUR = {"car": 1.25, "bike": 1.25, "foot": 1.2}
# (road km up to, marginal speed km/h): town streets, main roads, motorways.
CAR_SEGMENTS = ((3.0, 30.0), (30.0, 75.0), (float("inf"), 100.0))
SPEED_KMH = {"bike": 15.0, "foot": 4.5}
CAR_ACCESS_MINUTES = 5.0


def road_minutes(km: float, mode: str) -> float:
    """Minutes to cover ``km`` of road in ``mode`` (0 for no distance)."""
    if km <= 0:
        return 0.0
    if mode != "car":
        return km / SPEED_KMH[mode] * 60
    minutes, done = CAR_ACCESS_MINUTES, 0.0
    for limit, speed in CAR_SEGMENTS:
        part = min(km, limit) - done
        if part <= 0:
            break
        minutes += part / speed * 60
        done += part
    return minutes


class OfflineTravelTimes(TravelTimeSource):
    name = "offline"

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        if mode not in DETOUR:
            raise ValueError(f"unknown mode {mode!r}")
        km = [[haversine_km(*a, *b) * DETOUR[mode] for b in points] for a in points]
        minutes = [[round(road_minutes(distance, mode), 1) for distance in row] for row in km]
        return Matrix(minutes, [[round(d, 2) for d in row] for row in km], True, self.name)
