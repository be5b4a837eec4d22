"""Timing of one tour: when each visit starts, where the break fits, whether the tour is feasible.

Rules. The tour leaves the start at its opening time (waiting is allowed anywhere, so earlier is never
worse). A visit starts at the earliest time, at or after arrival, inside one of the node's windows for
that tour. The break (lunch) is taken on one leg, between two stops: it starts at ``b >= max(leave,
earliest)`` with ``b + duration <= latest``; the next stop is reached at ``max(arrival, earliest) +
duration`` (a break after the arrival absorbs waiting; one before it interrupts the drive). A tour back
at the end by ``earliest`` needs no break; so does an empty tour, or a day that cannot hold it.

Each stop therefore has two states, break still owed (A) or taken (B), and the forward pass keeps the
earliest departure of each. The backward pass keeps, per position and state, the latest arrival that
still lets the rest of the tour finish; feasibility is monotone in time, so with both passes testing an
insertion costs O(1) (Savelsbergh's forward/backward slack idea, extended to the break state).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.planner.problem import Problem

EPSILON = 1e-9
INF = float("inf")


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
    break_at: tuple[int, float] | None  # (index of the stop the break comes before, start time)


class TourModel:
    """One tour's data in flat lists, built once per solve (the inner loops only index lists)."""

    def __init__(self, problem: Problem, tour: int) -> None:
        self.time = problem.time
        self.service = [node.service for node in problem.nodes]
        # Sorted, and without windows that close before they open (a visit longer than the opening).
        self.windows = [
            tuple(sorted(window for window in node.windows[tour] if window[0] <= window[1] + EPSILON))
            for node in problem.nodes
        ]
        self.last_close = [windows[-1][1] + EPSILON if windows else -INF for windows in self.windows]
        self.start = problem.start_of(tour)
        self.end = problem.end_of(tour)
        self.max_visits = problem.max_visits
        self.leave, self.back_by = problem.day_bounds(tour)
        pause = problem.breaks[tour]
        if pause is not None and (
            self.leave > pause.latest - pause.duration or self.back_by < pause.earliest + pause.duration
        ):
            pause = None  # the day cannot hold the break: none is owed
        self.has_break = pause is not None
        self.earliest = pause.earliest if pause else INF
        self.latest = pause.latest if pause else INF
        self.duration = pause.duration if pause else 0.0
        # Latest start of a break, and the arrival at the end by which no break is owed.
        self.break_by = self.latest - self.duration + EPSILON if pause else -INF
        self.free_until = self.earliest + EPSILON if pause else INF

    def service_start(self, node: int, ready: float) -> float:
        """Earliest service start at or after ``ready`` (INF when every window has closed)."""
        for opens, closes in self.windows[node]:
            if ready <= closes + EPSILON:
                return opens if opens > ready else ready
        return INF

    def latest_ready(self, node: int, latest_start: float) -> float:
        """Latest arrival at ``node`` whose service can start by ``latest_start`` (-INF if none)."""
        best = -INF
        for opens, closes in self.windows[node]:
            if opens <= latest_start + EPSILON:
                best = max(best, min(closes, latest_start))
        return best

    def forward(self, route: list[int]) -> tuple[list[float], list[float]]:
        """Earliest departure from each position (0 = start) with the break owed (A) or taken (B)."""
        time, service, earliest, duration, break_by = (
            self.time,
            self.service,
            self.earliest,
            self.duration,
            self.break_by,
        )
        owed, taken = [self.leave], [INF]
        where = self.start
        for node in route:
            leg = time[where][node]
            dep_owed, dep_taken = owed[-1], taken[-1]
            ready_taken = dep_taken + leg
            if dep_owed < INF and max(dep_owed, earliest) <= break_by:
                ready_taken = min(ready_taken, max(dep_owed + leg, earliest) + duration)
            begin = self.service_start(node, dep_owed + leg) if dep_owed < INF else INF
            owed.append(begin + service[node])
            begin = self.service_start(node, ready_taken) if ready_taken < INF else INF
            taken.append(begin + service[node])
            where = node
        return owed, taken

    def backward(self, route: list[int]) -> tuple[list[float], list[float]]:
        """Latest arrival at each position (1..len+1, index 0 unused) that still finishes the tour."""
        size = len(route)
        owed, taken = [-INF] * (size + 2), [-INF] * (size + 2)
        taken[size + 1] = self.back_by
        owed[size + 1] = min(self.free_until, self.back_by)
        time, service, earliest, duration, break_by = (
            self.time,
            self.service,
            self.earliest,
            self.duration,
            self.break_by,
        )
        following = self.end
        for position in range(size, 0, -1):
            node = route[position - 1]
            leg = time[node][following]
            late_taken = taken[position + 1] - leg
            late_owed = owed[position + 1] - leg
            if self.has_break and earliest + duration <= taken[position + 1] + EPSILON:
                late_owed = max(late_owed, min(break_by, taken[position + 1] - duration - leg))
            taken[position] = self.latest_ready(node, late_taken - service[node])
            owed[position] = self.latest_ready(node, late_owed - service[node])
            following = node
        return owed, taken

    def finish(self, route: list[int]) -> float:
        """Earliest return to the end (INF when the route is infeasible)."""
        if not route:
            back = self.leave + self.time[self.start][self.end]
            return back if back <= self.back_by + EPSILON else INF
        owed, taken = self.forward(route)
        back = self._back(route[-1], owed[-1], taken[-1])
        return back if back <= self.back_by + EPSILON else INF

    def _back(self, last: int, dep_owed: float, dep_taken: float) -> float:
        leg = self.time[last][self.end]
        back = dep_taken + leg
        if dep_owed + leg <= self.free_until:
            back = min(back, dep_owed + leg)
        elif max(dep_owed, self.earliest) <= self.break_by:
            back = min(back, max(dep_owed + leg, self.earliest) + self.duration)
        return back

    def timed(self, route: list[int], ids: list[str]) -> TourSchedule | None:
        """The detailed earliest schedule of a route (None if infeasible)."""
        if not route:
            back = self.finish(route)
            return None if back == INF else TourSchedule(self.leave, (), back, None)
        owed, taken = self.forward(route)
        size, leg = len(route), self.time[route[-1]][self.end]
        options = []  # (back, leg of the break: None = no break, 0 = find it by walking back)
        if owed[-1] + leg <= self.free_until:
            options.append((owed[-1] + leg, None))
        if owed[-1] < INF and max(owed[-1], self.earliest) <= self.break_by:
            options.append((max(owed[-1] + leg, self.earliest) + self.duration, size + 1))
        options.append((taken[-1] + leg, 0))
        back, break_leg = min(options, key=lambda option: option[0])
        if back > self.back_by + EPSILON:
            return None
        if break_leg == 0:  # B at position p either continues B at p - 1 or took the break on leg p
            break_leg = size
            while break_leg > 1:
                previous, node = route[break_leg - 2], route[break_leg - 1]
                begin = self.service_start(node, taken[break_leg - 1] + self.time[previous][node])
                if begin + self.service[node] > taken[break_leg] + EPSILON:
                    break
                break_leg -= 1
        return self._replay(route, ids, break_leg)

    def _replay(self, route: list[int], ids: list[str], break_leg: int | None) -> TourSchedule:
        clock, where, stops, break_at = self.leave, self.start, [], None
        for position, node in enumerate([*route, self.end], start=1):
            arrive = ready = clock + self.time[where][node]
            if position == break_leg:
                begin = max(arrive, self.earliest)
                if begin > self.break_by:  # too late once there: stop on the way instead
                    begin = max(clock, self.earliest)
                break_at = (position - 1, begin)
                ready = max(arrive, self.earliest) + self.duration
                arrive = min(arrive, ready) if begin >= arrive else ready
            if position > len(route):
                return TourSchedule(self.leave, tuple(stops), ready, break_at)
            begin = self.service_start(node, ready)
            clock = begin + self.service[node]
            stops.append(Stop(ids[node], arrive, begin, clock))
            where = node
        raise AssertionError("the loop returns at the end depot")


def schedule(problem: Problem, tour: int, route: list[int]) -> TourSchedule | None:
    """The feasible earliest schedule of ``route`` (node indices, depots excluded) on ``tour``, or None."""
    return TourModel(problem, tour).timed(route, [node.id for node in problem.nodes])


def earliest_finish(problem: Problem, tour: int, route: list[int]) -> float | None:
    back = TourModel(problem, tour).finish(route)
    return None if back == INF else back
