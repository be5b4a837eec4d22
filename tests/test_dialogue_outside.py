"""bot.conversation.outside: places outside the region are said to be so, with the nearest sites."""

from __future__ import annotations

import pytest

from bot.conversation.outside import outside_notes, outside_places, places_named
from bot.knowledge import open_kb


def test_every_outside_place_offers_known_sites_and_a_source():
    known = {site.id for site in open_kb().sites()}
    for place in outside_places():
        assert set(place["nearest"]) <= known, place["id"]
        assert place["source"].startswith("https://") and place["verified_on"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Can you add the Menin Gate ceremony in Ypres?", "ypres-salient"),
        ("on va a ypres voir la porte de menin", "ypres-salient"),
        ("my grandpa landed at Juno Beach in 1944", "normandy"),
        ("Nous voudrions enchaîner les plages du Débarquement en Normandie", "normandy"),
        ("Verdun et l'ossuaire de Douaumont", "verdun"),
    ],
)
def test_outside_places_are_found_by_their_names(text, place):
    assert [found["id"] for found, _ in places_named(text)] == [place]


@pytest.mark.parametrize("text", ["on habite Mons-en-Barœul", "un circuit depuis Arras", "la Somme"])
def test_places_of_the_region_are_not_outside(text):
    assert places_named(text) == []


def test_the_note_names_the_place_where_it_is_and_the_nearest_sites():
    (note,) = outside_notes("on va a ypres", open_kb(), "fr")
    assert "Belgique" in note.text and "Fromelles" in note.text
