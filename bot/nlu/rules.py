"""Rule entities of a message: date, duration, transport_mode, party, accessibility, language, number.

Spans come from ``bot.expressions`` and ``bot.language``. Values: ``date`` and ``duration`` keep the
text as written (the dialogue parses it with ``parse_dates`` / ``parse_duration``), the others are
normalised (``car``, ``family``, ``wheelchair``, ``en``, ``4``). When two findings overlap, the one
whose type comes first in ``RULES`` wins: "ce week-end" is a date (which also gives two days).
"""

from __future__ import annotations

from datetime import date

from bot import expressions
from bot.language import find_language_mention
from bot.nlu.entities import Found, without_overlaps

RULES = ["language", "date", "duration", "transport_mode", "accessibility", "party", "number"]


def find_rule_entities(text: str, today: date) -> list[Found]:
    found: list[Found] = []
    request = find_language_mention(text)
    if request:
        found.append(Found("language", request.value, request.start, request.end, request.text))
    for mention in expressions.find_dates(text, "fr", today):
        found.append(Found("date", mention.text, mention.start, mention.end, mention.text))
    for mention in expressions.find_durations(text):
        found.append(Found("duration", mention.text, mention.start, mention.end, mention.text))
    for mention in expressions.find_modes(text):
        found.append(Found("transport_mode", mention.value.mode, mention.start, mention.end, mention.text))
    for entity, finder in (
        ("accessibility", expressions.find_accessibility),
        ("party", expressions.find_party),
        ("number", expressions.find_people_counts),
    ):
        for mention in finder(text):
            found.append(Found(entity, mention.value, mention.start, mention.end, mention.text))
    return without_overlaps(found, rank=lambda f: (RULES.index(f.entity), f.start))
