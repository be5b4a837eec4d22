"""Choose the algorithm: iterated local search first, then a proof of optimality when small enough,
then the least travel at that score.

The heuristic's answer bounds the exact search (``exact.solve_exact``), which either improves it or
proves it optimal; problems with more than ``EXACT_MAX_CANDIDATES`` candidates on some day, or whose
proof would run past the time limit, keep the heuristic's answer (``optimal=False``). The objective is
lexicographic: the best score first, then the least travel among plans of that score
(``travel.LeastTravel``), all within the one time limit: the search leaves ``TRAVEL_SHARE`` of it
to the travel descent, which usually ends long before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.planner.exact import MAX_CANDIDATES, TooLarge, solve_exact
from bot.planner.heuristic import IteratedLocalSearch
from bot.planner.problem import Problem
from bot.planner.schedule import INF, TourModel, TourSchedule
from bot.planner.travel import LeastTravel

EXACT_MAX_CANDIDATES = MAX_CANDIDATES  # per day; the bounded labels prove these in tens of ms
TRAVEL_SHARE = 0.05  # of the time limit, kept for the least-travel descent


@dataclass
class Solution:
    tours: list[list[str]]  # node ids, start and end depots included
    score: float
    optimal: bool
    schedules: list[TourSchedule] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "tours": self.tours,
            "score": int(self.score) if self.score == int(self.score) else round(self.score, 6),
            "optimal": self.optimal,
            "schedule": [
                {
                    "leave": timed.leave,
                    "stops": [
                        {"id": stop.node, "arrive": stop.arrive, "start": stop.start, "end": stop.end}
                        for stop in timed.stops
                    ],
                    "back": timed.back,
                    "break": None
                    if timed.break_at is None
                    else {"before": timed.break_at[0], "start": timed.break_at[1]},
                }
                for timed in self.schedules
            ],
        }


def candidates_per_tour(problem: Problem, models: list[TourModel]) -> list[list[int]]:
    """Per tour, the candidates that fit alone in it (no others can ever be part of that tour)."""
    candidates = problem.candidates()
    return [[node for node in candidates if model.finish([node]) < INF] for model in models]


def solve(
    problem: Problem,
    time_limit: float = 1.0,
    seed: int = 0,
    patience: int | None = 10,
    least_travel_too: bool = True,
) -> Solution:
    """Best tours found within ``time_limit`` seconds; ``optimal`` when the score is proved optimal
    by the exact search.

    ``patience``: the heuristic stops after that many iterations without improvement (None: it runs
    until the time limit). 10 keeps real requests to a few tens of milliseconds for under 1 % of
    score (measured by `python -m bot.devtools.bench`); the paper used 150. ``least_travel_too=False`` keeps
    the first plan of the best score found, however long its drives (the benchmark's baseline).
    """
    began = time.perf_counter()
    deadline = began + time_limit
    search_deadline = deadline - (TRAVEL_SHARE * time_limit if least_travel_too else 0.0)
    models = [TourModel(problem, tour) for tour in range(problem.tours)]
    per_tour = candidates_per_tour(problem, models)
    score_of = {node: problem.nodes[node].score for candidates in per_tour for node in candidates}
    search = IteratedLocalSearch(models, per_tour, score_of, seed)
    # The exact search knows no cap on visits per tour: with one, the heuristic alone decides.
    small = problem.max_visits is None and all(len(c) <= EXACT_MAX_CANDIDATES for c in per_tour)
    routes = search.run(
        search_deadline - time.perf_counter(), patience=min(patience or 10, 10) if small else patience
    )
    optimal = False
    if small:
        try:
            routes = solve_exact(models, per_tour, score_of, routes, search_deadline)
            optimal = True
        except TooLarge:
            pass
    if least_travel_too:
        routes = LeastTravel(problem, models, per_tour, score_of, routes, deadline, seed).run()
    ids = [node.id for node in problem.nodes]
    schedules = [model.timed(route, ids) for model, route in zip(models, routes, strict=True)]
    tours = [
        [start, *(ids[node] for node in route), end]
        for (start, end), route in zip(problem.depots, routes, strict=True)
    ]
    score = sum(score_of[node] for route in routes for node in route)
    return Solution(tours, score, optimal, schedules)
