"""``python -m bot kb ...``: staff commands over the knowledge base (a thin layer over the API)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.config import settings
from bot.errors import UserError
from bot.knowledge.build import KnowledgeError, build
from bot.knowledge.kb import KnowledgeBase, open_kb
from bot.knowledge.model import DayOpening, Site, in_language
from bot.knowledge.overlay import EditLog, export_edits
from bot.knowledge.validate import validate

MIN_NAME_SCORE = 80.0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _resolve_site(kb: KnowledgeBase, text: str) -> Site:
    """A site by id, else by name or alias (fuzzy)."""
    try:
        return kb.site(text)
    except KeyError:
        pass
    matches = kb.find_sites(text, limit=3)
    if not matches or matches[0].score < MIN_NAME_SCORE:
        hint = f"; did you mean: {', '.join(match.site.id for match in matches)}?" if matches else ""
        raise UserError(f"no site named '{text}'{hint} (python -m bot kb list shows them all)")
    return matches[0].site


def _clock(moment: Any) -> str:
    return moment.strftime("%H:%M")


def _opening_json(opening: DayOpening) -> dict[str, Any]:
    return {
        "date": opening.day.isoformat(),
        "known": opening.known,
        "is_open": opening.is_open,
        "rule": opening.rule,
        "reason": opening.reason,
        "windows": [[_clock(start), _clock(end)] for start, end in opening.windows],
        "last_entry": _clock(opening.last_entry) if opening.last_entry else None,
        "guided_tour_times": [_clock(moment) for moment in opening.guided_tour_times],
        "booking": opening.booking,
        "holiday": opening.holiday,
        "notes": opening.notes,
    }


def _opening_text(opening: DayOpening, lang: str) -> str:
    if not opening.known:
        state = "hours unknown"
    elif opening.is_open:
        state = "open " + ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in opening.windows)
    else:
        state = "closed"
    lines = [f"{opening.day.isoformat()} ({opening.day.strftime('%a')}): {state} (rule: {opening.rule})"]
    if opening.last_entry:
        lines.append(f"  last entry {_clock(opening.last_entry)}")
    if opening.guided_tour_times:
        tours = ", ".join(_clock(moment) for moment in opening.guided_tour_times)
        lines.append(
            f"  guided tours only: {tours}" + (f" (booking {opening.booking})" if opening.booking else "")
        )
    lines += [f"  note: {note.get(lang) or note.get('en')}" for note in opening.notes]
    return "\n".join(lines)


def _provenances(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """(field, provenance) of every block that says where its facts come from: for staff only."""
    if isinstance(node, list):
        return [found for index, item in enumerate(node) for found in _provenances(item, f"{path}[{index}]")]
    if not isinstance(node, dict):
        return []
    found = [(path, node["provenance"])] if node.get("provenance") else []
    for key, value in node.items():
        found += _provenances(value, f"{path}.{key}" if path else key)
    return found


def _site_json(site: Site) -> dict[str, Any]:
    return asdict(site)


# Commands ---------------------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    issues = validate(settings().knowledge_dir)
    if args.json:
        _print_json({"ok": not issues, "issues": [asdict(issue) for issue in issues]})
    elif issues:
        print(f"{len(issues)} problem(s) in {settings().knowledge_dir}:", file=sys.stderr)
        for issue in issues:
            print(f"  {issue}", file=sys.stderr)
    else:
        print(f"{settings().knowledge_dir}: valid")
    return 1 if issues else 0


def cmd_build(args: argparse.Namespace) -> int:
    config = settings()
    try:
        report = build(config.knowledge_dir, config.database)
    except KnowledgeError as error:
        if args.json:
            _print_json({"ok": False, "issues": [asdict(issue) for issue in error.issues]})
        else:
            print(
                f"not built: {len(error.issues)} problem(s); run `python -m bot kb validate`", file=sys.stderr
            )
            for issue in error.issues:
                print(f"  {issue}", file=sys.stderr)
        return 1
    if args.json:
        _print_json({"ok": True, **asdict(report)})
    else:
        print(
            f"built {report.database}: {report.sites} sites ({report.members} members), {report.themes} themes, "
            f"{report.events} events, {report.places} places in {report.seconds:.2f} s, "
            f"{report.size_bytes / 1_000_000:.2f} MB"
        )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    kb = open_kb()
    if args.theme and args.theme not in {theme.id for theme in kb.themes()}:
        theme = kb.resolve_theme(args.theme)
        if theme is None:
            raise UserError(f"unknown theme '{args.theme}'")
        args.theme = theme
    sites = kb.sites(themes=[args.theme] if args.theme else None, members_only=args.members)
    if args.json:
        _print_json(
            [
                {
                    "id": site.id,
                    "member": site.member,
                    "name": site.name,
                    "town": site.town,
                    "themes": site.themes,
                }
                for site in sites
            ]
        )
        return 0
    for site in sites:
        flag = "member" if site.member else "      "
        print(f"{site.id:40} {flag}  {site.name_in(args.lang)} — {site.town}")
    print(f"{len(sites)} site(s)")
    return 0


def _prices_text(prices: dict[str, Any]) -> str:
    if prices.get("status") != "known":
        return prices.get("status", "unknown")
    parts = [
        f"{field} {prices[field]:.2f}"
        for field in ("adult", "reduced", "child", "student")
        if prices.get(field) is not None
    ]
    if prices.get("child_ages"):
        parts.append("child ages {}-{}".format(*prices["child_ages"]))
    if prices.get("free_under") is not None:
        parts.append(f"free under {prices['free_under']}")
    if prices.get("family"):
        parts.append(f"family {prices['family']['price']:.2f}")
    return f"{', '.join(parts)} {prices.get('currency', 'EUR')} (source {prices.get('source')}, verified {prices.get('verified_on')})"


def cmd_show(args: argparse.Namespace) -> int:
    kb = open_kb()
    site = _resolve_site(kb, args.site)
    opening = kb.opening(site.id, args.date) if args.date else None
    if args.json:
        _print_json({"site": _site_json(site), "opening": _opening_json(opening) if opening else None})
        return 0
    lang = args.lang
    print(f"{site.name_in(lang)}  [{site.id}]{'  member' if site.member else ''}")
    print(f"  {site.description_in(lang)}")
    address = ", ".join(part for part in (site.address, f"{site.postcode or ''} {site.town}".strip()) if part)
    print(f"  address: {address}  ({site.lat}, {site.lon})")
    print(f"  themes: {', '.join(site.themes)}")
    print(f"  website: {site.website or 'unknown'}   phone: {site.phone or 'unknown'}")
    visit = (
        "unknown"
        if site.visit_minutes is None
        else f"{'about ' if site.visit_minutes_estimated else ''}{site.visit_minutes} min"
    )
    print(f"  visit: {visit}")
    hours = site.hours
    print(
        f"  hours: {hours.get('status')} (source {hours.get('source')}, verified {hours.get('verified_on')})"
    )
    print(f"  prices: {_prices_text(site.prices)}")
    for where, provenance in _provenances(
        {"location": site.location, "hours": site.hours, "prices": site.prices, "wheelchair": site.wheelchair}
    ):
        text = provenance if isinstance(provenance, str) else in_language(provenance, lang)
        print(f"  provenance ({where}): {text}")
    if opening:
        print(_opening_text(opening, lang))
    return 0


def cmd_hours(args: argparse.Namespace) -> int:
    kb = open_kb()
    site = _resolve_site(kb, args.site)
    days = [kb.opening(site.id, args.date + timedelta(days=offset)) for offset in range(args.days)]
    if args.json:
        _print_json({"site": site.id, "days": [_opening_json(day) for day in days]})
        return 0
    print(f"{site.name_in(args.lang)} [{site.id}]")
    for day in days:
        print(_opening_text(day, args.lang))
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise UserError(f"--to {args.end} is before --from {args.start}")
    kb = open_kb()
    site_ids = [_resolve_site(kb, args.site).id] if args.site else None
    found = kb.events(args.start, args.end, site_ids)
    if args.json:
        _print_json(
            [
                {
                    "date": item.date,
                    "end": item.end,
                    "id": item.event.id,
                    "name": item.event.name,
                    "sites": item.sites,
                }
                for item in found
            ]
        )
        return 0
    for item in found:
        span = item.date.isoformat() + ("" if item.end == item.date else f"..{item.end.isoformat()}")
        sites = f"  ({', '.join(item.sites)})" if item.sites else ""
        print(f"{span:22} {item.event.name_in(args.lang)}{sites}")
    print(f"{len(found)} occurrence(s)")
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    places = open_kb().find_places(args.text, limit=args.limit)
    if args.json:
        _print_json([asdict(place) for place in places])
        return 0
    for place in places:
        approx = " (town centre)" if place.approximate else ""
        population = f"pop. {place.population}" if place.population else ""
        print(
            f"{place.score:5.1f}  {place.name} [{place.kind}, {place.admin}] {place.lat}, {place.lon}{approx} {population}"
        )
    return 0


EXPORT_COLUMNS = ("id", "member", "name_fr", "name_en", "town", "postcode", "lat", "lon", "themes", "website", "phone",
                  "visit_minutes", "hours_status", "prices_status", "adult_price")  # fmt: skip


def _export_row(site: Site) -> dict[str, Any]:
    return {
        "id": site.id,
        "member": site.member,
        "name_fr": site.name.get("fr"),
        "name_en": site.name.get("en"),
        "town": site.town,
        "postcode": site.postcode,
        "lat": site.lat,
        "lon": site.lon,
        "themes": ";".join(site.themes),
        "website": site.website,
        "phone": site.phone,
        "visit_minutes": site.visit_minutes,
        "hours_status": site.hours.get("status"),
        "prices_status": site.prices.get("status"),
        "adult_price": site.prices.get("adult"),
    }


def _export_edits() -> int:
    config = settings()
    written = export_edits(EditLog(config.edits_database), config.knowledge_dir)
    for edit in written:
        print(
            f"sites/{edit.site_id}.yaml: {edit.block} as changed by {edit.author} on {edit.at} "
            f"(source {edit.source})"
        )
    print(f"wrote {len(written)} console edit(s) into the knowledge files; review them with git diff")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.format is None:
        return _export_edits()
    rows = [_export_row(site) for site in open_kb().sites()]
    if args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {key: value for key, value in row.items() if key not in ("lat", "lon")},
            }
            for row in rows
        ]
        text = (
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)
            + "\n"
        )
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {len(rows)} sites to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    kb = subparsers.add_parser("kb", help="knowledge base: validate, build and query sites, hours, events")
    commands = kb.add_subparsers(dest="kb_command", required=True)

    def command(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help_text)
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument(
            "--lang", choices=("fr", "en"), default="en", help="language of names (default en)"
        )
        parser.set_defaults(func=func)
        return parser

    command("validate", cmd_validate, "check the files of knowledge/ (exit 1 listing problems)")
    command("build", cmd_build, "validate and write the SQLite database")
    parser = command("list", cmd_list, "list sites")
    parser.add_argument("--theme", help="theme id, label or synonym")
    parser.add_argument("--members", action="store_true", help="Mem'Histo members only")
    parser = command("show", cmd_show, "one site; with --date, whether it opens that day and why")
    parser.add_argument("site", help="site id or name")
    parser.add_argument("--date", type=_day, help="YYYY-MM-DD")
    parser = command("hours", cmd_hours, "opening of a site on a date, with the deciding rule")
    parser.add_argument("site", help="site id or name")
    parser.add_argument("--date", type=_day, required=True, help="YYYY-MM-DD")
    parser.add_argument("--days", type=int, default=1, help="number of consecutive days (default 1)")
    parser = command("events", cmd_events, "events between two dates")
    parser.add_argument("--from", dest="start", type=_day, required=True, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=_day, required=True, help="YYYY-MM-DD")
    parser.add_argument("--site", help="only events of this site (and regional ones)")
    parser = command("places", cmd_places, "search the gazetteer (towns, stations, ports)")
    parser.add_argument("text")
    parser.add_argument("--limit", type=int, default=5)
    parser = command(
        "export",
        cmd_export,
        "write the staff console's edits into knowledge/sites/*.yaml; or, with "
        "--format, export the sites as CSV or GeoJSON",
    )
    parser.add_argument("--format", choices=("csv", "geojson"))
    parser.add_argument("--output", help="file to write (default: standard output)")
