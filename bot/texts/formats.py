"""The one home of localised formatting: dates, prices, distances, durations, the party, the travel
mode, as the visitor reads them in French or English. Wording modules (``bot/texts/plans.py``,
``bot/conversation``) build their sentences from these; the templates are in ``bot/texts/{fr,en}``."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from bot.texts import choices, t, tn

if TYPE_CHECKING:  # facts read by attribute only: the texts layer imports nothing of the project
    from bot.knowledge import Party, PriceQuote


def format_date(day: date, lang: str) -> str:
    """ "samedi 11 novembre 2026" / "Saturday 11 November 2026"."""
    return t(
        lang,
        "circuit.date",
        weekday=choices(lang, "circuit.weekdays")[day.weekday()],
        day=day.day,
        month=choices(lang, "circuit.months")[day.month - 1],
        year=day.year,
    )


def format_dates(days: list[date], lang: str) -> str:
    return ", ".join(format_date(day, lang) for day in days)


def format_time(moment: time) -> str:
    """A time of day: "09:30" (24-hour clock, both languages)."""
    return moment.strftime("%H:%M")


def format_windows(windows: list[tuple[time, time]]) -> str:
    """Opening windows: "10:00–12:30, 14:00–18:00"."""
    return ", ".join(f"{format_time(opens)}–{format_time(closes)}" for opens, closes in windows)


def format_km(km: float, lang: str) -> str:
    """A distance as visitors read it: one decimal under 10 km, French decimal comma."""
    return _decimal_comma(f"{km:.1f}" if km < 10 else f"{km:.0f}", lang)


def format_number(value: float, lang: str) -> str:
    """An amount of euros without its sign: "7,50" / "7.50", whole euros without decimals."""
    return _decimal_comma(f"{value:.2f}".removesuffix(".00"), lang)


def format_amount(value: float, lang: str) -> str:
    """An amount as written in ``lang``: "7,50 €" / "€7.50"."""
    return t(lang, "dialogue.site.amount", amount=format_number(value, lang))


def format_price(price: PriceQuote, lang: str) -> str:
    """A quote's total for a visit: free, unknown, partly unknown, or the amount."""
    if price.total is None:
        return t(lang, "circuit.price_unknown")
    amount = format_number(price.total, lang)
    if price.missing:
        return t(lang, "circuit.price_partly_unknown", amount=amount)
    if price.total == 0:
        return t(lang, "circuit.price_free")
    return t(lang, "circuit.price_total", amount=amount)


def format_length(minutes: int) -> str:
    """A visit's length: "1 h 30", "2 h", "45 min" (the same in both languages)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours and rest else f"{hours} h" if hours else f"{rest} min"


def describe_party(party: Party, lang: str) -> str:
    """Who visits: "une classe de 25 élèves", "2 adults and 2 children", "1 adulte"."""
    if party.school:
        return t(lang, "dialogue.party.school", count=party.students)
    if party.group:
        return t(lang, "dialogue.party.group", count=party.adults)
    if party.children:
        return t(lang, "dialogue.party.family", adults=party.adults, children=party.children)
    return tn(lang, "dialogue.party.adults", party.adults)


def mode_name(mode: str, lang: str) -> str:
    """ "en voiture", "by bike": a travel mode inside a sentence."""
    return t(lang, f"circuit.mode_{mode}")


def mode_label(mode: str, lang: str) -> str:
    """ "En voiture", "By bike": a travel mode starting a line or a button title."""
    return capitalised(mode_name(mode, lang))


def capitalised(text: str) -> str:
    """A text written to go inside a sentence, starting a line instead."""
    return text[:1].upper() + text[1:]


def _decimal_comma(number: str, lang: str) -> str:
    return number.replace(".", ",") if lang == "fr" else number
