"""Planner benchmark: ``python -m bot.devtools.bench [INSTANCES_DIR] [--quick] [--no-kb]``.

Prints, in one run:
(a) standard OPTW/TOPTW instances (KU Leuven format, read from INSTANCES_DIR with its ``bks.csv``):
    our score, best known, gap, time, and OR-Tools routing with the same time limit;
(b) 200 random realistic requests (``bot.planner.generate``), and 100 requests planned by ``bot.trip``
    on the real knowledge base (unless ``--no-kb``): median and p99 solve time, share proved optimal;
(c) small random instances: ours against brute force and OR-Tools;
(d) circuit sense (unless ``--no-kb``): 200 realistic requests on the real knowledge base planned with
    the least-driving objective and the daylight rule, and without them (``circuit_sense=False``, as
    before issue 16) in the same run: driving minutes per visited site (mean, p95), neighbouring
    sites (< 3 km) seen on different days, open-air sites visited outside daylight, and the score.
Figures are printed, never asserted: the targets are in the report, not in the tests.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bot.planner import Problem, Solution, check, solve
from bot.planner.brute import brute_force
from bot.planner.generate import realistic_problem, small_problem
from bot.planner.instances import read_instance
from bot.planner.schedule import INF, TourModel

SCALE = 100  # OR-Tools works in integers: hundredths of a time unit are exact for these instances
STANDARD_TEAMS = {"c101": (2, 3, 4), "r101": (2, 3, 4), "rc101": (2, 3, 4), "pr01": (2, 3, 4)}


def ortools_solve(problem: Problem, time_limit: float) -> tuple[float, float]:
    """(score, seconds) of OR-Tools routing: optional visits through disjunctions whose drop penalty
    is the score, and a time dimension with the windows. Windows must be the same on every tour."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    began = time.perf_counter()
    size = len(problem.nodes)
    models = [TourModel(problem, tour) for tour in range(problem.tours)]
    leave, back_by = problem.day_bounds(0)
    manager = pywrapcp.RoutingIndexManager(
        size, problem.tours, [problem.start_index] * problem.tours, [problem.end_index] * problem.tours
    )
    routing = pywrapcp.RoutingModel(manager)
    transit = [
        [round((problem.time[a][b] + problem.nodes[a].service) * SCALE) for b in range(size)]
        for a in range(size)
    ]

    def transit_time(from_index: int, to_index: int) -> int:
        return transit[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)]

    callback = routing.RegisterTransitCallback(transit_time)
    routing.SetArcCostEvaluatorOfAllVehicles(callback)
    horizon = round(back_by * SCALE) + 1
    routing.AddDimension(callback, horizon, horizon, False, "time")
    dimension = routing.GetDimensionOrDie("time")
    penalty_unit = horizon * (size + 1)  # any score outweighs any travel time
    reachable = {node for model in models for node in range(size) if model.finish([node]) < INF}
    for node in range(size):
        if node in (problem.start_index, problem.end_index):
            continue
        index = manager.NodeToIndex(node)
        windows = problem.nodes[node].windows[0]
        if node in reachable and windows:
            dimension.CumulVar(index).SetRange(
                round(windows[0][0] * SCALE), int(windows[-1][1] * SCALE + 1e-6)
            )
            for (_, closes), (opens, _) in zip(windows, windows[1:], strict=False):
                dimension.CumulVar(index).RemoveInterval(
                    int(closes * SCALE + 1e-6) + 1, round(opens * SCALE) - 1
                )
        score = round(problem.nodes[node].score * penalty_unit) if node in reachable else 0
        routing.AddDisjunction([index], score)
    for vehicle in range(problem.tours):
        dimension.CumulVar(routing.Start(vehicle)).SetRange(round(leave * SCALE), horizon - 1)
        dimension.CumulVar(routing.End(vehicle)).SetRange(round(leave * SCALE), int(back_by * SCALE + 1e-6))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromMilliseconds(max(1, int(time_limit * 1000)))
    solution = routing.SolveWithParameters(parameters)
    score = 0.0
    if solution:
        for node in range(size):
            index = manager.NodeToIndex(node)
            if (
                node not in (problem.start_index, problem.end_index)
                and solution.Value(routing.NextVar(index)) != index
            ):
                score += problem.nodes[node].score
    return score, time.perf_counter() - began


