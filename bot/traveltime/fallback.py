"""A primary source (OSRM) with a fallback (the offline model) when it fails or is too slow.

"Too slow" is the primary's own timeout (``SERVICE_TIMEOUT_S``). A matrix from the fallback is
always marked ``estimated``, so that the circuit tells the visitor its times are estimates. After a
failure the primary is left alone for ``RETRY_AFTER_S``: one plan asks several matrices (its
alternatives too), and a dead router must not cost a timeout each time.
"""

from __future__ import annotations

import dataclasses
import logging
import time

from bot.geo import Point
from bot.traveltime.base import Matrix, Route, RoutingError, TravelTimeSource, UnsupportedMode

log = logging.getLogger(__name__)
RETRY_AFTER_S = 60.0


class FallbackTravelTimes(TravelTimeSource):
    name = "fallback"

    def __init__(self, primary: TravelTimeSource, fallback: TravelTimeSource):
        self.primary = primary
        self.fallback = fallback
        self._primary_down_until = 0.0

    def _primary_up(self) -> bool:
        return time.monotonic() >= self._primary_down_until

    def _failed(self, error: RoutingError) -> None:
        log.warning("%s failed, using %s: %s", self.primary.name, self.fallback.name, error)
        if not isinstance(error, UnsupportedMode):
            self._primary_down_until = time.monotonic() + RETRY_AFTER_S

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        if self._primary_up():
            try:
                return self.primary.matrix(points, mode)
            except RoutingError as error:
                self._failed(error)
        return dataclasses.replace(self.fallback.matrix(points, mode), estimated=True)

    def route_geometry(self, points: list[Point], mode: str = "car") -> Route | None:
        if self._primary_up():
            try:
                return self.primary.route_geometry(points, mode)
            except RoutingError as error:
                self._failed(error)
        return self.fallback.route_geometry(points, mode)
