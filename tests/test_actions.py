"""Custom actions run as Rasa runs them (a Tracker, a CollectingDispatcher) on the real knowledge base.

Each test plays one turn or a few and checks what the visitor would read and which slots change.
Expected facts are read from the knowledge base, not written here.
"""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import bot.conversation.answers as answers
from actions.answers import (
    AnswerSiteQuestion,
    Events,
    FindNearby,
    GroupOffer,
    ListMembers,
    ListSitesByTheme,
    ListThemes,
    ShareLocation,
)
from actions.chat import CancelForm, Fallback, Greet, HumanHandoff, StartOver, SwitchLanguage, Thank
from actions.planning import (
    AcceptOffer,
    AskStartPlace,
    AskThemes,
    GetCalendar,
    PlanCircuit,
    RefineCircuit,
    ValidateCircuitForm,
)
from bot.conversation.party import party_of
from bot.conversation.turn import MAX_TEXT
from bot.knowledge import KnowledgeBase, Party, open_kb
from bot.texts import t
from bot.texts.formats import describe_party, format_price
from bot.trip import MAX_YEARS_AWAY
from bot.trip.plan import MAX_DAYS

GOOGLE_MAPS = re.compile(r"https://www\.google\.com/maps/dir/\?\S+")


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


def fill_form(turns, slots=None):
    """Plays the form's validation over several turns, as Rasa would, and returns the slots."""
    slots = dict(slots or {})
    for text, entities in turns:
        _, changes, _ = play(ValidateCircuitForm(), text, "inform", entities, slots)
        slots.update(changes)
    return slots


# --- planning --------------------------------------------------------------------------------------
def test_form_asks_start_then_themes_then_duration_and_plans_a_french_circuit(kb):
    slots = {}
    asked = []
    for text in ["Je voudrais un circuit", "Arras", "la Première Guerre mondiale", "une journée"]:
        _, changes, _ = play(ValidateCircuitForm(), text, "inform", slots=slots)
        slots.update(changes)
        asked.append(slots["requested_slot"])
    assert asked == ["start_place", "themes", "duration_text", None]
    assert slots["start_place"] == "Arras" and slots["themes"] == ["ww1"] and slots["days"] == 1

    messages, changes, _ = play(PlanCircuit(), "une journée", slots=slots)
    reply = messages[0]
    assert GOOGLE_MAPS.search(reply["text"])
    assert "Jour 1" in reply["text"] and "en voiture" in reply["text"]
    circuit = reply["custom"]["data"]
    assert circuit["start"]["name"] == "Arras" and len(circuit["days"]) == 1
    visited = [visit["site_id"] for visit in circuit["days"][0]["visits"]]
    assert visited and set(visited) <= {site.id for site in kb.sites(themes=["ww1"])}
    assert [visit["name"] for visit in circuit["days"][0]["visits"]][0] in reply["text"]
    assert {button["payload"] for button in reply["buttons"]} >= {"/add_day", "/show_map", "/get_calendar"}
    assert changes["last_circuit"]["link"] == circuit["links"]["website"]


def test_one_english_sentence_fills_start_duration_and_themes_at_once():
    slots = fill_form([("We are in Lille for half a day and we love WW2 history, what can we visit?", None)])
    assert slots["start_place"] == "Lille"
    assert slots["themes"] == ["ww2"]
    assert slots["minutes_per_day"] == 240
    assert slots["requested_slot"] is None


def test_one_french_sentence_with_the_nlu_entities():
    slots = fill_form(
        [
            (
                "Je suis à Arras avec 2 jours, la Grande Guerre m'intéresse",
                {"town": "Arras", "theme": "ww1", "duration": "2 jours"},
            )
        ]
    )
    assert (slots["start_place"], slots["themes"], slots["days"], slots["requested_slot"]) == (
        "Arras",
        ["ww1"],
        2,
        None,
    )


def test_the_no_preference_button_answers_the_themes_question():
    slots = fill_form(
        [('/inform{"theme": "any"}', {"theme": "any"})], {"requested_slot": "themes", "start_place": "Arras"}
    )
    assert (slots["themes"], slots["requested_slot"]) == (["any"], "duration_text")


def test_a_misspelt_town_gets_close_names_as_buttons():
    messages, changes, _ = play(ValidateCircuitForm(), "Arass", slots={"requested_slot": "start_place"})
    assert "Arass" in messages[0]["text"]
    assert '/inform{"town": "Arras"}' in [button["payload"] for button in messages[0]["buttons"]]
    assert changes["requested_slot"] == "start_place" and changes.get("start_place") is None


def test_a_misspelt_start_in_a_whole_request_gets_close_names_and_the_rest_is_kept():
    text = "circuit depuis Arass pour demain, la mine, 2 heures"
    messages, changes, _ = play(ValidateCircuitForm(), text, "plan_circuit", {"theme": "mining"})
    assert '/inform{"town": "Arras"}' in [button["payload"] for button in messages[0]["buttons"]]
    assert (changes["themes"], changes["minutes_per_day"]) == (["mining"], 120)


def test_a_site_after_from_is_not_taken_for_a_misspelt_town():
    messages, changes, _ = play(ValidateCircuitForm(), "a trip from La Coupole", "plan_circuit")
    assert messages == [] or "La Coupole" not in messages[0]["text"]
    assert changes.get("start_place") is None


@pytest.mark.parametrize("text", ["next Sunday", "on the 45th of June"])
def test_a_date_said_while_the_start_is_asked_is_not_taken_for_a_place(text):
    slots = {"requested_slot": "start_place", "language": "en"}
    messages, changes, _ = play(ValidateCircuitForm(), text, "inform", slots=slots)
    assert not any("Hauts-de-France" in message["text"] for message in messages)
    assert changes["requested_slot"] == "start_place"


def test_a_school_trip_with_a_date_and_a_theme_is_planned_not_listed():
    text = "sortie scolaire sur les armes V pour une classe de 3e le 15 mars, une journée en car"
    entities = {"theme": "v-weapons", "date": "le 15 mars", "duration": "une journée"}
    _, changes, others = play(GroupOffer(), text, "group_offer", entities)
    assert changes["party"]["kind"] == "school" and changes["transport_mode"] == "car"
    assert others[0]["name"] == "circuit_form"


def test_a_tour_operator_with_a_start_and_a_length_gets_a_circuit():
    text = "Tour operator here: group of 35 adults, 2 days, starting Amiens on 14 September 2027, coach"
    entities = {"town": "Amiens", "duration": "2 days", "date": "14 September 2027"}
    _, changes, others = play(GroupOffer(), text, "group_offer", entities, {"language": "en"})
    assert (changes["start_place"], changes["days"], changes["party"]["size"]) == ("Amiens", 2, 35)
    assert others[0]["name"] == "circuit_form"


