"""The trip details a message gives (start, themes, duration, dates, mode, party, wheelchair), checked.

Used by the circuit form and by refinements: everything said in one sentence is taken at once, and
each value that cannot be used gets a specific question back in the visitor's language. Entities
from the NLU come first; the raw text is read for what they miss (dates, durations, modes and party
with ``bot.expressions``; the whole message when it answers the question just asked).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from bot.conversation.replies import Reply, button
from bot.conversation.sites import TOPICS, mentioned_topics
from bot.conversation.turn import Turn
from bot.expressions import (
    DateRange,
    find_accessibility,
    find_dates,
    fold,
    most_precise,
    parse_dates,
    parse_duration,
    parse_mode,
    parse_party,
)
from bot.geocoding import Geocoder, Location
from bot.knowledge import KnowledgeBase
from bot.texts import choices, t
from bot.trip import MAX_YEARS_AWAY, within_reach

TRIP_INTENTS = {"plan_circuit", "inform", "refine_circuit", "share_location", "nlu_fallback", None}
ANY_THEME = "any"  # the visitor has no preference: every theme
EXACT = 100.0
CLOSE = 75.0  # similarity of spellings worth suggesting ("Arass" -> Arras, not "Xyzzyqville" -> Ville)
MAX_TOWN_WORDS = 3
QUOTED = 60  # characters of the visitor's text quoted back


WHERE_WHEN_HOW_LONG = ("town", "latitude", "duration", "date")
# The slots a trip request fills (read_details' updates).
TRIP_SLOTS = frozenset(
    {"start_place", "start_lat", "start_lon", "themes", "wanted_sites", "first_date", "dates_text",
     "duration_text", "days", "minutes_per_day", "transport_mode", "party", "wheelchair"}
)  # fmt: skip


def is_trip_request(turn: Turn) -> bool:
    """A theme with a start, a duration or a date ("from Lens this weekend, WW1, wheelchair?"), a
    site with a start ("Villers-Bretonneux on 25 April, plan the day from Amiens"), or a start with a
    duration ("I only have 2 hours in Dunkirk tomorrow afternoon, what should I see?"): a circuit is
    wanted, whatever else the message asks about."""
    if turn.entities.get("theme"):
        return names_trip_details(turn, WHERE_WHEN_HOW_LONG)
    start = names_trip_details(turn, ("town", "latitude"))
    return start and (bool(turn.entities.get("site")) or names_trip_details(turn, ("duration",)))


def asks_for_circuit(turn: Turn, after_circuit: bool = False) -> bool:
    """Whether a message the NLU gave another intent than ``plan_circuit`` describes a trip, and so
    asks for a circuit ("family, wheelchair, from Lens this weekend, WW1?" as a site question). What
    each intent needs on top of a trip (``is_trip_request``), in one place. Never from a message cut
    for its length: its start or themes may be in the part not read."""
    intent = turn.intent
    if turn.too_long:
        return False
    if intent == "nlu_fallback":  # unsure: clear trip details, or new ones right after a circuit
        return is_trip_request(turn) or (after_circuit and names_trip_details(turn))
    if intent == "group_offer":  # a group's trip says when or how long; a town alone is its start
        when = names_trip_details(turn, ("duration", "date"))
        asks_about_a_site = turn.entities.get("site") and mentioned_topics(turn.text)  # "group rates at…?"
        return (
            when and not asks_about_a_site and (is_trip_request(turn) or names_trip_details(turn, ("town",)))
        )
    if intent == "find_nearby":  # "what is near Arras?" is about Arras; with a time budget, a trip
        return is_trip_request(turn) and names_trip_details(turn, ("duration",))
    if intent in TOPICS:  # a site question: one on a named site is answered, whatever else it says
        return not turn.entities.get("site") and is_trip_request(turn)
    return intent == "greet" and is_trip_request(turn)


def names_trip_details(
    turn: Turn,
    names: tuple[str, ...] = (*WHERE_WHEN_HOW_LONG, "theme", "transport_mode", "party", "accessibility"),
) -> bool:
    """Whether ``turn`` carries one of the trip details ``names`` ("only half a day": a duration)."""
    return any(turn.entities.get(name) for name in names)


def names_follow_up(turn: Turn) -> bool:
    """A day, a site or a party, said right after an answer: the same question again for them ("et
    dimanche ?", "and Lewarde?", "et pour un groupe de 20 ?")."""
    return names_trip_details(turn, ("date", "site", "party"))


@dataclass
class Details:
    """Slot updates read from one message, and the replies for what could not be used."""

    updates: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)


