"""From the conversation's slots to a circuit reply, and refinements of the last circuit.

The slots keep the previous request, so "sans la Coupole", "un jour de plus" or "from Lille
instead" change one thing and the circuit is planned again with the rest unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.conversation.groups import group_reply
from bot.conversation.party import party_of
from bot.conversation.replies import Reply, button
from bot.conversation.trip_details import ANY_THEME, Details, read_details
from bot.conversation.turn import Turn
from bot.geocoding import Geocoder
from bot.knowledge import KnowledgeBase, Party, open_kb
from bot.texts import t
from bot.texts.formats import describe_party, format_amount, format_date, format_price, mode_label
from bot.texts.plans import plan_json, problem_notes, render_plan, render_problem
from bot.trip import MAX_DAYS, TripPlan, TripProblem, TripRequest, plan_trip

FORM_SLOTS = ("start_place", "themes", "duration_text")


def avoided_sites(themes: list[str] | None, indoor_only: bool = False) -> tuple[str, ...]:
    """The sites of the themes the visitor avoids ("pas de cimetières", "no tunnels"), and those in the
    open air when the visitor wants a roof ("it's raining, indoor stuff only")."""
    avoided = tuple(site.id for site in open_kb().sites(themes=themes)) if themes else ()
    outdoors = tuple(site.id for site in open_kb().sites() if site.open_air) if indoor_only else ()
    return avoided + outdoors


def trip_request(slots: Mapping[str, Any], lang: str) -> TripRequest:
    themes = tuple(theme for theme in slots.get("themes") or () if theme != ANY_THEME)
    point = None
    if slots.get("start_lat") is not None and slots.get("start_lon") is not None:
        point = (float(slots["start_lat"]), float(slots["start_lon"]))
    first_date = date.fromisoformat(slots["first_date"]) if slots.get("first_date") else None
    minutes = slots.get("minutes_per_day")
    return TripRequest(
        start_text=slots.get("start_place"),  # with a shared location, its name: "votre position"
        start_point=point,
        themes=themes,
        first_date=first_date,
        days=int(slots.get("days") or 1),
        minutes_per_day=int(minutes) if minutes else None,
        mode=slots.get("transport_mode") or "car",
        party=party_of(slots.get("party")),
        wheelchair=bool(slots.get("wheelchair")),
        exclude=tuple(slots.get("excluded_sites") or ())
        + avoided_sites(slots.get("avoid_themes"), bool(slots.get("indoor_only"))),
        wanted=tuple(slots.get("wanted_sites") or ()),
        lang=lang,
        max_visits_per_day=int(slots["max_visits"]) if slots.get("max_visits") else None,
        **{bound: slots[bound] for bound in ("day_start", "day_end") if slots.get(bound)},
    )


def assumptions(slots: Mapping[str, Any], request: TripRequest, plan: TripPlan) -> str:
    """What was assumed rather than said (car, tomorrow, party), so the visitor can correct it."""
    lang = request.lang
    said = []
    if not slots.get("transport_mode"):
        said.append(t(lang, "dialogue.plan.assumed_car"))
    if not slots.get("first_date"):
        said.append(t(lang, "dialogue.plan.assumed_date", date=format_date(plan.days[0].date, lang)))
    party = slots.get("party") or {}
    if party.get("kind") in ("family", "group", "school") and not party.get("size"):
        said.append(t(lang, "dialogue.plan.assumed_party", party=describe_party(request.party, lang)))
    return (
        t(lang, "dialogue.plan.assumptions", items=t(lang, "dialogue.plan.separator").join(said))
        if said
        else ""
    )


def circuit_buttons(lang: str) -> list[dict[str, str]]:
    return [
        button(t(lang, "dialogue.plan.button_themes"), "refine_circuit", change="themes"),
        button(t(lang, "dialogue.plan.button_start"), "refine_circuit", change="start"),
        button(t(lang, "dialogue.plan.button_add_day"), "add_day"),
        button(t(lang, "dialogue.plan.button_map"), "show_map"),
        button(t(lang, "dialogue.plan.button_calendar"), "get_calendar"),
    ]


def plan_circuit(
    slots: Mapping[str, Any], lang: str, kb: KnowledgeBase
) -> tuple[list[Reply], dict[str, Any]]:
    """The circuit the slots ask for, as replies and slots to remember. Without a car, where no
    timetable lets a circuit be timed, what can be seen on foot from the start, with how to reach
    the other sites by public transport."""
    request = trip_request(slots, lang)
    result = plan_trip(request, kb=kb)
    walkable = isinstance(result, TripProblem) and any(
        alternative.kind == "mode" and alternative.value == "foot" for alternative in result.alternatives
    )
    if walkable:
        on_foot = plan_trip(dataclasses.replace(request, mode="foot"), kb=kb)
        if isinstance(on_foot, TripPlan):
            replies, remembered = plan_reply(on_foot, slots, lang, kb)
            others = "\n".join([t(lang, "dialogue.plan.on_foot_instead"), *problem_notes(result)])
            replies[0].text = f"{others}\n\n{replies[0].text}"
            return replies, remembered
    return plan_reply(result, slots, lang, kb)


MANY_LEFT_OUT = 3  # from this many sites asked for and left out, one line says it is not possible


def plan_reply(
    result: TripPlan | TripProblem, slots: Mapping[str, Any], lang: str, kb: KnowledgeBase
) -> tuple[list[Reply], dict[str, Any]]:
    """The circuit (text, buttons, JSON for the website) or the problem, and the slots to remember."""
    if isinstance(result, TripProblem):
        buttons = [
            button(place.label(), "inform", town=place.name, latitude=place.lat, longitude=place.lon)
            for place in result.candidates
        ]
        buttons += [
            button(mode_label(alternative.value, lang), "refine_circuit", transport_mode=alternative.value)
            for alternative in result.alternatives
            if alternative.kind == "mode"
        ]
        forget = {"start_place": None, "start_lat": None, "start_lon": None}
        updates = forget if result.code in ("unknown_start", "ambiguous_start", "no_start") else {}
        return [Reply(render_problem(result), buttons)], updates
    text = render_plan(result)
    said = assumptions(slots, result.request, result)
    visited = {visit.site.id for day in result.days for visit in day.visits}
    left_out = [
        site for site in result.request.wanted if site not in visited and site not in result.request.exclude
    ]
    if len(left_out) >= MANY_LEFT_OUT:  # "the 11 museums in one day on foot": not possible, and what is
        names = ", ".join(kb.site(site_id).name_in(lang) for site_id in left_out)
        asked = len(result.request.wanted)
        text = (
            t(lang, "dialogue.plan.wanted_too_many", asked=asked, count=len(left_out), names=names)
            + "\n\n"
            + text
        )
    for site_id in left_out if len(left_out) < MANY_LEFT_OUT else ():
        openings = [kb.opening(site_id, day.date) for day in result.days]
        closed = all(opening.known and not opening.is_open for opening in openings)
        key = "dialogue.plan.wanted_closed" if closed else "dialogue.plan.wanted_left_out"
        text = t(lang, key, name=kb.site(site_id).name_in(lang)) + "\n\n" + text
    if result.request.days > MAX_DAYS:  # fewer days than asked because fewer are enough say so themselves
        text = t(lang, "dialogue.plan.days_capped", asked=result.request.days, days=MAX_DAYS) + "\n\n" + text
    # Rasa's socket.io channel emits a custom payload as keyword arguments of ``sio.emit``, so its only
    # key must be ``data`` (the website reads the circuit there); REST shows it under ``custom``.
    reply = Reply(f"{said}\n\n{text}" if said else text, circuit_buttons(lang), {"data": plan_json(result)})
    remembered = {
        "link": result.website_link,
        "sites": [visit.site.id for day in result.days for visit in day.visits],
    }
    replies = [reply]
    party = result.request.party
    if party.group or party.school:  # a group books each visit: the sites' offers and contacts
        sites = [kb.site(site_id) for site_id in dict.fromkeys(remembered["sites"])]
        replies.append(group_reply(kb, sites, party.school, lang))
    return replies, {"last_circuit": remembered}


def circuit_cost(kb: KnowledgeBase, site_ids: list[str], party: Party, lang: str) -> Reply:
    """What the circuit's visits cost the party ("c'est combien en tout ?"), unknown prices named."""
    lines = [t(lang, "dialogue.plan.cost_header", party=describe_party(party, lang))]
    total, unknown = 0.0, []
    for site_id in site_ids:
        site, quote = kb.site(site_id), kb.price(site_id, party)
        lines.append(
            t(lang, "dialogue.plan.cost_line", name=site.name_in(lang), price=format_price(quote, lang))
        )
        total += quote.total or 0.0
        if quote.total is None or quote.missing:
            unknown.append(site.name_in(lang))
    if unknown:
        lines.append(
            t(
                lang,
                "dialogue.plan.cost_total_partial",
                total=format_amount(total, lang),
                names=", ".join(unknown),
            )
        )
    else:
        lines.append(t(lang, "dialogue.plan.cost_total", total=format_amount(total, lang)))
    return Reply("\n".join(lines))


