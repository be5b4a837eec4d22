"""Prices: adults, children by age, students, family pass when cheaper, groups, schools, free, unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, Party, build
from bot.knowledge.prices import GROUP_MIN_SIZE_UNSTATED, quote

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(build(FIXTURE, tmp_path_factory.mktemp("kb") / "kb.db").database)


def kinds(quote) -> dict[str, tuple[int, float | None]]:
    return {line.kind: (line.count, line.amount) for line in quote.lines}


def test_one_adult_by_default(kb):
    quote = kb.price("musee-saison")
    assert quote.known and quote.total == 10.0 and quote.currency == "EUR"


def test_children_priced_by_age(kb):
    # musee-saison: free under 7, child rate 7..17, adult rate from 18
    quote = kb.price("musee-saison", Party(adults=1, children=3, child_ages=(4, 12, 18)))
    assert kinds(quote) == {"adult": (2, 20.0), "child": (1, 5.0), "child_free": (1, 0.0)}
    assert quote.total == 25.0


def test_children_without_age_pay_the_child_rate(kb):
    assert kinds(kb.price("musee-saison", Party(adults=0, children=2)))["child"] == (2, 10.0)


def test_students_pay_the_student_rate(kb):
    assert kb.price("musee-saison", Party(adults=0, students=2)).total == 14.0


def test_family_pass_when_cheaper(kb):
    quote = kb.price("musee-saison", Party(adults=2, children=3, child_ages=(8, 10, 12)))  # 20 + 15 = 35 > 25
    assert kinds(quote) == {"family": (1, 25.0)} and quote.total == 25.0


def test_family_pass_not_used_when_individual_is_cheaper(kb):
    quote = kb.price("musee-saison", Party(adults=2, children=1, child_ages=(3,)))  # 20 + free child
    assert quote.total == 20.0 and "family" not in kinds(quote)


def test_family_pass_limited_to_its_composition(kb):
    quote = kb.price("musee-saison", Party(adults=2, children=4, child_ages=(8, 9, 10, 11)))  # max 3 children
    assert quote.total == 40.0 and "family" not in kinds(quote)


def test_group_rate_from_minimum_size(kb):
    assert kinds(kb.price("musee-saison", Party(adults=20, group=True))) == {"group": (20, 160.0)}
    small = kb.price("musee-saison", Party(adults=5, group=True))  # under min_size: individual tickets
    assert small.total == 50.0


def test_school_rate_for_pupils_adult_rate_for_teachers(kb):
    quote = kb.price("musee-saison", Party(adults=2, children=25, school=True))
    assert kinds(quote) == {"school": (25, 100.0), "adult": (2, 20.0)}
    assert quote.total == 120.0


def test_a_group_or_class_rate_the_site_does_not_give_is_unknown_not_single_tickets(kb):
    group = kb.price("musee-feries-liste", Party(adults=30, group=True))
    school = kb.price("musee-feries-liste", Party(adults=2, children=25, school=True))
    assert not group.known and group.missing == ["group"]
    assert not school.known and school.missing == ["school"]


def test_a_small_party_buys_single_tickets_where_the_group_minimum_is_not_stated():
    prices = {"status": "known", "adult": 9.0, "group": {"per_person": 6.0}}
    assert kinds(quote(prices, Party(adults=4, group=True))) == {"adult": (4, 36.0)}
    assert kinds(quote(prices, Party(adults=GROUP_MIN_SIZE_UNSTATED, group=True))) == {"group": (10, 60.0)}


def test_free_site(kb):
    quote = kb.price("memorial-plein-air", Party(adults=2, children=2))
    assert quote.known and quote.total == 0.0


def test_unknown_prices(kb):
    quote = kb.price("musee-inconnu", Party(adults=2))
    assert not quote.known and quote.total is None


def test_a_missing_price_makes_the_quote_unknown(kb):
    quote = kb.price("souterrain-guide", Party(adults=1, children=1, child_ages=(10,)))  # child price null
    assert not quote.known and quote.total is None
    assert quote.missing == ["child"]
    assert kinds(quote)["adult"] == (1, 8.0)  # what is known is still given


def test_free_for_all_minors(kb):
    quote = kb.price("musee-feries-liste", Party(adults=1, children=2, child_ages=(10, 16)))
    assert quote.total == 5.0