def test_an_uncertain_message_with_a_site_and_a_start_is_a_trip_request():
    text = "We'll be around Villers-Bretonneux on 25 April 2027, can you plan the day from Amiens?"
    entities = {"site": "australian-national-memorial", "town": "Amiens", "date": "25 April 2027"}
    _, _, others = play(Fallback(), text, "nlu_fallback", entities, {"language": "en"})
    assert others[0]["name"] == "circuit_form"


def test_a_town_name_shared_by_two_communes_gets_one_button_each():
    messages, _, _ = play(ValidateCircuitForm(), "Saint-Sauveur", slots={"requested_slot": "start_place"})
    buttons = messages[0]["buttons"]
    assert len(buttons) == 2 and all('"latitude"' in button["payload"] for button in buttons)


def test_an_unknown_town_is_asked_again_in_english():
    messages, changes, _ = play(
        ValidateCircuitForm(), "Xyzzyqville", slots={"requested_slot": "start_place", "language": "en"}
    )
    assert messages[0]["text"] == t("en", "dialogue.form.start_unknown", place="Xyzzyqville")
    assert changes["requested_slot"] == "start_place"


@pytest.mark.parametrize(
    ("text", "key"),
    [("le 30 février", "dialogue.form.date_invalid"), ("le 3 janvier 2020", "dialogue.form.date_past")],
)
def test_impossible_dates_say_why(text, key):
    messages, changes, _ = play(
        ValidateCircuitForm(), text, slots={"requested_slot": "duration_text", "language": "fr"}
    )
    assert t("fr", key, years=MAX_YEARS_AWAY) in texts(messages)
    assert "first_date" not in changes


@pytest.mark.parametrize(
    ("said", "entities", "key"),
    [
        ("le 31 décembre 9999", None, "dialogue.form.date_invalid"),
        ('/inform{"date": "31/12/9999"}', {"date": "31/12/9999"}, "dialogue.form.date_invalid"),
        ('/inform{"date": "01/01/0001"}', {"date": "01/01/0001"}, "dialogue.form.date_past"),
    ],
)
def test_dates_years_away_are_not_planned(said, entities, key):
    messages, changes, _ = play(
        ValidateCircuitForm(),
        said,
        entities=entities,
        slots={"requested_slot": "duration_text", "language": "fr"},
    )
    assert t("fr", key, years=MAX_YEARS_AWAY) in texts(messages)
    assert "first_date" not in changes


@pytest.mark.parametrize(
    "entities",
    [
        {"latitude": 1e308, "longitude": 5},
        {"latitude": float("nan"), "longitude": 2.5},
        {"latitude": 50.3, "longitude": float("inf")},
        {"latitude": "50.3; DROP", "longitude": 2.7},
        {"latitude": True, "longitude": 2.7},
    ],
)
def test_an_impossible_shared_location_is_asked_again_and_not_kept(entities):
    payload = "/share_location" + json.dumps(entities)
    messages, changes, _ = play(
        ShareLocation(), payload, "share_location", entities=entities, slots={"language": "fr"}
    )
    assert texts(messages).strip()
    assert "start_lat" not in changes and "start_lon" not in changes


def test_injected_party_and_mode_are_not_kept():
    entities = {"party": -5, "number": -30, "transport_mode": "rocket", "no_such_slot": 1}
    payload = "/inform" + json.dumps(entities)
    _, changes, _ = play(
        ValidateCircuitForm(), payload, entities=entities, slots={"requested_slot": "start_place"}
    )
    assert "party" not in changes and "transport_mode" not in changes


def test_a_school_payload_of_a_sane_size_is_kept():
    entities = {"party": "school", "number": 25, "transport_mode": "bike"}
    payload = "/inform" + json.dumps(entities)
    _, changes, _ = play(
        ValidateCircuitForm(), payload, entities=entities, slots={"requested_slot": "start_place"}
    )
    assert changes["party"] == {"kind": "school", "size": 25}
    assert changes["transport_mode"] == "bike"


def test_a_question_on_something_else_sets_no_slot_so_that_the_rules_answer_it():
    messages, changes, _ = play(
        ValidateCircuitForm(),
        "c'est ouvert demain la Coupole ?",
        "ask_hours",
        {"site": "la-coupole", "date": "demain"},
        {"requested_slot": "start_place"},
    )
    assert (messages, changes) == ([], {"requested_slot": "start_place"})


def test_the_entity_answering_the_question_is_taken_whatever_the_intent():
    slots = {"requested_slot": "duration_text", "start_place": "Arras", "themes": ["ww1"]}
    _, changes, _ = play(ValidateCircuitForm(), "une journée", "add_day", {"duration": "une journée"}, slots)
    assert (changes["days"], changes["requested_slot"]) == (1, None)


def test_a_shared_location_answers_the_start_question():
    slots = fill_form(
        [("/share_location", {"latitude": 50.95, "longitude": 1.86})], {"requested_slot": "start_place"}
    )
    assert (slots["start_lat"], slots["start_lon"], slots["requested_slot"]) == (50.95, 1.86, "themes")


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


def test_a_change_of_start_while_the_duration_is_asked_is_taken_without_a_false_re_ask():
    slots = {"start_place": "Lille", "themes": ["ww2"], "requested_slot": "duration_text"}
    messages, changes, _ = play(
        ValidateCircuitForm(), "plutôt à partir d'Amiens", "refine_circuit", {"town": "Amiens"}, slots
    )
    assert changes["start_place"] == "Amiens" and "themes" not in changes
    assert t("fr", "dialogue.form.duration_unknown") not in texts(messages)
    assert changes["requested_slot"] == "duration_text"  # the question comes again, as asked first


def test_leaving_out_a_site_that_was_not_in_the_circuit_says_so(kb):
    slots = {"last_circuit": {"sites": ["historial-peronne"]}, "language": "en"}
    site = "mimoyecques"
    messages, changes, _ = play(RefineCircuit(), "without Mimoyecques", "exclude_site", {"site": site}, slots)
    assert texts(messages) == t(
        "en", "dialogue.refine.excluded_not_in_circuit", name=kb.site(site).name_in("en")
    )
    assert changes["excluded_sites"] == [site]


def test_refinements_keep_the_rest_of_the_request(kb):
    slots = fill_form([("Je suis à Arras avec 1 jour, la Grande Guerre m'intéresse", None)])
    first = play(PlanCircuit(), "", slots=slots)[0][0]["custom"]["data"]
    dropped = first["days"][0]["visits"][0]["site_id"]

    messages, changes, _ = play(RefineCircuit(), "sans ce site", "exclude_site", {"site": dropped}, slots)
    assert texts(messages) == t("fr", "dialogue.refine.excluded", name=kb.site(dropped).name_in("fr"))
    slots.update(changes)
    _, changes, _ = play(RefineCircuit(), "un jour de plus", "add_day", slots=slots)
    slots.update(changes)
    _, changes, _ = play(
        RefineCircuit(), "et plutôt depuis Lille", "refine_circuit", {"town": "Lille"}, slots
    )
    slots.update(changes)
    assert (slots["excluded_sites"], slots["days"], slots["start_place"], slots["themes"]) == (
        [dropped],
        2,
        "Lille",
        ["ww1"],
    )

    again = play(PlanCircuit(), "", slots=slots)[0][0]["custom"]["data"]
    assert again["start"]["name"] == "Lille" and len(again["days"]) == 2
    assert dropped not in [visit["site_id"] for day in again["days"] for visit in day["visits"]]


