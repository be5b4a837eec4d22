"""From a visitor's request to a circuit: start, candidates, opening windows, matrix, planner."""

from __future__ import annotations

from datetime import date, timedelta

from bot.geocoding import Geocoder, Location, default_geocoder
from bot.knowledge import DayOpening, KnowledgeBase, Site, open_kb
from bot.planner import Break, Node, Problem, solve
from bot.texts import t
from bot.traveltime import TravelTimeSource, default_travel_times
from bot.trip.links import day_links, website_link
from bot.trip.render import format_date
from bot.trip.request import DayPlan, TripPlan, TripProblem, TripRequest, Visit
from bot.trip.scoring import score_sites

DEFAULT_VISIT_MINUTES = 60
MAX_CANDIDATES = 30  # the best-scored sites within reach; more only slows the search down
# Days when museums of unknown hours are assumed closed rather than risked in a circuit.
USUALLY_CLOSED_HOLIDAYS = {"christmas", "new-year", "labour-day"}
LUNCH = Break(earliest=12 * 60, latest=14 * 60, duration=45)
MAX_DAYS = 7
SEARCH_DAYS_AHEAD = 14
PLANNER_SECONDS = 0.5


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def day_bounds(request: TripRequest) -> tuple[int, int]:
    begin, end = minutes_of(request.day_start), minutes_of(request.day_end)
    if request.minutes_per_day:
        end = min(end, begin + request.minutes_per_day)
    return begin, end


def locate_start(request: TripRequest, geocoder: Geocoder) -> Location | TripProblem:
    if request.start_point:
        lat, lon = request.start_point
        name = t(request.lang, "circuit.your_location")
        return Location(name, lat, lon, "point", "gps")
    if not (request.start_text or "").strip():
        return TripProblem("no_start", request)
    found = geocoder.geocode(request.start_text, limit=5)
    if not found:
        return TripProblem("unknown_start", request)
    # Namesakes that match equally well in the same area (two communes called alike): ask which.
    namesakes = [
        place
        for place in found
        if place.score == found[0].score and place.name == found[0].name and place.admin == found[0].admin
    ]
    if len({(round(place.lat, 2), round(place.lon, 2)) for place in namesakes}) > 1:
        return TripProblem("ambiguous_start", request, candidates=namesakes)
    return found[0]


def start_windows(
    site: Site, opening: DayOpening, day_start: int, day_end: int
) -> tuple[tuple[float, float], ...]:
    """When a visit of ``site`` may START that day so that it ends before closing (planner windows)."""
    duration = site.visit_minutes or DEFAULT_VISIT_MINUTES
    if not opening.known:  # unknown hours: allowed within the day, with a warning
        return () if opening.holiday in USUALLY_CLOSED_HOLIDAYS else ((day_start, day_end - duration),)
    if not opening.is_open:
        return ()
    if opening.guided_tour_times:
        return tuple((m, m) for m in (tour.hour * 60 + tour.minute for tour in opening.guided_tour_times))
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


def visit_warnings(site: Site, opening: DayOpening, lang: str) -> list[str]:
    warnings = []
    if not opening.known:
        warnings.append(t(lang, "circuit.warning_hours_unknown"))
    if opening.guided_tour_times:
        warnings.append(t(lang, "circuit.warning_guided_only"))
    if opening.booking == "required":
        warnings.append(t(lang, "circuit.warning_booking_required"))
    elif opening.booking == "advised":
        warnings.append(t(lang, "circuit.warning_booking_advised"))
    if site.visit_minutes is None:
        warnings.append(t(lang, "circuit.warning_duration_unknown"))
    return warnings


def _dates(request: TripRequest, today: date) -> list[date]:
    first = request.first_date or today + timedelta(days=1)
    return [first + timedelta(days=offset) for offset in range(max(1, min(request.days, MAX_DAYS)))]


def build_problem(kb, sites: list[Site], scores, dates, request, minutes) -> Problem:
    """Planner problem: node 0 is the start (and end), then ``sites``; ``minutes`` is their matrix."""
    day_start, day_end = day_bounds(request)
    depot_windows = tuple(((day_start, day_end),) for _ in dates)
    nodes = [Node("start", 0, 0, depot_windows)]
    for site in sites:
        windows = tuple(start_windows(site, kb.opening(site.id, day), day_start, day_end) for day in dates)
        nodes.append(Node(site.id, scores[site.id], site.visit_minutes or DEFAULT_VISIT_MINUTES, windows))
    spans_lunch = request.lunch and day_start <= LUNCH.earliest and day_end >= LUNCH.latest
    breaks = [LUNCH if spans_lunch else None] * len(dates)
    return Problem(nodes, "start", "start", len(dates), minutes, breaks)


