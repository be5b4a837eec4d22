"""The planner: feasibility of every plan, optimality on small problems, the solve CLI."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.planner import Break, Node, Problem, ProblemError, check, schedule, solve


def random_problem(seed: int, size: int, tours: int = 1, lunch: bool = False) -> Problem:
    """A small realistic day: sites around a depot, visits of 45-120 min, day 570-1080 (09:30-18:00)."""
    rng = random.Random(seed)
    points = [(0.0, 0.0)] + [(rng.uniform(-60, 60), rng.uniform(-45, 45)) for _ in range(size)]
    time = [
        [round(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 * 1.3, 1) for bx, by in points] for ax, ay in points
    ]
    nodes = [Node("depot", 0, 0, (((570.0, 1080.0),),) * tours)]
    for index in range(1, size + 1):
        service = rng.choice([45, 60, 90, 120])
        per_tour = []
        for _ in range(tours):
            if rng.random() < 0.2:
                per_tour.append(())  # closed that day
            elif rng.random() < 0.3:
                per_tour.append(((600.0, 750.0 - service), (840.0, 1050.0 - service)))  # closed at lunch
            else:
                per_tour.append(((600.0, 1080.0 - service),))
        nodes.append(Node(f"s{index}", rng.randint(1, 10), service, tuple(per_tour)))
    breaks = [Break(720, 840, 45)] * tours if lunch else []
    return Problem(nodes, "depot", "depot", tours, time, breaks)


def brute_force(problem: Problem) -> float:
    """Best score by trying every assignment of candidates to tours and every order."""
    candidates = problem.candidates()
    best_per_tour = []
    for tour in range(problem.tours):
        feasible = {}
        for size in range(len(candidates) + 1):
            for subset in itertools.combinations(candidates, size):
                if any(schedule(problem, tour, list(order)) for order in itertools.permutations(subset)):
                    feasible[frozenset(subset)] = sum(problem.nodes[i].score for i in subset)
        best_per_tour.append(feasible)
    best = 0.0
    for combination in itertools.product(*(per.items() for per in best_per_tour)):
        sets = [subset for subset, _ in combination]
        if sum(len(s) for s in sets) == len(frozenset().union(*sets)):
            best = max(best, sum(score for _, score in combination))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_small_problems_are_solved_to_optimality(seed):
    problem = random_problem(seed, size=6, tours=1 + seed % 2, lunch=seed % 3 == 0)
    solution = solve(problem)
    assert check(problem, solution) == []
    assert solution.optimal
    assert solution.score == brute_force(problem)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 20), tours=st.integers(1, 3), lunch=st.booleans())
def test_every_plan_is_feasible(seed, size, tours, lunch):
    problem = random_problem(seed, size, tours, lunch)
    solution = solve(problem, time_limit=0.3, seed=seed)
    assert check(problem, solution) == []


def test_lunch_break_is_inside_its_window_and_outside_visits():
    problem = random_problem(3, size=8, lunch=True)
    solution = solve(problem)
    timed = solution.schedules[0]
    assert timed.break_at is not None
    _, begin = timed.break_at
    assert 720 <= begin and begin + 45 <= 840
    assert all(stop.end <= begin or stop.start >= begin + 45 for stop in timed.stops)


def test_heuristic_is_deterministic_for_a_seed():
    problem = random_problem(5, size=25, tours=2)
    first = solve(problem, time_limit=5, seed=4)
    second = solve(problem, time_limit=5, seed=4)
    assert not first.optimal
    assert first.tours == second.tours
    assert check(problem, first) == []


def test_nothing_fits_gives_empty_tours():
    problem = random_problem(1, size=3)
    closed = [
        Node(node.id, node.score, node.service, ((),)) if i else node for i, node in enumerate(problem.nodes)
    ]
    problem = Problem(closed, "depot", "depot", 1, problem.time)
    solution = solve(problem)
    assert solution.tours == [["depot", "depot"]] and solution.score == 0


def test_start_and_end_may_differ():
    nodes = [
        Node("a", 0, 0, (((0, 100),),)),
        Node("x", 5, 10, (((0, 100),),)),
        Node("b", 0, 0, (((0, 100),),)),
    ]
    time = [[0, 10, 50], [10, 0, 10], [50, 10, 0]]
    solution = solve(Problem(nodes, "a", "b", 1, time))
    assert solution.tours == [["a", "x", "b"]]


def test_json_problem_round_trip(tmp_path, capsys):
    problem = {
        "nodes": [
            {"id": "0", "score": 0, "service": 0, "open": 0, "close": 100},
            {"id": "1", "score": 10, "service": 5, "open": 10, "close": 20},
            {"id": "2", "score": 20, "service": 5, "open": 0, "close": 15},
        ],
        "start": "0",
        "end": "0",
        "tours": 1,
        "time": [[0, 5, 5], [5, 0, 8], [5, 8, 0]],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(problem))
    assert main(["solve", str(path)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["score"] == 30 and answer["tours"] == [["0", "2", "1", "0"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"nodes": []}', "missing field"),
        ('{"nodes": [{"id": "0", "open": 0, "close": 5}], "time": [[0, 1]]}', "matrix"),
        ('{"nodes": [{"id": "0"}], "time": [[0]]}', "needs id, open and close"),
    ],
)
def test_bad_problem_files_give_one_line_errors(tmp_path, capsys, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["solve", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_problem_rejects_inconsistent_windows():
    with pytest.raises(ProblemError):
        Problem([Node("0", 0, 0, (((0, 1),),))], "0", "0", 2, [[0]])
