"""Circuit planner: the orienteering problem with time windows, one tour per day (OPTW / TOPTW).

Pure and independent of the rest of the project: it takes nodes with scores, service times and
time windows, and a travel-time matrix. ``solve`` is exact on small problems and uses iterated local
search beyond; ``check`` recomputes a solution independently.
"""

from bot.planner.check import check
from bot.planner.problem import Break, Node, Problem, ProblemError
from bot.planner.schedule import Stop, TourSchedule, schedule
from bot.planner.solve import Solution, solve

__all__ = [
    "Break",
    "Node",
    "Problem",
    "ProblemError",
    "Solution",
    "Stop",
    "TourSchedule",
    "check",
    "schedule",
    "solve",
]
