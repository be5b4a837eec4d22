"""The calendar file of a circuit a reply carries, made as the website's ``/api/circuit.ics`` makes
it: from the circuit's link (its query names the start, dates, mode and stops)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot import trip
from bot.texts import normalise_language
from channels.common import circuit_link
from channels.http import Upload

logger = logging.getLogger(__name__)


def circuit_calendar(custom: dict[str, Any] | None) -> Upload | None:
    link = circuit_link(custom)
    if link is None:
        return None
    plan = (custom or {}).get("data") or {}
    lang = normalise_language(plan.get("lang"))
    try:
        scheduled = trip.schedule_circuit(trip.parse_circuit_link(link.split("?", 1)[1]), lang=lang)
    except (KeyError, ValueError):
        logger.warning("no calendar for the circuit link %s", link[:300])
        return None
    return Upload("circuit.ics", trip.to_ics(scheduled).encode(), "text/calendar")


async def circuit_calendar_async(custom: dict[str, Any] | None) -> Upload | None:
    """The same, off the event loop (scheduling opens the knowledge base and computes travel times)."""
    return await asyncio.to_thread(circuit_calendar, custom)
