"""``LongMessageGuard``: a message longer than the dialogue reads is not understood, whatever DIET says.

DIET classifies anything, and confidently: 5,000 "x" came out as a group-offer question. The dialogue
reads only the first ``MAX_TEXT`` characters of a message, so a longer one is turned into Rasa's NLU
fallback; the fallback action then asks for a shorter message (``Turn.too_long``).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.turn import MAX_TEXT
from bot.nlu.overrides import IntentOverride


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LongMessageGuard(IntentOverride):
    def chosen(self, message: Message) -> str | None:
        return DEFAULT_NLU_FALLBACK_INTENT_NAME if len(message.get(TEXT) or "") > MAX_TEXT else None
