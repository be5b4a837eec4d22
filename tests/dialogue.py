"""Plays turns of the dialogue's logic (``bot.conversation.dialogue.respond``) as plain calls: a
message (Rasa's parsed message, a plain dict) and a ``Situation``, no tracker and no Rasa."""

from __future__ import annotations

from dataclasses import asdict

from bot.conversation.dialogue import respond
from bot.conversation.situation import Situation


def play(action, text, intent="inform", entities=None, slots=None, metadata=None, **situation):
    """The answer of ``action`` (its name in domain.yml) to ``text``, where the conversation stands as
    ``slots`` and ``situation`` (``Situation``'s fields: ``previous_action``, ``best_guess``...) say;
    returns (the replies as dicts: text, buttons, custom; the slots set; the event codes)."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [  # a list of values: the entity found that many times
            {"entity": name, "value": value}
            for name, values in (entities or {}).items()
            for value in (values if isinstance(values, list) else [values])
        ],
        "metadata": metadata or {},
    }
    answer = respond(action, message, Situation(slots=dict(slots or {}), **situation))
    return [asdict(reply) for reply in answer.replies], answer.slots, answer.events


def texts(messages) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def fill_form(turns, slots=None):
    """Plays the form's validation over several turns, as Rasa would, and returns the slots."""
    slots = dict(slots or {})
    for text, entities in turns:
        _, changes, _ = play("validate_circuit_form", text, "inform", entities, slots)
        slots.update(changes)
    return slots
