"""What the channels let through to the NLU (bot.inbound), and the entity values the dialogue accepts
(bot.conversation.entity_checks), without Rasa."""

from __future__ import annotations

import json

import pytest

from bot.config import allowed_origins, website_origins
from bot.conversation.entity_checks import checked_value
from bot.conversation.turn import MAX_TEXT, read_turn
from bot.devtools.fuzz import generate, slot_problems
from bot.inbound import (
    MAX_BODY_BYTES,
    BadRequest,
    channel_text,
    clean_text,
    finite_payload,
    read_rest_body,
    socket_message,
)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Bonjour \ud800Arras", "Bonjour Arras"),
        ("\x00\x07Arras\x1b[31m", "Arras[31m"),
        ("Arras\u0085 demain", "Arras demain"),
        ("ligne 1\nligne 2\tfin\r", "ligne 1\nligne 2\tfin\r"),
        ("Péronne 🤔 \u200b", "Péronne 🤔 \u200b"),
    ],
)
def test_surrogates_and_control_characters_are_removed(sent, kept):
    assert clean_text(sent) == kept
    clean_text(sent).encode("utf-8")  # what the NLU's lookups do


def test_a_long_message_is_cut_one_character_over_what_the_dialogue_reads():
    cut = channel_text("mot " * 50_000)
    assert len(cut) == MAX_TEXT + 1
    assert read_turn({"text": cut, "intent": {"name": "nlu_fallback"}}).too_long
    assert not read_turn({"text": channel_text("mot " * 10), "intent": {"name": "greet"}}).too_long


@pytest.mark.parametrize("sent", [None, 5, ["hi"], {"text": "hi"}])
def test_what_is_not_text_is_an_empty_message(sent):
    assert channel_text(sent) == ""


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ('/share_location{"latitude": NaN, "longitude": 5}', "/share_location"),
        ('/share_location{"latitude": 1e400, "longitude": 5}', "/share_location"),
        ('/inform{"party": -Infinity}', "/inform"),
        (
            '/share_location{"latitude": 1e308, "longitude": 5}',
            '/share_location{"latitude": 1e308, "longitude": 5}',
        ),
        ('/inform{"town": "Arras"}', '/inform{"town": "Arras"}'),
        ('/inform{"town": ', '/inform{"town": '),
        ("NaN km", "NaN km"),
    ],
)
def test_payloads_lose_json_that_is_not_json(sent, kept):
    assert finite_payload(sent) == kept


@pytest.mark.parametrize(
    ("entity", "value", "kept"),
    [
        ("latitude", 50.29, 50.29),
        ("latitude", "50.29", 50.29),
        ("latitude", 1e308, None),
        ("latitude", float("nan"), None),
        ("longitude", -181, None),
        ("longitude", True, None),
        ("party", "school", "school"),
        ("party", -5, None),
        ("number", 25, 25),
        ("number", -30, None),
        ("number", 2.5, None),
        ("number", 10**30, None),
        ("transport_mode", "bike", "bike"),
        ("transport_mode", "rocket", None),
        ("transport_mode", "../../etc/passwd", None),
        ("date", "31/12/9999", "31/12/9999"),  # a date as written: read_dates checks how far it is
        ("date", ["2027-01-01"], None),
        ("town", "x" * 5000, None),
        ("town", {"name": "Arras"}, None),
        ("start_lat", 50.0, None),
        ("no_such_slot", "x", None),
        (None, "x", None),
    ],
)
def test_entity_values_are_those_an_extractor_could_make(entity, value, kept):
    assert checked_value(entity, value) == kept


def test_a_turn_keeps_only_the_values_it_may_use():
    message = {
        "text": '/inform{"party": -5, "number": 4, "latitude": NaN, "town": "Arras"}',
        "intent": {"name": "inform"},
        "entities": [
            {"entity": "party", "value": -5},
            {"entity": "number", "value": 4},
            {"entity": "latitude", "value": float("nan")},
            {"entity": "town", "value": "Arras"},
            {"entity": "requested_slot", "value": "themes"},
        ],
        "metadata": ["not", "an", "object"],
    }
    turn = read_turn(message, "en")
    assert turn.entities == {"number": [4], "town": ["Arras"]}
    assert turn.lang == "en"


