"""ICS and GPX exports parse back with the circuit's visits, times and places."""

from __future__ import annotations

from datetime import date, datetime

import gpxpy
import pytest
from icalendar import Calendar

from bot.knowledge import open_kb
from bot.trip import TripPlan, TripRequest, plan_trip, to_gpx, to_ics


@pytest.fixture(scope="module")
def plan() -> TripPlan:
    request = TripRequest(start_text="Arras", themes=("ww1",), days=2, first_date=date(2026, 7, 1), lang="en")
    return plan_trip(request, kb=open_kb())


def test_ics_has_one_event_per_visit_in_paris_time(plan):
    calendar = Calendar.from_ical(to_ics(plan))
    events = calendar.walk("VEVENT")
    visits = [(day.date, visit) for day in plan.days for visit in day.visits]
    assert len(events) == len(visits)
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    for event, (day, visit) in zip(events, visits, strict=True):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert isinstance(start, datetime) and str(start.tzinfo) == "Europe/Paris"
        assert start.date() == day and start.hour * 60 + start.minute == visit.start
        assert (end - start).total_seconds() == (visit.end - visit.start) * 60
        assert str(event["summary"]) == visit.site.name_in("en")
        assert visit.site.town in str(event["location"])
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_gpx_has_the_stops_and_one_route_per_day(plan):
    gpx = gpxpy.parse(to_gpx(plan))
    assert len(gpx.waypoints) == plan.visit_count + 1  # the start, then every stop
    assert len(gpx.routes) == len(plan.days)
    for route, day in zip(gpx.routes, plan.days, strict=True):
        points = [(point.latitude, point.longitude) for point in route.points]
        assert points[0] == points[-1] == (plan.start.lat, plan.start.lon)
        assert points[1:-1] == [(visit.site.lat, visit.site.lon) for visit in day.visits]
