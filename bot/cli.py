"""``python -m bot``: a thin command-line layer over the documented Python API.

Each feature module exposes ``register(subparsers)`` that adds its subcommand and sets ``func``.
Only the module of the command asked for is imported: ``solve`` then loads the planner alone, so
that a one-second solve is not preceded by the knowledge base's and the trip layer's imports.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from bot.errors import UserError

FEATURES = {
    "kb": "bot.knowledge.cli",
    "solve": "bot.planner.cli",
    "plan": "bot.trip.cli",
    "channels": "channels.cli",
    "console": "bot.console.cli",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with ``command``'s subcommand only, or with every one (help, unknown command)."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Mem'Histo circuits")
    subparsers = parser.add_subparsers(dest="command", required=True)
    modules = [FEATURES[command]] if command in FEATURES else FEATURES.values()
    for module in modules:
        importlib.import_module(module).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        return args.func(args) or 0
    except BrokenPipeError:  # e.g. `python -m bot kb list | head`
        return 0
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
