"""A primary source (OSRM) with a fallback (the offline model) when it fails or is too slow.

"Too slow" is the primary's own timeout (``SERVICE_TIMEOUT_S``). A matrix from the fallback is
always marked ``estimated``, so that the circuit tells the visitor its times are estimates.
"""

from __future__ import annotations

import dataclasses
import logging

from bot.geo import Point
from bot.traveltime.base import Matrix, Route, RoutingError, TravelTimeSource

log = logging.getLogger(__name__)


class FallbackTravelTimes(TravelTimeSource):
    name = "fallback"

    def __init__(self, primary: TravelTimeSource, fallback: TravelTimeSource):
        self.primary = primary
        self.fallback = fallback

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        try:
            return self.primary.matrix(points, mode)
        except RoutingError as error:
            log.warning(
                "travel times from %s failed, using %s: %s", self.primary.name, self.fallback.name, error
            )
        return dataclasses.replace(self.fallback.matrix(points, mode), estimated=True)

    def route_geometry(self, points: list[Point], mode: str = "car") -> Route | None:
        try:
            return self.primary.route_geometry(points, mode)
        except RoutingError as error:
            log.warning("route from %s failed: %s", self.primary.name, error)
        return self.fallback.route_geometry(points, mode)
