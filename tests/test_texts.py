"""Every user-facing text exists in every language, with the same placeholders."""

import string

import pytest

from bot.texts import LANGUAGES, catalogue, normalise_language, t


def placeholders(template: object) -> set[str]:
    if not isinstance(template, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_keys():
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    assert keys["fr"] == keys["en"], keys["fr"] ^ keys["en"]


@pytest.mark.parametrize("key", sorted(catalogue("fr")))
def test_placeholders_match_across_languages(key):
    assert placeholders(catalogue("fr")[key]) == placeholders(catalogue("en")[key]), key


def test_unknown_language_falls_back_to_french():
    assert normalise_language("de-DE") == "fr"
    assert normalise_language("en-GB") == "en"
    assert normalise_language(None) == "fr"


def test_t_fills_values():
    key = next(k for k, v in catalogue("en").items() if isinstance(v, str) and placeholders(v))
    values = {name: "X" for name in placeholders(catalogue("en")[key])}
    assert "{" not in t("en", key, **values)


@pytest.mark.parametrize(
    ("place", "written"),
    [
        ("Arras", "d'Arras"),
        ("Lille", "de Lille"),
        ("Le Touquet-Paris-Plage", "du Touquet-Paris-Plage"),
        ("Les Attaques", "des Attaques"),
        ("Étaples", "d'Étaples"),
    ],
)
def test_french_place_names_take_the_right_preposition(place, written):
    assert (
        t("fr", "circuit.intro", start=place, mode="en voiture")
        == f"Voici votre circuit au départ {written}, en voiture :"
    )
    assert t("en", "circuit.intro", start=place, mode="by car").startswith(
        f"Here is your circuit from {place},"
    )


def test_singular_and_plural_forms():
    from bot.texts import tn

    assert tn("fr", "dialogue.party.adults", 1) == "1 adulte"
    assert tn("fr", "dialogue.party.adults", 2) == "2 adultes"
    assert tn("en", "dialogue.party.adults", 1) == "1 adult"
    assert "(s)" not in tn("fr", "circuit.fewer_days_enough", 2, days=2, asked=3)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_the_trip_layer_answers_with_is_worded(lang):
    """The trip layer returns codes (bot/trip/request.py); bot/texts/plans.py words each of them."""
    from bot.trip.request import VISIT_WARNINGS

    for code in VISIT_WARNINGS:
        assert catalogue(lang)[f"circuit.warning_{code}"], code
    problems = ("no_start", "unknown_start", "ambiguous_start", "nothing_matches", "all_closed", "too_far")
    for code in (*problems, "no_timetables"):
        assert catalogue(lang)[f"circuit.problem_{code}"], code


def test_localised_formats():
    from datetime import date

    from bot.knowledge import Party, PriceQuote
    from bot.texts.formats import (
        describe_party,
        format_amount,
        format_date,
        format_km,
        format_length,
        format_price,
        mode_label,
    )

    assert format_km(3.25, "fr") == "3,2" and format_km(3.25, "en") == "3.2" and format_km(12.4, "fr") == "12"
    assert format_amount(7.5, "fr") == "7,50 €" and format_amount(7, "en") == "€7"
    assert format_date(date(2026, 11, 11), "en") == "Wednesday 11 November 2026"
    assert format_price(PriceQuote(total=0.0, known=True), "en") == t("en", "circuit.price_free")
    assert format_length(90) == "1 h 30" and format_length(120) == "2 h" and format_length(45) == "45 min"
    assert describe_party(Party(adults=2, children=2), "en") == t(
        "en", "dialogue.party.family", adults=2, children=2
    )
    assert mode_label("bike", "en") == "By bike"
