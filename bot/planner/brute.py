"""Exhaustive search for tiny problems: the reference that tests and the benchmark compare with.

Every order of every subset is tried on every tour with ``check.tour_is_feasible`` (which shares no
code with the solvers), then the best combination of disjoint feasible sets is taken. Factorial time:
keep it to about 7 candidates.
"""

from __future__ import annotations

import itertools

from bot.planner.check import tour_is_feasible
from bot.planner.problem import Problem


def brute_force(problem: Problem) -> float:
    """The best total score over all plans."""
    candidates = problem.candidates()
    feasible_per_tour = []
    for tour in range(problem.tours):
        feasible = {}
        for size in range(len(candidates) + 1):
            for subset in itertools.combinations(candidates, size):
                if any(
                    tour_is_feasible(problem, tour, list(order)) for order in itertools.permutations(subset)
                ):
                    feasible[frozenset(subset)] = sum(problem.nodes[node].score for node in subset)
        feasible_per_tour.append(feasible)
    best = 0.0
    for combination in itertools.product(*(feasible.items() for feasible in feasible_per_tour)):
        sets = [subset for subset, _ in combination]
        if sum(len(subset) for subset in sets) == len(frozenset().union(*sets)):
            best = max(best, sum(score for _, score in combination))
    return best
