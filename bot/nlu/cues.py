"""``QuestionCues``: a message worded as a question about the sites is that question, whatever DIET says.

DIET learns intents from sentences; a question with a theme in it ("le musée 14-18 est gratuit ?")
or said in the middle of the form's questions comes out as ``inform`` or unsure. The cues
(``bot.conversation.questions``) are read after the entity extractors, so that a message that also
describes a trip keeps its intent and goes to the circuit form.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.conversation.questions import question_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionCues(GraphComponent, IntentClassifier):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionCues:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities: dict[str, list[Any]] = {}
            for entity in message.get(ENTITIES) or []:
                entities.setdefault(entity.get("entity"), []).append(entity.get("value"))
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            asked = question_intent(message.get(TEXT) or "", intent, entities)
            if asked:
                chosen = {INTENT_NAME_KEY: asked, PREDICTED_CONFIDENCE_KEY: 1.0}
                ranking = [
                    each for each in message.get(INTENT_RANKING_KEY) or [] if each.get("name") != asked
                ]
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
        return messages
