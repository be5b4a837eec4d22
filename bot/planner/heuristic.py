"""Iterated local search for larger problems (Vansteenwegen, Souffriau, Vanden Berghe & Van Oudheusden,
"Iterated local search for the team orienteering problem with time windows", Computers & OR 36, 2009).

Insertion step: among all feasible (candidate, tour, position) insertions, insert the one with the best
ratio score² / extra time, until nothing fits. Shake: remove ``length`` consecutive visits from every
tour starting at ``offset``; both grow as the search stalls and reset on improvement. The search is
deterministic for a given seed and stops after ``max_stalls`` iterations without improvement or at
the time limit.
"""

from __future__ import annotations

import random
import time

from bot.planner.problem import Problem
from bot.planner.schedule import earliest_finish

Routes = list[list[int]]


def _insert_greedily(problem: Problem, routes: Routes, unvisited: set[int]) -> None:
    finish = [earliest_finish(problem, tour, route) for tour, route in enumerate(routes)]
    while True:
        best = None
        for node_index in sorted(unvisited):
            score = problem.nodes[node_index].score
            for tour, route in enumerate(routes):
                for position in range(len(route) + 1):
                    trial = route[:position] + [node_index] + route[position:]
                    back = earliest_finish(problem, tour, trial)
                    if back is None:
                        continue
                    ratio = score * score / max(back - finish[tour], 1e-6)
                    if best is None or ratio > best[0]:
                        best = (ratio, node_index, tour, position, back)
        if best is None:
            return
        _, node_index, tour, position, back = best
        routes[tour].insert(position, node_index)
        finish[tour] = back
        unvisited.discard(node_index)


def _total(problem: Problem, routes: Routes) -> float:
    return sum(problem.nodes[node_index].score for route in routes for node_index in route)


def _shake(problem: Problem, routes: Routes, unvisited: set[int], offset: int, length: int) -> None:
    """Remove ``length`` consecutive visits from each tour; the rest of the tour still fits (earlier)."""
    for tour, route in enumerate(routes):
        if not route:
            continue
        begin = offset % len(route)
        removed = route[begin : begin + length]
        del route[begin : begin + length]
        if earliest_finish(problem, tour, route) is None:  # a break may no longer fit: keep it simple
            route[begin:begin] = removed
            continue
        unvisited.update(removed)


def iterated_local_search(
    problem: Problem, candidates: list[int], time_limit: float, seed: int = 0, max_stalls: int = 150
) -> Routes:
    deadline = time.perf_counter() + time_limit
    rng = random.Random(seed)
    routes: Routes = [[] for _ in range(problem.tours)]
    unvisited = set(candidates)
    _insert_greedily(problem, routes, unvisited)
    best_routes, best_score = [list(route) for route in routes], _total(problem, routes)
    offset, length, stalls = rng.randrange(3), 1, 0
    while stalls < max_stalls and time.perf_counter() < deadline:
        _shake(problem, routes, unvisited, offset, length)
        _insert_greedily(problem, routes, unvisited)
        score = _total(problem, routes)
        if score > best_score:
            best_routes, best_score, length, stalls = [list(route) for route in routes], score, 1, 0
        else:
            stalls += 1
            length += 1
        offset += length
        longest = max((len(route) for route in routes), default=0)
        if length > max(1, longest // 2):
            length = 1
        if offset >= max(1, longest):
            offset %= max(1, longest)
    return best_routes
