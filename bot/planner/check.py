"""Independent check of a solution: recompute every tour from the problem alone."""

from __future__ import annotations

from bot.planner.problem import Problem
from bot.planner.schedule import schedule
from bot.planner.solve import Solution


def check(problem: Problem, solution: Solution) -> list[str]:
    """Everything wrong with ``solution`` (an empty list: it is feasible and its score is right)."""
    problems = []
    if len(solution.tours) != problem.tours:
        problems.append(f"{len(solution.tours)} tours instead of {problem.tours}")
    seen = set()
    total = 0.0
    for tour, ids in enumerate(solution.tours[: problem.tours]):
        if len(ids) < 2 or ids[0] != problem.start or ids[-1] != problem.end:
            problems.append(f"tour {tour} must go from {problem.start} to {problem.end}")
            continue
        unknown = [node_id for node_id in ids[1:-1] if node_id not in problem.index]
        if unknown:
            problems.append(f"tour {tour}: unknown nodes {unknown}")
            continue
        route = [problem.index[node_id] for node_id in ids[1:-1]]
        for node_id in ids[1:-1]:
            if node_id in seen or node_id in (problem.start, problem.end):
                problems.append(f"tour {tour}: {node_id} visited twice")
            seen.add(node_id)
        if schedule(problem, tour, route) is None:
            problems.append(f"tour {tour} breaks a time window, the break or the end of the day")
        total += sum(problem.nodes[i].score for i in route)
    if abs(total - solution.score) > 1e-6:
        problems.append(f"score {solution.score} differs from the visits' total {total}")
    return problems
