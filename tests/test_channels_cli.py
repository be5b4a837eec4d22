"""``python -m bot channels set-webhook telegram URL`` against the Telegram stub."""

from __future__ import annotations

import pytest

from bot.cli import main
from tests.stubs.platforms import TelegramStub
from tests.threads import in_thread


@pytest.fixture
def telegram(monkeypatch):
    stub = TelegramStub().start()
    for name, value in stub.env().items():
        monkeypatch.setenv(name, value)
    yield stub
    stub.stop()


def test_set_webhook_registers_the_url_and_the_secret_token(telegram, capsys):
    assert in_thread(main, ["channels", "set-webhook", "telegram", "https://bot.example.org"]) == 0
    [call] = telegram.calls
    assert call.path == f"/bot{telegram.token}/setWebhook"
    assert call.fields["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert call.fields["secret_token"] == telegram.secret_token
    assert "https://bot.example.org/webhooks/telegram/webhook" in capsys.readouterr().out


def test_set_webhook_says_what_is_wrong(telegram, monkeypatch, capsys):
    assert in_thread(main, ["channels", "set-webhook", "telegram", "http://bot.example.org"]) == 2
    assert "HTTPS" in capsys.readouterr().err
    monkeypatch.setenv("TELEGRAM_ACCESS_TOKEN", "999:wrong")
    assert (
        in_thread(
            main, ["channels", "set-webhook", "telegram", "https://bot.example.org/webhooks/telegram/webhook"]
        )
        == 2
    )
    assert "Telegram refused the webhook: Unauthorized" in capsys.readouterr().err
    monkeypatch.delenv("TELEGRAM_SECRET_TOKEN")
    assert in_thread(main, ["channels", "set-webhook", "telegram", "https://bot.example.org"]) == 2
    assert "set TELEGRAM_SECRET_TOKEN first" in capsys.readouterr().err
