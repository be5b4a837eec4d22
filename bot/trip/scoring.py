"""How interesting each site is for a request: the planner maximises the sum of these scores.

- theme match: 10 for a site with one of the asked themes (or a sub-theme of one), 0 otherwise; with
  no theme asked, every site gets 5;
- network members first: +3 (the Mem'Histo mission is to pool the members' audiences);
- unknown opening hours: the score is multiplied by 0.6, so that sites known to be open come first;
- filters: excluded sites and, for wheelchair users, sites known not to be accessible get 0 (left out).
"""

from __future__ import annotations

from bot.knowledge import KnowledgeBase, Site
from bot.trip.request import TripRequest

THEME_MATCH = 10.0
NO_THEME_ASKED = 5.0
MEMBER_BONUS = 3.0
UNKNOWN_HOURS_FACTOR = 0.6


def asked_themes(kb: KnowledgeBase, themes: tuple[str, ...]) -> set[str]:
    """The asked themes and all their sub-themes."""
    wanted = set(themes)
    children = {theme.id for theme in kb.themes() if theme.parent in wanted}
    while not children <= wanted:
        wanted |= children
        children = {theme.id for theme in kb.themes() if theme.parent in wanted}
    return wanted


def score_sites(kb: KnowledgeBase, sites: list[Site], request: TripRequest) -> dict[str, float]:
    """``{site id: score}`` of the sites worth a visit (sites scoring 0 are left out)."""
    wanted = asked_themes(kb, request.themes)
    scores = {}
    for site in sites:
        if site.id in request.exclude or site.lat is None:
            continue
        if request.wheelchair and (site.wheelchair or {}).get("access") == "none":
            continue
        if wanted and not wanted & set(site.themes):
            continue
        base = THEME_MATCH if wanted else NO_THEME_ASKED
        score = base + (MEMBER_BONUS if site.member else 0.0)
        if (site.hours or {}).get("status", "unknown") == "unknown":
            score *= UNKNOWN_HOURS_FACTOR
        scores[site.id] = score
    return scores
