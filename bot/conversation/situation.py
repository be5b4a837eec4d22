"""Where the conversation stands when a message comes: the slots, what the bot did last, the day.

The action server reads it from Rasa's tracker (plain values only, actions/base.py); tests build it
directly, with their own knowledge base and geocoder if they like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.geocoding import Geocoder, default_geocoder
from bot.knowledge import KnowledgeBase, open_kb


@dataclass
class Situation:
    slots: Mapping[str, Any] = field(default_factory=dict)
    previous_action: str | None = None  # the bot's last action before the latest message
    in_form: bool = False  # a form is running (Rasa's active loop)
    best_guess: str | None = None  # the intent the model rated highest, under the NLU fallback
    replied: bool = False  # the bot already replied to the latest message (another action of the turn)
    refined: bool = False  # the refinement action has read the latest message already
    form_replied: bool = False  # the form's validation, in this run of the form, already said something
    details_taken: bool = False  # the latest message gave the form something (a trip slot set)
    today: date = field(default_factory=date.today)
    now: datetime = field(default_factory=datetime.now)
    knowledge: KnowledgeBase | None = None  # None: the served base, opened when needed
    places: Geocoder | None = None  # None: the default geocoder

    @property
    def kb(self) -> KnowledgeBase:
        return self.knowledge if self.knowledge is not None else open_kb()

    @property
    def geocoder(self) -> Geocoder:
        return self.places if self.places is not None else default_geocoder()

    def slot(self, name: str) -> Any:
        return self.slots.get(name)
