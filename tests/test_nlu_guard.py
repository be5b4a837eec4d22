"""bot.nlu.guard: a message longer than the dialogue reads becomes Rasa's NLU fallback."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.conversation.turn import MAX_TEXT
from bot.nlu.guard import LongMessageGuard


def classified(text: str) -> Message:
    message = Message(data={"text": text, "intent": {"name": "group_offer", "confidence": 0.97}})
    return LongMessageGuard().process([message])[0]


def test_a_message_longer_than_the_dialogue_reads_is_not_understood():
    message = classified("x" * 5000)
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"


def test_a_message_of_the_longest_length_read_keeps_its_intent():
    assert classified("a" * MAX_TEXT).get("intent")["name"] == "group_offer"
