"""``python -m bot channels set-webhook telegram URL``: tell Telegram where the assistant listens.

Registering the webhook is a command run once per public address, not a startup step: ``make run``
needs no internet. Messenger and Twilio take their webhook URL in their own consoles (README).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from urllib.parse import urlsplit

from bot.errors import UserError
from channels.settings import CHANNELS
from channels.telegram import DEFAULT_API_URL, TelegramApi

TELEGRAM = next(channel for channel in CHANNELS if channel.module.endswith("TelegramInput"))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("channels", help="messaging channels")
    commands = parser.add_subparsers(dest="channels_command", required=True)
    webhook = commands.add_parser(
        "set-webhook",
        help="register the assistant's public webhook with the platform",
        description="Uses TELEGRAM_ACCESS_TOKEN, TELEGRAM_SECRET_TOKEN and TELEGRAM_API_URL (optional).",
    )
    webhook.add_argument("platform", choices=["telegram"])
    webhook.add_argument("url", help=f"public HTTPS address (…{TELEGRAM.webhook} is added when missing)")
    webhook.set_defaults(func=set_webhook)


def webhook_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise UserError(f"Telegram only calls HTTPS addresses: {url}")
    return url if parts.path.rstrip("/").endswith(TELEGRAM.webhook) else url.rstrip("/") + TELEGRAM.webhook


def set_webhook(args: argparse.Namespace) -> int:
    missing = [variable for variable in TELEGRAM.required.values() if not os.environ.get(variable)]
    if missing:
        raise UserError(f"set {', '.join(missing)} first (see README, Messaging channels)")
    url = webhook_url(args.url)
    api = TelegramApi(
        os.environ["TELEGRAM_ACCESS_TOKEN"], os.environ.get("TELEGRAM_API_URL") or DEFAULT_API_URL
    )
    response = asyncio.run(_set(api, url, os.environ["TELEGRAM_SECRET_TOKEN"]))
    if not response.ok:
        reason = response.body.get("description") if isinstance(response.body, dict) else response.body
        raise UserError(f"Telegram refused the webhook: {reason or response.status or 'no answer'}")
    print(f"Telegram now sends the bot's updates to {url}")
    return 0


async def _set(api: TelegramApi, url: str, secret: str):
    try:
        return await api.set_webhook(url, secret)
    finally:
        await api.client.close()
