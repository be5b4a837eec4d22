"""Edits made by museum staff in the console, applied over the YAML files when the database is built.

The staff console (``bot/console/``) records each change of a site's block (its hours, prices,
group or school offer) in a small SQLite file (``build/edits.db``, ``MEMHISTO_EDITS_DB``): who,
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

from bot.knowledge.files import SITES_DIR, KnowledgeFiles, SourceFile

# The blocks of a site file a museum's staff may change; the rest (names, location, themes) is the
# network's.
EDITABLE_BLOCKS = ("hours", "prices", "groups", "schools")
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


def with_block(site: dict[str, Any], block: str, value: Any) -> dict[str, Any]:
    """The site's data with ``block`` replaced, the keys in the file's order."""
    return {**site, block: value}


def apply_edits(files: KnowledgeFiles, edits: list[Edit]) -> KnowledgeFiles:
    """``files`` with each edit's block put in its site's data; edits of sites without a file are
    ignored (a site renamed or removed since)."""
    by_site: dict[str, list[Edit]] = {}
    for edit in edits:
        by_site.setdefault(edit.site_id, []).append(edit)
    sites = []
    for source in files.sites:
        data = source.data
        if isinstance(data, dict) and source.path.stem in by_site:
            for edit in by_site[source.path.stem]:
                data = with_block(data, edit.block, edit.value)
            source = SourceFile(source.path, data, source.error)
        sites.append(source)
    return KnowledgeFiles(
        files.root, sites, files.themes, files.events, files.members, files.stations, files.gazetteer
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


def export_edits(log: EditLog, knowledge_dir: Path | str) -> list[Edit]:
    """Write the edits in force into ``knowledge/sites/<id>.yaml`` and mark them exported."""
    sites_dir = Path(knowledge_dir) / SITES_DIR
    written = []
    for edit in log.in_force():
        path = sites_dir / f"{edit.site_id}.yaml"
        if not path.exists():
            continue
        path.write_text(
            replace_block(path.read_text(encoding="utf-8"), edit.block, edit.value), encoding="utf-8"
        )
        written.append(edit)
    log.mark_exported(written)
    return written
