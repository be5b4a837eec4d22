"""One user message as the dialogue sees it: text, intent, entities and the language to answer in.

Rasa hands actions the parsed message as a plain dict (``tracker.latest_message``); ``read_turn``
reads it, so the rest of the dialogue logic never touches Rasa objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.conversation.entity_checks import checked_value
from bot.language import detect_language, requested_language
from bot.texts import LANGUAGES

# Longer messages are cut before any parsing, as the gazetteer lookups grow with the length of the
# text. A tourism office's e-mail pasted whole fits.
MAX_TEXT = 1500


@dataclass
class Turn:
    text: str
    intent: str | None
    entities: dict[str, list[Any]] = field(default_factory=dict)
    lang: str = "fr"
    switched: bool = False  # the visitor asked for this language explicitly
    too_long: bool = False  # the message was cut to MAX_TEXT characters (bot.nlu.guard: not understood)

    def entity(self, name: str) -> Any:
        """The first value of entity ``name``, else None."""
        values = self.entities.get(name) or []
        return values[0] if values else None


def read_turn(message: dict | None, previous_lang: str | None = None) -> Turn:
    """The latest message of a tracker. The language is, in order: an explicit request ("in English
    please", a language button), the channel's metadata (the website says which language its page is
    in), what the words of the message say, the previous language, the language of the user's
    messaging app (``platform_language``: a hint for a first message that says too little, such as
    Telegram's /start)."""
    message = message or {}
    full_text = message.get("text") or ""
    text = full_text[:MAX_TEXT]
    intent = (message.get("intent") or {}).get("name")
    if intent and text.startswith(f"/{intent}"):
        text = ""  # a button's payload: its entities say everything, its JSON is no language
    entities: dict[str, list[Any]] = {}
    for entity in message.get("entities") or []:
        value = checked_value(entity.get("entity"), entity.get("value"))
        if value is not None:  # a value no extractor makes came from a typed payload: not said
            entities.setdefault(entity["entity"], []).append(value)
    metadata = message.get("metadata") if isinstance(message.get("metadata"), dict) else {}
    asked = requested_language(text)
    if intent == "switch_language" and entities.get("language"):
        asked = str(entities["language"][0])[:2].lower()
    too_long = len(full_text) > MAX_TEXT
    if asked in LANGUAGES:
        return Turn(text, intent, entities, asked, switched=True, too_long=too_long)
    channel_lang = str(metadata.get("language") or "")[:2].lower()
    if channel_lang in LANGUAGES:
        return Turn(text, intent, entities, channel_lang, too_long=too_long)
    previous = previous_lang or str(metadata.get("platform_language") or "") or None
    return Turn(text, intent, entities, detect_language(text, previous=previous), too_long=too_long)