def test_a_circuit_button_to_change_the_start_empties_it_for_the_form():
    _, changes, _ = play(
        RefineCircuit(), "/refine_circuit", "refine_circuit", {"change": "start"}, {"start_place": "Arras"}
    )
    assert changes["start_place"] is None


def test_a_start_too_far_away_gets_the_problem_explained_in_english():
    slots = {
        "start_lat": 43.3,
        "start_lon": 5.37,
        "start_place": "Marseille",
        "themes": ["ww1"],
        "duration_text": "2 hours",
        "days": 1,
        "minutes_per_day": 120,
    }
    messages, changes, _ = play(PlanCircuit(), "", slots={**slots, "language": "en"})
    assert t("en", "circuit.problem_too_far") in messages[0]["text"]
    assert "last_circuit" not in changes


def test_without_a_car_what_can_be_seen_on_foot_is_planned_with_the_farther_sites_by_public_transport():
    slots = fill_form([("we're in Calais tomorrow for one day, no car, interested in WW2", {})])
    assert slots["transport_mode"] == "transit"
    messages, changes, _ = play(PlanCircuit(), "", slots={**slots, "language": "en"})
    assert messages[0]["text"].startswith(t("en", "dialogue.plan.on_foot_instead"))
    assert messages[0]["custom"]["data"]["mode"] == "foot"
    assert changes["last_circuit"]["sites"] == ["musee-memoire-39-45-calais"]


def test_without_a_car_and_nothing_within_walking_the_bot_says_why_and_offers_the_modes_that_work():
    slots = fill_form([("we're in Amiens tomorrow for one day, no car, interested in WW1", {})])
    assert slots["transport_mode"] == "transit"
    messages, changes, _ = play(PlanCircuit(), "", slots={**slots, "language": "en"})
    assert t("en", "circuit.problem_no_timetables") in messages[0]["text"]
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert '/refine_circuit{"transport_mode": "car"}' in payloads
    _, refined, _ = play(RefineCircuit(), "", "refine_circuit", {"transport_mode": "car"}, slots)
    assert refined["transport_mode"] == "car"
    assert "last_circuit" not in changes


def test_calendar_links_point_at_the_same_circuit():
    link = (
        "http://localhost:8080/?start=50.29%2C2.78&start_name=Arras&date=2026-11-26&mode=car&day=lens-14-18"
    )
    messages, _, _ = play(
        GetCalendar(), "/get_calendar", "get_calendar", slots={"last_circuit": {"link": link}}
    )
    query = link.split("?", 1)[1]
    assert (
        f"/api/circuit.ics?{query}" in messages[0]["text"]
        and f"/api/circuit.gpx?{query}" in messages[0]["text"]
    )


# --- sites -----------------------------------------------------------------------------------------
def test_hours_on_a_date_come_from_the_knowledge_base(kb):
    day = date.today() + timedelta(days=1)
    messages, changes, _ = play(
        AnswerSiteQuestion(),
        "La Coupole est ouverte demain ?",
        "ask_hours",
        {"site": "la-coupole", "date": "demain"},
    )
    opening = kb.opening("la-coupole", day)
    if opening.is_open:
        expected = [f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in opening.windows]
    else:
        expected = ["fermé"]
    assert all(part in messages[0]["text"] for part in expected)
    assert changes["last_site"] == "la-coupole"


def test_a_follow_up_question_is_about_the_last_site(kb):
    messages, _, _ = play(
        AnswerSiteQuestion(),
        "and how much is it for 2 adults?",
        "ask_price",
        slots={"last_site": "la-coupole"},
    )
    total = kb.price("la-coupole", Party(adults=2)).total
    assert kb.site("la-coupole").name_in("en") in messages[0]["text"]
    assert f"€{total:g}" in messages[0]["text"]


def test_a_follow_up_on_another_site_keeps_the_day_asked_about(kb):
    asked = play(AnswerSiteQuestion(), "horaires de la Coupole le 24 décembre ?", "ask_hours")[1]
    assert asked["last_day"].endswith("-12-24")
    messages, changes, _ = play(
        AnswerSiteQuestion(), "et Lewarde ?", "ask_hours", {"site": "lewarde-centre-historique-minier"}, asked
    )
    assert "24 décembre" in messages[0]["text"]
    assert changes["last_day"] == asked["last_day"]
    # A new question with its own words and no date is about today again.
    _, changes, _ = play(
        AnswerSiteQuestion(),
        "Lewarde c'est ouvert ?",
        "ask_hours",
        {"site": "lewarde-centre-historique-minier"},
        asked,
    )
    assert changes["last_day"] is None


def test_a_day_alone_after_a_site_answer_asks_the_same_question_for_that_day():
    slots = {"last_site": "la-coupole", "last_topic": "hours"}
    messages, changes, _ = play(
        AnswerSiteQuestion(), "et le 24 décembre ?", "inform", {"date": "24 décembre"}, slots
    )
    assert "24 décembre" in messages[0]["text"] and changes["last_site"] == "la-coupole"


def test_the_day_after_the_day_asked_about(kb):
    slots = {"last_site": "la-coupole", "last_topic": "hours", "last_day": "2026-12-25", "language": "en"}
    messages, changes, _ = play(
        Fallback(), "and the day after?", "nlu_fallback", {"date": "the day after"}, slots
    )
    assert "26 December" in messages[0]["text"] and changes["last_day"] == "2026-12-26"


def test_a_theme_named_as_a_list_question_after_a_circuit_changes_its_themes():
    slots = {
        "last_circuit": {"sites": ["dunkerque-1940"]},
        "themes": ["dunkirk-1940"],
        "start_place": "Calais",
    }
    text = "plutôt la Seconde Guerre mondiale en général"
    messages, changes, others = play(ListThemes(), text, "list_themes", {"theme": "ww2"}, slots)
    assert changes["themes"] == ["ww2"]
    assert others == [{"event": "followup", "name": "circuit_form", "timestamp": None}]
    assert play(ListThemes(), "quels thèmes ?", "list_themes")[0][0]["text"].startswith(
        t("fr", "dialogue.lists.themes_header")
    )


