"""Word lists the core reads, kept as data rather than Python literals: days known by a name, the
words of each question topic, the public holidays museums of unknown hours are assumed closed. One
YAML file each, read once: ``load("named_days")``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The content of ``bot/wordlists/<name>.yaml``."""
    return yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
