"""Rasa's socket.io channel (same name and path, ``/socket.io``), for the website's chat, made strict.

- Only pages of the allowed origins connect (``ALLOWED_ORIGINS``, default: the website); Rasa's
  channel turns the origin check off (``cors_allowed_origins=[]``).
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
        sio.eio.cors_allowed_origins = list(settings().allowed_origins)
        handle_message = sio.handlers[self.namespace or "/"][self.user_message_evt]

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_checked_message(sid: str, data: Any) -> None:
            checked = socket_message(data)
            if checked is not None:
                await handle_message(sid, checked)

        return webhook
