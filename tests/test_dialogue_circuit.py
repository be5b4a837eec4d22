"""The circuit form (bot.conversation.form), the circuit and its refinements (bot.conversation.circuit).

Each test plays one turn or a few (``tests/dialogue.py``: a message and a ``Situation``, no Rasa) and
checks what the visitor would read and which slots change. Expected facts are read from the knowledge
base, not written here.
"""

from __future__ import annotations

import json
import re

import pytest

from bot.conversation.replies import END_FORM, START_FORM
from bot.knowledge import open_kb
from bot.texts import t
from bot.trip import MAX_YEARS_AWAY
from tests.dialogue import fill_form, play, texts

GOOGLE_MAPS = re.compile(r"https://www\.google\.com/maps/dir/\?\S+")


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_form_asks_start_then_themes_then_duration_and_plans_a_french_circuit(kb):
    slots = {}
    asked = []
    for text in ["Je voudrais un circuit", "Arras", "la Première Guerre mondiale", "une journée"]:
        _, changes, _ = play("validate_circuit_form", text, "inform", slots=slots)
        slots.update(changes)
        asked.append(slots["requested_slot"])
    assert asked == ["start_place", "themes", "duration_text", None]
    assert slots["start_place"] == "Arras" and slots["themes"] == ["ww1"] and slots["days"] == 1

    messages, changes, _ = play("action_plan_circuit", "une journée", slots=slots)
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
    messages, changes, _ = play("validate_circuit_form", "Arass", slots={"requested_slot": "start_place"})
    assert "Arass" in messages[0]["text"]
    assert '/inform{"town": "Arras"}' in [button["payload"] for button in messages[0]["buttons"]]
    assert changes["requested_slot"] == "start_place" and changes.get("start_place") is None


def test_a_misspelt_start_in_a_whole_request_gets_close_names_and_the_rest_is_kept():
    text = "circuit depuis Arass pour demain, la mine, 2 heures"
    messages, changes, _ = play("validate_circuit_form", text, "plan_circuit", {"theme": "mining"})
    assert '/inform{"town": "Arras"}' in [button["payload"] for button in messages[0]["buttons"]]
    assert (changes["themes"], changes["minutes_per_day"]) == (["mining"], 120)


def test_a_site_after_from_is_not_taken_for_a_misspelt_town():
    messages, changes, _ = play("validate_circuit_form", "a trip from La Coupole", "plan_circuit")
    assert messages == [] or "La Coupole" not in messages[0]["text"]
    assert changes.get("start_place") is None


@pytest.mark.parametrize("text", ["next Sunday", "on the 45th of June"])
def test_a_date_said_while_the_start_is_asked_is_not_taken_for_a_place(text):
    slots = {"requested_slot": "start_place", "language": "en"}
    messages, changes, _ = play("validate_circuit_form", text, "inform", slots=slots)
    assert not any("Hauts-de-France" in message["text"] for message in messages)
    assert changes["requested_slot"] == "start_place"


def test_a_school_trip_with_a_date_and_a_theme_is_planned_not_listed():
    text = "sortie scolaire sur les armes V pour une classe de 3e le 15 mars, une journée en car"
    entities = {"theme": "v-weapons", "date": "le 15 mars", "duration": "une journée"}
    _, changes, others = play("action_group_offer", text, "group_offer", entities)
    assert changes["party"]["kind"] == "school" and changes["transport_mode"] == "car"
    assert others[0] == START_FORM


def test_a_tour_operator_with_a_start_and_a_length_gets_a_circuit():
    text = "Tour operator here: group of 35 adults, 2 days, starting Amiens on 14 September 2027, coach"
    entities = {"town": "Amiens", "duration": "2 days", "date": "14 September 2027"}
    _, changes, others = play("action_group_offer", text, "group_offer", entities, {"language": "en"})
    assert (changes["start_place"], changes["days"], changes["party"]["size"]) == ("Amiens", 2, 35)
    assert others[0] == START_FORM


def test_an_uncertain_message_with_a_site_and_a_start_is_a_trip_request():
    text = "We'll be around Villers-Bretonneux on 25 April 2027, can you plan the day from Amiens?"
    entities = {"site": "australian-national-memorial", "town": "Amiens", "date": "25 April 2027"}
    _, _, others = play("action_default_fallback", text, "nlu_fallback", entities, {"language": "en"})
    assert others[0] == START_FORM


def test_a_town_name_shared_by_two_communes_gets_one_button_each():
    messages, _, _ = play("validate_circuit_form", "Saint-Sauveur", slots={"requested_slot": "start_place"})
    buttons = messages[0]["buttons"]
    assert len(buttons) == 2 and all('"latitude"' in button["payload"] for button in buttons)


