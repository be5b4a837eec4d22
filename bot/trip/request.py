"""What a visitor asks for, and what the trip layer answers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from bot.geocoding import Location
from bot.knowledge import EventOccurrence, Party, PriceQuote, Site, Theme

# Dates further than this from today are not planned or shown: no hours are known so far ahead, and
# 31/12/9999 or 0001-01-01 would take the calendar past its ends.
MAX_YEARS_AWAY = 2


def within_reach(day: date, today: date) -> bool:
    """Whether ``day`` is less than ``MAX_YEARS_AWAY`` years from ``today``, before or after."""
    return abs((day - today).days) <= MAX_YEARS_AWAY * 366


@dataclass(frozen=True)
class TripRequest:
    start_text: str | None = None  # with a start_point, only its name ("your location")
    start_point: tuple[float, float] | None = None  # (lat, lon), e.g. a shared GPS location
    themes: tuple[str, ...] = ()
    first_date: date | None = None  # default: tomorrow
    days: int = 1
    minutes_per_day: int | None = None  # a time budget shorter than the day, e.g. 120 for "2 hours"
    day_start: str = "09:30"
    day_end: str = "18:00"
    lunch: bool = True
    mode: str = "car"
    party: Party = field(default_factory=Party)
    wheelchair: bool = False
    exclude: tuple[str, ...] = ()
    # Sites the visitor named ("Vimy and Wellington"): in the circuit if they fit.
    wanted: tuple[str, ...] = ()
    lang: str = "fr"
    # Where the visitor sleeps after each day when they move on ("we sleep in Amiens then Arras"):
    # day N ends there and day N + 1 starts there; the last one holds for the remaining days.
    # Empty: back to the start every evening.
    nights: tuple[str, ...] = ()
    # A pace the visitor asks for ("no more than two stops a day"): at most this many visits a day.
    max_visits_per_day: int | None = None


def whole_minute(minutes: float) -> int:
    """Half up, not Python's half-to-even: 633.5 and 738.5 must give 634 and 739, or a 105-minute
    visit would show as 104 minutes."""
    return math.floor(minutes + 0.5)


def clock_of(minutes: float) -> str:
    """Minutes after midnight as HH:MM."""
    minutes = whole_minute(minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class Visit:
    site: Site
    arrive: int  # minutes after midnight
    start: int
    end: int
    travel_minutes: int
    price: PriceQuote
    # Codes (``VISIT_WARNINGS``), worded by ``bot.texts.plans``: "hours_unknown", "booking_required"...
    warnings: list[str] = field(default_factory=list)


# What a visit's warnings may say, in the order they are given.
VISIT_WARNINGS = (
    "wheelchair_partial",
    "wheelchair_unknown",
    "hours_unknown",
    "hours_unconfirmed",
    "guided_only",
    "booking_required",
    "booking_advised",
    "duration_unknown",
)


@dataclass
class DayPlan:
    date: date
    visits: list[Visit]
    return_travel_minutes: int
    back_at: int
    lunch_at: int | None
    links: dict[str, list[str]]
    # Where the day starts and ends when the visitor moves on (``TripRequest.nights``); None: the
    # trip's start.
    start: Location | None = None
    end: Location | None = None


@dataclass
class LaterDates:
    """Dates when more of some sites are known to be open: a few in the next two weeks, or failing
    that the reopening that comes first, with the sites it reopens."""

    dates: list[date]
    reopening: bool = False
    reopened: list[Site] = field(default_factory=list)


@dataclass
class Closure:
    """Why sites are left out on ``date``: ``closed`` that day, or ``hours_unknown`` (left out on a
    public holiday, not said closed: nobody knows); ``later``: when more of them are open."""

    date: date
    closed: list[Site]
    hours_unknown: list[Site]
    later: LaterDates | None = None


@dataclass
class TripPlan:
    request: TripRequest  # as planned: a time budget shorter than the day placed in it (day_start/end)
    start: Location  # ``name`` empty for a point given without one (a shared location)
    days: list[DayPlan]
    estimated_times: bool
    events: list[EventOccurrence]  # on the trip's dates, at its sites or regional
    website_link: str
    # Days when most of the interesting sites cannot be visited, and why.
    closures: list[Closure] = field(default_factory=list)
    next_dates: list[date] = field(default_factory=list)  # better dates when most sites are closed
    # Set when every matching site fits in fewer days than asked: the days left empty are not planned.
    days_needed: int | None = None
    # Days of a shared circuit that no longer fit the opening hours (timed anyway, ignoring them).
    no_longer_fits: list[date] = field(default_factory=list)

    @property
    def visit_count(self) -> int:
        return sum(len(day.visits) for day in self.days)

    def to_dict(self) -> dict:
        """JSON for the website, worded in the request's language: ``bot.texts.plans.plan_json``.

        A bridge for ``bot/webapp.py``, which still calls it: the words are not the trip layer's, so
        they are imported only when asked for (ARCHITECTURE.md, "Module rules")."""
        from bot.texts.plans import plan_json

        return plan_json(self)


@dataclass(frozen=True)
class Alternative:
    """A change of the request that gives a circuit: ``kind`` is date | themes | hours | mode."""

    kind: str
    value: str  # the new value: "2026-07-02", "ww2", "4" (hours a day; "" for a full day), "car"
    sites: tuple[Site, ...]  # what the circuit it gives visits, in order
    theme: Theme | None = None  # for ``themes``


@dataclass(frozen=True)
class TransitAccess:
    """A matching site near the start, and how far; ``closed_on``: dates asked when it is closed."""

    site: Site
    km: float
    closed_on: tuple[date, ...] = ()


@dataclass
class TripProblem:
    """Why no circuit could be made: ``code`` says which case, with what may help."""

    # no_start | unknown_start | ambiguous_start | nothing_matches | all_closed | too_far | no_timetables
    code: str
    request: TripRequest
    candidates: list[Location] = field(default_factory=list)  # the places meant, or close names
    alternatives: list[Alternative] = field(default_factory=list)  # changes that give a circuit
    next_dates: list[date] = field(default_factory=list)
    place: str | None = None  # the place not understood, when it is a night's stay and not the start
    closest: tuple[Site, int] | None = None  # too_far: the nearest matching site, minutes away
    closure: Closure | None = None  # all_closed: why, and when they open
    transit: list[TransitAccess] = field(default_factory=list)  # no_timetables: the nearest sites