def plan_trip(
    request: TripRequest,
    kb: KnowledgeBase | None = None,
    geocoder: Geocoder | None = None,
    travel: TravelTimeSource | None = None,
    today: date | None = None,
) -> TripPlan | TripProblem:
    kb = kb or open_kb()
    travel = travel or default_travel_times()
    start = locate_start(request, geocoder or default_geocoder())
    if isinstance(start, TripProblem):
        return start
    dates = _dates(request, today or date.today())
    scores = score_sites(kb, kb.sites(), request)
    if not scores:
        return TripProblem("nothing_matches", request)
    day_start, day_end = day_bounds(request)
    scored = [kb.site(site_id) for site_id in scores]
    # One matrix request for every scored site: routing services answer a whole table at once.
    full = travel.matrix([(start.lat, start.lon)] + [(site.lat, site.lon) for site in scored], request.mode)
    reachable = [
        (full.minutes[0][position + 1], position + 1, site)
        for position, site in enumerate(scored)
        if full.minutes[0][position + 1]
        + full.minutes[position + 1][0]
        + (site.visit_minutes or DEFAULT_VISIT_MINUTES)
        <= day_end - day_start
    ]
    if not reachable:
        return TripProblem("too_far", request, alternatives=_longer_budget(request))
    chosen = sorted(reachable, key=lambda item: (-scores[item[2].id], item[0]))[:MAX_CANDIDATES]
    keep = [0] + [position for _, position, _ in chosen]
    minutes = [[full.minutes[i][j] for j in keep] for i in keep]
    sites = [site for _, _, site in chosen]
    problem = build_problem(kb, sites, scores, dates, request, minutes)
    solution = solve(problem, time_limit=PLANNER_SECONDS)
    if solution.score == 0:
        return _explain_empty(kb, request, sites, dates)
    by_id = {site.id: site for site in sites}
    days = []
    for tour, day in enumerate(dates):
        timed = solution.schedules[tour]
        route = [problem.index[stop.node] for stop in timed.stops]
        previous = 0
        visits = []
        for stop, node_index in zip(timed.stops, route, strict=True):
            site = by_id[stop.node]
            opening = kb.opening(site.id, day)
            visits.append(
                Visit(
                    site,
                    round(stop.arrive),
                    round(stop.start),
                    round(stop.end),
                    round(minutes[previous][node_index]),
                    kb.price(site.id, request.party),
                    visit_warnings(site, opening, request.lang),
                )
            )
            previous = node_index
        lunch_at = round(timed.break_at[1]) if timed.break_at else None
        stops = [(visit.site.lat, visit.site.lon) for visit in visits]
        links = (
            day_links((start.lat, start.lon), stops, request.mode) if visits else {"google": [], "osm": []}
        )
        days.append(DayPlan(day, visits, round(minutes[previous][0]), round(timed.back), lunch_at, links))
    plan = TripPlan(request, start, days, full.estimated, [], _events(kb, dates, sites, request.lang), "")
    plan.warnings += _closures(kb, request, problem, sites, dates)
    if full.estimated:
        plan.warnings.append(t(request.lang, "circuit.warning_estimated_times"))
    plan.website_link = website_link(plan)
    return plan


def _events(kb: KnowledgeBase, dates: list[date], sites: list[Site], lang: str) -> list[str]:
    site_ids = {site.id for site in sites}
    found = []
    for occurrence in kb.events(dates[0], dates[-1]):
        if occurrence.event.scope == "regional" or site_ids & set(occurrence.sites):
            found.append(
                t(
                    lang,
                    "circuit.event",
                    date=occurrence.date.isoformat(),
                    name=occurrence.event.name_in(lang),
                )
            )
    return found


def _longer_budget(request: TripRequest) -> list[str]:
    if request.minutes_per_day:
        return [t(request.lang, "circuit.alternative_full_day")]
    return [t(request.lang, "circuit.alternative_other_start")]


def _closures(kb, request: TripRequest, problem: Problem, sites: list[Site], dates: list[date]) -> list[str]:
    """When most of the interesting sites are closed on a day, say which, and when more are open."""
    warnings = []
    for tour, day in enumerate(dates):
        closed = [
            site for position, site in enumerate(sites, start=1) if not problem.nodes[position].windows[tour]
        ]
        if len(closed) * 2 <= len(sites):
            continue
        names = ", ".join(site.name_in(request.lang) for site in closed[:4])
        warnings.append(
            t(request.lang, "circuit.warning_many_closed", date=format_date(day, request.lang), names=names)
        )
        better = _open_dates(kb, request, sites, day, len(sites) - len(closed))
        if better:
            dates_text = ", ".join(format_date(other, request.lang) for other in better)
            warnings.append(t(request.lang, "circuit.problem_next_dates", dates=dates_text))
    return warnings


def _open_dates(kb, request: TripRequest, sites: list[Site], after: date, more_than: int) -> list[date]:
    """Up to three later dates when more than ``more_than`` of ``sites`` are open."""
    day_start, day_end = day_bounds(request)
    found = []
    day = after
    for _ in range(SEARCH_DAYS_AHEAD):
        day += timedelta(days=1)
        open_count = sum(
            bool(start_windows(site, kb.opening(site.id, day), day_start, day_end)) for site in sites
        )
        if open_count > more_than:
            found.append(day)
            if len(found) == 3:
                break
    return found


def _explain_empty(
    kb, request: TripRequest, sites: list[Site], dates: list[date], today: date
) -> TripProblem:
    """Nothing fits: closed on those dates, or too far for the time given."""
    day_start, day_end = day_bounds(request)
    open_some_day = any(
        start_windows(site, kb.opening(site.id, day), day_start, day_end) for site in sites for day in dates
    )
    if open_some_day:
        return TripProblem("too_far", request, alternatives=_longer_budget(request))
    return TripProblem("all_closed", request, next_dates=_open_dates(kb, request, sites, dates[-1], 0))
