"""bot.nlu.channel_location: the location messages that Rasa's Telegram and Twilio channels write."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.channel_location import NativeLocation, native_location


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ('{"lng":1.86, "lat":50.95}', (50.95, 1.86)),  # Telegram
        ("/locationData{'Latitude': 50.95,'Longitude': 1.86}", (50.95, 1.86)),  # WhatsApp via Twilio
        ("/locationData{'Latitude': -33.8,'Longitude': 151.2}", (-33.8, 151.2)),
        ('{"lng":1.86, "lat":150}', None),  # no such latitude
        ("je suis au 50.95, 1.86", None),
        ('/share_location{"latitude": 50.95, "longitude": 1.86}', None),  # Rasa reads this one itself
    ],
)
def test_channel_location_messages(text, point):
    assert native_location(text) == point


def test_a_telegram_location_becomes_share_location_with_its_coordinates():
    message = Message(
        data={"text": '{"lng":2.7775, "lat":50.291}', "intent": {"name": "inform", "confidence": 0.4}}
    )
    NativeLocation().process([message])
    assert message.get("intent") == {"name": "share_location", "confidence": 1.0}
    assert {entity["entity"]: entity["value"] for entity in message.get("entities")} == {
        "latitude": 50.291,
        "longitude": 2.7775,
    }


def test_other_messages_are_left_alone():
    message = Message(data={"text": "Bonjour", "intent": {"name": "greet", "confidence": 0.9}})
    NativeLocation().process([message])
    assert message.get("intent")["name"] == "greet" and not message.get("entities")
