"""The custom actions as adapters, run as Rasa runs them (a Tracker, a CollectingDispatcher) on the real
knowledge base: one action for each of the domain's, where the conversation stands read from the
tracker, the answer's codes turned into Rasa events, and no error ever reaching the visitor.

The dialogue's logic behind them is tested as plain calls in tests/test_dialogue_*.py.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    AnswerSiteQuestion,
    Events,
    FindNearby,
    ShareLocation,
)
from actions.base import DialogueAction, situation
from actions.chat import Fallback, Greet, StartOver
from actions.planning import (
    AskStartPlace,
    AskThemes,
    PlanCircuit,
    RefineCircuit,
    ValidateCircuitForm,
)
from bot.config import PROJECT_ROOT
from bot.conversation.dialogue import ANSWERS
from bot.knowledge import KnowledgeBase, open_kb
from bot.texts import t


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def run_action(action, dispatcher, tracker):
    """Run an action's coroutine in its own thread: the browser tests' Playwright keeps an event loop
    running in the main thread for the whole session, where asyncio.run() is refused."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, action.run(dispatcher, tracker, {})).result()


def play(
    action,
    text,
    intent="inform",
    entities=None,
    slots=None,
    metadata=None,
    events=None,
    previous=None,
    ranking=None,
):
    """Runs ``action`` on a tracker whose latest message is ``text`` (after the bot's ``previous``
    action, if given); returns (messages, slot changes, other events)."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "intent_ranking": ranking or [{"name": intent, "confidence": 1.0}],
        "entities": [  # a list of values: the entity found that many times
            {"entity": name, "value": value}
            for name, values in (entities or {}).items()
            for value in (values if isinstance(values, list) else [values])
        ],
        "metadata": metadata or {},
    }
    before = [{"event": "action", "name": previous}] if previous else []
    history = [*before, {"event": "user", "text": text}, *(events or [])]
    tracker = Tracker("visitor", dict(slots or {}), message, history, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = run_action(action, dispatcher, tracker)
    changes = {event["name"]: event["value"] for event in result if event["event"] == "slot"}
    others = [event for event in result if event["event"] != "slot"]
    return dispatcher.messages, changes, others


def texts(messages) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


# --- the tracker read, the answer's codes as Rasa events -------------------------------------------
def test_the_question_is_not_repeated_after_a_precise_re_ask(kb):
    re_asked = [
        {"event": "action", "name": "circuit_form"},
        {"event": "bot", "text": "Je ne trouve pas « Arass »."},
    ]
    assert play(AskThemes(), "Arass", events=re_asked)[0] == []


def test_the_question_is_asked_again_after_answering_something_else(kb):
    digression = [
        {"event": "action", "name": "action_answer_site"},
        {"event": "bot", "text": "La Coupole est ouverte aujourd'hui."},
        {"event": "action", "name": "circuit_form"},
    ]
    messages, _, _ = play(AskThemes(), "c'est ouvert la Coupole ?", "ask_hours", events=digression)
    assert messages[0]["text"] == t("fr", "dialogue.form.ask_themes")
    assert len(messages[0]["buttons"]) == len([theme for theme in kb.themes() if not theme.parent]) + 1


def test_a_question_asked_again_after_other_details_says_they_are_noted():
    took_themes = [{"event": "slot", "name": "themes", "value": ["ww2"]}]
    messages, _, _ = play(
        AskStartPlace(), "la seconde guerre", "inform", slots={"language": "fr"}, events=took_themes
    )
    assert messages[0]["text"] == f"{t('fr', 'dialogue.form.noted')} {t('fr', 'dialogue.form.ask_start')}"
    messages, _, _ = play(AskStartPlace(), "je veux un circuit", "plan_circuit", slots={"language": "fr"})
    assert messages[0]["text"] == t("fr", "dialogue.form.ask_start")


def test_an_unsure_yes_to_the_offered_circuit_takes_it():
    offer = '/plan_circuit{"latitude": 50.75, "longitude": 2.25}'
    message_ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "plan_circuit", "confidence": 0.42},
    ]
    _, changes, others = play(
        Fallback(),
        "yes, plan a circuit from here",
        "nlu_fallback",
        slots={"offer": offer, "language": "en"},
        ranking=message_ranking,
    )
    assert (changes["start_lat"], changes["start_lon"]) == (50.75, 2.25)
    assert others == [{"event": "followup", "name": "circuit_form", "timestamp": None}]


def test_restart_forgets_everything_but_the_language_and_greets_again():
    messages, changes, others = play(
        StartOver(), "restart", "restart", slots={"language": "en", "start_place": "Arras"}
    )
    assert [event["event"] for event in others] == ["active_loop", "reset_slots"]
    assert changes == {"language": "en"}
    assert texts(messages).endswith(t("en", "dialogue.greet.text"))


BAD_INPUTS = [
    "asdkjh qwpoeiru zxmcnv",
    "🤔🤔🤔",
    "¯\\_(ツ)_/¯ ???",
    "<script>alert(1)</script>",
    "x" * 5000,
    "Bonjour I want musées near Lille tomorrow svp",
    "",
]


@pytest.mark.parametrize("text", BAD_INPUTS)
@pytest.mark.parametrize(
    "action",
    [ValidateCircuitForm(), AnswerSiteQuestion(), FindNearby(), Fallback(), RefineCircuit(), Events()],
)
def test_bad_input_never_breaks_an_action(action, text):
    messages, _, _ = play(action, text, "nlu_fallback", slots={"requested_slot": "start_place"})
    errors = {t(lang, "dialogue.chat.error") for lang in ("fr", "en")}
    assert not errors & {message.get("text") for message in messages}


def test_a_failing_knowledge_base_gives_a_friendly_error_in_the_visitors_language(monkeypatch):
    def broken(*_):
        raise OSError("database is locked")

    monkeypatch.setattr(KnowledgeBase, "opening", broken)
    messages, _, _ = play(
        AnswerSiteQuestion(), "What are the opening hours of La Coupole?", "ask_hours", {"site": "la-coupole"}
    )
    assert messages[0]["text"] == t("en", "dialogue.chat.error")


@pytest.mark.parametrize(
    "action", [ValidateCircuitForm(), ShareLocation(), FindNearby(), PlanCircuit(), Greet()]
)
def test_malformed_messages_and_slots_get_an_answer_not_a_crash(action):
    message = {
        "text": None,
        "intent": None,
        "entities": [{"entity": "latitude", "value": "north"}, {"entity": "longitude", "value": {"x": 1}}],
    }
    tracker = Tracker(
        "visitor",
        {"language": "en", "days": "many", "themes": "ww1"},
        message,
        [],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = run_action(action, dispatcher, tracker)
    assert isinstance(events, list)
    assert all(message.get("text") or message.get("buttons") for message in dispatcher.messages)


def test_every_action_of_the_domain_has_an_adapter_and_an_answer():
    declared = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["actions"])
    adapters = {action.action_name for action in _subclasses(DialogueAction)}
    assert declared == adapters == set(ANSWERS)


def _subclasses(cls):
    for each in cls.__subclasses__():
        yield each
        yield from _subclasses(each)


def test_where_the_conversation_stands_is_read_from_the_tracker():
    history = [
        {"event": "action", "name": "action_find_nearby"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "et à Compiègne ?"},
        {"event": "action", "name": "action_refine_circuit"},
        {"event": "slot", "name": "themes", "value": ["ww1"]},
        {"event": "bot", "text": "Noté."},
    ]
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "plan_circuit", "confidence": 0.4}]
    message = {"text": "et à Compiègne ?", "intent_ranking": ranking}
    tracker = Tracker(
        "visitor", {"language": "fr"}, message, history, False, None, {"name": "circuit_form"}, ""
    )
    read = situation(tracker)
    assert (read.slots, read.previous_action, read.best_guess) == (
        {"language": "fr"},
        "action_find_nearby",
        "plan_circuit",
    )
    assert read.in_form and read.replied and read.refined and read.details_taken and read.form_replied
    quiet = situation(Tracker("visitor", {}, {}, [{"event": "user", "text": "hello"}], False, None, {}, ""))
    assert not (quiet.in_form or quiet.replied or quiet.refined or quiet.details_taken or quiet.form_replied)
    assert (quiet.previous_action, quiet.best_guess) == (None, None)


def test_a_misunderstood_message_is_forgotten_by_rasa():
    _, changes, others = play(Fallback(), "asdkjh qwpoeiru", "nlu_fallback")
    assert others == [{"event": "rewind", "timestamp": None}] and changes["fallback_count"] == 1