def _timed_solve(problem: Problem, time_limit: float, seed: int = 0, patience: int | None = 10):
    began = time.perf_counter()
    solution = solve(problem, time_limit, seed, patience=patience)
    elapsed = time.perf_counter() - began
    mistakes = check(problem, solution)
    if mistakes:
        raise AssertionError(f"infeasible plan: {mistakes[:3]}")
    return solution, elapsed


def _command_line_solve(problem: Problem, time_limit: float) -> tuple[Solution, float]:
    """(solution, wall seconds of the whole process) of ``python -m bot solve - --time-limit``: what a
    user of the command waits for, imports included."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "solve", "-", "--time-limit", str(time_limit)],
        input=json.dumps(problem.to_json()),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],  # this checkout's package, whatever the caller's folder
    )
    elapsed = time.perf_counter() - began
    answer = json.loads(done.stdout)
    solution = Solution(answer["tours"], float(answer["score"]), answer["optimal"])
    mistakes = check(problem, solution)
    if mistakes:
        raise AssertionError(f"infeasible plan: {mistakes[:3]}")
    return solution, elapsed


def standard_instances(folder: Path, quick: bool, time_limit: float) -> None:
    best_known = {}
    with open(folder / "bks.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            best_known[(row["instance"], int(row["m"]))] = (float(row["bks"]), row["status"])
    runs = sorted({(name, m) for name, m in best_known if m <= 4})
    runs += [
        (name, m) for name, teams in STANDARD_TEAMS.items() for m in teams if (name, m) not in best_known
    ]
    if quick:
        runs = [run for run in runs if run[0] in ("c101", "pr01", "r101") and run[1] <= 2]
    print(
        f"\n(a) standard instances through `python -m bot solve --time-limit {time_limit:g}` "
        "(time: the whole process), and OR-Tools given the same limit"
    )
    print(
        f"{'instance':<10}{'m':>3}{'ours':>8}{'best':>8}{'gap %':>8}{'time s':>8}{'OR-Tools':>10}{'time s':>8}  status"
    )
    gaps, versus, walls = [], [], []
    for name, m in sorted(runs, key=lambda run: (run[1], run[0])):
        path = folder / f"{name}.txt"
        if not path.exists():
            continue
        problem = read_instance(path, m)
        solution, elapsed = _command_line_solve(problem, time_limit)
        walls.append(elapsed)
        theirs, their_time = ortools_solve(problem, time_limit)
        known, status = best_known.get((name, m), (None, "no public value"))
        gap = "" if known is None else f"{100 * (known - solution.score) / known:.2f}"
        if known is not None:
            gaps.append(100 * (known - solution.score) / known)
        versus.append(solution.score - theirs)
        print(
            f"{name:<10}{m:>3}{solution.score:>8g}{'' if known is None else f'{known:g}':>8}{gap:>8}"
            f"{elapsed:>8.2f}{theirs:>10g}{their_time:>8.2f}  {status}"
        )
    if gaps:
        print(f"mean gap to best known: {statistics.mean(gaps):.2f} % over {len(gaps)} runs")
    if walls:
        print(f"process wall time: mean {statistics.mean(walls):.2f} s, max {max(walls):.2f} s")
    if versus:
        worse = sum(1 for difference in versus if difference < 0)
        print(
            f"against OR-Tools at equal time: better {sum(d > 0 for d in versus)}, equal "
            f"{sum(d == 0 for d in versus)}, worse {worse}"
        )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def realistic_requests(count: int, time_limit: float, compare: int = 0) -> None:
    """Solve ``count`` generated requests; the first ``compare`` of those not proved optimal are solved
    again for a whole second (no patience) to show what the default patience gives up."""
    print(
        f"\n(b) {count} random realistic requests (10-40 sites, 1-3 days, lunch, closed days), "
        f"limit {time_limit:g} s, default patience"
    )
    wall, cpu, optimal, sizes, gaps = [], [], 0, [], []
    for seed in range(count):
        problem = realistic_problem(seed)
        began = time.process_time()
        solution, elapsed = _timed_solve(problem, time_limit, seed)
        cpu.append((time.process_time() - began) * 1000)
        wall.append(elapsed * 1000)
        optimal += solution.optimal
        sizes.append(len(problem.nodes) - 1)
        if not solution.optimal and len(gaps) < compare:
            longer, _ = _timed_solve(problem, 1.0, seed, patience=None)
            gaps.append(100 * (longer.score - solution.score) / max(longer.score, 1))
    print(
        f"wall ms: median {statistics.median(wall):.1f}, p99 {_percentile(wall, 0.99):.1f}, max {max(wall):.1f}; "
        f"CPU ms: median {statistics.median(cpu):.1f}, p99 {_percentile(cpu, 0.99):.1f}"
    )
    print(f"proved optimal {optimal}/{count}; sites {min(sizes)}-{max(sizes)}")
    if gaps:
        print(
            f"{len(gaps)} heuristic cases re-run for 1 s: default patience is {statistics.mean(gaps):.2f} % below "
            f"on average (worst {max(gaps):.2f} %)"
        )


def knowledge_base_requests(count: int) -> None:
    """Requests planned end to end by ``bot.trip`` on the real knowledge base.

    The planner's own share is timed by wrapping the ``solve`` that ``bot.trip.plan`` calls (restored
    afterwards): the trip layer also geocodes, scores sites and builds the matrix.
    """
    from datetime import date, timedelta

    import bot.trip.plan as trip_plan
    from bot.knowledge import open_kb
    from bot.trip import TripRequest, plan_trip

    towns = ["Arras", "Lille", "Amiens", "Péronne", "Albert", "Lens", "Cambrai", "Saint-Quentin", "Compiègne"]
    kb, planner_times, planner_cpu, trip_times, sizes = open_kb(), [], [], [], []
    original = trip_plan.solve

    def timed_solve(problem, *args, **kwargs):
        began, began_cpu = time.perf_counter(), time.process_time()
        solution = original(problem, *args, **kwargs)
        planner_times.append((time.perf_counter() - began) * 1000)
        planner_cpu.append((time.process_time() - began_cpu) * 1000)
        sizes.append(len(problem.nodes) - 1)
        mistakes = check(problem, solution)
        if mistakes:
            raise AssertionError(f"infeasible plan: {mistakes[:3]}")
        return solution

    trip_plan.solve = timed_solve
    try:
        for number in range(count):
            request = TripRequest(
                start_text=towns[number % len(towns)],
                days=1 + number % 3,
                first_date=date(2026, 12, 1) + timedelta(days=number % 60),
            )
            began = time.perf_counter()
            plan_trip(request, kb=kb)
            trip_times.append((time.perf_counter() - began) * 1000)
    finally:
        trip_plan.solve = original
    print(
        f"knowledge base through bot.trip: {count} requests, {len(planner_times)} planned ({min(sizes, default=0)}-{max(sizes, default=0)} sites)"
    )
    if planner_times:
        print(
            f"planner wall ms: median {statistics.median(planner_times):.1f}, "
            f"p99 {_percentile(planner_times, 0.99):.1f}; CPU ms: median {statistics.median(planner_cpu):.1f}, "
            f"p99 {_percentile(planner_cpu, 0.99):.1f}; "
            f"whole trip layer ms: median {statistics.median(trip_times):.1f}, p99 {_percentile(trip_times, 0.99):.1f}"
        )


SENSE_TOWNS = [
    "Arras", "Lille", "Amiens", "Péronne", "Albert", "Lens", "Cambrai", "Saint-Quentin", "Compiègne",
    "Dunkerque", "Calais", "Boulogne-sur-Mer", "Saint-Omer", "Béthune", "Douai", "Valenciennes",
]  # fmt: skip
SENSE_THEMES = [(), ("ww1",), ("ww2",), ("battle-of-the-somme",), ("commonwealth",), ("ww1", "ww2")]


def sense_requests(count: int) -> list:
    """``count`` requests as visitors make them: a town of the region, no theme or common ones, 1-3
    days (some moving on to another town), dates spread over a year so that winter days are short."""
    from datetime import date, timedelta

    from bot.trip import TripRequest

    requests = []
    for number in range(count):
        days = 1 + number % 3
        moving = days > 1 and number % 7 == 0
        requests.append(
            TripRequest(
                start_text=SENSE_TOWNS[number % len(SENSE_TOWNS)],
                themes=SENSE_THEMES[number % len(SENSE_THEMES)],
                days=days,
                first_date=date(2026, 12, 1) + timedelta(days=(number * 37) % 365),
                nights=(SENSE_TOWNS[(number + 5) % len(SENSE_TOWNS)],) if moving else (),
            )
        )
    return requests


def _returns(kb, plan) -> int:
    """Visits in a place (a town, or sites chained less than 3 km apart: ``place_labels``) already left
    earlier the same day; the visits that end a day in the place where it ends are on the way there.
    Recomputed here from the plan alone, apart from the planner's cost."""
    from bot.trip.plan import place_labels

    sites = [site for site in kb.sites() if site.lat is not None]
    depots = [where for day in plan.days for where in (day.start or plan.start, day.end or plan.start)]
    labels = place_labels(depots, sites)
    site_place = {site.id: label for site, label in zip(sites, labels[len(depots) :], strict=True)}
    count = 0
    for number, day in enumerate(plan.days):
        start, end = labels[2 * number], labels[2 * number + 1]
        places = [site_place[visit.site.id] for visit in day.visits]
        while end is not None and places and places[-1] == end:
            places.pop()
        left, current = set(), start
        for place in places:
            if place != current:
                left.add(current)
                current = place
                count += place in left
    return count


