"""An OSRM v5 stand-in: ``/table`` and ``/route`` answers shaped like osrm-routed's.

Durations are computed from the requested coordinates (great circle at 60 km/h, distances × 1.3)
so that tests can tell which cell is which. ``behaviour`` picks a failure: ``"no_table"`` (HTTP 400
NoTable), ``"invalid"`` (HTTP 400 InvalidQuery), ``"null_cell"`` (no route from point 0 to 1),
``"slow"`` (answers after ``SLOW_SECONDS``), ``"no_distances"`` (durations only).
"""

from __future__ import annotations

import math

from tests.stubs.servers import Reply

SLOW_SECONDS = 1.5


def great_circle_km(lon1, lat1, lon2, lat2) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _points(path: str) -> list[tuple[float, float]]:
    coordinates = path.split("/")[-1]
    return [tuple(float(value) for value in pair.split(",")) for pair in coordinates.split(";")]


def _waypoint(lon, lat) -> dict:
    return {"hint": "", "distance": 0.0, "name": "", "location": [lon, lat]}


def osrm_app(behaviour: str = "ok"):
    def app(path: str, query: dict) -> Reply:
        delay = SLOW_SECONDS if behaviour == "slow" else 0.0
        if behaviour == "no_table":
            return Reply(400, {"code": "NoTable", "message": "No table found"})
        if behaviour == "invalid":
            return Reply(
                400, {"code": "InvalidQuery", "message": "Query string malformed close to position 42"}
            )
        points = _points(path)
        metres = [[great_circle_km(*a, *b) * 1300 for b in points] for a in points]
        seconds = [[distance / 1000 / 60 * 3600 for distance in row] for row in metres]
        if path.startswith("/table/v1/"):
            if behaviour == "null_cell":
                seconds[0][1] = None
                metres[0][1] = None
            body = {
                "code": "Ok",
                "durations": seconds,
                "sources": [_waypoint(*point) for point in points],
                "destinations": [_waypoint(*point) for point in points],
            }
            if "distance" in query.get("annotations", "") and behaviour != "no_distances":
                body["distances"] = metres
            return Reply(200, body, delay)
        if path.startswith("/route/v1/"):
            legs = [
                {
                    "steps": [],
                    "summary": "",
                    "weight": seconds[k][k + 1],
                    "duration": seconds[k][k + 1],
                    "distance": metres[k][k + 1],
                }
                for k in range(len(points) - 1)
            ]
            route = {
                "legs": legs,
                "weight_name": "routability",
                "weight": sum(leg["duration"] for leg in legs),
                "duration": sum(leg["duration"] for leg in legs),
                "distance": sum(leg["distance"] for leg in legs),
                "geometry": {"type": "LineString", "coordinates": [list(point) for point in points]},
            }
            return Reply(
                200, {"code": "Ok", "routes": [route], "waypoints": [_waypoint(*p) for p in points]}, delay
            )
        return Reply(400, {"code": "InvalidService", "message": "Service not found"})

    return app
