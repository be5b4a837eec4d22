"""The trip details a message gives (start, themes, duration, dates, mode, party, wheelchair), checked.

Used by the circuit form and by refinements: everything said in one sentence is taken at once, and
each value that cannot be used gets a specific question back in the visitor's language. Entities
from the NLU come first; the raw text is read for what they miss (dates, durations, modes and party
with ``bot.expressions``; the whole message when it answers the question just asked).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from bot.conversation.questions import is_question
from bot.conversation.replies import Reply, button
from bot.conversation.sites import TOPICS, mentioned_topics
from bot.conversation.turn import Turn
from bot.expressions import (
    WEEKDAYS,
    DateRange,
    Mention,
    asks_indoors,
    days_of_month,
    find_accessibility,
    find_dates,
    fold,
    most_precise,
    negated_phrases,
    pace_phrase,
    parse_dates,
    parse_day_bounds,
    parse_duration,
    parse_mode,
    parse_party,
    parse_visits_per_day,
)
from bot.geocoding import Geocoder, Location
from bot.geocoding.gazetteer import REGION
from bot.knowledge import KnowledgeBase
from bot.language import function_words, not_places
from bot.texts import choices, t
from bot.trip import MAX_YEARS_AWAY, within_reach
from bot.trip.render import format_date

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
     "duration_text", "days", "minutes_per_day", "transport_mode", "party", "wheelchair", "avoid_themes",
     "excluded_sites", "max_visits", "day_start", "day_end", "indoor_only"}
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


_OFFERS = re.compile(
    r"\b(?:book\w*|rates?|tarifs?|prix|prices?|reserv\w*|programmes?|programs?|educational|pedagogi\w*|"
    r"ateliers?|workshops?|offres?|offers?|discounts?|reductions?)\b"
)


def asks_for_circuit(turn: Turn, after_circuit: bool = False) -> bool:
    """Whether a message the NLU gave another intent than ``plan_circuit`` describes a trip, and so
    asks for a circuit ("family, wheelchair, from Lens this weekend, WW1?" as a site question). What
    each intent needs on top of a trip (``is_trip_request``), in one place. Never from a message cut
    for its length: its start or themes may be in the part not read."""
    intent = turn.intent
    if turn.too_long:
        return False
    if intent in ("nlu_fallback", "out_of_scope", "restart"):
        # unsure, or "we'll sleep in Saint-Omer, start from there" taken for a hotel question: clear
        # trip details, or new ones right after a circuit
        return is_trip_request(turn) or (after_circuit and names_trip_details(turn))
    if intent == "group_offer":  # a group's trip says when or how long; a town alone is its start
        when = names_trip_details(turn, ("duration", "date"))
        asks_about_a_site = turn.entities.get("site") and mentioned_topics(turn.text)  # "group rates at…?"
        # "40 pupils on a 3-day battlefields trip: which museums run school programmes?" asks the offers
        asks_about_offers = is_question(turn.text) and _OFFERS.search(fold(turn.text).lower())
        return (
            when
            and not asks_about_a_site
            and not asks_about_offers
            and (is_trip_request(turn) or names_trip_details(turn, ("town",)))
        )
    if intent == "find_nearby":  # "what is near Arras?" is about Arras; with a time budget, a trip
        return is_trip_request(turn) and names_trip_details(turn, ("duration",))
    if intent == "list_members":  # "can we do all 11 museums in one day on foot from Lille?" is a trip
        return (
            names_trip_details(turn, ("duration",))
            or names_trip_details(turn, ("town",))
            and bool(turn.entities.get("date"))
        )
    if intent in TOPICS:  # a site question: one on a named site, or worded as a question, is answered
        return not turn.entities.get("site") and not is_question(turn.text) and is_trip_request(turn)
    return intent == "greet" and is_trip_request(turn)


def names_trip_details(
    turn: Turn,
    names: tuple[str, ...] = (*WHERE_WHEN_HOW_LONG, "theme", "transport_mode", "party", "accessibility"),
) -> bool:
    """Whether ``turn`` carries one of the trip details ``names`` ("only half a day": a duration)."""
    return any(turn.entities.get(name) for name in names)


_AGAIN = re.compile(r"^\W*(?:et|and|what about|how about|and for|et pour|et le|et la|et les|pareil|same)\b")


def asks_again(turn: Turn) -> bool:
    """The last question again, for another day, site or party: "et dimanche ?", "and Lewarde?"; not
    a statement that gives a date ("ok, on part le 8 juin")."""
    return names_follow_up(turn) and (is_question(turn.text) or bool(_AGAIN.match(fold(turn.text).lower())))


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


@dataclass
class Unwanted:
    """What a message says is not wanted: themes to avoid, sites to leave out, places that are not
    the start ("No, not Gent")."""

    themes: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)
    places: list[str] = field(default_factory=list)

    def names_place(self, place: str) -> bool:
        return any(fold(phrase).startswith(fold(place)) for phrase in self.places)


# "pas de guerre", "no war please": neither world war.
_ANY_WAR = re.compile(r"^(?:la |the |any )?(?:guerres?|wars?|militaire|military)\b")


def unwanted(turn: Turn, kb: KnowledgeBase) -> Unwanted:
    found = Unwanted()
    for phrase in negated_phrases(turn.text):
        theme = kb.resolve_theme(phrase, typos=False)
        matches = kb.find_sites(phrase, limit=1)
        if _ANY_WAR.match(fold(phrase).lower()):
            found.themes.update(("ww1", "ww2"))
        elif matches and matches[0].score >= EXACT - 10:
            found.sites.add(matches[0].site.id)
        elif theme:
            found.themes.add(theme)
        elif together := kb.resolve_theme_combination(phrase):
            found.themes.update(together)
        found.places.append(phrase)
    return found


def _themes(
    turn: Turn, kb: KnowledgeBase, asked: str | None, town: str | None, avoided: set[str]
) -> list[str] | None:
    known = {theme.id for theme in kb.themes()} | {ANY_THEME}
    themes = [value for value in turn.entities.get("theme", []) if value in known and value not in avoided]
    together = kb.resolve_theme_combination(turn.text) or []  # "both world wars"
    themes = list(dict.fromkeys([*together, *themes]))
    if themes:
        return themes
    words = set(re.findall(r"\w+", turn.text.lower()))
    if asked == "themes" and words & set(choices(turn.lang, "dialogue.form.any_theme_words")):
        return [ANY_THEME]
    if asked == "themes" and any(str(place) != town for place in turn.entities.get("town", [])):
        return [
            ANY_THEME
        ]  # asked for themes, "Dunkerque et la Côte d'Opale alors": places, whatever their history
    # Without the town's name ("Arras" alone is a town, not the theme "Battle of Arras") nor what is
    # not wanted ("pas la carrière Wellington" asks for no quarry).
    text = turn.text.replace(town, " ") if town else turn.text
    for phrase in negated_phrases(text):
        text = text.replace(phrase, " ")
    theme = kb.resolve_theme(text) if asked == "themes" or len(text.split()) > 3 else None
    return [theme] if theme and theme not in avoided else None


def theme_buttons(kb: KnowledgeBase, lang: str, intent: str = "inform") -> list[dict[str, str]]:
    """One button per top-level theme, and one for "no preference"."""
    buttons = [
        button(theme.label_in(lang), intent, theme=theme.id) for theme in kb.themes() if not theme.parent
    ]
    return buttons + [button(t(lang, "dialogue.form.any_theme"), intent, theme=ANY_THEME)]


# "scratch Saturday", "pas le samedi": a day taken back; "just the Sunday", "plutôt le 21": the one meant.
_DAY_TAKEN_BACK = re.compile(
    r"\b(?:scratch|forget|not|no|skip|drop|instead of|rather than|pas|plus|sans|oublie[zr]?|au lieu d[eu])"
    r"(?:\s+(?:the|le|la|on|ce|cette))?\s*$"
)
_DAY_MEANT = re.compile(
    r"\b(?:just|only|instead|rather|make it|juste|seulement|uniquement|plutot|finalement)"
    r"(?:\s+(?:the|le|la|on|ce|cette))?\s*$"
)


def meant_dates(text: str, found: list[Mention]) -> list[Mention]:
    """Of the dates ``found`` in ``text``, those not taken back ("scratch Saturday"); only the ones
    meant when one is singled out ("just the Sunday then")."""
    folded = fold(text).lower()

    def said_before(mention: Mention, words: re.Pattern[str]) -> bool:
        return words.search(folded[max(0, mention.start - 20) : mention.start]) is not None

    kept = [mention for mention in found if not said_before(mention, _DAY_TAKEN_BACK)]
    return [mention for mention in kept if said_before(mention, _DAY_MEANT)] or kept


def read_dates(turn: Turn, today: date) -> DateRange | None:
    """The most precise of the date entities ("la semaine prochaine, le mardi 8 décembre": that
    Tuesday), else of the dates the rules find in the text (not dateparser's guesses on any short
    text: "2" or "Somme" are not dates here). A day taken back or singled out in the text overrules
    the entities ("scratch Saturday, just the Sunday")."""
    found = find_dates(turn.text, turn.lang, today)
    mentions = meant_dates(turn.text, found)
    if turn.entities.get("date") and len(mentions) == len(found):
        said = [parse_dates(str(text), turn.lang, today) for text in turn.entities["date"]]
        return _within_reach(most_precise([dates for dates in said if dates]), today)
    return _within_reach(most_precise([mention.value for mention in mentions]), today)


def _within_reach(dates: DateRange | None, today: date) -> DateRange | None:
    """``dates``, unless they are years away (``bot.trip.within_reach``): "31/12/9999" is not a day
    to plan, "0001-01-01" has passed; a date of history ("he died on 1 July 1916") is no visit at all."""
    if dates is None or dates.start is None or within_reach(dates.start, today):
        return dates
    if HISTORY[0] <= dates.start.year < HISTORY[1]:
        return None
    return DateRange(None, None, invalid=True) if dates.start > today else DateRange(None, None, past=True)


_ONLY = re.compile(r"\b(?:only|seulement|uniquement|juste)\b")
_BARE_WEEKDAY = re.compile(rf"^(?:(?:the|le|ce|this|on)\s+)?(?:{'|'.join(WEEKDAYS)})$")
# Years of history ("he died on 1 July 1916"): a date in them is no visit; a later past date is
# answered "that date has passed" (and so is "0001-01-01").
HISTORY = (1850, 1990)


def _anchored(turn: Turn, dates: DateRange | None, known: Mapping[str, Any], today: date) -> DateRange | None:
    """Dates said relative to the ones discussed: "the Sunday then", "make it the 21st and 22nd"
    are in the week or month of the trip's date (or of the day just asked about); a date long past
    is history, not a visit."""
    anchor = known.get("first_date") or known.get("last_day")
    if not anchor:
        return dates
    anchor_day = date.fromisoformat(str(anchor)[:10])
    mentions = meant_dates(turn.text, find_dates(turn.text, turn.lang, today))
    if not mentions and not turn.entities.get("date"):
        return days_of_month(turn.text, anchor_day) or dates
    if len(mentions) == 1 and _BARE_WEEKDAY.match(fold(mentions[0].text).lower().strip()):
        wanted = WEEKDAYS[fold(mentions[0].text).lower().split()[-1]]
        day = anchor_day + timedelta(days=(wanted - anchor_day.weekday() + 3) % 7 - 3)
        return DateRange(day, day, past=day < today) if day >= today else dates
    return dates


def _which_day(dates: DateRange, lang: str) -> Reply:
    """ "samedi 18 avril" when the 18th is a Sunday: the date said, or the nearest day of the weekday
    said, as buttons."""
    said = dates.start + timedelta(days=(dates.said_weekday - dates.start.weekday() + 3) % 7 - 3)
    options = [said, dates.start] if said < dates.start else [dates.start, said]
    buttons = [button(format_date(day, lang), "inform", date=day.isoformat()) for day in options]
    return Reply(t(lang, "dialogue.form.date_weekday_mismatch", date=format_date(dates.start, lang)), buttons)


def read_details(
    turn: Turn,
    kb: KnowledgeBase,
    today: date,
    geocoder: Geocoder,
    asked: str | None = None,
    known: Mapping[str, Any] | None = None,
) -> Details:
    """Every trip detail in ``turn``. ``asked`` is the slot the bot asked for, if any: the whole
    message may then be its answer ("Arras", "la Grande Guerre", "une journée"). ``known``: the
    request so far, which a new detail adds to (sites left out, themes avoided) or keeps (a day
    named after "2 jours" keeps the two days)."""
    known = known or {}
    lang = turn.lang
    details = Details()
    updates = details.updates
    not_wanted = unwanted(turn, kb)

    lat = _coordinate(turn.entity("latitude"), 90)
    lon = _coordinate(turn.entity("longitude"), 180)
    town = _start_town(turn, geocoder, not_wanted)
    if lat is not None and lon is not None:
        name = town or t(lang, "circuit.your_location")
        updates.update(start_place=name, start_lat=lat, start_lon=lon)
    elif town:
        _add(details, check_start(str(town), geocoder, kb, lang))
    misspelt = None if town or lat is not None else _misspelt_start(turn.text, kb)
    if misspelt:
        _add(details, check_start(misspelt, geocoder, kb, lang))

    themes = _themes(turn, kb, asked, town, not_wanted.themes)
    if not_wanted.themes:
        updates["avoid_themes"] = sorted({*(known.get("avoid_themes") or []), *not_wanted.themes})
    if not_wanted.sites:
        updates["excluded_sites"] = sorted({*(known.get("excluded_sites") or []), *not_wanted.sites})
    wanted = [site for site in _wanted_sites(turn, kb) if site not in not_wanted.sites]
    if wanted:
        updates["wanted_sites"] = wanted
        # "Vimy and Wellington": their themes fill the rest of the time, unless themes were said.
        themes = themes or sorted({theme for site in wanted for theme in kb.site(site).themes})
    if themes:
        updates["themes"] = themes

    dates = _anchored(turn, read_dates(turn, today), known, today)
    if dates and dates.said_weekday is not None and not dates.invalid:
        details.replies.append(_which_day(dates, lang))
        updates["last_day"] = dates.start.isoformat()  # "the Sunday then" is that week's
    elif dates and dates.invalid:
        details.replies.append(Reply(t(lang, "dialogue.form.date_invalid", years=MAX_YEARS_AWAY)))
    elif dates and dates.past:
        details.replies.append(Reply(t(lang, "dialogue.form.date_past")))
    elif dates and dates.start:
        updates.update(
            first_date=dates.start.isoformat(), dates_text=str(turn.entity("date") or turn.text)[:80]
        )

    said = str(turn.entity("duration") or turn.text)
    pace = pace_phrase(turn.text)
    if pace and fold(said).lower() in pace:  # "no more than two stops a day": a pace, not a day out
        said = fold(turn.text).lower().replace(pace, " ")
    duration = parse_duration(said, lang)
    if duration:
        updates.update(
            duration_text=said[:80],
            days=duration.days,
            minutes_per_day=duration.minutes_per_day,
        )
    elif (
        "first_date" in updates
        and not dates.vague
        and (dates.days > 1 or not known.get("duration_text") or _ONLY.search(fold(turn.text).lower()))
    ):  # "saturday only" after a weekend: one day
        # "du 3 au 5 mai" is three days of visits, "le 12 juin" a day out; "fin mai" or "next week"
        # only says when.
        updates.update(duration_text=updates["dates_text"], days=dates.days or 1, minutes_per_day=None)

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
    pace = parse_visits_per_day(turn.text)
    if pace:
        updates["max_visits"] = pace
    if asks_indoors(turn.text):
        updates["indoor_only"] = True
    day_start, day_end = parse_day_bounds(turn.text)
    updates.update({name: value for name, value in (("day_start", day_start), ("day_end", day_end)) if value})
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


# "les 11 musées du réseau", "all 11 Mem'Histo museums": every member is wanted.
_ALL_MEMBERS = re.compile(
    r"\b(?:(?:tous )?les (?:11|onze) musees|tous les musees du reseau|all (?:the )?(?:11|eleven)\b|"
    r"all (?:the )?(?:mem'?histo |network'?s? )?museums|every (?:mem'?histo |network )?museum|the whole network)"
)


def _wanted_sites(turn: Turn, kb: KnowledgeBase) -> list[str]:
    """The sites a trip request names ("je veux voir Vimy et Wellington", "les 11 musées du réseau"),
    known ids only."""
    known = {site.id for site in kb.sites()}
    named = [str(site) for site in turn.entities.get("site", []) if str(site) in known]
    if _ALL_MEMBERS.search(fold(turn.text).lower()):
        named += [site.id for site in kb.sites(members_only=True)]
    return list(dict.fromkeys(named))


# "depart lens", "from lille", "logés à Amiens", "we'll sleep in Saint-Omer": the place that follows is the
# start, written in any case.
_START_CUE = re.compile(
    r"\b(?:depuis|from|starting (?:in|at|from)|start(?:ing)?(?: from| in| at)?|leaving|partant d[e']|"
    r"au depart d[e']|depart(?:\s+d[e'])?|on part d[e']|je pars d[e']|nous partons d[e']|based in|"
    r"staying in|sleep(?:ing)? in|loges? a|logees? a|bases? a|basees? a|dormons a|on dort a|"
    # where the visitor arrives is where the day starts: "we come by train to Douai", "ferry lands at Calais"
    r"arriv(?:e|es|ing|ons|ent|ee) (?:at|in|a)|(?:train|ferry|eurostar|tgv|ter) (?:to|jusqu'a)|jusqu'a|"
    r"lands? (?:at|in)|landing (?:at|in)|debarqu\w* a)\s*"
)


# What a question on a site says of the trip is kept, but not its day: "is Wellington open
# on Sunday?" is no plan to visit it on Sunday.
_NOT_FROM_A_SITE_QUESTION = (
    "first_date",
    "dates_text",
    "duration_text",
    "days",
    "minutes_per_day",
)


def remembered_details(
    turn: Turn, kb: KnowledgeBase, today: date, geocoder: Geocoder, known: Mapping[str, Any]
) -> dict[str, Any]:
    """The trip details a message answered by something else than the circuit form gives beside its
    question ("40 Year 9 students on a 3-day battlefields trip: which museums run school
    programmes?"), kept for the circuit asked later; a town is a start only when said to be one."""
    if turn.intent in TRIP_INTENTS:
        return {}
    return details_beside(turn, kb, today, geocoder, known, about_a_site=turn.intent in TOPICS)


def details_beside(
    turn: Turn,
    kb: KnowledgeBase,
    today: date,
    geocoder: Geocoder,
    known: Mapping[str, Any],
    about_a_site: bool,
) -> dict[str, Any]:
    """The trip details of a message that asks something else (``about_a_site``: a question on a
    site, whose day and site are the question's, not the trip's). They fill what is not known yet,
    never replace it: the form takes corrections; a site asked about is no wish to visit it, nor
    are its themes the visitor's."""
    if turn.too_long or not turn.text:
        return {}
    updates = {
        name: value
        for name, value in read_details(turn, kb, today, geocoder, known=known).updates.items()
        if name in TRIP_SLOTS and value is not None and known.get(name) in (None, [], "", False)
    }
    updates.pop("wanted_sites", None)
    if not turn.entities.get("theme"):
        updates.pop("themes", None)
    if not cued_start(turn.text, geocoder):
        for name in ("start_place", "start_lat", "start_lon"):
            updates.pop(name, None)
    if about_a_site:
        for name in _NOT_FROM_A_SITE_QUESTION:
            updates.pop(name, None)
    return updates


# "qu'est-ce qui est ouvert vers lens ?", "anything around arras": the place sites are sought near.
_NEAR_CUE = re.compile(
    r"\b(?:vers|pres d[e']|autour d[e']|du cote d[e']|aux alentours d[e']|dans le coin d[e']|a cote d[e']|"
    r"near|around|close to|in the area of|not far from)\s*"
)


def near_place(text: str, geocoder: Geocoder) -> str | None:
    """The known place right after a "near" cue, in any case ("vers lens" -> "lens")."""
    return _place_after(_NEAR_CUE, text, geocoder)


def cued_start(text: str, geocoder: Geocoder, not_wanted: Unwanted | None = None) -> str | None:
    """The known place right after a start cue, in any case ("depart lens" -> "lens")."""
    return _place_after(_START_CUE, text, geocoder, not_wanted)


def _place_after(
    cue: re.Pattern[str], text: str, geocoder: Geocoder, not_wanted: Unwanted | None = None
) -> str | None:
    """The first place of the region after one of the cues, else the first place ("from Canterbury:
    the ferry lands at Calais" starts at Calais)."""
    places = []
    for match in cue.finditer(fold(text).lower()):
        words = re.findall(r"[\w'’-]+", text[match.end() :])[:MAX_TOWN_WORDS]
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size])
            if fold(candidate) in function_words() or (not_wanted and not_wanted.names_place(candidate)):
                continue
            found = geocoder.geocode(candidate, limit=1)
            if found and found[0].score >= EXACT:
                places.append((candidate, found[0].admin == REGION))
                break
    return next((name for name, in_region in places if in_region), places[0][0] if places else None)