def _sense_figures(kb, request, plan) -> tuple[float, int, int, int, float]:
    """(driving minutes per visited site, neighbouring pairs split across days, open-air visits outside
    daylight, returns to a town left the same day, score) of one circuit."""
    from bot.geo import haversine_km
    from bot.trip import score_sites
    from bot.trip.daylight import daylight

    visits = [(number, day.date, visit) for number, day in enumerate(plan.days) for visit in day.visits]
    driving = sum(visit.travel_minutes for _, _, visit in visits) + sum(
        day.return_travel_minutes for day in plan.days
    )
    split = sum(
        1
        for (day_a, _, one), (day_b, _, two) in itertools.combinations(visits, 2)
        if day_a != day_b and haversine_km(one.site.lat, one.site.lon, two.site.lat, two.site.lon) < 3
    )
    dark = 0
    for _, day, visit in visits:
        if visit.site.open_air:
            sunrise, sunset = daylight(visit.site.lat, visit.site.lon, day)
            dark += visit.start < sunrise - 1 or visit.end > sunset + 1  # times are whole minutes
    returns = _returns(kb, plan)
    scores = score_sites(kb, [visit.site for _, _, visit in visits], request)
    return driving / max(1, len(visits)), split, dark, returns, sum(scores.values())


def circuit_sense(count: int) -> None:
    """Figures of circuits with and without the least-driving objective and the daylight rule."""
    from bot.knowledge import open_kb
    from bot.trip import TripPlan, plan_trip

    kb = open_kb()
    print(f"\n(d) circuit sense: {count} requests on the knowledge base, before (score only) and after")
    figures = {False: [], True: []}
    seconds = {False: 0.0, True: 0.0}
    for request in sense_requests(count):
        for sense in (False, True):
            began = time.perf_counter()
            plan = plan_trip(request, kb=kb, circuit_sense=sense)
            seconds[sense] += time.perf_counter() - began
            figures[sense].append(_sense_figures(kb, request, plan) if isinstance(plan, TripPlan) else None)
    both = [
        (before, after)
        for before, after in zip(figures[False], figures[True], strict=True)
        if before and after and before[-1] > 0 and after[-1] > 0
    ]
    print(f"{len(both)} requests with a circuit both ways")
    header = ("", "min/site mean", "p95", "split pairs", "after dark", "returns", "score", "s/request")
    widths = (8, 14, 8, 13, 12, 9, 8, 11)
    print("".join(f"{text:>{width}}" for text, width in zip(header, widths, strict=True)))
    for sense, name in ((False, "before"), (True, "after")):
        rows = [pair[sense] for pair in both]
        per_site = [row[0] for row in rows]
        cells = (
            f"{name:<8}",
            f"{statistics.mean(per_site):.1f}",
            f"{_percentile(per_site, 0.95):.1f}",
            *(str(sum(row[column] for row in rows)) for column in (1, 2, 3)),
            f"{sum(row[4] for row in rows):.0f}",
            f"{seconds[sense] / count:.2f}",
        )
        print("".join(f"{text:>{width}}" for text, width in zip(cells, widths, strict=True)))
    lower = [(before, after) for before, after in both if after[-1] < before[-1] - 1e-6]
    higher = sum(after[-1] > before[-1] + 1e-6 for before, after in both)
    explained = sum(before[2] > 0 for before, _ in lower)
    print(
        f"score: higher after in {higher}, lower in {len(lower)} "
        f"({explained} of which visited an open-air site in the dark before)"
    )


