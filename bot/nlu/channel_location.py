"""Locations shared natively on messaging channels, understood as ``share_location``.

Rasa's channels turn a shared location into text of their own making, which DIET cannot read:
- Telegram (rasa/core/channels/telegram.py): ``{"lng":1.86, "lat":50.95}``
- WhatsApp through Twilio (rasa/core/channels/twilio.py): ``/locationData{'Latitude': 50.95,'Longitude': 1.86}``
  (an intent that is not in the domain, so Rasa's own "/intent{...}" reading leaves it to the NLU).
The website and the REST channel send ``/share_location{"latitude": …, "longitude": …}``, which Rasa
reads itself. ``NativeLocation`` gives the channels' forms the same intent and entities.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.overrides import IntentOverride, set_intent

_NUMBER = r"(-?\d{1,3}(?:\.\d+)?)"
_TELEGRAM = re.compile(rf'\{{\s*"lng"\s*:\s*{_NUMBER}\s*,\s*"lat"\s*:\s*{_NUMBER}\s*\}}')
_TWILIO = re.compile(
    rf"/locationData\{{\s*'Latitude'\s*:\s*{_NUMBER}\s*,\s*'Longitude'\s*:\s*{_NUMBER}\s*\}}"
)


def native_location(text: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a channel's location message, else None (also for impossible values)."""
    text = text.strip()
    if match := _TELEGRAM.fullmatch(text):
        lat, lon = float(match.group(2)), float(match.group(1))
    elif match := _TWILIO.fullmatch(text):
        lat, lon = float(match.group(1)), float(match.group(2))
    else:
        return None
    return (lat, lon) if abs(lat) <= 90 and abs(lon) <= 180 else None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class NativeLocation(IntentOverride):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            point = native_location(message.get(TEXT) or "")
            if point is None:
                continue
            set_intent(message, "share_location")
            entities = [
                {
                    "entity": name,
                    "value": value,
                    "start": 0,
                    "end": len(message.get(TEXT)),
                    "extractor": "NativeLocation",
                }
                for name, value in zip(("latitude", "longitude"), point, strict=True)
            ]
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
