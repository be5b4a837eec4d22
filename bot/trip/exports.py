"""A circuit as files: an ICS calendar (one event per visit, Europe/Paris times, address and
position) and a GPX file (a waypoint per stop, a route per day from where it starts to where it ends)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import gpxpy.gpx
from icalendar import Calendar, Event

from bot.trip.request import TripPlan

PARIS = ZoneInfo("Europe/Paris")


def _moment(day, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=PARIS)


def to_ics(plan: TripPlan) -> str:
    # The words of the warnings are not the trip layer's: imported when a file is asked for
    # (ARCHITECTURE.md, "Module rules"; bot/webapp.py and channels/calendar.py call this).
    from bot.texts.plans import visit_warning_texts

    lang = plan.request.lang
    calendar = Calendar()
    calendar.add("prodid", "-//Mem'Histo circuits//memhisto//")
    calendar.add("version", "2.0")
    for day in plan.days:
        for number, visit in enumerate(day.visits, start=1):
            event = Event()
            event.add("uid", f"{day.date.isoformat()}-{number}-{visit.site.id}@memhisto-circuits")
            event.add("summary", visit.site.name_in(lang))
            event.add("dtstart", _moment(day.date, visit.start))
            event.add("dtend", _moment(day.date, visit.end))
            event.add("dtstamp", datetime.now(PARIS))
            address = ", ".join(
                part for part in (visit.site.address, visit.site.postcode, visit.site.town) if part
            )
            event.add("location", address)
            event.add("geo", (visit.site.lat, visit.site.lon))
            details = [visit.site.description_in(lang), *visit_warning_texts(visit, lang)]
            if visit.site.website:
                details.append(visit.site.website)
            event.add("description", "\n".join(details))
            calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for Europe/Paris, so every calendar app agrees
    return calendar.to_ical().decode()


def to_gpx(plan: TripPlan) -> str:
    from bot.texts.plans import start_name  # as in to_ics

    lang = plan.request.lang
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "Mem'Histo circuits"
    gpx.waypoints.append(
        gpxpy.gpx.GPXWaypoint(plan.start.lat, plan.start.lon, name=start_name(plan.start, lang))
    )
    for number, day in enumerate(plan.days, start=1):
        route = gpxpy.gpx.GPXRoute(name=f"{number} — {day.date.isoformat()}")
        begin, end = day.start or plan.start, day.end or plan.start
        route.points.append(gpxpy.gpx.GPXRoutePoint(begin.lat, begin.lon, name=start_name(begin, lang)))
        for visit in day.visits:
            name = visit.site.name_in(lang)
            gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(visit.site.lat, visit.site.lon, name=name))
            route.points.append(gpxpy.gpx.GPXRoutePoint(visit.site.lat, visit.site.lon, name=name))
        route.points.append(gpxpy.gpx.GPXRoutePoint(end.lat, end.lon, name=start_name(end, lang)))
        gpx.routes.append(route)
    return gpx.to_xml()
