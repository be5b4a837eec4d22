"""bot.conversation.personal: a relative remembered gets the places of memory and where to look him up."""

from __future__ import annotations

import pytest

from bot.conversation.personal import personal_reply, remembers_someone, war_dead_records
from bot.conversation.turn import Turn
from bot.geocoding import default_geocoder
from bot.knowledge import open_kb


def reply(text, entities, lang="en"):
    return personal_reply(Turn(text, "inform", entities, lang), open_kb(), default_geocoder())


@pytest.mark.parametrize(
    "text",
    [
        "My great-grandad was with the 5th Division at Fromelles",
        "mon arriere grand pere est mort a fromelles en 1916",
        "Mon grand-père a été déporté depuis Compiègne",
    ],
)
def test_a_relative_and_what_befell_him(text):
    assert remembers_someone(text)


@pytest.mark.parametrize("text", ["my grandfather loves museums", "a soldier's life in the trenches"])
def test_no_relative_or_no_war_is_no_family_history(text):
    assert not remembers_someone(text)


def test_the_places_around_a_town_named_and_the_commonwealth_records():
    text = reply("My great-grandad was with the 5th Division at Fromelles", {"town": ["Fromelles"]}).text
    assert "Museum of the Battle of Fromelles" in text and "cwgc.org" in text


def test_a_nationality_or_a_deportation_chooses_the_records():
    text = reply("My grandfather was a German soldier in Artois in 1915", {"theme": ["artois"]}).text
    assert "volksbund.de" in text and "cwgc.org" not in text
    text = reply("Mon grand-père a été déporté depuis Compiègne", {"town": ["Compiègne"]}, "fr").text
    assert "Royallieu" in text and "bddm.org" in text


def test_every_record_has_an_address_and_a_date_checked():
    for record in war_dead_records():
        assert record["url"].startswith("http") and record["verified_on"]
