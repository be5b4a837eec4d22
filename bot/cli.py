"""``python -m bot``: a thin command-line layer over the documented Python API.

Each feature module exposes ``register(subparsers)`` that adds its subcommand and sets ``func``.
"""

from __future__ import annotations

import argparse
import sys

from bot.errors import UserError
from bot.knowledge import cli as knowledge_cli
from bot.planner import cli as planner_cli
from bot.trip import cli as trip_cli
from channels import cli as channels_cli

FEATURES = (knowledge_cli, planner_cli, trip_cli, channels_cli)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Mem'Histo circuits")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for feature in FEATURES:
        feature.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except BrokenPipeError:  # e.g. `python -m bot kb list | head`
        return 0
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
