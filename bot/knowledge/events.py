"""Occurrences of recurring events (``knowledge/events.yaml``) between two dates."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from bot.knowledge.hours import WEEKDAYS
from bot.knowledge.model import Event, EventOccurrence


def nth_weekday(year: int, month: int, weekday: str, nth: int) -> date:
    """The ``nth`` (1..4, or -1 for the last) ``weekday`` of a month."""
    target = WEEKDAYS.index(weekday)
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(target - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - target) % 7)


def _month_day(year: int, text: str) -> date | None:
    """``MM-DD`` in ``year``; 02-29 in a common year gives None."""
    month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _spans(rule: dict, years: Iterable[int]) -> Iterable[tuple[date, date]]:
    """(first day, last day) of each occurrence of ``rule`` in ``years``."""
    if "dates" in rule:
        for text in rule["dates"]:
            day = date.fromisoformat(text)
            yield day, day
        return
    for year in years:
        if "weekday" in rule:
            day = nth_weekday(year, rule["month"], rule["weekday"], rule["nth"])
            yield day, day
        elif "day" in rule:
            day = _month_day(year, f"{rule['month']:02d}-{rule['day']:02d}")
            if day:
                yield day, day
        else:  # yearly period, possibly across New Year (then it starts the year before)
            first, last = _month_day(year, rule["from"]), _month_day(year, rule["to"])
            if first and last:
                yield (first if first <= last else first.replace(year=year - 1)), last


def occurrences(
    events: Iterable[Event], start: date, end: date, site_ids: Iterable[str] | None = None
) -> list[EventOccurrence]:
    """Occurrences overlapping [start, end], by date. With ``site_ids``: regional events and the
    events of those sites."""
    wanted = set(site_ids) if site_ids is not None else None
    years = range(start.year, end.year + 2)  # +1: a period across New Year is dated by its end year
    found = []
    for event in events:
        if wanted is not None and event.scope != "regional" and not wanted & set(event.sites):
            continue
        for first, last in _spans(event.rule, years):
            if first <= end and last >= start:
                found.append(EventOccurrence(first, last, event, list(event.sites)))
    return sorted(found, key=lambda occurrence: (occurrence.date, occurrence.event.id))
