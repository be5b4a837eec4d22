"""The conversation's frame (bot.conversation.chat, bot.conversation.frame): greeting, fallback, handoff.

Each test plays one turn or a few (``tests/dialogue.py``: a message and a ``Situation``, no Rasa) and
checks what the visitor would read and which slots change. Expected facts are read from the knowledge
base, not written here.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.conversation.replies import END_FORM, FORGET_MESSAGE, START_FORM
from bot.conversation.turn import MAX_TEXT
from bot.knowledge import open_kb
from bot.texts import t
from tests.dialogue import play, texts


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_greeting_in_each_language():
    assert play("action_greet", "Bonjour", "greet")[0][0]["text"] == t("fr", "dialogue.greet.text")
    assert play("action_greet", "Hello", "greet")[0][0]["text"] == t("en", "dialogue.greet.text")


def test_the_channels_language_wins_over_the_words():
    _, changes, _ = play("action_greet", "ok", "greet", metadata={"language": "en"}, slots={"language": "fr"})
    assert changes["language"] == "en"


def test_switching_language_confirms_in_the_new_language():
    messages, changes, _ = play(
        "action_switch_language", "in English please", "switch_language", slots={"language": "fr"}
    )
    assert (messages[0]["text"], changes["language"]) == (t("en", "dialogue.chat.switched"), "en")


def test_the_second_fallback_in_a_row_gives_a_contact_then_counting_starts_again():
    first, changes, others = play("action_default_fallback", "asdkjh qwpoeiru", "nlu_fallback")
    assert others == [FORGET_MESSAGE]  # the misunderstood message is forgotten
    second, changes, _ = play("action_default_fallback", "zxcv", "nlu_fallback", slots=changes)
    assert first[0]["text"] == t("fr", "dialogue.chat.fallback")
    assert "memhisto.com" in second[0]["text"] and changes["fallback_count"] == 0


@pytest.mark.parametrize("lang, text", [("fr", "Bonjour, voici ma demande. " * 200), ("en", "x" * 5000)])
def test_a_too_long_message_asks_for_a_shorter_one_without_counting_a_misunderstanding(lang, text):
    messages, changes, others = play(
        "action_default_fallback", text, "nlu_fallback", slots={"fallback_count": 1, "language": lang}
    )
    assert messages[0]["text"] == t(lang, "dialogue.chat.too_long", limit=MAX_TEXT)
    assert "fallback_count" not in changes and others == [FORGET_MESSAGE]


@pytest.mark.parametrize(
    "lang, text", [("en", "I want to go by helicopter"), ("fr", "on peut y aller en avion ?")]
)
def test_a_way_of_travelling_the_planner_cannot_route_is_said_with_the_ones_it_can(lang, text):
    messages, changes, others = play(
        "action_default_fallback", text, "nlu_fallback", slots={"language": lang}
    )
    assert messages[0]["text"] == t(lang, "dialogue.chat.unplanned_mode")
    assert [button["payload"] for button in messages[0]["buttons"]] == [
        f'/plan_circuit{{"transport_mode": "{mode}"}}' for mode in ("car", "bike", "foot")
    ]
    assert "fallback_count" not in changes and others == [FORGET_MESSAGE]


def test_an_out_of_scope_question_is_said_to_be_outside_what_the_bot_knows_without_counting():
    messages, changes, others = play(
        "action_default_fallback", "il va pleuvoir demain ?", "out_of_scope", slots={"fallback_count": 1}
    )
    assert messages[0]["text"] == t("fr", "dialogue.chat.out_of_scope")
    assert "fallback_count" not in changes and others == [FORGET_MESSAGE]


def test_a_greeting_with_a_question_gets_the_answer(kb):
    messages, changes, _ = play(
        "action_greet",
        "Bonjour, les horaires de Lewarde ?",
        "greet",
        {"site": "lewarde-centre-historique-minier"},
    )
    assert changes["last_site"] == "lewarde-centre-historique-minier"
    assert kb.site("lewarde-centre-historique-minier").name_in("fr") in messages[0]["text"]


@pytest.mark.parametrize(
    "lang, text, key",
    [
        ("fr", "merci beaucoup, au revoir", "goodbye"),
        ("en", "thanks, bye!", "goodbye"),
        ("en", "thanks!", "thank"),
    ],
)
def test_thanks_with_a_goodbye_get_a_goodbye(lang, text, key):
    messages, _, _ = play("action_thank", text, "thank", slots={"language": lang})
    assert messages[0]["text"] == t(lang, f"dialogue.chat.{key}")


def test_a_no_with_new_trip_details_is_a_correction_not_a_stop():
    slots = {
        "start_place": "Arras",
        "themes": ["ww1"],
        "days": 1,
        "first_date": "2026-12-02",
        "language": "fr",
    }
    messages, changes, others = play(
        "action_cancel_form", "non finalement après-demain", "deny", {"date": "après-demain"}, slots
    )
    assert changes["first_date"] != "2026-12-02"
    assert others == [START_FORM]
    _, _, others = play("action_cancel_form", "non merci", "deny", slots=slots)
    assert END_FORM in others


def test_an_unsure_message_naming_only_a_theme_gets_the_sites_of_that_theme(kb):
    messages, _, _ = play(
        "action_default_fallback",
        "C'est quoi la bataille de la Somme ?",
        "nlu_fallback",
        {"theme": "battle-of-the-somme"},
    )
    assert all(site.name_in("fr") in messages[0]["text"] for site in kb.sites(["battle-of-the-somme"]))


def test_a_date_after_what_a_site_is_about_asks_for_its_hours(kb):
    slots = {"last_site": "mimoyecques", "last_topic": "info", "language": "en"}
    messages, _, _ = play(
        "action_default_fallback", "can I visit it this week?", "nlu_fallback", {"date": "this week"}, slots
    )
    fortress = kb.site("mimoyecques")  # closed in winter: the test holds from mid-October to mid-April
    if all(not kb.opening(fortress.id, date.today() + timedelta(days=n)).is_open for n in range(7)):
        assert " closed " in messages[0]["text"]
    assert fortress.description_in("en") not in messages[0]["text"]


@pytest.mark.parametrize("text", ["asdkjh qwe zzzz", "???", "hmm"])
def test_keyboard_noise_the_model_calls_out_of_scope_is_not_understood(text):
    messages, changes, _ = play("action_default_fallback", text, "out_of_scope", slots={"language": "en"})
    assert messages[0]["text"] == t("en", "dialogue.chat.fallback") and changes["fallback_count"] == 1


def test_an_understood_turn_resets_the_fallback_count():
    _, changes, _ = play("action_greet", "Bonjour", "greet", slots={"fallback_count": 1})
    assert changes["fallback_count"] == 0


def test_human_handoff_gives_the_sites_own_contact(kb):
    messages, _, _ = play(
        "action_human_handoff",
        "je veux parler à quelqu'un",
        "human_handoff",
        slots={"last_site": "la-coupole"},
    )
    assert kb.site("la-coupole").phone in texts(messages) and "memhisto.com" in texts(messages)
