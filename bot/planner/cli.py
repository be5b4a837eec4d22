"""``python -m bot solve problem.json [--time-limit S] [--seed N]``: print the solution as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.errors import UserError
from bot.planner.problem import Problem, ProblemError
from bot.planner.solve import solve


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
    solution = solve(problem, args.time_limit, args.seed, patience=args.patience or None)
    print(json.dumps(solution.to_json()))
    return 0