def test_sites_of_a_theme_asked_when_the_form_asks_for_themes_also_answer_it(kb):
    asked = {"requested_slot": "themes", "start_place": "Saint-Omer"}
    messages, changes, _ = play(
        ListSitesByTheme(), "bon ok la guerre 39-45", "list_sites_by_theme", {"theme": "ww2"}, asked
    )
    assert changes["themes"] == ["ww2"] and kb.site("la-coupole").name_in("fr") in messages[0]["text"]
    # Outside the form, the theme asked about is the circuit's next, unless themes were said.
    _, changes, _ = play(
        ListSitesByTheme(), "quels sites sur 39-45 ?", "list_sites_by_theme", {"theme": "ww2"}
    )
    assert changes["themes"] == ["ww2"]
    _, changes, _ = play(
        ListSitesByTheme(),
        "quels sites sur 39-45 ?",
        "list_sites_by_theme",
        {"theme": "ww2"},
        {"themes": ["ww1"]},
    )
    assert "themes" not in changes


def test_the_one_site_a_message_names_is_the_one_discussed_next():
    _, changes, _ = play(
        ListMembers(), "la coupole c'est un musée du réseau ?", "list_members", {"site": "la-coupole"}
    )
    assert changes["last_site"] == "la-coupole"


def test_trip_details_after_a_site_answer_go_to_the_circuit_form():
    slots = {"last_site": "la-coupole", "last_topic": "hours"}
    messages, _, others = play(AnswerSiteQuestion(), "depuis Arras", "inform", {"town": "Arras"}, slots)
    assert (messages, others) == ([], [{"event": "followup", "name": "circuit_form", "timestamp": None}])


def test_directions_always_say_what_is_known_of_public_transport(kb):
    with_bus = next(site for site in kb.sites() if site.public_transport)
    without = next(site for site in kb.sites() if not site.public_transport)
    for site, expected in (
        (with_bus, with_bus.public_transport["fr"]),
        (without, t("fr", "circuit.transit_unknown")),
    ):
        messages, _, _ = play(AnswerSiteQuestion(), "comment y aller ?", "ask_directions", {"site": site.id})
        assert t("fr", "dialogue.site.transport", text=expected) in messages[0]["text"]


def test_a_service_no_source_describes_is_said_unknown_with_whom_to_ask(kb):
    site = kb.site("la-coupole")
    messages, _, _ = play(
        AnswerSiteQuestion(),
        "Can I bring my dog to La Coupole?",
        "ask_accessibility",
        {"site": site.id},
        {"language": "en"},
    )
    assert len(messages) == 1 and messages[0]["text"].startswith(
        t("en", "dialogue.site.services_unknown", name=site.name_in("en"), where="")
    )


def test_directions_from_a_town_are_about_the_site_discussed_and_start_there(kb):
    bondues = kb.site("musee-resistance-bondues")
    messages, changes, _ = play(
        AnswerSiteQuestion(),
        "on peut y aller en bus depuis Lille ?",
        "ask_directions",
        {"town": "Lille"},
        {"last_site": bondues.id},
    )
    assert changes["last_site"] == bondues.id
    assert t("fr", "dialogue.site.route_from", place="Lille", url="").split("http")[0] in messages[0]["text"]
    assert "&origin=" in messages[0]["text"]


def test_a_site_named_with_a_typo_is_found_from_the_text():
    _, changes, _ = play(AnswerSiteQuestion(), "horaires de la copole", "ask_hours")
    assert changes["last_site"] == "la-coupole"


def test_unknown_facts_stay_unknown_and_say_where_to_ask(kb):
    site = next(each for each in kb.sites() if (each.hours or {}).get("status") == "unknown" and each.phone)
    messages, _, _ = play(AnswerSiteQuestion(), "horaires ?", "ask_hours", {"site": site.id})
    assert (
        t("fr", "dialogue.site.hours_unknown", name=site.name_in("fr"), where="")[:20] in messages[0]["text"]
    )
    assert site.phone in messages[0]["text"]


@pytest.mark.parametrize("intent", sorted(answers.TOPICS))
def test_every_site_question_gets_an_answer_in_both_languages(intent, kb):
    for lang in ("fr", "en"):
        messages, _, _ = play(
            AnswerSiteQuestion(), "?", intent, {"site": "historial-peronne"}, {"language": lang}
        )
        assert kb.site("historial-peronne").name_in(lang) in messages[0]["text"] or intent == "ask_site_info"
        assert messages[0]["text"] != t(lang, "dialogue.chat.error")


def test_without_a_site_the_bot_asks_which_with_the_members(kb):
    messages, _, _ = play(AnswerSiteQuestion(), "c'est ouvert ?", "ask_hours")
    assert len(messages[0]["buttons"]) == len(kb.sites(members_only=True))


def test_lists_of_themes_sites_of_a_theme_and_members(kb):
    themes = texts(play(ListThemes(), "quels thèmes ?", "list_themes")[0])
    assert kb.theme("ww2").label_in("fr") in themes
    ww2 = texts(
        play(ListSitesByTheme(), "Which sites are about WW2?", "list_sites_by_theme", {"theme": "ww2"})[0]
    )
    assert all(site.name_in("en") in ww2 for site in kb.sites(themes=["ww2"]))
    members = texts(play(ListMembers(), "Which museums are in the network?", "list_members")[0])
    assert str(len(kb.sites(members_only=True))) in members


def test_a_shared_location_lists_the_nearest_sites_and_offers_a_circuit_from_there(kb):
    messages, changes, _ = play(
        ShareLocation(),
        "/share_location",
        "share_location",
        {"latitude": 50.291, "longitude": 2.7775},
        {"language": "en"},
    )
    nearest = kb.near(50.291, 2.7775, limit=1)[0][0]
    assert nearest.name_in("en") in messages[0]["text"].splitlines()[1]
    assert messages[0]["buttons"][0]["payload"].startswith("/plan_circuit")
    assert (changes["start_lat"], changes["start_lon"]) == (50.291, 2.7775)
    later = texts(play(FindNearby(), "What is near me?", "find_nearby", slots=changes)[0])
    assert nearest.name_in("en") in later
    form = fill_form([("plan a half day from here", {})], {**changes, "language": "en"})
    assert form["requested_slot"] == "themes"  # the shared location is the start


def test_nearby_with_a_theme_and_a_time_budget_is_a_circuit_request():
    text = "I only have 3 hours, starting from Lille-Flandres station, interested in the resistance"
    entities = {"town": "Lille", "theme": "resistance", "duration": "3 hours"}
    _, changes, others = play(FindNearby(), text, "find_nearby", entities, {"language": "en"})
    assert (changes["themes"], changes["minutes_per_day"]) == (["resistance"], 180)
    assert others[0]["name"] == "circuit_form"


@pytest.mark.parametrize("action, intent", [(FindNearby(), "inform"), (Fallback(), "nlu_fallback")])
def test_a_town_alone_right_after_the_nearby_sites_asks_again_for_it(action, intent):
    messages, _, _ = play(
        action,
        "et à Compiègne ?",
        intent,
        {"town": "Compiègne"},
        {"language": "fr"},
        previous="action_find_nearby",
    )
    assert messages[0]["text"].startswith(t("fr", "dialogue.nearby.header", place="Compiègne"))


