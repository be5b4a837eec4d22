"""The words of a circuit and of why there is none, in the visitor's language.

The trip layer (``bot.trip``) answers with facts and codes: a ``TripPlan`` (visits with warning codes,
``closures``, ``events``, ``days_needed``...) or a ``TripProblem`` (``code``, ``closest``, ``closure``,
``transit``, ``alternatives``). This module is the one place that words them: the chat message
(``render_plan``, ``render_problem``), the website's JSON (``plan_json``, ``problem_json``) and the
lines a calendar export shows (``visit_warning_texts``). Formatting of dates, prices, distances and
modes comes from ``bot.texts.formats``.
"""

from __future__ import annotations

from datetime import date

from bot.geocoding import Location
from bot.knowledge import Site
from bot.texts import t, tn
from bot.texts.formats import format_date, format_dates, format_km, format_price, mode_label, mode_name
from bot.trip.request import Alternative, Closure, LaterDates, TripPlan, TripProblem, Visit, clock_of

SITE_NAMES_SHOWN = 4  # sites closed on a day, reopened
VISIT_NAMES_SHOWN = 3  # what an alternative's circuit visits


def start_name(place: Location, lang: str) -> str:
    """The name of where the circuit starts: a point given without one is the visitor's location
    (shared in the chat) or the link's starting point."""
    if place.name:
        return place.name
    return t(lang, "circuit.your_location" if place.source == "gps" else "circuit.shared_start")


def visit_warning_texts(visit: Visit, lang: str) -> list[str]:
    """What to check before the visit (``Visit.warnings`` codes), in words."""
    return [t(lang, f"circuit.warning_{code}") for code in visit.warnings]


def plan_warnings(plan: TripPlan, lang: str | None = None) -> list[str]:
    """The circuit's notes: days of a shared circuit that no longer fit, fewer days enough, days when
    most sites are closed (and better dates), estimated travel times."""
    lang = lang or plan.request.lang
    warnings = [
        t(lang, "circuit.warning_shared_no_longer_fits", date=day.isoformat()) for day in plan.no_longer_fits
    ]
    if plan.days_needed is not None:
        asked, days = plan.request.days, plan.days_needed
        warnings.append(tn(lang, "circuit.fewer_days_enough", days, days=days, asked=asked))
    for closure in plan.closures:
        header = t(lang, "circuit.warning_many_closed", date=format_date(closure.date, lang))
        warnings.append(" ".join([header, *_why_left_out(closure, lang)]))
        if closure.later:
            warnings.append(_later_dates_text(closure.later, lang))
    if plan.estimated_times:
        warnings.append(t(lang, "circuit.warning_estimated_times"))
    return warnings


def event_texts(plan: TripPlan, lang: str | None = None) -> list[str]:
    lang = lang or plan.request.lang
    return [
        t(lang, "circuit.event", date=format_date(occurrence.date, lang), name=occurrence.event.name_in(lang))
        for occurrence in plan.events
    ]


def render_plan(plan: TripPlan, lang: str | None = None) -> str:
    """The circuit day by day: times, travel, prices, warnings, map links (``lang``: the request's)."""
    lang = lang or plan.request.lang
    start = start_name(plan.start, lang)
    lines = [t(lang, "circuit.intro", start=start, mode=mode_name(plan.request.mode, lang))]
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
            lines += [f"   ⚠ {warning}" for warning in visit_warning_texts(visit, lang)]
        if lunch_pending:
            lines.append(t(lang, "circuit.lunch", time=clock_of(day.lunch_at)))
        end = start_name(day.end, lang) if day.end else start
        lines.append(
            t(lang, "circuit.back", start=end, time=clock_of(day.back_at), travel=day.return_travel_minutes)
        )
        lines += [t(lang, "circuit.map_link", url=url) for url in day.links["google"]]
        lines += [t(lang, "circuit.map_link_osm", url=url) for url in day.links.get("osrm", [])]
    events = event_texts(plan, lang)
    if events:
        lines += ["", t(lang, "circuit.events_header"), *events]
    lines += [
        "",
        *plan_warnings(plan, lang),
        t(lang, "circuit.check_official"),
        t(lang, "circuit.website_link", url=plan.website_link),
    ]
    return "\n".join(lines)


