"""The entity values the dialogue accepts, whoever made them: the NLU's extractors, or a visitor typing
an intent payload (``/share_location{"latitude": 1e308}``, ``/inform{"party": -5}``), which Rasa
turns into entities unchecked. ``read_turn`` passes every entity through ``checked_value``: a value
that no extractor could have produced is dropped, as if it had not been said."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bot.traveltime import MODES

TRANSPORT_MODES = (*MODES, "transit")  # transit: no timetables, the dialogue says so
PARTY_KINDS = ("solo", "couple", "family", "school", "group")
MAX_PEOPLE = 500  # bot.expressions.find_people_counts reads no more
MAX_WORDS_CHARS = 200  # a town, a date or a duration as written ("du 3 au 5 mai"), a site or theme id


def _text(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value.strip()) <= MAX_WORDS_CHARS:
        return value.strip()
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _within(limit: float) -> Callable[[Any], float | None]:
    def coordinate(value: Any) -> float | None:
        number = _number(value)
        return number if number is not None and -limit <= number <= limit else None

    return coordinate


def _people(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number == int(number) and 1 <= number <= MAX_PEOPLE else None


def _one_of(allowed: tuple[str, ...]) -> Callable[[Any], str | None]:
    return lambda value: value if isinstance(value, str) and value in allowed else None


ENTITY_CHECKS: dict[str, Callable[[Any], Any]] = {
    "site": _text,
    "town": _text,
    "theme": _text,
    "duration": _text,
    "date": _text,
    "transport_mode": _one_of(TRANSPORT_MODES),
    "party": _one_of(PARTY_KINDS),
    "accessibility": _one_of(("wheelchair",)),
    "language": _text,
    "number": _people,
    "latitude": _within(90),
    "longitude": _within(180),
    "change": _text,
}


def checked_value(entity: Any, value: Any) -> Any:
    """``value`` as the dialogue may use it, or None: unknown entity, wrong type, out of range."""
    check = ENTITY_CHECKS.get(entity) if isinstance(entity, str) else None
    return check(value) if check else None
