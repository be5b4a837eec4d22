"""What an action sends back: text, quick-reply buttons and an optional custom payload.

Actions turn each ``Reply`` into one ``dispatcher.utter_message`` call; nothing here knows Rasa.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    text: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None


def button(title: str, intent: str, **entities: Any) -> dict[str, str]:
    """A quick reply that sends ``/intent{"entity": value}``, understood without the NLU model."""
    payload = f"/{intent}" + (json.dumps(entities, ensure_ascii=False) if entities else "")
    return {"title": title, "payload": payload}


def parse_payload(payload: str) -> tuple[str, dict[str, Any]]:
    """The intent and entities of a ``button`` payload (``/intent{"entity": value}``)."""
    intent, _, entities = payload.removeprefix("/").partition("{")
    try:
        values = json.loads("{" + entities) if entities else {}
    except ValueError:
        values = {}
    return intent, values if isinstance(values, dict) else {}


def single_offer(replies: list[Reply]) -> str | None:
    """The payload of the one button that ends ``replies``, if there is exactly one: the offer a
    plain "yes" accepts next turn ("Un circuit depuis ici ?" — "oui")."""
    buttons = replies[-1].buttons if replies else []
    return buttons[0]["payload"] if len(buttons) == 1 else None


# What a turn asks of the dialogue beside replies and slots: plain codes, which the action server
# turns into Rasa events.
START_FORM = "start_form"  # hand over to the circuit form (it asks what is missing, or plans)
END_FORM = "end_form"  # leave the circuit form
RESET_SLOTS = "reset_slots"  # forget every slot
FORGET_MESSAGE = (
    "forget_message"  # forget the message not understood, so that the policies are back where they were
)


@dataclass
class Answer:
    """The dialogue's answer to one turn: what to say, the slots to set, the codes above."""

    replies: list[Reply] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    noted: bool = False  # the replies already hold the notes of the message (conversation.frame)
