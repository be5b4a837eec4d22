"""The shared types of every travel-time source."""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("car", "bike", "foot")
Point = tuple[float, float]  # (lat, lon)


@dataclass(frozen=True)
class Matrix:
    minutes: list[list[float]]
    km: list[list[float]]
    estimated: bool  # True: a model's estimate, not a routing engine's answer
    source: str


class TravelTimeSource:
    name = "source"

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        raise NotImplementedError
