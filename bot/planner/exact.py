"""Exact solution of small problems (up to 15 candidates per day) by label setting with bounds.

One tour: labels ``(visited set, last node)`` are extended one visit at a time (a bit mask over the
tour's candidates), each with the earliest departure with the break still owed and with it taken;
for the same set and last node only the earliest times matter (waiting is allowed, so earlier is never
worse) and a taken break at an earlier time dominates an owed one. A label is dropped when its score
plus the best scores of the visits it can still reach (no more of them than the time left allows at
their least cost) cannot beat the best known value (bounding, as in branch and bound). This is the label-setting family of Righini & Salani (2009), "Decremental state
space relaxation strategies and initialization heuristics for solving the orienteering problem with
time windows with applications to multi-modal tourist trips", Computers & OR 36(4), here without the
decremental relaxation because the problems are small.

The same search fills a ``Gap`` between two stops of a tour (the heuristic's refill step).

Several tours: first the best score of each tour alone (``ceiling``); then, for each tour, every
feasible visit set that could still be part of a better team solution (its score must exceed the
incumbent minus the other tours' ceilings); a depth-first search over disjoint sets, sorted by score
and bounded by the ceilings, finds the best combination or proves the incumbent optimal.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from bot.planner.schedule import EPSILON, INF, TourModel


class TooLarge(Exception):
    """The exact search would take too long (past its deadline): keep the heuristic's answer."""


MAX_CANDIDATES = 15  # per tour: a label's key keeps its last node in 4 bits


class Gap(NamedTuple):
    """Part of a tour to fill: leave ``origin`` at ``owed``/``taken`` (break still owed / taken) and
    reach ``target`` by ``late_owed``/``late_taken`` (the latest arrivals that finish the tour)."""

    origin: int
    owed: float
    taken: float
    target: int
    late_owed: float
    late_taken: float


def _check_clock(deadline: float) -> None:
    if time.perf_counter() > deadline:
        raise TooLarge


def best_labels(
    model: TourModel,
    candidates: list[int],
    scores: list[float],
    floor: float,
    raise_floor: bool,
    deadline: float,
    gap: Gap | None = None,
) -> dict[int, tuple[float, list[int]]]:
    """Feasible visit sets (local bit masks) scoring more than ``floor``, with one route each.

    With ``raise_floor`` only the best set is wanted, so the floor rises with every set found. With a
    ``gap``, the visits fill the part of a tour between two of its stops instead of the whole tour.
    """
    whole_tour = gap is None
    if gap is None:
        gap = Gap(
            model.start, model.leave, INF, model.end, min(model.free_until, model.back_by), model.back_by
        )
    size = len(candidates)
    time, service, back_by = model.time, model.service, model.back_by
    earliest, duration, break_by = model.earliest, model.duration, model.break_by
    service_start = model.service_start
    # The least time any further visit costs (its service plus the shortest way in): with the time
    # left, it caps how many more visits a label can make, which tightens the bound.
    sources = [gap.origin, *candidates]
    least_cost = [
        service[node] + min(time[source][node] for source in sources if source != node) for node in candidates
    ]
    # key = mask * 16 + last + 1 (last = -1 at the start); value = [owed, taken, score]
    layer = {0: [gap.owed, gap.taken, 0.0]}
    parents: dict[
        int, tuple[int, int, bool]
    ] = {}  # key -> (parent of A, parent of B, B came from parent's A)
    found: dict[int, tuple[float, int, bool]] = {}  # mask -> (score, key, final state is B)
    labels = 0
    while layer:
        following: dict[int, list[float]] = {}
        for key, (owed, taken, score) in layer.items():
            mask, last_local = key >> 4, (key & 15) - 1
            last = gap.origin if last_local < 0 else candidates[last_local]
            row = time[last]
            if score > floor:
                leg = row[gap.target]
                if mask == 0 and whole_tour:  # an empty tour owes no break
                    complete, state_b = owed + leg <= back_by + EPSILON, False
                elif taken + leg <= gap.late_taken + EPSILON:
                    complete, state_b = True, True
                elif owed + leg <= gap.late_owed + EPSILON:
                    complete, state_b = True, False
                else:
                    complete = (
                        max(owed, earliest) <= break_by
                        and max(owed + leg, earliest) + duration <= gap.late_taken + EPSILON
                    )
                    state_b = False
                if complete:
                    found[mask] = (score, key, state_b)
                    if raise_floor:
                        floor = score
            children = []
            reachable = []
            can_break = owed < INF and max(owed, earliest) <= break_by
            for bit in range(size):
                if mask >> bit & 1:
                    continue
                node = candidates[bit]
                leg = row[node]
                new_owed = service_start(node, owed + leg) + service[node] if owed < INF else INF
                ready = taken + leg
                via_break = False
                if can_break:
                    rested = max(owed + leg, earliest) + duration
                    if rested < ready:
                        ready, via_break = rested, True
                new_taken = service_start(node, ready) + service[node] if ready < INF else INF
                if new_taken <= new_owed:
                    new_owed = INF
                if new_owed == INF and new_taken == INF:
                    continue
                children.append((bit, new_owed, new_taken, via_break))
                reachable.append(bit)
            if reachable:
                left = max(gap.late_owed, gap.late_taken) - (owed if owed < taken else taken)
                most = int(left / max(min(least_cost[bit] for bit in reachable), EPSILON) + EPSILON)
                bound = score + sum(sorted((scores[bit] for bit in reachable), reverse=True)[:most])
            else:
                bound = score
            if bound <= floor + EPSILON:
                continue
            for bit, new_owed, new_taken, via_break in children:
                child = ((mask | 1 << bit) << 4) | (bit + 1)
                known = following.get(child)
                if known is None:
                    following[child] = [new_owed, new_taken, score + scores[bit]]
                    parents[child] = (key, key, via_break)
                    labels += 1
                    if labels & 1023 == 0:
                        _check_clock(deadline)
                    continue
                parent_a, parent_b, came_from_a = parents[child]
                if new_owed < known[0]:
                    known[0], parent_a = new_owed, key
                if new_taken < known[1]:
                    known[1], parent_b, came_from_a = new_taken, key, via_break
                if known[1] <= known[0]:
                    known[0] = INF
                parents[child] = (parent_a, parent_b, came_from_a)
        layer = following
    routes = {}
    for mask, (score, key, state_b) in found.items():
        if score <= floor - EPSILON and raise_floor:
            continue
        route = []
        while key:
            route.append(candidates[(key & 15) - 1])
            parent_a, parent_b, came_from_a = parents[key]
            if state_b:
                key, state_b = parent_b, not came_from_a
            else:
                key = parent_a
        routes[mask] = (score, route[::-1])
    return routes