def _start_town(turn: Turn, geocoder: Geocoder, not_wanted: Unwanted) -> str | None:
    """The start among the places a message names: the one said to be the start, else the first of
    the region ("from Ashford, Kent, to Calais": Calais), else the first; never one said not to be."""
    cued = cued_start(turn.text, geocoder, not_wanted)
    if cued:
        return cued
    towns = [str(town) for town in turn.entities.get("town", []) if not not_wanted.names_place(str(town))]
    in_region = [
        town for town in towns if (found := geocoder.geocode(town, limit=1)) and found[0].admin == REGION
    ]
    return (
        next(iter(in_region or towns), None)
        or _town_run(turn.text, geocoder, not_wanted)
        or _typed_place(turn.text, geocoder, not_wanted)
    )


MIN_TYPED_PLACE = 5  # a single word typed in lower case is a place only from this length
_ARTICLE_OR_SAINT = re.compile(r"^(?:le|la|les|saint|sainte|st|ste)\b")  # "le quesnoy", "saint omer"


def _typed_place(text: str, geocoder: Geocoder, not_wanted: Unwanted) -> str | None:
    """A place of the region typed in lower case on a phone ("kiwi couple, le quesnoy tmrw"): runs of
    three or two words first, then single words of five letters or more that are no common word."""
    words = re.findall(r"[\w'’-]+", text)
    common = function_words() | not_places()
    for size in (3, 2, 1):
        for begin in range(len(words) - size + 1):
            run = " ".join(words[begin : begin + size])
            folded = fold(run).lower()
            edges = {fold(words[begin]).lower(), fold(words[begin + size - 1]).lower()}
            if size == 1 and (len(run) < MIN_TYPED_PLACE or folded in common):
                continue
            if size > 1 and edges & common and not _ARTICLE_OR_SAINT.match(folded):
                continue
            if not_wanted.names_place(run):
                continue
            found = geocoder.geocode(run, limit=1)
            if found and found[0].score >= EXACT and found[0].admin == REGION:
                return run
    return None


def _town_run(text: str, geocoder: Geocoder, not_wanted: Unwanted) -> str | None:
    """A capitalised run of words that is a known place, to keep it out of the theme search."""
    for run in _candidate_towns(text)[1:]:
        if not_wanted.names_place(run):
            continue
        found = geocoder.geocode(run, limit=1)
        if found and found[0].score >= EXACT:
            return run
    return None


def _add(details: Details, more: Details) -> None:
    details.updates.update(more.updates)
    details.replies += more.replies
