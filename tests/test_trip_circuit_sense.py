"""Circuits that make sense to a visitor (issue 16): least driving at the best score, neighbours on
one day, open-air sites in daylight, trips that move on from one night's stay to the next."""

from __future__ import annotations

import itertools
from datetime import date
from urllib.parse import urlsplit

import pytest

from bot.geo import haversine_km
from bot.geocoding import Location
from bot.knowledge import open_kb
from bot.texts.plans import plan_json, render_problem
from bot.trip import TripPlan, TripProblem, TripRequest, parse_circuit_link, plan_trip, schedule_circuit
from bot.trip.daylight import daylight
from bot.trip.plan import place_labels

DECEMBER_DAY = date(2026, 12, 20)


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_open_air_sites_are_marked_in_the_knowledge_base(kb):
    assert kb.site("thiepval-memorial").open_air and kb.site("lochnagar-crater").open_air
    assert not kb.site("historial-peronne").open_air


def test_sunset_in_the_somme_comes_before_five_in_december_and_after_nine_in_june(kb):
    thiepval = kb.site("thiepval-memorial")
    sunrise, sunset = daylight(thiepval.lat, thiepval.lon, DECEMBER_DAY)
    assert 8 * 60 < sunrise < 9 * 60 and 16 * 60 < sunset < 17 * 60
    assert daylight(thiepval.lat, thiepval.lon, date(2027, 6, 21))[1] > 21 * 60


@pytest.mark.parametrize("start", ["Albert", "Arras", "Péronne", "Amiens"])
def test_open_air_sites_are_visited_in_daylight(kb, start):
    plan = plan_trip(TripRequest(start_text=start, themes=("ww1",), days=2, first_date=DECEMBER_DAY), kb=kb)
    assert isinstance(plan, TripPlan)
    outdoors = [(day.date, visit) for day in plan.days for visit in day.visits if visit.site.open_air]
    assert outdoors
    for day, visit in outdoors:
        sunrise, sunset = daylight(visit.site.lat, visit.site.lon, day)
        assert sunrise - 1 <= visit.start and visit.end <= sunset + 1, (visit.site.id, visit.start, visit.end)


def test_before_the_rule_an_open_air_site_was_seen_after_dark(kb):
    """The baseline (circuit_sense=False) shows what the daylight rule prevents."""
    after_dark = 0
    for start in ("Albert", "Arras", "Péronne", "Amiens", "Lens", "Cambrai"):
        request = TripRequest(start_text=start, themes=("ww1",), days=2, first_date=DECEMBER_DAY)
        plan = plan_trip(request, kb=kb, circuit_sense=False)
        after_dark += sum(
            visit.end > daylight(visit.site.lat, visit.site.lon, day.date)[1] + 1
            for day in plan.days
            for visit in day.visits
            if visit.site.open_air
        )
    assert after_dark


def test_neighbouring_sites_share_a_place_and_distant_ones_do_not(kb):
    names = ["notre-dame-de-lorette", "anneau-de-la-memoire", "lens-14-18", "thiepval-memorial"]
    sites = [kb.site(name) for name in names]
    souchez = Location("Souchez", 50.393, 2.745, "town", "test")
    labels = place_labels([souchez], sites)
    assert labels[0] is not None and labels[0] == labels[1] == labels[2] == labels[3]
    assert labels[4] != labels[1]


def test_fewer_neighbours_are_split_across_days(kb):
    """Neighbours (< 3 km) seen on different days, over a few multi-day requests: fewer than when
    planned by score alone. Where the days are full, a split may remain."""
    split = {True: 0, False: 0}
    for start in ("Arras", "Lens", "Albert", "Dunkerque"):
        for themes in (("ww1",), ("ww2",), ()):
            request = TripRequest(start_text=start, themes=themes, days=3, first_date=date(2027, 6, 1))
            for sense in (True, False):
                plan = plan_trip(request, kb=kb, circuit_sense=sense)
                visits = [
                    (number, visit.site) for number, day in enumerate(plan.days) for visit in day.visits
                ]
                split[sense] += sum(
                    day_a != day_b and haversine_km(a.lat, a.lon, b.lat, b.lon) < 3
                    for (day_a, a), (day_b, b) in itertools.combinations(visits, 2)
                )
    assert split[True] < split[False]


