"""Which environment variables turn each messaging channel on, and the ``credentials.yml`` block
``make run`` (``bot.ops.serve``) adds for it. Values stay ``${VARIABLES}``: Rasa reads them from the
environment, so no secret is written to disk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChannelSetting:
    platform: str
    module: str  # the input channel's class, by module path
    webhook: str  # the path the platform is given, after the public address
    required: dict[str, str]  # credential key -> environment variable
    optional: dict[str, str] = field(default_factory=dict)

    def enabled(self, environ: Mapping[str, str]) -> bool:
        return all(environ.get(variable) for variable in self.required.values())

    def credentials(self, environ: Mapping[str, str]) -> dict[str, str]:
        keys = {**self.required, **{k: v for k, v in self.optional.items() if environ.get(v)}}
        return {key: "${" + variable + "}" for key, variable in keys.items()}


CHANNELS = (
    ChannelSetting(
        "Telegram",
        "channels.inputs.TelegramInput",
        "/webhooks/telegram/webhook",
        {"access_token": "TELEGRAM_ACCESS_TOKEN", "secret_token": "TELEGRAM_SECRET_TOKEN"},
        {"api_url": "TELEGRAM_API_URL"},
    ),
    ChannelSetting(
        "Messenger",
        "channels.inputs.MessengerInput",
        "/webhooks/facebook/webhook",
        {
            "verify": "FACEBOOK_VERIFY_TOKEN",
            "secret": "FACEBOOK_APP_SECRET",
            "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
        },
        {"graph_url": "FACEBOOK_GRAPH_URL"},
    ),
    ChannelSetting(
        "WhatsApp (Twilio)",
        "channels.inputs.WhatsAppInput",
        "/webhooks/twilio/webhook",
        {
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_WHATSAPP_NUMBER",
        },
        {"webhook_url": "TWILIO_WEBHOOK_URL", "api_url": "TWILIO_API_URL"},
    ),
)


def enabled_channels(environ: Mapping[str, str]) -> list[ChannelSetting]:
    return [channel for channel in CHANNELS if channel.enabled(environ)]


def channel_credentials(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The ``credentials.yml`` entries of the channels ``environ`` turns on."""
    return {channel.module: channel.credentials(environ) for channel in enabled_channels(environ)}
