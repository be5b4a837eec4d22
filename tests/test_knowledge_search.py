"""Finding sites by name (FR/EN, accents, case, typos, aliases), sites near a point, themes by words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.geo import haversine_km
from bot.knowledge import KnowledgeBase, build
from bot.knowledge.search import normalise

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(build(FIXTURE, tmp_path_factory.mktemp("kb") / "kb.db").database)


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(
        build(PROJECT_ROOT / "knowledge", tmp_path_factory.mktemp("real") / "kb.db").database
    )


def first(kb: KnowledgeBase, text: str) -> str | None:
    matches = kb.find_sites(text)
    return matches[0].site.id if matches else None


def test_normalise_removes_accents_case_and_punctuation():
    assert normalise("  Mémorial (Œuvre) — l'Été 14-18 ") == "memorial oeuvre l ete 14 18"


@pytest.mark.parametrize(
    ("text", "site_id"),
    [
        ("Musée des Saisons", "musee-saison"),  # French name
        ("museum of the seasons", "musee-saison"),  # English name
        ("MUSEE DES SAISONS PERONNE", "musee-saison"),  # case, no accents
        ("musee des saisns", "musee-saison"),  # typo
        ("Seasons museum", "musee-saison"),  # alias
        ("carriere souterraine guidee", "souterrain-guide"),
        ("guided undergound quarry", "souterrain-guide"),  # typo, English
        ("quarry tunnels", "souterrain-guide"),  # alias
        ("memorial plein air", "memorial-plein-air"),
        ("musee-inconnu", "musee-inconnu"),  # the id itself
    ],
)
def test_find_sites(kb, text, site_id):
    assert first(kb, text) == site_id


def test_exact_name_scores_100_and_reports_what_matched(kb):
    match = kb.find_sites("Saisons")[0]
    assert (match.site.id, match.score, match.matched) == ("musee-saison", 100.0, "saisons")


def test_gibberish_emoji_and_huge_text_find_nothing(kb):
    assert kb.find_sites("xqzwv") == []
    assert kb.find_sites("🙂🙂") == []
    assert kb.find_sites("") == []
    assert kb.find_sites("a" * 5000) == []


def test_limit(kb):
    assert len(kb.find_sites("musee", limit=2)) <= 2


def test_near_sorts_by_distance(kb):
    found = kb.near(49.93, 2.93, limit=3)
    assert found[0][0].id == "musee-saison" and found[0][1] == 0.0
    assert [km for _, km in found] == sorted(km for _, km in found)
    within = kb.near(49.93, 2.93, radius_km=40)
    assert {site.id for site, _ in within} == {"musee-saison", "memorial-plein-air"}


def test_haversine_lille_to_paris():
    assert haversine_km(50.63391, 3.05512, 48.85341, 2.3488) == pytest.approx(204, abs=3)


def test_sites_members_first_and_by_theme_with_sub_themes(kb):
    assert [site.member for site in kb.sites()][:2] == [True, True]
    assert {site.id for site in kb.sites(members_only=True)} == {"musee-saison", "souterrain-guide"}
    # ww1 includes its sub-theme battle-of-the-somme
    assert {site.id for site in kb.sites(themes=["ww1"])} == {
        "musee-saison",
        "souterrain-guide",
        "memorial-plein-air",
    }
    assert {site.id for site in kb.sites(themes=["battle-of-the-somme"])} == {
        "musee-saison",
        "memorial-plein-air",
    }


def test_site_name_in_language(kb):
    site = kb.site("musee-saison")
    assert site.name_in("en") == "Museum of the Seasons (Péronne)"
    assert site.description_in("fr") == "Musée fictif pour les tests."
    assert site.town == "Péronne" and site.postcode == "80200"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Grande Guerre", "ww1"),
        ("première guerre mondiale", "ww1"),
        ("premiere guere mondiale", "ww1"),  # typo
        ("WWII", "ww2"),
        ("the museums of the great war", "ww1"),  # synonym inside a sentence
        ("bataille de la somme", "battle-of-the-somme"),
        ("charbon", "mining"),
        ("mining", "mining"),
        ("gastronomie", None),
        ("", None),
    ],
)
def test_resolve_theme(kb, text, theme):
    assert kb.resolve_theme(text) == theme


# The real data (knowledge/): names that visitors type.
@pytest.mark.parametrize(
    ("text", "site_id"),
    [
        ("historial peronne", "historial-peronne"),
        ("Lens 14-18", "lens-14-18"),
        ("wellington quarry", "carriere-wellington"),
        ("mimoyeques", "mimoyecques"),
        ("la coupolle", "la-coupole"),
    ],
)
def test_real_names(real_kb, text, site_id):
    assert first(real_kb, text) == site_id


def test_real_themes_resolve_their_own_labels(real_kb):
    for theme in real_kb.themes():
        assert real_kb.resolve_theme(theme.label["fr"]) == theme.id
        assert real_kb.resolve_theme(theme.label["en"]) == theme.id


@pytest.mark.parametrize("text", ["plutôt à partir d'Amiens", "on part demain matin", "we start early"])
def test_a_short_theme_name_inside_another_word_is_no_theme(real_kb, text):
    assert real_kb.resolve_theme("art") == "art"  # a theme named inside "à partir" or "start"
    assert real_kb.resolve_theme(text) is None


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("WW1 circuit from Calais ferry port", "ww1"),  # a place to start from, not maritime history
        ("circuit 14-18 depuis le port de Calais", "ww1"),
        ("from the port of Dunkirk tomorrow", None),
        ("a day out from Boulogne harbour", None),
        ("histoire portuaire", "maritime"),
        ("port history", "maritime"),
    ],
)
def test_a_port_is_a_place_not_the_maritime_theme(real_kb, text, theme):
    assert real_kb.resolve_theme(text) == theme