def test_least_driving_at_the_same_score(kb):
    total = {True: [0.0, 0], False: [0.0, 0]}
    for start in ("Péronne", "Arras", "Lille"):
        for themes in (("ww1",), ("ww2",)):
            request = TripRequest(start_text=start, themes=themes, days=2, first_date=date(2027, 6, 1))
            for sense in (True, False):
                plan = plan_trip(request, kb=kb, circuit_sense=sense)
                total[sense][0] += sum(
                    visit.travel_minutes for day in plan.days for visit in day.visits
                ) + sum(day.return_travel_minutes for day in plan.days)
                total[sense][1] += plan.visit_count
    assert total[True][1] >= total[False][1]
    assert total[True][0] / total[True][1] < total[False][0] / total[False][1]


def test_a_trip_may_move_on_from_one_night_to_the_next(kb):
    request = TripRequest(
        start_text="Amiens", nights=("Amiens", "Arras"), themes=("ww1",), days=2, first_date=date(2027, 6, 1)
    )
    plan = plan_trip(request, kb=kb)
    assert isinstance(plan, TripPlan) and len(plan.days) == 2
    first, second = plan.days
    assert first.end.name == "Amiens" and second.start.name == "Amiens" and second.end.name == "Arras"
    days = plan_json(plan)["days"]
    assert days[1]["end"]["name"] == "Arras" and days[0]["start"]["name"] == "Amiens"
    # The way to the night's stay is the day's last leg, in the map links too.
    arras = second.end
    assert f"destination={arras.lat:.5f}%2C{arras.lon:.5f}" in second.links["google"][-1]


def test_a_trip_that_moves_on_keeps_its_nights_in_its_shared_link(kb):
    """The website re-times a shared circuit from its link: each day from the same start to the same
    end as planned, at the same times."""
    request = TripRequest(
        start_text="Amiens", nights=("Albert", "Arras"), themes=("ww1",), days=3, first_date=date(2027, 6, 1)
    )
    plan = plan_trip(request, kb=kb)
    assert isinstance(plan, TripPlan) and len(plan.days) == 3
    shared = schedule_circuit(
        parse_circuit_link(urlsplit(plan.website_link).query), kb=kb, today=date(2027, 5, 1)
    )

    def stays(days):
        return [
            (day.start.name, day.end.name, (round(day.end.lat, 5), round(day.end.lon, 5))) for day in days
        ]

    assert stays(shared.days) == stays(plan.days)
    assert [name for name, _, _ in stays(plan.days)] == ["Amiens", "Albert", "Arras"]
    assert [[visit.start for visit in day.visits] for day in shared.days] == [
        [visit.start for visit in day.visits] for day in plan.days
    ]
    assert [day.back_at for day in shared.days] == [day.back_at for day in plan.days]
    assert shared.days[1].links == plan.days[1].links and not shared.no_longer_fits


def test_an_unknown_place_to_sleep_is_said_by_its_name(kb):
    request = TripRequest(start_text="Amiens", nights=("Zzyzxville",), days=2, first_date=date(2027, 6, 1))
    problem = plan_trip(request, kb=kb)
    assert isinstance(problem, TripProblem) and problem.code == "unknown_start"
    assert problem.place == "Zzyzxville" and "Zzyzxville" in render_problem(problem)


def test_days_with_nothing_left_are_a_fact_of_the_plan(kb):
    request = TripRequest(start_text="Dunkerque", themes=("maritime",), days=3, first_date=date(2027, 5, 10))
    plan = plan_trip(request, kb=kb)
    assert plan.days_needed == len(plan.days) < 3
    assert plan_json(plan)["days_needed"] == plan.days_needed


def test_sites_that_fit_in_fewer_days_than_asked_are_spread_over_the_days(kb):
    request = TripRequest(start_text="Calais", themes=("v-weapons",), days=2, first_date=date(2027, 6, 19))
    plan = plan_trip(request, kb=kb)
    assert len(plan.days) == 2 and all(day.visits for day in plan.days)
    assert plan.days_needed is None  # no day was found empty
