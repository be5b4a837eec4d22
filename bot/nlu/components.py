"""Rasa 3.6 graph components wrapping the pure extractors of ``bot.nlu`` (the only Rasa code in ``bot/``).

Both need no training. The rule extractor runs first; the gazetteer then skips spans that an earlier
extractor already claimed, so that "en anglais" is a ``language`` and not the theme "anglais".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge import open_kb
from bot.nlu.entities import Found
from bot.nlu.gazetteer import EntityGazetteer
from bot.nlu.rules import find_rule_entities


def _add(message: Message, found: list[Found], extractor: str) -> None:
    existing = message.get(ENTITIES, [])
    fresh = [
        {**item.as_rasa(), "extractor": extractor}
        for item in found
        if not any(item.start < other["end"] and other["start"] < item.end for other in existing)
    ]
    message.set(ENTITIES, existing + fresh, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RuleEntityExtractor(GraphComponent, EntityExtractorMixin):
    """date, duration, transport_mode, party, accessibility, language and number, by rules."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleEntityExtractor:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        today = date.today()
        for message in messages:
            text = message.get(TEXT) or ""
            _add(message, find_rule_entities(text, today), self.name)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class GazetteerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """site, theme and town, from the knowledge base (``database``: optional path to a built one)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"database": None}

    def __init__(self, gazetteer: EntityGazetteer):
        self.gazetteer = gazetteer

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GazetteerEntityExtractor:
        return cls(EntityGazetteer.from_knowledge(open_kb(config.get("database"))))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            _add(message, self.gazetteer.find(text), self.name)
        return messages
