"""The planner's second objective: the least travel among plans of the best score.

The cost of a plan is its total travel time, plus ``PLACE_SPLIT`` for every extra tour a place is
spread over and ``PLACE_RETURN`` for every return to a place already left on the same tour
(``Node.place``: the sites of one town, or a few minutes apart; visits that end a day in the place
where it ends are on the way there, not a return), plus ``LATER_TOUR`` per visit and tour index, so
that of equal plans the one that uses the first days is kept and days with nothing left come last.

Once the search has its best score, a descent changes the plan without ever lowering the score:
- an unvisited node that fits is inserted (a better score always wins);
- a visit is replaced by an unvisited node of at least its score;
- a visit moves elsewhere in its tour, or a stretch of a tour is reversed (2-opt);
- a visit moves to another tour, two visits of different tours swap, two tours swap all their visits.
Each change is kept when the plan stays feasible and its cost falls.

A descent alone stops where a better plan needs several changes at once (a day's visits traded for
another day's), so it is iterated: a few visits close to each other (a random visit and its nearest
visited neighbours, whatever their tours) are removed and put back one by one where they cost least,
then the descent runs again; a plan of lower cost (at the same score or better) is kept, otherwise
the best one is restored (the "ruin and recreate" family, e.g. Christiaens & Vanden Berghe's SISR,
Transportation Science 2020). ``TRAVEL_PATIENCE`` failures in a row, or the deadline, end it; then
every order of each tour of up to ``EVERY_ORDER_UP_TO`` visits is tried.
"""

from __future__ import annotations

import itertools
import random
import time

from bot.planner.heuristic import _Tour
from bot.planner.problem import Problem
from bot.planner.schedule import EPSILON, INF, TourModel

EVERY_ORDER_UP_TO = 6  # 720 orders; visitors' days hold 2-6 visits
PLACE_SPLIT = 30.0  # minutes: a place seen on two days is worth half an hour of extra driving
PLACE_RETURN = 60.0  # coming back to a town already left that day is worth an hour of driving
LATER_TOUR = 0.01  # per visit and tour index: a tie-break, far below a minute of travel
TRAVEL_PATIENCE = 40  # ruins in a row that find nothing cheaper (tuned on bench (d))
RUIN_MOST = 8  # visits removed at once, at most (a day or so)
MEMORY_ROUTES = 200_000  # routes whose cost and feasibility are remembered

Routes = list[list[int]]


