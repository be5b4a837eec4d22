"""Exact solution of small problems (a dozen candidates): dynamic programming over visited sets.

For one tour, a label ``(visited set, last node, break taken)`` keeps the earliest time the tour can
be ready to leave ``last`` (labels with a later time are dominated: waiting is allowed, so earlier
is never worse). Every feasible set of visits is found this way, and the best set per tour is exact.
Several tours share the candidates: ``best_split`` combines the per-tour feasible sets over disjoint
subsets (a subset-convolution in O(3^n) for n candidates), which proves the optimum of the team
problem as well. See Righini & Salani (2009), "Decremental state space relaxation strategies and
initialization heuristics for solving the orienteering problem with time windows", for this family
of label-setting algorithms.
"""

from __future__ import annotations

from bot.planner.problem import Problem
from bot.planner.schedule import EPSILON, break_needed, start_of_service

Label = tuple[int, int, bool]  # (visited mask, last node index, break taken)


def _labels(problem: Problem, tour: int, candidates: list[int]) -> dict[Label, tuple[float, Label | None]]:
    """Every non-dominated label reachable on ``tour`` with its time and parent label."""
    pause = problem.breaks[tour]
    leave, _ = problem.day_bounds(tour)
    start = problem.start_index
    wants_break = pause is not None and break_needed(problem, tour, [candidates[0]] if candidates else [])
    root: Label = (0, start, not wants_break)
    labels: dict[Label, tuple[float, Label | None]] = {root: (leave, None)}
    frontier = [root]
    while frontier:
        following = []
        for label in frontier:
            mask, last, taken = label
            ready = labels[label][0]
            for bit, node_index in enumerate(candidates):
                if mask >> bit & 1:
                    continue
                node = problem.nodes[node_index]
                windows = node.windows[tour]
                travel = problem.time[last][node_index]
                options = [(ready + travel, taken)]
                if not taken:
                    after_last = max(ready, pause.earliest) + pause.duration
                    if after_last <= pause.latest + EPSILON:
                        options.append((after_last + travel, True))
                for arrive, took in options:
                    begin = start_of_service(windows, arrive)
                    if begin is not None:
                        _extend(
                            labels,
                            following,
                            label,
                            (mask | 1 << bit, node_index, took),
                            begin + node.service,
                        )
                    if not took:  # the break on arrival, before the visit
                        rested = max(arrive, pause.earliest) + pause.duration
                        begin = (
                            start_of_service(windows, rested) if rested <= pause.latest + EPSILON else None
                        )
                        if begin is not None:
                            _extend(
                                labels,
                                following,
                                label,
                                (mask | 1 << bit, node_index, True),
                                begin + node.service,
                            )
        frontier = following
    return labels


def _extend(labels, following, parent: Label, child: Label, ready: float) -> None:
    known = labels.get(child)
    if known is None or ready < known[0] - EPSILON:
        labels[child] = (ready, parent)
        following.append(child)


def feasible_sets(problem: Problem, tour: int, candidates: list[int]) -> dict[int, list[int]]:
    """``{visited mask: route}`` for every set of candidates that fits in ``tour`` (empty set included)."""
    pause = problem.breaks[tour]
    _, back_by = problem.day_bounds(tour)
    end = problem.end_index
    best: dict[int, tuple[float, Label]] = {}
    labels = _labels(problem, tour, candidates)
    for label, (ready, _) in labels.items():
        mask, last, taken = label
        if not taken:  # the break is still owed: take it before going back
            ready = max(ready, pause.earliest) + pause.duration
            if ready > pause.latest + EPSILON:
                continue
        back = ready + problem.time[last][end]
        if back <= back_by + EPSILON and (mask not in best or back < best[mask][0]):
            best[mask] = (back, label)
    routes = {}
    for mask, (_, label) in best.items():
        route = []
        while label is not None and label[0]:
            route.append(label[1])
            label = labels[label][1]
        routes[mask] = route[::-1]
    if 0 not in routes:
        routes[0] = []
    return routes


class TooLarge(Exception):
    """The exact combination of tours would take too long: use the heuristic."""


def best_split(problem: Problem, candidates: list[int], max_pairs: int = 2_000_000) -> list[list[int]]:
    """The optimal routes, one per tour, visiting each candidate at most once."""
    per_tour = [feasible_sets(problem, tour, candidates) for tour in range(problem.tours)]
    score_of = {}
    for routes in per_tour:
        for mask, route in routes.items():
            score_of[mask] = sum(problem.nodes[node_index].score for node_index in route)
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}  # union of visits -> (score, mask per tour)
    for routes in per_tour:
        if len(best) * len(routes) > max_pairs:
            raise TooLarge
        combined: dict[int, tuple[float, list[int]]] = {}
        for used, (score, chosen) in best.items():
            for mask in routes:
                if mask & used:
                    continue
                total = score + score_of[mask]
                key = used | mask
                if key not in combined or total > combined[key][0]:
                    combined[key] = (total, [*chosen, mask])
        best = combined
    _, chosen = max(best.values(), key=lambda entry: entry[0])
    return [per_tour[tour][mask] for tour, mask in enumerate(chosen)]
