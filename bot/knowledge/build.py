"""``knowledge/`` (YAML) -> SQLite database read by ``KnowledgeBase``.

The database is a derived artefact: rebuilt from the files, never edited. It is written to a
temporary file and moved into place, so that a running bot never reads a half-built database.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.knowledge.files import KnowledgeFiles, read_knowledge
from bot.knowledge.gazetteer import place_rows
from bot.knowledge.model import BuildReport, ValidationIssue
from bot.knowledge.search import normalise
from bot.knowledge.validate import validate_files

# Columns holding JSON (nested YAML values); KnowledgeBase decodes them when reading.
SITE_JSON_COLUMNS = (
    "name", "aliases", "themes", "description", "location", "hours", "prices", "languages",
    "wheelchair", "groups", "schools", "parking", "public_transport", "sources",
)  # fmt: skip
EVENT_JSON_COLUMNS = ("name", "rule", "sites", "themes", "description")
THEME_JSON_COLUMNS = ("label", "synonyms")
PLACE_JSON_COLUMNS = ("names",)


class KnowledgeError(Exception):
    """The knowledge files have problems: ``issues`` lists them."""

    def __init__(self, issues: list[ValidationIssue]):
        self.issues = issues
        super().__init__(f"{len(issues)} problem(s) in the knowledge files, first: {issues[0]}")


def _site_row(site: dict[str, Any]) -> dict[str, Any]:
    address = site["address"]
    location = site["location"]
    return {
        "id": site["id"],
        "member": site["member"],
        "name": site["name"],
        "name_fr": site["name"]["fr"],
        "name_en": site["name"]["en"],
        "aliases": site.get("aliases") or [],
        "themes": site["themes"],
        "description": site["description"],
        "description_fr": site["description"]["fr"],
        "description_en": site["description"]["en"],
        "address": address.get("street"),
        "postcode": address.get("postcode"),
        "town": address["town"],
        "lat": location["lat"],
        "lon": location["lon"],
        "location": location,
        "website": site.get("website"),
        "phone": site.get("phone"),
        "visit_minutes": site.get("visit_minutes"),
        "visit_minutes_estimated": bool(site.get("visit_minutes_estimated")),
        "visit_minutes_source": site.get("visit_minutes_source"),
        "open_air": bool(site.get("open_air")),
        "hours": site["hours"],
        "prices": site["prices"],
        "languages": site.get("languages"),
        "wheelchair": site.get("wheelchair"),
        "groups": site.get("groups"),
        "schools": site.get("schools"),
        "parking": site.get("parking"),
        "public_transport": site.get("public_transport"),
        "sources": site["sources"],
        "verified_on": site["verified_on"],
    }


def _write(db: sqlite_utils.Database, files: KnowledgeFiles) -> dict[str, int]:
    sites = [source.data for source in files.sites]
    db["sites"].insert_all((_site_row(site) for site in sites), pk="id")
    db["site_aliases"].insert_all(
        {"site_id": site["id"], "alias": alias, "norm": normalise(alias)}
        for site in sites
        for alias in [*site["name"].values(), *(site.get("aliases") or [])]
    )
    db["site_themes"].insert_all(
        {"site_id": site["id"], "theme_id": theme} for site in sites for theme in site["themes"]
    )

    themes = files.themes.data["themes"]
    db["themes"].insert_all(
        (
            {
                "id": theme["id"],
                "label": theme["label"],
                "label_fr": theme["label"]["fr"],
                "label_en": theme["label"]["en"],
                "synonyms": theme.get("synonyms") or {},
                "parent": theme.get("parent"),
            }
            for theme in themes
        ),
        pk="id",
    )
    db["theme_synonyms"].insert_all(
        {"theme_id": theme["id"], "lang": lang, "synonym": word, "norm": normalise(word)}
        for theme in themes
        for lang, words in [
            ("fr", [theme["label"]["fr"]]),
            ("en", [theme["label"]["en"]]),
            *(theme.get("synonyms") or {}).items(),
        ]
        for word in words
    )

    db["theme_combinations"].insert_all(
        {"themes": combination["themes"], "synonyms": combination["synonyms"]}
        for combination in files.themes.data.get("combinations") or []
    )

    events = files.events.data["events"] if files.events else []
    db["events"].insert_all(
        (
            {
                "id": event["id"],
                "name": event["name"],
                "rule": event["rule"],
                "scope": event["scope"],
                "sites": event.get("sites") or [],
                "themes": event.get("themes") or [],
                "description": event.get("description") or {},
                "source": event.get("source"),
                "verified_on": event.get("verified_on"),
            }
            for event in events
        ),
        pk="id",
    )
    db["events"].create(
        {
            "id": str,
            "name": str,
            "rule": str,
            "scope": str,
            "sites": str,
            "themes": str,
            "description": str,
            "source": str,
            "verified_on": str,
        },
        pk="id",
        if_not_exists=True,
    )

    config = files.gazetteer.data if files.gazetteer else {}
    stations = files.stations.data["stations"] if files.stations else []
    places = place_rows(config, stations) if config else []
    db["places"].insert_all(places, pk="id")
    db["place_names"].insert_all(
        {"place_id": place["id"], "name": name, "norm": normalise(name)}
        for place in places
        for name in place["names"]
    )

    db["site_aliases"].create_index(["norm"])
    db["site_aliases"].create_index(["site_id"])
    db["site_themes"].create_index(["theme_id"])
    db["theme_synonyms"].create_index(["norm"])
    if places:
        db["place_names"].create_index(["norm"])
        db["places"].enable_fts(["name"])
    db["sites"].enable_fts(["name_fr", "name_en", "description_fr", "description_en"])
    db["site_aliases"].enable_fts(["alias"])
    db["meta"].insert_all(
        [
            {"key": "built_at", "value": datetime.now(timezone.utc).isoformat(timespec="seconds")},
            {"key": "knowledge_dir", "value": str(files.root)},
        ],
        pk="key",
    )
    return {
        "sites": len(sites),
        "members": sum(1 for site in sites if site["member"]),
        "themes": len(themes),
        "events": len(events),
        "places": len(places),
    }


def build(knowledge_dir: Path | str, database: Path | str) -> BuildReport:
    """Validate ``knowledge_dir`` and write it to ``database``; raises KnowledgeError when invalid."""
    started = time.perf_counter()
    files = read_knowledge(knowledge_dir)
    issues = validate_files(files)
    if issues:
        raise KnowledgeError(issues)
    database = Path(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    temporary = database.with_name(f".{database.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(temporary)
        counts = _write(db, files)
        db.conn.close()
        os.replace(temporary, database)
    finally:
        temporary.unlink(missing_ok=True)
    return BuildReport(
        database=str(database),
        seconds=round(time.perf_counter() - started, 2),
        size_bytes=database.stat().st_size,
        **counts,
    )
