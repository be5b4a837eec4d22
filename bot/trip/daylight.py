"""Sunrise and sunset at a site on a date (``astral``), for the sites seen outdoors.

A cemetery, a memorial or a crater (``Site.open_air``) is visited between sunrise and sunset: in
December the sun sets before 17:00 in the Somme, hours before a museum closes.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from astral import Observer
from astral.sun import sun

PARIS = ZoneInfo("Europe/Paris")


def _minutes(moment: datetime) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60


@lru_cache(maxsize=4096)
def daylight(lat: float, lon: float, day: date) -> tuple[float, float]:
    """Sunrise and sunset on ``day`` at (lat, lon), in minutes after local (Paris) midnight."""
    times = sun(Observer(lat, lon), date=day, tzinfo=PARIS)
    return _minutes(times["sunrise"]), _minutes(times["sunset"])


def in_daylight(
    windows: tuple[tuple[float, float], ...], service: float, sunrise: float, sunset: float
) -> tuple[tuple[float, float], ...]:
    """The service-start ``windows`` cut so that a visit of ``service`` minutes starts after sunrise
    and ends by sunset (windows left empty are dropped)."""
    cut = ((max(opens, sunrise), min(closes, sunset - service)) for opens, closes in windows)
    return tuple((opens, closes) for opens, closes in cut if opens <= closes)
