"""Sending a handout by e-mail through the configured SMTP server (``SMTP_*`` settings)."""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage

from bot.console.settings import ConsoleSettings

ADDRESS = re.compile(r"[^@\s<>,;\"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")


class MailNotConfigured(Exception):
    """No SMTP server is configured (``SMTP_HOST``)."""


class MailFailed(Exception):
    """The SMTP server refused the message or could not be reached."""


def valid_address(address: str) -> bool:
    return isinstance(address, str) and bool(ADDRESS.fullmatch(address))


def handout_message(sender: str, to: str, subject: str, text: str, html: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send(config: ConsoleSettings, to: str, subject: str, text: str, html: str) -> None:
    """Send the handout (text and HTML parts); MailNotConfigured or MailFailed say why not."""
    if not config.smtp_host:
        raise MailNotConfigured()
    message = handout_message(config.mail_from, to, subject, text, html)
    context = ssl.create_default_context()
    try:
        if config.smtp_security == "tls":
            client = smtplib.SMTP_SSL(
                config.smtp_host, config.smtp_port, timeout=config.smtp_timeout_s, context=context
            )
        else:
            client = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.smtp_timeout_s)
        with client:
            if config.smtp_security == "starttls":
                client.starttls(context=context)
            if config.smtp_user:
                client.login(config.smtp_user, config.smtp_password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailFailed(str(error)) from None
