"""channels.whatsapp: Twilio's signature, locations, numbered options."""

from __future__ import annotations

from twilio.request_validator import RequestValidator

from channels.common import WORDLESS
from channels.whatsapp import Options, authentic, message_bodies, number_language, numbered, parse_form

URL = "https://bot.example.org/webhooks/twilio/webhook"


def form(**fields):
    return {
        "MessageSid": "SM1",
        "From": "whatsapp:+33600000000",
        "To": "whatsapp:+14155238886",
        "Body": "",
        **fields,
    }


def test_the_signature_is_checked_against_the_public_url():
    fields = form(Body="Bonjour")
    header = RequestValidator("token").compute_signature(URL, fields)
    assert authentic("token", URL, fields, header)
    assert not authentic("token", "http://localhost:5005/webhooks/twilio/webhook", fields, header)
    assert not authentic("token", URL, {**fields, "Body": "Hello"}, header)
    assert not authentic("token", URL, fields, None) and not authentic("other", URL, fields, header)


def test_text_location_and_media_without_words():
    options = Options()
    assert parse_form(form(Body="Bonjour"), options).text == "Bonjour"
    located = parse_form(form(Latitude="50.29", Longitude="2.78", Address="Arras"), options)
    assert (located.text, located.delivery) == (
        '/share_location{"latitude": 50.29, "longitude": 2.78}',
        "twilio:SM1",
    )
    assert parse_form(form(NumMedia="1", MediaUrl0="https://api.twilio.com/x"), options).text == WORDLESS
    assert parse_form({"Body": "x"}, options) is None


def test_numbered_options_are_answered_by_their_number_until_a_reply_without_options():
    options = Options()
    buttons = [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}]
    assert numbered("Un circuit depuis ici ?", buttons) == "Un circuit depuis ici ?\n\n1. Oui\n2. Non"
    options.show("whatsapp:+33600000000", [button["payload"] for button in buttons])
    assert parse_form(form(Body=" 2 "), options).text == "/deny"
    assert parse_form(form(Body="3"), options).text == "3"  # no such option: the user's words
    assert parse_form(form(Body="1", From="whatsapp:+33611111111"), options).text == "1"  # someone else
    options.show("whatsapp:+33600000000", [])
    assert parse_form(form(Body="2"), options).text == "2"  # "how many of you?" — "2"


def test_a_long_reply_is_split_at_1600_characters_on_line_ends():
    text = "\n".join(f"10:{n:02d} Visite https://www.openstreetmap.org/?route={n}" for n in range(80))
    bodies = message_bodies(text, [{"title": "Oui", "payload": "/affirm"}])
    assert len(bodies) == 3 and all(len(body) <= 1600 for body in bodies)
    assert bodies[-1].endswith("1. Oui")


def test_a_number_s_country_hints_the_language_of_a_message_without_words():
    assert number_language("whatsapp:+33612345678") == "fr"
    assert number_language("whatsapp:+447700900123") == "en"
    assert number_language("whatsapp:+31612345678") == "en"
