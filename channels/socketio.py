"""Rasa's socket.io channel (same name and path, ``/socket.io``), for the website's chat, made strict.

- Only pages of the allowed origins connect (``ALLOWED_ORIGINS``, default: the website); Rasa's
  channel turns engine.io's origin check off (``cors_allowed_origins=[]``) and accepts any page.
- An event whose message is not text or whose metadata is not an object is read as an empty
  message, not left to raise in the handler (``bot.inbound.socket_message``), and every text is
  cleaned and bounded before the NLU sees it, and never left without a reply (``channels.rest.guarded``).

Declared in credentials.yml by its module path, ``channels.socketio.SocketIOInput``.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from bot.config import settings
from bot.inbound import socket_message
from channels.rest import Handler, guarded


class SocketIOInput(RasaSocketIOInput):
    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = super().blueprint(guarded(on_new_message))
        sio = self.sio
        allowed_origins = settings().allowed_origins
        handlers = sio.handlers[self.namespace or "/"]
        connect, handle_message = handlers["connect"], handlers[self.user_message_evt]

        # Checked here rather than by engine.io's own origin check, which would also add CORS headers
        # to those Rasa's CORS already sends: a browser refuses a response with two.
        @sio.on("connect", namespace=self.namespace)
        async def connect_from_an_allowed_origin(sid: str, environ: dict, auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if origin and origin.rstrip("/") not in allowed_origins:
                return False
            return await connect(sid, environ, auth)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_checked_message(sid: str, data: Any) -> None:
            checked = socket_message(data)
            if checked is not None:
                await handle_message(sid, checked)

        return webhook
