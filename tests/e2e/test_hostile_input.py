"""End-to-end: hostile input against the real stack, over REST and the website's socket.io channel
(marker `e2e`). `make fuzz` runs the same generator on 10,000 messages (bot/devtools/fuzz.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
import socketio

from bot.devtools.fuzz import generate, report, run
from bot.ops.serve import auth_token
from tests.e2e.conftest import reply_text
from tests.e2e.test_rest import language_of

pytestmark = pytest.mark.e2e


def post(stack, body: bytes, headers: dict[str, str]) -> tuple[int, object]:
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"", JSON, 400),
        (b"null", JSON, 400),
        (b"[]", JSON, 400),
        (b'"string"', JSON, 400),
        (b'{"sender": "h1", "message": null}', JSON, 400),
        (b'{"sender": "h1", "message": ["hi"]}', JSON, 400),
        (b'{"sender": "h1", "message": "hi", "metadata": "fr"}', JSON, 400),
        (b'{"sender": "h1", "message": NaN}', JSON, 400),
        (b'{"sender": "h1", "message": "hi"}', {"Content-Type": "text/plain"}, 415),
        (b'{"sender": "h1", "message": "hi"}', {**JSON, "Origin": "http://evil.example"}, 403),
    ],
)
def test_a_request_that_is_not_a_message_gets_a_json_error(stack, body, headers, status):
    code, answer = post(stack, body, headers)
    assert code == status
    assert answer["error"]


def test_the_website_may_post_to_the_rest_channel(stack):
    body = json.dumps({"sender": "h-site", "message": "Bonjour"}).encode()
    code, answer = post(stack, body, {**JSON, "Origin": stack.web_url})
    assert code == 200 and reply_text(answer)


def test_a_100_kb_message_gets_a_friendly_reply_in_the_users_language(new_conversation):
    conversation = new_conversation()
    conversation.say("Bonjour")
    text = conversation.text("je voudrais visiter " * 5000)
    assert "trop long" in text and language_of(text) == "fr", text


def test_lone_surrogates_and_control_characters_are_understood_without_them(conversation):
    text = conversation.text("Bonjour\ud800 \x07je voudrais un circuit\x00")
    assert "D'où partez-vous" in text, text


def test_the_nlu_itself_reads_around_a_lone_surrogate(stack):
    # Rasa's HTTP API reaches the NLU without any channel: the components must cope on their own.
    body = json.dumps({"text": "Bonjour \ud800 je suis à Arras"}).encode()
    request = urllib.request.Request(f"{stack.rasa_url}/model/parse?token={auth_token()}", body, JSON)
    with urllib.request.urlopen(request, timeout=60) as response:
        parsed = json.loads(response.read())
    assert ("town", "Arras") in {(entity["entity"], entity["value"]) for entity in parsed["entities"]}


def test_socketio_accepts_the_website_and_refuses_other_sites(stack):
    website = socketio.Client(reconnection=False)
    website.connect(
        stack.rasa_url, headers={"Origin": stack.web_url}, socketio_path="/socket.io", transports=["polling"]
    )
    website.disconnect()
    other = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        other.connect(
            stack.rasa_url,
            headers={"Origin": "http://evil.example"},
            socketio_path="/socket.io",
            transports=["polling"],
        )


def test_300_generated_hostile_messages_get_no_server_error_no_silence_and_no_bad_slot(stack):
    cases = generate(300, seed=13)
    results = run(stack, cases)
    summary = report(results, cases, 0)
    assert not results.failures, summary
    assert results.counts["rest_answered"] > 100 and results.counts["socketio_answered"] > 20, summary
    assert results.counts["tracker_ok"] > 50, summary
