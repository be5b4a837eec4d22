"""Tour timing: windows, the lunch break, and the O(1) insertion test against a plain simulation."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.planner import Break, Node, Problem, schedule
from bot.planner.check import tour_is_feasible
from bot.planner.generate import small_problem
from bot.planner.heuristic import _Tour
from bot.planner.schedule import INF, TourModel


def line_problem(windows, service=60, lunch=None, day=(540, 1080)) -> Problem:
    """Depot then sites on a line, 30 minutes apart."""
    size = len(windows) + 1
    time = [[30.0 * abs(a - b) for b in range(size)] for a in range(size)]
    nodes = [Node("home", 0, 0, ((day,),))]
    nodes += [Node(f"s{i}", 1, service, (tuple(w),)) for i, w in enumerate(windows, start=1)]
    return Problem(nodes, "home", "home", 1, time, [lunch] if lunch else [])


def test_visit_waits_for_the_next_window_of_the_day():
    problem = line_problem([[(600, 690), (840, 960)]])
    timed = schedule(problem, 0, [1])
    # Arrives at 570, starts at 600 (first window), back 600 + 60 + 30.
    assert (timed.stops[0].arrive, timed.stops[0].start, timed.back) == (570, 600, 690)
    late = line_problem([[(540, 560), (840, 960)]])  # too late for the morning window
    assert schedule(late, 0, [1]).stops[0].start == 840


def test_missed_last_window_makes_the_tour_infeasible():
    problem = line_problem([[(540, 560)]])
    assert schedule(problem, 0, [1]) is None
    assert not tour_is_feasible(problem, 0, [1])


def test_break_absorbs_waiting_time():
    # The site reopens at 13:30: lunch 12:00-12:45 happens while waiting, costing nothing.
    problem = line_problem([[(540, 700)], [(810, 960)]], lunch=Break(720, 840, 45))
    timed = schedule(problem, 0, [1, 2])
    assert timed.break_at is not None
    begin = timed.break_at[1]
    assert 720 <= begin and begin + 45 <= 840
    assert all(stop.end <= begin or stop.start >= begin + 45 for stop in timed.stops)
    assert timed.stops[1].start == 810


def test_break_must_fit_its_window():
    # Visits fill 11:00-15:00 without a gap: no room for lunch between 12:00 and 14:00.
    problem = line_problem([[(660, 660)], [(810, 810)]], service=120, lunch=Break(720, 840, 45))
    assert schedule(problem, 0, [1, 2]) is None
    assert not tour_is_feasible(problem, 0, [1, 2])


def test_tour_back_before_lunch_time_owes_no_break():
    problem = line_problem([[(570, 600)]], lunch=Break(720, 840, 45))
    timed = schedule(problem, 0, [1])
    assert timed.break_at is None and timed.back <= 720


def test_empty_tour_is_feasible_and_owes_nothing():
    problem = line_problem([[(570, 600)]], lunch=Break(720, 840, 45))
    timed = schedule(problem, 0, [])
    assert timed.stops == () and timed.break_at is None


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), lunch=st.booleans())
def test_fast_evaluation_agrees_with_plain_simulation(seed, lunch):
    problem = small_problem(seed, size=6, tours=1, lunch=lunch)
    rng = random.Random(seed)
    route = rng.sample(range(1, 7), rng.randint(0, 6))
    model = TourModel(problem, 0)
    assert (model.finish(route) < INF) == tour_is_feasible(problem, 0, route)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), lunch=st.booleans())
def test_insertion_test_agrees_with_plain_simulation(seed, lunch):
    problem = small_problem(seed, size=7, tours=1, lunch=lunch)
    rng = random.Random(seed)
    model = TourModel(problem, 0)
    route = [node for node in rng.sample(range(1, 8), 4) if model.finish([node]) < INF][:3]
    while route and model.finish(route) == INF:
        route.pop()
    outside = [node for node in range(1, 8) if node not in route]
    found = _Tour(model, list(route)).insertions(outside)
    for node in outside:
        feasible = [
            position
            for position in range(len(route) + 1)
            if tour_is_feasible(problem, 0, route[:position] + [node] + route[position:])
        ]
        if node in found:
            assert found[node][1] in feasible
        else:
            assert feasible == []
