"""``python -m bot solve problem.json [--time-limit S] [--seed N]``: print the solution as JSON.

The search uses the whole time limit, and the command ends within it plus ``OVERHEAD_SECONDS``
(starting Python, reading the problem, writing the answer): when the start was slow (a loaded
machine), the search is shortened by what the start took beyond its share, not the promise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.errors import UserError
from bot.planner.problem import Problem, ProblemError
from bot.planner.solve import solve

OVERHEAD_SECONDS = 0.3
OUTPUT_SECONDS = 0.15  # of the overhead, kept for writing the answer and exiting (slow when loaded)


def seconds_since_process_start() -> float:
    """How long this process has been running, from Linux's /proc (0 where that is not available)."""
    try:
        # Field 22 of /proc/self/stat, the start in clock ticks after boot; the command name before it
        # is in parentheses and may hold spaces, hence the split at the last ")" (field 3 is then first).
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return 0.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("solve", help="solve an OPTW/TOPTW problem given as JSON")
    parser.add_argument("problem", type=Path, help="problem file (JSON), or - for standard input")
    parser.add_argument(
        "--time-limit", type=float, default=1.0, help="seconds for the whole search (default 1)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--patience",
        type=int,
        default=0,
        help="stop the heuristic after N iterations without improvement "
        "(default 0: search until the time limit)",
    )
    parser.add_argument(
        "--json", action="store_true", help="accepted for symmetry: the output is always JSON"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        text = sys.stdin.read() if str(args.problem) == "-" else args.problem.read_text()
        problem = Problem.from_json(json.loads(text))
    except OSError as error:
        raise UserError(f"cannot read {args.problem}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{args.problem} is not valid JSON: {error}") from None
    except ProblemError as error:
        raise UserError(f"{args.problem}: {error}") from None
    started = seconds_since_process_start()
    search = min(args.time_limit, args.time_limit + OVERHEAD_SECONDS - OUTPUT_SECONDS - started)
    solution = solve(problem, max(0.0, search), args.seed, patience=args.patience or None)
    print(json.dumps(solution.to_json()))
    return 0