class LeastTravel:
    """Descent from ``routes`` (one per tour) towards less travel at the same or a better score."""

    def __init__(
        self,
        problem: Problem,
        models: list[TourModel],
        candidates_per_tour: list[list[int]],
        score_of: dict[int, float],
        routes: Routes,
        deadline: float,
        seed: int = 0,
    ) -> None:
        self.rng = random.Random(seed)
        # (tour, route) -> cost, and -> feasible: a descent tests the same routes again and again
        # (its last pass only confirms), and each test walks the whole route.
        self.known_costs: dict[tuple, float] = {}
        self.known_feasible: dict[tuple, bool] = {}
        self.time = problem.time
        self.place = [node.place for node in problem.nodes]
        self.has_places = any(place is not None for place in self.place)
        self.models = models
        self.allowed = [set(candidates) for candidates in candidates_per_tour]
        self.score_of = score_of
        self.deadline = deadline
        self.routes = [list(route) for route in routes]
        visited = {node for route in routes for node in route}
        self.unvisited = set(score_of) - visited
        self._reset_costs()

    def tour_cost(self, tour: int, route: list[int]) -> float:
        return _remembered(self.known_costs, (tour, *route), lambda: self._tour_cost(tour, route))

    def _tour_cost(self, tour: int, route: list[int]) -> float:
        model, time = self.models[tour], self.time
        stops = [model.start, *route, model.end]
        travel = sum(time[a][b] for a, b in zip(stops, stops[1:], strict=False))
        return travel + LATER_TOUR * tour * len(route) + PLACE_RETURN * self.returns(tour, route)

    def returns(self, tour: int, route: list[int]) -> int:
        """Visits in a place already left earlier in the tour. The visits that end the day in the place
        where it ends are on the way there, not a return (the last museum of the day in one's town)."""
        if not self.has_places:
            return 0
        place = self.place
        ending, last = place[self.models[tour].end], len(route)
        while ending is not None and last and place[route[last - 1]] == ending:
            last -= 1
        left, current, count = set(), place[self.models[tour].start], 0
        for node in route[:last]:
            if place[node] != current:
                left.add(current)
                current = place[node]
                count += current is not None and current in left
        return count

    def places_of(self, route: list[int]) -> frozenset:
        return frozenset(self.place[node] for node in route) - {None} if self.has_places else frozenset()

    def split_cost(self, place_sets: list[frozenset]) -> float:
        """``PLACE_SPLIT`` for each tour a place is on beyond its first (from each tour's places)."""
        return PLACE_SPLIT * (sum(map(len, place_sets)) - len(frozenset().union(*place_sets)))

    def _reset_costs(self) -> None:
        self.tour_costs = [self.tour_cost(tour, route) for tour, route in enumerate(self.routes)]
        self.place_sets = [self.places_of(route) for route in self.routes]
        self.cost = sum(self.tour_costs) + self.split_cost(self.place_sets)

    def late(self) -> bool:
        return time.perf_counter() > self.deadline

    def _feasible(self, tour: int, route: list[int]) -> bool:
        return _remembered(
            self.known_feasible,
            (tour, *route),
            lambda: (
                all(node in self.allowed[tour] for node in route)
                and (self.models[tour].max_visits is None or len(route) <= self.models[tour].max_visits)
                and self.models[tour].finish(route) < INF
            ),
        )

    def _try(self, changed: dict[int, list[int]], better_score: bool = False) -> bool:
        """Apply ``changed`` (tour -> new route) if feasible and cheaper (or of a better score); past
        the deadline, nothing changes any more (the loops calling it then end quickly)."""
        if self.late():
            return False
        costs = {tour: self.tour_cost(tour, route) for tour, route in changed.items()}
        place_sets = list(self.place_sets)
        for tour, route in changed.items():
            place_sets[tour] = self.places_of(route)
        cost = sum(costs.get(tour, old) for tour, old in enumerate(self.tour_costs)) + self.split_cost(
            place_sets
        )
        if not better_score and cost >= self.cost - EPSILON:
            return False
        if not all(self._feasible(tour, route) for tour, route in changed.items()):
            return False
        before = {node for tour in changed for node in self.routes[tour]}
        after = {node for route in changed.values() for node in route}
        self.unvisited |= before - after
        self.unvisited -= after
        for tour, route in changed.items():
            self.routes[tour], self.tour_costs[tour] = route, costs[tour]
        self.place_sets, self.cost = place_sets, cost
        return True

    def _state(self) -> tuple:
        return [list(route) for route in self.routes], set(self.unvisited), self.cost

    def _restore(self, state: tuple) -> None:
        routes, unvisited, _ = state
        self.routes, self.unvisited = [list(route) for route in routes], set(unvisited)
        self._reset_costs()

    def _score(self) -> float:
        return sum(self.score_of[node] for route in self.routes for node in route)

    def run(self) -> Routes:
        self._descend()
        best, best_score, failures = self._state(), self._score(), 0
        while failures < TRAVEL_PATIENCE and not self.late():
            self._ruin_and_recreate()
            self._descend()
            score = self._score()
            if score > best_score + EPSILON or (
                score > best_score - EPSILON and self.cost < best[2] - EPSILON
            ):
                best, best_score, failures = self._state(), score, 0
            else:
                self._restore(best)
                failures += 1
        if not self.late():
            self._reorder()
        return self.routes

    def _descend(self) -> None:
        improved = True
        while improved and not self.late():
            improved = False
            for move in (
                self._insert,
                self._replace,
                self._within,
                self._relocate,
                self._swap,
                self._exchange,
            ):
                improved |= move()
                if self.late():
                    break

    def _ruin_and_recreate(self) -> None:
        """Remove a random visit and its nearest visited neighbours, and put each back where it costs
        least (one that fits nowhere stays out: the descent may put others in, or the plan is lost)."""
        visited = [(tour, node) for tour, route in enumerate(self.routes) for node in route]
        if not visited:
            return
        _, seed_node = self.rng.choice(visited)
        count = self.rng.randint(1, min(RUIN_MOST, len(visited)))
        nearest = sorted(visited, key=lambda item: (self.time[seed_node][item[1]], item[1]))[:count]
        removed = {node for _, node in nearest}
        routes = [[node for node in route if node not in removed] for route in self.routes]
        for tour, route in enumerate(routes):
            if self.models[tour].finish(route) == INF:  # without the triangle inequality a removal can hurt
                routes[tour] = list(self.routes[tour])
                removed -= set(self.routes[tour])
        self.routes = routes
        self.unvisited |= removed
        self._reset_costs()
        for node in self.rng.sample(sorted(removed), len(removed)):
            options = []
            for tour, route in enumerate(self.routes):
                if node not in self.allowed[tour]:
                    continue
                for slot in range(len(route) + 1):
                    changed = route[:slot] + [node] + route[slot:]
                    options.append((self.tour_cost(tour, changed) - self.tour_costs[tour], tour, slot))
            for _, tour, slot in sorted(options):
                route = self.routes[tour]
                if self._try({tour: route[:slot] + [node] + route[slot:]}, better_score=True):
                    break

    def _insert(self) -> bool:
        """Unvisited nodes that fit, the best scores first (the O(1) insertion test of the search)."""
        done = False
        for tour in range(len(self.routes)):
            while True:
                fitting = _Tour(self.models[tour], self.routes[tour]).insertions(
                    sorted(self.unvisited & self.allowed[tour])
                )
                if not fitting:
                    break
                node = max(fitting, key=lambda node: (self.score_of[node], -node))
                route, slot = self.routes[tour], fitting[node][1]
                if not self._try({tour: route[:slot] + [node] + route[slot:]}, better_score=True):
                    break
                done = True
        return done

    def _replace(self) -> bool:
        done = False
        for tour in range(len(self.routes)):
            for position in range(len(self.routes[tour])):
                route = self.routes[tour]
                replaced = self.score_of[route[position]]
                for other in sorted(self.unvisited & self.allowed[tour]):
                    if self.score_of[other] >= replaced - EPSILON and self._try(
                        {tour: route[:position] + [other] + route[position + 1 :]},
                        better_score=self.score_of[other] > replaced + EPSILON,
                    ):
                        done = True
                        break
            if self.late():
                break
        return done

    def _reorder(self) -> None:
        """Every order of the tours of at most ``EVERY_ORDER_UP_TO`` visits: the cheapest feasible."""
        for tour, route in enumerate(self.routes):
            if not 2 <= len(route) <= EVERY_ORDER_UP_TO:
                continue
            orders = sorted(
                (self.tour_cost(tour, list(order)), list(order)) for order in itertools.permutations(route)
            )
            for cost, order in orders:
                if cost >= self.tour_costs[tour] - EPSILON or self._try({tour: order}):
                    break

    def _within(self) -> bool:
        """In each tour, one visit moved elsewhere in it, or a stretch reversed (2-opt)."""
        done = False
        for tour in range(len(self.routes)):
            size = len(self.routes[tour])
            for first, second in itertools.permutations(range(size), 2):
                route = self.routes[tour]
                moved = route[:first] + route[first + 1 :]
                moved.insert(second, route[first])
                if self._try({tour: moved}):
                    done = True
                elif first < second and self._try(
                    {tour: route[:first] + route[first : second + 1][::-1] + route[second + 1 :]}
                ):
                    done = True
            if self.late():
                break
        return done

    def _relocate(self) -> bool:
        done = False
        for source in range(len(self.routes)):
            position = 0
            while position < len(self.routes[source]):
                route = self.routes[source]
                node, rest = route[position], route[:position] + route[position + 1 :]
                moved = False
                for target, other in enumerate(self.routes):
                    if target == source or node not in self.allowed[target]:
                        continue
                    for slot in range(len(other) + 1):
                        if self._try({source: rest, target: other[:slot] + [node] + other[slot:]}):
                            moved = True
                            break
                    if moved:
                        break
                done |= moved
                position += not moved
            if self.late():
                break
        return done

    def _cheapest_slot(self, tour: int, route: list[int], node: int) -> list[int]:
        """``route`` with ``node`` where it costs least (feasibility is checked by the caller)."""
        options = [route[:slot] + [node] + route[slot:] for slot in range(len(route) + 1)]
        return min(options, key=lambda option: self.tour_cost(tour, option))

    def _swap(self) -> bool:
        """Two visits of different tours trade places, each put where it costs least in its new tour."""
        done = False
        for first, second in itertools.combinations(range(len(self.routes)), 2):
            for i, j in itertools.product(range(len(self.routes[first])), range(len(self.routes[second]))):
                one, two = self.routes[first], self.routes[second]
                if i >= len(one) or j >= len(two):
                    continue
                given, taken = one[i], two[j]
                if given not in self.allowed[second] or taken not in self.allowed[first]:
                    continue
                done |= self._try(
                    {
                        first: self._cheapest_slot(first, one[:i] + one[i + 1 :], taken),
                        second: self._cheapest_slot(second, two[:j] + two[j + 1 :], given),
                    }
                )
            if self.late():
                break
        return done

    def _exchange(self) -> bool:
        done = False
        for first, second in itertools.combinations(range(len(self.routes)), 2):
            done |= self._try({first: self.routes[second], second: self.routes[first]})
        return done


def _remembered(memory: dict, key: tuple, compute):
    """``memory[key]``, computed the first time; a full memory (large problems) starts afresh."""
    value = memory.get(key)
    if value is None:
        if len(memory) > MEMORY_ROUTES:
            memory.clear()
        value = memory[key] = compute()
    return value
