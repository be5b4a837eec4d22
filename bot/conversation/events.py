"""Commemorations and events on the visitor's dates, tied to the sites where they happen."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.conversation.replies import Reply
from bot.expressions import fold
from bot.knowledge import EventOccurrence, KnowledgeBase, in_language
from bot.texts import t
from bot.texts.formats import format_date

DEFAULT_PERIOD_DAYS = 30
DESCRIBED_EVENTS = 3  # up to this many events, each with its description (times, where, who)
NEXT_EVENTS_DAYS = 366  # with none on the dates asked, the next ones within a year
NEXT_EVENTS_SHOWN = 2
# "what time does the service start?", "la cérémonie est à quelle heure ?": a question on an event.
_EVENT_WORDS = re.compile(
    r"\b(?:services?|ceremon(?:y|ies)|ceremonies?|commemorations?|parade|defile|dawn|aube|last post|"
    r"wreath|gerbes?|minute de silence|minute's silence|what'?s on|what is on|what'?s happening|"
    r"events?|evenements?|manifestations?)\b"
)


def names_an_event(text: str) -> bool:
    return _EVENT_WORDS.search(fold(text).lower()) is not None


def events_reply(
    kb: KnowledgeBase,
    start: date | None,
    end: date | None,
    today: date,
    lang: str,
    site_ids=None,
    only_sites: bool = False,
) -> Reply:
    """Events between ``start`` and ``end`` (default: the next 30 days), the circuit's sites first
    (only theirs with ``only_sites``: "what time is the service at Lochnagar?"). A few events come
    with their descriptions; with none, the next ones say when there is something."""
    start = start or today
    end = end or start + timedelta(days=DEFAULT_PERIOD_DAYS)
    found = kb.events(start, end, site_ids if only_sites else None)
    if start == end:
        period = t(lang, "dialogue.events.one_day", day=format_date(start, lang))
    else:
        period = t(lang, "dialogue.events.period", start=format_date(start, lang), end=format_date(end, lang))
    if not found:
        later = kb.events(
            end + timedelta(days=1), end + timedelta(days=NEXT_EVENTS_DAYS), site_ids if only_sites else None
        )
        lines = [t(lang, "dialogue.events.none", period=period)]
        if later:
            lines.append(t(lang, "dialogue.events.next_header"))
            lines += [_line(kb, occurrence, lang) for occurrence in later[:NEXT_EVENTS_SHOWN]]
        return Reply("\n".join(lines))
    wanted = set(site_ids or ())
    found.sort(key=lambda occurrence: (not (wanted & set(occurrence.sites)), occurrence.date))
    lines = [t(lang, "dialogue.events.header", period=period)]
    for occurrence in found:
        lines.append(_line(kb, occurrence, lang))
        if len(found) <= DESCRIBED_EVENTS and in_language(occurrence.event.description, lang):
            lines.append("  " + in_language(occurrence.event.description, lang))
    return Reply("\n".join(lines))


def _line(kb: KnowledgeBase, occurrence: EventOccurrence, lang: str) -> str:
    sites = ", ".join(kb.site(site_id).name_in(lang) for site_id in occurrence.sites if _known(kb, site_id))
    return t(
        lang,
        "dialogue.events.line",
        date=format_date(occurrence.date, lang),
        name=occurrence.event.name_in(lang),
        sites=sites or t(lang, "dialogue.events.regional"),
    )


def _known(kb: KnowledgeBase, site_id: str) -> bool:
    try:
        kb.site(site_id)
    except KeyError:
        return False
    return True
