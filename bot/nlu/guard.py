"""``LongMessageGuard``: a message longer than the dialogue reads is not understood, whatever DIET says.

DIET classifies anything, and confidently: 5,000 "x" came out as a group-offer question. The dialogue
reads only the first ``MAX_TEXT`` characters of a message, so a longer one is turned into Rasa's NLU
fallback; the fallback action then asks for a shorter message (``Turn.too_long``).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.conversation.turn import MAX_TEXT


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LongMessageGuard(GraphComponent, IntentClassifier):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LongMessageGuard:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if len(message.get(TEXT) or "") > MAX_TEXT:
                fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, fallback, add_to_output=True)
                message.set(
                    INTENT_RANKING_KEY,
                    [fallback, *(message.get(INTENT_RANKING_KEY) or [])],
                    add_to_output=True,
                )
        return messages
