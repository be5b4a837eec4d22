"""An OSRM routing server (HTTP API v5): ``/table`` for matrices, ``/route`` for drawn routes.

One ``/table`` request answers the whole matrix (``annotations=duration,distance``; seconds and
metres; coordinates ``lon,lat``). An OSRM server routes one profile, so a mode without a configured
profile raises ``RoutingError`` and the fallback model answers. Errors are HTTP 400 with
``{"code": "NoTable" | "TooBig" | "InvalidQuery" | ..., "message": ...}``. A ``null`` cell means
no route between two points: it is filled with the offline model's estimate and the matrix is then
marked ``estimated``. Answers are kept in the answers cache.
"""

from __future__ import annotations

import requests

from bot.config import settings
from bot.geo import AnswerCache, Point
from bot.traveltime.base import Matrix, Route, RoutingError, TravelTimeSource, UnsupportedMode
from bot.traveltime.offline import OfflineTravelTimes


def _coordinates(points: list[Point]) -> str:
    return ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)


class OsrmTravelTimes(TravelTimeSource):
    name = "osrm"

    def __init__(
        self,
        base_url: str,
        profiles: dict[str, str] | None = None,
        timeout: float | None = None,
        cache: AnswerCache | None = None,
    ):
        config = settings()
        self.base_url = base_url.rstrip("/")
        self.profiles = profiles or {"car": config.osrm_profile}
        self.timeout = min(timeout or config.service_timeout_s, config.service_timeout_s)
        self.cache = cache if cache is not None else AnswerCache(config.cache_database)

    def _get(self, service: str, points: list[Point], mode: str, options: dict) -> dict:
        if mode not in self.profiles:
            raise UnsupportedMode(f"osrm: no profile for mode {mode!r} on {self.base_url}")
        url = f"{self.base_url}/{service}/v1/{self.profiles[mode]}/{_coordinates(points)}"
        key = url + "?" + "&".join(f"{name}={value}" for name, value in sorted(options.items()))
        cached = self.cache.get(self.name, key)
        if cached is not None:
            return cached
        try:
            response = requests.get(url, params=options, timeout=self.timeout)
            answer = response.json()
        except requests.RequestException as error:  # refused, timed out, reset
            raise RoutingError(f"osrm: {error}") from error
        except ValueError:
            raise RoutingError(f"osrm: HTTP {response.status_code}, not JSON") from None
        if response.status_code != 200 or not isinstance(answer, dict) or answer.get("code") != "Ok":
            code = answer.get("code") if isinstance(answer, dict) else None
            message = answer.get("message") if isinstance(answer, dict) else None
            raise RoutingError(f"osrm: HTTP {response.status_code} {code}: {message}")
        self.cache.put(self.name, key, answer)
        return answer

    def matrix(self, points: list[Point], mode: str = "car") -> Matrix:
        answer = self._get("table", points, mode, {"annotations": "duration,distance"})
        try:
            durations = answer["durations"]
            distances = answer.get("distances")
            size = len(points)
            if len(durations) != size or any(len(row) != size for row in durations):
                raise RoutingError(f"osrm: a {size}x{size} table was asked, another size came back")
            estimate = None
            minutes, km = [], []
            for i in range(size):
                minutes_row, km_row = [], []
                for j in range(size):
                    seconds = durations[i][j]
                    metres = distances[i][j] if distances else None
                    if seconds is None or metres is None:
                        estimate = estimate or OfflineTravelTimes().matrix(points, mode)
                    minutes_row.append(estimate.minutes[i][j] if seconds is None else round(seconds / 60, 1))
                    km_row.append(estimate.km[i][j] if metres is None else round(metres / 1000, 2))
                minutes.append(minutes_row)
                km.append(km_row)
        except (KeyError, TypeError, IndexError) as error:
            raise RoutingError(f"osrm: unreadable table ({error!r})") from error
        return Matrix(minutes, km, estimate is not None, self.name)

    def route_geometry(self, points: list[Point], mode: str = "car") -> Route:
        options = {"overview": "full", "geometries": "geojson", "steps": "false"}
        answer = self._get("route", points, mode, options)
        try:
            route = answer["routes"][0]
            return Route(
                coordinates=[(lat, lon) for lon, lat in route["geometry"]["coordinates"]],
                km=round(route["distance"] / 1000, 2),
                minutes=round(route["duration"] / 60, 1),
                legs=[
                    (round(leg["distance"] / 1000, 2), round(leg["duration"] / 60, 1))
                    for leg in route["legs"]
                ],
                source=self.name,
            )
        except (KeyError, TypeError, IndexError, ValueError) as error:
            raise RoutingError(f"osrm: unreadable route ({error!r})") from error
