"""Small data files the core reads, kept as data rather than Python literals: word lists (days known
by a name, the words of each question topic) and planning assumptions (public holidays museums of
unknown hours are assumed closed). One YAML file each, read once; ``load("named_days")``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The content of ``bot/data/<name>.yaml``."""
    return yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
