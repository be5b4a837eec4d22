"""Map links: Google Maps directions (9-waypoint limit), OpenStreetMap per leg, the OSRM map, the
website's circuit link and its parser."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from bot.knowledge import open_kb
from bot.trip.circuit import schedule_circuit
from bot.trip.links import google_links, osm_links, osrm_map_link, parse_circuit_link

START = (50.29301, 2.78186)


def stops(count: int) -> list[tuple[float, float]]:
    return [(50.0 + index / 100, 2.5 + index / 100) for index in range(count)]


def query_of(link: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(link).query)


@pytest.mark.parametrize("count, links", [(1, 1), (9, 1), (10, 2), (19, 2), (20, 3)])
def test_google_links_split_at_nine_waypoints_and_chain(count, links):
    found = google_links(START, stops(count), "car")
    assert len(found) == links
    path = []
    for link in found:
        query = query_of(link)
        assert query["api"] == ["1"] and query["travelmode"] == ["driving"]
        waypoints = query["waypoints"][0].split("|") if "waypoints" in query else []
        assert len(waypoints) <= 9
        if path:
            assert query["origin"][0] == path[-1]  # each link starts where the previous one ended
        path += ([] if path else query["origin"]) + waypoints + query["destination"]
    expected = [f"{lat:.5f},{lon:.5f}" for lat, lon in [START, *stops(count), START]]
    assert path == expected  # every stop once, in visiting order, back to the start


def test_google_link_encodes_the_separators():
    [link] = google_links(START, stops(2), "foot")
    assert "%7C" in link and "%2C" in link and "|" not in link and " " not in link
    assert query_of(link)["travelmode"] == ["walking"]


def test_osm_links_are_one_per_leg_latitude_first():
    links = osm_links(START, stops(3), "bike")
    assert len(links) == 4
    query = query_of(links[0])
    assert query["engine"] == ["fossgis_osrm_bike"]
    assert query["route"] == [f"{START[0]:.5f},{START[1]:.5f};50.00000,2.50000"]


def test_osrm_map_link_takes_the_whole_day():
    query = query_of(osrm_map_link(START, stops(3), "foot"))
    assert len(query["loc"]) == 5 and query["srv"] == ["2"]


def test_circuit_link_parser_reads_days_in_order():
    spec = parse_circuit_link(
        "start=50.29301,2.78186&start_name=Arras%20centre&date=2026-07-01&mode=bike&day=a,b&day=c"
    )
    assert spec.start == START and spec.start_name == "Arras centre" and spec.first_date == date(2026, 7, 1)
    assert spec.mode == "bike" and spec.days == [["a", "b"], ["c"]]


@pytest.mark.parametrize(
    "query",
    ["start=50,2&day=a&mode=plane", "start=91,2&day=a", "start=50;2&day=a", "start=50,2&day=", "day=a"],
)
def test_circuit_link_parser_refuses_bad_links(query):
    with pytest.raises(ValueError):
        parse_circuit_link(query)


def test_circuit_link_nights_are_read_in_order_with_their_names():
    spec = parse_circuit_link(
        "start=49.89407,2.29575&start_name=Amiens&day=a&day=b&day=c"
        "&night=49.89407,2.29575,Amiens&night=50.29301,2.78186,Arras,%20Grand%27Place"
    )
    assert [(night.lat, night.lon, night.name) for night in spec.nights] == [
        (49.89407, 2.29575, "Amiens"),
        (50.29301, 2.78186, "Arras, Grand'Place"),
    ]
    assert parse_circuit_link("start=50,2&day=a").nights == ()


def test_a_circuit_link_with_nights_comes_back_from_its_schedule_the_same():
    """Sleeping in Amiens then Arras: the re-timed circuit's own link says the same nights (the last
    one, held for the third day, once)."""
    query = (
        "start=49.89407,2.29575&start_name=Amiens&date=2027-06-01&mode=car"
        "&day=historial-peronne&day=thiepval-memorial&day=lens-14-18"
        "&night=49.89407,2.29575,Amiens&night=50.29301,2.78186,Arras"
    )
    spec = parse_circuit_link(query)
    plan = schedule_circuit(spec, kb=open_kb(), today=date(2027, 5, 1))
    assert [(day.start.name, day.end.name) for day in plan.days] == [
        ("Amiens", "Amiens"),
        ("Amiens", "Arras"),
        ("Arras", "Arras"),
    ]
    assert query_of(plan.website_link)["night"] == ["49.89407,2.29575,Amiens", "50.29301,2.78186,Arras"]
    assert parse_circuit_link(urlparse(plan.website_link).query) == spec


@pytest.mark.parametrize(
    "night, message",
    [
        ("Arras", "night must be <lat>,<lon>,<name>"),
        ("50.3", "night must be <lat>,<lon>,<name>"),
        ("north,2.7,Arras", "night must be <lat>,<lon>,<name>"),
        ("95,2.7,Arras", "night is not a valid position"),
        ("nan,2.7,Arras", "night is not a valid position"),
        ("50.3,2.7,Arras&night=50.2,2.8,Albert&night=50.1,2.9,Péronne", "at most one per day"),
    ],
)
def test_circuit_link_parser_refuses_bad_nights(night, message):
    with pytest.raises(ValueError, match=message):
        parse_circuit_link(f"start=50,2&day=a&day=b&night={night}")
