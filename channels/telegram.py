"""Telegram Bot API: reading updates, inline keyboards, the calls the assistant makes.

https://core.telegram.org/bots/api — ``Update``, ``Message`` (``location``, ``live_period``),
``CallbackQuery``, ``sendMessage`` (4,096 characters after entity parsing, counted in UTF-16 units),
``answerCallbackQuery``, ``sendLocation``, ``sendDocument``, ``setWebhook`` (``secret_token``, sent back
in the ``X-Telegram-Bot-Api-Secret-Token`` header of every webhook request).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from typing import Any

from channels.common import WORDLESS, Incoming, platform_language, share_location, split_text, utf16_length
from channels.http import ApiClient, Response, Upload

DEFAULT_API_URL = "https://api.telegram.org"
MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's own command that opens every conversation; the rest of the conversation is plain text.
START_COMMAND = "/start"
GREETING = "/greet"


def authentic(secret_token: str, header: str | None) -> bool:
    """The webhook request carries the secret given to ``setWebhook`` (constant-time compare)."""
    return bool(secret_token) and hmac.compare_digest(secret_token.encode(), (header or "").encode())


class CallbackData:
    """Button payloads as ``callback_data`` (1-64 bytes): a longer payload travels as a short key,
    remembered here (the last ``capacity`` ones; a key forgotten by a restart is ignored)."""

    def __init__(self, capacity: int = 5000):
        self.capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith("#"):
            return payload
        key = "#" + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        if len(self._payloads) > self.capacity:
            self._payloads.popitem(last=False)
        return key

    def decode(self, data: str) -> str | None:
        return self._payloads.get(data) if data.startswith("#") else data


def typed_text(text: str) -> str:
    """What the user typed, as the dialogue should read it: ``/start`` greets; any other leading
    slash (a Telegram command) is dropped so that typed text is never read as an intent payload."""
    text = text.strip()
    if text.split(maxsplit=1)[0].split("@")[0] == START_COMMAND:  # also "/start <deep link>"
        return GREETING
    return text.lstrip("/")


def parse_update(update: dict[str, Any], callbacks: CallbackData) -> Incoming | None:
    """The user message of an update, or None for what the assistant does not answer (edited
    messages, hence the updates of a live location after its first position; channel posts; a
    group's service messages)."""
    if not isinstance(update, dict) or "update_id" not in update:
        return None
    delivery = f"telegram:{update['update_id']}"
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = ((query.get("message") or {}).get("chat") or {}).get("id") or (query.get("from") or {}).get(
            "id"
        )
        payload = callbacks.decode(str(query.get("data") or ""))
        if chat is None:
            return None
        return Incoming(
            str(chat),
            payload or "",
            delivery,
            platform_language((query.get("from") or {}).get("language_code")),
            {"callback_query_id": query.get("id")},
        )
    message = update.get("message")
    if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
        return None
    language = platform_language((message.get("from") or {}).get("language_code"))
    chat = str(message["chat"].get("id"))
    location = message.get("location")
    if isinstance(location, dict):
        text = share_location(location.get("latitude"), location.get("longitude"))
        return Incoming(chat, text, delivery, language) if text else None
    words = message.get("text") or message.get("caption")  # a photo's caption is its words
    if isinstance(words, str) and words.strip():
        return Incoming(chat, typed_text(words), delivery, language)
    if message.get("from") and message["chat"].get("type") == "private":
        return Incoming(chat, WORDLESS, delivery, language)
    return None


def inline_keyboard(buttons: list[dict[str, Any]], callbacks: CallbackData) -> dict[str, Any]:
    """One button per row: titles are often long (place names, "Un circuit depuis ici")."""
    return {
        "inline_keyboard": [
            [
                {
                    "text": str(button.get("title") or ""),
                    "callback_data": callbacks.encode(str(button["payload"])),
                }
            ]
            for button in buttons
            if button.get("payload")
        ]
    }


def message_calls(
    chat_id: str, text: str, buttons: list[dict[str, Any]], callbacks: CallbackData
) -> list[dict]:
    """The ``sendMessage`` bodies of one reply: parts within the limit, the keyboard on the last."""
    parts = split_text(text, MESSAGE_LIMIT, utf16_length) or ([""] if buttons else [])
    calls = [{"chat_id": chat_id, "text": part} for part in parts]
    if buttons and calls:
        calls[-1]["reply_markup"] = inline_keyboard(buttons, callbacks)
    return calls


class TelegramApi:
    def __init__(self, token: str, api_url: str = DEFAULT_API_URL, client: ApiClient | None = None):
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.client = client or ApiClient("telegram")

    def _url(self, method: str) -> str:
        return f"{self.api_url}/bot{self.token}/{method}"

    async def call(self, method: str, body: dict[str, Any]) -> Response:
        return await self.client.call("POST", self._url(method), json=body, what=method)

    async def send_document(self, chat_id: str, document: Upload, caption: str = "") -> Response:
        form = {"chat_id": chat_id, **({"caption": caption} if caption else {})}
        return await self.client.call(
            "POST", self._url("sendDocument"), form=form, upload=("document", document), what="sendDocument"
        )

    async def set_webhook(self, url: str, secret_token: str) -> Response:
        return await self.call(
            "setWebhook",
            {"url": url, "secret_token": secret_token, "allowed_updates": ["message", "callback_query"]},
        )
