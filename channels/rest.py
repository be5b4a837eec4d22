"""Rasa's REST channel (same name, so the same path: ``/webhooks/rest/webhook``), made strict.

- A request that is not a message gets HTTP 400 (413, 415) with a JSON error, where Rasa's own
  channel answered 500 or an empty 200 (``bot.inbound.read_rest_body``).
- A page from another site is refused (403): the website talks over socket.io, and scripts and
  servers send no ``Origin``; the allowed origins are ``ALLOWED_ORIGINS`` (default: the website).
- The text is cleaned and bounded before the NLU sees it (``bot.inbound.channel_text``), and a
  message Rasa answers with nothing gets "I cannot answer right now" (``guarded``).

Declared in credentials.yml by its module path, ``channels.rest.RestInput``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.config import settings
from bot.inbound import BadRequest, channel_text, read_rest_body
from bot.language import detect_language
from bot.texts import t

Handler = Callable[[UserMessage], Awaitable[Any]]


def guarded(on_new_message: Handler) -> Handler:
    """``on_new_message`` for the text the visitor sent, cleaned and bounded; and never silent: when
    Rasa sends nothing back (the action server or the lock store is down, and Rasa only logs it),
    the visitor reads that the assistant cannot answer right now, in the language of the message."""

    async def handle(message: UserMessage) -> Any:
        message.text = channel_text(message.text)
        output = message.output_channel
        sent = []
        send_response = output.send_response

        async def counted(recipient_id: str, reply: dict[str, Any]) -> None:
            sent.append(reply)
            await send_response(recipient_id, reply)

        output.send_response = counted
        try:
            return await on_new_message(message)
        finally:
            output.send_response = send_response
            if not sent:
                metadata = message.metadata if isinstance(message.metadata, dict) else {}
                lang = str(metadata.get("language") or detect_language(message.text))
                await output.send_text_message(message.sender_id, t(lang, "dialogue.chat.unavailable"))

    return handle


class RestInput(RasaRestInput):
    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """The body's ``metadata`` object (checked by ``read_rest_body``): a client may say the
        language of its page or app (``platform_language``), which Rasa's REST channel drops."""
        metadata = (request.json or {}).get("metadata") if isinstance(request.json, dict) else None
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = super().blueprint(guarded(on_new_message))
        allowed_origins = settings().allowed_origins

        @webhook.middleware("request")
        async def refuse_what_is_not_a_message(request: Request):
            if request.method != "POST":
                return None
            origin = request.headers.get("origin")
            if origin and origin.rstrip("/") not in allowed_origins:
                return response.json({"error": f"origin not allowed: {origin[:100]}"}, status=403)
            try:
                read_rest_body(request.body, request.headers.get("content-type"))
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            return None

        return webhook