def test_an_unsure_date_right_after_the_events_asks_for_that_dates_events(kb):
    messages, _, _ = play(
        Fallback(),
        "and in May 2027?",
        "nlu_fallback",
        {"date": "in May 2027"},
        {"language": "en"},
        previous="action_events",
    )
    may = kb.events(date(2027, 5, 1), date(2027, 5, 31))
    assert may and may[0].event.name_in("en") in messages[0]["text"]


def test_which_are_open_now_right_after_the_nearby_sites_is_about_those_sites():
    slots = {"start_lat": 50.75, "start_lon": 2.25, "language": "en"}
    messages, _, _ = play(
        AnswerSiteQuestion(),
        "which ones are open now?",
        "ask_hours",
        slots=slots,
        previous="action_share_location",
    )
    assert messages[0]["text"].startswith(
        t("en", "dialogue.nearby.header", place=t("en", "circuit.your_location"))
    )


def test_trip_details_right_after_the_nearby_sites_go_to_the_circuit_form():
    _, _, others = play(FindNearby(), "WW1, 2 hours", "inform", {"theme": "ww1", "duration": "2 hours"})
    assert others == [{"event": "followup", "name": "circuit_form", "timestamp": None}]


def test_nearby_a_town_without_a_location(kb):
    messages, changes, _ = play(FindNearby(), "près d'Albert", "find_nearby", {"town": "Albert"})
    assert (
        "Albert" in messages[0]["text"] and kb.site("musee-somme-1916").name_in("fr") in messages[0]["text"]
    )
    assert changes["start_place"] == "Albert"  # "un circuit depuis là-bas" next
    assert play(FindNearby(), "près de moi", "find_nearby")[0][0]["text"] == t(
        "fr", "dialogue.nearby.ask_location"
    )


def test_a_yes_accepts_the_offer_to_plan_from_a_town_nearby(kb):
    messages, changes, _ = play(FindNearby(), "près d'Albert", "find_nearby", {"town": "Albert"})
    offer = changes["offer"]
    assert offer == messages[0]["buttons"][0]["payload"]
    _, changes, others = play(AcceptOffer(), "oui", "affirm", slots={"offer": offer, "language": "fr"})
    assert changes["start_place"] == "Albert"
    assert others == [{"event": "followup", "timestamp": None, "name": "circuit_form"}]


def test_a_site_question_that_names_no_site_but_a_whole_trip_goes_to_the_circuit_form():
    text = "We're a family with two kids, wheelchair-friendly trip from Lens this weekend, WW1"
    entities = {"town": "Lens", "theme": "ww1", "date": "this weekend"}
    _, changes, others = play(AnswerSiteQuestion(), text, "ask_accessibility", entities, {"language": "en"})
    assert (changes["start_place"], changes["themes"], changes["wheelchair"]) == ("Lens", ["ww1"], True)
    assert changes["party"]["kind"] == "family" and others[0]["name"] == "circuit_form"


def test_an_uncertain_message_with_a_whole_trip_goes_to_the_circuit_form():
    text = "We're a family with two kids in a wheelchair-friendly trip from Lens this weekend, WW1"
    entities = {"town": "Lens", "theme": "ww1", "date": "this weekend"}
    messages, _, others = play(Fallback(), text, "nlu_fallback", entities, {"language": "en"})
    assert messages == [] and others[0]["name"] == "circuit_form"


def test_an_uncertain_change_of_duration_after_a_circuit_plans_again():
    slots = {"language": "en", "last_circuit": {"link": "http://localhost:8080/?start=1,2"}}
    _, _, others = play(Fallback(), "only half a day", "nlu_fallback", {"duration": "half a day"}, slots)
    assert others[0]["name"] == "circuit_form"
    messages, _, _ = play(Fallback(), "only half a day", "nlu_fallback", {"duration": "half a day"})
    assert messages[0]["text"] == t("en", "dialogue.chat.fallback")


def test_a_closed_day_still_gives_the_note_that_the_rules_cannot_say(kb):
    day = date(2026, 12, 13)
    opening = kb.opening("musee-resistance-bondues", day)
    assert not opening.is_open and opening.notes
    messages, _, _ = play(
        AnswerSiteQuestion(),
        "horaires le 13 décembre 2026 ?",
        "ask_hours",
        {"site": "musee-resistance-bondues"},
    )
    assert opening.notes[0]["fr"] in messages[0]["text"]


def test_a_message_asking_two_things_gets_both_answers(kb):
    text = "visite de la carrière Wellington : en quelles langues ? combien de temps ça dure ?"
    messages, _, _ = play(AnswerSiteQuestion(), text, "ask_duration", {"site": "carriere-wellington"})
    site = kb.site("carriere-wellington")
    assert len(messages) == 2 and not messages[0]["buttons"] and messages[1]["buttons"]
    assert t("fr", "dialogue.language_names.en") in messages[1]["text"]
    assert site.name_in("fr") in messages[0]["text"]


@pytest.mark.parametrize(
    ("text", "intent"),  # the intent as bot.nlu.cues gives it: the words beat DIET between topics
    [("is it accessible by train?", "ask_directions"), ("c'est ouvert lundi ?", "ask_hours")],
)
def test_one_question_gets_one_answer(text, intent):
    messages, _, _ = play(AnswerSiteQuestion(), text, intent, {"site": "la-coupole"})
    assert len(messages) == 1


def test_what_is_open_near_a_town_lists_the_nearest_sites_open_or_not(kb):
    slots = {"last_site": "la-coupole"}
    messages, _, _ = play(
        AnswerSiteQuestion(), "what's open today near Arras?", "ask_hours", {"town": "Arras"}, slots
    )
    assert messages[0]["text"].startswith(t("en", "dialogue.nearby.header", place="Arras"))
    assert kb.site("carriere-wellington").name_in("en") in messages[0]["text"]


def test_which_museums_are_open_on_a_day_lists_each_member(kb):
    messages, _, _ = play(
        AnswerSiteQuestion(), "quels musées sont ouverts lundi 7 décembre 2026 ?", "ask_hours"
    )
    text = messages[0]["text"]
    for site in kb.sites(members_only=True):
        assert site.name_in("fr") in text
        opening = kb.opening(site.id, date(2026, 12, 7))
        if opening.known and opening.is_open:
            assert f"{site.name_in('fr')} : {opening.windows[0][0].strftime('%H:%M')}" in text


def test_which_museums_are_wheelchair_accessible_lists_each_member(kb):
    messages, _, _ = play(
        AnswerSiteQuestion(), "which museums are wheelchair accessible?", "ask_accessibility"
    )
    for site in kb.sites(members_only=True):
        assert site.name_in("en") in messages[0]["text"]


