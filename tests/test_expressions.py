"""bot.expressions: durations, dates, modes and parties from French and English text (fixed ``today``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.expressions import (
    HALF_DAY_MINUTES,
    MORNING_MINUTES,
    DateRange,
    Duration,
    PartyInfo,
    TravelMode,
    find_accessibility,
    find_dates,
    find_people_counts,
    fold,
    negated_phrases,
    parse_dates,
    parse_day_bounds,
    parse_duration,
    parse_mode,
    parse_party,
    parse_visits_per_day,
)

TODAY = date(2026, 11, 25)  # a Wednesday


def test_fold_keeps_offsets():
    text = "Été à Péronne’s"
    assert fold(text) == "ete a peronne's"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("2 heures", Duration(1, 120)),
        ("2h30", Duration(1, 150)),
        ("une heure et demie", Duration(1, 90)),
        ("90 minutes", Duration(1, 90)),
        ("une demi-journée", Duration(1, 240)),
        ("demi journee", Duration(1, 240)),
        ("half a day", Duration(1, 240)),
        ("a full day", Duration(1)),
        ("une journée", Duration(1)),
        ("3 jours", Duration(3)),
        ("on a deux jours", Duration(2)),
        ("three days", Duration(3)),
        ("a 2-day trip", Duration(2)),
        ("a weekend", Duration(2)),
        ("ce week-end", Duration(2)),
        ("un long week-end", Duration(3)),
        ("une semaine", Duration(7)),
        ("we can see it all in 3 days", Duration(3)),
        ("un circuit de 2 heures depuis Compiègne", Duration(1, 120)),
        ("a 2 hour tour", Duration(1, 120)),
        ("2-3 heures", Duration(1, 180)),
        ("visit Vimy tomorrow morning", Duration(1, MORNING_MINUTES)),
        ("demain matin", Duration(1, MORNING_MINUTES)),
        ("une matinée", Duration(1, MORNING_MINUTES)),
        ("this morning", Duration(1, MORNING_MINUTES)),
        ("WW1 circuit from Calais, arriving early in the morning, 2 days", Duration(2)),
        ("on arrive dans la matinée, pour 3 jours", Duration(3)),
        ("demain après-midi", Duration(1, HALF_DAY_MINUTES)),
        ("we have the whole day", Duration(1)),
        ("two full days", Duration(2)),
        ("3 jours entiers", Duration(3)),
        ("entre 2 et 3 heures", Duration(1, 180)),
        ("Plan a V-weapons day from Saint-Omer", Duration(1)),
        ("a two day trip", Duration(2)),
        ("a 2 day trip", Duration(2)),
    ],
)
def test_parse_duration(text, duration):
    assert parse_duration(text, "fr") == duration


@pytest.mark.parametrize(
    "text",
    [
        "ouvert à 14h ?",
        "ah super",
        "dans 3 jours",
        "ok",
        "",
        "2",
        "de 9 heures à 12 heures",
        "de 10h-12h",
        "le déjeuner est prévu entre 12h et 13h30",
        "lunch between 12:30 and 2pm",
        "arriving early in the morning",  # when, not how long
        "in the morning",
        "le matin",
        "dans la matinée",
        "tôt le matin",
        "in the afternoon",
        "dans l'après-midi",
        "have a nice day",
        "a rainy day in Arras",
        "add one more day",
        "and a second day for Lens",
    ],
)
def test_not_durations(text):
    assert parse_duration(text, "fr") is None


@pytest.mark.parametrize(
    ("text", "lang", "start", "end"),
    [
        ("demain", "fr", date(2026, 11, 26), date(2026, 11, 26)),
        ("après-demain", "fr", date(2026, 11, 27), date(2026, 11, 27)),
        ("tomorrow", "en", date(2026, 11, 26), date(2026, 11, 26)),
        ("opening hours coupole tomorow", "en", date(2026, 11, 26), date(2026, 11, 26)),
        ("frm lile tmrw", "en", date(2026, 11, 26), date(2026, 11, 26)),
        ("samedi", "fr", date(2026, 11, 28), date(2026, 11, 28)),
        ("samedi prochain", "fr", date(2026, 11, 28), date(2026, 11, 28)),
        ("next Sunday", "en", date(2026, 11, 29), date(2026, 11, 29)),
        ("mercredi prochain", "fr", date(2026, 12, 2), date(2026, 12, 2)),  # said on a Wednesday
        ("ce week-end", "fr", date(2026, 11, 28), date(2026, 11, 29)),
        ("this weekend", "en", date(2026, 11, 28), date(2026, 11, 29)),
        ("le 11 novembre", "fr", date(2027, 11, 11), date(2027, 11, 11)),  # past this year: next year
        ("le 1er décembre", "fr", date(2026, 12, 1), date(2026, 12, 1)),
        ("on 12 December", "en", date(2026, 12, 12), date(2026, 12, 12)),
        ("December 12th", "en", date(2026, 12, 12), date(2026, 12, 12)),
        ("du 3 au 5 mai", "fr", date(2027, 5, 3), date(2027, 5, 5)),
        ("from 3 to 5 May", "en", date(2027, 5, 3), date(2027, 5, 5)),
        ("May 3-5", "en", date(2027, 5, 3), date(2027, 5, 5)),
        ("du 28 décembre au 2 janvier", "fr", date(2026, 12, 28), date(2027, 1, 2)),
        ("11/12", "fr", date(2026, 12, 11), date(2026, 12, 11)),
        ("dans 3 jours", "fr", date(2026, 11, 28), date(2026, 11, 28)),
        ("in 2 weeks' time", "en", date(2026, 12, 9), date(2026, 12, 9)),
        ("le 29 février", "fr", date(2028, 2, 29), date(2028, 2, 29)),  # the next leap year
        ("le mardi 8", "fr", date(2026, 12, 8), date(2026, 12, 8)),
        ("on Tuesday the 8th", "en", date(2026, 12, 8), date(2026, 12, 8)),
        # A precise day beats a vague period said with it.
        ("la semaine prochaine, le mardi 8 décembre", "fr", date(2026, 12, 8), date(2026, 12, 8)),
        ("next week, on Tuesday the 8th", "en", date(2026, 12, 8), date(2026, 12, 8)),
        ("en mai, du 3 au 5 mai", "fr", date(2027, 5, 3), date(2027, 5, 5)),
        ("we start May 3", "en", date(2027, 5, 3), date(2027, 5, 3)),  # a day, not early May
    ],
)
def test_parse_dates(text, lang, start, end):
    assert parse_dates(text, lang, TODAY) == DateRange(start, end)


@pytest.mark.parametrize(
    ("text", "lang", "start", "end"),
    [
        ("la semaine prochaine", "fr", date(2026, 11, 30), date(2026, 12, 6)),
        ("cette semaine", "fr", date(2026, 11, 25), date(2026, 11, 29)),
        ("et le lendemain ?", "fr", None, None),  # the day after the one discussed: no day of its own
        ("and the day after?", "en", None, None),
        ("can I visit it this week?", "en", date(2026, 11, 25), date(2026, 11, 29)),
        ("en décembre", "fr", date(2026, 12, 1), date(2026, 12, 31)),
        ("en mai", "fr", date(2027, 5, 1), date(2027, 5, 31)),
        ("in May", "en", date(2027, 5, 1), date(2027, 5, 31)),
        ("fin mai", "fr", date(2027, 5, 21), date(2027, 5, 31)),
        ("à la fin du mois de mai", "fr", date(2027, 5, 21), date(2027, 5, 31)),
        ("end of May", "en", date(2027, 5, 21), date(2027, 5, 31)),
        ("late May", "en", date(2027, 5, 21), date(2027, 5, 31)),
        ("What's happening around Dunkirk at the end of May?", "en", date(2027, 5, 21), date(2027, 5, 31)),
        ("fin février", "fr", date(2027, 2, 21), date(2027, 2, 28)),
        ("début juin", "fr", date(2027, 6, 1), date(2027, 6, 10)),
        ("early June", "en", date(2027, 6, 1), date(2027, 6, 10)),
        ("beginning of June", "en", date(2027, 6, 1), date(2027, 6, 10)),
        ("mi-juillet", "fr", date(2027, 7, 11), date(2027, 7, 20)),
        ("mid-July", "en", date(2027, 7, 11), date(2027, 7, 20)),
        ("début novembre", "fr", date(2027, 11, 1), date(2027, 11, 10)),  # over this year: next year's
        ("fin novembre", "fr", TODAY, date(2026, 11, 30)),  # under way: from today
    ],
)
def test_vague_periods(text, lang, start, end):
    assert parse_dates(text, lang, TODAY) == DateRange(start, end, vague=True)


def test_a_date_range_knows_its_days():
    assert parse_dates("du 3 au 5 mai", "fr", TODAY).days == 3


@pytest.mark.parametrize("text", ["31 février", "le 30/02", "32 mai", "du 5 au 3 mai"])
def test_impossible_dates_are_invalid(text):
    found = parse_dates(text, "fr", TODAY)
    assert found.invalid and found.start is None and found.days is None


@pytest.mark.parametrize(("text", "lang"), [("le 3 mai 2025", "fr"), ("yesterday", "en"), ("hier", "fr")])
def test_past_dates_are_flagged(text, lang):
    found = parse_dates(text, lang, TODAY)
    assert found.past and not found.invalid


@pytest.mark.parametrize(
    "text", ["may I come with my dog?", "ok", "2 heures", "Mars attacks", "at the end, may I bring my dog?"]
)
def test_not_dates(text):
    assert parse_dates(text, "en", TODAY) is None


def test_dates_are_found_inside_a_sentence_with_their_span():
    text = "On arrive samedi prochain à Arras"
    (mention,) = find_dates(text, "fr", TODAY)
    assert mention.text == "samedi prochain"
    assert text[mention.start : mention.end] == "samedi prochain"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("en voiture", TravelMode("car")),
        ("by car", TravelMode("car")),
        ("à pied", TravelMode("foot")),
        ("on foot", TravelMode("foot")),
        ("à vélo", TravelMode("bike")),
        ("by bike", TravelMode("bike")),
        ("en train", TravelMode("transit")),
        ("by bus", TravelMode("transit")),
        ("transports en commun", TravelMode("transit")),
        ("sans voiture", TravelMode("transit", no_car=True)),
        ("we don't have a car", TravelMode("transit", no_car=True)),
        ("no car, we'll cycle", TravelMode("bike", no_car=True)),
        ("un groupe en autocar", TravelMode("car")),
        ("au départ d'Amiens en car", TravelMode("car")),
        ("we'll have a coach", TravelMode("car")),
        ("un bus affrété", TravelMode("car")),
    ],
)
def test_parse_mode(text, mode):
    assert parse_mode(text, "fr") == mode


@pytest.mark.parametrize("text", ["je ne peux pas car je travaille", "ok", "Arras"])
def test_not_modes(text):
    assert parse_mode(text, "fr") is None  # French "car" means "because"


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("en famille avec 2 enfants", PartyInfo("family", 2, None, 2)),
        ("2 adultes et 3 enfants", PartyInfo("family", 5, 2, 3)),
        ("with the kids", PartyInfo("family")),
        ("une classe de 28 élèves", PartyInfo("school", 28)),
        ("a school class of 28 pupils", PartyInfo("school", 28)),
        ("un groupe de 25 personnes", PartyInfo("group", 25)),
        ("a group of 12", PartyInfo("group", 12)),
        ("en couple", PartyInfo("couple", 2)),
        ("with my wife", PartyInfo("couple", 2)),
        ("je voyage seul", PartyInfo("solo", 1)),
        ("just me", PartyInfo("solo", 1)),
        ("nous sommes 4", PartyInfo("group", 4)),
        ("we are 2", PartyInfo("couple", 2)),
        # Ages are not counts.
        ("how much for 2 adults and a child of 10?", PartyInfo("family", 3, 2, 1)),
        ("2 adults and 2 kids aged 8 and 10", PartyInfo("family", 4, 2, 2)),
        ("deux adultes et un enfant de 7 ans", PartyInfo("family", 3, 2, 1)),
        # A word between the number and the people.
        ("tour operator bringing 40 British visitors", PartyInfo("group", 40)),
        ("35 élèves belges", PartyInfo("school", 35)),
        ("25 Dutch students", PartyInfo("group", 25)),
        ("30 retraités", PartyInfo("group", 30)),
        # Friends and colleagues: a group of adults, like "nous sommes 4".
        ("6 friends", PartyInfo("group", 6)),
        ("we are 6 friends", PartyInfo("group", 6)),
        ("avec 5 amis", PartyInfo("group", 5)),
        ("4 copains", PartyInfo("group", 4)),
        ("8 collègues", PartyInfo("group", 8)),
        ("12 colleagues", PartyInfo("group", 12)),
    ],
)
def test_parse_party(text, party):
    assert parse_party(text, "fr") == party


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "2",
        "pour 2 jours",
        "un seul jour",
        "a couple of hours",
        "à deux pas",
        "with friends",  # how many is not said
        "a few visitors",
    ],
)
def test_not_parties(text):
    assert parse_party(text, "fr") is None


def test_people_counts_need_people():
    assert [m.value for m in find_people_counts("pour 6 personnes, 2 jours")] == [6]
    assert find_people_counts("2 jours") == []


def test_a_child_friendly_place_counts_no_child():
    assert parse_party("is it a child-friendly museum?", "en") == PartyInfo("family")


def test_accessibility():
    assert [m.value for m in find_accessibility("mon père est en fauteuil roulant")] == ["wheelchair"]
    assert find_accessibility("my mum uses a wheelchair")[0].text == "wheelchair"
    assert find_accessibility("un fauteuil confortable ?") != []  # a wheelchair may be just "fauteuil"
    assert find_accessibility("accessible ?") == []


def test_a_bare_car_is_a_car_in_english_only():
    assert parse_mode("WW1, car, solo", "en") == TravelMode("car")
    assert parse_mode("je viens car j'aime l'histoire", "fr") is None


@pytest.mark.parametrize(
    "text", ["il marche avec une canne mais n'est pas en fauteuil", "he is not in a wheelchair"]
)
def test_a_negated_wheelchair_is_no_need(text):
    assert find_accessibility(text) == []


@pytest.mark.parametrize(
    ("text", "size"), [("plan a day from Arras by car for 2", 2), ("pour 4 svp", 4), ("for 2 days", None)]
)
def test_for_a_number_of_people(text, size):
    party = parse_party(text, "en")
    assert (party.size if party else None) == size


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("is it open on Christmas day?", date(2026, 12, 25)),
        ("ouvert à Noël ?", date(2026, 12, 25)),
        ("Anzac Day ceremony", date(2027, 4, 25)),
        ("le jour de l'an 2028", date(2028, 1, 1)),
    ],
)
def test_days_known_by_their_name(text, day):
    assert parse_dates(text, "en", date(2026, 12, 1)).start == day


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("Une seule journée", Duration(1)),
        ("une petite journee", Duration(1)),
        ("2j", Duration(2)),
        ("3 jrs", Duration(3)),
        ("a couple of days", Duration(2)),
        ("48h", Duration(2)),
        ("l'aprem", Duration(1, HALF_DAY_MINUTES)),
        ("on a 2h", Duration(1, 120)),
    ],
)
def test_durations_in_ordinary_words(text, duration):
    assert parse_duration(text, "fr") == duration


@pytest.mark.parametrize(
    ("text", "lang"), [("rdv à 14h", "fr"), ("on arrive a 10h", "fr"), ("j'ai 2 j'", "fr")]
)
def test_times_of_day_are_still_no_durations(text, lang):
    assert parse_duration(text, lang) is None


@pytest.mark.parametrize(
    ("text", "lang", "start", "end"),
    [
        ("les samedi 17 et dimanche 18 avril 2027", "fr", date(2027, 4, 17), date(2027, 4, 18)),
        ("disons le mardi 20 et le mercredi 21 avril 2027", "fr", date(2027, 4, 20), date(2027, 4, 21)),
        ("Saturday 19 and Sunday 20 June 2027", "en", date(2027, 6, 19), date(2027, 6, 20)),
        ("april 17th and 18th 2027", "en", date(2027, 4, 17), date(2027, 4, 18)),
        ("the weekend after next", "en", date(2026, 12, 5), date(2026, 12, 6)),
    ],
)
def test_lists_of_days_and_later_weekends(text, lang, start, end):
    found = parse_dates(text, lang, TODAY)
    assert (found.start, found.end) == (start, end)
    assert found.said_weekday is None


@pytest.mark.parametrize(
    ("text", "lang"), [("samedi 18 avril 2027", "fr"), ("Saturday, April 18 2027", "en")]
)
def test_a_weekday_that_is_not_the_dates_is_kept_to_ask(text, lang):
    found = parse_dates(text, lang, TODAY)
    assert found.start == date(2027, 4, 18)  # a Sunday
    assert found.said_weekday == 5


@pytest.mark.parametrize(
    ("text", "size", "kind"),
    [("a family of 4", 4, "family"), ("family of five", 5, "family"), ("a class of 28", 28, "school")],
)
def test_sizes_of_families_and_classes(text, size, kind):
    party = parse_party(text, "en")
    assert (party.kind, party.size) == (kind, size)


@pytest.mark.parametrize("text", ["on vient en camping-car", "in our camper van", "we have a motorhome"])
def test_a_camper_van_drives(text):
    assert parse_mode(text, "fr") == TravelMode("car")


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("No, not Gent. We arrive at Calais", ["Gent"]),
        ("she would rather avoid underground tunnels", ["underground tunnels"]),
        ("pas de cimetière ni de tunnel", ["cimetière", "de tunnel"]),
        ("sans Lewarde", ["Lewarde"]),
        ("WW1 from Arras", []),
        ("a slow day - no more than two stops - on American WWI history", []),
        ("not Saint-Omer, from Arras", ["Saint-Omer"]),
    ],
)
def test_negated_phrases(text, phrases):
    assert negated_phrases(text) == phrases


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("no more than two stops", 2),
        ("2 visites max dans la journée", 2),
        ("pas plus de 3 sites par jour", 3),
        ("we have 3 days", None),
    ],
)
def test_visits_per_day(text, count):
    assert parse_visits_per_day(text) == count


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("ils veulent finir avant 17h", (None, "17:00")),
        ("we have a ferry to catch at 6 pm", (None, "17:15")),
        ("We arrive at Arras station 11 o'clock with the train", ("11:00", None)),
        ("on part à 9", (None, None)),  # a bare number is no time of day
    ],
)
def test_day_bounds(text, bounds):
    assert parse_day_bounds(text) == bounds


def test_two_weekdays_are_the_days_from_the_first_to_the_second():
    saturday = date(2026, 12, 12)
    assert parse_dates("next Saturday and Sunday", "en", date(2026, 12, 6)) == DateRange(
        saturday, saturday + timedelta(days=1)
    )
    assert parse_dates("vendredi au dimanche", "fr", date(2026, 12, 6)).end == saturday + timedelta(days=1)
    assert parse_dates("samedi et dimanche prochains", "fr", saturday).start == saturday + timedelta(days=7)


def test_a_party_said_in_everyday_words():
    assert parse_party("we are with 4 persons (2 adults 2 childs 9 and 12)", "en") == PartyInfo(
        "family", 4, 2, 2
    )
    assert parse_party("Two days on Dunkirk, me and my dad.", "en") == PartyInfo("couple", 2, None, None)
    assert parse_party("moi et ma soeur", "fr") == PartyInfo("couple", 2, None, None)


def test_the_ferry_in_and_the_ferry_out_are_the_day_s_bounds_not_the_date():
    text = (
        "Groupe de 35 pers. qui débarque du ferry à Calais le samedi 26 juin vers 9h, reprend le ferry à 18h."
    )
    assert parse_day_bounds(text) == ("09:00", "17:15")


def test_a_coach_and_veterans_make_a_group():
    assert parse_party("pour 30 anciens combattants canadiens autour de Vimy", "fr") == PartyInfo(
        "group", 30, None, None
    )
    assert parse_party("Programme du 8 au 10 avril, hébergement à Arras, en autocar.", "fr").kind == "group"
