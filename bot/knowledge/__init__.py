"""Knowledge base: sites, themes, events and places, from the YAML files of ``knowledge/``.

Python API (see ARCHITECTURE.md, ``bot.knowledge``)::

    from bot.knowledge import open_kb, Party
    kb = open_kb()                          # builds build/knowledge.db when missing or stale
    kb.find_sites("historial peronne")[0].site.id
    kb.opening("historial-peronne", date(2026, 12, 25)).rule
    kb.price("historial-peronne", Party(adults=2, children=2, child_ages=(8, 12))).total
"""

from bot.knowledge.build import KnowledgeError, build
from bot.knowledge.hours import french_public_holidays
from bot.knowledge.kb import KnowledgeBase, open_kb
from bot.knowledge.model import (
    BuildReport,
    DayOpening,
    Event,
    EventOccurrence,
    Match,
    NextOpening,
    Party,
    Place,
    PriceLine,
    PriceQuote,
    Site,
    Theme,
    ValidationIssue,
    in_language,
)
from bot.knowledge.validate import validate

__all__ = [
    "BuildReport",
    "DayOpening",
    "Event",
    "EventOccurrence",
    "KnowledgeBase",
    "KnowledgeError",
    "Match",
    "NextOpening",
    "Party",
    "Place",
    "PriceLine",
    "PriceQuote",
    "Site",
    "Theme",
    "ValidationIssue",
    "in_language",
    "build",
    "french_public_holidays",
    "open_kb",
    "validate",
]