def test_a_plural_question_after_a_site_answer_is_about_every_member(kb):
    messages, _, _ = play(
        AnswerSiteQuestion(),
        "are they open on Sunday 6 December 2026?",
        "ask_hours",
        slots={"last_site": "la-coupole"},
    )
    assert all(site.name_in("en") in messages[0]["text"] for site in kb.sites(members_only=True))


def test_which_museums_of_a_theme_are_accessible_lists_the_members_of_that_theme(kb):
    messages, _, _ = play(
        AnswerSiteQuestion(), "quels musées 14-18 sont accessibles ?", "ask_accessibility", {"theme": "ww1"}
    )
    ww1 = {site.id for site in kb.sites(["ww1"], members_only=True)}
    assert ww1 and ww1 != {site.id for site in kb.sites(members_only=True)}
    for site in kb.sites(members_only=True):
        assert (site.name_in("fr") in messages[0]["text"]) == (site.id in ww1)


def test_the_price_of_the_whole_circuit_for_the_party(kb):
    slots = {
        "last_circuit": {"sites": ["historial-peronne", "carriere-wellington"]},
        "party": {"kind": "family", "size": None, "adults": 2, "children": 2},
    }
    messages, _, _ = play(AnswerSiteQuestion(), "c'est combien en tout ?", "ask_price", slots=slots)
    family = Party(adults=2, children=2)
    historial = kb.price("historial-peronne", family)
    text = messages[0]["text"]
    assert (
        kb.site("historial-peronne").name_in("fr") in text
        and kb.site("carriere-wellington").name_in("fr") in text
    )
    assert f"{historial.total:.0f}" in text


def test_named_sites_are_wanted_in_the_circuit_and_give_its_themes(kb):
    text = "I'd like to visit Vimy tomorrow morning from Arras"
    _, changes, _ = play(
        ValidateCircuitForm(), text, "plan_circuit", {"site": "vimy-memorial", "town": "Arras"}
    )
    assert changes["wanted_sites"] == ["vimy-memorial"]
    assert set(changes["themes"]) & set(kb.site("vimy-memorial").themes)
    assert changes["minutes_per_day"] and changes["first_date"]
    _, changes, _ = play(ValidateCircuitForm(), "sans Vimy", "refine_circuit", {"site": "vimy-memorial"})
    assert "wanted_sites" not in changes


def test_a_named_site_that_cannot_fit_is_said(kb):
    slots = {
        "start_place": "Arras",
        "themes": ["ww1"],
        "duration_text": "2 heures",
        "days": 1,
        "minutes_per_day": 120,
        "wanted_sites": ["musee-portuaire-dunkerque"],
        "language": "fr",
    }
    messages, changes, _ = play(PlanCircuit(), "ok", "inform", slots=slots)
    name = kb.site("musee-portuaire-dunkerque").name_in("fr")
    assert t("fr", "dialogue.plan.wanted_left_out", name=name) in messages[0]["text"]


def test_a_named_site_closed_on_the_dates_is_said_closed(kb):
    slots = {"start_place": "Péronne", "themes": ["ww1"], "duration_text": "une journée", "days": 1}
    slots |= {"first_date": "2026-12-20", "wanted_sites": ["historial-peronne"], "language": "fr"}
    assert not kb.opening("historial-peronne", date(2026, 12, 20)).is_open
    messages, _, _ = play(PlanCircuit(), "ok", "inform", slots=slots)
    name = kb.site("historial-peronne").name_in("fr")
    assert t("fr", "dialogue.plan.wanted_closed", name=name) in messages[0]["text"]


def test_more_days_than_the_planner_plans_are_said():
    slots = {
        "start_place": "Arras",
        "themes": ["ww1"],
        "duration_text": "15 days",
        "days": 15,
        "language": "en",
    }
    messages, _, _ = play(PlanCircuit(), "15 days", "inform", slots=slots)
    assert t("en", "dialogue.plan.days_capped", asked=15, days=MAX_DAYS) in messages[0]["text"]


def test_a_site_alone_after_a_site_question_gets_the_same_question(kb):
    slots = {"last_topic": "accessibility", "last_site": "musee-somme-1916"}
    entities = {"site": "historial-peronne"}
    messages, changes, others = play(Fallback(), "et l'historial ?", "nlu_fallback", entities, slots)
    assert others == []  # answered here: no revert, no follow-up action (it would meet the fallback again)
    site = kb.site("historial-peronne")
    assert messages[0]["text"].startswith(
        t("fr", f"dialogue.site.access_{site.wheelchair['access']}", name=site.name_in("fr"))
    )
    assert changes["last_site"] == site.id


def test_a_question_asked_again_after_other_details_says_they_are_noted():
    took_themes = [{"event": "slot", "name": "themes", "value": ["ww2"]}]
    messages, _, _ = play(
        AskStartPlace(), "la seconde guerre", "inform", slots={"language": "fr"}, events=took_themes
    )
    assert messages[0]["text"] == f"{t('fr', 'dialogue.form.noted')} {t('fr', 'dialogue.form.ask_start')}"
    messages, _, _ = play(AskStartPlace(), "je veux un circuit", "plan_circuit", slots={"language": "fr"})
    assert messages[0]["text"] == t("fr", "dialogue.form.ask_start")


def test_an_uncertain_question_on_a_named_site_is_answered_from_its_words(kb):
    text = "la coupolle c'est combien pour un groupe de 25 ?"
    messages, _, _ = play(Fallback(), text, "nlu_fallback", {"site": "la-coupole"})
    assert messages[0]["text"].startswith(
        t("fr", "dialogue.site.price_header", name=kb.site("la-coupole").name_in("fr"))
    )


def test_a_yes_to_no_offer_says_what_the_bot_can_do():
    messages, _, others = play(AcceptOffer(), "yes", "affirm", slots={"language": "en"})
    assert messages[0]["text"] == t("en", "dialogue.chat.help") and others == []


def test_a_misunderstood_message_keeps_the_offer_open():
    _, changes, _ = play(Fallback(), "blorp", "nlu_fallback", slots={"offer": "/plan_circuit"})
    assert "offer" not in changes


def test_events_on_the_dates_asked(kb):
    messages, _, _ = play(
        Events(),
        "Quelles commémorations le 11 novembre 2027 ?",
        "ask_events",
        {"date": "le 11 novembre 2027"},
    )
    event = kb.events(date(2027, 11, 11), date(2027, 11, 11))[0].event
    assert event.name_in("fr") in messages[0]["text"]


def test_trip_details_without_a_date_after_the_events_go_to_the_circuit_form():
    messages, _, others = play(Events(), "depuis Arras, 2 jours", "inform", {"town": "Arras"})
    assert messages == [] and others[0]["name"] == "circuit_form"


