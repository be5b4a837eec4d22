"""What a visitor asks for, and what the trip layer answers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from bot.geocoding import Location
from bot.knowledge import Party, PriceQuote, Site

# Dates further than this from today are not planned or shown: no hours are known so far ahead, and
# 31/12/9999 or 0001-01-01 would take the calendar past its ends.
MAX_YEARS_AWAY = 2


def within_reach(day: date, today: date) -> bool:
    """Whether ``day`` is less than ``MAX_YEARS_AWAY`` years from ``today``, before or after."""
    return abs((day - today).days) <= MAX_YEARS_AWAY * 366


@dataclass(frozen=True)
class TripRequest:
    start_text: str | None = None
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
    warnings: list[str] = field(default_factory=list)


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
class TripPlan:
    request: TripRequest  # as planned: a time budget shorter than the day placed in it (day_start/end)
    start: Location
    days: list[DayPlan]
    estimated_times: bool
    warnings: list[str]
    events: list[str]
    website_link: str
    next_dates: list[date] = field(default_factory=list)  # better dates when most sites are closed
    # Set when every matching site fits in fewer days than asked: the days left empty are not planned.
    days_needed: int | None = None

    @property
    def visit_count(self) -> int:
        return sum(len(day.visits) for day in self.days)

    def to_dict(self) -> dict:
        """JSON for the website and the bot's custom payload."""
        lang = self.request.lang
        return {
            "start": self.start.to_dict(),
            "mode": self.request.mode,
            "lang": lang,
            "estimated_times": self.estimated_times,
            "warnings": self.warnings,
            "events": self.events,
            "links": {"website": self.website_link},
            "next_dates": [day.isoformat() for day in self.next_dates],
            "days_needed": self.days_needed,
            "days": [
                {
                    "date": day.date.isoformat(),
                    "visits": [
                        {
                            "site_id": visit.site.id,
                            "name": visit.site.name_in(lang),
                            "member": visit.site.member,
                            "lat": visit.site.lat,
                            "lon": visit.site.lon,
                            "address": ", ".join(
                                part
                                for part in (visit.site.address, visit.site.postcode, visit.site.town)
                                if part
                            ),
                            "arrive": clock_of(visit.arrive),
                            "start": clock_of(visit.start),
                            "end": clock_of(visit.end),
                            "travel_minutes": visit.travel_minutes,
                            "price_total": visit.price.total,
                            "price_known": visit.price.known,
                            "warnings": visit.warnings,
                        }
                        for visit in day.visits
                    ],
                    "lunch_at": clock_of(day.lunch_at) if day.lunch_at is not None else None,
                    "return_travel_minutes": day.return_travel_minutes,
                    "back_at": clock_of(day.back_at),
                    "start": (day.start or self.start).to_dict(),
                    "end": (day.end or self.start).to_dict(),
                    "links": day.links,
                }
                for day in self.days
            ],
        }


@dataclass(frozen=True)
class Alternative:
    """A change of the request that gives a circuit: ``kind`` is date | themes | hours | mode."""

    kind: str
    value: str  # the new value: "2026-07-02", "ww2", "4", "car"
    text: str  # ready to show, in the request's language

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "text": self.text}


@dataclass
class TripProblem:
    """Why no circuit could be made: ``code`` says which case, with what may help."""

    code: str  # no_start | unknown_start | ambiguous_start | nothing_matches | all_closed | too_far
    request: TripRequest
    candidates: list[Location] = field(default_factory=list)  # the places meant, or close names
    alternatives: list[Alternative] = field(default_factory=list)  # changes that give a circuit
    next_dates: list[date] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # ready-to-show facts, e.g. the closest site
    place: str | None = None  # the place not understood, when it is a night's stay and not the start

    def to_dict(self) -> dict:
        return {
            "problem": self.code,
            "candidates": [candidate.to_dict() for candidate in self.candidates],
            "next_dates": [day.isoformat() for day in self.next_dates],
            "alternatives": [alternative.to_dict() for alternative in self.alternatives],
            "notes": self.notes,
        }
