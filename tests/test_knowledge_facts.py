"""The facts an independent check found wrong (issue 15), as the real knowledge base now states them."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase, Party, build

MEMBERS_WITHOUT_A_HOLIDAY_SOURCE = (
    "la-coupole",
    "carriere-wellington",
    "dunkerque-1940",
    "royallieu-memorial",
    "lens-14-18",
    "musee-resistance-bondues",
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(build(PROJECT_ROOT / "knowledge", tmp_path_factory.mktemp("kb") / "kb.db").database)


@pytest.mark.parametrize("year", [2027, 2028, 2030])
def test_lewarde_is_closed_in_january_every_year(kb, year):
    day = kb.opening("lewarde-centre-historique-minier", date(year, 1, 20))
    assert day.known and not day.is_open and day.reason == "closure"
    assert {"fr": "Fermeture annuelle de janvier", "en": "Annual closure in January"} in day.notes


def test_lewarde_january_closure_of_2024_started_on_the_8th(kb):
    assert kb.opening("lewarde-centre-historique-minier", date(2024, 1, 7)).is_open  # a Sunday
    assert kb.opening("lewarde-centre-historique-minier", date(2024, 1, 8)).reason == "closure"


def test_lewarde_ticket_office_closes_at_five(kb):
    for day in (date(2027, 6, 2), date(2027, 2, 3)):  # in season (closes 19:00), off season (18:00)
        assert kb.opening("lewarde-centre-historique-minier", day).last_entry == time(17)


def test_lewarde_holidays_as_its_faq_says(kb):
    for closed in (date(2027, 5, 1), date(2026, 12, 25), date(2028, 1, 1)):
        assert kb.opening("lewarde-centre-historique-minier", closed).reason == "holiday_closed"
    assert kb.opening("lewarde-centre-historique-minier", date(2027, 7, 14)).is_open


@pytest.mark.parametrize("christmas", [date(2026, 12, 25), date(2027, 12, 25)])
def test_no_member_is_said_open_on_25_december_without_a_source(kb, christmas):
    for site in kb.sites(members_only=True):
        assert not kb.opening(site.id, christmas).is_open, site.id
    for site_id in MEMBERS_WITHOUT_A_HOLIDAY_SOURCE:
        assert not kb.opening(site_id, christmas).known, site_id


def test_new_year_is_unknown_where_no_source_speaks_of_it(kb):
    new_year = date(2027, 1, 1)
    for site_id in ("la-coupole", "carriere-wellington", "dunkerque-1940", "royallieu-memorial"):
        assert kb.opening(site_id, new_year).reason == "holiday_unknown", site_id
    assert kb.opening("lens-14-18", new_year).reason == "closure"  # closed all January


def test_mimoyecques_next_april(kb):
    assert kb.opening("mimoyecques", date(2027, 4, 5)).reason == "closure"  # before mid-April: closed
    middle = kb.opening("mimoyecques", date(2027, 4, 15))
    assert not middle.known and middle.reason == "closure_dates_unknown"  # the 2027 date is not published
    assert kb.opening("mimoyecques", date(2027, 4, 25)).is_open


def test_mimoyecques_seasons_of_2024_and_2025(kb):
    assert not kb.opening("mimoyecques", date(2024, 4, 18)).is_open
    assert kb.opening("mimoyecques", date(2024, 4, 19)).is_open
    assert kb.opening("mimoyecques", date(2025, 4, 12)).is_open  # not fixed to 19 April any more
    assert kb.opening("mimoyecques", date(2024, 10, 14)).reason == "closure"


def test_historial_prices_come_from_musenor_only(kb):
    quote = kb.price("historial-peronne", Party(adults=0, children=1, child_ages=(10,)))
    assert quote.known and quote.total == 5.0
    assert kb.price("historial-peronne", Party(adults=0, students=1)).total == 5.0
    assert kb.price("historial-peronne", Party(adults=2, children=2, child_ages=(8, 12))).total == 25.0
    school = kb.price("historial-peronne", Party(adults=0, children=25, school=True))
    assert school.total == 112.5  # 4.50 a pupil
    adult = kb.price("historial-peronne", Party(adults=1))
    assert not adult.known and adult.missing == ["adult"]  # Musenor gives no full price: not France.fr's 9 €


def test_historial_winter_hours_start_in_november(kb):
    assert kb.opening("historial-peronne", date(2027, 11, 3)).reason == "weekday_closed"  # a Wednesday
    assert kb.opening("historial-peronne", date(2027, 11, 4)).windows == [(time(9, 30), time(17))]
    assert not kb.opening("historial-peronne", date(2027, 10, 6)).known  # the sources disagree on October


def test_port_museum_closed_the_day_before_mardi_gras_and_open_on_summer_tuesdays(kb):
    for monday in (date(2027, 2, 8), date(2028, 2, 28), date(2030, 3, 4)):
        assert kb.opening("musee-portuaire-dunkerque", monday).reason == "closure", monday
    assert kb.opening("musee-portuaire-dunkerque", date(2027, 7, 6)).is_open  # a Tuesday in July
    assert not kb.opening("musee-portuaire-dunkerque", date(2027, 6, 1)).is_open  # a Tuesday in June


def test_royallieu_website(kb):
    assert kb.site("royallieu-memorial").website == "http://www.memorial-compiegne.fr"


def test_historial_thiepval_is_the_thiepval_museum_not_peronne(kb):
    best = kb.find_sites("Historial Thiepval")[0].site
    assert best.id == "musee-thiepval" and best.town == "Thiepval"
    assert not kb.opening("musee-thiepval", date(2027, 6, 1)).known  # no source gives its hours


def test_le_hamel_and_pozieres_points_from_geo2france(kb):
    assert (kb.site("le-hamel-australian-memorial").lat, kb.site("le-hamel-australian-memorial").lon) == (
        49.89862,
        2.58133,
    )
    assert (kb.site("pozieres-australian-memorial").lat, kb.site("pozieres-australian-memorial").lon) == (
        50.04506,
        2.7359,
    )


def test_wellington_after_christmas_is_unknown_not_open(kb):
    assert not kb.opening("carriere-wellington", date(2027, 1, 12)).known
    assert kb.opening("carriere-wellington", date(2027, 2, 2)).is_open
