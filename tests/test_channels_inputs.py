"""What the messaging channels (channels/inputs.py) hand to Rasa: the same text the REST channel would."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.conversation.turn import MAX_TEXT
from bot.texts import t
from channels.common import Incoming
from channels.inputs import PlatformInput
from tests.threads import run_async


class Recorded(OutputChannel):
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent.append(message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.sent.append({"text": text})


def deliver(text: str, answer: bool) -> tuple[list[UserMessage], list[dict[str, Any]]]:
    received: list[UserMessage] = []

    async def rasa(message: UserMessage) -> None:
        received.append(message)
        if answer:
            await message.output_channel.send_response(message.sender_id, {"text": "Bonjour !"})

    output = Recorded()
    incoming = Incoming("visitor", text, "delivery-1", language="fr")
    run_async(PlatformInput().deliver(rasa, incoming, output))
    return received, output.sent


def test_an_over_long_message_is_cut_before_the_nlu_as_on_rest():
    (message,), sent = deliver("Bonjour \x00\ud800" + "a" * 200_000, answer=True)
    assert len(message.text) == MAX_TEXT + 1  # the dialogue sees it was too long and says so
    assert "\x00" not in message.text and "\ud800" not in message.text
    assert sent == [{"text": "Bonjour !"}]


def test_a_message_rasa_leaves_without_reply_gets_that_the_assistant_cannot_answer():
    _, sent = deliver("Bonjour, je voudrais un circuit", answer=False)
    assert sent == [{"text": t("fr", "dialogue.chat.unavailable")}]
