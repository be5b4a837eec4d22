"""Opening hours of one day, from a site's ``hours`` block (format: knowledge/README.md).

Rules are applied in this order, and the first that applies decides:
  1. status unknown / always_open;
  2. annual or dated closures (``closures``);
  3. French public holidays, per ``public_holidays`` (``as_periods`` lets the periods decide);
  4. the FIRST seasonal period containing the day and opening on its weekday (else the first
     containing it): open on its ``days``, with its ``open`` windows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from bot.knowledge.model import DayOpening

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Codes of DayOpening.reason
REASONS = (
    "unknown",
    "always_open",
    "closure",
    "holiday_closed",
    "holiday_open",
    "period_open",
    "weekday_closed",
    "outside_periods",
    "no_guided_tour",
)

# French public holidays (Code du travail, art. L3133-1): fixed ones by month-day, Easter-based by offset.
FIXED_HOLIDAYS = {
    "01-01": "new-year",
    "05-01": "labour-day",
    "05-08": "victory-1945",
    "07-14": "bastille-day",
    "08-15": "assumption",
    "11-01": "all-saints",
    "11-11": "armistice-1918",
    "12-25": "christmas",
}
EASTER_HOLIDAYS = {1: "easter-monday", 39: "ascension", 50: "whit-monday"}
HOLIDAY_IDS = (*FIXED_HOLIDAYS.values(), *EASTER_HOLIDAYS.values())


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, "Meeus/Jones/Butcher")."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def french_public_holidays(year: int) -> dict[date, str]:
    """``{date: holiday id}`` of the eleven French public holidays of ``year``."""
    holidays = {date.fromisoformat(f"{year}-{month_day}"): name for month_day, name in FIXED_HOLIDAYS.items()}
    easter = easter_sunday(year)
    holidays.update({easter + timedelta(days=offset): name for offset, name in EASTER_HOLIDAYS.items()})
    return holidays


def month_day(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def in_range(day: date, start: str, end: str) -> bool:
    """Whether ``day`` lies in [start, end]: "MM-DD" bounds repeat yearly and may wrap New Year;
    "YYYY-MM-DD" bounds are absolute."""
    if len(start) == 10:
        return date.fromisoformat(start) <= day <= date.fromisoformat(end)
    md = month_day(day)
    return start <= md <= end if start <= end else (md >= start or md <= end)


def parse_clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def parse_window(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return parse_clock(start), parse_clock(end)


def _shift(moment: time, minutes: int) -> time:
    return (datetime.combine(date.min, moment) + timedelta(minutes=minutes)).time()


def _closure_span(closure: dict[str, Any]) -> tuple[str, str]:
    return (closure["date"], closure["date"]) if "date" in closure else (closure["from"], closure["to"])


def _describe_closure(closure: dict[str, Any]) -> str:
    start, end = _closure_span(closure)
    span = start if start == end else f"{start}..{end}"
    label = (closure.get("label") or {}).get("en")
    return f"closure {span}" + (f" ({label})" if label else "")


def _holiday_closes(policy: Any, day: date, holiday: str) -> bool | None:
    """True: closed that holiday; False: open with the period hours even on a closed weekday;
    None: the periods decide."""
    if policy == "closed":
        return True
    if policy == "open":
        return False
    if isinstance(policy, dict):
        listed = policy.get("closed", [])
        return True if (month_day(day) in listed or holiday in listed) else None
    return None


def _period_for(periods: list[dict[str, Any]], day: date) -> dict[str, Any] | None:
    """The first period containing ``day`` that opens on its weekday, else the first containing it.

    Several periods may share dates with different weekdays and hours (e.g. Wed-Fri 10:00-18:00 and
    Sat-Sun 11:00-18:00 in the same season).
    """
    containing = [period for period in periods if in_range(day, period["from"], period["to"])]
    return next((period for period in containing if opens_on(period, day)), next(iter(containing), None))


def opens_on(period: dict[str, Any], day: date) -> bool:
    """Whether ``period`` opens on the weekday of ``day``: its ``days`` name weekdays ("sun") or one of
    them in the month ("sun1", "sun3": the first and third Sundays)."""
    weekday = WEEKDAYS[day.weekday()]
    return weekday in period["days"] or f"{weekday}{(day.day - 1) // 7 + 1}" in period["days"]


def _guided_times(tours: dict[str, Any], windows: list[tuple[time, time]]) -> list[time]:
    if tours.get("times"):
        starts = [parse_clock(text) for text in tours["times"]]
        return [start for start in starts if any(open_ <= start < close for open_, close in windows)]
    step = tours.get("every_minutes")
    times: list[time] = []
    for open_, close in windows if step else []:
        moment = open_
        while moment < close:
            times.append(moment)
            following = _shift(moment, step)
            if following <= moment:  # passed midnight
                break
            moment = following
    return times


def opening(hours: dict[str, Any] | None, day: date) -> DayOpening:
    """How a site with ``hours`` opens on ``day``."""
    hours = hours or {"status": "unknown"}
    notes = [hours["note"]] if hours.get("note") else []
    holiday = french_public_holidays(day.year).get(day)
    status = hours.get("status", "unknown")
    if status == "unknown":
        return DayOpening(day, False, False, "opening hours unknown", "unknown", notes=notes, holiday=holiday)
    if status == "always_open":
        windows = [(time(0, 0), time(23, 59))]
        return DayOpening(
            day, True, True, "always open (free access)", "always_open", windows, notes=notes, holiday=holiday
        )

    def closed(rule: str, reason: str) -> DayOpening:
        return DayOpening(day, False, True, rule, reason, notes=notes, holiday=holiday)

    for closure in hours.get("closures") or []:
        if in_range(day, *_closure_span(closure)):
            if closure.get("label"):
                notes = [*notes, closure["label"]]
            return closed(_describe_closure(closure), "closure")

    period = _period_for(hours.get("periods") or [], day)
    holiday_closes = (
        _holiday_closes(hours.get("public_holidays", "as_periods"), day, holiday) if holiday else None
    )
    if holiday_closes:
        return closed(f"closed on public holidays ({holiday})", "holiday_closed")
    if period is None:
        return closed("no opening period contains this date", "outside_periods")
    span = f"period {period['from']}..{period['to']}"
    if holiday_closes is False and period["open"]:
        rule, reason = f"open on public holidays ({holiday}), hours of {span}", "holiday_open"
    elif not opens_on(period, day) or not period["open"]:
        return closed(f"closed on {WEEKDAY_NAMES[day.weekday()]} ({span})", "weekday_closed")
    else:
        rule, reason = f"open on {WEEKDAY_NAMES[day.weekday()]} ({span})", "period_open"

    windows = [parse_window(text) for text in period["open"]]
    last_minutes = hours.get("last_entry_minutes")
    last_entry = _shift(windows[-1][1], -last_minutes) if last_minutes else None
    tours = hours.get("guided_tours") or {}
    guided = _guided_times(tours, windows) if tours.get("only") else []
    if tours.get("only"):
        rule += ", guided tours only"
        if tours.get("note"):
            notes = [*notes, tours["note"]]
    booking = tours.get("booking") if tours.get("booking") in ("required", "advised") else None
    if tours.get("only") and not guided:
        return DayOpening(
            day, False, True, rule + ": no tour that day", "no_guided_tour", notes=notes, holiday=holiday
        )
    return DayOpening(day, True, True, rule, reason, windows, last_entry, guided, booking, notes, holiday)


def is_open_at(hours: dict[str, Any] | None, when: datetime) -> bool | None:
    """Whether the site is open at ``when`` (None when its hours are unknown)."""
    day = opening(hours, when.date())
    if not day.known:
        return None
    moment = when.time()
    return any(open_ <= moment < close for open_, close in day.windows)
