"""End-to-end: Telegram, Messenger and WhatsApp (Twilio) conversations through the real stack.

Each test speaks as the platform does (signed webhook deliveries, tests/stubs/platforms.py) and
reads what the platform's API received from the assistant: what the user's phone would show.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pytest

from bot.ops.serve import auth_token
from tests.e2e.conftest import LOGS
from tests.e2e.test_rest import MAP_LINK, language_of
from tests.stubs.platforms import MessengerStub, PlatformStub, TelegramStub

pytestmark = pytest.mark.e2e

PLATFORMS = ["telegram", "messenger", "twilio"]
LIMITS = {"telegram": 4096, "messenger": 2000, "twilio": 1600}
URL = re.compile(r"https?://\S+")
VIMY = (50.2910, 2.7775)
TRANSCRIPTS = LOGS.parent / "channel-transcripts"
# Five summer days of the Great War: a reply longer than Telegram's 4,096 characters.
LONG_REQUEST = "Je suis à Arras du 7 au 11 juin 2027, la Grande Guerre m'intéresse, en voiture"  # by the Wellington quarry and Vimy


@dataclass
class User:
    """One person on one platform: ``say`` delivers a message and returns the texts it received."""

    stub: PlatformStub
    id: str
    platform: str
    lang: str = "fr"
    seen: int = 0
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (title, what pressing sends)
    log: list[str] = field(default_factory=list)  # what the user sent, then what the platform received

    def deliver(self, text: str | None = None, location=None, press: str | None = None, **signing) -> int:
        stub = self.stub
        if isinstance(stub, TelegramStub):
            body = stub.update(self.id, text=text, location=location, callback=press, language=self.lang)
        elif isinstance(stub, MessengerStub):
            body = stub.event(self.id, text=text, location=location, quick_reply=press)
        else:
            body = stub.form(self.id, text=press or text, location=location)
        self.last_body = body
        return stub.deliver(body, **signing)

    def new_calls(self):
        calls = self.stub.calls_to(self.id)
        fresh, self.seen = calls[self.seen :], len(calls)
        return fresh

    def say(self, text: str | None = None, location=None, press: str | None = None) -> list[str]:
        assert self.deliver(text, location, press) == 200
        calls = self.new_calls()
        sent = (
            f"(location {location[0]}, {location[1]})" if location else f"(button {press})" if press else text
        )
        self.log += [f">>> {sent}"] + [self.stub.describe(call) for call in calls]
        texts = [_text(self.platform, call) for call in calls if _text(self.platform, call)]
        buttons = _buttons(self.platform, calls)
        if buttons or texts:
            self.buttons = buttons
        return texts

    def press(self, title_part: str) -> list[str]:
        title, sent = next((t, s) for t, s in self.buttons if title_part.lower() in t.lower())
        return self.say(press=sent)

    def transcript(self) -> str:
        return "\n".join(self.log)

    def keep_transcript(self, name: str) -> None:
        """Written for reviewers: what the user sent and what the platform received."""
        TRANSCRIPTS.mkdir(parents=True, exist_ok=True)
        (TRANSCRIPTS / f"{self.platform}-{name}.txt").write_text(self.transcript() + "\n")


def _text(platform: str, call) -> str | None:
    if platform == "telegram":
        return call.fields.get("text") if call.path.endswith("/sendMessage") else None
    if platform == "messenger":
        message = call.fields.get("message")
        return message.get("text") if isinstance(message, dict) else None
    return call.fields.get("Body")


def _buttons(platform: str, calls) -> list[tuple[str, str]]:
    """The buttons of the last reply, with what pressing each sends back."""
    for call in reversed(calls):
        if platform == "telegram" and "reply_markup" in call.fields:
            rows = call.fields["reply_markup"]["inline_keyboard"]
            return [(row[0]["text"], row[0]["callback_data"]) for row in rows]
        if platform == "messenger" and isinstance(call.fields.get("message"), dict):
            replies = call.fields["message"].get("quick_replies") or []
            if replies:
                return [(reply["title"], reply["payload"]) for reply in replies]
        if platform == "twilio":
            options = re.findall(r"^(\d+)\. (.+)$", call.fields.get("Body") or "", re.M)
            if options:
                return [(title, number) for number, title in options]
    return []


@pytest.fixture(params=PLATFORMS)
def platform(request, channel_webhooks) -> str:
    return request.param


@pytest.fixture
def new_user(channel_webhooks, platform):
    def make(lang: str = "fr") -> User:
        stub = getattr(channel_webhooks, platform)
        number = random.randint(10**9, 10**10 - 1)
        country = "33" if lang == "fr" else "44"  # a WhatsApp number's country hints its language
        user_id = f"whatsapp:+{country}{number}" if platform == "twilio" else str(number)
        if platform == "messenger":
            stub.locales[user_id] = "en_GB" if lang == "en" else "fr_FR"
        return User(stub, user_id, platform, lang)

    return make


def tracker_events(stack, sender: str) -> list[dict]:
    url = (
        f"{stack.rasa_url}/conversations/{urllib.parse.quote(sender, safe=':+')}/tracker?token={auth_token()}"
    )
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())["events"] or []


def said(stack, sender: str) -> list[str]:
    return [event.get("text") for event in tracker_events(stack, sender) if event["event"] == "user"]


@pytest.mark.parametrize(
    ("lang", "turns"),
    [
        ("fr", ["Bonjour", "Je voudrais un circuit", "Arras", "la Première Guerre mondiale", "une journée"]),
        ("en", ["Hello", "Can you plan a trip for me?", "Amiens", "the Battle of the Somme", "one day"]),
    ],
)
def test_a_whole_circuit_conversation(new_user, platform, lang, turns):
    user = new_user(lang)
    for turn in turns:
        replies = user.say(turn)
        assert replies, f"no reply to {turn!r}:\n{user.transcript()}"
    user.keep_transcript(f"circuit-{lang}")
    final = "\n".join(replies)
    assert MAP_LINK.search(final), user.transcript()
    assert language_of(final) == lang, user.transcript()
    assert user.buttons, "a circuit offers what to do next"
    calls = [call.path.rsplit("/", 1)[-1] for call in user.stub.calls_to(user.id)]
    if platform == "telegram":  # the start as a pin and the calendar file
        assert "sendLocation" in calls and "sendDocument" in calls
        document = next(c for c in user.stub.calls_to(user.id) if c.path.endswith("sendDocument"))
        assert document.fields["document"]["bytes"].startswith(b"BEGIN:VCALENDAR")
    if platform == "messenger":
        assert any("filedata" in call.fields for call in user.stub.calls_to(user.id))


@pytest.mark.parametrize("platform", ["telegram", "messenger"])  # Twilio does not tell the language
def test_the_apps_language_answers_a_first_message_without_words(new_user, platform):
    english = new_user("en")
    first = english.say("/start" if platform == "telegram" else "👋")
    assert language_of("\n".join(first)) == "en", english.transcript()


def test_a_native_location_gives_the_nearby_sites(stack, new_user, platform):
    user = new_user("en")
    user.say(location=VIMY)
    assert said(stack, user.id)[-1] == '/share_location{"latitude": 50.291, "longitude": 2.7775}'
    text = "\n".join(user.say("What is there to see near here?")).lower()
    assert "wellington" in text or "vimy" in text or "lorette" in text, user.transcript()


def test_a_button_press_is_understood(new_user, platform):
    user = new_user("en")
    first = "\n".join(user.say("We are in Lille for half a day and we love WW2 history, what can we visit?"))
    assert MAP_LINK.search(first) and user.buttons, user.transcript()
    answer = "\n".join(user.press("day"))  # "Add a day"
    assert re.search(r"Day 2", answer), user.transcript()
    if platform == "telegram":
        answered = [c for c in user.stub.calls if c.path.endswith("/answerCallbackQuery")]
        assert answered and answered[-1].fields["callback_query_id"] == user.last_body["callback_query"]["id"]


def test_a_long_circuit_is_split_at_the_platforms_limit_without_cutting_links(stack, new_user, platform):
    user = new_user("fr")
    replies = user.say(LONG_REQUEST)
    user.keep_transcript("long-circuit")
    assert all(len(part) <= LIMITS[platform] for part in replies)
    # What the bot said before the channel cut it, from the conversation itself (a second planning of
    # the same request, over REST, may differ: the planner stops at its time limit).
    said_by_bot = "\n".join(
        event.get("text") or "" for event in tracker_events(stack, user.id) if event["event"] == "bot"
    )
    assert len(said_by_bot) > LIMITS[platform], "the circuit must be longer than the limit to test splitting"
    # The parts are the bot's text cut at line ends: the same lines, every link whole (then WhatsApp's
    # numbered options).
    lines = [line for line in "\n".join(replies).splitlines() if line.strip()]
    expected = [line for line in said_by_bot.splitlines() if line.strip()]
    assert lines[: len(expected)] == expected
    options = lines[len(expected) :]
    assert all(re.match(r"\d+\. ", line) for line in options) and bool(options) == (platform == "twilio")
    assert URL.findall("\n".join(replies)) == URL.findall(said_by_bot)
    assert len(replies) >= 2, user.transcript()


def test_a_picture_without_words_gets_a_friendly_answer(new_user, platform):
    user = new_user("en")
    user.say("Hello")
    stub = user.stub
    if isinstance(stub, TelegramStub):
        body = stub.update(user.id, text="", language="en")
        del body["message"]["text"]
        body["message"]["sticker"] = {
            "file_id": "CAACAgIAAxk",
            "width": 512,
            "height": 512,
            "is_animated": False,
        }
    elif isinstance(stub, MessengerStub):
        body = stub.event(user.id, text="")
        image = {"type": "image", "payload": {"url": "https://scontent.xx.fbcdn.net/v/photo.jpg"}}
        body["entry"][0]["messaging"][0]["message"] = {"mid": "m_picture_" + user.id, "attachments": [image]}
    else:
        body = stub.form(user.id, text="")
        body.update(
            NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0="https://api.twilio.com/media/ME1"
        )
    assert stub.deliver(body) == 200
    replies = [_text(platform, call) for call in user.new_calls() if _text(platform, call)]
    assert replies and language_of("\n".join(replies)) == "en", user.transcript()


def test_a_forged_delivery_is_refused_and_reaches_no_conversation(stack, new_user, platform):
    user = new_user()
    forged = {
        "telegram": {"secret": "guessed"},
        "messenger": {"secret": "guessed"},
        "twilio": {"token": "guessed"},
    }
    assert user.deliver("Bonjour", **forged[platform]) == 403
    assert user.stub.calls_to(user.id) == []
    assert said(stack, user.id) == []


@pytest.mark.parametrize("platform", ["telegram", "messenger"])  # Twilio posts forms
def test_an_authentic_body_that_is_not_json_is_a_bad_request(channel_webhooks, platform):
    stub = getattr(channel_webhooks, platform)
    raw = b'{"update_id": 1, "message": '
    if platform == "telegram":
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": stub.secret_token}
    else:
        signature = "sha256=" + hmac.new(stub.app_secret.encode(), raw, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    assert stub.post(raw, headers) == 400


def test_the_same_delivery_twice_is_answered_once(stack, new_user, platform):
    user = new_user()
    first = user.say("Bonjour")
    assert first
    assert user.stub.deliver(user.last_body) == 200  # the platform retries the same delivery
    assert user.new_calls() == []
    assert said(stack, user.id) == ["Bonjour"]


def test_the_platform_down_keeps_the_conversation_and_logs_the_failure(stack, new_user, platform):
    user = new_user()
    user.stub.down = True
    try:
        assert user.deliver("Bonjour") == 200
    finally:
        user.stub.down = False
    assert user.stub.calls_to(user.id) == []
    events = tracker_events(stack, user.id)
    assert [e.get("text") for e in events if e["event"] == "user"] == ["Bonjour"]
    assert any(e["event"] == "bot" for e in events), "the bot's reply is in the conversation"
    log = (LOGS / "rasa.log").read_text()
    assert re.search(rf"{user.stub.platform}: \S+ failed after 3 attempt\(s\): status 503", log)
    assert user.say("Bonjour"), "the conversation carries on once the platform is back"


def test_messenger_checks_the_webhook_with_the_verify_token(channel_webhooks):
    stub = channel_webhooks.messenger
    query = {"hub.mode": "subscribe", "hub.verify_token": stub.verify_token, "hub.challenge": "1158201444"}
    with urllib.request.urlopen(
        f"{stub.webhook_url}?{urllib.parse.urlencode(query)}", timeout=30
    ) as response:
        assert response.read() == b"1158201444"
    query["hub.verify_token"] = "guessed"
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{stub.webhook_url}?{urllib.parse.urlencode(query)}", timeout=30)
    assert error.value.code == 403
