"""The website's base map without a tile server: land, national borders and the region's main towns.

Land and borders come from Natural Earth's 1:10m countries as the npm package ``world-atlas``
ships them (TopoJSON, ``web/node_modules/world-atlas/countries-10m.json``, installed by ``npm ci``);
towns from the knowledge base's gazetteer (GeoNames). Nothing is downloaded at run time. The shapes
are cut to the map's area (``AREA``) and thinned to about a kilometre: the map is a sense of place
when the tiles cannot load, not a survey. Departments and roads are not drawn: no package at hand
ships them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase

COUNTRIES = PROJECT_ROOT / "web" / "node_modules" / "world-atlas" / "countries-10m.json"
# (south, west, north, east): Hauts-de-France and its neighbours, with room to zoom out.
AREA = (47.8, -0.8, 52.2, 6.3)
MIN_STEP_DEGREES = 0.01  # about a kilometre: finer detail is not seen at the zooms the map shows
REGION = "Hauts-de-France"
MIN_TOWN_POPULATION = 30_000
TOWN_SPACING_DEGREES = 0.2  # a town this close to a larger one shown is a suburb: its name would overlap

Point = tuple[float, float]  # (lat, lon)


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Each arc as (lat, lon) points: TopoJSON's quantised arcs are deltas from the previous point."""
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(y * scale_y + translate_y, 4), round(x * scale_x + translate_x, 4)))
        arcs.append(points)
    return arcs


def _arc(arcs: list[list[Point]], index: int) -> list[Point]:
    return arcs[index] if index >= 0 else arcs[~index][::-1]  # ~i: arc i walked backwards


def _inside(point: Point, area=AREA) -> bool:
    south, west, north, east = area
    return south <= point[0] <= north and west <= point[1] <= east


def _clamp(point: Point, area=AREA) -> Point:
    south, west, north, east = area
    return (min(max(point[0], south), north), min(max(point[1], west), east))


def _thin(points: list[Point]) -> list[Point]:
    kept = points[:1]
    for point in points[1:]:
        last = kept[-1]
        if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= MIN_STEP_DEGREES:
            kept.append(point)
    return kept


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def land_and_borders(countries_file: Path = COUNTRIES) -> tuple[list[list[Point]], list[list[Point]]]:
    """Land rings (clamped to ``AREA``) and the borders between countries (cut to ``AREA``)."""
    topology = json.loads(countries_file.read_text())
    arcs = _decode_arcs(topology)
    land, uses = [], {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        for polygon in _polygons(geometry):
            for ring_arcs in polygon:
                for index in ring_arcs:
                    uses[index if index >= 0 else ~index] = uses.get(index if index >= 0 else ~index, 0) + 1
                ring = [point for index in ring_arcs for point in _arc(arcs, index)]
                if any(_inside(point) for point in ring):
                    land.append(_thin([_clamp(point) for point in ring]))
    borders = []
    for index, count in uses.items():
        if count < 2:  # an arc of one country only is coast
            continue
        piece: list[Point] = []
        for point in arcs[index] + [None]:  # a sentinel closes the last piece
            if point is not None and _inside(point):
                piece.append(point)
                continue
            if len(piece) > 1:
                borders.append(_thin(piece))
            piece = []
    return land, borders


@lru_cache(maxsize=1)
def _shapes(countries_file: Path) -> tuple[list[list[Point]], list[list[Point]]]:
    """The shapes, kept in ``build/`` (decoding the whole world's arcs takes seconds)."""
    stored = PROJECT_ROOT / "build" / "basemap.json"
    version = f"{countries_file.stat().st_size}-{countries_file.stat().st_mtime_ns}-{AREA}-{MIN_STEP_DEGREES}"
    try:
        saved = json.loads(stored.read_text())
        if saved["version"] == version:
            return saved["land"], saved["borders"]
    except (OSError, ValueError, KeyError):
        pass
    land, borders = land_and_borders(countries_file)
    stored.parent.mkdir(exist_ok=True)
    stored.write_text(json.dumps({"version": version, "land": land, "borders": borders}))
    return land, borders


def basemap(kb: KnowledgeBase, countries_file: Path = COUNTRIES) -> dict[str, Any]:
    """``{"land": [ring…], "borders": [line…], "towns": [{name, lat, lon}…]}``, points as [lat, lon]."""
    land, borders = _shapes(countries_file)
    towns: list[dict[str, Any]] = []
    for town in kb.main_towns(MIN_TOWN_POPULATION, admin=REGION):  # largest first
        if all(
            abs(town.lat - shown["lat"]) + abs(town.lon - shown["lon"]) > TOWN_SPACING_DEGREES
            for shown in towns
        ):
            towns.append({"name": town.name, "lat": town.lat, "lon": town.lon})
    return {"land": land, "borders": borders, "towns": towns}
