"""channels.messenger: signatures, batched events, locations, quick replies."""

from __future__ import annotations

import json

from channels.common import WORDLESS
from channels.messenger import (
    authentic,
    message_calls,
    parse_events,
    profile_language,
    quick_replies,
    signature,
    subscription_challenge,
)


def body(*events):
    return {"object": "page", "entry": [{"id": "1", "time": 0, "messaging": list(events)}]}


def event(user="7", **message):
    return {"sender": {"id": user}, "recipient": {"id": "1"}, "timestamp": 5, "message": message}


def test_the_sha256_signature_of_the_raw_body():
    raw = json.dumps(body(event(mid="m1", text="Bonjour"))).encode()
    header = signature("app-secret", raw)
    assert header.startswith("sha256=") and authentic("app-secret", raw, header)
    assert not authentic("app-secret", raw + b" ", header)
    assert not authentic("other", raw, header) and not authentic("app-secret", raw, None)


def test_the_webhook_check_echoes_the_challenge_only_with_the_verify_token():
    query = {"hub.mode": "subscribe", "hub.verify_token": "v", "hub.challenge": "1158201444"}
    assert subscription_challenge("v", query) == "1158201444"
    assert subscription_challenge("v", {**query, "hub.verify_token": "w"}) is None
    assert subscription_challenge("", {**query, "hub.verify_token": ""}) is None


def test_every_event_of_a_batch_is_read():
    read = parse_events(
        body(
            event("7", mid="m1", text="Bonjour"),
            event("8", mid="m2", quick_reply={"payload": "/affirm"}, text="Oui"),
            event(
                "9",
                mid="m3",
                attachments=[{"type": "location", "payload": {"coordinates": {"lat": 50.29, "long": 2.78}}}],
            ),
            {
                "sender": {"id": "7"},
                "recipient": {"id": "1"},
                "timestamp": 6,
                "postback": {"title": "Go", "payload": "/greet", "mid": "m4"},
            },
            event("1", mid="m5", text="echo", is_echo=True),
            {"sender": {"id": "7"}, "recipient": {"id": "1"}, "delivery": {"mids": ["m1"]}},
            event("7", mid="m6", attachments=[{"type": "image", "payload": {"url": "https://x/y.jpg"}}]),
        )
    )
    assert [(each.sender, each.text, each.delivery) for each in read] == [
        ("7", "Bonjour", "messenger:m1"),
        ("8", "/affirm", "messenger:m2"),
        ("9", '/share_location{"latitude": 50.29, "longitude": 2.78}', "messenger:m3"),
        ("7", "/greet", "messenger:m4"),
        ("7", WORDLESS, "messenger:m6"),  # a picture: "I did not understand" rather than silence
    ]
    assert parse_events({"object": "instagram"}) == [] and parse_events(None) == []


def test_quick_replies_fit_messengers_limits():
    buttons = [{"title": f"Boulogne-sur-Mer (Pas-de-Calais) {n}", "payload": f"/x{n}"} for n in range(15)]
    replies = quick_replies(buttons)
    assert len(replies) == 13 and all(len(reply["title"]) <= 20 for reply in replies)
    assert replies[0] == {"content_type": "text", "title": "Boulogne-sur-Mer (P…", "payload": "/x0"}


def test_options_beyond_thirteen_end_the_text():
    buttons = [{"title": f"Thème {n}", "payload": f'/inform{{"theme": {n}}}'} for n in range(15)]
    [call] = message_calls("7", "Quels thèmes ?", buttons)
    assert call["message"]["text"] == "Quels thèmes ?\n\nThème 13 · Thème 14"
    assert len(call["message"]["quick_replies"]) == 13


def test_a_long_reply_is_split_with_quick_replies_on_the_last_part():
    text = "\n".join(f"Étape {n} : https://www.google.com/maps/dir/?api=1&destination={n}" for n in range(60))
    calls = message_calls("7", text, [{"title": "Oui", "payload": "/affirm"}])
    assert len(calls) == 2 and all(len(call["message"]["text"]) <= 2000 for call in calls)
    assert calls[-1]["message"]["quick_replies"][0]["payload"] == "/affirm"
    assert calls[0]["recipient"] == {"id": "7"} and calls[0]["messaging_type"] == "RESPONSE"


def test_the_profile_locale_gives_the_language():
    assert profile_language({"locale": "en_US"}) == "en" and profile_language({"locale": "de_DE"}) is None
    assert profile_language("error") is None
