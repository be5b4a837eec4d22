"""plan_trip on the real knowledge base: feasible circuits (checked by the planner's own check and
against each site's opening), problems with alternatives that work, services on local stubs."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from bot.expressions import HALF_DAY_MINUTES
from bot.geo import AnswerCache
from bot.geocoding import BanGeocoder, GazetteerGeocoder, GeocoderChain
from bot.knowledge import DayOpening, open_kb
from bot.planner import Problem, Solution, Stop, TourSchedule, check
from bot.texts import t, tn
from bot.texts.formats import format_date
from bot.texts.plans import event_texts, plan_json, plan_warnings, problem_notes, render_problem
from bot.traveltime import FallbackTravelTimes, OfflineTravelTimes, OsrmTravelTimes
from bot.trip import TripPlan, TripProblem, TripRequest, plan_trip, score_sites
from bot.trip.plan import budget_placements, build_problem, day_bounds, start_windows, visit_warnings
from tests.stubs.geocoders import ban_app, ban_feature
from tests.stubs.osrm import osrm_app
from tests.stubs.servers import refused_url, serve

SUMMER_DAY = date(2026, 7, 1)
CHRISTMAS = date(2026, 12, 25)
TESTERS_TODAY = date(2026, 12, 1)
FAR = 10_000.0


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def as_minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def planner_check(kb, plan: TripPlan) -> list[str]:
    """``bot.planner.check`` on the plan's own times: the windows come from the knowledge base, the
    legs from the travel minutes the plan states (less one minute: they are rounded)."""
    request = plan.request
    sites = [visit.site for day in plan.days for visit in day.visits]
    scores = score_sites(kb, sites, request)
    index = {site.id: position for position, site in enumerate(sites, start=1)}
    size = len(sites) + 1
    time_matrix = [[0.0 if i == j else FAR for j in range(size)] for i in range(size)]
    tours, schedules = [], []
    for day in plan.days:
        previous = 0
        for visit in day.visits:
            time_matrix[previous][index[visit.site.id]] = max(0, visit.travel_minutes - 1)
            previous = index[visit.site.id]
        time_matrix[previous][0] = max(0, day.return_travel_minutes - 1)
        stops = tuple(Stop(v.site.id, v.arrive, v.start, v.end) for v in day.visits)
        leave = day.visits[0].arrive - day.visits[0].travel_minutes if day.visits else 0
        lunch = None
        if day.lunch_at is not None:
            before = sum(visit.start < day.lunch_at for visit in day.visits)
            lunch = (before, float(day.lunch_at))
        schedules.append(TourSchedule(leave, stops, day.back_at, lunch))
        tours.append(["start", *(v.site.id for v in day.visits), "start"])
    dates = [day.date for day in plan.days]
    problem = build_problem(kb, sites, scores, dates, request, time_matrix)
    problem = Problem(problem.nodes, problem.start, problem.end, problem.tours, time_matrix, problem.breaks)
    score = sum(scores[site.id] for site in sites)
    return check(problem, Solution(tours, score, False, schedules))


def assert_open_for_the_whole_visit(kb, plan: TripPlan):
    for day in plan.days:
        for visit in day.visits:
            opening = kb.opening(visit.site.id, day.date)
            if not opening.known:
                assert visit.warnings, visit.site.id  # allowed, with "hours unknown, check"
                continue
            assert opening.is_open, (visit.site.id, day.date)
            if opening.guided_tour_times:
                assert visit.start in {as_minutes(tour) for tour in opening.guided_tour_times}
            assert any(
                as_minutes(o) <= visit.start and visit.end <= as_minutes(c) for o, c in opening.windows
            )
            if opening.last_entry:
                assert visit.start <= as_minutes(opening.last_entry)


def test_acceptance_ww1_day_from_arras_is_feasible(kb):
    plan = plan_trip(
        TripRequest(start_text="Arras", themes=("ww1",), first_date=SUMMER_DAY, lang="en"), kb=kb
    )
    assert isinstance(plan, TripPlan) and plan.visit_count >= 2
    assert planner_check(kb, plan) == []
    assert_open_for_the_whole_visit(kb, plan)
    assert plan.days[0].links["google"][0].startswith("https://www.google.com/maps/dir/?api=1&")
    assert plan.estimated_times  # the offline model: the plan says so
    assert any("estimate" in warning for warning in plan_warnings(plan))


@pytest.mark.parametrize(
    "start, themes, days", [("Lille", (), 2), ("Dunkerque", ("ww2",), 1), ("Amiens", ("ww1",), 3)]
)
def test_other_circuits_are_feasible_too(kb, start, themes, days):
    plan = plan_trip(TripRequest(start_text=start, themes=themes, days=days, first_date=SUMMER_DAY), kb=kb)
    assert isinstance(plan, TripPlan) and plan.visit_count
    assert planner_check(kb, plan) == []
    assert_open_for_the_whole_visit(kb, plan)


def test_christmas_explains_the_closures_and_proposes_dates(kb):
    plan = plan_trip(TripRequest(start_text="Arras", themes=("ww1",), first_date=CHRISTMAS, lang="en"), kb=kb)
    assert isinstance(plan, TripPlan)
    assert_open_for_the_whole_visit(kb, plan)
    assert plan.closures and plan.closures[0].date == CHRISTMAS and plan.closures[0].closed
    assert any("Closed: " in warning for warning in plan_warnings(plan))
    assert plan.next_dates and all(day > CHRISTMAS for day in plan.next_dates)
    assert plan_json(plan)["next_dates"][0] == plan.next_dates[0].isoformat()


def test_all_closed_gives_dates_and_themes_that_work(kb):
    problem = plan_trip(
        TripRequest(start_text="Arras", themes=("mining",), first_date=CHRISTMAS, lang="en"), kb=kb
    )
    assert isinstance(problem, TripProblem) and problem.code == "all_closed"
    kinds = {alternative.kind for alternative in problem.alternatives}
    assert {"date", "themes"} <= kinds
    better = next(a for a in problem.alternatives if a.kind == "date")
    retry = plan_trip(
        TripRequest(start_text="Arras", themes=("mining",), first_date=date.fromisoformat(better.value)),
        kb=kb,
    )
    assert isinstance(retry, TripPlan) and retry.visit_count
    assert "What would work" in render_problem(problem)


def test_dates_proposed_are_dates_the_knowledge_base_says_the_sites_are_open(kb):
    # V-weapons at Christmas: no source says whether La Coupole opens on public holidays, Mimoyecques
    # is closed from mid-October to mid-April, Éperlecques' hours are unknown. Nothing is proposed
    # that day; the better dates are days La Coupole is known to open (not unknown ones).
    request = TripRequest(start_text="Saint-Omer", themes=("v-weapons",), first_date=CHRISTMAS, lang="en")
    problem = plan_trip(request, kb=kb)
    assert isinstance(problem, TripProblem) and problem.code == "all_closed"
    better = [date.fromisoformat(a.value) for a in problem.alternatives if a.kind == "date"]
    assert better and all(kb.opening("la-coupole", day).is_open for day in better)
    names = {
        site: kb.site(site).name_in("en") for site in ("la-coupole", "mimoyecques", "blockhaus-eperlecques")
    }
    notes = render_problem(problem)
    assert t("en", "circuit.closed_sites", names=names["mimoyecques"]) in notes
    unknown = t(
        "en",
        "circuit.hours_unknown_on_holiday",
        names=f"{names['la-coupole']}, {names['blockhaus-eperlecques']}",
    )
    assert unknown in notes


def test_a_site_of_unknown_hours_is_never_proposed_as_open(kb):
    request = TripRequest(
        start_text="Saint-Omer",
        themes=("v-weapons",),
        first_date=CHRISTMAS,
        exclude=("la-coupole", "mimoyecques"),  # Éperlecques alone: unknown hours, left out at Christmas
        lang="en",
    )
    problem = plan_trip(request, kb=kb)
    assert isinstance(problem, TripProblem) and problem.code == "all_closed"
    assert problem.next_dates == []
    assert "date" not in {alternative.kind for alternative in problem.alternatives}
    eperlecques = kb.site("blockhaus-eperlecques").name_in("en")
    assert problem.closure.hours_unknown == [kb.site("blockhaus-eperlecques")] and not problem.closure.closed
    assert problem_notes(problem) == [t("en", "circuit.hours_unknown_on_holiday", names=eperlecques)]


def test_too_short_a_time_says_how_far_and_what_longer_gives(kb):
    request = TripRequest(
        start_text="Calais", themes=("ww1",), minutes_per_day=60, first_date=SUMMER_DAY, lang="en"
    )
    problem = plan_trip(request, kb=kb)
    assert isinstance(problem, TripProblem) and problem.code == "too_far"
    assert problem.closest and 2 * problem.closest[1] > 60  # there and back take more than the hour
    assert "min away" in problem_notes(problem)[0]
    assert any(alternative.kind == "hours" for alternative in problem.alternatives)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_public_transport_says_how_to_reach_the_nearest_sites_and_which_modes_work(kb, lang):
    request = TripRequest(
        start_text="Calais", themes=("ww2",), first_date=SUMMER_DAY, mode="transit", lang=lang
    )
    problem = plan_trip(request, kb=kb)
    assert isinstance(problem, TripProblem) and problem.code == "no_timetables"
    calais = kb.find_places("Calais", limit=1)[0]
    matching = score_sites(kb, kb.sites(), request)
    nearest = [site for site, _ in kb.near(calais.lat, calais.lon, limit=None) if site.id in matching]
    assert [access.site for access in problem.transit] == nearest[:5]
    notes = problem_notes(problem)
    assert len(notes) == 5
    for note, site in zip(notes, nearest, strict=False):
        assert note.startswith(f"• {site.name_in(lang)} (")
    coupole = kb.site("la-coupole")
    shuttle = plan_trip(dataclasses.replace(request, start_text="Saint-Omer"), kb=kb)
    assert any(
        coupole.public_transport[lang] in note for note in problem_notes(shuttle)
    )  # sourced access facts
    assert {alternative.value for alternative in problem.alternatives} <= {"car", "bike", "foot"}
    for alternative in problem.alternatives:  # each alternative really gives a circuit
        retry = plan_trip(dataclasses.replace(request, mode=alternative.value), kb=kb)
        assert isinstance(retry, TripPlan) and retry.visit_count
    assert "car" in {alternative.value for alternative in problem.alternatives}


def test_public_transport_says_when_a_nearest_site_is_closed_on_the_day(kb):
    saturday = date(2026, 12, 5)
    bondues = kb.site("musee-resistance-bondues")
    assert kb.opening(bondues.id, saturday).known and not kb.opening(bondues.id, saturday).is_open
    request = TripRequest(
        start_text="Lille", themes=("resistance",), first_date=saturday, mode="transit", lang="en"
    )
    problem = plan_trip(request, kb=kb)
    note = next(note for note in problem_notes(problem) if note.startswith(f"• {bondues.name_in('en')} ("))
    assert note.endswith(t("en", "circuit.transit_closed", dates=format_date(saturday, "en")))


def test_days_with_nothing_left_to_see_are_not_planned_and_the_reply_says_so(kb):
    request = TripRequest(start_text="Dunkerque", themes=("maritime",), days=3, first_date=date(2027, 5, 10))
    plan = plan_trip(request, kb=kb)
    matching = set(score_sites(kb, kb.sites(), request))
    visited = {visit.site.id for day in plan.days for visit in day.visits}
    assert visited == matching and all(day.visits for day in plan.days) and len(plan.days) < 3
    assert plan.days_needed == len(plan.days)
    assert tn(
        "fr", "circuit.fewer_days_enough", len(plan.days), days=len(plan.days), asked=3
    ) in plan_warnings(plan)


def test_the_commemorations_of_the_circuits_dates_are_listed_with_their_date_in_words(kb):
    armistice = date(2027, 11, 11)
    plan = plan_trip(TripRequest(start_text="Arras", themes=("ww1",), first_date=armistice, lang="en"), kb=kb)
    occurrences = [each for each in kb.events(armistice, armistice) if each.event.scope == "regional"]
    assert occurrences and plan.events
    assert plan.events[0] == occurrences[0]
    assert event_texts(plan)[0] == t(
        "en", "circuit.event", date=format_date(armistice, "en"), name=occurrences[0].event.name_in("en")
    )


def test_no_theme_match_suggests_themes(kb):
    request = TripRequest(start_text="Arras", themes=("no-such-theme",), first_date=SUMMER_DAY)
    problem = plan_trip(request, kb=kb)
    assert problem.code == "nothing_matches" and problem.alternatives


def test_a_time_budget_may_be_placed_anywhere_in_the_day():
    starts = [placed.day_start for placed in budget_placements(TripRequest(minutes_per_day=240))]
    assert starts == ["09:30", "10:30", "11:30", "12:30", "13:30", "14:00"]
    assert budget_placements(TripRequest()) == [TripRequest()]  # no budget: the whole day


def test_time_budget_is_one_window_of_that_length(kb):
    plan = plan_trip(TripRequest(start_text="Arras", minutes_per_day=240, first_date=SUMMER_DAY), kb=kb)
    begin, end = day_bounds(plan.request)  # where the budget was placed
    assert end - begin == 240 and 9 * 60 + 30 <= begin and end <= 18 * 60
    assert planner_check(kb, plan) == []  # leaves and is back within it


@pytest.mark.parametrize("first_date", [None, date(2026, 12, 2)], ids=["tomorrow afternoon", "2 December"])
def test_a_half_day_reaches_a_museum_that_opens_in_the_afternoon(kb, first_date):
    # Lewarde: 13:00-18:00 in winter, a 3-hour visit 16 minutes from Douai; a half day from 09:30
    # ended at 13:30 and found no site.
    request = TripRequest(
        start_text="Douai",
        themes=("mining",),
        first_date=first_date,
        minutes_per_day=HALF_DAY_MINUTES,
        lang="en",
    )
    plan = plan_trip(request, kb=kb, today=TESTERS_TODAY)
    assert isinstance(plan, TripPlan)
    [visit] = plan.days[0].visits
    assert visit.site.id == "lewarde-centre-historique-minier" and visit.start >= 13 * 60
    assert planner_check(kb, plan) == []
    assert_open_for_the_whole_visit(kb, plan)


def test_unknown_hours_are_allowed_with_a_warning():
    site = open_kb().sites()[0]
    unknown = DayOpening(SUMMER_DAY, False, False, "unknown", "unknown")
    assert start_windows(site, unknown, 570, 1080) == ((570, 1080 - (site.visit_minutes or 60)),)


def test_hours_from_a_low_confidence_source_are_flagged(kb):
    site = kb.site("carriere-wellington")
    opening = DayOpening(SUMMER_DAY, True, True, "test", "open", [(time(10), time(18))])
    low = dataclasses.replace(site, hours={**(site.hours or {}), "confidence": "low"})
    sure = dataclasses.replace(site, hours={**(site.hours or {}), "confidence": "high"})
    assert "hours_unconfirmed" in visit_warnings(low, opening)
    assert "hours_unconfirmed" not in visit_warnings(sure, opening)


def test_a_visit_must_end_before_closing_and_respect_last_entry(kb):
    site = kb.sites()[0]
    duration = site.visit_minutes or 60
    opening = DayOpening(
        SUMMER_DAY, True, True, "test", "open", [(time(10), time(12)), (time(14), time(18))], time(17)
    )
    assert start_windows(site, opening, 570, 1080) == tuple(
        window
        for window in ((600, 720 - duration), (840, min(1080 - duration, 1020)))
        if window[1] >= window[0]
    )
    guided = DayOpening(
        SUMMER_DAY, True, True, "test", "open", [(time(10), time(18))], guided_tour_times=[time(11), time(15)]
    )
    assert start_windows(site, guided, 570, 1080) == ((660, 660), (900, 900))


# --- services on local stubs ---------------------------------------------------------------------


def test_postcode_start_through_the_ban_asks_which_commune(kb, tmp_path):
    answers = {
        "62000": [
            ban_feature(
                "Arras", 2.7775, 50.2910, "municipality", 0.95, "62, Pas-de-Calais", "62000", "Arras"
            ),
            ban_feature(
                "Dainville", 2.7270, 50.2810, "municipality", 0.93, "62, Pas-de-Calais", "62000", "Dainville"
            ),
        ]
    }
    with serve(ban_app(answers)) as (url, _):
        geocoder = GeocoderChain(
            [GazetteerGeocoder(kb), BanGeocoder(url, cache=AnswerCache(tmp_path / "c.db"))]
        )
        problem = plan_trip(TripRequest(start_text="62000", lang="en"), kb=kb, geocoder=geocoder)
    assert problem.code == "ambiguous_start"
    assert [candidate.name for candidate in problem.candidates] == ["Arras (62000)", "Dainville (62000)"]
    assert "Dainville" in render_problem(problem)


def test_routed_times_are_not_estimates_and_a_dead_router_falls_back(kb, tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICE_TIMEOUT_S", "0.5")
    request = TripRequest(start_text="Arras", themes=("ww1",), first_date=SUMMER_DAY, lang="en")
    cache = AnswerCache(tmp_path / "c.db")
    with serve(osrm_app()) as (url, received):
        routed = plan_trip(
            request,
            kb=kb,
            travel=FallbackTravelTimes(OsrmTravelTimes(url, cache=cache), OfflineTravelTimes()),
        )
    assert isinstance(routed, TripPlan) and not routed.estimated_times and len(received) == 1
    assert planner_check(kb, routed) == []
    down = FallbackTravelTimes(OsrmTravelTimes(refused_url(), cache=cache), OfflineTravelTimes())
    fallen = plan_trip(request, kb=kb, travel=down)
    assert isinstance(fallen, TripPlan) and fallen.estimated_times


def test_a_start_given_as_a_point_takes_the_name_said_with_it_or_your_location_in_words(kb):
    from bot.texts.plans import render_plan, start_name

    arras = (50.2893, 2.7810)
    request = TripRequest(start_point=arras, start_text="Arras", first_date=SUMMER_DAY, lang="en")
    named = plan_trip(request, kb=kb)
    assert named.start.name == "Arras" and "start_name=Arras" in named.website_link
    unnamed = plan_trip(dataclasses.replace(request, start_text=None), kb=kb)
    assert unnamed.start.name == "" and start_name(unnamed.start, "en") == t("en", "circuit.your_location")
    assert render_plan(unnamed).splitlines()[0] == t(
        "en", "circuit.intro", start=t("en", "circuit.your_location"), mode=t("en", "circuit.mode_car")
    )
