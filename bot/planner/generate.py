"""Random planning problems for tests and the benchmark (the project ships no instance files).

``realistic_problem`` imitates a visitor's request: 10-40 sites in a 200 x 150 km region, car travel
times, visits of 45-150 minutes, days 09:30-18:00 with a 45-minute lunch between 12:00 and 14:00,
1-3 days, and sites that are closed some days or close at lunch time. ``small_problem`` keeps to a few
sites so that brute force can check the optimum.
"""

from __future__ import annotations

import math
import random

from bot.planner.problem import Break, Node, Problem

DAY = (570.0, 1080.0)  # 09:30-18:00 in minutes after midnight
LUNCH = Break(720, 840, 45)


def _car_minutes(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Road distance ~1.3 x straight line at 70 km/h, plus 5 minutes to park; 0 for the same place."""
    kilometres = math.dist(a, b)
    return 0.0 if kilometres == 0 else round(5 + kilometres * 1.3 / 70 * 60, 1)


def _day_windows(rng: random.Random, service: float) -> tuple[tuple[float, float], ...]:
    """Service-start windows of one site on one day (the visit must end by closing time)."""
    roll = rng.random()
    if roll < 0.15:
        return ()  # closed that day (weekly closing day or out of season)
    opens = rng.choice([540.0, 570.0, 600.0, 630.0])
    closes = rng.choice([1020.0, 1050.0, 1080.0, 1110.0])
    if roll < 0.40:  # closed at lunch time
        windows = ((opens, 750.0 - service), (840.0, closes - service))
    else:
        windows = ((opens, closes - service),)
    return tuple(window for window in windows if window[0] <= window[1])


def realistic_problem(seed: int, sites: int | None = None, days: int | None = None) -> Problem:
    rng = random.Random(seed)
    sites = sites if sites is not None else rng.randint(10, 40)
    days = days if days is not None else rng.randint(1, 3)
    points = [(rng.uniform(0, 200), rng.uniform(0, 150)) for _ in range(sites + 1)]
    nodes = [Node("start", 0, 0, ((DAY,),) * days)]
    for index in range(1, sites + 1):
        service = float(rng.choice([45, 60, 75, 90, 120, 150]))
        windows = tuple(_day_windows(rng, service) for _ in range(days))
        score = rng.randint(1, 10) + (10 if rng.random() < 0.3 else 0)  # members of the network first
        nodes.append(Node(f"site{index}", score, service, windows))
    time = [[_car_minutes(a, b) for b in points] for a in points]
    return Problem(nodes, "start", "start", days, time, [LUNCH] * days)


def small_problem(
    seed: int, size: int, tours: int = 1, lunch: bool = False, same_every_day: bool = False
) -> Problem:
    """A few sites within an hour of the start, so that most days hold several of them."""
    rng = random.Random(seed)
    points = [(0.0, 0.0)] + [(rng.uniform(-60, 60), rng.uniform(-45, 45)) for _ in range(size)]
    nodes = [Node("depot", 0, 0, ((DAY,),) * tours)]
    for index in range(1, size + 1):
        service = float(rng.choice([45, 60, 90, 120]))
        windows = tuple(_day_windows(rng, service) for _ in range(tours))
        if same_every_day:
            windows = (windows[0],) * tours
        nodes.append(Node(f"s{index}", rng.randint(1, 10), service, windows))
    time = [[_car_minutes(a, b) for b in points] for a in points]
    return Problem(nodes, "depot", "depot", tours, time, [LUNCH] * tours if lunch else [])
