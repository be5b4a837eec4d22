"""Start the real stack (action server, Rasa, website) once, on free ports, for the e2e tests, with
the messaging channels on and pointed at local stand-ins of the platforms (tests/stubs/platforms.py).

`make test` trains the model before pytest runs; without a model these tests fail (not skip).
"""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest

from bot.config import PROJECT_ROOT
from bot.ops.serve import DEFAULT_MODEL, Ports, Stack
from channels.settings import CHANNELS
from tests.stubs.platforms import Platforms

LOGS = PROJECT_ROOT / "test-artifacts" / "e2e-logs"


@pytest.fixture(scope="session")
def platforms():
    """The platforms' APIs, as the assistant's channels call them (see ``channel_webhooks``)."""
    started = Platforms().start()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def stack(platforms, tmp_path_factory):
    assert DEFAULT_MODEL.exists(), f"no trained model at {DEFAULT_MODEL}: run `make train` first"
    # Tiles point at an address that cannot answer: the tests are offline and the page must cope.
    offline_tiles = {"TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png"}
    conversations = tmp_path_factory.mktemp("e2e") / "conversations.db"  # not make run's
    extra_env = {**offline_tiles, **platforms.env()}
    with Stack(Ports.free(), log_dir=LOGS, extra_env=extra_env, tracker_db=conversations) as running:
        yield running


@pytest.fixture(scope="session")
def channel_webhooks(stack, platforms) -> Platforms:
    """The platform stand-ins, each knowing the running assistant's webhook to deliver to."""
    assert len(stack.channels) == len(CHANNELS)
    for stub, channel in zip(platforms.all(), CHANNELS, strict=True):
        stub.webhook_url = stack.rasa_url + channel.webhook
    return platforms


@pytest.fixture(scope="session")
def website(stack) -> str:
    """The real website, whose chat talks to the real Rasa over socket.io (see tests/conftest.py)."""
    return stack.web_url


class Conversation:
    """One REST conversation: ``say`` posts a message and returns the bot's replies."""

    def __init__(self, stack: Stack, sender: str | None = None):
        self.url = f"{stack.rasa_url}/webhooks/rest/webhook"
        self.sender = sender or f"e2e-{uuid.uuid4().hex[:10]}"

    def say(self, message: str, metadata: dict | None = None) -> list[dict]:
        body = json.dumps({"sender": self.sender, "message": message, "metadata": metadata or {}}).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"[]")

    def text(self, message: str) -> str:
        return reply_text(self.say(message))


def reply_text(replies: list[dict]) -> str:
    parts = []
    for reply in replies:
        parts.append(reply.get("text") or "")
        parts.extend(button.get("title", "") for button in reply.get("buttons") or [])
    return "\n".join(part for part in parts if part)


@pytest.fixture
def conversation(stack):
    return Conversation(stack)


@pytest.fixture
def new_conversation(stack):
    return lambda: Conversation(stack)
