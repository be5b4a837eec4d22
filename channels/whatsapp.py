"""WhatsApp through Twilio's Programmable Messaging: webhook forms, numbered options, Messages.json.

https://www.twilio.com/docs/messaging — the webhook form (``MessageSid``, ``From`` ``whatsapp:+…``,
``Body``, ``NumMedia``, ``Latitude``/``Longitude`` for a shared location), the ``X-Twilio-Signature``
header (checked with twilio's ``RequestValidator`` against the URL Twilio called), ``POST
/2010-04-01/Accounts/{AccountSid}/Messages.json`` (``To``, ``From``, ``Body`` up to 1,600 characters).
WhatsApp messages have no free-form buttons: options are numbered and the user answers "1", "2"…
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from twilio.request_validator import RequestValidator

from channels.common import WORDLESS, Incoming, share_location, split_text
from channels.http import ApiClient, Response

DEFAULT_API_URL = "https://api.twilio.com"
MESSAGE_LIMIT = 1600
SIGNATURE_HEADER = "X-Twilio-Signature"


def authentic(auth_token: str, url: str, form: dict[str, str], header: str | None) -> bool:
    return bool(auth_token and header) and RequestValidator(auth_token).validate(url, form, header)


class Options:
    """The numbered options last shown to each user (the last ``capacity`` users): "2" means the
    second. A reply without options clears them, so that "2" answering "how many of you?" stays 2."""

    def __init__(self, capacity: int = 10_000):
        self.capacity = capacity
        self._by_user: OrderedDict[str, list[str]] = OrderedDict()

    def show(self, user: str, payloads: list[str]) -> None:
        self._by_user.pop(user, None)
        if payloads:
            self._by_user[user] = payloads
            if len(self._by_user) > self.capacity:
                self._by_user.popitem(last=False)

    def chosen(self, user: str, text: str) -> str | None:
        payloads = self._by_user.get(user) or []
        number = text.strip().rstrip(".)")
        if number.isdigit() and 1 <= int(number) <= len(payloads):
            return payloads[int(number) - 1]
        return None


def parse_form(form: dict[str, str], options: Options) -> Incoming | None:
    sender = form.get("From") or ""
    sid = form.get("MessageSid") or form.get("SmsMessageSid") or ""
    if not sender or not sid:
        return None
    delivery = f"twilio:{sid}"
    language = number_language(sender)
    if form.get("Latitude") and form.get("Longitude"):
        text = share_location(form["Latitude"], form["Longitude"])
        return Incoming(sender, text, delivery, language) if text else None
    body = (form.get("Body") or "").strip()
    if not body:
        return Incoming(sender, WORDLESS, delivery, language)  # a picture or a voice note without words
    chosen = options.chosen(sender, body)
    return Incoming(sender, chosen or body.lstrip("/"), delivery, language)


@cache
def _french_calling_codes() -> tuple[str, ...]:
    data = yaml.safe_load((Path(__file__).with_name("calling_codes.yaml")).read_text(encoding="utf-8"))
    return tuple(str(code) for code in data["french"])


def number_language(sender: str) -> str:
    """The language a WhatsApp number's country suggests ("whatsapp:+33…": French), a hint for a
    first message without words (``channels/calling_codes.yaml``)."""
    digits = sender.removeprefix("whatsapp:").lstrip("+")
    return "fr" if digits.startswith(_french_calling_codes()) else "en"


def numbered(text: str, buttons: list[dict[str, Any]]) -> str:
    lines = [f"{number}. {button.get('title') or ''}" for number, button in enumerate(buttons, start=1)]
    return "\n\n".join(part for part in (text.strip(), "\n".join(lines)) if part)


def message_bodies(text: str, buttons: list[dict[str, Any]]) -> list[str]:
    return split_text(numbered(text, buttons), MESSAGE_LIMIT)


class TwilioApi:
    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sender: str,
        api_url: str = DEFAULT_API_URL,
        client: ApiClient | None = None,
    ):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sender = sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
        self.api_url = api_url.rstrip("/")
        self.client = client or ApiClient("twilio")

    async def send(self, to: str, body: str) -> Response:
        return await self.client.call(
            "POST",
            f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
            form={"To": to, "From": self.sender, "Body": body},
            auth=(self.account_sid, self.auth_token),
            what="Messages.json",
        )
