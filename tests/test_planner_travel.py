"""The planner's second objective (least travel at the best score), places, and per-tour depots."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.planner import Node, Problem, ProblemError, check, solve
from bot.planner.cli import seconds_since_process_start
from bot.planner.generate import realistic_problem, small_problem

DAY = ((0.0, 600.0),)
FIXTURES = Path(__file__).parent / "fixtures" / "planner"


def _travel(problem: Problem, tours: list[list[str]]) -> float:
    return sum(
        problem.time[problem.index[a]][problem.index[b]]
        for ids in tours
        for a, b in zip(ids, ids[1:], strict=False)
    )


def _line_problem(
    positions: dict[str, float], tours: int = 1, places: dict[str, str] | None = None
) -> Problem:
    """Sites on a straight road (km = minutes), open all day, 10-minute visits, score 1 each."""
    places = places or {}
    nodes = [Node("home", 0, 0, (DAY,) * tours, places.get("home"))]
    nodes += [Node(name, 1, 10, (DAY,) * tours, places.get(name)) for name in positions]
    where = [0.0, *positions.values()]
    time = [[abs(a - b) for b in where] for a in where]
    return Problem(nodes, "home", "home", tours, time)


def test_of_plans_of_equal_score_the_one_with_least_travel_is_kept():
    # Every site fits in the day in any order: only the order's travel differs (a zig-zag is 4 times longer).
    problem = _line_problem({"a": 10, "b": -10, "c": 20, "d": -20, "e": 30})
    solution = solve(problem, time_limit=1)
    assert solution.score == 5 and check(problem, solution) == []
    assert _travel(problem, solution.tours) == 100  # out to -20 and back, out to 30 and back


def test_the_travel_descent_never_lowers_the_score():
    for seed in range(6):
        problem = realistic_problem(seed)
        first = solve(problem, time_limit=0.3, seed=seed, least_travel_too=False)
        shorter = solve(problem, time_limit=0.3, seed=seed)
        assert check(problem, shorter) == []
        assert shorter.score >= first.score - 1e-9
        if math.isclose(shorter.score, first.score):
            assert _travel(problem, shorter.tours) <= _travel(problem, first.tours) + 1e-6


def test_neighbours_are_kept_on_one_day_and_days_are_filled_first():
    # Two days; a1 and a2 are neighbours in one place, b1 and b2 in another, and a day holds both
    # visits of a place (and not three: the day is 60 minutes long).
    nodes = [Node("home", 0, 0, (((0.0, 60.0),),) * 3)]
    nodes += [Node(name, 1, 10, (((0.0, 60.0),),) * 3, name[0]) for name in ("a1", "a2", "b1", "b2")]
    where = [0.0, 10.0, 11.0, -10.0, -11.0]
    time = [[abs(x - y) for y in where] for x in where]
    problem = Problem(nodes, "home", "home", 3, time)
    solution = solve(problem, time_limit=1)
    assert solution.score == 4 and check(problem, solution) == []
    days = [set(ids[1:-1]) for ids in solution.tours]
    assert sorted(days[:2], key=sorted) == [{"a1", "a2"}, {"b1", "b2"}]
    assert days[2] == set()


def test_a_tour_does_not_come_back_to_a_place_it_has_left():
    # Two sites in town T, a bridge's detour apart (12 minutes), and village V 3 minutes from each:
    # T, V, T is the shortest, but leaves T and comes back to it.
    nodes = [Node("home", 0, 0, (DAY,)), Node("t1", 1, 10, (DAY,), "T"), Node("v", 1, 10, (DAY,), "V")]
    nodes.append(Node("t2", 1, 10, (DAY,), "T"))
    time = [[0, 10, 10, 10], [10, 0, 3, 12], [10, 3, 0, 3], [10, 12, 3, 0]]
    route = solve(Problem(nodes, "home", "home", 1, time), time_limit=1).tours[0][1:-1]
    assert abs(route.index("t1") - route.index("t2")) == 1
    unplaced = [Node(node.id, node.score, node.service, node.windows) for node in nodes]
    assert solve(Problem(unplaced, "home", "home", 1, time), time_limit=1).tours[0][2] == "v"


def test_the_last_visits_in_the_town_where_the_day_ends_are_no_return():
    # The day starts and ends in town T: its museum seen last, on the way home, is 2 minutes shorter
    # than seen first, and is not a return to T (which would cost the order an hour).
    nodes = [Node("home", 0, 0, (DAY,), "T"), Node("t", 1, 10, (DAY,), "T"), Node("v", 1, 10, (DAY,), "V")]
    time = [[0, 2, 10], [2, 0, 10], [12, 10, 0]]
    problem = Problem(nodes, "home", "home", 1, time)
    assert solve(problem, time_limit=1).tours == [["home", "v", "t", "home"]]


def test_each_tour_may_have_its_own_start_and_end():
    # Day 1 from A to B, day 2 from B to A: the site near B is seen in the evening or the morning.
    nodes = [
        Node("A", 0, 0, (DAY, DAY)),
        Node("B", 0, 0, (DAY, DAY)),
        Node("near-b", 5, 30, (((0.0, 100.0),), ((400.0, 500.0),))),
    ]
    time = [[0, 100, 95], [100, 0, 5], [95, 5, 0]]
    problem = Problem(nodes, "A", "A", 2, time, depots=[("A", "B"), ("B", "A")])
    solution = solve(problem, time_limit=1)
    assert solution.tours == [["A", "near-b", "B"], ["B", "A"]]
    assert check(problem, solution) == []
    assert problem.candidates() == [2]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 12), tours=st.integers(1, 3), lunch=st.booleans())
def test_plans_with_places_and_moving_depots_are_feasible(seed, size, tours, lunch):
    base = small_problem(seed, size + tours, tours, lunch)
    # The first nodes become the nights (depots open all day), the others are spread over 3 places.
    depots = [base.nodes[index].id for index in range(tours + 1)]
    nodes = [
        Node(node.id, 0, 0, base.nodes[0].windows, "p0")
        if index <= tours
        else Node(node.id, node.score, node.service, node.windows, f"p{index % 3}")
        for index, node in enumerate(base.nodes)
    ]
    pairs = list(zip(depots, depots[1:], strict=False))
    problem = Problem(nodes, depots[0], depots[-1], tours, base.time, base.breaks, pairs)
    solution = solve(problem, time_limit=0.2, seed=seed)
    assert check(problem, solution) == []
    assert [ids[0] for ids in solution.tours] == depots[:-1]
    assert [ids[-1] for ids in solution.tours] == depots[1:]


def test_solve_command_loads_only_the_planner():
    code = (
        "import sys; from bot.cli import main; "
        f"main(['solve', {str(FIXTURES / 'three_sites.json')!r}, '--time-limit', '0.1']); "
        "print(json.dumps(sorted(name for name in sys.modules if name.startswith('bot.'))), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    loaded = json.loads(done.stderr)
    assert loaded and all(name.startswith(("bot.planner", "bot.cli", "bot.errors")) for name in loaded), (
        loaded
    )


def test_the_solve_command_knows_how_long_its_process_has_run():
    first = seconds_since_process_start()
    assert 0 < first <= seconds_since_process_start()


def test_the_json_format_round_trips_and_refuses_what_it_cannot_hold():
    problem = _line_problem({"a": 10, "b": -5, "c": 7}, tours=2)
    again = Problem.from_json(json.loads(json.dumps(problem.to_json())))
    assert again.nodes == problem.nodes and again.time == problem.time and again.tours == 2
    with pytest.raises(ProblemError, match="breaks"):
        small_problem(3, 4, tours=1, lunch=True).to_json()
    closed_on_day_two = Node("a", 1, 10, (DAY, ()))
    with pytest.raises(ProblemError, match="one window"):
        Problem(
            [Node("home", 0, 0, (DAY, DAY)), closed_on_day_two], "home", "home", 2, [[0, 1], [1, 0]]
        ).to_json()
