"""How interesting each site is for a request: the planner maximises the sum of these scores.

- theme match: 10 for a site with one of the asked themes or a sub-theme of one ("ww1" takes in
  "battle-of-the-somme"); sites without any asked theme are left out; with no theme asked, every
  site gets 5;
- network members first: +10 (the Mem'Histo mission is to pool the members' audiences): a member
  is worth two other sites of known hours, so that a day of short cemetery stops does not push
  the members' museums out;
- groups and school parties: +1 for a site that documents group (resp. school) visits, since they
  need booking and a welcome; sites without that information are kept (unknown is not "no");
- wheelchair users: sites known not to be accessible are left out, fully accessible ones get +2,
  the others are kept with a warning on the visit;
- unknown opening hours: the score is multiplied by 0.6, so that sites known to be open come first;
- short stops: a visit under an hour is worth sqrt(minutes / 60) of a full one (a 15-minute memorial
  stop half, a 30-minute one 0.71): without it, the sum of scores that the planner maximises prefers
  five quick stops to the one museum that the visitor came for (Wellington Quarry, in Arras itself,
  was left out of a First World War day from Arras for three 15-to-30-minute memorials);
- families: the knowledge base has no minimum ages, so children change prices, not the choice;
- excluded sites and sites without coordinates are left out;
- sites the visitor named ("Vimy and Wellington tomorrow morning") are worth 1000 whatever their
  themes, more than any number of other sites in a day: they are in the circuit whenever they fit.
"""

from __future__ import annotations

import math

from bot.knowledge import KnowledgeBase, Site
from bot.trip.request import TripRequest

THEME_MATCH = 10.0
NO_THEME_ASKED = 5.0
MEMBER_BONUS = 10.0
ACCESSIBLE_BONUS = 2.0
WELCOMES_PARTY_BONUS = 1.0
UNKNOWN_HOURS_FACTOR = 0.6
FULL_VISIT_MINUTES = 60
WANTED_SITE = 1000.0


def asked_themes(kb: KnowledgeBase, themes: tuple[str, ...]) -> set[str]:
    """The asked themes and all their sub-themes."""
    wanted = set(themes)
    children = {theme.id for theme in kb.themes() if theme.parent in wanted}
    while not children <= wanted:
        wanted |= children
        children = {theme.id for theme in kb.themes() if theme.parent in wanted}
    return wanted


def wheelchair_access(site: Site) -> str:
    return (site.wheelchair or {}).get("access", "unknown")


def score_sites(kb: KnowledgeBase, sites: list[Site], request: TripRequest) -> dict[str, float]:
    """``{site id: score}`` of the sites worth a visit (sites left out are absent)."""
    wanted = asked_themes(kb, request.themes)
    party = request.party
    scores = {}
    for site in sites:
        if site.id in request.exclude or site.lat is None or site.lon is None:
            continue
        if request.wheelchair and wheelchair_access(site) == "none":
            continue
        if site.id in request.wanted:
            scores[site.id] = WANTED_SITE
            continue
        if wanted and not wanted & set(site.themes):
            continue
        score = (THEME_MATCH if wanted else NO_THEME_ASKED) + (MEMBER_BONUS if site.member else 0.0)
        if request.wheelchair and wheelchair_access(site) == "full":
            score += ACCESSIBLE_BONUS
        if (party.school and site.schools) or (party.group and not party.school and site.groups):
            score += WELCOMES_PARTY_BONUS
        if (site.hours or {}).get("status", "unknown") == "unknown":
            score *= UNKNOWN_HOURS_FACTOR
        if site.visit_minutes and site.visit_minutes < FULL_VISIT_MINUTES:
            score *= math.sqrt(site.visit_minutes / FULL_VISIT_MINUTES)
        scores[site.id] = score
    return scores
