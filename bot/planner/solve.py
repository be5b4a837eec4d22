"""Choose the algorithm: exact on small problems, iterated local search beyond."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.planner.exact import TooLarge, best_split
from bot.planner.heuristic import iterated_local_search
from bot.planner.problem import Problem
from bot.planner.schedule import TourSchedule, schedule

EXACT_MAX_CANDIDATES = 12


@dataclass
class Solution:
    tours: list[list[str]]  # node ids, start and end depots included
    score: float
    optimal: bool
    schedules: list[TourSchedule] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "tours": self.tours,
            "score": round(self.score, 6) if self.score != int(self.score) else int(self.score),
            "optimal": self.optimal,
            "schedule": [
                [
                    {"id": stop.node, "arrive": stop.arrive, "start": stop.start, "end": stop.end}
                    for stop in timed.stops
                ]
                for timed in self.schedules
            ],
        }


def _reachable(problem: Problem, node_index: int) -> bool:
    """Could the node be visited alone on some tour? Others can never be part of a solution."""
    return any(schedule(problem, tour, [node_index]) for tour in range(problem.tours))


def solve(problem: Problem, time_limit: float = 1.0, seed: int = 0) -> Solution:
    candidates = [node_index for node_index in problem.candidates() if _reachable(problem, node_index)]
    optimal = len(candidates) <= EXACT_MAX_CANDIDATES
    routes = None
    if optimal:
        try:
            routes = best_split(problem, candidates)
        except TooLarge:
            optimal = False
    if routes is None:
        routes = iterated_local_search(problem, candidates, time_limit, seed)
    schedules = [schedule(problem, tour, route) for tour, route in enumerate(routes)]
    start, end = problem.start, problem.end
    ids = [[start, *(problem.nodes[i].id for i in route), end] for route in routes]
    score = sum(problem.nodes[i].score for route in routes for i in route)
    return Solution(ids, score, optimal, schedules)
