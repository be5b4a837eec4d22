"""Iterated local search (Vansteenwegen, Souffriau, Vanden Berghe & Van Oudheusden, "Iterated local
search for the team orienteering problem with time windows", Computers & OR 36(12), 2009).

Insertion step: among all feasible (visit, tour, position) insertions, make the one with the best ratio
score² / added time (the delay it causes at the next stop), and repeat until nothing fits. Testing a
position is O(1) thanks to the forward/backward times of ``schedule.TourModel``; each tour's best
position per visit is cached, and after an insertion only the visits that still had a place in that
tour are tested again (an insertion only tightens a tour).

Shake: remove ``length`` consecutive visits from every tour starting at ``offset``; ``offset`` moves on
by ``length``, ``length`` grows by one, and both reset as in the paper. Additions to the paper:
- after the first construction the ratio is multiplied by a random factor in ``[1, 1 + noise]`` (a
  GRASP-like diversification; it found the optimum of r101, where the plain ratio stalls 8 % below);
- after each insertion step a replace move swaps a visit for an unvisited node of higher score that
  fits in its place (a common addition in later ILS/SA variants, e.g. Gunawan, Lau, Vansteenwegen &
  Lu, "Well-tuned algorithms for the team orienteering problem with time windows", JORS 2017);
- after that, in each tour of at least ``REFILL_MIN_VISITS`` visits, a random stretch of up to
  ``REFILL_LENGTH`` visits (or an empty one) is refilled optimally by the exact label search of
  ``exact.py`` among the removed visits and the
  ``REFILL_POOL`` best-scoring unvisited nodes that fit there (a small large-neighbourhood step in the
  spirit of ruin-and-recreate, with an exact recreate);
- every ``restart`` iterations without improvement the search goes back to the best solution.

Deterministic for a given seed as long as ``patience`` (iterations without improvement), not the time
limit, stops the search.
"""

from __future__ import annotations

import random
import time

from bot.planner.exact import Gap, TooLarge, best_labels
from bot.planner.schedule import EPSILON, INF, TourModel

Routes = list[list[int]]
REFILL_POOL = 10  # visits the exact refill chooses from
REFILL_LENGTH = 3  # longest stretch of visits it replaces
REFILL_MIN_VISITS = 6  # shorter tours gain nothing from it in tests (real requests: 3-5 visits a day)
NOISE = 2.0  # the insertion ratio is multiplied by a random factor in [1, 1 + NOISE] after the start


