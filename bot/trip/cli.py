"""``python -m bot plan --from Arras --themes ww1 --days 2 --date 2026-07-01 --lang en [--json]``.

Prints the circuit day by day (exit 0), or why there is none and what would work (exit 1). A start
place that is unknown or ambiguous is a user error: one line naming close places (exit 2).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from bot.errors import UserError
from bot.knowledge import Party, open_kb
from bot.texts import DEFAULT_LANGUAGE, LANGUAGES
from bot.texts.plans import plan_json, problem_json, render_plan, render_problem
from bot.trip.exports import to_gpx, to_ics
from bot.trip.plan import plan_trip
from bot.trip.request import TripProblem, TripRequest


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("plan", help="plan a circuit from a start place")
    parser.add_argument("--from", dest="start", required=True, help='town, station or "lat,lon"')
    parser.add_argument("--themes", default="", help="comma-separated theme ids or names (default: all)")
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--date", help="first day, YYYY-MM-DD (default: tomorrow)")
    parser.add_argument(
        "--hours",
        type=float,
        help="time available per day, in hours, placed where it fits best between 09:30 and 18:00 "
        "(default: all of it)",
    )
    parser.add_argument(
        "--nights",
        default="",
        help="comma-separated places where you sleep after each day when you move on, e.g. "
        '"Amiens,Arras" (the last one holds for the remaining days; default: back to the start every evening)',
    )
    parser.add_argument("--mode", choices=["car", "bike", "foot", "transit"], default="car")
    parser.add_argument("--adults", type=int, default=1)
    parser.add_argument("--children", type=int, default=0)
    parser.add_argument("--wheelchair", action="store_true")
    parser.add_argument("--exclude", default="", help="comma-separated site ids to leave out")
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--ics", type=Path, help="also write the circuit as a calendar file")
    parser.add_argument("--gpx", type=Path, help="also write the stops as a GPX file")
    parser.set_defaults(func=run)


def _themes(kb, text: str) -> tuple[str, ...]:
    themes = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        theme = kb.resolve_theme(part)
        if theme is None:
            known = ", ".join(theme.id for theme in kb.themes())
            raise UserError(f"unknown theme {part!r}; known themes: {known}")
        themes.append(theme)
    return tuple(themes)


def run(args: argparse.Namespace) -> int:
    kb = open_kb()
    try:
        first = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise UserError(f"--date must be YYYY-MM-DD, not {args.date!r}") from None
    if not 1 <= args.days <= 7:
        raise UserError("--days must be between 1 and 7")
    request = TripRequest(
        start_text=args.start,
        themes=_themes(kb, args.themes),
        first_date=first,
        days=args.days,
        minutes_per_day=round(args.hours * 60) if args.hours else None,
        mode=args.mode,
        party=Party(adults=args.adults, children=args.children),
        wheelchair=args.wheelchair,
        exclude=tuple(filter(None, args.exclude.split(","))),
        lang=args.lang,
        nights=tuple(filter(None, (place.strip() for place in args.nights.split(",")))),
    )
    result = plan_trip(request, kb=kb)
    if isinstance(result, TripProblem):
        if result.code in ("unknown_start", "ambiguous_start", "no_start"):
            raise UserError(render_problem(result).replace("\n", " "))
        print(
            json.dumps(problem_json(result), ensure_ascii=False, indent=2)
            if args.json
            else render_problem(result)
        )
        return 1
    if args.ics:
        args.ics.write_text(to_ics(result))
    if args.gpx:
        args.gpx.write_text(to_gpx(result))
    print(json.dumps(plan_json(result), ensure_ascii=False, indent=2) if args.json else render_plan(result))
    return 0