def test_a_theme_narrows_the_group_offers_to_its_members(kb):
    text = "une classe de 30 élèves de 4e, un site sur la mine"
    messages, _, _ = play(GroupOffer(), text, "group_offer", {"theme": "mining"})
    mining = {site.name_in("fr") for site in kb.sites(["mining"], members_only=True)}
    others = {site.name_in("fr") for site in kb.sites(members_only=True)} - mining
    assert mining and all(name in messages[0]["text"] for name in mining)
    assert not any(name in messages[0]["text"] for name in others)


def test_the_group_asked_about_is_the_party_of_the_next_price_question(kb):
    text = "un autocar de 45 personnes veut visiter la Coupole"
    _, changes, _ = play(GroupOffer(), text, "group_offer", {"site": "la-coupole"})
    assert changes["party"]["size"] == 45
    messages, _, _ = play(AnswerSiteQuestion(), "c'est combien pour eux ?", "ask_price", slots=changes)
    assert "45" in messages[0]["text"]


def test_a_class_asking_about_one_site_gets_its_price(kb):
    text = "tarif scolaire au musée Somme 1916 pour 28 élèves ?"
    messages, _, _ = play(GroupOffer(), text, "group_offer", {"site": "musee-somme-1916"})
    quote = kb.price("musee-somme-1916", Party(adults=0, students=28, school=True))
    assert format_price(quote, "fr") in messages[0]["text"]


def test_a_group_asking_about_two_sites_gets_both_offers_and_prices(kb):
    text = "groupe de 30 adultes pour Lewarde et l'Historial, quels tarifs ?"
    entities = {"site": ["lewarde-centre-historique-minier", "historial-peronne"]}
    messages, _, _ = play(GroupOffer(), text, "group_offer", entities)
    party = Party(adults=30, group=True)
    for site_id in entities["site"]:
        site = kb.site(site_id)
        assert t("fr", "dialogue.groups.site_header", name=site.name_in("fr")) in messages[0]["text"]
        assert format_price(kb.price(site_id, party), "fr") in messages[0]["text"]


def test_a_group_asking_an_unknown_price_gets_what_the_group_offer_says(kb):
    lewarde = kb.site("lewarde-centre-historique-minier")
    slots = {"last_site": lewarde.id}
    messages, _, _ = play(AnswerSiteQuestion(), "et pour un groupe de 25 ?", "ask_price", slots=slots)
    assert lewarde.groups["fr"] in messages[0]["text"]
    assert t("fr", "dialogue.site.booking_contact", contact=lewarde.groups["contact"]) in messages[0]["text"]


def test_a_group_asking_whom_to_contact_gets_the_group_booking_contact(kb):
    slots = {"last_site": "historial-peronne", "party": {"kind": "group", "size": 40}, "language": "en"}
    messages, _, _ = play(AnswerSiteQuestion(), "who do I contact to book?", "ask_contact", slots=slots)
    contact = kb.site("historial-peronne").groups["contact"]
    assert t("en", "dialogue.site.booking_contact", contact=contact) in messages[0]["text"]


def test_a_group_of_unsaid_size_gets_the_rate_but_no_total_for_an_assumed_size(kb):
    text = "tarif pour un groupe au musée Somme 1916 ?"
    messages, _, _ = play(GroupOffer(), text, "group_offer", {"site": "musee-somme-1916"})
    assumed = describe_party(party_of({"kind": "group"}), "fr")  # "un groupe de 20 personnes"
    assert (
        t("fr", "dialogue.groups.header_group") in messages[0]["text"] and assumed not in messages[0]["text"]
    )


def test_school_groups_get_each_members_offer_and_booking_contact(kb):
    messages, _, _ = play(GroupOffer(), "I organise a school trip for my class", "group_offer")
    assert kb.site("la-coupole").schools["contact"] in messages[0]["text"]
    assert messages[0]["text"].startswith(t("en", "dialogue.groups.header_school"))


# --- conversation frame and robustness ---------------------------------------------------------------
def test_greeting_in_each_language():
    assert play(Greet(), "Bonjour", "greet")[0][0]["text"] == t("fr", "dialogue.greet.text")
    assert play(Greet(), "Hello", "greet")[0][0]["text"] == t("en", "dialogue.greet.text")


def test_the_channels_language_wins_over_the_words():
    _, changes, _ = play(Greet(), "ok", "greet", metadata={"language": "en"}, slots={"language": "fr"})
    assert changes["language"] == "en"


def test_switching_language_confirms_in_the_new_language():
    messages, changes, _ = play(
        SwitchLanguage(), "in English please", "switch_language", slots={"language": "fr"}
    )
    assert (messages[0]["text"], changes["language"]) == (t("en", "dialogue.chat.switched"), "en")


def test_the_second_fallback_in_a_row_gives_a_contact_then_counting_starts_again():
    first, changes, others = play(Fallback(), "asdkjh qwpoeiru", "nlu_fallback")
    assert others == [{"event": "rewind", "timestamp": None}]  # the misunderstood message is forgotten
    second, changes, _ = play(Fallback(), "zxcv", "nlu_fallback", slots=changes)
    assert first[0]["text"] == t("fr", "dialogue.chat.fallback")
    assert "memhisto.com" in second[0]["text"] and changes["fallback_count"] == 0


@pytest.mark.parametrize("lang, text", [("fr", "Bonjour, voici ma demande. " * 200), ("en", "x" * 5000)])
def test_a_too_long_message_asks_for_a_shorter_one_without_counting_a_misunderstanding(lang, text):
    messages, changes, others = play(
        Fallback(), text, "nlu_fallback", slots={"fallback_count": 1, "language": lang}
    )
    assert messages[0]["text"] == t(lang, "dialogue.chat.too_long", limit=MAX_TEXT)
    assert "fallback_count" not in changes and others == [{"event": "rewind", "timestamp": None}]


@pytest.mark.parametrize(
    "lang, text", [("en", "I want to go by helicopter"), ("fr", "on peut y aller en avion ?")]
)
def test_a_way_of_travelling_the_planner_cannot_route_is_said_with_the_ones_it_can(lang, text):
    messages, changes, others = play(Fallback(), text, "nlu_fallback", slots={"language": lang})
    assert messages[0]["text"] == t(lang, "dialogue.chat.unplanned_mode")
    assert [button["payload"] for button in messages[0]["buttons"]] == [
        f'/plan_circuit{{"transport_mode": "{mode}"}}' for mode in ("car", "bike", "foot")
    ]
    assert "fallback_count" not in changes and others == [{"event": "rewind", "timestamp": None}]


def test_an_out_of_scope_question_is_said_to_be_outside_what_the_bot_knows_without_counting():
    messages, changes, others = play(
        Fallback(), "il va pleuvoir demain ?", "out_of_scope", slots={"fallback_count": 1}
    )
    assert messages[0]["text"] == t("fr", "dialogue.chat.out_of_scope")
    assert "fallback_count" not in changes and others == [{"event": "rewind", "timestamp": None}]