def missing_slots(slots: Mapping[str, Any]) -> list[str]:
    """The form's questions still to ask, in order (a shared location answers the start)."""
    located = slots.get("start_lat") is not None and slots.get("start_lon") is not None
    return [
        name
        for name in FORM_SLOTS
        if slots.get(name) in (None, [], "") and not (name == "start_place" and located)
    ]


def refine(
    turn: Turn, slots: Mapping[str, Any], kb: KnowledgeBase, today: date, geocoder: Geocoder
) -> Details:
    """Changes to the current request: a site left out, one more day, or new details."""
    lang = turn.lang
    if turn.intent == "exclude_site":
        site_id = turn.entity("site") or next((m.site.id for m in kb.find_sites(turn.text, limit=1)), None)
        if not site_id or site_id not in {site.id for site in kb.sites()}:
            return Details(replies=[Reply(t(lang, "dialogue.refine.which_site"))])
        excluded = list(dict.fromkeys([*(slots.get("excluded_sites") or []), site_id]))
        in_circuit = site_id in ((slots.get("last_circuit") or {}).get("sites") or [site_id])
        key = "dialogue.refine.excluded" if in_circuit else "dialogue.refine.excluded_not_in_circuit"
        noted = Reply(t(lang, key, name=kb.site(site_id).name_in(lang)))
        return Details({"excluded_sites": excluded}, [noted])
    if turn.intent == "add_day":
        days = int(slots.get("days") or 1) + 1
        return Details(
            {
                "days": days,
                "minutes_per_day": None,
                "duration_text": t(lang, "dialogue.refine.days", days=days),
            }
        )
    change = turn.entity("change")
    if change == "start":
        return Details({"start_place": None, "start_lat": None, "start_lon": None})
    if change == "themes":
        return Details({"themes": None})
    return read_details(turn, kb, today, geocoder, known=slots)
