"""bot.devtools.conversations: how a turn's replies are observed and checked against expectations."""

from __future__ import annotations

from datetime import date

from bot.devtools.conversations import Catalogue, check_turn, observe, resolve_day, texts_in
from bot.texts import t

TODAY = date(2026, 12, 6)  # a Sunday
SITES = Catalogue(
    names={"vimy-memorial": ["canadian national vimy memorial", "memorial national du canada a vimy"]},
    themes={"vimy-memorial": {"ww1", "underground"}},
)


def circuit_reply(lang="en"):
    text = t(lang, "circuit.intro", start="Arras", mode=t(lang, "circuit.mode_car"))
    text += "\n10:00–11:00  Canadian National Vimy Memorial (18 min travel) — free\n"
    text += t(lang, "circuit.map_link", url="https://www.google.com/maps/dir/?api=1")
    data = {
        "start": {"name": "Arras"},
        "days": [{"date": "2027-06-12", "visits": [{"site_id": "vimy-memorial", "end": "11:00"}]}],
    }
    return [{"text": text, "custom": {"data": data}}]


def test_each_text_of_the_catalogue_says_its_kind_and_language():
    assert ("dialogue.form.ask_duration", "fr") in texts_in(t("fr", "dialogue.form.ask_duration"))
    observed = observe([{"text": t("en", "dialogue.form.ask_themes")}], [], {})
    assert observed.kinds == {"ask_themes"}
    assert observed.languages == {"en"}


def test_a_site_answer_is_known_by_its_action_and_topic():
    events = [{"event": "action", "name": "action_answer_site"}]
    observed = observe([{"text": "Somewhere in a field, with a view."}], events, {"last_topic": "info"})
    assert "site_info" in observed.kinds


def test_a_circuit_passes_its_checks_and_fails_the_wrong_ones():
    observed = observe(circuit_reply(), [], {"themes": ["ww1"], "start_place": "Arras", "days": 1})
    expect = {
        "kind": "circuit",
        "slots": {"themes": ["ww1"], "start": "arras", "days": 1},
        "circuit": {"days": 1, "dates": ["2027-06-12"], "sites_any": ["vimy-memorial"]},
        "mentions_any": ["vimy-memorial"],
    }
    assert check_turn(expect, observed, "en", set(), SITES, TODAY) == []
    wrong = {"circuit": {"themes_none": ["underground"], "weekdays": ["sun"]}, "slots": {"days": 2}}
    failures = check_turn(wrong, observed, "en", set(), SITES, TODAY)
    assert len(failures) == 3
    assert check_turn({}, observed, "fr", set(), SITES, TODAY) == ["reply in ['en'], expected fr"]


def test_asking_again_for_what_was_given_and_not_understanding_fail():
    asked = observe([{"text": t("en", "dialogue.form.ask_start")}], [], {})
    assert check_turn({}, asked, "en", {"start"}, SITES, TODAY) == ["asked again for start"]
    assert check_turn({"kind": "ask_start"}, asked, "en", {"start"}, SITES, TODAY) == []
    lost = observe([{"text": t("en", "dialogue.chat.fallback")}], [], {})
    assert check_turn({}, lost, "en", set(), SITES, TODAY) == ["answered 'did not understand'"]
    assert check_turn({"kind": "circuit"}, observe([], [], {}), "en", set(), SITES, TODAY) == ["empty reply"]


def test_relative_days():
    assert resolve_day("today+2", TODAY) == (date(2026, 12, 8), date(2026, 12, 8))
    assert resolve_day("sat", TODAY) == (date(2026, 12, 12), date(2026, 12, 12))
    assert resolve_day("sun", TODAY) == (date(2026, 12, 6), date(2026, 12, 13))  # today or next week
    assert resolve_day("2027-06-12", TODAY) == (date(2027, 6, 12), date(2027, 6, 12))