def body(**fields) -> bytes:
    return json.dumps({"sender": "visitor", "message": "Bonjour", **fields}).encode()


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b"", "application/json", 400),
        (b"null", "application/json", 400),
        (b"[]", "application/json", 400),
        (b"123", "application/json", 400),
        (b'"string"', "application/json", 400),
        (b'{"sender": "x", "message": ', "application/json", 400),
        (b'{"sender": "x", "message": "hi", "metadata": NaN}', "application/json", 400),
        (b'{"sender": "x", "message": 1e400}', "application/json", 400),
        (b"\xff\xfe{}", "application/json", 400),
        (b"[" * (MAX_BODY_BYTES + 1), "application/json", 413),
        (b"{" * 50_000, "application/json", 400),
        (body(message=None), "application/json", 400),
        (body(message=5), "application/json", 400),
        (body(message=["hi"]), "application/json", 400),
        (body(metadata="fr"), "application/json", 400),
        (body(metadata=[1]), "application/json", 400),
        (body(sender=5), "application/json", 400),
        (body(sender="s" * 300), "application/json", 400),
        (body(sender="a\ud800"), "application/json", 400),
        (body(input_channel=5), "application/json", 400),
        (body(), "text/plain", 415),
        (body(), "application/x-www-form-urlencoded", 415),
        (body(), None, 415),
        (b'{"message": "' + b"x" * MAX_BODY_BYTES + b'"}', "application/json", 413),
    ],
    ids=lambda value: repr(value[:40]) if isinstance(value, bytes) else None,
)
def test_a_rest_request_that_is_not_a_message_is_refused(raw, content_type, status):
    with pytest.raises(BadRequest) as refused:
        read_rest_body(raw, content_type)
    assert refused.value.status == status
    assert str(refused.value)


def test_a_rest_message_is_read():
    read = read_rest_body(body(metadata={"language": "en"}), "application/json; charset=utf-8")
    assert read["message"] == "Bonjour" and read["metadata"] == {"language": "en"}
    assert read_rest_body(b'{"message": "\\ud800 hi"}', "application/json")["message"] == "\ud800 hi"


def test_socket_events_are_read_as_messages():
    assert socket_message({"message": 5, "session_id": "abc", "metadata": "x"}) == {
        "message": "",
        "session_id": "abc",
        "metadata": {},
    }
    assert socket_message({"message": "hi", "session_id": "abc"})["message"] == "hi"
    assert socket_message("hi") is None
    assert socket_message({"message": "hi", "session_id": {"a": 1}}) is None


def test_allowed_origins_default_to_the_website(monkeypatch):
    monkeypatch.delenv("ALLOWED_ORIGINS", raising=False)
    assert website_origins("http://localhost:8080") == ("http://localhost:8080", "http://127.0.0.1:8080")
    assert allowed_origins("https://circuits.memhisto.fr") == ("https://circuits.memhisto.fr",)
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://a.example, https://b.example/")
    assert allowed_origins("https://circuits.memhisto.fr") == ("https://a.example", "https://b.example")


def test_the_fuzzer_flags_impossible_slots_and_replays_by_seed():
    assert slot_problems({"start_lat": 50.3, "party": {"kind": "school", "size": 25}, "language": "fr"}) == []
    bad = {"start_lat": 1e308, "party": {"kind": "school", "size": -30}, "transport_mode": "rocket"}
    assert len(slot_problems(bad)) == 3
    assert slot_problems({"first_date": "9999-12-31", "start_lon": float("nan")}) != []
    first, again = generate(50, seed=3), generate(50, seed=3)
    assert [case.body for case in first] == [case.body for case in again]
    assert {case.transport for case in generate(300, seed=1)} == {"rest", "socketio"}
