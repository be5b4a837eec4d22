"""bot.conversation.trip_details and questions: what one message says of a trip, read once."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.outside import outside_notes
from bot.conversation.planning import trip_request
from bot.conversation.questions import asks_aside, only_asking, question_intent
from bot.conversation.trip_details import asks_again, near_place, read_details, remembered_details
from bot.conversation.turn import Turn
from bot.expressions import negated_phrases
from bot.geocoding import default_geocoder
from bot.knowledge import open_kb

TODAY = date(2026, 12, 6)


def read(text, entities=None, lang="en", known=None, asked=None):
    turn = Turn(text, "inform", entities or {}, lang)
    return read_details(turn, open_kb(), TODAY, default_geocoder(), asked=asked, known=known)


def test_a_date_alone_is_a_day_out_unless_a_duration_is_known():
    assert read("on the 12th of June 2027").updates["days"] == 1
    assert (
        "days" not in read("on the 12th of June 2027", known={"duration_text": "2 days", "days": 2}).updates
    )
    assert read("from 3 to 5 May 2027", known={"duration_text": "2 days"}).updates["days"] == 3


def test_a_weekday_that_disagrees_with_the_date_is_asked_with_both_days_as_buttons():
    details = read("samedi 18 avril 2027", lang="fr")
    assert "first_date" not in details.updates
    payloads = [button["payload"] for button in details.replies[0].buttons]
    assert payloads == ['/inform{"date": "2027-04-17"}', '/inform{"date": "2027-04-18"}']


def test_both_world_wars_are_two_themes():
    assert read("both world wars please").updates["themes"] == ["ww1", "ww2"]
    assert read("les deux guerres mondiales", lang="fr").updates["themes"] == ["ww1", "ww2"]


def test_what_is_not_wanted_is_avoided_left_out_or_not_the_start():
    details = read("WW1 but no cemeteries", {"theme": ["ww1", "cemeteries"]})
    assert details.updates["themes"] == ["ww1"]
    assert details.updates["avoid_themes"] == ["cemeteries"]
    known = {"excluded_sites": ["mimoyecques"]}
    assert read("sans Lewarde", lang="fr", known=known).updates["excluded_sites"] == [
        "lewarde-centre-historique-minier",
        "mimoyecques",
    ]
    details = read("No, not Gent. We arrive at Calais", {"town": ["Gent", "Calais"]})
    assert details.updates["start_place"] == "Calais"


@pytest.mark.parametrize(
    ("text", "intent", "entities", "asked"),
    [
        ("est-ce que le musée 14-18 est gratuit ?", "nlu_fallback", {"theme": ["ww1"]}, "ask_price"),
        ("je veux juste savoir si l'entrée est gratuite", "nlu_fallback", {}, "ask_price"),
        (
            "au fait l'historial il ferme pas le mercredi ?",
            "inform",
            {"site": ["historial-peronne"]},
            "ask_hours",
        ),
        ("Is Vimy free?", "inform", {"site": ["vimy-memorial"]}, "ask_price"),
        ("we need wheelchair access", "inform", {}, None),  # a need, not a question
        ("2 days, is that enough?", "inform", {"duration": ["2 days"]}, None),  # a trip detail
        ("Is Vimy free?", "ask_hours", {}, "ask_price"),  # between questions on a site, the words decide
        ("is it open on Sunday?", "ask_hours", {}, None),  # the NLU's question is the one asked
        (
            "opening hours carriere wellington pls. Merci",
            "thank",
            {"site": ["carriere-wellington"]},
            "ask_hours",
        ),
        ("Parfait. Ce serait le jeudi 6 mai.", "ask_accessibility", {"date": ["jeudi 6 mai"]}, "inform"),
    ],
)
def test_questions_mistaken_for_other_intents(text, intent, entities, asked):
    assert question_intent(text, intent, entities) == asked


def test_only_asking_wants_no_circuit():
    assert only_asking("I don't need an itinerary, just tell me how much it is")
    assert only_asking("je veux juste savoir si l'entrée est gratuite")
    assert not only_asking("un circuit 14-18 depuis Arras")


@pytest.mark.parametrize(
    ("text", "entities", "start"),
    [
        ("depart lens", {}, "Lens"),
        ("can we do dunkirk in 10 days time? just the day, from lille", {"town": ["Dunkirk"]}, "Lille"),
        ("We live in Ashford, Kent, and will pop over to Calais", {"town": ["Ashford", "Calais"]}, "Calais"),
        ("clients logés a amiens", {}, "Amiens"),
    ],
)
def test_the_start_is_the_place_said_to_be_the_start_else_the_regions(text, entities, start):
    assert read(text, entities).updates["start_place"] == start


@pytest.mark.parametrize(
    ("text", "known", "first"),
    [
        ("Sorry, make it the 21st and 22nd instead", {"first_date": "2027-08-14"}, "2027-08-21"),
        ("Oh, sorry. The Sunday then.", {"last_day": "2027-04-18"}, "2027-04-18"),
        ("ah oui pardon, c'est bien le samedi", {"last_day": "2027-04-18"}, "2027-04-17"),
    ],
)
def test_days_said_relative_to_the_trips_date(text, known, first):
    assert read(text, known=known).updates["first_date"] == first


def test_a_date_of_history_is_no_visit():
    assert "first_date" not in read("My great-uncle died on July 1st 1916").updates


@pytest.mark.parametrize(
    ("text", "intent", "entities", "cued"),
    [
        ("whats the train time from lille", "inform", {"town": ["lille"]}, "out_of_scope"),
        ("lol sorry. whats near me", "out_of_scope", {}, "find_nearby"),
        (
            "and leave out Lochnagar, we've been",
            "nlu_fallback",
            {"site": ["lochnagar-crater"]},
            "exclude_site",
        ),
        (
            "Just tell me whether Mimoyecques is open in April, I don't need an itinerary",
            "plan_circuit",
            {},
            "ask_hours",
        ),
        ("Is the tunnel tour at Vimy done in French too?", "inform", {"town": ["Vimy"]}, "ask_languages"),
        ("plan me a day from Lille", "plan_circuit", {"town": ["Lille"]}, None),
    ],
)
def test_requests_worded_unmistakably(text, intent, entities, cued):
    assert question_intent(text, intent, entities) == cued


def test_pace_and_times_of_the_day_are_read_and_planned_with():
    updates = read("one day from Arras, WW1, no more than two stops, we must be back by 5pm").updates
    assert (updates["max_visits"], updates["day_end"]) == (2, "17:00")
    request = trip_request({**updates, "language": "en"}, "en")
    assert (request.max_visits_per_day, request.day_end, request.day_start) == (2, "17:00", "09:30")
    assert read("we arrive at Arras station at 11 o'clock").updates["day_start"] == "11:00"


def test_all_the_networks_museums_are_wanted():
    wanted = read("Can we do all 11 Mem'Histo museums in one day, on foot, from Lille?").updates[
        "wanted_sites"
    ]
    assert len(wanted) == 11


def test_a_groups_question_on_a_named_site_is_a_group_offer():
    text = "on a un groupe de 60 personnes, peut-on faire la Carrière Wellington ?"
    assert question_intent(text, "nlu_fallback", {"site": ["carriere-wellington"]}) == "group_offer"


def test_a_question_on_a_site_during_the_form_is_answered_aside_not_a_trip_question():
    assert asks_aside(
        "Il y a aussi un wagon à la gare, c'est ça ?",
        {"site": ["wagon-deportation-margny"]},
        "duration_text",
        False,
    )
    assert not asks_aside(
        "Can we do the 11 museums in one day from Arras?", {"site": ["la-coupole"]}, "start_place", False
    )
    assert not asks_aside("from Arras?", {"town": ["Arras"]}, "start_place", False)


@pytest.mark.parametrize(
    ("text", "entities", "again"),
    [
        ("et dimanche ?", {"date": ["dimanche"]}, True),
        ("and Lewarde?", {"site": ["lewarde-centre-historique-minier"]}, True),
        ("ok, on part le 8 juin", {"date": ["le 8 juin"]}, False),
        ("Parfait. Ce serait le jeudi 6 mai.", {"date": ["jeudi 6 mai"]}, False),
    ],
)
def test_the_last_question_again_or_a_date_given(text, entities, again):
    assert asks_again(Turn(text, "inform", entities, "fr")) is again


def test_the_language_of_a_visit_is_no_switch():
    assert (
        question_intent("and is it in English?", "switch_language", {"language": ["en"]}) == "ask_languages"
    )
    assert question_intent("English please", "switch_language", {"language": ["en"]}) is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ok alors quoi d'autre dans le coin pour lui ?", "inform"),
        ("Something about the Atlantic wall that is open then?", "ask_hours"),
    ],
)
def test_more_sites_around(text, intent):
    assert question_intent(text, intent, {}) == "find_nearby"


@pytest.mark.parametrize(
    ("text", "intent"), [("👋😀", "greet"), ("👍👍👍", "affirm"), ("🤷", "greet"), ("Dank je wel!", "thank")]
)
def test_emoji_and_thanks_in_other_languages(text, intent):
    assert question_intent(text, "nlu_fallback", {}) == intent


def beside(text, intent, entities=None, known=None, lang="en"):
    turn = Turn(text, intent, entities or {}, lang)
    return remembered_details(turn, open_kb(), TODAY, default_geocoder(), known or {})


def test_trip_details_said_beside_a_question_are_kept_for_the_circuit():
    text = "40 Year 9 students on a 3-day battlefields trip: which museums run school programmes?"
    kept = beside(text, "group_offer", {"theme": ["ww1"], "duration": ["3-day"], "party": ["school"]})
    assert kept["themes"] == ["ww1"] and kept["days"] == 3
    # A town is a start only when said to be one; a site asked about is no wish to visit it.
    kept = beside(
        "Is the museum in Albert open?", "ask_hours", {"site": ["musee-somme-1916"], "town": ["Albert"]}
    )
    assert "start_place" not in kept and "wanted_sites" not in kept and "themes" not in kept
    kept = beside("How do we get there from Amiens without a car?", "ask_directions", {"town": ["Amiens"]})
    assert kept["start_place"] == "Amiens" and kept["transport_mode"] == "transit"


def test_the_day_of_a_question_on_a_site_is_not_the_trip_s_and_nothing_known_is_replaced():
    assert "first_date" not in beside("is Wellington open on Sunday 13 June 2027?", "ask_hours")
    assert "first_date" in beside("what is on around 13 June 2027?", "ask_events")
    assert "days" not in beside(
        "any offers for a 3-day trip?", "group_offer", {"duration": ["3-day"]}, {"days": 2}
    )
    assert beside("3 days, WW1", "inform", {"theme": ["ww1"]}) == {}  # the form reads those itself


def test_indoors_only_leaves_the_open_air_sites_out():
    details = read("it's raining, indoor stuff only please").updates
    assert details["indoor_only"] is True
    kb = open_kb()
    excluded = set(trip_request({"start_place": "Arras", "indoor_only": True}, "en").exclude)
    assert excluded == {site.id for site in kb.sites() if site.open_air} and excluded
    assert not trip_request({"start_place": "Arras"}, "en").exclude


def test_what_do_you_do_is_a_request_for_help_but_what_can_you_do_in_a_town_is_not():
    assert (
        question_intent(
            "dsl c mon fils qui a pris le tel 😅 vous faites quoi exactement ?", "ask_contact", {}
        )
        == "help"
    )
    assert question_intent("what can you do in a day from Arras?", "ask_site_info", {}) != "help"


def test_a_place_after_near_is_read_in_any_case():
    assert near_place("qu'est ce qui est ouvert un lundi vers lens ?", default_geocoder()) == "lens"
    assert near_place("ouvert lundi ?", default_geocoder()) is None


def test_a_day_taken_back_or_singled_out_overrules_the_others():
    known = {"first_date": "2026-12-12", "days": 2, "duration_text": "next Saturday and Sunday"}
    text = "Actually scratch Saturday, we only get in Saturday night. Just the Sunday then"
    assert read(text, known=known).updates["first_date"] == "2026-12-13"
    assert read("ah non elle me dit dimanche finalement", lang="fr").updates["first_date"] == "2026-12-06"


def test_where_the_visitor_lands_in_the_region_is_the_start_rather_than_home():
    assert (
        read("Year 6 class from Canterbury, 30 kids + 5 staff. Ferry lands at Calais").updates["start_place"]
        == "Calais"
    )


def test_nothing_underground_and_no_war_are_themes_avoided():
    assert read("Nothing underground please.").updates["avoid_themes"] == ["underground"]
    details = read("Je ne veux surtout pas de guerre : ma fille est sensible", lang="fr").updates
    assert sorted(details["avoid_themes"]) == ["ww1", "ww2"] and "excluded_sites" not in details


def test_a_message_about_one_site_is_no_request_for_the_network_s_list():
    text = "on est 31 (29 eleves + 2 profs), est-ce qu'on peut tous descendre ensemble a la carriere wellington ?"
    assert question_intent(text, "list_members", {"site": ["carriere-wellington"]}) == "group_offer"
    assert question_intent("quels sont les musees du reseau ?", "list_members", {}) is None


def test_what_is_there_to_do_in_a_town_asks_for_the_sites_near_it():
    assert (
        question_intent("cc on est a lille ce we ya quoi a faire niveau histoire", "greet", {})
        == "find_nearby"
    )


def test_the_a_day_of_a_pace_is_no_duration():
    text = "Dad's 84, can we keep it to a gentle pace, no more than two stops a day?"
    details = read(text, {"duration": ["a day"]}, known={"days": 2, "duration_text": "Two days"}).updates
    assert details["max_visits"] == 2 and "days" not in details
    assert read("2 visites max par jour, 2 jours", lang="fr").updates["days"] == 2


def test_what_a_group_asks_of_a_site_is_its_group_offer():
    text = "contacts resa groupes La Coupole svp (tel + mail)"
    assert question_intent(text, "ask_contact", {"site": ["la-coupole"]}) == "group_offer"
    assert (
        question_intent("is La Coupole open for groups on Monday?", "ask_hours", {"site": ["la-coupole"]})
        is None
    )


def test_places_named_when_themes_are_asked_are_any_theme_there():
    text = "Bon, tant pis pour la Normandie : Dunkerque et la Côte d'Opale alors, départ Boulogne-sur-Mer"
    details = read(text, {"town": ["Dunkerque", "Boulogne-sur-Mer"]}, lang="fr", asked="themes").updates
    assert details["themes"] == ["any"] and details["start_place"] == "Boulogne-sur-Mer"


def test_an_outside_place_given_up_is_not_noted_again_and_its_alternatives_follow_the_themes_asked():
    kb = open_kb()
    text = "tant pis pour la Normandie : Dunkerque alors"
    assert outside_notes(text, kb, "fr", None, [], negated_phrases(text)) == []
    text = "From Bastogne to Paris, anything on American soldiers on the way?"
    (note,) = outside_notes(text, kb, "en", None, ["united-states"], [])
    assert kb.site("somme-american-cemetery").name_in("en") in note.text


def test_all_the_war_themes_are_both_wars():
    text = "a tour of 10 days in the whole region with our caravan from 1 June 2027, all the war themes"
    assert read(text).updates["themes"] == ["ww1", "ww2"]
