"""Rasa 3.6 graph components wrapping the pure extractors of ``bot.nlu`` (the only Rasa code in ``bot/``).

None needs training. The rule extractor runs first; the gazetteer then skips spans that an earlier
extractor already claimed, so that "en anglais" is a ``language`` and not the theme "anglais".
``EntityFeaturizer`` gives the intent classifier the same findings as features: a message that is just
"Abbeville" is a town, hence most likely an answer (``inform``), though DIET never saw that word.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy import sparse

from bot.knowledge import open_kb
from bot.nlu.entities import Found
from bot.nlu.gazetteer import GAZETTEER_ENTITIES, EntityGazetteer
from bot.nlu.rules import RULES, find_rule_entities

ENTITY_TYPES = [*RULES, *GAZETTEER_ENTITIES]
# After the entity types, EntityFeaturizer's sentence features describe the message's shape:
# every word is part of an entity ("Arras, 2 days"), most words are, it asks a question.
SHAPE_FEATURES = ["all_entities", "mostly_entities", "question_mark"]
_REPEATED = re.compile(r"(\w)\1{2,}")


def plain_word(text: str) -> str:
    """The word as the count featurizers see it: lower case, no accents, no letter typed 3+ times
    ("Évènement" -> "evenement", "merciii" -> "mercii", "cœur" -> "coeur")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe").replace("’", "'"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return _REPEATED.sub(r"\1\1", plain)


MARKUP = re.compile(r"<script\b.*?(?:</script\s*>|$)|<[^<>]{1,200}>", re.IGNORECASE | re.DOTALL)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class PlainWhitespaceTokenizer(WhitespaceTokenizer):
    """Rasa's whitespace tokenizer, each token's lemma written plain (``plain_word``): the count
    featurizers (``use_lemma``, their default) then treat "evenement", "événement" and "Evénement"
    as one word, as users typing without accents or on a phone expect."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        # Markup pasted into the chat ("<script>…</script> horaires la coupole") says nothing about
        # the intent: blanked out (same length, so every token keeps its offsets in the message).
        text = message.get(attribute) or ""
        plain = MARKUP.sub(lambda found: " " * len(found.group()), text)
        tokens = super().tokenize(Message({attribute: plain}) if plain.strip() else message, attribute)
        for token in tokens:
            token.lemma = plain_word(token.text)
        return tokens


def _add(message: Message, found: list[Found], extractor: str) -> None:
    existing = message.get(ENTITIES, [])
    fresh = [
        {**item.as_rasa(), "extractor": extractor}
        for item in found
        if not any(item.overlaps(other["start"], other["end"]) for other in existing)
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


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class EntityFeaturizer(SparseFeaturizer, GraphComponent):
    """One feature per entity type (``ENTITY_TYPES``): on the tokens it covers, and on the sentence;
    then the sentence's shape (``SHAPE_FEATURES``): an answer is often nothing but entities."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SparseFeaturizer.get_default_config(), "database": None}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check: the only option is an optional database path."""

    def __init__(self, config: dict[str, Any], name: str, gazetteer: EntityGazetteer):
        super().__init__(name, config)
        self.gazetteer = gazetteer

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EntityFeaturizer:
        gazetteer = EntityGazetteer.from_knowledge(open_kb(config.get("database")))
        return cls(config, execution_context.node_name, gazetteer)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        today = date.today()
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT], [])
            text = message.get(TEXT)
            if not text or not tokens:
                continue
            rules = find_rule_entities(text, today)
            found = rules + [item for item in self.gazetteer.find(text) if not _claimed(item, rules)]
            width = len(ENTITY_TYPES) + len(SHAPE_FEATURES)
            sequence = sparse.lil_matrix((len(tokens), width))
            sentence = sparse.lil_matrix((1, width))
            covered = [False] * len(tokens)
            for item in found:
                column = ENTITY_TYPES.index(item.entity)
                sentence[0, column] = 1.0
                for row, token in enumerate(tokens):
                    if item.overlaps(token.start, token.end):
                        sequence[row, column] = 1.0
                        covered[row] = True
            shape = len(ENTITY_TYPES)
            sentence[0, shape] = float(all(covered))
            sentence[0, shape + 1] = float(sum(covered) * 2 > len(tokens))
            sentence[0, shape + 2] = float("?" in text)
            self.add_features_to_message(sequence.tocoo(), sentence.tocoo(), TEXT, message)
        return messages


def _claimed(item: Found, earlier: list[Found]) -> bool:
    return any(other.overlaps(item.start, item.end) for other in earlier)