class _Tour:
    """A route with its forward and backward times, refreshed after every change."""

    def __init__(self, model: TourModel, route: list[int]) -> None:
        self.model = model
        self.route = route
        self.refresh()

    def refresh(self) -> None:
        self.owed, self.taken = self.model.forward(self.route)
        self.late_owed, self.late_taken = self.model.backward(self.route)

    def insertions(self, nodes, replace: int | None = None, count: int = 1) -> dict[int, tuple[float, int]]:
        """For each node that fits: (added time, position) of its cheapest feasible insertion, or, with
        ``replace``, whether it fits in place of the ``count`` visits from that position.

        The added time is the delay at the following stop. One call per tour keeps the inner loop's
        look-ups local (this is where the heuristic spends its time).
        """
        model, route = self.model, self.route
        if replace is None and model.max_visits is not None and len(route) >= model.max_visits:
            return {}  # the tour is as long as the visitor's pace allows
        time, duration, earliest, break_by = model.time, model.duration, model.earliest, model.break_by
        service_start, has_break = model.service_start, model.has_break
        owed, taken, late_owed, late_taken = self.owed, self.taken, self.late_owed, self.late_taken
        stops = [model.start, *route, model.end]
        size = len(route)
        skip = 0 if replace is None else count  # stops between the departure and the next arrival
        positions = range(size + 1) if replace is None else (replace,)
        # Per position: earliest departure in either state and the travel time it replaces.
        departures = [owed[k] if owed[k] < taken[k] else taken[k] for k in range(size + 1)]
        direct = [time[stops[k]][stops[k + 1 + skip]] for k in positions]
        # Necessary condition, checked first: travel and service alone must fit before the latest arrival.
        room = [
            max(late_owed[k + 1 + skip], late_taken[k + 1 + skip]) + EPSILON - departures[k]
            for k in positions
        ]
        found = {}
        for node in nodes:
            last_close, service, from_node = model.last_close[node], model.service[node], time[node]
            best_added, best_position = INF, -1
            for rank, position in enumerate(positions):
                departure = departures[position]
                if departure > last_close:
                    break  # departures only grow along the route: the node has closed for good
                following = position + 1 + skip
                leg_in = time[stops[position]][node]
                leg_out = from_node[stops[following]]
                if leg_in + service + leg_out > room[rank]:
                    continue
                dep_owed = owed[position]
                arrival = INF
                if dep_owed < INF:
                    new_owed = service_start(node, dep_owed + leg_in) + service
                    if new_owed + leg_out <= late_owed[following] + EPSILON:
                        arrival = new_owed + leg_out
                    elif has_break and (new_owed if new_owed > earliest else earliest) <= break_by:
                        rested = new_owed + leg_out
                        rested = (rested if rested > earliest else earliest) + duration
                        if rested <= late_taken[following] + EPSILON:
                            arrival = rested
                if has_break:
                    ready = taken[position] + leg_in
                    if dep_owed < INF and (dep_owed if dep_owed > earliest else earliest) <= break_by:
                        rested = dep_owed + leg_in
                        rested = (rested if rested > earliest else earliest) + duration
                        if rested < ready:
                            ready = rested
                    if ready < INF:
                        new_taken = service_start(node, ready) + service + leg_out
                        if new_taken < arrival and new_taken <= late_taken[following] + EPSILON:
                            arrival = new_taken
                if arrival < INF:
                    added = arrival - departure - direct[rank]
                    if added < best_added:
                        best_added, best_position = added, position
            if best_position >= 0:
                found[node] = (best_added, best_position)
        return found


