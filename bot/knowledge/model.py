"""Plain data types of the knowledge base, shared by every part of ``bot.knowledge``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

Texts = dict[str, str]  # language -> text, e.g. {"fr": "...", "en": "..."}


def in_language(texts: Texts | None, lang: str) -> str:
    """``texts`` in ``lang``, else in the other language, else ``""``."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("fr") or texts.get("en") or ""


@dataclass(frozen=True)
class Site:
    id: str
    member: bool
    name: Texts
    aliases: list[str]
    themes: list[str]
    description: Texts
    address: str | None
    postcode: str | None
    town: str | None
    lat: float | None
    lon: float | None
    website: str | None
    phone: str | None
    visit_minutes: int | None
    visit_minutes_estimated: bool
    languages: list[str] | None
    wheelchair: dict[str, Any] | None
    groups: dict[str, Any] | None
    schools: dict[str, Any] | None
    parking: Texts | None
    public_transport: Texts | None
    sources: list[str]
    hours: dict[str, Any] = field(repr=False, default_factory=dict)
    prices: dict[str, Any] = field(repr=False, default_factory=dict)
    location: dict[str, Any] = field(repr=False, default_factory=dict)
    verified_on: str | None = None
    open_air: bool = False  # outdoors: visited in daylight only

    def name_in(self, lang: str) -> str:
        return in_language(self.name, lang)

    def description_in(self, lang: str) -> str:
        return in_language(self.description, lang)

    @property
    def hours_unconfirmed(self) -> bool:
        """Known hours of low confidence (e.g. from an unofficial page only): visitors are told to check."""
        hours = self.hours or {}
        return hours.get("status") == "known" and hours.get("confidence") == "low"

    @property
    def prices_unconfirmed(self) -> bool:
        """Known prices of low confidence (e.g. old or unofficial): visitors are told to check."""
        prices = self.prices or {}
        return prices.get("status") in ("known", "free") and prices.get("confidence") == "low"


@dataclass(frozen=True)
class Theme:
    id: str
    label: Texts
    synonyms: dict[str, list[str]]
    parent: str | None

    def label_in(self, lang: str) -> str:
        return in_language(self.label, lang)


@dataclass(frozen=True)
class Event:
    id: str
    name: Texts
    rule: dict[str, Any]
    scope: str
    sites: list[str]
    themes: list[str]
    description: Texts
    source: str | None

    def name_in(self, lang: str) -> str:
        return in_language(self.name, lang)


@dataclass(frozen=True)
class EventOccurrence:
    date: date
    end: date  # same as ``date`` for one-day events
    event: Event
    sites: list[str]


@dataclass(frozen=True)
class DayOpening:
    """Whether a site opens on one day, and which rule of its hours decided it."""

    day: date
    is_open: bool
    known: bool  # False: the site's hours are unknown (is_open is then False and means nothing)
    rule: str  # human readable, English, for staff: "closed on Monday (period 10-01..03-31)"
    reason: str  # stable code for callers that word it themselves, see hours.REASONS
    windows: list[tuple[time, time]] = field(default_factory=list)
    last_entry: time | None = None
    guided_tour_times: list[time] = field(default_factory=list)
    booking: str | None = None  # "required" | "advised" | None
    notes: list[Texts] = field(default_factory=list)
    holiday: str | None = None  # id of the French public holiday falling that day, if any


@dataclass(frozen=True)
class NextOpening:
    """The first opening window after a moment (``KnowledgeBase.next_opening``): its ``day`` and
    ``window``; ``unknown_from``: the first day before it whose opening is unknown (it may open then)."""

    day: date
    window: tuple[time, time]
    unknown_from: date | None = None


@dataclass(frozen=True)
class Party:
    adults: int = 1
    children: int = 0
    child_ages: tuple[int, ...] = ()
    students: int = 0
    group: bool = False
    school: bool = False

    @property
    def size(self) -> int:
        return self.adults + self.children + self.students


@dataclass(frozen=True)
class PriceLine:
    kind: str  # adult | child | child_free | student | family | group | school | free
    count: int
    unit_price: float | None
    amount: float | None


@dataclass(frozen=True)
class PriceQuote:
    total: float | None
    known: bool
    lines: list[PriceLine] = field(default_factory=list)
    currency: str = "EUR"
    note: Texts | None = None
    missing: list[str] = field(default_factory=list)  # price fields that were needed but are unknown


@dataclass(frozen=True)
class Match:
    site: Site
    score: float  # 0..100
    matched: str  # the name or alias that matched best


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    kind: str  # commune | city | station | port
    admin: str
    population: int | None
    score: float = 100.0
    approximate: bool = False  # coordinates are the town centre, not the exact place


@dataclass(frozen=True)
class ValidationIssue:
    file: str
    site: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f" [{self.site}]" if self.site else "")
        return f"{where} {self.field}: {self.message}"


@dataclass(frozen=True)
class BuildReport:
    database: str
    sites: int
    members: int
    themes: int
    events: int
    places: int
    seconds: float
    size_bytes: int
