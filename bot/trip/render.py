"""A circuit, or why there is none, as a message in the visitor's language."""

from __future__ import annotations

from datetime import date

from bot.knowledge import PriceQuote
from bot.texts import choices, t
from bot.trip.request import TripPlan, TripProblem, clock_of


def format_date(day: date, lang: str) -> str:
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


def format_km(km: float, lang: str) -> str:
    """A distance as visitors read it: one decimal under 10 km, French decimal comma."""
    text = f"{km:.1f}" if km < 10 else f"{km:.0f}"
    return text.replace(".", ",") if lang == "fr" else text


def format_price(price: PriceQuote, lang: str) -> str:
    if price.total is None:
        return t(lang, "circuit.price_unknown")
    amount = f"{price.total:.2f}".replace(".00", "")
    if lang == "fr":
        amount = amount.replace(".", ",")
    if price.missing:
        return t(lang, "circuit.price_partly_unknown", amount=amount)
    if price.total == 0:
        return t(lang, "circuit.price_free")
    return t(lang, "circuit.price_total", amount=amount)


def render_plan(plan: TripPlan, lang: str | None = None) -> str:
    """The circuit day by day: times, travel, prices, warnings, map links (``lang``: the request's)."""
    lang = lang or plan.request.lang
    lines = [
        t(lang, "circuit.intro", start=plan.start.name, mode=t(lang, f"circuit.mode_{plan.request.mode}"))
    ]
    for number, day in enumerate(plan.days, start=1):
        lines += ["", t(lang, "circuit.day_header", number=number, date=format_date(day.date, lang))]
        if not day.visits:
            lines.append(t(lang, "circuit.no_visit_that_day"))
            continue
        lunch_pending = day.lunch_at is not None
        for visit in day.visits:
            if lunch_pending and day.lunch_at < visit.start:
                lines.append(t(lang, "circuit.lunch", time=clock_of(day.lunch_at)))
                lunch_pending = False
            lines.append(
                t(
                    lang,
                    "circuit.visit" if visit.travel_minutes else "circuit.visit_next_door",
                    start=clock_of(visit.start),
                    end=clock_of(visit.end),
                    name=visit.site.name_in(lang),
                    travel=visit.travel_minutes,
                    price=format_price(visit.price, lang),
                )
            )
            lines += [f"   ⚠ {warning}" for warning in visit.warnings]
        if lunch_pending:
            lines.append(t(lang, "circuit.lunch", time=clock_of(day.lunch_at)))
        lines.append(
            t(
                lang,
                "circuit.back",
                start=(day.end or plan.start).name,
                time=clock_of(day.back_at),
                travel=day.return_travel_minutes,
            )
        )
        lines += [t(lang, "circuit.map_link", url=url) for url in day.links["google"]]
        lines += [t(lang, "circuit.map_link_osm", url=url) for url in day.links.get("osrm", [])]
    if plan.events:
        lines += ["", t(lang, "circuit.events_header"), *plan.events]
    lines += [
        "",
        *plan.warnings,
        t(lang, "circuit.check_official"),
        t(lang, "circuit.website_link", url=plan.website_link),
    ]
    return "\n".join(lines)


def render_problem(problem: TripProblem, lang: str | None = None) -> str:
    """Why there is no circuit, and the changes that would give one."""
    lang = lang or problem.request.lang
    place = problem.place or problem.request.start_text or ""
    names = ", ".join(candidate.label() for candidate in problem.candidates)
    if problem.code == "ambiguous_start":
        return t(lang, "circuit.problem_ambiguous_start", place=place, choices=names)
    lines = [t(lang, f"circuit.problem_{problem.code}", place=place)]
    if problem.code == "unknown_start" and problem.candidates:
        lines.append(t(lang, "circuit.problem_close_names", names=names))
    lines += problem.notes  # with the next open dates, worded by the planning that found them
    if problem.alternatives:
        lines.append(t(lang, "circuit.alternatives_header"))
        lines += [f"- {alternative.text}" for alternative in problem.alternatives]
    return "\n".join(lines)