def _global_mask(local: int, bits: list[int]) -> int:
    mask = 0
    for position, bit in enumerate(bits):
        if local >> position & 1:
            mask |= 1 << bit
    return mask


def solve_exact(
    models: list[TourModel],
    candidates_per_tour: list[list[int]],
    score_of: dict[int, float],
    incumbent: list[list[int]],
    deadline: float,
) -> list[list[int]]:
    """Optimal routes (one per tour), given a feasible ``incumbent`` to bound the search."""
    tours = len(models)
    tour_scores = [sum(score_of[node] for node in route) for route in incumbent]
    if sum(tour_scores) >= sum(score_of.values()) - EPSILON:
        return incumbent  # every candidate is visited: nothing can be better
    ceilings = []
    for tour in range(tours):
        candidates = candidates_per_tour[tour]
        if len(candidates) > MAX_CANDIDATES:
            raise TooLarge
        scores = [score_of[node] for node in candidates]
        best = best_labels(
            models[tour], candidates, scores, tour_scores[tour], raise_floor=True, deadline=deadline
        )
        if tours == 1:
            if best:
                return [max(best.values(), key=lambda entry: entry[0])[1]]
            return incumbent
        ceilings.append(max([tour_scores[tour], *(score for score, _ in best.values())]))
    floor_total = sum(tour_scores)
    if sum(ceilings) <= floor_total + EPSILON:
        return incumbent  # each tour is as good as it can be alone: the incumbent is optimal
    everyone = sorted({node for candidates in candidates_per_tour for node in candidates})
    bit_of = {node: bit for bit, node in enumerate(everyone)}
    options = []  # per tour: [(score, global mask, route)] sorted by score, best first
    for tour in range(tours):
        candidates = candidates_per_tour[tour]
        scores = [score_of[node] for node in candidates]
        others = sum(ceilings) - ceilings[tour]
        sets = best_labels(
            models[tour],
            candidates,
            scores,
            floor_total - others - EPSILON,
            raise_floor=False,
            deadline=deadline,
        )
        bits = [bit_of[node] for node in candidates]
        entries = [(score, _global_mask(local, bits), route) for local, (score, route) in sets.items()]
        options.append(sorted(entries, key=lambda entry: -entry[0]))
    rest = [0.0] * (tours + 1)
    for tour in range(tours - 1, -1, -1):
        rest[tour] = rest[tour + 1] + (options[tour][0][0] if options[tour] else 0.0)
    best = [floor_total, None]
    chosen: list = [None] * tours
    steps = [0]

    def explore(tour: int, used: int, score: float) -> None:
        if tour == tours:
            if score > best[0] + EPSILON:
                best[0], best[1] = score, list(chosen)
            return
        for entry in options[tour]:
            steps[0] += 1
            if steps[0] & 1023 == 0:
                _check_clock(deadline)
            if score + entry[0] + rest[tour + 1] <= best[0] + EPSILON:
                return
            if entry[1] & used:
                continue
            chosen[tour] = entry[2]
            explore(tour + 1, used | entry[1], score + entry[0])

    explore(0, 0, 0.0)
    return best[1] if best[1] is not None else incumbent
