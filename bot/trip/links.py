"""Map links for a circuit: Google Maps directions per day, OpenStreetMap per leg, the website's map.

Google Maps URLs take an origin, a destination and up to 9 waypoints in order (3 on mobile
browsers), so a longer day is split into several links. OpenStreetMap's directions page supports
only two endpoints, hence one link per leg; the OSRM demo map (map.project-osrm.org, OpenStreetMap
data) takes every stop of the day in one link (``loc`` repeated; ``srv`` 0 car, 1 bike, 2 foot).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlencode

from bot.config import settings
from bot.geocoding import Location

GOOGLE_MAX_WAYPOINTS = 9
GOOGLE_MODES = {"car": "driving", "bike": "bicycling", "foot": "walking"}
OSM_ENGINES = {"car": "fossgis_osrm_car", "bike": "fossgis_osrm_bike", "foot": "fossgis_osrm_foot"}
OSRM_MAP_SERVICES = {"car": "0", "bike": "1", "foot": "2"}

Point = tuple[float, float]


def _point(point: Point) -> str:
    return f"{point[0]:.5f},{point[1]:.5f}"


def google_links(start: Point, stops: list[Point], mode: str, end: Point | None = None) -> list[str]:
    """start -> stops -> end (default: back to the start), split so that no link has more than 9
    waypoints."""
    path = [start, *stops, end or start]
    links = []
    first = 0
    while first < len(path) - 1:
        last = min(first + GOOGLE_MAX_WAYPOINTS + 1, len(path) - 1)
        query = {
            "api": "1",
            "origin": _point(path[first]),
            "destination": _point(path[last]),
            "travelmode": GOOGLE_MODES.get(mode, "driving"),
        }
        waypoints = path[first + 1 : last]
        if waypoints:
            query["waypoints"] = "|".join(_point(point) for point in waypoints)
        links.append("https://www.google.com/maps/dir/?" + urlencode(query))
        first = last
    return links


def osm_links(start: Point, stops: list[Point], mode: str, end: Point | None = None) -> list[str]:
    path = [start, *stops, end or start]
    engine = OSM_ENGINES.get(mode, OSM_ENGINES["car"])
    return [
        "https://www.openstreetmap.org/directions?"
        + urlencode({"engine": engine, "route": f"{_point(a)};{_point(b)}"})
        for a, b in zip(path, path[1:], strict=False)
    ]


def osrm_map_link(start: Point, stops: list[Point], mode: str, end: Point | None = None) -> str:
    """The whole day on one OpenStreetMap-based map."""
    query = [("loc", _point(point)) for point in (start, *stops, end or start)]
    query.append(("srv", OSRM_MAP_SERVICES.get(mode, "0")))
    return "https://map.project-osrm.org/?" + urlencode(query)


def day_links(start: Point, stops: list[Point], mode: str, end: Point | None = None) -> dict[str, list[str]]:
    """Links of one day from ``start`` to ``end`` (default: back to the start): ``google`` (split by
    9 waypoints), ``osm`` (one per leg), ``osrm`` (one)."""
    if not stops:
        return {"google": [], "osm": [], "osrm": []}
    return {
        "google": google_links(start, stops, mode, end),
        "osm": osm_links(start, stops, mode, end),
        "osrm": [osrm_map_link(start, stops, mode, end)],
    }


@dataclass(frozen=True)
class CircuitSpec:
    """A circuit as the website's shareable URL encodes it."""

    start: Point
    start_name: str
    first_date: date | None
    mode: str
    days: list[list[str]]  # site ids per day, in visiting order
    # Where the visitor sleeps after each day of a trip that moves on, the last one holding for the
    # remaining days (like ``TripRequest.nights``); empty: every day is a round trip from the start.
    nights: tuple[Location, ...] = ()


def _nights(plan) -> list[Location]:
    """Where each day of ``plan`` ends when the trip moves on, without the last stay's repeats."""
    ends = [day.end for day in plan.days if day.end]
    while len(ends) > 1 and ends[-1] == ends[-2]:
        ends.pop()
    return ends


def website_link(plan) -> str:
    query = [("start", _point((plan.start.lat, plan.start.lon))), ("start_name", plan.start.name)]
    if plan.days:
        query.append(("date", plan.days[0].date.isoformat()))
    query.append(("mode", plan.request.mode))
    query += [("day", ",".join(visit.site.id for visit in day.visits)) for day in plan.days]
    query += [("night", f"{_point((night.lat, night.lon))},{night.name}") for night in _nights(plan)]
    return f"{settings().website_url}/?{urlencode(query)}"


def _position(text: str, field: str, shape: str = "<lat>,<lon>") -> Point:
    try:
        lat_text, lon_text = text.split(",")
        point = (float(lat_text), float(lon_text))
    except ValueError:
        raise ValueError(f"{field} must be {shape}") from None
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise ValueError(f"{field} is not a valid position")
    return point


def _night(text: str) -> Location:
    """``<lat>,<lon>,<name>`` (the name may hold commas, or be left out)."""
    lat_text, lon_text, name = (text.split(",", 2) + ["", ""])[:3]
    lat, lon = _position(f"{lat_text},{lon_text}", "night", "<lat>,<lon>,<name>")
    return Location(name.strip(), lat, lon, "point", "link")


def parse_circuit_link(query_string: str) -> CircuitSpec:
    """Read the website link's query; ValueError says what is wrong."""
    query = parse_qs(query_string.lstrip("?"), keep_blank_values=True)
    start = _position(query.get("start", [""])[0], "start")
    try:
        first_date = date.fromisoformat(query["date"][0]) if query.get("date", [""])[0] else None
    except ValueError:
        raise ValueError("date must be YYYY-MM-DD") from None
    mode = query.get("mode", ["car"])[0] or "car"
    if mode not in GOOGLE_MODES:
        raise ValueError(f"mode must be one of {', '.join(GOOGLE_MODES)}")
    days = [[site for site in value.split(",") if site] for value in query.get("day", [])]
    if not any(days):
        raise ValueError("at least one day=<site id>,... is needed")
    nights = tuple(_night(value) for value in query.get("night", []))
    if len(nights) > len(days):
        raise ValueError("night=<lat>,<lon>,<name>: at most one per day")
    return CircuitSpec(start, query.get("start_name", [""])[0], first_date, mode, days, nights)
