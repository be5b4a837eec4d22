"""A local SMTP server (aiosmtpd, the real protocol) that keeps every message it is given."""

from __future__ import annotations

import email
import email.policy
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from bot.ops.serve import free_port


class Inbox:
    """aiosmtpd's handler: the envelopes received, in order."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook for a message
        self.envelopes.append(envelope)
        return "250 OK"

    def message(self, index: int = -1) -> EmailMessage:
        return email.message_from_bytes(self.envelopes[index].content, policy=email.policy.default)


@contextmanager
def smtp_server():
    """``(port, inbox)`` of an SMTP server on 127.0.0.1, stopped on exit."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()
