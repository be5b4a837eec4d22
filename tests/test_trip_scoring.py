"""score_sites: theme match with sub-themes, members first, wheelchair and party preferences."""

from __future__ import annotations

import pytest

from bot.knowledge import open_kb
from bot.trip import Party, TripRequest, score_sites
from bot.trip.scoring import MEMBER_BONUS, asked_themes, wheelchair_access


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_sub_themes_count_as_the_parent_theme(kb):
    wanted = asked_themes(kb, ("ww1",))
    assert {"ww1", "battle-of-the-somme"} <= wanted and "ww2" not in wanted
    scores = score_sites(kb, kb.sites(), TripRequest(themes=("ww1",)))
    assert scores and all(wanted & set(kb.site(site_id).themes) for site_id in scores)
    somme_only = [
        site for site in kb.sites() if "battle-of-the-somme" in site.themes and "ww1" not in site.themes
    ]
    assert all(site.id in scores for site in somme_only)


def test_members_come_first_on_equal_terms(kb):
    scores = score_sites(kb, kb.sites(), TripRequest())
    sites = {site.id: site for site in kb.sites()}
    known = [s for s in kb.sites() if (s.hours or {}).get("status") != "unknown"]
    member = next(s for s in known if s.member)
    other = next(s for s in known if not s.member)
    assert scores[member.id] - scores[other.id] == pytest.approx(MEMBER_BONUS)
    assert len(scores) == len([site for site in sites.values() if site.lat is not None])


def test_wheelchair_leaves_out_inaccessible_sites_and_prefers_accessible_ones(kb):
    plain = score_sites(kb, kb.sites(), TripRequest())
    wheelchair = score_sites(kb, kb.sites(), TripRequest(wheelchair=True))
    for site in kb.sites():
        access = wheelchair_access(site)
        if access == "none":
            assert site.id not in wheelchair
        elif access == "full":
            assert wheelchair[site.id] > plain[site.id]
        elif site.id in plain:
            assert wheelchair[site.id] == plain[site.id]


def test_school_parties_prefer_sites_that_welcome_schools(kb):
    plain = score_sites(kb, kb.sites(), TripRequest())
    school = score_sites(kb, kb.sites(), TripRequest(party=Party(adults=2, children=25, school=True)))
    assert set(school) == set(plain)
    for site in kb.sites():
        if site.id in plain:
            assert (school[site.id] > plain[site.id]) == bool(site.schools)


def test_excluded_sites_are_left_out(kb):
    scores = score_sites(kb, kb.sites(), TripRequest(exclude=("historial-peronne",)))
    assert "historial-peronne" not in scores


def test_a_short_stop_is_worth_less_than_a_full_visit(kb):
    scores = score_sites(kb, kb.sites(), TripRequest(themes=("ww1",)))
    sites = {site.id: site for site in kb.sites()}

    def same_terms(site):
        return (site.member, site.hours.get("status") == "unknown" if site.hours else True)

    short = [sid for sid in scores if (sites[sid].visit_minutes or 60) < 60]
    full = [sid for sid in scores if (sites[sid].visit_minutes or 60) >= 60]
    assert short and full
    for quick in short:
        for long in full:
            if same_terms(sites[quick]) == same_terms(sites[long]):
                assert scores[quick] < scores[long]
    # a 15-minute stop is worth half a full visit: five of them no longer outweigh a museum
    fifteen = next(sid for sid in short if sites[sid].visit_minutes == 15)
    assert scores[fifteen] == pytest.approx(
        0.5 * max(scores[sid] for sid in full if same_terms(sites[sid]) == same_terms(sites[fifteen]))
    )


def test_a_named_site_outweighs_any_day_of_others_whatever_its_themes(kb):
    scores = score_sites(kb, kb.sites(), TripRequest(themes=("ww2",), wanted=("vimy-memorial",)))
    others = [score for site_id, score in scores.items() if site_id != "vimy-memorial"]
    assert scores["vimy-memorial"] > sum(sorted(others)[-12:])
    excluded = score_sites(kb, kb.sites(), TripRequest(wanted=("vimy-memorial",), exclude=("vimy-memorial",)))
    assert "vimy-memorial" not in excluded
