"""Read the standard OPTW/TOPTW instances (KU Leuven / Vansteenwegen text format).

Line 1: ``k v N t``; line 2: unused; then one line per vertex, the depot first:
``i x y d S f a [a numbers] O C`` (the list makes the column count vary, so the window is the last two
fields). The depot is both start and end and its ``C`` is the day's limit; ``m`` (the number of tours)
is not in the file. Travel time is the Euclidean distance truncated to one decimal (Solomon c/r/rc) or
two (Cordeau ``pr``), as in Righini & Salani's exact runs.
"""

from __future__ import annotations

import math
from pathlib import Path

from bot.planner.problem import Node, Problem, ProblemError


def read_instance(path: Path, tours: int = 1) -> Problem:
    lines = [line.split() for line in Path(path).read_text().splitlines() if line.strip()]
    if len(lines) < 3:
        raise ProblemError(f"{path}: too short for an OPTW instance")
    decimals = 2 if Path(path).name.startswith("pr") else 1
    scale = 10**decimals
    points, nodes = [], []
    for fields in lines[2:]:
        if len(fields) < 7:
            raise ProblemError(f"{path}: a vertex line needs at least 7 fields: {' '.join(fields)}")
        x, y, service, score = (float(value) for value in fields[1:5])
        opens, closes = float(fields[-2]), float(fields[-1])
        points.append((x, y))
        nodes.append(Node(fields[0], score, service, (((opens, closes),),) * tours))
    time = [
        [math.floor(math.hypot(ax - bx, ay - by) * scale + 1e-7) / scale for bx, by in points]
        for ax, ay in points
    ]
    return Problem(nodes, nodes[0].id, nodes[0].id, tours, time)
