"""Questions on sites, lists, nearby sites, events and group offers (bot.conversation.answers).

Each test plays one turn or a few (``tests/dialogue.py``: a message and a ``Situation``, no Rasa) and
checks what the visitor would read and which slots change. Expected facts are read from the knowledge
base, not written here.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.conversation.party import party_of
from bot.conversation.replies import START_FORM
from bot.conversation.sites import TOPICS
from bot.knowledge import Party, open_kb
from bot.texts import t
from bot.texts.formats import describe_party, format_price
from bot.trip import MAX_YEARS_AWAY
from bot.trip.plan import MAX_DAYS
from tests.dialogue import fill_form, play, texts


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_hours_on_a_date_come_from_the_knowledge_base(kb):
    day = date.today() + timedelta(days=1)
    messages, changes, _ = play(
        "action_answer_site",
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
        "action_answer_site",
        "and how much is it for 2 adults?",
        "ask_price",
        slots={"last_site": "la-coupole"},
    )
    total = kb.price("la-coupole", Party(adults=2)).total
    assert kb.site("la-coupole").name_in("en") in messages[0]["text"]
    assert f"€{total:g}" in messages[0]["text"]


def test_a_follow_up_on_another_site_keeps_the_day_asked_about(kb):
    asked = play("action_answer_site", "horaires de la Coupole le 24 décembre ?", "ask_hours")[1]
    assert asked["last_day"].endswith("-12-24")
    messages, changes, _ = play(
        "action_answer_site", "et Lewarde ?", "ask_hours", {"site": "lewarde-centre-historique-minier"}, asked
    )
    assert "24 décembre" in messages[0]["text"]
    assert changes["last_day"] == asked["last_day"]
    # A new question with its own words and no date is about today again.
    _, changes, _ = play(
        "action_answer_site",
        "Lewarde c'est ouvert ?",
        "ask_hours",
        {"site": "lewarde-centre-historique-minier"},
        asked,
    )
    assert changes["last_day"] is None


def test_a_day_alone_after_a_site_answer_asks_the_same_question_for_that_day():
    slots = {"last_site": "la-coupole", "last_topic": "hours"}
    messages, changes, _ = play(
        "action_answer_site", "et le 24 décembre ?", "inform", {"date": "24 décembre"}, slots
    )
    assert "24 décembre" in messages[0]["text"] and changes["last_site"] == "la-coupole"


def test_the_day_after_the_day_asked_about(kb):
    slots = {"last_site": "la-coupole", "last_topic": "hours", "last_day": "2026-12-25", "language": "en"}
    messages, changes, _ = play(
        "action_default_fallback", "and the day after?", "nlu_fallback", {"date": "the day after"}, slots
    )
    assert "26 December" in messages[0]["text"] and changes["last_day"] == "2026-12-26"


def test_a_theme_named_as_a_list_question_after_a_circuit_changes_its_themes():
    slots = {
        "last_circuit": {"sites": ["dunkerque-1940"]},
        "themes": ["dunkirk-1940"],
        "start_place": "Calais",
    }
    text = "plutôt la Seconde Guerre mondiale en général"
    messages, changes, others = play("action_list_themes", text, "list_themes", {"theme": "ww2"}, slots)
    assert changes["themes"] == ["ww2"]
    assert others == [START_FORM]
    assert play("action_list_themes", "quels thèmes ?", "list_themes")[0][0]["text"].startswith(
        t("fr", "dialogue.lists.themes_header")
    )


def test_sites_of_a_theme_asked_when_the_form_asks_for_themes_also_answer_it(kb):
    asked = {"requested_slot": "themes", "start_place": "Saint-Omer"}
    messages, changes, _ = play(
        "action_list_sites_by_theme", "bon ok la guerre 39-45", "list_sites_by_theme", {"theme": "ww2"}, asked
    )
    assert changes["themes"] == ["ww2"] and kb.site("la-coupole").name_in("fr") in messages[0]["text"]
    # Outside the form, the theme asked about is the circuit's next, unless themes were said.
    _, changes, _ = play(
        "action_list_sites_by_theme", "quels sites sur 39-45 ?", "list_sites_by_theme", {"theme": "ww2"}
    )
    assert changes["themes"] == ["ww2"]
    _, changes, _ = play(
        "action_list_sites_by_theme",
        "quels sites sur 39-45 ?",
        "list_sites_by_theme",
        {"theme": "ww2"},
        {"themes": ["ww1"]},
    )
    assert "themes" not in changes


def test_the_one_site_a_message_names_is_the_one_discussed_next():
    _, changes, _ = play(
        "action_list_members", "la coupole c'est un musée du réseau ?", "list_members", {"site": "la-coupole"}
    )
    assert changes["last_site"] == "la-coupole"


def test_trip_details_after_a_site_answer_go_to_the_circuit_form():
    slots = {"last_site": "la-coupole", "last_topic": "hours"}
    messages, _, others = play("action_answer_site", "depuis Arras", "inform", {"town": "Arras"}, slots)
    assert (messages, others) == ([], [START_FORM])


def test_directions_always_say_what_is_known_of_public_transport(kb):
    with_bus = next(site for site in kb.sites() if site.public_transport)
    without = next(site for site in kb.sites() if not site.public_transport)
    for site, expected in (
        (with_bus, with_bus.public_transport["fr"]),
        (without, t("fr", "circuit.transit_unknown")),
    ):
        messages, _, _ = play("action_answer_site", "comment y aller ?", "ask_directions", {"site": site.id})
        assert t("fr", "dialogue.site.transport", text=expected) in messages[0]["text"]


def test_a_service_no_source_describes_is_said_unknown_with_whom_to_ask(kb):
    site = kb.site("la-coupole")
    messages, _, _ = play(
        "action_answer_site",
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
        "action_answer_site",
        "on peut y aller en bus depuis Lille ?",
        "ask_directions",
        {"town": "Lille"},
        {"last_site": bondues.id},
    )
    assert changes["last_site"] == bondues.id
    assert t("fr", "dialogue.site.route_from", place="Lille", url="").split("http")[0] in messages[0]["text"]
    assert "&origin=" in messages[0]["text"]


def test_a_site_named_with_a_typo_is_found_from_the_text():
    _, changes, _ = play("action_answer_site", "horaires de la copole", "ask_hours")
    assert changes["last_site"] == "la-coupole"


def test_unknown_facts_stay_unknown_and_say_where_to_ask(kb):
    site = next(each for each in kb.sites() if (each.hours or {}).get("status") == "unknown" and each.phone)
    messages, _, _ = play("action_answer_site", "horaires ?", "ask_hours", {"site": site.id})
    assert (
        t("fr", "dialogue.site.hours_unknown", name=site.name_in("fr"), where="")[:20] in messages[0]["text"]
    )
    assert site.phone in messages[0]["text"]


@pytest.mark.parametrize("intent", sorted(TOPICS))
def test_every_site_question_gets_an_answer_in_both_languages(intent, kb):
    for lang in ("fr", "en"):
        messages, _, _ = play(
            "action_answer_site", "?", intent, {"site": "historial-peronne"}, {"language": lang}
        )
        assert kb.site("historial-peronne").name_in(lang) in messages[0]["text"] or intent == "ask_site_info"
        assert messages[0]["text"] != t(lang, "dialogue.chat.error")


def test_without_a_site_the_bot_asks_which_with_the_members(kb):
    messages, _, _ = play("action_answer_site", "c'est ouvert ?", "ask_hours")
    assert len(messages[0]["buttons"]) == len(kb.sites(members_only=True))


def test_lists_of_themes_sites_of_a_theme_and_members(kb):
    themes = texts(play("action_list_themes", "quels thèmes ?", "list_themes")[0])
    assert kb.theme("ww2").label_in("fr") in themes
    ww2 = texts(
        play(
            "action_list_sites_by_theme",
            "Which sites are about WW2?",
            "list_sites_by_theme",
            {"theme": "ww2"},
        )[0]
    )
    assert all(site.name_in("en") in ww2 for site in kb.sites(themes=["ww2"]))
    members = texts(play("action_list_members", "Which museums are in the network?", "list_members")[0])
    assert str(len(kb.sites(members_only=True))) in members


def test_a_shared_location_lists_the_nearest_sites_and_offers_a_circuit_from_there(kb):
    messages, changes, _ = play(
        "action_share_location",
        "/share_location",
        "share_location",
        {"latitude": 50.291, "longitude": 2.7775},
        {"language": "en"},
    )
    nearest = kb.near(50.291, 2.7775, limit=1)[0][0]
    assert nearest.name_in("en") in messages[0]["text"].splitlines()[1]
    assert messages[0]["buttons"][0]["payload"].startswith("/plan_circuit")
    assert (changes["start_lat"], changes["start_lon"]) == (50.291, 2.7775)
    later = texts(play("action_find_nearby", "What is near me?", "find_nearby", slots=changes)[0])
    assert nearest.name_in("en") in later
    form = fill_form([("plan a half day from here", {})], {**changes, "language": "en"})
    assert form["requested_slot"] == "themes"  # the shared location is the start


def test_nearby_with_a_theme_and_a_time_budget_is_a_circuit_request():
    text = "I only have 3 hours, starting from Lille-Flandres station, interested in the resistance"
    entities = {"town": "Lille", "theme": "resistance", "duration": "3 hours"}
    _, changes, others = play("action_find_nearby", text, "find_nearby", entities, {"language": "en"})
    assert (changes["themes"], changes["minutes_per_day"]) == (["resistance"], 180)
    assert others[0] == START_FORM


@pytest.mark.parametrize(
    "action, intent", [("action_find_nearby", "inform"), ("action_default_fallback", "nlu_fallback")]
)
def test_a_town_alone_right_after_the_nearby_sites_asks_again_for_it(action, intent):
    messages, _, _ = play(
        action,
        "et à Compiègne ?",
        intent,
        {"town": "Compiègne"},
        {"language": "fr"},
        previous_action="action_find_nearby",
    )
    assert messages[0]["text"].startswith(t("fr", "dialogue.nearby.header", place="Compiègne"))


def test_an_unsure_date_right_after_the_events_asks_for_that_dates_events(kb):
    messages, _, _ = play(
        "action_default_fallback",
        "and in May 2027?",
        "nlu_fallback",
        {"date": "in May 2027"},
        {"language": "en"},
        previous_action="action_events",
    )
    may = kb.events(date(2027, 5, 1), date(2027, 5, 31))
    assert may and may[0].event.name_in("en") in messages[0]["text"]


def test_which_are_open_now_right_after_the_nearby_sites_is_about_those_sites():
    slots = {"start_lat": 50.75, "start_lon": 2.25, "language": "en"}
    messages, _, _ = play(
        "action_answer_site",
        "which ones are open now?",
        "ask_hours",
        slots=slots,
        previous_action="action_share_location",
    )
    assert messages[0]["text"].startswith(
        t("en", "dialogue.nearby.header", place=t("en", "circuit.your_location"))
    )


def test_trip_details_right_after_the_nearby_sites_go_to_the_circuit_form():
    _, _, others = play(
        "action_find_nearby", "WW1, 2 hours", "inform", {"theme": "ww1", "duration": "2 hours"}
    )
    assert others == [START_FORM]


def test_nearby_a_town_without_a_location(kb):
    messages, changes, _ = play("action_find_nearby", "près d'Albert", "find_nearby", {"town": "Albert"})
    assert (
        "Albert" in messages[0]["text"] and kb.site("musee-somme-1916").name_in("fr") in messages[0]["text"]
    )
    assert changes["start_place"] == "Albert"  # "un circuit depuis là-bas" next
    assert play("action_find_nearby", "près de moi", "find_nearby")[0][0]["text"] == t(
        "fr", "dialogue.nearby.ask_location"
    )


def test_a_yes_accepts_the_offer_to_plan_from_a_town_nearby(kb):
    messages, changes, _ = play("action_find_nearby", "près d'Albert", "find_nearby", {"town": "Albert"})
    offer = changes["offer"]
    assert offer == messages[0]["buttons"][0]["payload"]
    _, changes, others = play("action_affirm", "oui", "affirm", slots={"offer": offer, "language": "fr"})
    assert changes["start_place"] == "Albert"
    assert others == [START_FORM]


def test_a_site_question_that_names_no_site_but_a_whole_trip_goes_to_the_circuit_form():
    text = "We're a family with two kids, wheelchair-friendly trip from Lens this weekend, WW1"
    entities = {"town": "Lens", "theme": "ww1", "date": "this weekend"}
    _, changes, others = play("action_answer_site", text, "ask_accessibility", entities, {"language": "en"})
    assert (changes["start_place"], changes["themes"], changes["wheelchair"]) == ("Lens", ["ww1"], True)
    assert changes["party"]["kind"] == "family" and others[0] == START_FORM


def test_an_uncertain_message_with_a_whole_trip_goes_to_the_circuit_form():
    text = "We're a family with two kids in a wheelchair-friendly trip from Lens this weekend, WW1"
    entities = {"town": "Lens", "theme": "ww1", "date": "this weekend"}
    messages, _, others = play("action_default_fallback", text, "nlu_fallback", entities, {"language": "en"})
    assert messages == [] and others[0] == START_FORM


def test_an_uncertain_change_of_duration_after_a_circuit_plans_again():
    slots = {"language": "en", "last_circuit": {"link": "http://localhost:8080/?start=1,2"}}
    _, _, others = play(
        "action_default_fallback", "only half a day", "nlu_fallback", {"duration": "half a day"}, slots
    )
    assert others[0] == START_FORM
    messages, _, _ = play(
        "action_default_fallback", "only half a day", "nlu_fallback", {"duration": "half a day"}
    )
    assert messages[0]["text"] == t("en", "dialogue.chat.fallback")


def test_a_closed_day_still_gives_the_note_that_the_rules_cannot_say(kb):
    day = date(2026, 12, 13)
    opening = kb.opening("musee-resistance-bondues", day)
    assert not opening.is_open and opening.notes
    messages, _, _ = play(
        "action_answer_site",
        "horaires le 13 décembre 2026 ?",
        "ask_hours",
        {"site": "musee-resistance-bondues"},
    )
    assert opening.notes[0]["fr"] in messages[0]["text"]


def test_a_message_asking_two_things_gets_both_answers(kb):
    text = "visite de la carrière Wellington : en quelles langues ? combien de temps ça dure ?"
    messages, _, _ = play("action_answer_site", text, "ask_duration", {"site": "carriere-wellington"})
    site = kb.site("carriere-wellington")
    assert len(messages) == 2 and not messages[0]["buttons"] and messages[1]["buttons"]
    assert t("fr", "dialogue.language_names.en") in messages[1]["text"]
    assert site.name_in("fr") in messages[0]["text"]


@pytest.mark.parametrize(
    ("text", "intent"),  # the intent as bot.nlu.cues gives it: the words beat DIET between topics
    [("is it accessible by train?", "ask_directions"), ("c'est ouvert lundi ?", "ask_hours")],
)
def test_one_question_gets_one_answer(text, intent):
    messages, _, _ = play("action_answer_site", text, intent, {"site": "la-coupole"})
    assert len(messages) == 1


def test_what_is_open_near_a_town_lists_the_nearest_sites_open_or_not(kb):
    slots = {"last_site": "la-coupole"}
    messages, _, _ = play(
        "action_answer_site", "what's open today near Arras?", "ask_hours", {"town": "Arras"}, slots
    )
    assert messages[0]["text"].startswith(t("en", "dialogue.nearby.header", place="Arras"))
    assert kb.site("carriere-wellington").name_in("en") in messages[0]["text"]


def test_which_museums_are_open_on_a_day_lists_each_member(kb):
    messages, _, _ = play(
        "action_answer_site", "quels musées sont ouverts lundi 7 décembre 2026 ?", "ask_hours"
    )
    text = messages[0]["text"]
    for site in kb.sites(members_only=True):
        assert site.name_in("fr") in text
        opening = kb.opening(site.id, date(2026, 12, 7))
        if opening.known and opening.is_open:
            assert f"{site.name_in('fr')} : {opening.windows[0][0].strftime('%H:%M')}" in text


def test_which_museums_are_wheelchair_accessible_lists_each_member(kb):
    messages, _, _ = play(
        "action_answer_site", "which museums are wheelchair accessible?", "ask_accessibility"
    )
    for site in kb.sites(members_only=True):
        assert site.name_in("en") in messages[0]["text"]


def test_a_plural_question_after_a_site_answer_is_about_every_member(kb):
    messages, _, _ = play(
        "action_answer_site",
        "are they open on Sunday 6 December 2026?",
        "ask_hours",
        slots={"last_site": "la-coupole"},
    )
    assert all(site.name_in("en") in messages[0]["text"] for site in kb.sites(members_only=True))


def test_which_museums_of_a_theme_are_accessible_lists_the_members_of_that_theme(kb):
    messages, _, _ = play(
        "action_answer_site", "quels musées 14-18 sont accessibles ?", "ask_accessibility", {"theme": "ww1"}
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
    messages, _, _ = play("action_answer_site", "c'est combien en tout ?", "ask_price", slots=slots)
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
        "validate_circuit_form", text, "plan_circuit", {"site": "vimy-memorial", "town": "Arras"}
    )
    assert changes["wanted_sites"] == ["vimy-memorial"]
    assert set(changes["themes"]) & set(kb.site("vimy-memorial").themes)
    assert changes["minutes_per_day"] and changes["first_date"]
    _, changes, _ = play("validate_circuit_form", "sans Vimy", "refine_circuit", {"site": "vimy-memorial"})
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
    messages, changes, _ = play("action_plan_circuit", "ok", "inform", slots=slots)
    name = kb.site("musee-portuaire-dunkerque").name_in("fr")
    assert t("fr", "dialogue.plan.wanted_left_out", name=name) in messages[0]["text"]


def test_a_named_site_closed_on_the_dates_is_said_closed(kb):
    slots = {"start_place": "Péronne", "themes": ["ww1"], "duration_text": "une journée", "days": 1}
    slots |= {"first_date": "2026-12-20", "wanted_sites": ["historial-peronne"], "language": "fr"}
    assert not kb.opening("historial-peronne", date(2026, 12, 20)).is_open
    messages, _, _ = play("action_plan_circuit", "ok", "inform", slots=slots)
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
    messages, _, _ = play("action_plan_circuit", "15 days", "inform", slots=slots)
    assert t("en", "dialogue.plan.days_capped", asked=15, days=MAX_DAYS) in messages[0]["text"]


def test_a_site_alone_after_a_site_question_gets_the_same_question(kb):
    slots = {"last_topic": "accessibility", "last_site": "musee-somme-1916"}
    entities = {"site": "historial-peronne"}
    messages, changes, others = play(
        "action_default_fallback", "et l'historial ?", "nlu_fallback", entities, slots
    )
    assert others == []  # answered here: no revert, no follow-up action (it would meet the fallback again)
    site = kb.site("historial-peronne")
    assert messages[0]["text"].startswith(
        t("fr", f"dialogue.site.access_{site.wheelchair['access']}", name=site.name_in("fr"))
    )
    assert changes["last_site"] == site.id


def test_an_uncertain_question_on_a_named_site_is_answered_from_its_words(kb):
    text = "la coupolle c'est combien pour un groupe de 25 ?"
    messages, _, _ = play("action_default_fallback", text, "nlu_fallback", {"site": "la-coupole"})
    assert messages[0]["text"].startswith(
        t("fr", "dialogue.site.price_header", name=kb.site("la-coupole").name_in("fr"))
    )


def test_a_yes_to_no_offer_says_what_the_bot_can_do():
    messages, _, others = play("action_affirm", "yes", "affirm", slots={"language": "en"})
    assert messages[0]["text"] == t("en", "dialogue.chat.help") and others == []


def test_a_misunderstood_message_keeps_the_offer_open():
    _, changes, _ = play("action_default_fallback", "blorp", "nlu_fallback", slots={"offer": "/plan_circuit"})
    assert "offer" not in changes


def test_events_on_the_dates_asked(kb):
    messages, _, _ = play(
        "action_events",
        "Quelles commémorations le 11 novembre 2027 ?",
        "ask_events",
        {"date": "le 11 novembre 2027"},
    )
    event = kb.events(date(2027, 11, 11), date(2027, 11, 11))[0].event
    assert event.name_in("fr") in messages[0]["text"]


def test_trip_details_without_a_date_after_the_events_go_to_the_circuit_form():
    messages, _, others = play("action_events", "depuis Arras, 2 jours", "inform", {"town": "Arras"})
    assert messages == [] and others[0] == START_FORM


def test_a_theme_narrows_the_group_offers_to_its_members(kb):
    text = "une classe de 30 élèves de 4e, un site sur la mine"
    messages, _, _ = play("action_group_offer", text, "group_offer", {"theme": "mining"})
    mining = {site.name_in("fr") for site in kb.sites(["mining"], members_only=True)}
    others = {site.name_in("fr") for site in kb.sites(members_only=True)} - mining
    assert mining and all(name in messages[0]["text"] for name in mining)
    assert not any(name in messages[0]["text"] for name in others)


def test_the_group_asked_about_is_the_party_of_the_next_price_question(kb):
    text = "un autocar de 45 personnes veut visiter la Coupole"
    _, changes, _ = play("action_group_offer", text, "group_offer", {"site": "la-coupole"})
    assert changes["party"]["size"] == 45
    messages, _, _ = play("action_answer_site", "c'est combien pour eux ?", "ask_price", slots=changes)
    assert "45" in messages[0]["text"]


def test_a_class_asking_about_one_site_gets_its_price(kb):
    text = "tarif scolaire au musée Somme 1916 pour 28 élèves ?"
    messages, _, _ = play("action_group_offer", text, "group_offer", {"site": "musee-somme-1916"})
    quote = kb.price("musee-somme-1916", Party(adults=0, students=28, school=True))
    assert format_price(quote, "fr") in messages[0]["text"]


def test_a_group_asking_about_two_sites_gets_both_offers_and_prices(kb):
    text = "groupe de 30 adultes pour Lewarde et l'Historial, quels tarifs ?"
    entities = {"site": ["lewarde-centre-historique-minier", "historial-peronne"]}
    messages, _, _ = play("action_group_offer", text, "group_offer", entities)
    party = Party(adults=30, group=True)
    for site_id in entities["site"]:
        site = kb.site(site_id)
        assert t("fr", "dialogue.groups.site_header", name=site.name_in("fr")) in messages[0]["text"]
        assert format_price(kb.price(site_id, party), "fr") in messages[0]["text"]


def test_a_group_asking_an_unknown_price_gets_what_the_group_offer_says(kb):
    lewarde = kb.site("lewarde-centre-historique-minier")
    slots = {"last_site": lewarde.id}
    messages, _, _ = play("action_answer_site", "et pour un groupe de 25 ?", "ask_price", slots=slots)
    assert lewarde.groups["fr"] in messages[0]["text"]
    assert t("fr", "dialogue.site.booking_contact", contact=lewarde.groups["contact"]) in messages[0]["text"]


def test_a_group_asking_whom_to_contact_gets_the_group_booking_contact(kb):
    slots = {"last_site": "historial-peronne", "party": {"kind": "group", "size": 40}, "language": "en"}
    messages, _, _ = play("action_answer_site", "who do I contact to book?", "ask_contact", slots=slots)
    contact = kb.site("historial-peronne").groups["contact"]
    assert t("en", "dialogue.site.booking_contact", contact=contact) in messages[0]["text"]


def test_a_group_of_unsaid_size_gets_the_rate_but_no_total_for_an_assumed_size(kb):
    text = "tarif pour un groupe au musée Somme 1916 ?"
    messages, _, _ = play("action_group_offer", text, "group_offer", {"site": "musee-somme-1916"})
    assumed = describe_party(party_of({"kind": "group"}), "fr")  # "un groupe de 20 personnes"
    assert (
        t("fr", "dialogue.groups.header_group") in messages[0]["text"] and assumed not in messages[0]["text"]
    )


def test_school_groups_get_each_members_offer_and_booking_contact(kb):
    messages, _, _ = play("action_group_offer", "I organise a school trip for my class", "group_offer")
    assert kb.site("la-coupole").schools["contact"] in messages[0]["text"]
    assert messages[0]["text"].startswith(t("en", "dialogue.groups.header_school"))


def test_which_of_those_after_the_nearby_sites_is_about_them():
    _, changes, _ = play(
        "action_share_location",
        '/share_location{"latitude": 50.432, "longitude": 2.83}',
        "share_location",
        {"latitude": 50.432, "longitude": 2.83},
    )
    listed = changes["listed_sites"]
    assert len(listed) == 5
    slots = {"listed_sites": listed}
    messages, _, _ = play(
        "action_answer_site",
        "which of those are free?",
        "ask_price",
        {},
        slots,
        previous_action="action_share_location",
    )
    assert messages[0]["text"].startswith(t("en", "dialogue.lists.prices_header"))


def test_a_question_on_a_day_that_does_not_exist_says_so():
    messages, _, _ = play(
        "action_answer_site", "c ouvert le 31 fevrier la coupole ?", "ask_hours", {"site": "la-coupole"}
    )
    assert messages[0]["text"] == t("fr", "dialogue.form.date_invalid", years=MAX_YEARS_AWAY)


def test_what_else_is_around_after_a_site_lists_the_sites_near_it_but_it():
    slots = {"last_site": "musee-somme-1916", "last_topic": "accessibility"}
    messages, changes, _ = play(
        "action_find_nearby",
        "ok alors quoi d'autre dans le coin ?",
        "find_nearby",
        {},
        slots,
        previous_action="action_answer_site",
    )
    assert messages[0]["text"].startswith(t("fr", "dialogue.nearby.header", place="Albert"))
    assert "musee-somme-1916" not in changes["listed_sites"] and "lochnagar-crater" in changes["listed_sites"]


def test_the_museum_in_a_town_is_its_member_and_a_follow_up_without_a_circuit_is_a_question():
    messages, changes, _ = play(
        "action_refine_circuit",
        "And the museum in Albert under the ground?",
        "refine_circuit",
        {"town": "Albert"},
        {"last_site": "la-coupole", "last_topic": "languages"},
    )
    assert changes["last_site"] == "musee-somme-1916" and "Albert" in messages[0]["text"]
