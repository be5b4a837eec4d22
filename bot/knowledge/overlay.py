"""Edits made by museum staff in the console, applied over the YAML files when the database is built.

The staff console (``bot/console/``) records each change of a site's block (its hours, prices,
group or school offer, or its own events) in a small SQLite file (``build/edits.db``, ``MEMHISTO_EDITS_DB``): who,
when, from which source, and the whole new block. ``open_kb()`` loads the built database with the
latest edit of each block put over its site (``KnowledgeBase(database, edits)``), and loads again
when the edits file changes: the bot's next answer uses a change, without a rebuild or a redeploy.
``python -m bot kb export`` writes the edits into the site files for review (``export_edits``); an
exported edit is no longer applied, the file holds it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from bot.knowledge.files import EVENTS_FILE, SITES_DIR, KnowledgeFiles, SourceFile

# What a museum's staff may change: blocks of its site file, and its own events (events.yaml); the
# rest (names, location, themes, events shared with other sites) is the network's.
EVENTS_BLOCK = "events"
EDITABLE_BLOCKS = ("hours", "prices", "groups", "schools", EVENTS_BLOCK)
TABLE = "edits"


@dataclass(frozen=True)
class Edit:
    id: int
    site_id: str
    block: str
    value: Any  # the whole new block, as in the YAML file
    author: str
    at: str  # ISO time, UTC
    source: str
    exported_at: str | None = None


class EditLog:
    """The edits file: an append-only history; the latest unexported edit of a block is in force."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def _db(self) -> sqlite_utils.Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(self.path)
        db[TABLE].create(
            {
                "id": int,
                "site_id": str,
                "block": str,
                "value": str,
                "author": str,
                "at": str,
                "source": str,
                "exported_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        return db

    def record(self, site_id: str, block: str, value: Any, author: str, source: str) -> Edit:
        if block not in EDITABLE_BLOCKS:
            raise ValueError(f"block must be one of {', '.join(EDITABLE_BLOCKS)}")
        at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        db = self._db()
        try:
            with db.conn:
                row_id = (
                    db[TABLE]
                    .insert(
                        {
                            "site_id": site_id,
                            "block": block,
                            "value": json.dumps(value, ensure_ascii=False),
                            "author": author,
                            "at": at,
                            "source": source,
                            "exported_at": None,
                        }
                    )
                    .last_pk
                )
        finally:
            db.conn.close()
        return Edit(row_id, site_id, block, value, author, at, source)

    def history(self, site_id: str | None = None) -> list[Edit]:
        """Every edit, newest first (of one site when ``site_id`` is given)."""
        if not self.path.exists():
            return []
        db = self._db()
        try:
            where, params = ("site_id = ?", [site_id]) if site_id else (None, None)
            rows = list(db[TABLE].rows_where(where, params, order_by="id desc"))
        finally:
            db.conn.close()
        return [Edit(**{**row, "value": json.loads(row["value"])}) for row in rows]

    def in_force(self) -> list[Edit]:
        """The latest edit of each (site, block) not yet written to the files, oldest first."""
        latest: dict[tuple[str, str], Edit] = {}
        for edit in reversed(self.history()):
            latest[(edit.site_id, edit.block)] = edit
        return [edit for edit in latest.values() if edit.exported_at is None]

    def mark_exported(self, edits: list[Edit]) -> None:
        at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        db = self._db()
        try:
            with db.conn:
                for edit in edits:
                    db[TABLE].update(edit.id, {"exported_at": at})
        finally:
            db.conn.close()

    def changed_at(self) -> int:
        """Modification time of the edits file in ns (0 when there is none): ``open_kb`` compares it."""
        return self.path.stat().st_mtime_ns if self.path.exists() else 0


def own_event(event: dict[str, Any], site_id: str) -> bool:
    """An event of this site alone (``scope: sites``, ``sites: [site_id]``): its staff's to change."""
    return event.get("scope") == "sites" and event.get("sites") == [site_id]


def with_own_events(
    events: list[dict[str, Any]], site_id: str, own: list[dict[str, Any]] | None
) -> list[dict]:
    """``events`` with the site's own events replaced by ``own``."""
    return [event for event in events if not own_event(event, site_id)] + list(own or [])


def apply_edits(files: KnowledgeFiles, edits: list[Edit]) -> KnowledgeFiles:
    """``files`` with each edit put in: a block in its site's data, events in the events file; edits
    of sites without a file are ignored (a site renamed or removed since)."""
    by_site: dict[str, list[Edit]] = {}
    for edit in edits:
        by_site.setdefault(edit.site_id, []).append(edit)
    sites, events = [], files.events
    for source in files.sites:
        data = source.data
        for edit in by_site.get(source.path.stem, []) if isinstance(data, dict) else []:
            if edit.block == EVENTS_BLOCK and events is not None and isinstance(events.data, dict):
                listed = with_own_events(events.data.get("events") or [], edit.site_id, edit.value)
                events = SourceFile(events.path, {**events.data, "events": listed})
            elif edit.block != EVENTS_BLOCK:
                data = {**data, edit.block: edit.value}
        sites.append(SourceFile(source.path, data, source.error) if data is not source.data else source)
    return KnowledgeFiles(
        files.root, sites, files.themes, events, files.members, files.stations, files.gazetteer
    )


def _top_level_key(line: str) -> str | None:
    match = re.match(r"^([A-Za-z_][\w-]*):", line)
    return match.group(1) if match else None


def replace_block(text: str, block: str, value: Any) -> str:
    """The YAML text of a site file with the top-level ``block`` written anew; every other line (and
    comment) stays as it was. A block absent from the file is added at the end."""
    dumped = yaml.safe_dump(
        {block: value}, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110
    )
    lines = text.splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines) if _top_level_key(line) == block), None)
    if start is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + dumped
    end = start + 1
    while end < len(lines) and _top_level_key(lines[end]) is None:
        end += 1
    # Blank lines and unindented comments right before the next key belong to it.
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return "".join(lines[:start]) + dumped + "".join(lines[end:])