def test_a_greeting_with_a_question_gets_the_answer(kb):
    messages, changes, _ = play(
        Greet(), "Bonjour, les horaires de Lewarde ?", "greet", {"site": "lewarde-centre-historique-minier"}
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
    messages, _, _ = play(Thank(), text, "thank", slots={"language": lang})
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
        CancelForm(), "non finalement après-demain", "deny", {"date": "après-demain"}, slots
    )
    assert changes["first_date"] != "2026-12-02"
    assert others == [{"event": "followup", "name": "circuit_form", "timestamp": None}]
    _, _, others = play(CancelForm(), "non merci", "deny", slots=slots)
    assert {"event": "active_loop", "name": None, "timestamp": None} in others


def test_an_unsure_message_naming_only_a_theme_gets_the_sites_of_that_theme(kb):
    messages, _, _ = play(
        Fallback(), "C'est quoi la bataille de la Somme ?", "nlu_fallback", {"theme": "battle-of-the-somme"}
    )
    assert all(site.name_in("fr") in messages[0]["text"] for site in kb.sites(["battle-of-the-somme"]))


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


def test_a_date_after_what_a_site_is_about_asks_for_its_hours(kb):
    slots = {"last_site": "mimoyecques", "last_topic": "info", "language": "en"}
    messages, _, _ = play(
        Fallback(), "can I visit it this week?", "nlu_fallback", {"date": "this week"}, slots
    )
    fortress = kb.site("mimoyecques")  # closed in winter: the test holds from mid-October to mid-April
    if all(not kb.opening(fortress.id, date.today() + timedelta(days=n)).is_open for n in range(7)):
        assert " closed " in messages[0]["text"]
    assert fortress.description_in("en") not in messages[0]["text"]


@pytest.mark.parametrize("text", ["asdkjh qwe zzzz", "???", "hmm"])
def test_keyboard_noise_the_model_calls_out_of_scope_is_not_understood(text):
    messages, changes, _ = play(Fallback(), text, "out_of_scope", slots={"language": "en"})
    assert messages[0]["text"] == t("en", "dialogue.chat.fallback") and changes["fallback_count"] == 1


def test_an_understood_turn_resets_the_fallback_count():
    _, changes, _ = play(Greet(), "Bonjour", "greet", slots={"fallback_count": 1})
    assert changes["fallback_count"] == 0


def test_human_handoff_gives_the_sites_own_contact(kb):
    messages, _, _ = play(
        HumanHandoff(), "je veux parler à quelqu'un", "human_handoff", slots={"last_site": "la-coupole"}
    )
    assert kb.site("la-coupole").phone in texts(messages) and "memhisto.com" in texts(messages)


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


def test_many_sites_asked_for_that_do_not_fit_are_said_not_possible_in_one_line():
    slots = fill_form(
        [("Can we do all 11 Mem'Histo museums in one day by car from Arras on 12 June 2027?", {})]
    )
    messages, _, _ = play(PlanCircuit(), "", slots={**slots, "language": "en"})
    first_line = messages[0]["text"].split("\n")[0]
    assert first_line.startswith(
        t("en", "dialogue.plan.wanted_too_many", asked=11, count=0, names="").split(":")[0]
    )


def test_a_trip_with_a_question_on_a_site_gets_the_answer_and_the_next_question():
    text = "We're planning a day in Arras on 12 June 2027, is Wellington Quarry wheelchair accessible?"
    messages, changes, _ = play(
        ValidateCircuitForm(),
        text,
        "inform",
        {"site": "carriere-wellington", "town": "Arras"},
        {"requested_slot": "start_place"},
    )
    assert changes["start_place"] == "Arras"
    assert "Wellington" in messages[0]["text"] and "wheelchair" in messages[0]["text"]
    assert changes["requested_slot"] is None  # the site's themes and the day: the circuit comes next
    text = "We're planning to visit Wellington Quarry in June, is it wheelchair accessible?"
    messages, changes, _ = play(
        ValidateCircuitForm(),
        text,
        "inform",
        {"site": "carriere-wellington"},
        {"requested_slot": "start_place"},
    )
    assert messages[-1]["text"] == t("en", "dialogue.form.reask.start_place")


def test_which_of_those_after_the_nearby_sites_is_about_them():
    _, changes, _ = play(
        ShareLocation(),
        '/share_location{"latitude": 50.432, "longitude": 2.83}',
        "share_location",
        {"latitude": 50.432, "longitude": 2.83},
    )
    listed = changes["listed_sites"]
    assert len(listed) == 5
    slots = {"listed_sites": listed}
    messages, _, _ = play(
        AnswerSiteQuestion(),
        "which of those are free?",
        "ask_price",
        {},
        slots,
        previous="action_share_location",
    )
    assert messages[0]["text"].startswith(t("en", "dialogue.lists.prices_header"))


def test_a_question_on_a_day_that_does_not_exist_says_so():
    messages, _, _ = play(
        AnswerSiteQuestion(), "c ouvert le 31 fevrier la coupole ?", "ask_hours", {"site": "la-coupole"}
    )
    assert messages[0]["text"] == t("fr", "dialogue.form.date_invalid", years=MAX_YEARS_AWAY)


def test_what_else_is_around_after_a_site_lists_the_sites_near_it_but_it():
    slots = {"last_site": "musee-somme-1916", "last_topic": "accessibility"}
    messages, changes, _ = play(
        FindNearby(),
        "ok alors quoi d'autre dans le coin ?",
        "find_nearby",
        {},
        slots,
        previous="action_answer_site",
    )
    assert messages[0]["text"].startswith(t("fr", "dialogue.nearby.header", place="Albert"))
    assert "musee-somme-1916" not in changes["listed_sites"] and "lochnagar-crater" in changes["listed_sites"]


def test_a_question_that_opened_the_form_is_answered_and_the_form_closed_with_the_details_kept():
    text = "no car, we come by train to Douai. how do we get there then?"
    messages, changes, events = play(
        ValidateCircuitForm(),
        text,
        "plan_circuit",
        {"town": "Douai", "transport_mode": "transit"},
        {"last_site": "lewarde-centre-historique-minier", "last_topic": "groups"},
    )
    assert "Douai" in messages[-1]["text"] or "Douai" in messages[0]["text"]
    assert changes["start_place"] == "Douai" and changes["transport_mode"] == "transit"
    assert changes["requested_slot"] is None
    assert any(event["event"] == "active_loop" and event["name"] is None for event in events)


def test_the_museum_in_a_town_is_its_member_and_a_follow_up_without_a_circuit_is_a_question():
    messages, changes, _ = play(
        RefineCircuit(),
        "And the museum in Albert under the ground?",
        "refine_circuit",
        {"town": "Albert"},
        {"last_site": "la-coupole", "last_topic": "languages"},
    )
    assert changes["last_site"] == "musee-somme-1916" and "Albert" in messages[0]["text"]
