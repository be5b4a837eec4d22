"""Questions about sites, lists, nearby sites, events and group offers: one function a kind of
question, from the turn and where the conversation stands to the answer."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from bot.conversation.events import events_reply, names_an_event
from bot.conversation.frame import named_site, start_circuit_form
from bot.conversation.groups import group_reply
from bot.conversation.nearby import ask_location, nearby_reply, nearest_sites, shared_start
from bot.conversation.party import party_of
from bot.conversation.planning import circuit_cost
from bot.conversation.replies import Answer, Reply
from bot.conversation.sites import (
    TOPICS,
    Asked,
    about_all_members,
    answer_about_site,
    list_members,
    list_sites_of_theme,
    list_themes,
    resolve_site,
    sites_named,
    topic_in_text,
    topics_asked,
    which_site,
)
from bot.conversation.situation import Situation
from bot.conversation.trip_details import asks_again, is_trip_request, near_place, read_dates
from bot.conversation.turn import Turn
from bot.expressions import names_day_after, parse_party
from bot.geocoding import Location
from bot.knowledge import Site
from bot.texts import t
from bot.trip import MAX_YEARS_AWAY

MAX_SITES_ANSWERED = 4  # a question on several named sites is answered for each, up to this many
LISTED = "listed_sites"  # the sites of the last list shown: "which of those are free?" is about them
SITE_QUESTION_ACTION = "action_answer_site"
FIND_NEARBY_ACTION = "action_find_nearby"
SHARE_LOCATION_ACTION = "action_share_location"
EVENTS_ACTION = "action_events"
LISTING_ACTIONS = (FIND_NEARBY_ACTION, SHARE_LOCATION_ACTION, "action_list_sites_by_theme")
NEARBY_ACTIONS = (FIND_NEARBY_ACTION, SHARE_LOCATION_ACTION)
GROUPS_TOPIC = "groups"  # the last question was about group offers: "et pour Wellington ?" too
EVENTS_TOPIC = "events"  # the last answer was the events: "what time does it start?" is about them


def _party(turn: Turn, situation: Situation):
    said = parse_party(turn.text, turn.lang)
    if said:
        return party_of(asdict(said))
    return party_of(situation.slot("party"))


def _listed(kb, situation: Situation) -> list:
    known = {site.id: site for site in kb.sites()}
    return [known[site_id] for site_id in situation.slot(LISTED) or [] if site_id in known]


def site_question(turn: Turn, situation: Situation) -> Answer:
    """Hours, prices, accessibility, languages, duration, directions, contact or description."""
    if turn.intent == "inform" and (is_trip_request(turn) or not asks_again(turn)):
        # Right after an answer, trip details with no day, site or party to ask the same question
        # about ("depuis Arras") are for the circuit form.
        return start_circuit_form(turn, situation)
    if names_an_event(turn.text) or (
        situation.slot("last_topic") == EVENTS_TOPIC and not topic_in_text(turn.text)
    ):  # "what time is the service at Lochnagar?", "and the day after?" after the events
        return events(turn, situation)
    site = resolve_site(situation.kb, turn, situation.slot("last_site"))
    dates = read_dates(turn, situation.today)
    if dates and dates.invalid:  # "c ouvert le 31 fevrier la coupole ?"
        return Answer([Reply(t(turn.lang, "dialogue.form.date_invalid", years=MAX_YEARS_AWAY))])
    topic, day, until = _topic_and_days(turn, situation, dates)
    several = _about_several_sites(turn, situation, site, topic, day)
    if several:
        return several
    if site is None:
        return Answer([which_site(situation.kb, turn.intent, turn.lang)])
    return _about_site(turn, situation, site, topic, day, until)


def _topic_and_days(turn: Turn, situation: Situation, dates) -> tuple[str, date | None, date | None]:
    """What is asked, and of which day (to which day, "ouvert en décembre ?": the whole month)."""
    # "et l'historial ?" after the hours of another site on the 24th: the same question about this
    # one, on the same day.
    follow_up = topic_in_text(turn.text) is None and situation.slot("last_topic") is not None
    topic = (
        TOPICS.get(turn.intent or "") or topic_in_text(turn.text) or situation.slot("last_topic") or "info"
    )
    day = dates.start if dates and not dates.invalid else None
    until = dates.end if day else None
    if topic == "info" and day:  # "can I visit it this week?" after what it is about
        topic = "hours"
    if day is None and follow_up and situation.slot("last_day"):
        after = timedelta(days=1 if names_day_after(turn.text) else 0)  # "et le lendemain ?"
        day = date.fromisoformat(situation.slot("last_day")) + after
    return topic, day, until


def _about_several_sites(
    turn: Turn, situation: Situation, site: Site | None, topic: str, day: date | None
) -> Answer | None:
    """The answer for several sites at once, if the question is one: the circuit's cost, the hours of
    the sites nearby, the answer of every member (of a theme, of the list just shown)."""
    kb = situation.kb
    circuit_sites = (situation.slot("last_circuit") or {}).get("sites")
    if site is None and topic == "price" and circuit_sites:
        return Answer([circuit_cost(kb, circuit_sites, _party(turn, situation), turn.lang)])
    # "what's open today near Arras?", "which ones are open now?" after the nearby sites: the
    # nearest, open or not now.
    after_nearby = situation.previous_action in NEARBY_ACTIONS and not turn.entities.get("site")
    near = _place_near(turn, situation) if site is None else None
    point = (near.lat, near.lon, near.name) if near else _point(turn, situation) if after_nearby else None
    if point and topic == "hours":
        lat, lon, place = point
        return Answer([nearby_reply(kb, lat, lon, place, situation.now, turn.lang)])
    if site is None or not turn.entities.get("site"):  # "are they open on Sunday?": all members
        themes = turn.entities.get("theme")
        listed = _listed(kb, situation) if situation.previous_action in LISTING_ACTIONS else None
        general = about_all_members(kb, topic, turn.text, turn.lang, situation.now, day, themes, listed)
        if general:
            return Answer([general])
    return None


def _about_site(
    turn: Turn, situation: Situation, site: Site, topic: str, day: date | None, until: date | None
) -> Answer:
    """The answer about ``site``, or about each site the message names, on each topic it asks."""
    kb = situation.kb
    origin = _town(turn, situation) if topic == "directions" else None
    asked = Asked(situation.today, day, until, _party(turn, situation), origin)
    topics = topics_asked(turn.text, topic) if topic != "info" else [topic]
    # "Parmi la Carrière Wellington, Lens'14-18 et le musée d'Albert, lesquels sont accessibles ?"
    named = sites_named(kb, turn)
    targets = named[:MAX_SITES_ANSWERED] if len(named) > 1 else [site]
    replies = [
        answer_about_site(kb, each_site, each, turn.lang, asked) for each_site in targets for each in topics
    ]
    for reply in replies[:-1]:
        reply.buttons = []  # the follow-up buttons once, under the last answer
    last_day = day.isoformat() if day else None
    return Answer(replies, {"last_site": site.id, "last_topic": topic, "last_day": last_day})


def themes_list(turn: Turn, situation: Situation) -> Answer:
    if turn.entities.get("theme") and situation.slot("last_circuit") and not situation.in_form:
        # "plutôt la Seconde Guerre mondiale en général" after a circuit: a change of themes.
        return start_circuit_form(turn, situation)
    return Answer([list_themes(situation.kb, turn.lang)])


def sites_of_theme(turn: Turn, situation: Situation) -> Answer:
    kb = situation.kb
    theme = turn.entity("theme") or kb.resolve_theme(turn.text)
    known = {each.id for each in kb.themes()}
    reply = list_sites_of_theme(kb, theme if theme in known else None, turn.lang)
    # Asked for themes by the form, "bon ok la guerre 39-45" is also the answer: it is taken; and a
    # circuit asked for next is on the theme asked about, unless themes were said.
    asked_for = situation.slot("requested_slot") == "themes" or not situation.slot("themes")
    slots = {"themes": [theme]} if theme in known and asked_for else {}
    if theme in known:
        slots[LISTED] = [site.id for site in kb.sites(themes=[theme])]
    return Answer([reply], slots)


def members_list(turn: Turn, situation: Situation) -> Answer:
    return Answer([list_members(situation.kb, turn.lang)])


def _town(turn: Turn, situation: Situation) -> Location | None:
    """The town the message names, placed."""
    town = turn.entity("town")
    found = situation.geocoder.geocode(str(town), limit=1) if town else []
    return found[0] if found else None


def _place_near(turn: Turn, situation: Situation) -> Location | None:
    """The town the message asks about sites near: named, or after "near" ("ouvert vers lens ?")."""
    town = _town(turn, situation)
    if town:
        return town
    near = near_place(turn.text, situation.geocoder)
    found = situation.geocoder.geocode(near, limit=1) if near else []
    return found[0] if found else None


def _point(turn: Turn, situation: Situation) -> tuple[float, float, str | None] | None:
    """Where "near" means: a town or a site named now, the site just answered about ("quoi d'autre
    dans le coin ?"), a location shared now or earlier, the trip's start."""
    town = _place_near(turn, situation)
    if town:
        return town.lat, town.lon, town.name
    kb = situation.kb
    about = named_site(turn, situation) or _site_discussed(turn, situation)
    site = kb.site(about) if about in {each.id for each in kb.sites()} else None
    if site is not None and site.lat is not None and turn.entity("latitude") is None:
        return site.lat, site.lon, site.town
    try:
        lat = float(turn.entity("latitude") or situation.slot("start_lat"))
        lon = float(turn.entity("longitude") or situation.slot("start_lon"))
    except (TypeError, ValueError):
        start = situation.slot("start_place")  # "quoi d'autre dans le coin ?" during a trip's planning
        found = situation.geocoder.geocode(start, limit=1) if start else []
        return (found[0].lat, found[0].lon, found[0].name) if found else None
    return lat, lon, None


def _site_discussed(turn: Turn, situation: Situation) -> str | None:
    """The site the last reply answered about, when the message names no place of its own."""
    if turn.entity("town") or turn.entity("latitude") is not None or named_site(turn, situation):
        return None
    return situation.slot("last_site") if situation.previous_action == SITE_QUESTION_ACTION else None


def nearby(turn: Turn, situation: Situation) -> Answer:
    if turn.intent == "inform" and set(turn.entities) != {"town"}:
        # Right after the nearby sites, a town alone asks again for it ("et à Compiègne ?");
        # other trip details are for the circuit form.
        return start_circuit_form(turn, situation)
    point = _point(turn, situation)
    if point is None and turn.entities.get("theme"):  # "what Canadian sites are in your region?"
        return sites_of_theme(turn, situation)
    if point is None:
        return Answer([ask_location(turn.lang)])
    lat, lon, place = point
    themes, kb = turn.entities.get("theme"), situation.kb
    other_than = _site_discussed(turn, situation)  # "what else is there around?" after a site
    reply = nearby_reply(kb, lat, lon, place, situation.now, turn.lang, themes, other_than)
    # "plan half a day from there": the town asked about is the next circuit's start.
    start = {"start_place": place, "start_lat": lat, "start_lon": lon} if place else {}
    listed = [site.id for site, _ in nearest_sites(kb, lat, lon, themes, other_than)]  # "which are free?"
    return Answer([reply], {**start, LISTED: listed})


def shared_location(turn: Turn, situation: Situation) -> Answer:
    """A shared GPS position: remembered as the start, answered with the nearest sites."""
    point = _point(turn, situation)
    if point is None:
        return Answer([ask_location(turn.lang)])
    lat, lon, _ = point
    kb = situation.kb
    reply = nearby_reply(kb, lat, lon, None, situation.now, turn.lang)
    listed = [site.id for site, _ in nearest_sites(kb, lat, lon)]
    return Answer([reply], {**shared_start(lat, lon, turn.lang), LISTED: listed})


def events(turn: Turn, situation: Situation) -> Answer:
    today = situation.today
    dates = read_dates(turn, today)
    if turn.intent == "inform" and not (dates and dates.start):
        # Right after the events, a message with trip details but no date is for the circuit form.
        return start_circuit_form(turn, situation)
    start = end = None
    if dates and dates.start and not dates.invalid:
        start, end = dates.start, dates.end
    elif situation.slot("last_topic") == EVENTS_TOPIC and situation.slot("last_day"):
        start = end = date.fromisoformat(situation.slot("last_day"))  # "what time does it start?"
    elif situation.slot("first_date"):
        start = date.fromisoformat(situation.slot("first_date"))
        end = date.fromordinal(start.toordinal() + int(situation.slot("days") or 1) - 1)
    kb = situation.kb
    site = resolve_site(kb, turn, None)  # "is there a ceremony at Vimy on 9 April?": Vimy's
    sites = [site.id] if site else (situation.slot("last_circuit") or {}).get("sites")
    reply = events_reply(kb, start, end, today, turn.lang, sites, only_sites=site is not None)
    last_day = start.isoformat() if start and start == end else None
    return Answer([reply], {"last_topic": EVENTS_TOPIC, "last_day": last_day})


def group_offer(turn: Turn, situation: Situation) -> Answer:
    kb = situation.kb
    site = resolve_site(kb, turn, None)
    party = parse_party(turn.text, turn.lang)
    school = bool(party and party.kind == "school") or turn.entity("party") == "school"
    slots = {"last_topic": GROUPS_TOPIC, **({"last_site": site.id} if site else {})}
    if party:  # "c'est combien pour eux ?" next: the price for this group
        slots["party"] = asdict(party)
    # A price for the party only when its size was said: no total for an assumed group of 20.
    priced = party_of(slots["party"]) if party and (party.size or party.adults or party.children) else None
    # "Lewarde et Péronne pour un groupe de 30": each site's offer.
    named = [site, *(other for other in sites_named(kb, turn) if other.id != site.id)] if site else []
    reply = group_reply(kb, named, school, turn.lang, turn.entities.get("theme"), priced)
    return Answer([reply], slots)