def brute_forceable(count: int, time_limit: float) -> None:
    print(
        f"\n(c) {count} small instances (5-7 sites, 1-2 tours): ours vs brute force vs OR-Tools ({time_limit:g} s)"
    )
    ours_optimal = theirs_optimal = proved = 0
    our_times, their_times = [], []
    for seed in range(count):
        problem = small_problem(seed, size=5 + seed % 3, tours=1 + seed % 2, same_every_day=True)
        best = brute_force(problem)
        solution, elapsed = _timed_solve(problem, time_limit, seed)
        theirs, their_time = ortools_solve(problem, time_limit)
        ours_optimal += abs(solution.score - best) < 1e-6
        theirs_optimal += abs(theirs - best) < 1e-6
        proved += solution.optimal
        our_times.append(elapsed * 1000)
        their_times.append(their_time * 1000)
    print(
        f"ours optimal {ours_optimal}/{count} (proved {proved}), median {statistics.median(our_times):.1f} ms"
    )
    print(f"OR-Tools optimal {theirs_optimal}/{count}, median {statistics.median(their_times):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("instances", nargs="?", type=Path, help="folder of standard instances with bks.csv")
    parser.add_argument("--quick", action="store_true", help="a few instances and requests only")
    parser.add_argument("--time-limit", type=float, default=1.0, help="seconds per standard instance")
    parser.add_argument(
        "--kb",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also plan requests through bot.trip on the real knowledge base (default: on)",
    )
    args = parser.parse_args(argv)
    if args.instances and (args.instances / "bks.csv").exists():
        standard_instances(args.instances, args.quick, args.time_limit)
    else:
        print("(a) skipped: no instance folder with bks.csv given")
    realistic_requests(20 if args.quick else 200, time_limit=0.5, compare=0 if args.quick else 20)
    if args.kb:
        try:
            knowledge_base_requests(10 if args.quick else 100)
        except Exception as error:  # the bench reports what it could not measure and goes on
            print(f"knowledge-base requests skipped: {type(error).__name__}: {error}")
    brute_forceable(10 if args.quick else 60, time_limit=0.2)
    if args.kb:
        circuit_sense(20 if args.quick else 200)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
