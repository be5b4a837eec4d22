"""Timing of one tour: when each visit starts, where the break fits, whether the tour is feasible.

Arriving early means waiting; a service must start inside one of the node's windows for that tour
(the earliest that fits). The optional break can be taken at any stop, before or after its visit,
and may absorb waiting time. Earlier is never worse here (windows bound the start from above and
waiting is allowed), so the schedule tries the break at every place and keeps the earliest return.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.planner.problem import Break, Problem

EPSILON = 1e-9


@dataclass(frozen=True)
class Stop:
    node: str
    arrive: float
    start: float
    end: float


@dataclass(frozen=True)
class TourSchedule:
    leave: float
    stops: tuple[Stop, ...]
    back: float
    break_at: tuple[int, float] | None  # (position in the tour, start time); position -1 = at the start


def start_of_service(windows, arrival: float) -> float | None:
    """The earliest time at or after ``arrival`` inside one of ``windows`` (None if none is left)."""
    for opens, closes in windows:
        begin = max(arrival, opens)
        if begin <= closes + EPSILON:
            return begin
    return None


def _walk(problem: Problem, tour: int, route: list[int], break_slot: int | None) -> TourSchedule | None:
    """Time the route with the break at ``break_slot`` (2k: before visit k, 2k+1: after it; None: no break)."""
    pause: Break | None = problem.breaks[tour]
    leave, back_by = problem.day_bounds(tour)
    clock = leave
    where = problem.start_index
    stops = []
    break_at = None

    def take_break(now: float, position: int) -> float | None:
        nonlocal break_at
        begin = max(now, pause.earliest)
        if begin + pause.duration > pause.latest + EPSILON:
            return None
        break_at = (position, begin)
        return begin + pause.duration

    if break_slot == -1:
        clock = take_break(clock, -1)
        if clock is None:
            return None
    for position, node_index in enumerate(route):
        node = problem.nodes[node_index]
        arrive = clock + problem.time[where][node_index]
        ready = arrive
        if break_slot == 2 * position:
            ready = take_break(arrive, position)
            if ready is None:
                return None
        begin = start_of_service(node.windows[tour], ready)
        if begin is None:
            return None
        clock = begin + node.service
        stops.append(Stop(node.id, arrive, begin, clock))
        if break_slot == 2 * position + 1:
            clock = take_break(clock, position)
            if clock is None:
                return None
        where = node_index
    back = clock + problem.time[where][problem.end_index]
    if back > back_by + EPSILON:
        return None
    return TourSchedule(leave, tuple(stops), back, break_at)


def break_needed(problem: Problem, tour: int, route: list[int]) -> bool:
    pause = problem.breaks[tour]
    if pause is None or not route:
        return False
    leave, back_by = problem.day_bounds(tour)
    # A day that ends before the break window, or starts too late to fit one, has no break.
    return leave <= pause.latest - pause.duration and back_by >= pause.earliest + pause.duration


def schedule(problem: Problem, tour: int, route: list[int]) -> TourSchedule | None:
    """The feasible schedule of ``route`` (node indices, depots excluded) on ``tour``, or None."""
    if not break_needed(problem, tour, route):
        return _walk(problem, tour, route, None)
    best = None
    for slot in range(-1, 2 * len(route)):
        timed = _walk(problem, tour, route, slot)
        if timed and (best is None or timed.back < best.back):
            best = timed
    return best


def earliest_finish(problem: Problem, tour: int, route: list[int]) -> float | None:
    timed = schedule(problem, tour, route)
    return timed.back if timed else None
