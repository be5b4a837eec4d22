"""Gazetteer: towns of Hauts-de-France and around from GeoNames, stations and ports, fuzzy and ranked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase, build
from bot.knowledge.gazetteer import geonames_cities

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(build(FIXTURE, tmp_path_factory.mktemp("kb") / "kb.db").database)


def names(places) -> list[str]:
    return [place.name for place in places]


def test_region_code_32_is_hauts_de_france():
    cities = geonames_cities()
    for geonameid in ("3037854", "2998324", "3036784"):  # Amiens, Lille, Arras
        assert (cities[geonameid]["countrycode"], cities[geonameid]["admin1code"]) == ("FR", "32")


def test_albert_is_the_somme_town(kb):
    albert = kb.find_places("Albert")[0]
    assert (albert.name, albert.kind, albert.admin) == ("Albert", "commune", "Hauts-de-France")
    assert albert.lat == pytest.approx(50.0, abs=0.05) and albert.lon == pytest.approx(2.65, abs=0.05)


def test_ambiguous_name_returns_every_place_of_that_name(kb):
    exact = [place for place in kb.find_places("Athies") if place.name == "Athies"]
    assert len(exact) == 2 and all(place.score == 100 for place in exact)
    assert exact[0].population > exact[1].population  # the bigger one first


def test_same_name_in_two_countries(kb):
    lilles = [place for place in kb.find_places("Lille") if place.name == "Lille"]
    assert [place.admin for place in lilles] == ["Hauts-de-France", "Belgium"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dunkirk", "Dunkerque"),  # English alternate name, French display name
        ("dunkerque", "Dunkerque"),
        ("Londres", "London"),
        ("Bruxelles", "Brussels"),
        ("Gand", "Gent"),
        ("Brugge", "Brugge"),
        ("Paris", "Paris"),
        ("Reims", "Reims"),
        ("Rouen", "Rouen"),
        ("amien", "Amiens"),  # typo
        ("PERONNE", "Péronne"),  # case and accent
    ],
)
def test_cities_in_and_around_the_region(kb, text, name):
    assert kb.find_places(text)[0].name == name


def test_sourced_station_keeps_its_coordinates(kb):
    station = kb.find_places("Sourced station")[0]
    assert (station.kind, station.lat, station.lon, station.approximate) == ("station", 50.6, 3.0, False)


def test_station_without_coordinates_uses_its_town_centre(kb):
    port = next(place for place in kb.find_places("Calais ferry port") if place.kind == "port")
    calais = geonames_cities()["3029162"]
    assert port.approximate and (port.lat, port.lon) == (calais["latitude"], calais["longitude"])


def test_unknown_and_empty_texts(kb):
    assert kb.find_places("xqzwvk") == []
    assert kb.find_places("") == []
    assert kb.find_places("🙂") == []


def test_far_away_towns_are_not_in_the_gazetteer(kb):
    assert "Marseille" not in names(kb.find_places("Marseille"))


def test_real_stations_are_found(tmp_path):
    kb = KnowledgeBase(build(PROJECT_ROOT / "knowledge", tmp_path / "real.db").database)
    assert kb.find_places("Lille-Europe")[0].kind == "station"
    assert kb.find_places("Gare du Nord")[0].name == "Paris-Nord"
    assert kb.find_places("TGV Haute-Picardie")[0].approximate is False
