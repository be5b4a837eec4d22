"""The entity type found by the NLU extractors, and how overlapping findings are settled."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Found:
    entity: str
    value: Any
    start: int
    end: int
    text: str
    confidence: float = 1.0

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def as_rasa(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "confidence": self.confidence,
        }


def without_overlaps(found: Iterable[Found], rank: Callable[[Found], Any]) -> list[Found]:
    """The best findings (lowest ``rank``) that do not overlap a better one, in text order."""
    kept: list[Found] = []
    for item in sorted(found, key=rank):
        if not any(other.overlaps(item.start, item.end) for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda item: item.start)
