"""What every custom action shares: the turn's language, replies from ``bot.texts``, no exception
ever reaching the visitor."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.replies import Reply, single_offer
from bot.conversation.turn import Turn, read_turn
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


class DialogueAction(Action):
    """Reads the latest message into a ``Turn`` (with its language), calls ``answer`` and sends the
    replies. Any error becomes a friendly message in the visitor's language, never a traceback."""

    action_name = ""
    resets_fallbacks = True  # an understood turn ends a run of misunderstandings
    sets_language = True
    sets_offer = True  # remember the reply's single button, so that a "yes" next turn presses it

    def name(self) -> str:
        return self.action_name

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        turn = Turn("", None, lang=normalise_language(tracker.get_slot("language")))
        try:
            turn = read_turn(tracker.latest_message, tracker.get_slot("language"))
            answer = self.answer(turn, tracker)
        except Exception:
            logger.exception("action %s failed on %r", self.name(), turn.text[:200])
            answer = Answer([Reply(t(turn.lang, "dialogue.chat.error"))])
        for reply in answer.replies:
            utter(dispatcher, reply)
        slots = {"language": turn.lang, **answer.slots} if self.sets_language else answer.slots
        offer = single_offer(answer.replies)
        if self.sets_offer and offer != tracker.get_slot("offer"):
            slots.setdefault("offer", offer)
        if self.resets_fallbacks and tracker.get_slot("fallback_count"):
            slots.setdefault("fallback_count", 0)
        return answer.events + [SlotSet(name, value) for name, value in slots.items()]
