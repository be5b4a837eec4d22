"""What every custom action shares: the turn's language, replies from ``bot.texts``, no exception
ever reaching the visitor."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.outside import outside_notes
from bot.conversation.personal import personal_reply
from bot.conversation.replies import Reply, single_offer
from bot.conversation.trip_details import (
    TRIP_INTENTS,
    asks_for_circuit,
    cued_start,
    read_details,
    remembered_details,
)
from bot.conversation.turn import Turn, read_turn
from bot.geocoding import default_geocoder
from bot.knowledge import open_kb
from bot.texts import normalise_language, t

logger = logging.getLogger(__name__)


@dataclass
class Answer:
    replies: list[Reply] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    events: list[EventType] = field(default_factory=list)  # other Rasa events (form end, reset)


def utter(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    if reply.custom is not None:
        dispatcher.utter_message(text=reply.text or None, buttons=reply.buttons, json_message=reply.custom)
    else:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)


def context_notes(turn: Turn) -> list[Reply]:
    """What a message says beside its question: a place outside the region, a relative remembered."""
    kb, geocoder = open_kb(), default_geocoder()
    personal = personal_reply(turn, kb, geocoder)
    start = cued_start(turn.text, geocoder)  # "start in Reims" is no visit there
    return outside_notes(turn.text, kb, turn.lang, start) + ([personal] if personal else [])


def _remembered(turn: Turn, tracker: Tracker) -> dict[str, Any]:
    try:
        return remembered_details(turn, open_kb(), date.today(), default_geocoder(), tracker.slots)
    except Exception:  # what is remembered is a bonus: never at the cost of the answer
        logger.exception("trip details of %r not remembered", turn.text[:200])
        return {}


def said_this_turn(tracker: Tracker) -> bool:
    """Whether the bot already replied to the latest message (another action of the same turn)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


def named_site(turn: Turn) -> str | None:
    """The one known site a message names, if it names exactly one."""
    sites = set(turn.entities.get("site") or [])
    if len(sites) != 1:
        return None
    site_id = str(next(iter(sites)))
    return site_id if site_id in {site.id for site in open_kb().sites()} else None


def previous_action(tracker: Tracker) -> str | None:
    """The bot's last action before the latest message ("et à Compiègne ?" after the nearby sites)."""
    seen_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_message = True
        elif seen_message and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


def best_guess(tracker: Tracker) -> str | None:
    """The intent the model rated highest for the latest message, under the NLU fallback."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return next((each.get("name") for each in ranking if each.get("name") != "nlu_fallback"), None)


def start_circuit_form(turn: Turn) -> Answer:
    """Hands over to the circuit form (which asks what is missing, or plans), after taking the trip
    details of ``turn`` if the form would not read them itself: it reads the latest message when its
    intent is a trip intent, and a turn made from an earlier offer's button has no text of its own."""
    if turn.intent in TRIP_INTENTS and turn.text:
        return Answer(events=[FollowupAction("circuit_form")])
    details = read_details(turn, open_kb(), date.today(), default_geocoder())
    return Answer(details.replies, details.updates, [FollowupAction("circuit_form")])


class DialogueAction(Action):
    """Reads the latest message into a ``Turn`` (with its language), calls ``answer`` and sends the
    replies. Any error becomes a friendly message in the visitor's language, never a traceback."""

    action_name = ""
    resets_fallbacks = True  # an understood turn ends a run of misunderstandings
    sets_language = True
    sets_offer = True  # remember the reply's single button, so that a "yes" next turn presses it
    # A message describing a whole trip (``asks_for_circuit``) goes to the circuit form instead.
    takes_trip_requests = False
    # A place outside the region ("the Menin Gate") is said to be so before the answer, and a relative
    # the visitor speaks of gets where he is remembered.
    adds_notes = True
    # Trip details said beside a question ("we're 40 pupils on a 3-day battlefields trip: ...") are kept
    # for the circuit asked later; the circuit form's own actions read them themselves.
    remembers_trip_details = False

    def name(self) -> str:
        return self.action_name

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        turn = Turn("", None, lang=normalise_language(tracker.get_slot("language")))
        try:
            turn = read_turn(tracker.latest_message, tracker.get_slot("language"))
            after_circuit = bool(tracker.get_slot("last_circuit"))
            if self.takes_trip_requests and asks_for_circuit(turn, after_circuit):
                answer = start_circuit_form(turn)
            else:
                answer = self.answer(turn, tracker)
            if self.adds_notes and turn.text and not said_this_turn(tracker):
                answer.replies[:0] = context_notes(turn)
        except Exception:
            logger.exception("action %s failed on %r", self.name(), turn.text[:200])
            answer = Answer([Reply(t(turn.lang, "dialogue.chat.error"))])
        for reply in answer.replies:
            utter(dispatcher, reply)
        slots = {"language": turn.lang, **answer.slots} if self.sets_language else answer.slots
        if self.remembers_trip_details and not any(
            isinstance(event, dict) and event.get("name") == "circuit_form" for event in answer.events
        ):
            slots = {**_remembered(turn, tracker), **slots}
        named = named_site(turn)
        if named and self.sets_language:  # "c'est payant ?" next is about the site the visitor named
            slots.setdefault("last_site", named)
        offer = single_offer(answer.replies)
        if self.sets_offer and offer != tracker.get_slot("offer"):
            slots.setdefault("offer", offer)
        if self.resets_fallbacks and tracker.get_slot("fallback_count"):
            slots.setdefault("fallback_count", 0)
        return answer.events + [SlotSet(name, value) for name, value in slots.items()]
