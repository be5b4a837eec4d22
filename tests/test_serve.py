"""The supervisor's own pieces that need no running server."""

import yaml

from bot.ops import serve
from bot.ops.serve import Ports, Stack, auth_token, endpoints_yaml, read_env_file
from channels.settings import CHANNELS


def test_token_is_created_once_and_kept_private(tmp_path):
    env = tmp_path / ".env"
    first = auth_token(env)
    assert len(first) >= 24
    assert auth_token(env) == first
    assert read_env_file(env) == {"RASA_AUTH_TOKEN": first}
    assert env.stat().st_mode & 0o077 == 0


def test_existing_env_file_is_kept(tmp_path):
    env = tmp_path / ".env"
    env.write_text("# local settings\nOSRM_URL=http://localhost:5000\n")
    token = auth_token(env)
    assert read_env_file(env) == {"OSRM_URL": "http://localhost:5000", "RASA_AUTH_TOKEN": token}


def test_free_ports_are_distinct():
    ports = Ports.free()
    assert len({ports.rasa, ports.actions, ports.web}) == 3


def test_a_messaging_channel_is_on_when_its_variables_are_set(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "BUILD", tmp_path)
    for channel in CHANNELS:
        for variable in [*channel.required.values(), *channel.optional.values()]:
            monkeypatch.delenv(variable, raising=False)
    telegram = {
        "TELEGRAM_ACCESS_TOKEN": "123:abc",
        "TELEGRAM_SECRET_TOKEN": "s",
        "TELEGRAM_API_URL": "http://stub",
    }
    half_twilio = {"TWILIO_ACCOUNT_SID": "AC1"}
    stack = Stack(Ports(rasa=5999), extra_env={**telegram, **half_twilio})
    assert [channel.platform for channel in stack.channels] == ["Telegram"]
    credentials = yaml.safe_load(stack._credentials_file(stack._environment()).read_text())
    assert credentials["channels.inputs.TelegramInput"] == {
        "access_token": "${TELEGRAM_ACCESS_TOKEN}",
        "secret_token": "${TELEGRAM_SECRET_TOKEN}",
        "api_url": "${TELEGRAM_API_URL}",
    }
    assert "channels.rest.RestInput" in credentials and "channels.socketio.SocketIOInput" in credentials
    assert len(credentials) == 3
    summary = serve.channels_summary(stack)
    assert "Telegram        http://localhost:5999/webhooks/telegram/webhook" in summary
    assert "WhatsApp (Twilio): TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER" in summary


def test_rasa_keeps_conversations_in_a_sqlite_file(tmp_path):
    endpoints = yaml.safe_load(endpoints_yaml("http://localhost:5056", tmp_path / "conversations.db"))
    assert endpoints["action_endpoint"] == {
        "url": "http://localhost:5056/webhook",
        "headers": {"X-Action-Token": "${ACTION_SERVER_TOKEN}"},  # Rasa reads it from the environment
    }
    assert endpoints["tracker_store"] == {
        "type": "SQL",
        "dialect": "sqlite",
        "db": str(tmp_path / "conversations.db"),
    }