class IteratedLocalSearch:
    def __init__(
        self,
        models: list[TourModel],
        candidates_per_tour: list[list[int]],
        score_of: dict[int, float],
        seed: int = 0,
    ) -> None:
        self.models = models
        self.candidates_per_tour = [set(candidates) for candidates in candidates_per_tour]
        self.score_of = score_of
        self.everyone = sorted(set().union(*self.candidates_per_tour)) if models else []
        self.rng = random.Random(seed)

    def _insert_greedily(self, tours: list[_Tour], unvisited: set[int], noise: float = 0.0) -> None:
        """Insert by best (noisy) ratio until nothing fits. An insertion only makes its tour tighter,
        so afterwards only the nodes that still had a place in that tour are tested again there."""
        score_of, random_share = self.score_of, self.rng.random
        cache = [
            tour.insertions(sorted(self.candidates_per_tour[index] & unvisited))
            for index, tour in enumerate(tours)
        ]
        while True:
            best = None
            for index, options in enumerate(cache):
                for node, (added, position) in options.items():
                    score = score_of[node]
                    ratio = score * score / max(added, 1e-6)
                    if noise:
                        ratio *= 1 + noise * random_share()
                    if best is None or ratio > best[0] or (ratio == best[0] and (node, index) < best[1:3]):
                        best = (ratio, node, index, position)
            if best is None:
                return
            _, node, index, position = best
            tours[index].route.insert(position, node)
            tours[index].refresh()
            unvisited.discard(node)
            for options in cache:
                options.pop(node, None)
            cache[index] = tours[index].insertions(sorted(cache[index]))

    def _replace(self, tours: list[_Tour], unvisited: set[int]) -> bool:
        """Swap visits for unvisited nodes of higher score that fit in their place (O(1) per test)."""
        score_of, changed = self.score_of, False
        for index, tour in enumerate(tours):
            for position, node in enumerate(tour.route):
                better = [
                    other
                    for other in self.candidates_per_tour[index] & unvisited
                    if score_of[other] > score_of[node]
                ]
                options = tour.insertions(sorted(better), replace=position) if better else {}
                if options:
                    chosen = max(options, key=lambda other: (score_of[other], -options[other][0], -other))
                    tour.route[position] = chosen
                    tour.refresh()
                    unvisited.discard(chosen)
                    unvisited.add(node)
                    changed = True
        return changed

    def _refill(
        self, index: int, tour: _Tour, unvisited: set[int], begin: int, count: int, deadline: float
    ) -> bool:
        """Refill the stretch of ``count`` visits from ``begin`` (possibly none) optimally: the exact
        label search picks the best visits and order among the removed ones and the unvisited ones that
        fit there alone (the best scores first, at most ``REFILL_POOL``). True if the score rose."""
        route, model, score_of = tour.route, tour.model, self.score_of
        if model.max_visits is not None:
            return False  # the label search knows no cap on visits: it could refill past it
        removed = route[begin : begin + count]
        fitting = tour.insertions(
            sorted(self.candidates_per_tour[index] & unvisited), replace=begin, count=count
        )
        extra = sorted(fitting, key=lambda node: (-score_of[node], node))[
            : max(0, REFILL_POOL - len(removed))
        ]
        if not extra:
            return False
        pool = removed + extra
        stops = [model.start, *route, model.end]
        following = begin + count + 1
        gap = Gap(
            stops[begin],
            tour.owed[begin],
            tour.taken[begin],
            stops[following],
            tour.late_owed[following],
            tour.late_taken[following],
        )
        floor = sum(score_of[node] for node in removed)
        try:
            found = best_labels(model, pool, [score_of[node] for node in pool], floor, True, deadline, gap)
        except TooLarge:
            return False
        if not found:
            return False
        _, segment = max(found.values(), key=lambda entry: entry[0])
        tour.route = route[:begin] + segment + route[begin + count :]
        tour.refresh()
        unvisited.update(removed)
        unvisited.difference_update(segment)
        return True

    def _shake(self, tours: list[_Tour], unvisited: set[int], offset: int, length: int) -> None:
        for tour in tours:
            route = tour.route
            if not route:
                continue
            begin = offset % len(route)
            removed = route[begin : begin + length]
            del route[begin : begin + length]
            if tour.model.finish(route) == INF:  # without the triangle inequality a removal can hurt
                route[begin:begin] = removed
                continue
            unvisited.update(removed)
            tour.refresh()

    def run(
        self, time_limit: float, patience: int | None = 150, restart: int = 20, noise: float = NOISE
    ) -> Routes:
        deadline = time.perf_counter() + time_limit
        tours = [_Tour(model, []) for model in self.models]
        unvisited = set(self.everyone)
        self._insert_greedily(tours, unvisited)
        best_routes = [list(tour.route) for tour in tours]
        best_score = self._score(best_routes)
        visited = len(self.everyone) - len(unvisited)
        max_length = max(1, visited // (3 * max(1, len(tours))))
        offset, length, stalls = self.rng.randrange(2), 1, 0
        while (patience is None or stalls < patience) and time.perf_counter() < deadline:
            self._shake(tours, unvisited, offset, length)
            self._insert_greedily(tours, unvisited, noise)
            if self._replace(tours, unvisited):
                self._insert_greedily(tours, unvisited, noise)
            refilled = False
            for index, tour in enumerate(tours):
                if len(tour.route) < REFILL_MIN_VISITS:
                    continue
                begin = self.rng.randrange(len(tour.route) + 1)
                count = self.rng.randint(0, min(REFILL_LENGTH, len(tour.route) - begin))
                refilled |= self._refill(index, tour, unvisited, begin, count, deadline)
            if refilled:
                self._insert_greedily(tours, unvisited, noise)
            routes = [tour.route for tour in tours]
            score = self._score(routes)
            if score > best_score + EPSILON:
                best_routes, best_score, length, stalls = [list(route) for route in routes], score, 1, 0
            else:
                stalls += 1
                if stalls % restart == 0:
                    for tour, route in zip(tours, best_routes, strict=True):
                        tour.route = list(route)
                        tour.refresh()
                    unvisited = set(self.everyone) - {node for route in best_routes for node in route}
            offset += length
            length += 1
            shortest = min((len(tour.route) for tour in tours if tour.route), default=1)
            if offset >= shortest:
                offset -= shortest
                offset %= max(1, shortest)
            if length > max_length:
                length = 1 + self.rng.randrange(2)
        return best_routes

    def _score(self, routes: Routes) -> float:
        return sum(self.score_of[node] for route in routes for node in route)
