"""The handout given to a visitor at the tourism office: the circuit on one printable page in their
language (FR/EN/DE/NL), with a map drawn from the sites' coordinates (no tiles: it prints offline),
times, prices for their party, contacts, and a QR code of the circuit's website link.

The page's words are in ``web/console/i18n/<lang>.json`` (keys ``handout.*``); its layout, print CSS
included, in ``web/console/handout.html`` (a Jinja2 template).
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

import jinja2
import segno

from bot.config import PROJECT_ROOT
from bot.console.counter import CONTENT_LANGUAGE, Visitor
from bot.knowledge import KnowledgeBase
from bot.texts.plans import plan_warnings
from bot.trip import TripPlan
from bot.trip.request import clock_of

CONSOLE_WEB = PROJECT_ROOT / "web" / "console"
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 220, 24


@cache
def strings(lang: str) -> dict[str, Any]:
    return json.loads((CONSOLE_WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(CONSOLE_WEB), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return environment.get_template("handout.html")


QR_SCALE, QR_BORDER = 4, 4  # pixels per module; the standard quiet zone of 4 modules


def qr_code(url: str) -> str:
    """The QR code of ``url`` as a PNG data URI (medium error correction: survives a creased sheet);
    an image, so that the printed PDF holds it as one that can be read back."""
    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=QR_BORDER)


def map_svg(plan: TripPlan) -> dict[str, Any]:
    """The start and the stops placed on a plain drawing (equirectangular, scaled to the page): the
    points with their numbers, the route of each day as a line."""
    points = [(plan.start.lat, plan.start.lon)] + [
        (visit.site.lat, visit.site.lon) for day in plan.days for visit in day.visits
    ]
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))  # a degree of longitude is shorter up north
    width = max((max(lons) - min(lons)) * shrink, 1e-3)
    height = max(max(lats) - min(lats), 1e-3)
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / width, (MAP_HEIGHT - 2 * MAP_MARGIN) / height)

    def place(lat: float, lon: float) -> tuple[float, float]:
        x = MAP_MARGIN + ((lon - min(lons)) * shrink) * scale
        y = MAP_HEIGHT - MAP_MARGIN - (lat - min(lats)) * scale
        return round(x, 1), round(y, 1)

    start = place(plan.start.lat, plan.start.lon)
    routes, stops, number = [], [], 0
    for day in plan.days:
        line = [start]
        for visit in day.visits:
            number += 1
            point = place(visit.site.lat, visit.site.lon)
            stops.append({"number": number, "x": point[0], "y": point[1]})
            line.append(point)
        line.append(start)
        routes.append(" ".join(f"{x},{y}" for x, y in line))
    return {"width": MAP_WIDTH, "height": MAP_HEIGHT, "start": start, "routes": routes, "stops": stops}


def _amount(value: float | None, words: dict[str, Any]) -> str:
    if value is None:
        return words["handout.price_unknown"]
    if value == 0:
        return words["handout.free"]
    text = f"{value:.2f}".removesuffix(".00")
    return words["handout.amount"].format(amount=text.replace(".", words["handout.decimal_mark"]))


def _date(day, words: dict[str, Any]) -> str:
    return words["handout.date"].format(
        weekday=words["handout.weekdays"][day.weekday()],
        day=day.day,
        month=words["handout.months"][day.month - 1],
        year=day.year,
    )


def handout_context(plan: TripPlan, kb: KnowledgeBase, visitor: Visitor) -> dict[str, Any]:
    """Everything the handout shows, as words and numbers in the visitor's language."""
    words = strings(visitor.lang)
    content = CONTENT_LANGUAGE[visitor.lang]
    days, total, complete, number = [], 0.0, True, 0
    for index, day in enumerate(plan.days, start=1):
        visits = []
        for visit in day.visits:
            number += 1
            quote = kb.price(visit.site.id, visitor.party)
            complete = complete and quote.total is not None and not quote.missing
            total += quote.total or 0.0
            site = visit.site
            visits.append(
                {
                    "number": number,
                    "name": site.name_in(content),
                    "start": clock_of(visit.start),
                    "end": clock_of(visit.end),
                    "travel": visit.travel_minutes,
                    "address": ", ".join(part for part in (site.address, site.postcode, site.town) if part),
                    "phone": site.phone,
                    "website": site.website,
                    "price": _amount(quote.total, words),
                }
            )
        days.append(
            {
                "title": words["handout.day"].format(number=index, date=_date(day.date, words)),
                "visits": visits,
                "lunch": clock_of(day.lunch_at) if day.lunch_at is not None else None,
                "back_at": clock_of(day.back_at),
            }
        )
    return {
        "lang": visitor.lang,
        "words": words,
        "start": plan.start.name,
        "mode": words[f"handout.mode_{plan.request.mode}"],
        "days": days,
        "total": _amount(round(total, 2), words)
        if complete
        else words["handout.total_partial"].format(amount=_amount(round(total, 2), words)),
        "party": words["handout.party"].format(adults=visitor.party.adults, children=visitor.party.children),
        "link": plan.website_link,
        "qr": qr_code(plan.website_link),
        "map": map_svg(plan),
        "warnings": plan_warnings(plan),
    }


def render_handout(plan: TripPlan, kb: KnowledgeBase, visitor: Visitor) -> str:
    """The handout as a whole HTML page (print-ready)."""
    return _template().render(**handout_context(plan, kb, visitor))


def handout_text(plan: TripPlan, kb: KnowledgeBase, visitor: Visitor) -> str:
    """The handout as plain text (the e-mail's text part)."""
    context = handout_context(plan, kb, visitor)
    words = context["words"]
    lines = [
        words["handout.title"],
        words["handout.from"].format(start=context["start"], mode=context["mode"]),
    ]
    for day in context["days"]:
        lines += ["", day["title"]]
        for visit in day["visits"]:
            contacts = ", ".join(part for part in (visit["phone"], visit["website"]) if part)
            lines.append(f"{visit['start']}–{visit['end']}  {visit['name']} — {visit['price']}")
            lines.append(f"   {visit['address']}" + (f" ({contacts})" if contacts else ""))
        lines.append(words["handout.back_at"].format(time=day["back_at"]))
    lines += [
        "",
        f"{words['handout.total']}: {context['total']}",
        f"{words['handout.link']}: {context['link']}",
    ]
    return "\n".join(lines) + "\n"
