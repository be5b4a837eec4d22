"""End-to-end faults on the single-process stack (marker `e2e`): a server down gets a reply, not silence."""

from __future__ import annotations

import signal

import pytest

from bot.ops.serve import DEFAULT_MODEL, Ports, Stack
from bot.texts import t
from tests.e2e.conftest import LOGS, Conversation

pytestmark = pytest.mark.e2e


@pytest.fixture
def own_stack(tmp_path):
    """A stack of its own: this test kills one of its servers."""
    assert DEFAULT_MODEL.exists(), f"no trained model at {DEFAULT_MODEL}: run `make train` first"
    with Stack(Ports.free(), log_dir=LOGS / "faults", tracker_db=tmp_path / "conversations.db") as running:
        yield running


def test_with_the_action_server_down_the_visitor_is_told_the_assistant_cannot_answer(own_stack):
    french, english = Conversation(own_stack), Conversation(own_stack)
    assert french.text("Bonjour") != t("fr", "dialogue.chat.unavailable")
    actions = next(service for service in own_stack.services if service.name == "actions")
    actions.process.send_signal(signal.SIGKILL)
    actions.process.wait()
    assert french.text("Je voudrais un circuit depuis Arras") == t("fr", "dialogue.chat.unavailable")
    assert english.text("Hello, I would like a trip from Arras") == t("en", "dialogue.chat.unavailable")
