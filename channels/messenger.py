"""Messenger Platform (Graph API): reading webhook events, quick replies, the Send API.

https://developers.facebook.com/docs/messenger-platform — webhook ``entry[].messaging[]`` events
(``message.text``, ``message.quick_reply.payload``, ``message.attachments[]`` of type ``location``
with ``payload.coordinates.lat/long``, ``postback``), the ``X-Hub-Signature-256`` header
(``sha256=`` + HMAC-SHA256 of the raw body with the app secret), ``POST /me/messages`` (text up to
2,000 characters, at most 13 quick replies of 20-character titles), the user profile's ``locale``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from channels.common import WORDLESS, Incoming, platform_language, share_location, split_text
from channels.http import ApiClient, Response, Upload

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v18.0"
MESSAGE_LIMIT = 2000
QUICK_REPLIES_LIMIT = 13
TITLE_LIMIT = 20
SIGNATURE_HEADER = "X-Hub-Signature-256"


def signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def authentic(app_secret: str, body: bytes, header: str | None) -> bool:
    return bool(app_secret) and hmac.compare_digest(
        signature(app_secret, body).encode(), (header or "").encode()
    )


def subscription_challenge(verify_token: str, query: dict[str, str]) -> str | None:
    """The ``hub.challenge`` to echo when Meta checks the webhook with the right verify token."""
    given = (query.get("hub.verify_token") or "").encode()
    if (
        query.get("hub.mode") == "subscribe"
        and verify_token
        and hmac.compare_digest(given, verify_token.encode())
    ):
        return query.get("hub.challenge") or ""
    return None


def parse_events(body: dict[str, Any]) -> list[Incoming]:
    """Every user message of a webhook body (Messenger batches events: all are read)."""
    if not isinstance(body, dict) or body.get("object") != "page":
        return []
    found = []
    for entry in body.get("entry") or []:
        for event in (entry or {}).get("messaging") or []:
            incoming = _event(event)
            if incoming is not None:
                found.append(incoming)
    return found


def _event(event: dict[str, Any]) -> Incoming | None:
    sender = str((event.get("sender") or {}).get("id") or "")
    if not sender:
        return None
    postback = event.get("postback")
    if isinstance(postback, dict) and postback.get("payload"):
        delivery = postback.get("mid") or f"{sender}:{event.get('timestamp')}"
        return Incoming(sender, str(postback["payload"]), f"messenger:{delivery}")
    message = event.get("message")
    if not isinstance(message, dict) or message.get("is_echo") or not message.get("mid"):
        return None
    delivery = f"messenger:{message['mid']}"
    quick_reply = message.get("quick_reply")
    if isinstance(quick_reply, dict) and quick_reply.get("payload"):
        return Incoming(sender, str(quick_reply["payload"]), delivery)
    for attachment in message.get("attachments") or []:
        if (attachment or {}).get("type") == "location":
            coordinates = ((attachment.get("payload") or {}).get("coordinates")) or {}
            text = share_location(coordinates.get("lat"), coordinates.get("long"))
            if text:
                return Incoming(sender, text, delivery)
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return Incoming(sender, text.strip().lstrip("/"), delivery)
    return Incoming(sender, WORDLESS, delivery) if message.get("attachments") else None


def quick_replies(buttons: list[dict[str, Any]]) -> list[dict[str, str]]:
    replies = []
    for button in buttons[:QUICK_REPLIES_LIMIT]:
        title = str(button.get("title") or "")
        if len(title) > TITLE_LIMIT:
            title = title[: TITLE_LIMIT - 1].rstrip() + "…"
        replies.append({"content_type": "text", "title": title, "payload": str(button.get("payload") or "")})
    return replies


def message_calls(recipient: str, text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Send API bodies of one reply: parts within the limit, the quick replies on the last.
    Options beyond Messenger's 13 quick replies end the text, to be typed (nothing is lost)."""
    overflow = [str(button.get("title") or "") for button in buttons[QUICK_REPLIES_LIMIT:]]
    if overflow:
        text = f"{text.rstrip()}\n\n{' · '.join(overflow)}"
    parts = split_text(text, MESSAGE_LIMIT)
    calls = [
        {"recipient": {"id": recipient}, "messaging_type": "RESPONSE", "message": {"text": part}}
        for part in parts
    ]
    if buttons and calls:
        calls[-1]["message"]["quick_replies"] = quick_replies(buttons)
    return calls


def profile_language(profile: Any) -> str | None:
    return platform_language(profile.get("locale")) if isinstance(profile, dict) else None


class GraphApi:
    def __init__(
        self, page_access_token: str, graph_url: str = DEFAULT_GRAPH_URL, client: ApiClient | None = None
    ):
        self.token = page_access_token
        self.graph_url = graph_url.rstrip("/")
        self.client = client or ApiClient("messenger")

    async def send(self, body: dict[str, Any]) -> Response:
        return await self.client.call(
            "POST",
            f"{self.graph_url}/me/messages",
            json=body,
            params={"access_token": self.token},
            what="send",
        )

    async def send_file(self, recipient: str, file: Upload) -> Response:
        form = {
            "recipient": json.dumps({"id": recipient}),
            "message": json.dumps({"attachment": {"type": "file", "payload": {"is_reusable": False}}}),
        }
        return await self.client.call(
            "POST",
            f"{self.graph_url}/me/messages",
            form=form,
            upload=("filedata", file),
            params={"access_token": self.token},
            what="send file",
        )

    async def profile(self, user_id: str) -> Response:
        """The user's profile locale (the page may not be allowed to read it: an error answer)."""
        return await self.client.call(
            "GET",
            f"{self.graph_url}/{user_id}",
            params={"fields": "locale", "access_token": self.token},
            what="profile",
        )
