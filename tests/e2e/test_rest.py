"""End-to-end: the real servers, talked to over REST as a visitor would (marker `e2e`)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest

from bot.ops.serve import auth_token
from tests.e2e.conftest import reply_text

pytestmark = pytest.mark.e2e

MAP_LINK = re.compile(r"https?://\S*(google\.com/maps|openstreetmap\.org|/\?start=)")
FRENCH = {
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "vous",
    "votre",
    "et",
    "est",
    "pour",
    "une",
    "je",
    "à",
    "où",
    "quel",
}
ENGLISH = {"the", "you", "your", "and", "is", "for", "a", "to", "of", "which", "what", "i", "where", "how"}


def language_of(text: str) -> str:
    """An independent check of the reply language: function words counted on both sides."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ']+", text.lower())
    fr = sum(word in FRENCH for word in words)
    en = sum(word in ENGLISH for word in words)
    return "fr" if fr > en else "en" if en > fr else "?"


def test_greeting_in_french(conversation):
    assert language_of(conversation.text("Bonjour")) == "fr"


def test_greeting_in_english(conversation):
    assert language_of(conversation.text("Hello")) == "en"


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        ("fr", ["Bonjour", "Je voudrais un circuit", "Arras", "la Première Guerre mondiale", "une journée"]),
        ("fr", ["Je suis à Arras avec 2 jours, la Grande Guerre m'intéresse"]),
        ("en", ["Hello", "Can you plan a trip for me?", "Amiens", "the Battle of the Somme", "one day"]),
        ("en", ["We are in Lille for half a day and we love WW2 history, what can we visit?"]),
    ],
)
def test_planning_ends_with_a_circuit_and_a_map_link_in_the_users_language(new_conversation, lang, turns):
    conversation = new_conversation()
    final = [conversation.text(turn) for turn in turns][-1]
    assert MAP_LINK.search(final), final
    assert language_of(final) == lang, final


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_first_message_without_words_is_answered_in_the_language_of_the_client(new_conversation, lang):
    """The website sends its page's language, a messaging app the app's: a hint for what has no words."""
    replies = new_conversation().say(
        '/share_location{"latitude": 50.2910, "longitude": 2.7775}', {"platform_language": lang}
    )
    assert language_of(reply_text(replies)) == lang


def test_shared_location_then_nearby(conversation):
    conversation.say('/share_location{"latitude": 50.2910, "longitude": 2.7775}')
    text = conversation.text("What is there to see near here?").lower()
    assert "wellington" in text or "vimy" in text or "lorette" in text, text


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        (
            "fr",
            [
                '/share_location{"latitude": 50.95, "longitude": 1.86}',
                "oui",
                "la Seconde Guerre mondiale",
                "une journée",
            ],
        ),
        ("en", ["What is near Arras?", "yes please", "the First World War", "half a day"]),
    ],
)
def test_a_yes_after_the_nearby_sites_plans_from_there(new_conversation, lang, turns):
    conversation = new_conversation()
    final = [conversation.text(turn) for turn in turns][-1]
    assert MAP_LINK.search(final), final
    assert language_of(final) == lang, final


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("Quelles commémorations en avril 2027 ?", "et le 11 novembre ?", "11 novembre"),
        ("Any events in April 2027?", "and on 8 May?", "8 May"),
    ],
)
def test_a_date_after_the_events_asks_for_that_dates_events(conversation, first, then, expected):
    conversation.say(first)
    assert expected in conversation.text(then)


@pytest.mark.parametrize(
    "shared",
    ['{"lng":2.7775, "lat":50.291}', "/locationData{'Latitude': 50.291,'Longitude': 2.7775}"],
    ids=["telegram", "whatsapp-twilio"],
)
def test_a_location_shared_natively_on_a_channel_lists_the_nearest_sites(conversation, shared):
    text = conversation.text(shared).lower()
    assert "wellington" in text, text


def test_a_very_long_message_gets_asked_to_be_shorter(conversation):
    conversation.say("Hello")
    assert "too long" in conversation.text("x" * 5000)


@pytest.mark.parametrize(
    "message",
    [
        "asdkjh qwpoeiru zxmcnv",
        "🤔🤔🤔",
        "¯\\_(ツ)_/¯ ???",
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "x" * 5000,
        "Bonjour I want to visit musées near Lille tomorrow svp",
    ],
)
def test_bad_input_gets_a_friendly_answer(conversation, message):
    replies = conversation.say(message)
    assert reply_text(replies).strip(), f"no reply to {message[:40]!r}"
    assert "Traceback" not in reply_text(replies)


def test_malformed_json_is_refused_without_server_error(stack):
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        b'{"sender": "x", "message": ',
        {"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert 400 <= error.value.code < 500


def test_admin_api_needs_the_token(stack, conversation):
    conversation.say("Bonjour")
    url = f"{stack.rasa_url}/conversations/{conversation.sender}/tracker"
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url, timeout=30)
    assert error.value.code == 401
    with urllib.request.urlopen(f"{url}?token={auth_token()}", timeout=30) as response:
        assert json.loads(response.read())["sender_id"] == conversation.sender


def test_cors_allows_only_the_website(stack):
    def allowed_origin(origin: str) -> str | None:
        request = urllib.request.Request(
            f"{stack.rasa_url}/webhooks/rest/webhook",
            method="OPTIONS",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers.get("Access-Control-Allow-Origin")

    assert allowed_origin(stack.web_url) == stack.web_url
    assert allowed_origin("http://evil.example") is None


def test_restart_resets_the_conversation(conversation):
    conversation.say("Je voudrais un circuit au départ d'Arras")
    assert conversation.text("recommencer").strip()
    assert language_of(conversation.text("Bonjour")) == "fr"
