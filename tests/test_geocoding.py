"""Geocoding: the offline gazetteer, the BAN and Nominatim backends on local stubs, the chain."""

from __future__ import annotations

import pytest

from bot.geo import AnswerCache
from bot.geocoding import (
    BanGeocoder,
    GazetteerGeocoder,
    Geocoder,
    GeocoderChain,
    Location,
    NominatimGeocoder,
    ServiceUnavailable,
    default_geocoder,
)
from bot.knowledge import open_kb
from tests.stubs.geocoders import ban_app, ban_feature, nominatim_app, nominatim_place
from tests.stubs.servers import Reply, refused_url, serve

BAN_ANSWERS = {
    "62000": [
        ban_feature(
            "Arras",
            2.7775,
            50.2910,
            "municipality",
            0.95,
            "62, Pas-de-Calais, Hauts-de-France",
            "62000",
            "Arras",
        ),
        ban_feature(
            "Dainville",
            2.7270,
            50.2810,
            "municipality",
            0.93,
            "62, Pas-de-Calais, Hauts-de-France",
            "62000",
            "Dainville",
        ),
    ],
    "10 Rue de la Paix Amiens": [
        ban_feature(
            "10 Rue de la Paix 80000 Amiens",
            2.2970,
            49.8930,
            "housenumber",
            0.88,
            "80, Somme, Hauts-de-France",
            "80000",
            "Amiens",
            name="10 Rue de la Paix",
        ),
    ],
}
NOMINATIM_ANSWERS = {
    "Ypres Menin Gate": [
        nominatim_place(
            "Menenpoort",
            50.8520,
            2.8917,
            "historic",
            "memorial",
            0.55,
            "Vlaanderen",
            "België / Belgique / Belgien",
        )
    ],
    "Canterbury": [
        nominatim_place("Canterbury", 51.2802, 1.0789, "place", "city", 0.71, "England", "United Kingdom")
    ],
}


@pytest.fixture
def cache(tmp_path):
    return AnswerCache(tmp_path / "cache.db")


@pytest.fixture(scope="module")
def gazetteer():
    return GazetteerGeocoder(open_kb())


# --- offline gazetteer -------------------------------------------------------------------------


def test_a_town_is_found_with_its_region(gazetteer):
    [albert, *_] = gazetteer.geocode("Albert")
    assert (albert.name, albert.admin, albert.kind, albert.source) == (
        "Albert",
        "Hauts-de-France",
        "town",
        "gazetteer",
    )
    assert albert.lat == pytest.approx(50.0, abs=0.05) and albert.lon == pytest.approx(2.65, abs=0.05)


def test_saint_omer_returns_both_namesakes_exact_one_first(gazetteer):
    names = [place.name for place in gazetteer.geocode("Saint-Omer")]
    assert names[0] == "Saint-Omer" and "Saint-Omer-en-Chaussée" in names


def test_english_name_dunkirk_is_dunkerque(gazetteer):
    assert gazetteer.geocode("Dunkirk")[0].name == gazetteer.geocode("Dunkerque")[0].name == "Dunkerque"


def test_gps_text_is_a_point(gazetteer):
    [point] = gazetteer.geocode("50.95,1.86")
    assert (point.lat, point.lon, point.kind, point.source) == (50.95, 1.86, "point", "gps")
    assert gazetteer.geocode("95.0, 1.86") == []


@pytest.mark.parametrize("text", ["62000", "Zzzzville", "", "🙂🙂", "x" * 5000])
def test_gazetteer_finds_nothing_rather_than_anything(gazetteer, text):
    assert gazetteer.geocode(text) == []


# --- BAN ---------------------------------------------------------------------------------------


def test_ban_postcode_returns_every_commune_of_it(cache):
    with serve(ban_app(BAN_ANSWERS)) as (url, received):
        found = BanGeocoder(url, cache=cache).geocode("62000")
    assert [(place.name, place.kind, place.source) for place in found] == [
        ("Arras (62000)", "postcode", "ban"),
        ("Dainville (62000)", "postcode", "ban"),
    ]
    assert found[0].lat == 50.2910 and found[0].lon == 2.7775  # GeoJSON is [lon, lat]
    assert found[0].score == 95.0 and "Pas-de-Calais" in found[0].admin
    assert received[0].startswith("/search?q=62000")


def test_ban_address_is_an_address_and_answers_are_cached(cache):
    with serve(ban_app(BAN_ANSWERS)) as (url, received):
        geocoder = BanGeocoder(url, cache=cache)
        first = geocoder.geocode("10 Rue de la Paix Amiens")
        again = geocoder.geocode("10 Rue de la Paix Amiens")
    assert first == again and first[0].kind == "address" and first[0].name.startswith("10 Rue de la Paix")
    assert len(received) == 1


def test_ban_nothing_found_is_an_empty_list(cache):
    with serve(ban_app(BAN_ANSWERS)) as (url, _):
        assert BanGeocoder(url, cache=cache).geocode("Nowhere at all") == []


