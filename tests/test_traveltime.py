"""Travel times: the offline model, OSRM on a local stub (table, route, errors), the fallback."""

from __future__ import annotations

import pytest

from bot.geo import AnswerCache
from bot.traveltime import (
    FallbackTravelTimes,
    OfflineTravelTimes,
    OsrmTravelTimes,
    RoutingError,
    default_travel_times,
)
from bot.traveltime.calibration import measure, summary
from bot.traveltime.offline import road_minutes
from tests.stubs.osrm import osrm_app
from tests.stubs.servers import refused_url, serve

ARRAS = (50.2930, 2.7819)
PERONNE = (49.9291, 2.9285)
ALBERT = (50.0041, 2.6486)
POINTS = [ARRAS, PERONNE, ALBERT]


@pytest.fixture
def cache(tmp_path):
    return AnswerCache(tmp_path / "cache.db")


def test_offline_matrix_is_square_zero_on_the_diagonal_and_symmetric():
    matrix = OfflineTravelTimes().matrix(POINTS, "car")
    assert matrix.estimated and matrix.source == "offline"
    assert [matrix.minutes[i][i] for i in range(3)] == [0, 0, 0]
    assert all(matrix.minutes[i][j] == matrix.minutes[j][i] > 0 for i in range(3) for j in range(3) if i != j)


def test_offline_modes_are_ordered_car_bike_foot():
    car, bike, foot = (
        OfflineTravelTimes().matrix(POINTS, mode).minutes[0][1] for mode in ("car", "bike", "foot")
    )
    assert car < bike < foot


def test_osrm_one_table_request_longitude_first_in_minutes_and_km(cache):
    with serve(osrm_app()) as (url, received):
        matrix = OsrmTravelTimes(url, cache=cache).matrix(POINTS, "car")
    assert len(received) == 1
    path = received[0]
    assert path.startswith("/table/v1/driving/2.781900,50.293000;2.928500,49.929100;")
    assert "annotations=duration%2Cdistance" in path or "annotations=duration,distance" in path
    assert not matrix.estimated and matrix.source == "osrm"
    # The stub drives at 60 km/h: minutes equal kilometres.
    assert matrix.minutes[0][1] == pytest.approx(matrix.km[0][1], abs=0.1)
    assert 40 < matrix.km[0][1] < 60  # Arras-Péronne is about 40 km as the crow flies, ×1.3


def test_osrm_answers_are_cached(cache):
    with serve(osrm_app()) as (url, received):
        source = OsrmTravelTimes(url, cache=cache)
        assert source.matrix(POINTS) == source.matrix(POINTS)
    assert len(received) == 1


def test_osrm_null_cell_is_filled_by_the_model_and_marked_estimated(cache):
    with serve(osrm_app("null_cell")) as (url, _):
        matrix = OsrmTravelTimes(url, cache=cache).matrix(POINTS)
    offline = OfflineTravelTimes().matrix(POINTS)
    assert matrix.estimated
    assert matrix.minutes[0][1] == offline.minutes[0][1] and matrix.km[0][1] == offline.km[0][1]
    assert matrix.minutes[1][0] != offline.minutes[1][0]  # the other cells are OSRM's


def test_osrm_without_distances_estimates_the_km_only(cache):
    with serve(osrm_app("no_distances")) as (url, _):
        matrix = OsrmTravelTimes(url, cache=cache).matrix(POINTS)
    assert matrix.estimated and matrix.km[0][1] == OfflineTravelTimes().matrix(POINTS).km[0][1]


@pytest.mark.parametrize("behaviour, code", [("no_table", "NoTable"), ("invalid", "InvalidQuery")])
def test_osrm_http_400_codes_raise_routing_error(cache, behaviour, code):
    with serve(osrm_app(behaviour)) as (url, _):
        with pytest.raises(RoutingError, match=code):
            OsrmTravelTimes(url, cache=cache).matrix(POINTS)


