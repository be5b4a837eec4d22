"""One turn of the circuit form: read what the message gives, then say which question comes next."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.conversation.planning import missing_slots
from bot.conversation.questions import ANSWERING_ENTITY
from bot.conversation.trip_details import TRIP_INTENTS, Details, read_details
from bot.conversation.turn import Turn
from bot.geocoding import Geocoder
from bot.knowledge import KnowledgeBase


def form_step(
    turn: Turn,
    slots: Mapping[str, Any],
    kb: KnowledgeBase,
    today: date,
    geocoder: Geocoder,
    already_read: bool = False,
) -> Details:
    """Slot updates (``requested_slot`` included: None ends the form) and re-asks.

    A message about something else (a question on a site, help) gives no update: the form then
    lets the other rules answer it and asks its question again afterwards (unless it carries the
    entity that answers the question). ``already_read``: a
    refinement action has read this message already (reading "un jour de plus" twice would set the
    duration to one day).
    """
    details = Details()
    asked = slots.get("requested_slot")
    answers_question = bool(turn.entities.get(ANSWERING_ENTITY.get(asked, "")))
    if not already_read and (turn.intent in TRIP_INTENTS or answers_question):
        details = read_details(turn, kb, today, geocoder, asked=asked, known=slots)
    if details.replies and slots.get("requested_slot"):
        # A re-ask is an answer to this turn: setting the slot (still empty) keeps the form from
        # rejecting the message and letting another policy answer it a second time.
        details.updates.setdefault(slots["requested_slot"], None)
    missing = missing_slots({**slots, **details.updates})
    details.updates["requested_slot"] = missing[0] if missing else None
    return details