def test_ban_http_400_is_service_unavailable(cache):
    with serve(lambda path, query: Reply(400, {"code": 400, "message": "bad"})) as (url, _):
        with pytest.raises(ServiceUnavailable):
            BanGeocoder(url, cache=cache).geocode("Arras centre")


def test_ban_refused_connection_is_service_unavailable(cache):
    with pytest.raises(ServiceUnavailable):
        BanGeocoder(refused_url(), cache=cache).geocode("Arras centre")


def test_ban_slow_answer_times_out(cache, monkeypatch):
    monkeypatch.setenv("SERVICE_TIMEOUT_S", "0.2")
    slow = ban_app(BAN_ANSWERS)
    with serve(lambda path, query: Reply(200, slow(path, query).body, delay=1.0)) as (url, _):
        with pytest.raises(ServiceUnavailable):
            BanGeocoder(url, timeout=5, cache=cache).geocode("62000")  # capped at SERVICE_TIMEOUT_S


def test_ban_unexpected_json_is_service_unavailable(cache):
    with serve(lambda path, query: Reply(200, {"features": [{"type": "Feature"}]})) as (url, _):
        with pytest.raises(ServiceUnavailable):
            BanGeocoder(url, cache=cache).geocode("Arras centre")


def test_failures_are_not_cached(cache):
    with serve(lambda path, query: Reply(500, {"message": "down"})) as (url, _):
        with pytest.raises(ServiceUnavailable):
            BanGeocoder(url, cache=cache).geocode("62000")
    with serve(ban_app(BAN_ANSWERS)) as (url, _):
        geocoder = BanGeocoder(url, cache=cache)
        assert geocoder.geocode("62000")


# --- Nominatim ---------------------------------------------------------------------------------


def test_nominatim_reads_string_coordinates_and_kinds(cache):
    with serve(nominatim_app(NOMINATIM_ANSWERS)) as (url, received):
        geocoder = NominatimGeocoder(url, cache=cache)
        [gate] = geocoder.geocode("Ypres Menin Gate")
        [town] = geocoder.geocode("Canterbury")
    assert (gate.name, gate.lat, gate.lon, gate.kind, gate.source) == (
        "Menenpoort",
        50.852,
        2.8917,
        "address",
        "nominatim",
    )
    assert (town.kind, town.admin, town.score) == ("town", "England", 71.0)
    assert "format=json" in received[0]


# --- chain -------------------------------------------------------------------------------------


class Broken(Geocoder):
    name = "broken"

    def geocode(self, text, limit=5):
        raise ServiceUnavailable("down")


def test_chain_prefers_the_gazetteer_then_asks_the_ban(gazetteer, cache):
    with serve(ban_app(BAN_ANSWERS)) as (url, received):
        chain = GeocoderChain([gazetteer, BanGeocoder(url, cache=cache)])
        assert chain.geocode("Arras")[0].source == "gazetteer"
        assert received == []
        assert {place.name for place in chain.geocode("62000")} == {"Arras (62000)", "Dainville (62000)"}


def test_chain_skips_a_failing_backend(gazetteer, cache):
    with serve(nominatim_app(NOMINATIM_ANSWERS)) as (url, _):
        chain = GeocoderChain(
            [
                gazetteer,
                Broken(),
                BanGeocoder(refused_url(), cache=cache),
                NominatimGeocoder(url, cache=cache),
            ]
        )
        assert chain.geocode("Canterbury")[0].source in {"gazetteer", "nominatim"}
        assert chain.geocode("Ypres Menin Gate")[0].name == "Menenpoort"
        assert chain.geocode("Nothing anywhere") == []


def test_default_geocoder_uses_the_configured_services(monkeypatch, tmp_path):
    monkeypatch.setenv("MEMHISTO_CACHE_DB", str(tmp_path / "cache.db"))
    monkeypatch.delenv("BAN_URL", raising=False)
    monkeypatch.delenv("NOMINATIM_URL", raising=False)
    assert [backend.name for backend in default_geocoder().backends] == ["gazetteer"]
    with serve(ban_app(BAN_ANSWERS)) as (url, _):
        monkeypatch.setenv("BAN_URL", url)
        monkeypatch.setenv("NOMINATIM_URL", refused_url())
        chain = default_geocoder()
        assert [backend.name for backend in chain.backends] == ["gazetteer", "ban", "nominatim"]
        assert chain.geocode("62000")[0].name == "Arras (62000)"
        assert chain.geocode("Nothing anywhere") == []  # Nominatim refused: skipped, no crash


def test_location_round_trips_through_the_cache(cache):
    place = Location("Arras", 50.29, 2.78, "town", "ban", 90.0, False, "62, Pas-de-Calais")
    cache.put("ban", "k", [place.__dict__])
    assert Location(**cache.get("ban", "k")[0]) == place


@pytest.mark.parametrize("text", ["gare de Douai", "Gare de Douai", "Douai station"])
def test_a_station_the_gazetteer_lacks_is_its_town(gazetteer, text):
    assert [place.name for place in gazetteer.geocode(text, limit=1)] == ["Douai"]
    assert gazetteer.geocode("gare de Xyzzyqville") == []