def test_an_unknown_town_is_asked_again_in_english():
    messages, changes, _ = play(
        "validate_circuit_form", "Xyzzyqville", slots={"requested_slot": "start_place", "language": "en"}
    )
    assert messages[0]["text"] == t("en", "dialogue.form.start_unknown", place="Xyzzyqville")
    assert changes["requested_slot"] == "start_place"


@pytest.mark.parametrize(
    ("text", "key"),
    [("le 30 février", "dialogue.form.date_invalid"), ("le 3 janvier 2020", "dialogue.form.date_past")],
)
def test_impossible_dates_say_why(text, key):
    messages, changes, _ = play(
        "validate_circuit_form", text, slots={"requested_slot": "duration_text", "language": "fr"}
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
        "validate_circuit_form",
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
        "action_share_location", payload, "share_location", entities=entities, slots={"language": "fr"}
    )
    assert texts(messages).strip()
    assert "start_lat" not in changes and "start_lon" not in changes


def test_injected_party_and_mode_are_not_kept():
    entities = {"party": -5, "number": -30, "transport_mode": "rocket", "no_such_slot": 1}
    payload = "/inform" + json.dumps(entities)
    _, changes, _ = play(
        "validate_circuit_form", payload, entities=entities, slots={"requested_slot": "start_place"}
    )
    assert "party" not in changes and "transport_mode" not in changes


def test_a_school_payload_of_a_sane_size_is_kept():
    entities = {"party": "school", "number": 25, "transport_mode": "bike"}
    payload = "/inform" + json.dumps(entities)
    _, changes, _ = play(
        "validate_circuit_form", payload, entities=entities, slots={"requested_slot": "start_place"}
    )
    assert changes["party"] == {"kind": "school", "size": 25}
    assert changes["transport_mode"] == "bike"


def test_a_question_on_something_else_sets_no_slot_so_that_the_rules_answer_it():
    messages, changes, _ = play(
        "validate_circuit_form",
        "c'est ouvert demain la Coupole ?",
        "ask_hours",
        {"site": "la-coupole", "date": "demain"},
        {"requested_slot": "start_place"},
    )
    assert (messages, changes) == ([], {"requested_slot": "start_place"})


def test_the_entity_answering_the_question_is_taken_whatever_the_intent():
    slots = {"requested_slot": "duration_text", "start_place": "Arras", "themes": ["ww1"]}
    _, changes, _ = play(
        "validate_circuit_form", "une journée", "add_day", {"duration": "une journée"}, slots
    )
    assert (changes["days"], changes["requested_slot"]) == (1, None)


def test_a_shared_location_answers_the_start_question():
    slots = fill_form(
        [("/share_location", {"latitude": 50.95, "longitude": 1.86})], {"requested_slot": "start_place"}
    )
    assert (slots["start_lat"], slots["start_lon"], slots["requested_slot"]) == (50.95, 1.86, "themes")


def test_a_change_of_start_while_the_duration_is_asked_is_taken_without_a_false_re_ask():
    slots = {"start_place": "Lille", "themes": ["ww2"], "requested_slot": "duration_text"}
    messages, changes, _ = play(
        "validate_circuit_form", "plutôt à partir d'Amiens", "refine_circuit", {"town": "Amiens"}, slots
    )
    assert changes["start_place"] == "Amiens" and "themes" not in changes
    assert t("fr", "dialogue.form.duration_unknown") not in texts(messages)
    assert changes["requested_slot"] == "duration_text"  # the question comes again, as asked first


def test_leaving_out_a_site_that_was_not_in_the_circuit_says_so(kb):
    slots = {"last_circuit": {"sites": ["historial-peronne"]}, "language": "en"}
    site = "mimoyecques"
    messages, changes, _ = play(
        "action_refine_circuit", "without Mimoyecques", "exclude_site", {"site": site}, slots
    )
    assert texts(messages) == t(
        "en", "dialogue.refine.excluded_not_in_circuit", name=kb.site(site).name_in("en")
    )
    assert changes["excluded_sites"] == [site]


def test_refinements_keep_the_rest_of_the_request(kb):
    slots = fill_form([("Je suis à Arras avec 1 jour, la Grande Guerre m'intéresse", None)])
    first = play("action_plan_circuit", "", slots=slots)[0][0]["custom"]["data"]
    dropped = first["days"][0]["visits"][0]["site_id"]

    messages, changes, _ = play(
        "action_refine_circuit", "sans ce site", "exclude_site", {"site": dropped}, slots
    )
    assert texts(messages) == t("fr", "dialogue.refine.excluded", name=kb.site(dropped).name_in("fr"))
    slots.update(changes)
    _, changes, _ = play("action_refine_circuit", "un jour de plus", "add_day", slots=slots)
    slots.update(changes)
    _, changes, _ = play(
        "action_refine_circuit", "et plutôt depuis Lille", "refine_circuit", {"town": "Lille"}, slots
    )
    slots.update(changes)
    assert (slots["excluded_sites"], slots["days"], slots["start_place"], slots["themes"]) == (
        [dropped],
        2,
        "Lille",
        ["ww1"],
    )

    again = play("action_plan_circuit", "", slots=slots)[0][0]["custom"]["data"]
    assert again["start"]["name"] == "Lille" and len(again["days"]) == 2
    assert dropped not in [visit["site_id"] for day in again["days"] for visit in day["visits"]]


