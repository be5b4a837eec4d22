"""Recurring events: fixed days, nth/last weekday of a month, yearly periods, dated events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase, build
from bot.knowledge.events import nth_weekday

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(build(FIXTURE, tmp_path_factory.mktemp("kb") / "kb.db").database)


def ids(occurrences) -> list[tuple[str, date]]:
    return [(item.event.id, item.date) for item in occurrences]


@pytest.mark.parametrize(
    ("year", "month", "weekday", "nth", "expected"),
    [
        (2027, 4, "sun", -1, date(2027, 4, 25)),
        (2026, 4, "sun", -1, date(2026, 4, 26)),
        (2026, 5, "sun", -1, date(2026, 5, 31)),  # the month ends on that weekday
        (2027, 6, "sat", 1, date(2027, 6, 5)),
        (2026, 11, "sun", 1, date(2026, 11, 1)),  # the month starts on that weekday
        (2026, 11, "thu", 4, date(2026, 11, 26)),
    ],
)
def test_nth_weekday(year, month, weekday, nth, expected):
    assert nth_weekday(year, month, weekday, nth) == expected


def test_last_sunday_of_april_2027(kb):
    assert ids(kb.events(date(2027, 4, 1), date(2027, 4, 30))) == [
        ("deportation-remembrance", date(2027, 4, 25))
    ]


def test_eleventh_of_november(kb):
    assert ids(kb.events(date(2026, 11, 11), date(2026, 11, 11))) == [("armistice-day", date(2026, 11, 11))]


def test_yearly_period_across_new_year_overlapping_the_range(kb):
    found = [
        item for item in kb.events(date(2027, 1, 2), date(2027, 1, 3)) if item.event.id == "winter-lights"
    ]
    assert [(item.date, item.end) for item in found] == [(date(2026, 12, 20), date(2027, 1, 5))]


def test_dated_event_only_on_its_date(kb):
    assert ("reopening-2027", date(2027, 3, 14)) in ids(kb.events(date(2027, 3, 1), date(2027, 3, 31)))
    assert "reopening-2027" not in {item.event.id for item in kb.events(date(2028, 1, 1), date(2028, 12, 31))}


def test_filter_by_site_keeps_regional_events(kb):
    found = {
        item.event.id
        for item in kb.events(date(2027, 1, 1), date(2027, 12, 31), site_ids=["souterrain-guide"])
    }
    assert found == {"first-saturday-june", "deportation-remembrance", "armistice-day"}


def test_sorted_by_date_over_several_years(kb):
    dates = [item.date for item in kb.events(date(2026, 1, 1), date(2028, 12, 31))]
    assert dates == sorted(dates)
    assert (
        sum(1 for item in kb.events(date(2026, 1, 1), date(2028, 12, 31)) if item.event.id == "armistice-day")
        == 3
    )


def test_real_events_fall_inside_the_asked_range(tmp_path):
    kb = KnowledgeBase(build(PROJECT_ROOT / "knowledge", tmp_path / "real.db").database)
    start, end = date(2027, 1, 1), date(2027, 12, 31)
    found = kb.events(start, end)
    assert found, "the real events.yaml should give occurrences in 2027"
    assert all(item.date <= end and item.end >= start for item in found)
