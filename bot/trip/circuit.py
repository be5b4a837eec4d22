"""A shared circuit (the website's link): its times on its date, in its order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.geocoding import Location
from bot.knowledge import KnowledgeBase, open_kb
from bot.planner import Node, schedule
from bot.traveltime import TravelTimeSource, default_travel_times
from bot.trip.links import CircuitSpec, website_link
from bot.trip.plan import MAX_DAYS, build_problem, depot_day_plan
from bot.trip.request import MAX_YEARS_AWAY, TripPlan, TripRequest, within_reach

MAX_STOPS_PER_DAY = 20  # more than any day holds (the shortest visits take half an hour)


def schedule_circuit(
    spec: CircuitSpec,
    kb: KnowledgeBase | None = None,
    travel: TravelTimeSource | None = None,
    lang: str = "fr",
    today: date | None = None,
) -> TripPlan:
    """Times for the circuit ``spec``; KeyError names an unknown site, ValueError says why the circuit
    cannot be a visit (too many days or stops, a date years away, a day that cannot fit from its start)."""
    kb = kb or open_kb()
    travel = travel or default_travel_times()
    today = today or date.today()
    first = spec.first_date or today + timedelta(days=1)
    if len(spec.days) > MAX_DAYS or any(len(day) > MAX_STOPS_PER_DAY for day in spec.days):
        raise ValueError(f"a circuit has at most {MAX_DAYS} days of {MAX_STOPS_PER_DAY} stops")
    if not within_reach(first, today):
        raise ValueError(f"date must be less than {MAX_YEARS_AWAY} years from today")
    dates = [first + timedelta(days=offset) for offset in range(len(spec.days))]
    request = TripRequest(
        start_point=spec.start, first_date=first, days=len(dates), mode=spec.mode, lang=lang
    )
    sites = [kb.site(site_id) for day in spec.days for site_id in day]  # KeyError: unknown site
    unique = list({site.id: site for site in sites}.values())
    start = Location(spec.start_name, spec.start[0], spec.start[1], "point", "link")
    depots = [start, *spec.nights]
    matrix = travel.matrix(
        [(depot.lat, depot.lon) for depot in depots] + [(site.lat, site.lon) for site in unique], spec.mode
    )
    scores = {site.id: 1.0 for site in unique}
    problem = build_problem(kb, unique, scores, dates, request, matrix.minutes, len(spec.nights))
    # The same visits ignoring opening hours, the lunch break and the end of the day, for circuits that
    # no longer fit; each day still from its start to its end.
    whole_day = tuple(((0.0, 24 * 60.0),) for _ in dates)
    relaxed_nodes = [Node(node.id, node.score, node.service, whole_day) for node in problem.nodes]
    relaxed = replace(problem, nodes=relaxed_nodes, breaks=[], max_visits=None)
    plan = TripPlan(request, start, [], matrix.estimated, [], "")
    by_id = {site.id: site for site in unique}
    for tour, (day, ids) in enumerate(zip(dates, spec.days, strict=True)):
        route = [problem.index[site_id] for site_id in ids]
        timed = schedule(problem, tour, route)
        if timed is None:
            timed = schedule(relaxed, tour, route)
            if timed is None:  # not even from midnight to midnight: too many stops, or too far away
                raise ValueError(
                    f"the stops of {day.isoformat()} cannot be visited in one day from its start"
                )
            plan.no_longer_fits.append(day)
        plan.days.append(depot_day_plan(kb, request, day, tour, timed, route, matrix.minutes, by_id, depots))
    plan.website_link = website_link(plan)
    return plan
