"""Commemorations and events on the visitor's dates, tied to the sites where they happen."""

from __future__ import annotations

from datetime import date, timedelta

from bot.conversation.replies import Reply
from bot.knowledge import KnowledgeBase
from bot.texts import t
from bot.trip.render import format_date

DEFAULT_PERIOD_DAYS = 30


def events_reply(
    kb: KnowledgeBase, start: date | None, end: date | None, today: date, lang: str, site_ids=None
) -> Reply:
    """Events between ``start`` and ``end`` (default: the next 30 days), the circuit's sites first."""
    start = start or today
    end = end or start + timedelta(days=DEFAULT_PERIOD_DAYS)
    found = kb.events(start, end)
    if start == end:
        period = t(lang, "dialogue.events.one_day", day=format_date(start, lang))
    else:
        period = t(lang, "dialogue.events.period", start=format_date(start, lang), end=format_date(end, lang))
    if not found:
        return Reply(t(lang, "dialogue.events.none", period=period))
    wanted = set(site_ids or ())
    found.sort(key=lambda occurrence: (not (wanted & set(occurrence.sites)), occurrence.date))
    lines = [t(lang, "dialogue.events.header", period=period)]
    for occurrence in found:
        sites = ", ".join(
            kb.site(site_id).name_in(lang) for site_id in occurrence.sites if _known(kb, site_id)
        )
        lines.append(
            t(
                lang,
                "dialogue.events.line",
                date=format_date(occurrence.date, lang),
                name=occurrence.event.name_in(lang),
                sites=sites or t(lang, "dialogue.events.regional"),
            )
        )
    return Reply("\n".join(lines))


def _known(kb: KnowledgeBase, site_id: str) -> bool:
    try:
        kb.site(site_id)
    except KeyError:
        return False
    return True
