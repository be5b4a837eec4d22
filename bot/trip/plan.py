"""From a visitor's request to a circuit: start, candidates, opening windows, matrix, planner.

``plan_trip`` geocodes the start (and the nights' stays of a trip that moves on), scores the sites
(``scoring.py``), keeps those reachable in the day, turns each site's opening on each date into
planner windows (a visit must END before closing; last entry; guided-tour-only sites at their tour
times; unknown hours allowed with a warning; open-air sites between sunrise and sunset), groups the
sites of one town or a few km apart into places, asks ``bot.planner.solve`` for the best circuit with
a lunch break and, at that score, the least driving with each place seen in one go (a time budget
shorter than the day is tried at several places in it), and times it. When nothing fits, the
``TripProblem`` says why and which changes of the request do give a circuit (other dates, themes, a
longer time budget, the car), each checked by planning it. Dates proposed instead are dates when
the knowledge base says the sites are open: unknown hours never make a date look better.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from datetime import date, timedelta

from bot.geo import haversine_km
from bot.geocoding import Geocoder, Location, default_geocoder
from bot.knowledge import DayOpening, EventOccurrence, KnowledgeBase, Site, open_kb
from bot.planner import Break, Node, Problem, TourSchedule, schedule, solve
from bot.traveltime import MODES, TravelTimeSource, default_travel_times
from bot.trip.daylight import daylight, in_daylight
from bot.trip.links import day_links, website_link
from bot.trip.request import (
    Alternative,
    Closure,
    DayPlan,
    LaterDates,
    TransitAccess,
    TripPlan,
    TripProblem,
    TripRequest,
    Visit,
    clock_of,
    whole_minute,
)
from bot.trip.scoring import score_sites, wheelchair_access
from bot.wordlists import load as load_wordlist

DEFAULT_VISIT_MINUTES = 60
MAX_CANDIDATES = 30  # the best-scored sites within reach; more only slows the search down
# Days when museums of unknown hours are assumed closed rather than risked in a circuit.
USUALLY_CLOSED_HOLIDAYS = frozenset(load_wordlist("usually_closed_holidays"))
LUNCH = Break(earliest=12 * 60, latest=14 * 60, duration=45)
MAX_DAYS = 7
SEARCH_DAYS_AHEAD = 14
NEXT_DATES_SHOWN = 3
# Failing a better date within two weeks, a seasonal site closed all winter reopens within the year.
REOPENING_DAYS_AHEAD = 366
# A time budget shorter than the day may start at the day's start or any whole hour later, up to
# ending at the day's end: a museum open 13:00-18:00 in winter is only reachable by an afternoon.
BUDGET_START_STEP = 60
PLANNER_SECONDS = 0.5
MAX_REORDERED_STOPS = 6  # 720 orders to try; beyond, the planner's order is kept
MAX_THEME_ALTERNATIVES = 2
TRANSIT_SITES_SHOWN = 5
# Sites closer than this (straight line) are neighbours: seen on the same day where the days allow.
NEIGHBOUR_KM = 3.0


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def day_bounds(request: TripRequest) -> tuple[int, int]:
    begin, end = minutes_of(request.day_start), minutes_of(request.day_end)
    if request.minutes_per_day:
        end = min(end, begin + request.minutes_per_day)
    return begin, end


def budget_placements(request: TripRequest) -> list[TripRequest]:
    """The request with its time budget placed in the day in each way worth planning: from the day's
    start, every ``BUDGET_START_STEP`` minutes later, and ending at the day's end (earliest first).
    A placement holds for every day of the trip: a few solves, not one per combination of days."""
    begin, end = minutes_of(request.day_start), minutes_of(request.day_end)
    budget = request.minutes_per_day
    if not budget or budget >= end - begin:
        return [request]
    starts = [*range(begin, end - budget, BUDGET_START_STEP), end - budget]
    return [
        dataclasses.replace(request, day_start=clock_of(start), day_end=clock_of(start + budget))
        for start in starts
    ]


def close_names(kb: KnowledgeBase, text: str) -> list[Location]:
    """Gazetteer places whose names look like ``text``, to suggest when it was not understood."""
    return [
        Location(
            place.name, place.lat, place.lon, "town", "gazetteer", place.score, place.approximate, place.admin
        )
        for place in kb.find_places(text, 3)
    ]


def locate_place(text: str, geocoder: Geocoder, kb: KnowledgeBase) -> Location | tuple[str, list[Location]]:
    """The place ``text`` names, or (``unknown_start`` | ``ambiguous_start``, the places meant)."""
    found = geocoder.geocode(text, limit=5)
    if not found:
        return "unknown_start", close_names(kb, text)
    # A postcode shared by several communes, or namesakes that match equally well: ask which.
    if found[0].kind == "postcode" and len(found) > 1:
        return "ambiguous_start", found
    namesakes = [
        place
        for place in found
        if place.score == found[0].score and place.name == found[0].name and place.admin == found[0].admin
    ]
    if len({(round(place.lat, 2), round(place.lon, 2)) for place in namesakes}) > 1:
        return "ambiguous_start", namesakes
    return found[0]


def locate_start(request: TripRequest, geocoder: Geocoder, kb: KnowledgeBase) -> Location | TripProblem:
    if request.start_point:
        lat, lon = request.start_point
        return Location(request.start_text or "", lat, lon, "point", "gps")
    if not (request.start_text or "").strip():
        return TripProblem("no_start", request)
    found = locate_place(request.start_text, geocoder, kb)
    if isinstance(found, Location):
        return found
    code, candidates = found
    return TripProblem(code, request, candidates=candidates)


def locate_nights(
    request: TripRequest, geocoder: Geocoder, kb: KnowledgeBase
) -> list[Location] | TripProblem:
    """Where the visitor sleeps after each day (``TripRequest.nights``), or which one is not understood."""
    nights = []
    for text in request.nights[:MAX_DAYS]:
        found = locate_place(text, geocoder, kb)
        if not isinstance(found, Location):
            code, candidates = found
            return TripProblem(code, request, candidates=candidates, place=text)
        nights.append(found)
    return nights


def day_depots(tour: int, stays: int) -> tuple[int, int]:
    """Where day ``tour`` starts and ends: 0 is the trip's start, 1..``stays`` the nights' stays in
    order (the last one holds for the remaining days); without stays, every day is a round trip."""
    if not stays:
        return 0, 0
    return min(tour, stays), min(tour + 1, stays)


def place_labels(depots: list[Location], sites: list[Site]) -> list[str | None]:
    """Per planner node (the depots, then ``sites``): sites of one town, or chained less than
    ``NEIGHBOUR_KM`` apart, share a label; a depot takes the label of a site that near or of its town."""
    root = list(range(len(sites)))

    def find(position: int) -> int:
        while root[position] != position:
            root[position] = root[root[position]]
            position = root[position]
        return position

    for first, second in itertools.combinations(range(len(sites)), 2):
        one, two = sites[first], sites[second]
        same_town = bool(one.town) and (one.town or "").casefold() == (two.town or "").casefold()
        if same_town or haversine_km(one.lat, one.lon, two.lat, two.lon) < NEIGHBOUR_KM:
            root[find(first)] = find(second)
    labels = [f"place-{find(position)}" for position in range(len(sites))]
    depot_labels = []
    for depot in depots:
        near = [
            label
            for site, label in zip(sites, labels, strict=True)
            if (site.town or "").casefold() == depot.name.casefold()
            or haversine_km(depot.lat, depot.lon, site.lat, site.lon) < NEIGHBOUR_KM
        ]
        depot_labels.append(near[0] if near else None)
    return depot_labels + labels


def start_windows(
    site: Site, opening: DayOpening, day_start: int, day_end: int
) -> tuple[tuple[float, float], ...]:
    """When a visit of ``site`` may START that day so that it ends before closing (planner windows)."""
    if not opening.known:  # unknown hours: allowed within the day, with a warning
        if opening.holiday in USUALLY_CLOSED_HOLIDAYS:
            return ()
        return ((day_start, day_end - (site.visit_minutes or DEFAULT_VISIT_MINUTES)),)
    return open_windows(site, opening)


def open_windows(site: Site, opening: DayOpening) -> tuple[tuple[float, float], ...]:
    """When a visit of ``site`` may START on a day of known hours so that it ends before closing."""
    if not opening.is_open:
        return ()
    if opening.guided_tour_times:
        return tuple((m, m) for m in (tour.hour * 60 + tour.minute for tour in opening.guided_tour_times))
    duration = site.visit_minutes or DEFAULT_VISIT_MINUTES
    windows = []
    last_entry = opening.last_entry.hour * 60 + opening.last_entry.minute if opening.last_entry else None
    for opens, closes in opening.windows:
        begin = opens.hour * 60 + opens.minute
        latest = closes.hour * 60 + closes.minute - duration
        if last_entry is not None:
            latest = min(latest, last_entry)
        if latest >= begin:
            windows.append((begin, latest))
    return tuple(windows)


def known_open(kb: KnowledgeBase, site: Site, day: date) -> bool:
    """Whether the knowledge base says ``site`` is open on ``day`` long enough for a visit. Unknown
    hours are not "open": such a site may be planned with a warning, never proposed as open."""
    opening = kb.opening(site.id, day)
    return opening.known and bool(open_windows(site, opening))


def visit_warnings(site: Site, opening: DayOpening, wheelchair: bool = False) -> list[str]:
    """What to check before visiting ``site`` that day, as codes (``request.VISIT_WARNINGS``)."""
    warnings = []
    if wheelchair and wheelchair_access(site) != "full":
        warnings.append(f"wheelchair_{wheelchair_access(site)}")
    if not opening.known:
        warnings.append("hours_unknown")
    elif site.hours_unconfirmed:
        warnings.append("hours_unconfirmed")
    if opening.guided_tour_times:
        warnings.append("guided_only")
    if opening.booking in ("required", "advised"):
        warnings.append(f"booking_{opening.booking}")
    if site.visit_minutes is None:
        warnings.append("duration_unknown")
    return warnings


def day_plan(
    kb: KnowledgeBase,
    request: TripRequest,
    day: date,
    start: tuple[float, float],
    timed: TourSchedule,
    route: list[int],
    minutes: list[list[float]],
    sites: dict[str, Site],
    depots: tuple[int, int] = (0, 0),
    end: tuple[float, float] | None = None,
) -> DayPlan:
    """One day of a circuit from its timed tour: visits with travel minutes, prices and warnings,
    the lunch break, the way back and the day's map links. ``route`` indexes ``minutes``, where the
    day starts and ends at ``depots`` (0 = the trip's start; ``end``: the point it ends at)."""
    visits, previous = [], depots[0]
    for stop, node_index in zip(timed.stops, route, strict=True):
        site = sites[stop.node]
        visits.append(
            Visit(
                site,
                whole_minute(stop.arrive),
                whole_minute(stop.start),
                whole_minute(stop.end),
                whole_minute(minutes[previous][node_index]),
                kb.price(site.id, request.party),
                visit_warnings(site, kb.opening(site.id, day), request.wheelchair),
            )
        )
        previous = node_index
    lunch_at = whole_minute(timed.break_at[1]) if timed.break_at else None
    links = day_links(start, [(visit.site.lat, visit.site.lon) for visit in visits], request.mode, end)
    back = whole_minute(minutes[previous][depots[1]])
    return DayPlan(day, visits, back, whole_minute(timed.back), lunch_at, links)


def depot_day_plan(
    kb: KnowledgeBase,
    request: TripRequest,
    day: date,
    tour: int,
    timed: TourSchedule,
    route: list[int],
    minutes: list[list[float]],
    sites: dict[str, Site],
    depots: list[Location],
) -> DayPlan:
    """``day_plan`` of day ``tour`` of a trip whose ``depots`` (the first rows of ``minutes``) are its
    start then the nights' stays (``day_depots``); a day of a trip that moves on says where it starts
    and ends."""
    begin, end = day_depots(tour, len(depots) - 1)
    points = [(depot.lat, depot.lon) for depot in depots]
    planned = day_plan(
        kb, request, day, points[begin], timed, route, minutes, sites, (begin, end), points[end]
    )
    if len(depots) > 1:
        planned.start, planned.end = depots[begin], depots[end]
    return planned


def trip_dates(request: TripRequest, today: date) -> list[date]:
    first = request.first_date or today + timedelta(days=1)
    return [first + timedelta(days=offset) for offset in range(max(1, min(request.days, MAX_DAYS)))]


def site_windows(kb, site: Site, day: date, day_start: int, day_end: int, in_daylight_only: bool = True):
    """Planner windows of ``site`` on ``day``: its opening, and for an open-air site the daylight."""
    windows = start_windows(site, kb.opening(site.id, day), day_start, day_end)
    if site.open_air and in_daylight_only:
        sunrise, sunset = daylight(site.lat, site.lon, day)
        windows = in_daylight(windows, site.visit_minutes or DEFAULT_VISIT_MINUTES, sunrise, sunset)
    return windows


def build_problem(
    kb,
    sites: list[Site],
    scores,
    dates,
    request,
    minutes,
    stays: int = 0,
    places: list[str | None] | None = None,
    in_daylight_only: bool = True,
) -> Problem:
    """Planner problem: node 0 is the start, nodes 1..``stays`` the nights' stays (``day_depots``),
    then ``sites``; ``minutes`` is their matrix and ``places`` their place labels (``place_labels``)."""
    day_start, day_end = day_bounds(request)
    depot_windows = tuple(((day_start, day_end),) for _ in dates)
    places = places or [None] * (1 + stays + len(sites))
    nodes = [Node("start", 0, 0, depot_windows, places[0])]
    nodes += [Node(f"night-{night}", 0, 0, depot_windows, places[night]) for night in range(1, stays + 1)]
    for position, site in enumerate(sites, start=stays + 1):
        windows = tuple(site_windows(kb, site, day, day_start, day_end, in_daylight_only) for day in dates)
        service = site.visit_minutes or DEFAULT_VISIT_MINUTES
        nodes.append(Node(site.id, scores[site.id], service, windows, places[position]))
    spans_lunch = request.lunch and day_start <= LUNCH.earliest and day_end >= LUNCH.latest
    breaks = [LUNCH if spans_lunch else None] * len(dates)
    depots = [day_depots(tour, stays) for tour in range(len(dates))]
    ids = [(nodes[begin].id, nodes[end].id) for begin, end in depots]
    return Problem(
        nodes, "start", ids[-1][1], len(dates), minutes, breaks, ids, max_visits=request.max_visits_per_day
    )


@dataclasses.dataclass
class _Context:
    """What stays the same while trying a request and its alternatives."""

    kb: KnowledgeBase
    travel: TravelTimeSource
    start: Location
    today: date
    nights: list[Location]
    circuit_sense: bool  # False: score only, no daylight (the circuits before issue 16; benchmark)


def plan_trip(
    request: TripRequest,
    kb: KnowledgeBase | None = None,
    geocoder: Geocoder | None = None,
    travel: TravelTimeSource | None = None,
    today: date | None = None,
    circuit_sense: bool = True,
) -> TripPlan | TripProblem:
    """The best circuit for ``request``, or a ``TripProblem`` saying why not and what would work.

    ``circuit_sense=False`` plans by score alone, open-air sites at any hour: the benchmark's
    baseline for the least-driving and daylight rules."""
    kb = kb or open_kb()
    geocoder = geocoder or default_geocoder(kb)
    start = locate_start(request, geocoder, kb)
    if isinstance(start, TripProblem):
        return start
    nights = locate_nights(request, geocoder, kb)
    if isinstance(nights, TripProblem):
        return nights
    context = _Context(
        kb, travel or default_travel_times(), start, today or date.today(), nights, circuit_sense
    )
    if request.mode not in MODES:
        return _without_timetables(context, request)
    result = _plan(context, request)
    if isinstance(result, TripProblem):
        result.alternatives = _alternatives(context, request, result)
    return result


def _plan(context: _Context, request: TripRequest) -> TripPlan | TripProblem:
    kb, start, nights = context.kb, context.start, context.nights
    dates = trip_dates(request, context.today)
    scores = score_sites(kb, kb.sites(), request)
    if not scores:
        return TripProblem("nothing_matches", request)
    day_start, day_end = day_bounds(request)
    scored = [kb.site(site_id) for site_id in scores]
    depots = [start, *nights]
    # One matrix request for the depots and every scored site: routing services answer a whole table.
    full = context.travel.matrix(
        [(depot.lat, depot.lon) for depot in depots] + [(site.lat, site.lon) for site in scored], request.mode
    )
    ways = {day_depots(tour, len(nights)) for tour in range(len(dates))}  # (start, end) of each day
    first = len(depots)  # the matrix index of the first site
    reachable = [
        (min(full.minutes[begin][position] for begin, _ in ways), position, site)
        for position, site in enumerate(scored, start=first)
        if min(full.minutes[begin][position] + full.minutes[position][end] for begin, end in ways)
        + (site.visit_minutes or DEFAULT_VISIT_MINUTES)
        <= day_end - day_start
    ]
    if not reachable:
        nearest = min(range(len(scored)), key=lambda position: full.minutes[0][position + first])
        closest = (scored[nearest], round(full.minutes[0][nearest + first]))
        return TripProblem("too_far", request, closest=closest)
    chosen = sorted(reachable, key=lambda item: (-scores[item[2].id], item[0]))[:MAX_CANDIDATES]
    keep = list(range(first)) + [position for _, position, _ in chosen]
    minutes = [[full.minutes[i][j] for j in keep] for i in keep]
    sites = [site for _, _, site in chosen]
    sense = context.circuit_sense
    places = place_labels(depots, sites) if sense else None
    # The time budget where it gives the best circuit; rounded scores, so that max keeps the earliest
    # of equal circuits whatever the order of their sums.
    tried = []
    for placed in budget_placements(request):
        problem = build_problem(kb, sites, scores, dates, placed, minutes, len(nights), places, sense)
        tried.append((placed, problem, solve(problem, time_limit=PLANNER_SECONDS, least_travel_too=sense)))
    planned, problem, solution = max(tried, key=lambda attempt: round(attempt[2].score, 6))
    visits = sum(len(each.stops) for each in solution.schedules)
    days_used = sum(1 for each in solution.schedules if each.stops)
    if visits == len(sites) and days_used < len(dates) <= visits:
        # Everything fits in fewer days than asked: the visits spread over the days the visitor has,
        # at a gentler pace, rather than a crowded day and an empty one.
        cap = math.ceil(visits / len(dates))
        gentler = dataclasses.replace(planned, max_visits_per_day=min(cap, planned.max_visits_per_day or cap))
        spread = build_problem(kb, sites, scores, dates, gentler, minutes, len(nights), places, sense)
        spread_out = solve(spread, time_limit=PLANNER_SECONDS, least_travel_too=sense)
        if round(spread_out.score, 6) >= round(solution.score, 6):
            planned, problem, solution = gentler, spread, spread_out
    if solution.score == 0:
        return _explain_empty(kb, request, sites, dates)
    by_id = {site.id: site for site in sites}
    days = []
    for tour, day in enumerate(dates):
        route = [problem.index[stop.node] for stop in solution.schedules[tour].stops]
        if not sense:
            route = _shortest_order(problem, tour, route)
        timed = schedule(problem, tour, route)
        days.append(depot_day_plan(kb, planned, day, tour, timed, route, minutes, by_id, depots))
    days = _without_empty_days(days, sites, bool(nights))
    plan = TripPlan(planned, start, days, full.estimated, _events(kb, dates, sites), "")
    if len(days) < len(dates):
        plan.days_needed = len(days)
    plan.closures = _closures(kb, sites, dates, plan)
    plan.next_dates = list(
        dict.fromkeys(day for closure in plan.closures if closure.later for day in closure.later.dates)
    )
    plan.website_link = website_link(plan)
    return plan


def _without_empty_days(days: list[DayPlan], sites: list[Site], moving_on: bool) -> list[DayPlan]:
    """When every candidate site is visited, the days with nothing left to see are not planned: the
    first and the last ones (the planner fills the first days first). Days in between stay, so that
    the dates still follow each other, and so do the first days of a trip that moves on: a visitor
    who sleeps elsewhere still drives there."""
    visited = {visit.site.id for day in days for visit in day.visits}
    if visited != {site.id for site in sites} or not visited:
        return days
    last = max(number for number, day in enumerate(days) if day.visits)
    first = 0 if moving_on else min(number for number, day in enumerate(days) if day.visits)
    return days[first : last + 1]


def _shortest_order(problem: Problem, tour: int, route: list[int]) -> list[int]:
    """The same visits in the feasible order with the least travel: how the circuits were ordered
    before the planner's own least-travel objective, kept for the baseline (``circuit_sense=False``).

    A planner that maximises the score alone may return a zig-zag (Lille, Monchy, Albert, Lens,
    Bondues) among orders of equal score. Small days are re-ordered by trying every order.
    """
    if len(route) > MAX_REORDERED_STOPS:
        return route

    def travel(order) -> float:
        path = [problem.start_of(tour), *order, problem.end_of(tour)]
        return sum(problem.time[a][b] for a, b in zip(path, path[1:], strict=False))

    feasible = (
        list(order) for order in itertools.permutations(route) if schedule(problem, tour, list(order))
    )
    return min(feasible, key=travel, default=route)


def _events(kb: KnowledgeBase, dates: list[date], sites: list[Site]) -> list[EventOccurrence]:
    """Events on the trip's dates: regional ones, and those at the candidate sites."""
    site_ids = {site.id for site in sites}
    return [
        occurrence
        for occurrence in kb.events(dates[0], dates[-1])
        if occurrence.event.scope == "regional" or site_ids & set(occurrence.sites)
    ]


def _closures(kb, sites: list[Site], dates: list[date], plan: TripPlan) -> list[Closure]:
    """The days when most of the interesting sites cannot be visited: why, and when more are open.
    Their opening decides, not the daylight: an open-air site is never said closed for the dark."""
    closures = []
    day_start, day_end = day_bounds(plan.request)
    for day in dates:
        left_out = [
            site for site in sites if not start_windows(site, kb.opening(site.id, day), day_start, day_end)
        ]
        if len(left_out) * 2 <= len(sites):
            continue
        closure = _left_out(kb, left_out, day)
        open_that_day = sum(known_open(kb, site, day) for site in sites)
        closure.later = _later_dates(kb, sites, day, open_that_day)
        closures.append(closure)
    return closures


def _left_out(kb, left_out: list[Site], day: date) -> Closure:
    """Which of the sites ``left_out`` on ``day`` are closed, and which have unknown hours."""
    unknown = [site for site in left_out if not kb.opening(site.id, day).known]
    return Closure(day, [site for site in left_out if site not in unknown], unknown)


def _later_dates(kb, sites: list[Site], after: date, more_than: int) -> LaterDates | None:
    """Up to three dates of the next two weeks when more than ``more_than`` of ``sites`` are known to
    be open; failing that, the first such date within a year (a seasonal reopening, with the sites it
    reopens); else None."""

    def better(day: date) -> bool:
        return sum(known_open(kb, site, day) for site in sites) > more_than

    def days(first: int, last: int):
        return (after + timedelta(days=offset) for offset in range(first, last + 1))

    near = [day for day in days(1, SEARCH_DAYS_AHEAD) if better(day)]
    if near:
        return LaterDates(near[:NEXT_DATES_SHOWN])
    reopening = next(filter(better, days(SEARCH_DAYS_AHEAD + 1, REOPENING_DAYS_AHEAD)), None)
    if reopening is None:
        return None
    reopened = [site for site in sites if known_open(kb, site, reopening) and not known_open(kb, site, after)]
    return LaterDates([reopening], reopening=True, reopened=reopened)


def _without_timetables(context: _Context, request: TripRequest) -> TripProblem:
    """Public transport: no timetables to plan with (and no source for them offline). Say so, say how
    to reach the nearest matching sites without a car, and offer the modes that do give a circuit."""
    kb, start = context.kb, context.start
    scores = score_sites(kb, kb.sites(), request)
    if not scores:
        return TripProblem("nothing_matches", request)
    nearest = [(site, km) for site, km in kb.near(start.lat, start.lon, limit=None) if site.id in scores]
    dates = trip_dates(request, context.today)
    transit = [
        # the nearest may be closed on the very days asked about
        TransitAccess(site, km, tuple(day for day in dates if _known_closed(kb, site, day)))
        for site, km in nearest[:TRANSIT_SITES_SHOWN]
    ]
    return TripProblem(
        "no_timetables", request, alternatives=_other_modes(context, request, MODES), transit=transit
    )


def _known_closed(kb: KnowledgeBase, site: Site, day: date) -> bool:
    return kb.opening(site.id, day).known and not known_open(kb, site, day)


def _other_modes(context: _Context, request: TripRequest, modes: tuple[str, ...]) -> list[Alternative]:
    """Travel modes among ``modes`` that give a circuit, with the sites it visits."""
    found = []
    for mode in modes:
        plan = _works(context, dataclasses.replace(request, mode=mode))
        if plan:
            found.append(Alternative("mode", mode, _visited(plan)))
    return found


def _explain_empty(kb, request: TripRequest, sites: list[Site], dates: list[date]) -> TripProblem:
    """Nothing fits: closed on those dates, or too far for the time given."""
    day_start, day_end = day_bounds(request)
    open_some_day = any(
        start_windows(site, kb.opening(site.id, day), day_start, day_end) for site in sites for day in dates
    )
    if open_some_day:
        return TripProblem("too_far", request)
    closure = _left_out(kb, sites, dates[0])
    closure.later = _later_dates(kb, sites, dates[-1], 0)
    next_dates = closure.later.dates if closure.later else []
    return TripProblem("all_closed", request, next_dates=next_dates, closure=closure)


def _visited(plan: TripPlan) -> tuple[Site, ...]:
    return tuple(visit.site for day in plan.days for visit in day.visits)


def _works(context: _Context, request: TripRequest) -> TripPlan | None:
    result = _plan(context, request)
    return result if isinstance(result, TripPlan) and result.visit_count else None


def _alternatives(context: _Context, request: TripRequest, problem: TripProblem) -> list[Alternative]:
    """Changes of ``request`` that give a circuit, each checked by planning it."""
    found: list[Alternative] = []
    if problem.code == "all_closed" and problem.next_dates:
        other = _works(context, dataclasses.replace(request, first_date=problem.next_dates[0]))
        if other:
            found.append(Alternative("date", problem.next_dates[0].isoformat(), _visited(other)))
    if problem.code == "too_far":
        budgets = []
        if request.minutes_per_day:
            budgets = [request.minutes_per_day * 2, None]
        for budget in budgets:
            longer = _works(context, dataclasses.replace(request, minutes_per_day=budget))
            if longer:
                found.append(Alternative("hours", f"{budget / 60:g}" if budget else "", _visited(longer)))
                break
        if request.mode != "car":
            found += _other_modes(context, request, ("car",))
    if problem.code in ("all_closed", "nothing_matches", "too_far") and request.themes:
        found += _other_themes(context, request)
    return found


def _other_themes(context: _Context, request: TripRequest) -> list[Alternative]:
    """Top-level themes, other than those asked, that give a circuit on the same dates."""
    kb = context.kb
    counts = []
    for theme in kb.themes():
        if theme.parent is None and theme.id not in request.themes:
            size = len(score_sites(kb, kb.sites(), dataclasses.replace(request, themes=(theme.id,))))
            if size:
                counts.append((-size, theme.id, theme))
    found, seen = [], set()
    for _, _, theme in sorted(counts):
        plan = _works(context, dataclasses.replace(request, themes=(theme.id,)))
        visits = plan and frozenset(visit.site.id for day in plan.days for visit in day.visits)
        if plan and visits not in seen:  # "occupation" may give the same circuit as "ww2"
            seen.add(visits)
            found.append(Alternative("themes", theme.id, _visited(plan), theme))
            if len(found) == MAX_THEME_ALTERNATIVES:
                break
    return found
