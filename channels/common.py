"""What every platform shares: the incoming message, the location message, long-text splitting and
the memory of deliveries already answered."""

from __future__ import annotations

import json
import math
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.texts import LANGUAGES

# The languages the assistant answers in; a platform's other languages say nothing.
# What a message without words (a photo, a sticker, a voice note) is handed to the dialogue as: a
# message the model does not understand, so that the user gets the dialogue's friendly "I did not
# understand" in their language rather than silence.
WORDLESS = "📎"


@dataclass
class Incoming:
    """One user message read from a platform's webhook body.

    ``delivery`` is the platform's id of the delivery (Telegram ``update_id``, Twilio ``MessageSid``,
    Messenger ``mid``): a second delivery with the same id is a platform retry, answered once.
    """

    sender: str
    text: str
    delivery: str
    language: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)  # platform-specific (callback query id…)

    @property
    def metadata(self) -> dict[str, Any]:
        """What the dialogue reads from the message's metadata (``bot.conversation.turn``)."""
        return {"platform_language": self.language} if self.language else {}


def platform_language(code: str | None) -> str | None:
    """``"fr"`` for ``fr``, ``fr-BE``, ``fr_FR``; None for the languages the assistant does not speak."""
    prefix = re.split(r"[-_]", code or "")[0].lower()
    return prefix if prefix in LANGUAGES else None


def share_location(latitude: Any, longitude: Any) -> str | None:
    """The project's location message, as the website sends it; None for impossible coordinates."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return "/share_location" + json.dumps({"latitude": lat, "longitude": lon})


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """``text`` in parts of at most ``limit`` (as ``measure`` counts), cut at line ends.

    A part ends at its last blank line when that keeps at least half a part (a paragraph stays
    whole), else at its last line end; a single line longer than the limit is cut between words, so
    a link (no spaces) is never cut unless it is itself longer than the limit.
    """
    parts: list[str] = []
    current: list[str] = []
    for line in _fitting_lines(text.strip(), limit, measure):
        if current and measure("\n".join([*current, line])) > limit:
            head, current = _paragraph_cut(current, line, limit, measure)
            parts.append("\n".join(head).strip())
        else:
            current.append(line)
    parts.append("\n".join(current).strip())
    return [part for part in parts if part]


def _paragraph_cut(
    lines: list[str], following: str, limit: int, measure: Callable[[str], int]
) -> tuple[list[str], list[str]]:
    """``lines`` (full) cut into the finished part and the start of the next, which ends with
    ``following``."""
    blanks = [index for index, line in enumerate(lines) if not line.strip() and index > 0]
    if blanks:
        blank = blanks[-1]
        head, tail = lines[:blank], [*lines[blank + 1 :], following]
        if measure("\n".join(head)) >= limit // 2 and measure("\n".join(tail)) <= limit:
            return head, tail
    return lines, [following]


def _fitting_lines(text: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    lines = []
    for line in text.split("\n"):
        while measure(line) > limit:
            cut = _word_cut(line, limit, measure)
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        lines.append(line)
    return lines


def _word_cut(line: str, limit: int, measure: Callable[[str], int]) -> int:
    """Where to cut a too-long line: the last space that keeps the head within ``limit``, else
    the longest head that fits (a single word longer than the limit)."""
    fitting = 0
    for index in range(1, len(line) + 1):
        if measure(line[:index]) > limit:
            break
        fitting = index
    space = line.rfind(" ", 0, fitting + 1)
    return space if space > 0 else max(fitting, 1)


class Seen:
    """The last ``capacity`` delivery ids: a platform retry or duplicate is recognised and dropped.

    Kept in memory: a restart forgets them, which only matters for a retry sent across the restart.
    """

    def __init__(self, capacity: int = 10_000):
        self.capacity = capacity
        self._keys: OrderedDict[str, None] = OrderedDict()

    def first_time(self, key: str) -> bool:
        if key in self._keys:
            self._keys.move_to_end(key)
            return False
        self._keys[key] = None
        if len(self._keys) > self.capacity:
            self._keys.popitem(last=False)
        return True


@dataclass(frozen=True)
class CircuitStart:
    latitude: float
    longitude: float
    name: str


def circuit_start(custom: dict[str, Any] | None) -> CircuitStart | None:
    """The start of the circuit a reply carries (``bot.conversation.planning``'s ``{"data": plan}``)."""
    plan = (custom or {}).get("data")
    start = plan.get("start") if isinstance(plan, dict) else None
    if not isinstance(start, dict) or not plan.get("days"):
        return None
    try:
        return CircuitStart(float(start["lat"]), float(start["lon"]), str(start.get("name") or ""))
    except (KeyError, TypeError, ValueError):
        return None


def circuit_link(custom: dict[str, Any] | None) -> str | None:
    """The website link of the circuit a reply carries (its query also names the calendar file)."""
    plan = (custom or {}).get("data")
    links = plan.get("links") if isinstance(plan, dict) else None
    link = links.get("website") if isinstance(links, dict) else None
    return link if isinstance(link, str) and "?" in link else None
