"""Counter mode: a tourism office's staff plan a circuit for the visitor at the desk, change it, and
hand it over (printed or e-mailed, ``bot.console.handout``).

The form is read into the planner's ``TripRequest``; the circuit then travels as the website's
shareable link (``CircuitSpec``: start, date, mode, site ids per day, nights' stays), which every change edits and
``schedule_circuit`` times again. Prices are the visitor's party's; the budget is checked against
their total (the planner does not choose sites by price).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from bot.console.problems import Problems
from bot.knowledge import KnowledgeBase, Party
from bot.texts.plans import plan_json
from bot.trip import MAX_DAYS, CircuitSpec, TripPlan, TripRequest, parse_circuit_link
from bot.trip.request import within_reach

MODES = ("car", "bike", "foot")
HANDOUT_LANGUAGES = ("fr", "en", "de", "nl")
# Site texts exist in French and English; German and Dutch visitors read the English ones.
CONTENT_LANGUAGE = {"fr": "fr", "en": "en", "de": "en", "nl": "en"}
MAX_PARTY = 60
MAX_AGE = 17
MAX_BUDGET = 100_000.0
MAX_TEXT = 200


class FormError(Problems):
    """A form or circuit that cannot be planned."""


@dataclass(frozen=True)
class Visitor:
    """Who the circuit is for: their party, their language, their budget for the whole circuit."""

    party: Party
    lang: str
    budget: float | None = None


def _integer(form: dict, name: str, low: int, high: int, default: int, problems: list[str]) -> int:
    value = form.get(name, default)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high or str(number) != str(value).strip():
        problems.append(f"{name}: a whole number from {low} to {high}")
        return default
    return number


def read_visitor(form: dict, problems: list[str]) -> Visitor:
    """The party, language and budget of the form (or of a handout's query)."""
    adults = _integer(form, "adults", 0, MAX_PARTY, 1, problems)
    ages_text = form.get("child_ages") or ""
    ages: list[int] = []
    for part in str(ages_text).replace(";", ",").split(","):
        if part.strip():
            try:
                ages.append(int(part))
            except ValueError:
                problems.append("child_ages: ages separated by commas, e.g. 8, 12")
                break
    if any(not 0 <= age <= MAX_AGE for age in ages):
        problems.append(f"child_ages: ages from 0 to {MAX_AGE}")
    children = _integer(form, "children", 0, MAX_PARTY, len(ages), problems)
    if ages and len(ages) != children:
        problems.append("child_ages: one age per child")
    if adults + children == 0:
        problems.append("adults: at least one visitor")
    lang = form.get("lang") or "fr"
    if lang not in HANDOUT_LANGUAGES:
        problems.append(f"lang: one of {', '.join(HANDOUT_LANGUAGES)}")
        lang = "fr"
    budget = form.get("budget")
    if budget in (None, ""):
        budget = None
    else:
        try:
            budget = float(budget)
        except (TypeError, ValueError):
            budget = -1.0
        if not 0 <= budget <= MAX_BUDGET:
            problems.append(f"budget: euros from 0 to {MAX_BUDGET:.0f}")
            budget = None
    party = Party(adults=adults, children=children, child_ages=tuple(ages))
    return Visitor(party, lang, budget)


def read_form(form: dict, kb: KnowledgeBase, today: date) -> tuple[TripRequest, Visitor]:
    """The counter form (start, first date, days, themes, party, mode, wheelchair, budget) as a
    planner request; FormError lists every field to correct."""
    problems: list[str] = []
    start = str(form.get("start") or "").strip()
    if not start or len(start) > MAX_TEXT:
        problems.append(f"start: a town, station or address (at most {MAX_TEXT} characters)")
    try:
        first = date.fromisoformat(str(form.get("date") or (today + timedelta(days=1)).isoformat()))
        if first < today or not within_reach(first, today):
            raise ValueError
    except ValueError:
        problems.append("date: a day from today on, written YYYY-MM-DD")
        first = today
    days = _integer(form, "days", 1, MAX_DAYS, 1, problems)
    themes = form.get("themes") or []
    if isinstance(themes, str):
        themes = [part for part in themes.split(",") if part]
    known = {theme.id for theme in kb.themes()}
    if not isinstance(themes, list) or not set(themes) <= known:
        problems.append("themes: theme ids of the knowledge base")
        themes = []
    mode = form.get("mode") or "car"
    if mode not in MODES:
        problems.append(f"mode: one of {', '.join(MODES)}")
    visitor = read_visitor(form, problems)
    if problems:
        raise FormError(problems)
    request = TripRequest(
        start_text=start,
        themes=tuple(themes),
        first_date=first,
        days=days,
        mode=mode,
        party=visitor.party,
        wheelchair=bool(form.get("wheelchair")),
        lang=CONTENT_LANGUAGE[visitor.lang],
    )
    return request, visitor


def circuit_query(plan: TripPlan) -> str:
    """The circuit as the query of its website link (what ``parse_circuit_link`` reads)."""
    return urlsplit(plan.website_link).query


def read_spec(data: dict[str, Any]) -> CircuitSpec:
    """The circuit as the console's page sends it after a change: ``{"circuit": <link query>,
    "days": [[site id, ...], ...]}`` (days in their new order); FormError when it is not one."""
    query = data.get("circuit")
    if not isinstance(query, str) or len(query) > 4000:
        raise FormError(["circuit: the circuit's link query"])
    try:
        spec = parse_circuit_link(query)
    except ValueError as error:
        raise FormError([f"circuit: {error}"]) from None
    days = data.get("days", spec.days)
    if not isinstance(days, list) or not all(
        isinstance(day, list) and all(isinstance(site, str) and len(site) <= MAX_TEXT for site in day)
        for day in days
    ):
        raise FormError(["days: lists of site ids, one list per day"])
    if not any(days):
        raise FormError(["days: at least one site"])
    return replace(spec, days=days)


def priced(plan: TripPlan, kb: KnowledgeBase, visitor: Visitor) -> dict[str, Any]:
    """The circuit as JSON for the page, with the visitor party's price of each visit, the total, and
    whether it goes over the budget."""
    data = plan_json(plan)
    total, missing = 0.0, False
    for day_data, day in zip(data["days"], plan.days, strict=True):
        for visit_data, visit in zip(day_data["visits"], day.visits, strict=True):
            quote = kb.price(visit.site.id, visitor.party)
            visit_data["price_total"], visit_data["price_known"] = quote.total, quote.known
            missing = missing or quote.total is None or bool(quote.missing)
            total += quote.total or 0.0
    data["circuit"] = circuit_query(plan)
    data["total"] = {"amount": round(total, 2), "complete": not missing}
    data["budget"] = visitor.budget
    data["over_budget"] = visitor.budget is not None and total > visitor.budget
    return data
