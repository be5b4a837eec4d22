"""The Rasa 3.6 input and output channels of Telegram, Messenger and WhatsApp (Twilio): thin layers
over the pure platform modules. ``credentials.yml`` names them by module path, e.g.
``channels.inputs.TelegramInput``; their names keep Rasa's webhook paths
(``/webhooks/telegram/webhook``, ``/webhooks/facebook/webhook``, ``/webhooks/twilio/webhook``).

Every webhook request is checked first (403 on failure, before anything is read or recorded);
a delivery the platform repeats is answered once; the text is cleaned and bounded before the NLU
as on the REST channel, and a message Rasa answers with nothing gets "I cannot answer right now";
errors are logged and answered 200 so that the platform does not retry a message the assistant
already took.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import messenger, telegram, whatsapp
from channels.calendar import circuit_calendar_async
from channels.common import Incoming, Seen, circuit_start
from channels.rest import Handler, guarded

logger = logging.getLogger(__name__)


def _required(credentials: dict[str, Any] | None, channel: type[InputChannel], *keys: str) -> list[str]:
    if not credentials or any(not credentials.get(key) for key in keys):
        channel.raise_missing_credentials_exception()
    return [str(credentials[key]) for key in keys]


def _forbidden(platform: str, request: Request) -> HTTPResponse:
    logger.warning("%s: webhook request from %s failed the authenticity check", platform, request.ip)
    return response.json({"error": "forbidden"}, status=403)


class BadBody(ValueError):
    """An authentic request whose body is not JSON: answered 400."""


def _json_body(request: Request) -> Any:
    try:
        return json.loads(request.body or b"")
    except ValueError:
        raise BadBody from None


def _bad_body(platform: str) -> HTTPResponse:
    logger.warning("%s: webhook body is not JSON", platform)
    return response.json({"error": "the body must be JSON"}, status=400)


class PlatformInput(InputChannel):
    """What the three inputs share: the memory of deliveries and the guarded hand-over to Rasa."""

    def __init__(self) -> None:
        self.seen = Seen()

    def fresh(self, incoming: Incoming) -> bool:
        """False for a delivery already taken (a platform retry or duplicate), which is dropped."""
        if self.seen.first_time(incoming.delivery):
            return True
        logger.info("%s: delivery %s already answered", self.name(), incoming.delivery)
        return False

    async def deliver(self, on_new_message: Handler, incoming: Incoming, output: OutputChannel) -> None:
        """Hands ``incoming`` to Rasa, its text cleaned and bounded as REST's and socket.io's (an
        over-long message is cut before the NLU and gets "your message is too long"), and never left
        without a reply (``channels.rest.guarded``); a failure is logged, never raised."""
        try:
            await guarded(on_new_message)(
                UserMessage(
                    incoming.text,
                    output,
                    incoming.sender,
                    input_channel=self.name(),
                    message_id=incoming.delivery,
                    metadata=incoming.metadata,
                )
            )
        except Exception:
            logger.exception("%s: message %s could not be handled", self.name(), incoming.delivery)

    def _blueprint(self, name: str, close: Callable[[], Awaitable[None]]) -> Blueprint:
        blueprint = Blueprint(name, __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.listener("after_server_stop")
        async def close_session(*_: Any) -> None:
            await close()

        return blueprint


class PlatformOutput(OutputChannel):
    """A plain text is a reply without buttons; a custom payload the platform has no form for is
    not shown (Rasa's default would send its JSON as text)."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, [])

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        return None


# --- Telegram ------------------------------------------------------------------------------------
class TelegramOutput(PlatformOutput):
    def __init__(self, api: telegram.TelegramApi, callbacks: telegram.CallbackData):
        self.api = api
        self.callbacks = callbacks

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        for body in telegram.message_calls(recipient_id, text or "", buttons, self.callbacks):
            await self.api.call("sendMessage", body)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.api.call("sendPhoto", {"chat_id": recipient_id, "photo": image})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A circuit's start as a location pin, and its calendar file as a document."""
        start = circuit_start(json_message)
        if start is None:
            return
        await self.api.call(
            "sendLocation",
            {"chat_id": recipient_id, "latitude": start.latitude, "longitude": start.longitude},
        )
        calendar = await circuit_calendar_async(json_message)
        if calendar is not None:
            await self.api.send_document(recipient_id, calendar)


class TelegramInput(PlatformInput):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        token, secret = _required(credentials, cls, "access_token", "secret_token")
        return cls(token, secret, credentials.get("api_url") or telegram.DEFAULT_API_URL)

    def __init__(self, access_token: str, secret_token: str, api_url: str = telegram.DEFAULT_API_URL):
        super().__init__()
        self.secret_token = secret_token
        self.api = telegram.TelegramApi(access_token, api_url)
        self.callbacks = telegram.CallbackData()

    def get_output_channel(self) -> OutputChannel:
        return TelegramOutput(self.api, self.callbacks)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = self._blueprint("telegram_webhook", self.api.client.close)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not telegram.authentic(self.secret_token, request.headers.get(telegram.SECRET_HEADER)):
                return _forbidden(self.name(), request)
            try:
                incoming = telegram.parse_update(_json_body(request), self.callbacks)
            except BadBody:
                return _bad_body(self.name())
            if incoming is None or not self.fresh(incoming):
                return response.json({})
            query_id = incoming.extras.get("callback_query_id")
            if query_id:
                # Telegram shows a spinner on the button until the query is answered.
                await self.api.call("answerCallbackQuery", {"callback_query_id": query_id})
            if incoming.text:  # empty: a button whose payload a restart forgot
                await self.deliver(on_new_message, incoming, self.get_output_channel())
            return response.json({})

        return blueprint


# --- Messenger -----------------------------------------------------------------------------------
class MessengerOutput(PlatformOutput):
    def __init__(self, api: messenger.GraphApi):
        self.api = api

    @classmethod
    def name(cls) -> str:
        return "facebook"

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        for body in messenger.message_calls(recipient_id, text or "", buttons):
            await self.api.send(body)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        attachment = {"type": "image", "payload": {"url": image, "is_reusable": True}}
        await self.api.send({"recipient": {"id": recipient_id}, "message": {"attachment": attachment}})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A circuit's calendar file as a file attachment (Messenger has no location pin to send)."""
        calendar = await circuit_calendar_async(json_message)
        if calendar is not None:
            await self.api.send_file(recipient_id, calendar)


class MessengerInput(PlatformInput):
    @classmethod
    def name(cls) -> str:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        verify, secret, token = _required(credentials, cls, "verify", "secret", "page-access-token")
        return cls(verify, secret, token, credentials.get("graph_url") or messenger.DEFAULT_GRAPH_URL)

    def __init__(
        self, verify: str, secret: str, page_access_token: str, graph_url: str = messenger.DEFAULT_GRAPH_URL
    ):
        super().__init__()
        self.verify = verify
        self.secret = secret
        self.api = messenger.GraphApi(page_access_token, graph_url)
        self.languages: dict[str, str | None] = {}

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.api)

    async def language(self, user_id: str) -> str | None:
        """The user's profile locale, asked once per user: an answer, even a refusal, is kept; an
        outage is not (the next message asks again)."""
        if user_id in self.languages:
            return self.languages[user_id]
        response = await self.api.profile(user_id)
        language = messenger.profile_language(response.body) if response.ok else None
        if response.ok or 400 <= response.status < 500:
            if len(self.languages) > 10_000:
                self.languages.clear()
            self.languages[user_id] = language
        return language

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = self._blueprint("facebook_webhook", self.api.client.close)

        @blueprint.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            challenge = messenger.subscription_challenge(
                self.verify, {k: v[0] for k, v in request.args.items()}
            )
            if challenge is None:
                return _forbidden(self.name(), request)
            return response.text(challenge)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not messenger.authentic(
                self.secret, request.body or b"", request.headers.get(messenger.SIGNATURE_HEADER)
            ):
                return _forbidden(self.name(), request)
            try:
                events = messenger.parse_events(_json_body(request))
            except BadBody:
                return _bad_body(self.name())
            for incoming in events:
                if self.fresh(incoming):
                    incoming.language = await self.language(incoming.sender)
                    await self.deliver(on_new_message, incoming, self.get_output_channel())
            return response.text("EVENT_RECEIVED")

        return blueprint


