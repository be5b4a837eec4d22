"""The one adapter between Rasa and the dialogue's logic (``bot.conversation``): it reads the
tracker into plain values, calls the action's answer, and hands its replies, slots and events back
to Rasa."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActiveLoop,
    AllSlotsReset,
    EventType,
    FollowupAction,
    SlotSet,
    UserUtteranceReverted,
)
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.circuit import REFINE_ACTION
from bot.conversation.dialogue import respond
from bot.conversation.form import VALIDATE_ACTION
from bot.conversation.replies import END_FORM, FORGET_MESSAGE, RESET_SLOTS, START_FORM, Reply
from bot.conversation.situation import Situation
from bot.conversation.trip_details import TRIP_SLOTS

RASA_EVENTS: dict[str, Callable[[], EventType]] = {
    START_FORM: lambda: FollowupAction("circuit_form"),
    END_FORM: lambda: ActiveLoop(None),
    RESET_SLOTS: AllSlotsReset,
    FORGET_MESSAGE: UserUtteranceReverted,
}


def utter(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    if reply.custom is not None:
        dispatcher.utter_message(text=reply.text or None, buttons=reply.buttons, json_message=reply.custom)
    else:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)


def since_last_message(tracker: Tracker) -> list[dict[str, Any]]:
    """The events after the latest message, the newest first."""
    events = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        events.append(event)
    return events


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


def form_replied(tracker: Tracker) -> bool:
    """Whether the form's validation, in this run of the form, already said something (a re-ask)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return True
        if event.get("event") in ("user", "action") and event.get("name") != VALIDATE_ACTION:
            return False
    return False


def situation(tracker: Tracker) -> Situation:
    """Where the conversation stands, read from the tracker."""
    recent = since_last_message(tracker)
    return Situation(
        slots=tracker.slots,
        previous_action=previous_action(tracker),
        in_form=bool(tracker.active_loop),
        best_guess=best_guess(tracker),
        replied=any(event.get("event") == "bot" for event in recent),
        refined=any(
            event.get("event") == "action" and event.get("name") == REFINE_ACTION for event in recent
        ),
        form_replied=form_replied(tracker),
        details_taken=any(
            event.get("event") == "slot"
            and event.get("name") in TRIP_SLOTS
            and event.get("value") is not None
            for event in recent
        ),
    )


class DialogueAction(Action):
    """A custom action: its answer is ``bot.conversation.dialogue``'s for its name."""

    action_name = ""

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        answer = respond(self.name(), tracker.latest_message, situation(tracker))
        for reply in answer.replies:
            utter(dispatcher, reply)
        events = [RASA_EVENTS[code]() for code in answer.events]
        return events + [SlotSet(name, value) for name, value in answer.slots.items()]