def test_a_circuit_button_to_change_the_start_empties_it_for_the_form():
    _, changes, _ = play(
        "action_refine_circuit",
        "/refine_circuit",
        "refine_circuit",
        {"change": "start"},
        {"start_place": "Arras"},
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
    messages, changes, _ = play("action_plan_circuit", "", slots={**slots, "language": "en"})
    assert t("en", "circuit.problem_too_far") in messages[0]["text"]
    assert "last_circuit" not in changes


def test_without_a_car_what_can_be_seen_on_foot_is_planned_with_the_farther_sites_by_public_transport():
    slots = fill_form([("we're in Calais tomorrow for one day, no car, interested in WW2", {})])
    assert slots["transport_mode"] == "transit"
    messages, changes, _ = play("action_plan_circuit", "", slots={**slots, "language": "en"})
    assert messages[0]["text"].startswith(t("en", "dialogue.plan.on_foot_instead"))
    assert messages[0]["custom"]["data"]["mode"] == "foot"
    assert changes["last_circuit"]["sites"] == ["musee-memoire-39-45-calais"]


def test_without_a_car_and_nothing_within_walking_the_bot_says_why_and_offers_the_modes_that_work():
    slots = fill_form([("we're in Amiens tomorrow for one day, no car, interested in WW1", {})])
    assert slots["transport_mode"] == "transit"
    messages, changes, _ = play("action_plan_circuit", "", slots={**slots, "language": "en"})
    assert t("en", "circuit.problem_no_timetables") in messages[0]["text"]
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert '/refine_circuit{"transport_mode": "car"}' in payloads
    _, refined, _ = play("action_refine_circuit", "", "refine_circuit", {"transport_mode": "car"}, slots)
    assert refined["transport_mode"] == "car"
    assert "last_circuit" not in changes


def test_calendar_links_point_at_the_same_circuit():
    link = (
        "http://localhost:8080/?start=50.29%2C2.78&start_name=Arras&date=2026-11-26&mode=car&day=lens-14-18"
    )
    messages, _, _ = play(
        "action_get_calendar", "/get_calendar", "get_calendar", slots={"last_circuit": {"link": link}}
    )
    query = link.split("?", 1)[1]
    assert (
        f"/api/circuit.ics?{query}" in messages[0]["text"]
        and f"/api/circuit.gpx?{query}" in messages[0]["text"]
    )


def test_many_sites_asked_for_that_do_not_fit_are_said_not_possible_in_one_line():
    slots = fill_form(
        [("Can we do all 11 Mem'Histo museums in one day by car from Arras on 12 June 2027?", {})]
    )
    messages, _, _ = play("action_plan_circuit", "", slots={**slots, "language": "en"})
    first_line = messages[0]["text"].split("\n")[0]
    assert first_line.startswith(
        t("en", "dialogue.plan.wanted_too_many", asked=11, count=0, names="").split(":")[0]
    )


def test_a_trip_with_a_question_on_a_site_gets_the_answer_and_the_next_question():
    text = "We're planning a day in Arras on 12 June 2027, is Wellington Quarry wheelchair accessible?"
    messages, changes, _ = play(
        "validate_circuit_form",
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
        "validate_circuit_form",
        text,
        "inform",
        {"site": "carriere-wellington"},
        {"requested_slot": "start_place"},
    )
    assert messages[-1]["text"] == t("en", "dialogue.form.reask.start_place")


def test_a_question_that_opened_the_form_is_answered_and_the_form_closed_with_the_details_kept():
    text = "no car, we come by train to Douai. how do we get there then?"
    messages, changes, events = play(
        "validate_circuit_form",
        text,
        "plan_circuit",
        {"town": "Douai", "transport_mode": "transit"},
        {"last_site": "lewarde-centre-historique-minier", "last_topic": "groups"},
    )
    assert "Douai" in messages[-1]["text"] or "Douai" in messages[0]["text"]
    assert changes["start_place"] == "Douai" and changes["transport_mode"] == "transit"
    assert changes["requested_slot"] is None
    assert END_FORM in events