_EVENT_ITEM = re.compile(r"""^  - id: *["']?([a-z0-9-]+)""")


def replace_own_events(text: str, site_id: str, own: list[dict[str, Any]] | None) -> str:
    """The YAML text of events.yaml with the site's own events replaced by ``own`` (written at the
    end of the list); every other line (and comment) stays as it was. The events are the file's last
    key, each item starting with ``  - id:`` (as the file is written)."""
    old = {event["id"] for event in yaml.safe_load(text).get("events") or [] if own_event(event, site_id)}
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        item = _EVENT_ITEM.match(line)
        if item:
            skipping = item.group(1) in old
        elif not line.startswith("    "):  # the item's own lines are indented under its "- "
            skipping = False
        if not skipping:
            kept.append(line)
    written = "".join(kept)
    if own:
        dumped = yaml.safe_dump(own, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
        written += ("" if written.endswith("\n") else "\n") + "".join(
            f"  {line}" for line in dumped.splitlines(keepends=True)
        )
    return written


def export_edits(log: EditLog, knowledge_dir: Path | str) -> list[Edit]:
    """Write the edits in force into ``knowledge/sites/<id>.yaml`` (events into ``events.yaml``) and
    mark them exported."""
    sites_dir = Path(knowledge_dir) / SITES_DIR
    written = []
    for edit in log.in_force():
        path = sites_dir / f"{edit.site_id}.yaml"
        if not path.exists():
            continue
        if edit.block == EVENTS_BLOCK:
            path = Path(knowledge_dir) / EVENTS_FILE
            text = replace_own_events(path.read_text(encoding="utf-8"), edit.site_id, edit.value)
        else:
            text = replace_block(path.read_text(encoding="utf-8"), edit.block, edit.value)
        path.write_text(text, encoding="utf-8")
        written.append(edit)
    log.mark_exported(written)
    return written
