"""channels.telegram: updates read, secret token, inline keyboards, long replies."""

from __future__ import annotations

from channels.common import WORDLESS
from channels.telegram import (
    CallbackData,
    authentic,
    inline_keyboard,
    message_calls,
    parse_update,
    typed_text,
)

USER = {"id": 42, "is_bot": False, "first_name": "Camille", "language_code": "en-GB"}
CHAT = {"id": 42, "type": "private"}
LONG_PAYLOAD = '/inform{"town": "Boulogne-sur-Mer", "latitude": 50.7264, "longitude": 1.6147}'


def update(**message):
    return {"update_id": 7, "message": {"message_id": 1, "date": 0, "chat": CHAT, "from": USER, **message}}


def test_the_secret_token_must_match():
    assert authentic("s3cret", "s3cret")
    assert not authentic("s3cret", "other") and not authentic("s3cret", None) and not authentic("", "")


def test_a_text_message_with_the_apps_language():
    incoming = parse_update(update(text="Hello"), CallbackData())
    assert (incoming.sender, incoming.text, incoming.delivery, incoming.language) == (
        "42",
        "Hello",
        "telegram:7",
        "en",
    )
    assert incoming.metadata == {"platform_language": "en"}


def test_commands_are_not_intent_payloads():
    assert typed_text("/start") == "/greet" and typed_text("/start@MemHistoBot") == "/greet"
    assert typed_text("/start museum-poster") == "/greet"
    assert typed_text('/share_location{"latitude": 1}') == 'share_location{"latitude": 1}'
    assert typed_text("  Bonjour ") == "Bonjour"


def test_a_location_and_only_the_first_position_of_a_live_location():
    first = parse_update(
        update(location={"latitude": 50.29, "longitude": 2.78, "live_period": 900}), CallbackData()
    )
    assert first.text == '/share_location{"latitude": 50.29, "longitude": 2.78}'
    live = {
        "update_id": 8,
        "edited_message": {"message_id": 1, "chat": CHAT, "location": {"latitude": 50.3, "longitude": 2.8}},
    }
    assert parse_update(live, CallbackData()) is None


def test_what_is_not_a_user_message_is_ignored():
    callbacks = CallbackData()
    assert parse_update({"update_id": 9, "channel_post": {"chat": CHAT, "text": "x"}}, callbacks) is None
    group = {"id": -100, "type": "group"}
    assert parse_update(update(chat=group, new_chat_members=[USER]), callbacks) is None
    assert parse_update({"message": {"text": "no update id"}}, callbacks) is None
    assert parse_update(None, callbacks) is None


def test_a_photo_speaks_by_its_caption_and_a_sticker_is_a_message_without_words():
    callbacks = CallbackData()
    assert (
        parse_update(update(photo=[{"file_id": "x"}], caption="C'est ouvert ?"), callbacks).text
        == "C'est ouvert ?"
    )
    assert parse_update(update(sticker={"file_id": "x"}), callbacks).text == WORDLESS


def test_a_long_button_payload_travels_as_a_key_and_comes_back():
    callbacks = CallbackData()
    keyboard = inline_keyboard(
        [{"title": "Boulogne-sur-Mer", "payload": LONG_PAYLOAD}, {"title": "Oui", "payload": "/affirm"}],
        callbacks,
    )
    rows = keyboard["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Boulogne-sur-Mer", "Oui"]
    assert all(1 <= len(row[0]["callback_data"].encode()) <= 64 for row in rows)
    assert rows[1][0]["callback_data"] == "/affirm"
    pressed = {
        "update_id": 10,
        "callback_query": {
            "id": "q1",
            "from": USER,
            "message": {"chat": CHAT},
            "data": rows[0][0]["callback_data"],
        },
    }
    incoming = parse_update(pressed, callbacks)
    assert (incoming.text, incoming.extras, incoming.sender) == (
        LONG_PAYLOAD,
        {"callback_query_id": "q1"},
        "42",
    )
    forgotten = parse_update(pressed, CallbackData())  # after a restart
    assert forgotten.text == "" and forgotten.extras == {"callback_query_id": "q1"}


def test_a_long_reply_is_several_messages_with_the_keyboard_on_the_last():
    text = "\n".join(
        f"{index:02d}:00 visite — https://www.openstreetmap.org/directions?route={index}"
        for index in range(100)
    )
    calls = message_calls("42", text, [{"title": "Oui", "payload": "/affirm"}], CallbackData())
    assert len(calls) == 2 and all(len(call["text"]) <= 4096 for call in calls)
    assert "reply_markup" in calls[-1] and "reply_markup" not in calls[0]
    assert "\n".join(call["text"] for call in calls) == text
    assert message_calls("42", "", [], CallbackData()) == []