# --- WhatsApp through Twilio ---------------------------------------------------------------------
class WhatsAppOutput(PlatformOutput):
    def __init__(self, api: whatsapp.TwilioApi, options: whatsapp.Options):
        self.api = api
        self.options = options

    @classmethod
    def name(cls) -> str:
        return "twilio"

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self.options.show(recipient_id, [str(button.get("payload") or "") for button in buttons])
        for body in whatsapp.message_bodies(text or "", buttons):
            await self.api.send(recipient_id, body)


class WhatsAppInput(PlatformInput):
    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        sid, token, number = _required(credentials, cls, "account_sid", "auth_token", "twilio_number")
        return cls(
            sid,
            token,
            number,
            webhook_url=credentials.get("webhook_url"),
            api_url=credentials.get("api_url") or whatsapp.DEFAULT_API_URL,
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        twilio_number: str,
        webhook_url: str | None = None,
        api_url: str = whatsapp.DEFAULT_API_URL,
    ):
        super().__init__()
        self.auth_token = auth_token
        # The URL Twilio calls, as Twilio signs it; behind a proxy, not the one this server sees.
        self.webhook_url = webhook_url
        self.api = whatsapp.TwilioApi(account_sid, auth_token, twilio_number, api_url)
        self.options = whatsapp.Options()

    def get_output_channel(self) -> OutputChannel:
        return WhatsAppOutput(self.api, self.options)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = self._blueprint("twilio_webhook", self.api.client.close)

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            # Twilio signs every parameter, empty ones too (a location's ``Body``).
            form = dict(parse_qsl((request.body or b"").decode("utf-8", "replace"), keep_blank_values=True))
            url = self.webhook_url or request.url
            if not whatsapp.authentic(
                self.auth_token, url, form, request.headers.get(whatsapp.SIGNATURE_HEADER)
            ):
                return _forbidden(self.name(), request)
            incoming = whatsapp.parse_form(form, self.options)
            if incoming is not None and self.fresh(incoming):
                await self.deliver(on_new_message, incoming, self.get_output_channel())
            return response.text("<Response></Response>", content_type="application/xml")

        return blueprint
