"""The trip layer on the real knowledge base: circuits that respect hours, problems explained."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlparse

import gpxpy
import pytest
from icalendar import Calendar

from bot.cli import main
from bot.knowledge import open_kb
from bot.texts.plans import render_plan, render_problem
from bot.trip import (
    TripPlan,
    TripProblem,
    TripRequest,
    parse_circuit_link,
    plan_trip,
    schedule_circuit,
    to_gpx,
    to_ics,
)
from bot.trip.links import google_links

SUMMER_DAY = date(2026, 7, 1)


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def minutes(clock) -> int:
    return clock.hour * 60 + clock.minute


def assert_respects_opening_hours(kb, plan: TripPlan):
    for day in plan.days:
        for visit in day.visits:
            opening = kb.opening(visit.site.id, day.date)
            if not opening.known:
                assert "hours_unknown" in visit.warnings
                continue
            assert opening.is_open, (visit.site.id, day.date)
            assert any(minutes(o) <= visit.start and visit.end <= minutes(c) for o, c in opening.windows), (
                visit
            )
        assert all(
            a.end + b.travel_minutes <= b.start + 1 for a, b in zip(day.visits, day.visits[1:], strict=False)
        )


def test_ww1_day_from_arras_is_feasible_with_a_map_link(kb):
    plan = plan_trip(
        TripRequest(start_text="Arras", themes=("ww1",), first_date=SUMMER_DAY, lang="en"), kb=kb
    )
    assert isinstance(plan, TripPlan) and plan.visit_count >= 2
    assert all("ww1" in v.site.themes or "battle-of-the-somme" in v.site.themes for v in plan.days[0].visits)
    assert_respects_opening_hours(kb, plan)
    day = plan.days[0]
    assert 570 <= day.visits[0].start and day.back_at <= 18 * 60
    assert day.lunch_at is not None and 12 * 60 <= day.lunch_at <= 14 * 60 - 45
    text = render_plan(plan)
    assert "https://www.google.com/maps/dir/?api=1" in text and plan.website_link in text


def test_two_days_never_repeat_a_site(kb):
    plan = plan_trip(TripRequest(start_text="Lille", days=2, first_date=SUMMER_DAY), kb=kb)
    ids = [visit.site.id for day in plan.days for visit in day.visits]
    assert len(ids) == len(set(ids)) and len(plan.days) == 2
    assert_respects_opening_hours(kb, plan)


def test_a_day_when_most_sites_close_says_so_and_proposes_dates(kb):
    plan = plan_trip(
        TripRequest(start_text="Arras", themes=("ww1",), first_date=date(2026, 12, 25), lang="en"), kb=kb
    )
    text = render_plan(plan) if isinstance(plan, TripPlan) else render_problem(plan)
    assert "Closed: " in text and "2026" in text


def test_time_budget_limits_the_day(kb):
    plan = plan_trip(TripRequest(start_text="Albert", minutes_per_day=120, first_date=SUMMER_DAY), kb=kb)
    [day] = plan.days
    leave = day.visits[0].arrive - day.visits[0].travel_minutes
    assert day.back_at - leave <= 120 + 1  # minutes rounded one by one


def test_excluded_and_inaccessible_sites_are_left_out(kb):
    request = TripRequest(
        start_text="Albert",
        themes=("ww1",),
        first_date=SUMMER_DAY,
        wheelchair=True,
        exclude=("historial-peronne",),
    )
    plan = plan_trip(request, kb=kb)
    ids = {visit.site.id for day in plan.days for visit in day.visits}
    assert "historial-peronne" not in ids and "musee-somme-1916" not in ids  # not wheelchair accessible


@pytest.mark.parametrize(("start", "code"), [("Zzzzville", "unknown_start"), ("", "no_start")])
def test_start_problems(kb, start, code):
    problem = plan_trip(TripRequest(start_text=start, lang="fr"), kb=kb)
    assert isinstance(problem, TripProblem) and problem.code == code
    assert render_problem(problem)


def test_shared_gps_position_is_a_start(kb):
    plan = plan_trip(TripRequest(start_point=(50.95, 1.86), first_date=SUMMER_DAY, lang="en"), kb=kb)
    assert isinstance(plan, TripPlan) and plan.start.kind == "point"


def test_google_links_respect_the_waypoint_limit():
    stops = [(50.0 + i / 100, 2.0) for i in range(12)]
    links = google_links((50.0, 2.0), stops, "car")
    assert len(links) == 2
    for link in links:
        query = parse_qs(urlparse(link).query)
        assert len(query.get("waypoints", [""])[0].split("|")) <= 9
        assert query["api"] == ["1"] and query["travelmode"] == ["driving"]


def test_website_link_round_trip_and_schedule(kb):
    plan = plan_trip(TripRequest(start_text="Arras", themes=("ww1",), first_date=SUMMER_DAY), kb=kb)
    spec = parse_circuit_link(urlparse(plan.website_link).query)
    assert spec.days == [[visit.site.id for visit in plan.days[0].visits]]
    shared = schedule_circuit(spec, kb=kb)
    assert [v.start for v in shared.days[0].visits] == [v.start for v in plan.days[0].visits]


@pytest.mark.parametrize("query", ["", "start=abc&day=x", "start=50,2", "start=50,2&day=x&date=2026-02-30"])
def test_bad_circuit_links_raise_value_error(query):
    with pytest.raises(ValueError):
        parse_circuit_link(query)


def test_ics_and_gpx_parse_back(kb):
    plan = plan_trip(TripRequest(start_text="Arras", themes=("ww1",), first_date=SUMMER_DAY), kb=kb)
    events = Calendar.from_ical(to_ics(plan)).walk("VEVENT")
    assert len(events) == plan.visit_count
    assert str(events[0]["summary"]) == plan.days[0].visits[0].site.name_in("fr")
    gpx = gpxpy.parse(to_gpx(plan))
    assert len(gpx.waypoints) == plan.visit_count + 1 and len(gpx.routes) == 1


def test_plan_cli_json(capsys):
    assert (
        main(["plan", "--from", "Arras", "--themes", "ww1", "--date", "2026-07-01", "--lang", "en", "--json"])
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    assert answer["days"][0]["visits"] and answer["days"][0]["links"]["google"][0].startswith(
        "https://www.google.com/maps/dir/"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--themes", "cooking"], "unknown theme"),
        (["--date", "2026-13-01"], "YYYY-MM-DD"),
        (["--days", "30"], "between 1 and 7"),
    ],
)
def test_plan_cli_errors(capsys, arguments, message):
    assert main(["plan", "--from", "Arras", *arguments]) == 2
    assert message in capsys.readouterr().err
