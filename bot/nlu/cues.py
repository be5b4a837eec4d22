"""``QuestionCues``: a message worded as a question about the sites is that question, whatever DIET says.

DIET learns intents from sentences; a question with a theme in it ("le musée 14-18 est gratuit ?")
or said in the middle of the form's questions comes out as ``inform`` or unsure. The cues
(``bot.conversation.questions``) are read after the entity extractors, so that a message that also
describes a trip keeps its intent and goes to the circuit form.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.questions import question_intent
from bot.nlu.overrides import IntentOverride


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionCues(IntentOverride):
    def chosen(self, message: Message) -> str | None:
        entities: dict[str, list[Any]] = {}
        for entity in message.get(ENTITIES) or []:
            entities.setdefault(entity.get("entity"), []).append(entity.get("value"))
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return question_intent(message.get(TEXT) or "", intent, entities)
