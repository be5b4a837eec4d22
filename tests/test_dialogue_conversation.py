"""The dialogue's pure helpers (bot.conversation): reading a turn, the request built from slots, parties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.conversation.nearby import nearby_reply
from bot.conversation.party import party_of
from bot.conversation.planning import missing_slots, trip_request
from bot.conversation.sites import about_all_members, hours_text, period_hours_text
from bot.conversation.trip_details import asks_for_circuit
from bot.conversation.turn import MAX_TEXT, read_turn
from bot.knowledge import Party, open_kb
from bot.texts import t
from bot.texts.formats import format_date


def message(text, intent="inform", entities=(), metadata=None):
    return {
        "text": text,
        "intent": {"name": intent},
        "entities": [{"entity": name, "value": value} for name, value in entities],
        "metadata": metadata or {},
    }


def test_the_words_decide_the_language_and_neutral_messages_keep_the_previous_one():
    assert read_turn(message("Quels sont les horaires du musée ?"), "en").lang == "fr"
    assert read_turn(message("What are the opening hours of the museum?"), "fr").lang == "en"
    assert read_turn(message("Arras"), "en").lang == "en"
    assert read_turn(message("🤔🤔🤔"), "fr").lang == "fr"


def test_an_explicit_request_beats_the_channel_which_beats_the_words():
    asked = read_turn(message("in English please", "switch_language", metadata={"language": "fr"}), "fr")
    assert (asked.lang, asked.switched) == ("en", True)
    assert (
        read_turn(message("Bonjour, je voudrais un circuit", metadata={"language": "en"}), "fr").lang == "en"
    )
    button = read_turn(message("/switch_language", "switch_language", [("language", "fr")]), "en")
    assert button.lang == "fr"


def test_the_messaging_apps_language_only_helps_a_first_message_that_says_too_little():
    english_app = {"platform_language": "en"}
    assert read_turn(message("/greet", "greet", metadata=english_app), None).lang == "en"
    assert read_turn(message("Arras", metadata=english_app), None).lang == "en"
    assert read_turn(message("Arras", metadata=english_app), "fr").lang == "fr"
    assert read_turn(message("Bonjour, je voudrais un circuit", metadata=english_app), None).lang == "fr"


def test_a_button_payload_has_no_words_to_read_and_keeps_the_language():
    turn = read_turn(message('/inform{"duration": "one day"}', entities=[("duration", "one day")]), "fr")
    assert (turn.text, turn.entity("duration"), turn.lang) == ("", "one day", "fr")


def test_entities_are_grouped_by_name_and_long_messages_are_cut():
    turn = read_turn(message("x" * 5000, entities=[("theme", "ww1"), ("theme", "ww2")]))
    assert turn.entities["theme"] == ["ww1", "ww2"] and turn.entity("theme") == "ww1"
    assert len(turn.text) == MAX_TEXT
    assert read_turn(None).text == "" and read_turn(None).intent is None


def test_parties_become_the_price_rules_party():
    assert party_of(None) == Party()
    assert party_of({"kind": "couple"}) == Party(adults=2)
    assert party_of({"kind": "family", "size": 5, "adults": 2}) == Party(adults=2, children=3)
    assert party_of({"kind": "school", "size": 28}) == Party(adults=0, students=28, school=True)
    assert party_of({"kind": "group", "size": 30}) == Party(adults=30, group=True)


def test_the_request_from_slots_prefers_a_shared_location_and_ignores_no_preference():
    request = trip_request(
        {
            "start_place": "your location",
            "start_lat": 50.95,
            "start_lon": 1.86,
            "themes": ["any"],
            "days": 2.0,
            "minutes_per_day": None,
            "first_date": "2026-12-05",
            "transport_mode": "bike",
            "excluded_sites": ["la-coupole"],
            "wheelchair": True,
        },
        "en",
    )
    # the point is where the circuit starts; the slot's text only names it (the plan's start, the link)
    assert request.start_point == (50.95, 1.86) and request.start_text == "your location"
    assert request.themes == () and request.days == 2 and request.first_date == date(2026, 12, 5)
    assert (request.mode, request.exclude, request.wheelchair, request.lang) == (
        "bike",
        ("la-coupole",),
        True,
        "en",
    )


def test_the_defaults_are_a_car_tomorrow_and_one_adult():
    request = trip_request({"start_place": "Arras", "themes": ["ww1"], "duration_text": "une journée"}, "fr")
    assert (request.mode, request.first_date, request.party, request.days) == ("car", None, Party(), 1)


def test_missing_slots_are_asked_in_order():
    assert missing_slots({}) == ["start_place", "themes", "duration_text"]
    assert missing_slots({"start_place": "Arras", "themes": []}) == ["themes", "duration_text"]


def test_opening_over_a_period_says_closed_throughout_or_which_days_are_closed():
    kb = open_kb()
    start, end = date(2026, 12, 1), date(2026, 12, 31)
    december = [start + timedelta(days=offset) for offset in range(31)]
    fortress = kb.site("mimoyecques")
    assert not any(kb.opening(fortress.id, day).is_open for day in december)
    reopens = next(
        day
        for day in (end + timedelta(days=n) for n in range(1, 367))
        if kb.opening(fortress.id, day).is_open
    )
    period = t("fr", "dialogue.site.period", start=format_date(start, "fr"), end=format_date(end, "fr"))
    winter = period_hours_text(kb, fortress, start, end, "fr")
    assert winter.startswith(t("fr", "dialogue.site.closed", name=fortress.name_in("fr"), when=period))
    # Mimoyecques reopens "mid-April": the days from which that is not known come first.
    unsure = next(
        day
        for day in (end + timedelta(days=n) for n in range(1, 367))
        if not kb.opening(fortress.id, day).known
    )
    expected = t(
        "fr",
        "dialogue.site.next_open_unsure",
        date=format_date(reopens, "fr"),
        unknown=format_date(unsure, "fr"),
    )
    assert expected in winter

    lewarde = kb.site("lewarde-centre-historique-minier")
    closed = [day for day in december if not kb.opening(lewarde.id, day).is_open]
    text = period_hours_text(kb, lewarde, start, end, "en")
    assert 0 < len(closed) <= 6 and all(format_date(day, "en") in text for day in closed)


def test_a_holiday_no_source_speaks_of_is_said_unknown_not_open():
    kb = open_kb()
    coupole = kb.site("la-coupole")
    christmas = date(2026, 12, 25)
    answer = hours_text(kb, coupole, christmas, date(2026, 12, 6), "en")
    why = t("en", "dialogue.site.why_holiday_unknown")
    assert answer.startswith(
        t(
            "en",
            "dialogue.site.day_unknown",
            name=coupole.name_in("en"),
            when=format_date(christmas, "en"),
            why=why,
            where="",
        ).strip()
    )
    december = period_hours_text(kb, coupole, date(2026, 12, 1), date(2026, 12, 31), "fr")
    assert t("fr", "dialogue.site.unknown_dates", dates=format_date(christmas, "fr")) in december
    assert (
        t("fr", "dialogue.site.hours_on", date=format_date(date(2026, 12, 1), "fr"), windows="09:00–18:00")
        in december
    )


def test_which_museums_are_open_now_depends_on_the_time_of_day():
    kb = open_kb()
    coupole = kb.site("la-coupole").name_in("en")
    morning = about_all_members(
        kb, "hours", "which ones are open now?", "en", datetime(2026, 12, 2, 10, 30), None
    )
    evening = about_all_members(
        kb, "hours", "which ones are open now?", "en", datetime(2026, 12, 2, 21, 30), None
    )
    assert kb.is_open_at("la-coupole", datetime(2026, 12, 2, 10, 30)) and not kb.is_open_at(
        "la-coupole", datetime(2026, 12, 2, 21, 30)
    )
    assert evening.text.startswith(t("en", "dialogue.lists.members_open", when=t("en", "dialogue.site.now")))
    assert f"{coupole}:" in morning.text and f"{coupole}:" not in evening.text


@pytest.mark.parametrize(
    "intent, entities, after_circuit, expected",
    [
        # A theme with a start: a trip, whatever the NLU called it...
        ("greet", [("theme", "ww1"), ("town", "Arras")], False, True),
        ("ask_site_info", [("theme", "ww1"), ("town", "Arras")], False, True),
        ("nlu_fallback", [("theme", "ww1"), ("duration", "2 jours")], False, True),
        ("nlu_fallback", [("duration", "2 hours"), ("date", "tomorrow"), ("town", "Dunkerque")], False, True),
        ("nlu_fallback", [("town", "Dunkerque"), ("date", "tomorrow")], False, False),
        # ...except a question on a named site, and nearby sites or group offers without a when.
        (
            "ask_directions",
            [("site", "historial-peronne"), ("theme", "ww1"), ("town", "Amiens")],
            False,
            False,
        ),
        ("find_nearby", [("theme", "ww1"), ("town", "Arras")], False, False),
        ("find_nearby", [("theme", "ww1"), ("town", "Arras"), ("duration", "3 heures")], False, True),
        ("group_offer", [("town", "Amiens"), ("date", "14 septembre")], False, True),
        ("group_offer", [("theme", "ww1"), ("town", "Amiens")], False, False),
        # New details the model was unsure of, right after a circuit: a change of the circuit.
        ("nlu_fallback", [("duration", "une demi-journée")], True, True),
        ("nlu_fallback", [("duration", "une demi-journée")], False, False),
        ("thank", [("theme", "ww1"), ("town", "Arras")], False, False),
    ],
)
def test_which_messages_of_other_intents_ask_for_a_circuit(intent, entities, after_circuit, expected):
    turn = read_turn(message("…", intent, entities), "fr")
    assert asks_for_circuit(turn, after_circuit) is expected


def test_a_group_asking_a_named_sites_rates_is_answered_not_planned():
    entities = [
        ("site", "historial-peronne"),
        ("date", "in April"),
        ("theme", "commonwealth"),
        ("party", "group"),
    ]
    text = (
        "I'm a tour operator bringing 40 British visitors in April. Do you have group rates at the Historial?"
    )
    assert not asks_for_circuit(read_turn(message(text, "group_offer", entities), "en"))


def test_a_message_cut_for_its_length_is_never_planned_from():
    text = "WW1 from Arras for 2 days. " * 100
    turn = read_turn(message(text, "nlu_fallback", [("theme", "ww1"), ("town", "Arras")]), "en")
    assert turn.too_long and not asks_for_circuit(turn)


def test_the_nearby_sites_say_plainly_when_none_is_open_now():
    kb = open_kb()
    night, morning = datetime(2026, 12, 2, 3, 0), datetime(2026, 12, 2, 11, 0)
    none_open = t("en", "dialogue.nearby.none_open_now")
    said = set()
    for site in kb.sites(members_only=True):
        nearest = [near.id for near, _ in kb.near(site.lat, site.lon, limit=5)]
        at_night = nearby_reply(kb, site.lat, site.lon, None, night, "en").text
        assert (none_open in at_night) == (not any(kb.is_open_at(each, night) for each in nearest))
        in_the_morning = nearby_reply(kb, site.lat, site.lon, None, morning, "en").text
        assert (none_open in in_the_morning) == (not any(kb.is_open_at(each, morning) for each in nearest))
        said |= {none_open in at_night, none_open in in_the_morning}
    assert said == {True, False}  # both cases met


def test_the_nearby_sites_of_a_theme():
    reply = nearby_reply(
        open_kb(), 50.726, 1.613, "Boulogne-sur-Mer", datetime(2027, 6, 5, 10), "en", ["v-weapons"]
    )
    lines = reply.text.split("\n")[1:]
    assert lines and all(
        "Coupole" in line or "Mimoyecques" in line or "Éperlecques" in line
        for line in lines
        if line.startswith("•")
    )
