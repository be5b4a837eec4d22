"""Reading the YAML files of ``knowledge/`` (the source of truth edited by staff)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

SITES_DIR = "sites"
THEMES_FILE = "themes.yaml"
EVENTS_FILE = "events.yaml"
MEMBERS_FILE = "members.yaml"
STATIONS_FILE = "stations.yaml"
GAZETTEER_FILE = "gazetteer/config.yaml"


@dataclass
class SourceFile:
    path: Path
    data: Any = None
    error: str | None = None  # YAML syntax error, reported by validation

    @property
    def name(self) -> str:
        """Path relative to the knowledge folder, as shown in messages."""
        parts = self.path.parts
        return "/".join(parts[-2:]) if self.path.parent.name in (SITES_DIR, "gazetteer") else parts[-1]


@dataclass
class KnowledgeFiles:
    root: Path
    sites: list[SourceFile] = field(default_factory=list)
    themes: SourceFile | None = None
    events: SourceFile | None = None
    members: SourceFile | None = None
    stations: SourceFile | None = None
    gazetteer: SourceFile | None = None


def plain_yaml(value: Any) -> Any:
    """YAML dates become ISO strings, so that data compares and serialises the same everywhere."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain_yaml(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_yaml(item) for item in value]
    return value


def read_yaml(path: Path) -> SourceFile:
    source = SourceFile(path)
    try:
        source.data = plain_yaml(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as error:
        source.error = " ".join(str(error).split())
    return source


def _optional(root: Path, name: str) -> SourceFile | None:
    path = root / name
    return read_yaml(path) if path.exists() else None


def read_knowledge(root: Path | str) -> KnowledgeFiles:
    root = Path(root)
    return KnowledgeFiles(
        root=root,
        sites=[read_yaml(path) for path in sorted((root / SITES_DIR).glob("*.yaml"))],
        themes=_optional(root, THEMES_FILE),
        events=_optional(root, EVENTS_FILE),
        members=_optional(root, MEMBERS_FILE),
        stations=_optional(root, STATIONS_FILE),
        gazetteer=_optional(root, GAZETTEER_FILE),
    )


def newest_change(root: Path | str) -> float:
    """Latest modification time of the knowledge folder: files and folders (a deleted file changes its folder)."""
    root = Path(root)
    paths = [root, *root.rglob("*")]
    return max((path.stat().st_mtime for path in paths if path.exists()), default=0.0)