def _coordinate(value: Any, limit: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -limit <= number <= limit else None


def _namesakes(found: list[Location]) -> list[Location]:
    """Equally good matches that are different places of one name in one area (as plan_trip asks)."""
    best = [
        place
        for place in found
        if place.score >= found[0].score and place.name == found[0].name and place.admin == found[0].admin
    ]
    return best if len({(round(place.lat, 2), round(place.lon, 2)) for place in best}) > 1 else []


def _spelt_alike(typed: str, name: str) -> bool:
    """The whole of what was typed is close to the whole name (the gazetteer also matches parts)."""
    return fuzz.ratio(fold(typed).lower(), fold(name).lower()) >= CLOSE


def _candidate_towns(text: str) -> list[str]:
    """The whole text, then runs of capitalised words ("Je suis à Arras" -> "Arras")."""
    words = re.findall(r"[\w'’-]+", text)
    runs = []
    for size in range(MAX_TOWN_WORDS, 0, -1):
        for begin in range(len(words) - size + 1):
            run = words[begin : begin + size]
            if begin > 0 and all(word[:1].isupper() for word in run):
                runs.append(re.sub(r"^[dlDL]['’]", "", " ".join(run)))
    return [text.strip(), *runs]


# "depuis Arass", "starting from Lile": the word after these is meant as the start, even misspelt.
_START_WORD = re.compile(
    r"\b(?:depuis|au d[ée]part d[e']|partant d[e']|je pars d[e']|from|starting (?:in|at)|leaving)\s*"
    r"([A-ZÀ-Ý][\w’'-]{3,})"
)


def _misspelt_start(text: str, kb: KnowledgeBase) -> str | None:
    """The capitalised word after "depuis"/"from" when it is no site's name (those are found apart)."""
    found = _START_WORD.search(text)
    if not found or any(match.score >= EXACT for match in kb.find_sites(found.group(1), limit=1)):
        return None
    return found.group(1)


def check_start(text: str, geocoder: Geocoder, kb: KnowledgeBase, lang: str) -> Details:
    """A start town: found (slots), ambiguous (buttons), close names (buttons) or unknown (re-ask)."""
    for candidate in _candidate_towns(text):
        found = geocoder.geocode(candidate, limit=5) if candidate else []
        if found and found[0].score >= EXACT:
            namesakes = _namesakes(found)
            if namesakes:
                buttons = [
                    button(place.label(), "inform", town=place.name, latitude=place.lat, longitude=place.lon)
                    for place in namesakes
                ]
                return Details(
                    replies=[Reply(t(lang, "dialogue.form.start_ambiguous", place=candidate), buttons)]
                )
            place = found[0]
            return Details({"start_place": place.name, "start_lat": None, "start_lon": None})
    for candidate in reversed(_candidate_towns(text)):  # the shortest first: "Arass", not the sentence
        close = [
            place for place in kb.find_places(candidate, limit=5) if _spelt_alike(candidate, place.name)
        ][:3]
        if close:
            buttons = [button(place.name, "inform", town=place.name) for place in close]
            return Details(replies=[Reply(t(lang, "dialogue.form.start_close", place=candidate), buttons)])
    return Details(replies=[Reply(t(lang, "dialogue.form.start_unknown", place=text[:QUOTED]))])


def _themes(turn: Turn, kb: KnowledgeBase, asked: str | None, town: str | None) -> list[str] | None:
    known = {theme.id for theme in kb.themes()} | {ANY_THEME}
    themes = [value for value in turn.entities.get("theme", []) if value in known]
    if themes:
        return list(dict.fromkeys(themes))
    words = set(re.findall(r"\w+", turn.text.lower()))
    if asked == "themes" and words & set(choices(turn.lang, "dialogue.form.any_theme_words")):
        return [ANY_THEME]
    # Without the town's name: "Arras" alone is a town, not the theme "Battle of Arras".
    text = turn.text.replace(town, " ") if town else turn.text
    theme = kb.resolve_theme(text) if asked == "themes" or len(text.split()) > 3 else None
    return [theme] if theme else None


def theme_buttons(kb: KnowledgeBase, lang: str, intent: str = "inform") -> list[dict[str, str]]:
    """One button per top-level theme, and one for "no preference"."""
    buttons = [
        button(theme.label_in(lang), intent, theme=theme.id) for theme in kb.themes() if not theme.parent
    ]
    return buttons + [button(t(lang, "dialogue.form.any_theme"), intent, theme=ANY_THEME)]


def read_dates(turn: Turn, today: date) -> DateRange | None:
    """The most precise of the date entities ("la semaine prochaine, le mardi 8 décembre": that
    Tuesday), else of the dates the rules find in the text (not dateparser's guesses on any short
    text: "2" or "Somme" are not dates here)."""
    if turn.entities.get("date"):
        said = [parse_dates(str(text), turn.lang, today) for text in turn.entities["date"]]
        return _within_reach(most_precise([dates for dates in said if dates]), today)
    return _within_reach(most_precise([m.value for m in find_dates(turn.text, turn.lang, today)]), today)


def _within_reach(dates: DateRange | None, today: date) -> DateRange | None:
    """``dates``, unless they are years away (``bot.trip.within_reach``): "31/12/9999" is not a day
    to plan, "0001-01-01" has passed."""
    if dates is None or dates.start is None or within_reach(dates.start, today):
        return dates
    return DateRange(None, None, invalid=True) if dates.start > today else DateRange(None, None, past=True)


def read_details(
    turn: Turn, kb: KnowledgeBase, today: date, geocoder: Geocoder, asked: str | None = None
) -> Details:
    """Every trip detail in ``turn``. ``asked`` is the slot the bot asked for, if any: the whole
    message may then be its answer ("Arras", "la Grande Guerre", "une journée")."""
    lang = turn.lang
    details = Details()
    updates = details.updates

    lat = _coordinate(turn.entity("latitude"), 90)
    lon = _coordinate(turn.entity("longitude"), 180)
    town = turn.entity("town") or _town_run(turn.text, geocoder)
    if lat is not None and lon is not None:
        name = town or t(lang, "circuit.your_location")
        updates.update(start_place=name, start_lat=lat, start_lon=lon)
    elif town:
        _add(details, check_start(str(town), geocoder, kb, lang))
    misspelt = None if town or lat is not None else _misspelt_start(turn.text, kb)
    if misspelt:
        _add(details, check_start(misspelt, geocoder, kb, lang))

    themes = _themes(turn, kb, asked, town)
    wanted = _wanted_sites(turn, kb)
    if wanted:
        updates["wanted_sites"] = wanted
        # "Vimy and Wellington": their themes fill the rest of the time, unless themes were said.
        themes = themes or sorted({theme for site in wanted for theme in kb.site(site).themes})
    if themes:
        updates["themes"] = themes

    dates = read_dates(turn, today)
    if dates and dates.invalid:
        details.replies.append(Reply(t(lang, "dialogue.form.date_invalid", years=MAX_YEARS_AWAY)))
    elif dates and dates.past:
        details.replies.append(Reply(t(lang, "dialogue.form.date_past")))
    elif dates and dates.start:
        updates.update(
            first_date=dates.start.isoformat(), dates_text=str(turn.entity("date") or turn.text)[:80]
        )

    duration = parse_duration(str(turn.entity("duration") or turn.text), lang)
    if duration:
        updates.update(
            duration_text=str(turn.entity("duration") or turn.text)[:80],
            days=duration.days,
            minutes_per_day=duration.minutes_per_day,
        )
    elif dates and dates.start and not (dates.invalid or dates.past or dates.vague) and (dates.days or 1) > 1:
        # "du 3 au 5 mai" is three days of visits; "fin mai" or "next week" only says when.
        updates.update(duration_text=updates["dates_text"], days=dates.days, minutes_per_day=None)

    mode = turn.entity("transport_mode") or (found.mode if (found := parse_mode(turn.text, lang)) else None)
    if mode:
        updates["transport_mode"] = mode
    party = parse_party(turn.text, lang)
    if party:
        updates["party"] = asdict(party)
    elif turn.entity("party"):
        updates["party"] = {"kind": turn.entity("party"), "size": turn.entity("number")}
    if turn.entity("accessibility") or find_accessibility(turn.text, lang):
        updates["wheelchair"] = True
    # "I did not understand the themes/duration" only when the message said nothing else: "plutôt
    # depuis Amiens" while the duration is asked changes the start, then the question comes again.
    said_nothing = not updates and not details.replies
    if asked == "themes" and said_nothing:
        details.replies.append(Reply(t(lang, "dialogue.form.themes_unknown"), theme_buttons(kb, lang)))
    if asked == "duration_text" and said_nothing and not dates:
        details.replies.append(Reply(t(lang, "dialogue.form.duration_unknown")))
    if asked == "start_place" and not town and lat is None and not misspelt:
        # The whole message may be the town ("Arras", "Lile"), unless it said other things ("next
        # Sunday", "on the 45th of June": a date, not a place).
        said_else = any(key != "requested_slot" for key in updates) or details.replies or dates
        if not said_else:
            _add(details, check_start(turn.text, geocoder, kb, lang))
    return details


# "sans la Coupole", "not Vimy": a site named to be left out, not visited.
_NEGATION = re.compile(r"\b(?:sans|sauf|pas|without|except|not|no)\b")


def _wanted_sites(turn: Turn, kb: KnowledgeBase) -> list[str]:
    """The sites a trip request names ("je veux voir Vimy et Wellington"), known ids only."""
    if _NEGATION.search(fold(turn.text).lower()):
        return []
    known = {site.id for site in kb.sites()}
    return list(dict.fromkeys(str(site) for site in turn.entities.get("site", []) if str(site) in known))


def _town_run(text: str, geocoder: Geocoder) -> str | None:
    """A capitalised run of words that is a known place, to keep it out of the theme search."""
    for run in _candidate_towns(text)[1:]:
        found = geocoder.geocode(run, limit=1)
        if found and found[0].score >= EXACT:
            return run
    return None


def _add(details: Details, more: Details) -> None:
    details.updates.update(more.updates)
    details.replies += more.replies