def test_osrm_refused_and_slow_raise_routing_error(cache, monkeypatch):
    with pytest.raises(RoutingError):
        OsrmTravelTimes(refused_url(), cache=cache).matrix(POINTS)
    monkeypatch.setenv("SERVICE_TIMEOUT_S", "0.3")
    with serve(osrm_app("slow")) as (url, _):
        with pytest.raises(RoutingError):
            OsrmTravelTimes(url, cache=cache).matrix(POINTS)


def test_osrm_mode_without_profile_is_refused_before_any_request(cache):
    with serve(osrm_app()) as (url, received):
        with pytest.raises(RoutingError, match="foot"):
            OsrmTravelTimes(url, cache=cache).matrix(POINTS, "foot")
    assert received == []


def test_osrm_route_geometry_is_lat_lon_with_one_leg_per_pair(cache):
    with serve(osrm_app()) as (url, received):
        route = OsrmTravelTimes(url, cache=cache).route_geometry(POINTS)
    assert "geometries=geojson" in received[0] and received[0].startswith("/route/v1/driving/")
    assert route.coordinates[0] == pytest.approx(ARRAS) and len(route.legs) == 2
    assert route.km == pytest.approx(sum(km for km, _ in route.legs), abs=0.05)


@pytest.mark.parametrize("behaviour", ["no_table", "slow", "refused"])
def test_fallback_uses_the_model_and_says_estimated(cache, monkeypatch, behaviour):
    monkeypatch.setenv("SERVICE_TIMEOUT_S", "0.3")
    offline = OfflineTravelTimes()
    if behaviour == "refused":
        source = FallbackTravelTimes(OsrmTravelTimes(refused_url(), cache=cache), offline)
        matrix = source.matrix(POINTS)
    else:
        with serve(osrm_app(behaviour)) as (url, _):
            matrix = FallbackTravelTimes(OsrmTravelTimes(url, cache=cache), offline).matrix(POINTS)
    assert matrix.estimated and matrix.minutes == offline.matrix(POINTS).minutes
    assert matrix.source == "offline"


def test_fallback_keeps_a_working_primary(cache):
    with serve(osrm_app()) as (url, _):
        source = FallbackTravelTimes(OsrmTravelTimes(url, cache=cache), OfflineTravelTimes())
        matrix = source.matrix(POINTS)
        assert source.route_geometry(POINTS).source == "osrm"
    assert not matrix.estimated and matrix.source == "osrm"


def test_default_travel_times_follows_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("MEMHISTO_CACHE_DB", str(tmp_path / "cache.db"))
    monkeypatch.delenv("OSRM_URL", raising=False)
    assert isinstance(default_travel_times(), OfflineTravelTimes)
    monkeypatch.setenv("OSRM_URL", refused_url())
    source = default_travel_times()
    assert isinstance(source, FallbackTravelTimes) and source.matrix(POINTS).estimated


def test_car_time_grows_continuously_with_distance():
    times = [road_minutes(km / 10, "car") for km in range(1, 3000)]
    assert all(later > earlier for earlier, later in zip(times, times[1:], strict=False))
    assert all(later - earlier < 0.3 for earlier, later in zip(times, times[1:], strict=False))


def test_offline_model_stays_close_to_published_driving_times():
    figures = summary(measure())
    print(figures)
    assert figures["mean_absolute_percentage_error"] < 20
    assert abs(figures["mean_error_minutes"]) < 5  # no systematic bias either way


def test_a_failed_primary_is_left_alone_for_a_while(cache):
    with serve(osrm_app("no_table")) as (url, received):
        source = FallbackTravelTimes(OsrmTravelTimes(url, cache=cache), OfflineTravelTimes())
        assert source.matrix(POINTS).estimated and source.matrix(POINTS[:2]).estimated
        assert source.route_geometry(POINTS) is None  # the offline model draws no roads
    assert len(received) == 1


def test_a_mode_the_router_lacks_does_not_put_it_aside(cache):
    with serve(osrm_app()) as (url, received):
        source = FallbackTravelTimes(OsrmTravelTimes(url, cache=cache), OfflineTravelTimes())
        assert source.matrix(POINTS, "foot").estimated
        assert not source.matrix(POINTS, "car").estimated
    assert len(received) == 1
