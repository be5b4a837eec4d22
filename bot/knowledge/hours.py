"""Opening hours of one day, from a site's ``hours`` block (format: knowledge/README.md).

Rules are applied in this order, and the first that applies decides:
  1. status unknown / always_open;
  2. annual or dated closures (``closures``) that surely cover the day;
  3. French public holidays, per ``public_holidays``: closed, open, or (not stated by a source) unknown;
  4. a closure that may cover the day (a bound such as "mid-10" whose exact day of that year no source
     gives): unknown;
  5. the FIRST seasonal period containing the day and opening on its weekday (else the first
     containing it): open on its ``days``, with its ``open`` windows.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from bot.knowledge.model import DayOpening, NextOpening, Texts

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Codes of DayOpening.reason
REASONS = (
    "unknown",
    "always_open",
    "closure",
    "holiday_closed",
    "holiday_open",
    "holiday_unknown",
    "closure_dates_unknown",
    "period_unknown",
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

# Yearly bounds that sources give as a part of a month ("mi-avril", "from mid-October"): the day
# changes every year, within these days of the month. "mid-04" is some day from 11 to 20 April.
VAGUE_DAYS = {"early": (1, 10), "mid": (11, 20)}


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


def _bound_order(text: str) -> tuple[int, int]:
    """(month, first possible day) of a yearly bound "MM-DD" or "mid-MM", to compare bounds."""
    head, _, tail = text.partition("-")
    return (int(tail), VAGUE_DAYS[head][0]) if head in VAGUE_DAYS else (int(head), int(tail))


def _bound_days(text: str, year: int, starts: bool) -> tuple[date, date]:
    """Earliest and latest day of ``year`` a yearly bound may fall on ("02-29" in other years: the
    closest existing day inside the span)."""
    head, _, tail = text.partition("-")
    if head in VAGUE_DAYS:
        first, last = VAGUE_DAYS[head]
        return date(year, int(tail), first), date(year, int(tail), last)
    if (head, tail) == ("02", "29") and not calendar.isleap(year):
        day = date(year, 3, 1) if starts else date(year, 2, 28)
    else:
        day = date(year, int(head), int(tail))
    return day, day


def closure_cover(closure: dict[str, Any], day: date) -> str | None:
    """Whether ``closure`` covers ``day``: "surely", "maybe" (a vague bound such as "mid-10" whose
    exact day that year no source gives in the closure's ``exact`` list) or None."""
    if "easter" in closure:  # a movable day, e.g. -48: the Monday before Shrove Tuesday
        return "surely" if day == easter_sunday(day.year) + timedelta(days=closure["easter"]) else None
    start, end = _closure_span(closure)
    if closure.get("dates_unknown"):  # "closed a few weeks after Christmas": any day of the span may be
        return "maybe" if closure_cover({"from": start, "to": end}, day) else None
    if len(start) == 10:  # one-off, with the year
        return "surely" if in_range(day, start, end) else None
    wraps = int(_bound_order(start) > _bound_order(end))
    exact = [
        (key, date.fromisoformat(entry[key]))
        for entry in closure.get("exact") or []
        for key in ("from", "to")
        if key in entry
    ]
    cover = None
    for year in (day.year - 1, day.year):  # the occurrence starting that year
        first = _bound_days(start, year, starts=True)
        last = _bound_days(end, year + wraps, starts=False)
        for key, when in exact:
            if key == "from" and when.year == year:
                first = (when, when)
            elif key == "to" and when.year == year + wraps:
                last = (when, when)
        if first[1] <= day <= last[0]:
            return "surely"
        if first[0] <= day <= last[1]:
            cover = "maybe"
    return cover


def _describe_closure(closure: dict[str, Any]) -> str:
    start, end = _closure_span(closure) if "easter" not in closure else (f"easter{closure['easter']:+d}",) * 2
    span = start if start == end else f"{start}..{end}"
    label = (closure.get("label") or {}).get("en")
    return f"closure {span}" + (f" ({label})" if label else "")


def _names(listed: Any, day: date, holiday: str) -> bool:
    return listed == "all" or (isinstance(listed, list) and (holiday in listed or month_day(day) in listed))


def _holiday_rule(policy: Any, day: date, holiday: str) -> str | None:
    """What a source says of the site on that public holiday: "closed", "open" (as an ordinary day
    of the period), "open_every_weekday" (with the period's hours even on a weekday it closes), or
    None when no source says (the day is then unknown)."""
    if policy == "closed":
        return "closed"
    if not isinstance(policy, dict):
        return None
    if _names(policy.get("closed"), day, holiday):
        return "closed"
    opens = policy.get("open")
    if opens == "others" or _names(opens, day, holiday):
        return "open_every_weekday" if policy.get("open_on_closed_weekdays") else "open"
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
    weekday, days = WEEKDAYS[day.weekday()], period.get("days") or []
    return weekday in days or f"{weekday}{(day.day - 1) // 7 + 1}" in days


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

    def unknown(rule: str, reason: str, note: Texts | None = None) -> DayOpening:
        with_note = [*notes, note] if note else notes
        return DayOpening(day, False, False, rule, reason, notes=with_note, holiday=holiday)

    covers = [(closure, closure_cover(closure, day)) for closure in hours.get("closures") or []]
    for closure, cover in covers:
        if cover == "surely":
            if closure.get("label"):
                notes = [*notes, closure["label"]]
            return closed(_describe_closure(closure), "closure")

    period = _period_for(hours.get("periods") or [], day)
    if period is None:
        return closed("no opening period contains this date", "outside_periods")
    span = f"period {period['from']}..{period['to']}"
    if period.get("status") == "unknown":  # e.g. a month the sources disagree about
        return unknown(f"hours unknown in {span}", "period_unknown", period.get("label"))
    if not period["open"]:  # a closed season: closed on its public holidays too
        return closed(f"closed on {WEEKDAY_NAMES[day.weekday()]} ({span})", "weekday_closed")
    holiday_rule = _holiday_rule(hours.get("public_holidays"), day, holiday) if holiday else None
    if holiday_rule == "closed":
        return closed(f"closed on public holidays ({holiday})", "holiday_closed")
    if holiday and holiday_rule is None:
        return unknown(f"no source says whether it opens on public holidays ({holiday})", "holiday_unknown")
    for closure, cover in covers:
        if cover == "maybe":
            rule = f"{_describe_closure(closure)} may cover this day: its exact dates in {day.year} are not known"
            return unknown(rule, "closure_dates_unknown", closure.get("label"))
    if holiday_rule == "open_every_weekday":
        rule, reason = f"open on public holidays ({holiday}), hours of {span}", "holiday_open"
    elif not opens_on(period, day):
        return closed(f"closed on {WEEKDAY_NAMES[day.weekday()]} ({span})", "weekday_closed")
    else:
        rule, reason = f"open on {WEEKDAY_NAMES[day.weekday()]} ({span})", "period_open"

    holiday_windows = (hours.get("public_holidays") or {}) if holiday_rule else {}
    windows = [parse_window(text) for text in holiday_windows.get("open_hours") or period["open"]]
    last_entry = _last_entry(hours, windows[-1][1])
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


def _last_entry(hours: dict[str, Any], closing: time) -> time | None:
    """The last admission: ``last_entry_minutes`` before closing, or the ticket office's ``last_entry``
    time (e.g. "17:00"), whichever is earlier; None when no source gives one."""
    candidates = []
    if hours.get("last_entry_minutes"):
        candidates.append(_shift(closing, -hours["last_entry_minutes"]))
    if hours.get("last_entry"):
        candidates.append(min(parse_clock(hours["last_entry"]), closing))
    return min(candidates, default=None)


# How far ahead the next opening is looked for: a seasonal site may stay closed for the whole winter.
NEXT_OPENING_DAYS = 400


def next_opening(hours: dict[str, Any] | None, after: date | datetime) -> NextOpening | None:
    """The first opening window after ``after``: a moment counts that day's windows starting later,
    a date starts from the next day. None when none is known within ``NEXT_OPENING_DAYS``."""
    if isinstance(after, datetime):
        first, later_than = after.date(), after.time()
    else:
        first, later_than = after + timedelta(days=1), None
    unknown_from = None
    for offset in range(NEXT_OPENING_DAYS):
        day = first + timedelta(days=offset)
        found = opening(hours, day)
        if not found.known:
            unknown_from = unknown_from or day
        for window in found.windows if found.is_open else ():
            if later_than is None or offset > 0 or window[0] > later_than:
                return NextOpening(day, window, unknown_from)
    return None


def is_open_at(hours: dict[str, Any] | None, when: datetime) -> bool | None:
    """Whether the site is open at ``when`` (None when its hours are unknown)."""
    day = opening(hours, when.date())
    if not day.known:
        return None
    moment = when.time()
    return any(open_ <= moment < close for open_, close in day.windows)
