"""The shared types of every travel-time source."""

from __future__ import annotations

from dataclasses import dataclass

from bot.geo import Point

MODES = ("car", "bike", "foot")

__all__ = ["MODES", "Matrix", "Point", "Route", "RoutingError", "TravelTimeSource", "UnsupportedMode"]


class RoutingError(Exception):
    """A routing service failed (down, slow, HTTP error, no table); callers fall back to a model."""


class UnsupportedMode(RoutingError):
    """The source does not route this mode (an OSRM server has one profile): not a failure."""


@dataclass(frozen=True)
class Matrix:
    minutes: list[list[float]]  # minutes[i][j]: from points[i] to points[j]
    km: list[list[float]]
    estimated: bool  # True: a model's estimate (in part or whole), not a routing engine's answer
    source: str


@dataclass(frozen=True)
class Route:
    """A drawn route through points in order, for the website's map."""

    coordinates: list[tuple[float, float]]  # (lat, lon) along the roads
    km: float
    minutes: float
    legs: list[tuple[float, float]]  # (km, minutes) from points[k] to points[k + 1]
    source: str


class TravelTimeSource:
    name = "source"

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        raise NotImplementedError

    def route_geometry(self, points: list[Point], mode: str = "car") -> Route | None:
        """The road route through ``points``; None when this source cannot draw roads."""
        return None