def problem_notes(problem: TripProblem, lang: str | None = None) -> list[str]:
    """The facts that explain the problem: the closest site, why the sites are closed and when they
    open, how to reach the nearest sites without a car."""
    lang = lang or problem.request.lang
    notes = []
    if problem.closest:
        site, minutes = problem.closest
        mode = mode_name(problem.request.mode, lang)
        notes.append(t(lang, "circuit.closest_site", name=site.name_in(lang), minutes=minutes, mode=mode))
    if problem.closure:
        notes += _why_left_out(problem.closure, lang)
        if problem.closure.later:
            notes.append(_later_dates_text(problem.closure.later, lang))
    for access in problem.transit:
        how = (access.site.public_transport or {}).get(lang) or t(lang, "circuit.transit_unknown")
        km = format_km(access.km, lang)
        line = t(lang, "circuit.transit_site", name=access.site.name_in(lang), km=km, access=how)
        if access.closed_on:
            line += " " + t(lang, "circuit.transit_closed", dates=format_dates(list(access.closed_on), lang))
        notes.append(line)
    return notes


def alternative_text(alternative: Alternative, lang: str) -> str:
    """A change that gives a circuit, and what that circuit visits: "On the theme "WW2": …"."""
    names = _names(alternative.sites, lang, VISIT_NAMES_SHOWN, count_the_rest=True)
    if alternative.kind == "date":
        return t(
            lang,
            "circuit.alternative_date",
            date=format_date(date.fromisoformat(alternative.value), lang),
            names=names,
        )
    if alternative.kind == "hours" and alternative.value:
        return t(lang, "circuit.alternative_hours", hours=alternative.value, names=names)
    if alternative.kind == "hours":
        return t(lang, "circuit.alternative_full_day", names=names)
    if alternative.kind == "mode":
        return t(lang, "circuit.alternative_mode", mode=mode_label(alternative.value, lang), names=names)
    return t(lang, "circuit.alternative_theme", theme=alternative.theme.label_in(lang), names=names)


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
    lines += problem_notes(problem, lang)
    if problem.alternatives:
        lines.append(t(lang, "circuit.alternatives_header"))
        lines += [f"- {alternative_text(alternative, lang)}" for alternative in problem.alternatives]
    return "\n".join(lines)


def plan_json(plan: TripPlan) -> dict:
    """The circuit as JSON for the website and the bot's custom payload, worded in its language."""
    lang = plan.request.lang
    start = {**plan.start.to_dict(), "name": start_name(plan.start, lang)}
    return {
        "start": start,
        "mode": plan.request.mode,
        "lang": lang,
        "estimated_times": plan.estimated_times,
        "warnings": plan_warnings(plan, lang),
        "events": event_texts(plan, lang),
        "links": {"website": plan.website_link},
        "next_dates": [day.isoformat() for day in plan.next_dates],
        "days_needed": plan.days_needed,
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
                        "warnings": visit_warning_texts(visit, lang),
                    }
                    for visit in day.visits
                ],
                "lunch_at": clock_of(day.lunch_at) if day.lunch_at is not None else None,
                "return_travel_minutes": day.return_travel_minutes,
                "back_at": clock_of(day.back_at),
                "start": {**day.start.to_dict(), "name": start_name(day.start, lang)} if day.start else start,
                "end": {**day.end.to_dict(), "name": start_name(day.end, lang)} if day.end else start,
                "links": day.links,
            }
            for day in plan.days
        ],
    }


def problem_json(problem: TripProblem) -> dict:
    """Why there is no circuit, as JSON (``python -m bot plan --json``)."""
    lang = problem.request.lang
    return {
        "problem": problem.code,
        "candidates": [candidate.to_dict() for candidate in problem.candidates],
        "next_dates": [day.isoformat() for day in problem.next_dates],
        "alternatives": [
            {
                "kind": alternative.kind,
                "value": alternative.value,
                "text": alternative_text(alternative, lang),
            }
            for alternative in problem.alternatives
        ],
        "notes": problem_notes(problem, lang),
    }


def _why_left_out(closure: Closure, lang: str) -> list[str]:
    sentences = []
    if closure.closed:
        sentences.append(t(lang, "circuit.closed_sites", names=_names(closure.closed, lang)))
    if closure.hours_unknown:
        sentences.append(
            t(lang, "circuit.hours_unknown_on_holiday", names=_names(closure.hours_unknown, lang))
        )
    return sentences


def _later_dates_text(later: LaterDates, lang: str) -> str:
    """A few dates soon, or the reopening that comes first, with its sites."""
    if not later.reopening:
        return t(lang, "circuit.problem_next_dates", dates=format_dates(later.dates, lang))
    return t(
        lang,
        "circuit.problem_reopening",
        date=format_date(later.dates[0], lang),
        names=_names(later.reopened, lang),
    )


def _names(
    sites: list[Site] | tuple[Site, ...],
    lang: str,
    shown: int = SITE_NAMES_SHOWN,
    count_the_rest: bool = False,
) -> str:
    """The first ``shown`` names; with ``count_the_rest``, how many more: "A, B, C (+2)"."""
    names = ", ".join(site.name_in(lang) for site in sites[:shown])
    return names + (f" (+{len(sites) - shown})" if count_the_rest and len(sites) > shown else "")
