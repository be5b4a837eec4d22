"""solve(): every plan feasible, optimal on small problems, deterministic, special cases."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.planner import Break, Node, Problem, ProblemError, Solution, check, solve
from bot.planner.brute import brute_force
from bot.planner.generate import realistic_problem, small_problem


@pytest.mark.parametrize("seed", range(16))
def test_small_problems_are_solved_to_optimality(seed):
    problem = small_problem(seed, size=5 + seed % 3, tours=1 + seed % 2, lunch=seed % 3 == 0)
    solution = solve(problem, time_limit=60)  # generous: the proof must not depend on the machine's load
    assert check(problem, solution) == []
    assert solution.optimal
    assert solution.score == brute_force(problem)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 25), tours=st.integers(1, 3), lunch=st.booleans())
def test_every_plan_is_feasible(seed, size, tours, lunch):
    problem = small_problem(seed, size, tours, lunch)
    solution = solve(problem, time_limit=0.3, seed=seed)
    assert check(problem, solution) == []


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_realistic_requests_are_feasible(seed):
    problem = realistic_problem(seed)
    solution = solve(problem, time_limit=0.3, seed=seed)
    assert check(problem, solution) == []
    assert len(solution.tours) == problem.tours


def test_exact_search_proves_a_dozen_candidates_per_day():
    problem = small_problem(11, size=12, tours=2, lunch=True)
    solution = solve(problem, time_limit=60)
    assert solution.optimal and check(problem, solution) == []


def test_heuristic_is_deterministic_for_a_seed():
    problem = realistic_problem(5, sites=35, days=2)
    first = solve(problem, time_limit=5, seed=4)
    second = solve(problem, time_limit=5, seed=4)
    assert not first.optimal
    assert first.tours == second.tours
    assert check(problem, first) == []


def test_nothing_fits_gives_empty_tours():
    problem = small_problem(1, size=3, tours=2)
    closed = [
        Node(node.id, node.score, node.service, ((), ())) if index else node
        for index, node in enumerate(problem.nodes)
    ]
    problem = Problem(closed, "depot", "depot", 2, problem.time)
    solution = solve(problem)
    assert solution.tours == [["depot", "depot"], ["depot", "depot"]] and solution.score == 0
    assert solution.optimal and check(problem, solution) == []


def test_start_and_end_may_differ():
    nodes = [
        Node("a", 0, 0, (((0, 100),),)),
        Node("x", 5, 10, (((0, 100),),)),
        Node("b", 0, 0, (((0, 100),),)),
    ]
    time = [[0, 10, 50], [10, 0, 10], [50, 10, 0]]
    problem = Problem(nodes, "a", "b", 1, time)
    solution = solve(problem)
    assert solution.tours == [["a", "x", "b"]]
    assert solution.schedules[0].back == 30 and check(problem, solution) == []


def test_site_closed_at_lunch_is_visited_in_one_of_its_windows():
    # One site, open 10:00-12:00 and 14:00-17:00 (service starts); the day starts at 13:00, so lunch
    # first (13:00-13:45, it must end by 14:00), 20 minutes' drive, and the afternoon window.
    nodes = [Node("home", 0, 0, (((780, 1080),),)), Node("museum", 10, 90, (((600, 720), (840, 1020)),))]
    problem = Problem(nodes, "home", "home", 1, [[0, 20], [20, 0]], [Break(720, 840, 45)])
    solution = solve(problem)
    assert solution.score == 10
    assert solution.schedules[0].break_at == (0, 780)
    assert solution.schedules[0].stops[0].start == 845
    assert check(problem, solution) == []


def test_each_day_uses_its_own_windows():
    # The museum is closed on day 1 and open on day 2: it can only be on the second tour.
    nodes = [
        Node("home", 0, 0, (((540, 1080),), ((540, 1080),))),
        Node("museum", 10, 60, ((), ((600, 900),))),
    ]
    problem = Problem(nodes, "home", "home", 2, [[0, 15], [15, 0]])
    assert solve(problem).tours == [["home", "home"], ["home", "museum", "home"]]


def test_check_reports_each_kind_of_mistake():
    nodes = [
        Node("home", 0, 0, (((0, 100),),)),
        Node("a", 5, 10, (((0, 20),),)),
        Node("b", 7, 10, (((0, 100),),)),
    ]
    problem = Problem(nodes, "home", "home", 1, [[0, 10, 10], [10, 0, 30], [10, 30, 0]])
    good = solve(problem)
    assert good.score == 12 and check(problem, good) == []
    late = Solution([["home", "b", "a", "home"]], 12, False)  # b first: a's window has closed
    assert any("time window" in message for message in check(problem, late))
    twice = Solution([["home", "a", "a", "home"]], 10, False)
    assert any("twice" in message for message in check(problem, twice))
    wrong_score = Solution([["home", "a", "home"]], 7, False)
    assert any("score" in message for message in check(problem, wrong_score))
    elsewhere = Solution([["a", "home"]], 0, False)
    assert any("must go from" in message for message in check(problem, elsewhere))


def test_windows_in_any_order_and_empty_windows_are_understood():
    # Afternoon window listed first, and a "window" shorter than the visit (closes before it opens).
    nodes = [
        Node("home", 0, 0, (((540, 1080),),)),
        Node("museum", 10, 60, (((840, 900), (600, 700)),)),
        Node("tiny", 5, 120, (((700, 650),),)),
    ]
    problem = Problem(nodes, "home", "home", 1, [[0, 10, 10], [10, 0, 10], [10, 10, 0]])
    solution = solve(problem)
    assert solution.tours == [["home", "museum", "home"]]
    assert solution.schedules[0].stops[0].start == 600
    assert check(problem, solution) == []


def test_depot_closed_on_a_day_is_rejected():
    nodes = [Node("home", 0, 0, (((540, 1080),), ())), Node("museum", 10, 60, (((600, 700),), ((600, 700),)))]
    with pytest.raises(ProblemError, match="depot needs a window"):
        Problem(nodes, "home", "home", 2, [[0, 10], [10, 0]])


def test_a_cap_on_visits_per_tour_is_kept_and_checked():
    nodes = [Node("depot", 0, 0, (((0, 600),),))]
    nodes += [Node(f"n{i}", 10, 10, (((0, 600),),)) for i in range(6)]
    time = [[0 if i == j else 5 for j in range(7)] for i in range(7)]
    free = Problem(nodes, "depot", "depot", 1, time)
    assert len(solve(free, time_limit=0.2).tours[0]) == 8  # all six fit
    capped = dataclasses.replace(free, max_visits=2)
    solution = solve(capped, time_limit=0.2)
    assert len(solution.tours[0]) == 4 and check(capped, solution) == []
    assert check(capped, solve(free, time_limit=0.2)) == ["tour 0: 6 visits, more than 2"]
