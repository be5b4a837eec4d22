"""Opening hours: seasons, closures across New Year, closed weekdays, public holidays, guided tours."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, build, french_public_holidays
from bot.knowledge.hours import easter_sunday

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"
WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    return KnowledgeBase(build(FIXTURE, tmp_path_factory.mktemp("kb") / "kb.db").database)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)),
     (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22))],
)  # fmt: skip
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_french_public_holidays_of_2027():
    holidays = french_public_holidays(2027)
    assert len(holidays) == 11
    assert holidays[date(2027, 3, 29)] == "easter-monday"
    assert holidays[date(2027, 5, 6)] == "ascension"
    assert holidays[date(2027, 5, 17)] == "whit-monday"
    assert holidays[date(2027, 11, 11)] == "armistice-1918"
    assert date(2027, 3, 28) not in holidays  # Easter Sunday is a Sunday, not a public holiday


def test_season_boundary_changes_the_windows(kb):
    last_summer_day = kb.opening("musee-saison", date(2027, 9, 30))
    first_winter_day = kb.opening("musee-saison", date(2027, 10, 1))
    assert last_summer_day.windows == [(time(9, 30), time(18, 0))]
    assert "period 04-01..09-30" in last_summer_day.rule
    assert first_winter_day.windows == [(time(9, 30), time(12, 30)), (time(13, 30), time(17, 0))]
    assert "period 10-01..03-31" in first_winter_day.rule


def test_winter_period_wraps_new_year(kb):
    day = kb.opening("musee-saison", date(2027, 2, 17))  # a Wednesday inside 10-01..03-31
    assert day.is_open and "period 10-01..03-31" in day.rule


def test_annual_closure_across_new_year(kb):
    for closed_day in (date(2026, 12, 20), date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 5)):
        opening = kb.opening("musee-saison", closed_day)
        assert not opening.is_open and opening.reason == "closure", closed_day
        assert opening.rule == "closure 12-20..01-05 (Annual closure)"
    assert kb.opening("musee-saison", date(2026, 12, 19)).is_open  # Saturday before
    assert kb.opening("musee-saison", date(2027, 1, 6)).is_open  # Wednesday after


def test_closure_of_one_yearly_date_and_of_dated_works(kb):
    assert kb.opening("musee-saison", date(2030, 5, 1)).rule == "closure 05-01"
    works = kb.opening("musee-saison", date(2027, 2, 3))
    assert works.rule == "closure 2027-02-01..2027-02-10 (Works)"
    assert works.notes == [{"fr": "Travaux", "en": "Works"}]
    assert kb.opening("musee-saison", date(2028, 2, 3)).is_open  # dated closures do not repeat


def test_closed_weekday(kb):
    tuesday = kb.opening("musee-saison", date(2026, 11, 24))
    assert not tuesday.is_open and tuesday.known
    assert tuesday.rule == "closed on Tuesday (period 10-01..03-31)"
    assert tuesday.reason == "weekday_closed"
    assert kb.opening("musee-saison", date(2027, 6, 1)).is_open  # Tuesdays open in summer


def test_last_entry_before_closing(kb):
    assert kb.opening("musee-saison", date(2026, 11, 25)).last_entry == time(16, 0)


def test_ticket_office_closing_time_is_the_last_entry():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [
            {"from": "03-01", "to": "11-14", "days": WEEK, "open": ["09:00-19:00"]},
            {"from": "11-15", "to": "02-29", "days": WEEK, "open": ["13:00-18:00"]},
        ],
        "last_entry": "17:00",
    }
    assert opening(hours, date(2027, 6, 2)).last_entry == time(17)
    assert opening(hours, date(2027, 2, 3)).last_entry == time(17)
    hours["last_entry_minutes"] = 90  # whichever is earlier
    assert opening(hours, date(2027, 2, 3)).last_entry == time(16, 30)


MIMOYECQUES_LIKE = {
    "status": "known",
    "periods": [{"from": "01-01", "to": "12-31", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                 "open": ["10:00-18:00"]}],
    "closures": [{"from": "mid-10", "to": "mid-04", "exact": [
        {"to": "2024-04-18", "source": "https://e.org", "verified_on": "2026-12-06"},
        {"from": "2024-10-14", "source": "https://e.org", "verified_on": "2026-12-06"},
        {"to": "2025-04-11", "source": "https://e.org", "verified_on": "2026-12-06"},
    ]}],
}  # fmt: skip


@pytest.mark.parametrize("year", [2026, 2027, 2030, 2041])
def test_a_vague_yearly_closure_holds_every_year(year):
    from bot.knowledge.hours import opening

    assert opening(MIMOYECQUES_LIKE, date(year, 1, 20)).reason == "closure"
    assert opening(MIMOYECQUES_LIKE, date(year, 4, 11)).reason == "closure"  # the closure ends on 11-20 April
    for uncertain in (date(year, 4, 12), date(year, 4, 20), date(year, 10, 11), date(year, 10, 19)):
        day = opening(MIMOYECQUES_LIKE, uncertain)
        assert not day.known and day.reason == "closure_dates_unknown", uncertain
        assert f"exact dates in {year} are not known" in day.rule
    assert opening(MIMOYECQUES_LIKE, date(year, 4, 21)).is_open
    assert opening(MIMOYECQUES_LIKE, date(year, 10, 10)).is_open
    assert opening(MIMOYECQUES_LIKE, date(year, 10, 20)).reason == "closure"


def test_exact_dates_of_a_year_override_the_vague_bounds():
    from bot.knowledge.hours import opening

    assert opening(MIMOYECQUES_LIKE, date(2024, 4, 18)).reason == "closure"
    assert opening(MIMOYECQUES_LIKE, date(2024, 4, 19)).is_open
    assert opening(MIMOYECQUES_LIKE, date(2024, 10, 13)).is_open
    assert opening(MIMOYECQUES_LIKE, date(2024, 10, 14)).reason == "closure"
    assert opening(MIMOYECQUES_LIKE, date(2025, 4, 11)).reason == "closure"  # the 2024-25 closure's end
    assert opening(MIMOYECQUES_LIKE, date(2025, 4, 12)).is_open
    assert not opening(MIMOYECQUES_LIKE, date(2025, 10, 15)).known  # the 2025 end: not given


def test_a_closure_on_a_movable_day():
    from bot.knowledge.hours import opening

    hours = {**MIMOYECQUES_LIKE, "closures": [{"easter": -48}]}  # the Monday before Shrove Tuesday
    for monday in (date(2026, 2, 16), date(2027, 2, 8), date(2030, 3, 4)):
        assert opening(hours, monday).rule == "closure easter-48", monday
    assert opening(hours, date(2027, 2, 9)).is_open


def test_a_season_of_unknown_hours():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [
            {"from": "04-01", "to": "09-30", "days": WEEK, "open": ["09:30-18:00"]},
            {"from": "10-01", "to": "10-31", "status": "unknown"},
            {"from": "11-01", "to": "03-31", "days": WEEK, "open": ["09:30-17:00"]},
        ],
    }
    october = opening(hours, date(2027, 10, 6))
    assert not october.known and october.reason == "period_unknown"
    assert october.rule == "hours unknown in period 10-01..10-31"
    assert opening(hours, date(2027, 11, 3)).is_open


def test_holidays_a_source_says_open_follow_the_periods(kb):
    bastille_day = kb.opening("musee-saison", date(2027, 7, 14))
    assert bastille_day.is_open and bastille_day.holiday == "bastille-day"


def test_public_holidays_are_unknown_unless_a_source_says():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [{"from": "01-01", "to": "12-31", "days": WEEK, "open": ["10:00-18:00"]}],
    }
    for year in (2026, 2027, 2030):
        christmas = opening(hours, date(year, 12, 25))
        assert (
            not christmas.known and christmas.reason == "holiday_unknown" and christmas.holiday == "christmas"
        )
    assert opening(hours, date(2027, 12, 24)).is_open  # an ordinary day


def test_a_closed_season_is_closed_on_its_holidays_too():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [
            {"from": "04-01", "to": "10-31", "days": WEEK, "open": ["10:00-18:00"]},
            {"from": "11-01", "to": "03-31", "days": [], "open": []},
        ],
    }
    assert opening(hours, date(2026, 12, 25)).known and not opening(hours, date(2026, 12, 25)).is_open
    assert not opening(hours, date(2027, 7, 14)).known  # in season: nobody says


def test_listed_holidays_open_and_closed_the_others_unknown():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [{"from": "01-01", "to": "12-31", "days": ["wed", "sat"], "open": ["13:30-17:00"]}],
        "public_holidays": {"closed": ["christmas"], "open": ["victory-1945"], "open_on_closed_weekdays": True,
                            "open_hours": ["14:30-17:30"], "source": "https://example.org", "verified_on": "2026-12-06"},
    }  # fmt: skip
    victory = opening(hours, date(2027, 5, 8))  # a Saturday
    assert victory.reason == "holiday_open" and victory.windows == [(time(14, 30), time(17, 30))]
    assert opening(hours, date(2030, 5, 8)).is_open  # a Wednesday
    assert opening(hours, date(2026, 5, 8)).is_open  # a Friday, open that holiday all the same
    assert opening(hours, date(2027, 12, 25)).reason == "holiday_closed"
    assert opening(hours, date(2027, 11, 11)).reason == "holiday_unknown"


def test_public_holidays_closed(kb):
    ascension = kb.opening("souterrain-guide", date(2027, 5, 6))
    assert not ascension.is_open and ascension.reason == "holiday_closed"
    assert ascension.rule == "closed on public holidays (ascension)"


def test_public_holidays_open_even_on_the_closed_weekday(kb):
    easter_monday = kb.opening("musee-feries-ouvert", date(2027, 3, 29))
    assert easter_monday.is_open and easter_monday.reason == "holiday_open"
    assert easter_monday.windows == [(time(10), time(18))]
    assert not kb.opening("musee-feries-ouvert", date(2027, 4, 5)).is_open  # ordinary Monday


def test_listed_public_holidays(kb):
    assert kb.opening("musee-feries-liste", date(2027, 5, 6)).reason == "holiday_closed"  # ascension, by id
    whit_monday = kb.opening("musee-feries-liste", date(2027, 5, 17))  # not listed: a closed Monday anyway
    assert whit_monday.reason == "weekday_closed"
    assert kb.opening("musee-feries-liste", date(2027, 7, 14)).is_open  # not listed: open


def test_period_without_days_closes_the_season_and_covers_february_29(kb):
    assert kb.opening("musee-feries-liste", date(2028, 2, 29)).reason == "weekday_closed"
    assert not kb.opening("musee-feries-liste", date(2026, 11, 25)).is_open


def test_guided_tour_only_slots_inside_the_windows(kb):
    day = kb.opening("souterrain-guide", date(2026, 11, 25))
    assert day.is_open and day.booking == "required"
    assert day.guided_tour_times == [time(10), time(11, 30), time(14), time(15, 30)]  # 18:30 is after closing
    assert day.rule.endswith("guided tours only")


def test_guided_tours_every_n_minutes():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [{"from": "01-01", "to": "12-31", "days": ["sat"], "open": ["14:00-16:00"]}],
        "guided_tours": {"only": True, "every_minutes": 45},
    }
    assert opening(hours, date(2026, 11, 28)).guided_tour_times == [time(14), time(14, 45), time(15, 30)]


def test_guided_tour_only_site_without_tour_in_the_windows_is_closed():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [{"from": "01-01", "to": "12-31", "days": ["sat"], "open": ["14:00-16:00"]}],
        "guided_tours": {"only": True, "times": ["10:00"]},
    }
    day = opening(hours, date(2026, 11, 28))
    assert not day.is_open and day.reason == "no_guided_tour"


def test_periods_sharing_dates_split_by_weekday():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [
            {"from": "01-01", "to": "12-31", "days": ["wed", "thu", "fri"], "open": ["10:00-18:00"]},
            {"from": "01-01", "to": "12-31", "days": ["sat", "sun"], "open": ["11:00-18:00"]},
        ],
    }
    assert opening(hours, date(2026, 11, 25)).windows == [(time(10), time(18))]  # Wednesday
    assert opening(hours, date(2026, 11, 29)).windows == [(time(11), time(18))]  # Sunday
    monday = opening(hours, date(2026, 11, 30))
    assert not monday.is_open and monday.rule == "closed on Monday (period 01-01..12-31)"


def test_unknown_hours(kb):
    day = kb.opening("musee-inconnu", date(2026, 11, 25))
    assert not day.known and day.reason == "unknown"
    assert day.notes == [{"fr": "Se renseigner", "en": "Ask the site"}]
    assert kb.is_open_at("musee-inconnu", datetime(2026, 11, 25, 11)) is None


def test_always_open(kb):
    day = kb.opening("memorial-plein-air", date(2026, 12, 25))
    assert day.is_open and day.known and day.reason == "always_open"


def test_is_open_at_respects_lunch_break(kb):
    assert kb.is_open_at("musee-saison", datetime(2026, 11, 25, 10, 0)) is True
    assert kb.is_open_at("musee-saison", datetime(2026, 11, 25, 13, 0)) is False
    assert kb.is_open_at("musee-saison", datetime(2026, 11, 25, 17, 0)) is False  # closing time
    assert kb.is_open_at("musee-saison", datetime(2026, 11, 24, 10, 0)) is False  # Tuesday


def test_next_opening_after_a_moment_counts_the_later_windows_of_that_day():
    from bot.knowledge.hours import next_opening

    hours = {"status": "known", "periods": [{"from": "01-01", "to": "12-31", "days": ["wed"],
                                             "open": ["10:00-12:00", "14:00-17:00"]}]}  # fmt: skip
    wednesday = date(2026, 11, 25)
    morning = next_opening(hours, datetime.combine(wednesday, time(9)))
    assert (morning.day, morning.window, morning.unknown_from) == (wednesday, (time(10), time(12)), None)
    assert next_opening(hours, datetime.combine(wednesday, time(13))).window == (time(14), time(17))
    assert next_opening(hours, datetime.combine(wednesday, time(15))).day == date(2026, 12, 2)
    assert next_opening(hours, wednesday).day == date(2026, 12, 2)  # a date: from the next day
    assert next_opening({"status": "unknown"}, wednesday) is None


def test_next_opening_says_from_when_the_days_before_it_are_unknown():
    from bot.knowledge.hours import next_opening

    hours = {**MIMOYECQUES_LIKE, "closures": [{"from": "12-26", "to": "01-31", "dates_unknown": True}]}
    found = next_opening(hours, date(2026, 12, 25))
    assert found.unknown_from == date(2026, 12, 26) and found.day >= date(2027, 2, 1)


def test_unknown_site_raises_key_error(kb):
    with pytest.raises(KeyError):
        kb.opening("no-such-site", date(2026, 11, 25))


def test_a_period_may_open_on_some_weekdays_of_the_month_only():
    from bot.knowledge.hours import opening

    hours = {
        "status": "known",
        "periods": [
            {"from": "09-01", "to": "06-30", "days": ["wed"], "open": ["14:00-16:30"]},
            {"from": "09-01", "to": "06-30", "days": ["sun1", "sun3"], "open": ["14:30-18:00"]},
        ],
    }
    first, second, third = date(2026, 12, 6), date(2026, 12, 13), date(2026, 12, 20)  # Sundays
    assert [opening(hours, day).is_open for day in (first, second, third)] == [True, False, True]
    assert opening(hours, first).windows == [(time(14, 30), time(18, 0))]
    assert opening(hours, date(2026, 12, 9)).windows == [(time(14, 0), time(16, 30))]  # a Wednesday


def test_a_closure_without_dates_makes_its_span_unknown():
    from bot.knowledge.hours import opening

    hours = {**MIMOYECQUES_LIKE, "closures": [{"from": "12-26", "to": "01-31", "dates_unknown": True}]}
    for day in (date(2026, 12, 26), date(2027, 1, 15), date(2030, 1, 31)):
        assert opening(hours, day).reason == "closure_dates_unknown", day
    assert opening(hours, date(2027, 2, 1)).is_open
