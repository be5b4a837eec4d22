"""What every turn shares, whichever answer it gets: the turn read with its language, a message
describing a whole trip handed to the circuit form, the notes of what a message says beside its
question, the slots every answer sets, and no exception ever reaching the visitor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.conversation.outside import outside_notes
from bot.conversation.personal import personal_reply
from bot.conversation.replies import START_FORM, Answer, Reply, single_offer
from bot.conversation.situation import Situation
from bot.conversation.trip_details import (
    TRIP_INTENTS,
    asks_for_circuit,
    cued_start,
    read_details,
    remembered_details,
)
from bot.conversation.turn import Turn, read_turn
from bot.expressions import negated_phrases
from bot.texts import normalise_language, t

logger = logging.getLogger(__name__)

Respond = Callable[[Turn, Situation], Answer]


@dataclass(frozen=True)
class Manners:
    """How one kind of answer is framed."""

    resets_fallbacks: bool = True  # an understood turn ends a run of misunderstandings
    sets_language: bool = True
    sets_offer: bool = True  # remember the reply's single button, so that a "yes" next turn presses it
    # A message describing a whole trip (``asks_for_circuit``) goes to the circuit form instead.
    takes_trip_requests: bool = False
    # A place outside the region ("the Menin Gate") is said to be so before the answer, and a relative
    # the visitor speaks of gets where he is remembered.
    adds_notes: bool = True
    # Trip details said beside a question ("we're 40 pupils on a 3-day battlefields trip: ...") are kept
    # for the circuit asked later; the circuit form's own actions read them themselves.
    remembers_trip_details: bool = False


def converse(
    message: dict | None, situation: Situation, respond: Respond, manners: Manners, name: str = ""
) -> Answer:
    """The answer to the latest ``message`` (Rasa's parsed message, a plain dict) by ``respond``,
    framed by ``manners``; any error becomes a friendly message in the visitor's language."""
    language = situation.slot("language")
    turn = Turn("", None, lang=normalise_language(language))
    try:
        turn = read_turn(message, language)
        answer = _answer(turn, situation, respond, manners)
    except Exception:
        logger.exception("action %s failed on %r", name, turn.text[:200])
        answer = Answer([Reply(t(turn.lang, "dialogue.chat.error"))])
    answer.slots = _slots(answer, turn, situation, manners)
    return answer


def _answer(turn: Turn, situation: Situation, respond: Respond, manners: Manners) -> Answer:
    after_circuit = bool(situation.slot("last_circuit"))
    if manners.takes_trip_requests and asks_for_circuit(turn, after_circuit):
        answer = start_circuit_form(turn, situation)
    else:
        answer = respond(turn, situation)
    if manners.adds_notes and not answer.noted and turn.text and not situation.replied:
        answer.replies[:0] = context_notes(turn, situation)
    return answer


def _slots(answer: Answer, turn: Turn, situation: Situation, manners: Manners) -> dict[str, Any]:
    slots = {"language": turn.lang, **answer.slots} if manners.sets_language else answer.slots
    if manners.remembers_trip_details and START_FORM not in answer.events:
        slots = {**_remembered(turn, situation), **slots}
    named = named_site(turn, situation)
    if named and manners.sets_language:  # "c'est payant ?" next is about the site the visitor named
        slots.setdefault("last_site", named)
    offer = single_offer(answer.replies)
    if manners.sets_offer and offer != situation.slot("offer"):
        slots.setdefault("offer", offer)
    if manners.resets_fallbacks and situation.slot("fallback_count"):
        slots.setdefault("fallback_count", 0)
    return slots


def context_notes(turn: Turn, situation: Situation) -> list[Reply]:
    """What a message says beside its question: a place outside the region, a relative remembered."""
    kb, geocoder = situation.kb, situation.geocoder
    personal = personal_reply(turn, kb, geocoder)
    start = cued_start(turn.text, geocoder)  # "start in Reims" is no visit there
    known = {theme.id for theme in kb.themes()}
    themes = [str(theme) for theme in turn.entities.get("theme", []) if str(theme) in known]
    given_up = negated_phrases(turn.text)
    notes = outside_notes(turn.text, kb, turn.lang, start, themes, given_up)
    return notes + ([personal] if personal else [])


def _remembered(turn: Turn, situation: Situation) -> dict[str, Any]:
    try:
        return remembered_details(turn, situation.kb, situation.today, situation.geocoder, situation.slots)
    except Exception:  # what is remembered is a bonus: never at the cost of the answer
        logger.exception("trip details of %r not remembered", turn.text[:200])
        return {}


def named_site(turn: Turn, situation: Situation) -> str | None:
    """The one known site a message names, if it names exactly one."""
    sites = set(turn.entities.get("site") or [])
    if len(sites) != 1:
        return None
    site_id = str(next(iter(sites)))
    return site_id if site_id in {site.id for site in situation.kb.sites()} else None


def start_circuit_form(turn: Turn, situation: Situation) -> Answer:
    """Hands over to the circuit form (which asks what is missing, or plans), after taking the trip
    details of ``turn`` if the form would not read them itself: it reads the latest message when its
    intent is a trip intent, and a turn made from an earlier offer's button has no text of its own."""
    if turn.intent in TRIP_INTENTS and turn.text:
        return Answer(events=[START_FORM])
    details = read_details(turn, situation.kb, situation.today, situation.geocoder)
    return Answer(details.replies, details.updates, [START_FORM])
