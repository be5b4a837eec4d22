"""Independent check of a solution: recompute every tour from the problem alone.

Written separately from ``schedule.py`` on purpose (plain simulation, the break tried on every leg),
so that a mistake in the fast evaluation used by the solvers shows up here. The schedule attached to
the solution, if any, is also checked stop by stop.
"""

from __future__ import annotations

from bot.planner.problem import Problem
from bot.planner.solve import Solution

TOLERANCE = 1e-6


def _first_start(windows, ready: float) -> float | None:
    """The earliest start at or after ``ready`` in any window (in any order; empty windows ignored)."""
    starts = [max(ready, opens) for opens, closes in windows if max(ready, opens) <= closes + TOLERANCE]
    return min(starts, default=None)


def _back_time(problem: Problem, tour: int, route: list[int], break_leg: int | None) -> float | None:
    """Return time with the break on leg ``break_leg`` (1 = into the first stop; None = no break)."""
    pause = problem.breaks[tour]
    clock, back_by = problem.day_bounds(tour)
    where = problem.start_of(tour)
    for leg, node in enumerate([*route, problem.end_of(tour)], start=1):
        ready = clock + problem.time[where][node]
        if leg == break_leg:
            if max(clock, pause.earliest) + pause.duration > pause.latest + TOLERANCE:
                return None
            ready = max(ready, pause.earliest) + pause.duration
        if leg == len(route) + 1:
            return ready if ready <= back_by + TOLERANCE else None
        begin = _first_start(problem.nodes[node].windows[tour], ready)
        if begin is None:
            return None
        clock, where = begin + problem.nodes[node].service, node
    return None


def tour_is_feasible(problem: Problem, tour: int, route: list[int]) -> bool:
    pause = problem.breaks[tour]
    leave, back_by = problem.day_bounds(tour)
    owed = (
        pause is not None
        and bool(route)
        and leave + pause.duration <= pause.latest
        and back_by >= pause.earliest + pause.duration
    )
    if not owed:
        return _back_time(problem, tour, route, None) is not None
    without = _back_time(problem, tour, route, None)
    if without is not None and without <= pause.earliest + TOLERANCE:
        return True  # back before lunch time: no break owed
    return any(_back_time(problem, tour, route, leg) is not None for leg in range(1, len(route) + 2))


def _timeline_problems(problem: Problem, tour: int, solution: Solution) -> list[str]:
    """Mistakes in the stop times the solution reports for ``tour``."""
    timed = solution.schedules[tour]
    found = []
    where, clock = problem.start_of(tour), timed.leave
    pause = problem.breaks[tour]
    for stop in timed.stops:
        node = problem.index[stop.node]
        windows = problem.nodes[node].windows[tour]
        if stop.arrive + TOLERANCE < clock + problem.time[where][node]:
            found.append(f"tour {tour}: arrives at {stop.node} before it can get there")
        if stop.start + TOLERANCE < stop.arrive or not any(
            opens - TOLERANCE <= stop.start <= closes + TOLERANCE for opens, closes in windows
        ):
            found.append(f"tour {tour}: {stop.node} starts outside its windows")
        if abs(stop.end - stop.start - problem.nodes[node].service) > TOLERANCE:
            found.append(f"tour {tour}: {stop.node} is not given its full service time")
        if timed.break_at is not None and pause is not None:
            begin = timed.break_at[1]
            if begin < stop.end - TOLERANCE and begin + pause.duration > stop.start + TOLERANCE:
                found.append(f"tour {tour}: the break overlaps the visit of {stop.node}")
        where, clock = node, stop.end
    if timed.break_at is not None and pause is not None:
        begin = timed.break_at[1]
        if begin < pause.earliest - TOLERANCE or begin + pause.duration > pause.latest + TOLERANCE:
            found.append(f"tour {tour}: the break is outside its window")
    if timed.back > problem.day_bounds(tour)[1] + TOLERANCE:
        found.append(f"tour {tour}: back after the end of the day")
    return found


def check(problem: Problem, solution: Solution) -> list[str]:
    """Everything wrong with ``solution`` (an empty list: it is feasible and its score is right)."""
    found = []
    if len(solution.tours) != problem.tours:
        found.append(f"{len(solution.tours)} tours instead of {problem.tours}")
    seen: set[str] = set()
    depots = {node_id for pair in problem.depots for node_id in pair}
    total = 0.0
    for tour, ids in enumerate(solution.tours[: problem.tours]):
        start, end = problem.depots[tour]
        if len(ids) < 2 or ids[0] != start or ids[-1] != end:
            found.append(f"tour {tour} must go from {start} to {end}")
            continue
        visits = ids[1:-1]
        unknown = [node_id for node_id in visits if node_id not in problem.index]
        if unknown:
            found.append(f"tour {tour}: unknown nodes {unknown}")
            continue
        for node_id in visits:
            if node_id in seen or node_id in depots:
                found.append(f"tour {tour}: {node_id} visited twice")
            seen.add(node_id)
        route = [problem.index[node_id] for node_id in visits]
        if problem.max_visits is not None and len(route) > problem.max_visits:
            found.append(f"tour {tour}: {len(route)} visits, more than {problem.max_visits}")
        if not tour_is_feasible(problem, tour, route):
            found.append(f"tour {tour} breaks a time window, the break or the end of the day")
        if tour < len(solution.schedules) and solution.schedules[tour] is not None:
            if [stop.node for stop in solution.schedules[tour].stops] != visits:
                found.append(f"tour {tour}: the schedule lists other stops than the tour")
            else:
                found.extend(_timeline_problems(problem, tour, solution))
        total += sum(problem.nodes[node].score for node in route)
    if abs(total - solution.score) > TOLERANCE:
        found.append(f"score {solution.score} differs from the visits' total {total}")
    return found
