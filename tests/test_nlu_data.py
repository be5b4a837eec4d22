"""The NLU training data and held-out test sets: valid, consistent with the domain, and kept apart."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.config import PROJECT_ROOT
from bot.nlu.components import ENTITY_TYPES
from bot.texts import LANGUAGES

TRAINING = PROJECT_ROOT / "data" / "nlu"
TEST_SETS = PROJECT_ROOT / "tests" / "nlu"
MIN_TRAINING_EXAMPLES = 40
MIN_TEST_EXAMPLES = 10
NOT_LEARNT = {"nlu_fallback"}  # made by FallbackClassifier
# The website's button sends /share_location{...} without the NLU: a few typed variants only, no test set.
BUTTON_INTENTS = {"share_location"}
MIN_BUTTON_EXAMPLES = 10


def domain_intents() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {intent if isinstance(intent, str) else next(iter(intent)) for intent in domain["intents"]}


def domain_entities() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {entity if isinstance(entity, str) else next(iter(entity)) for entity in domain["entities"]}


def examples(paths: list[Path]):
    return [message for path in paths for message in load_data(str(path)).intent_examples]


def training(lang: str):
    return examples(sorted((TRAINING / lang).glob("*.yml")))


def held_out(lang: str):
    return examples([TEST_SETS / f"{lang}.yml"])


def plain(text: str) -> str:
    """Lower case, punctuation and spacing ignored: "Thanks!" and "thanks" are the same example."""
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_learnt_intent_has_enough_training_examples_in_each_language(lang):
    counts = Counter(message.get("intent") for message in training(lang))
    assert set(counts) == domain_intents() - NOT_LEARNT
    too_few = {
        intent: count
        for intent, count in counts.items()
        if count < (MIN_BUTTON_EXAMPLES if intent in BUTTON_INTENTS else MIN_TRAINING_EXAMPLES)
    }
    assert too_few == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_learnt_intent_has_enough_test_examples_in_each_language(lang):
    counts = Counter(message.get("intent") for message in held_out(lang))
    assert set(counts) == domain_intents() - NOT_LEARNT - BUTTON_INTENTS
    assert {intent: count for intent, count in counts.items() if count < MIN_TEST_EXAMPLES} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_test_example_is_in_the_training_data(lang):
    trained = {plain(message.get("text")) for other in LANGUAGES for message in training(other)}
    copied = [message.get("text") for message in held_out(lang) if plain(message.get("text")) in trained]
    assert copied == []


def test_no_example_is_given_two_intents():
    seen: dict[str, str] = {}
    clashes = []
    for lang in LANGUAGES:
        for message in training(lang):
            key, intent = message.get("text").lower().strip(), message.get("intent")
            if seen.setdefault(key, intent) != intent:
                clashes.append((message.get("text"), seen[key], intent))
    assert clashes == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annotated_entities_are_domain_entities_found_by_the_extractors(lang):
    annotated = {
        entity["entity"]
        for message in held_out(lang) + training(lang)
        for entity in message.get("entities", [])
    }
    assert annotated <= domain_entities()
    assert annotated <= set(ENTITY_TYPES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annotations_fall_on_the_text(lang):
    for message in held_out(lang):
        for entity in message.get("entities", []):
            written = message.get("text")[entity["start"] : entity["end"]]
            assert written == written.strip() and written, (message.get("text"), entity)
