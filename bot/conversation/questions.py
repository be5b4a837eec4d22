"""Questions about the sites in messages the NLU took for something else.

"est-ce que le musée 14-18 est gratuit ?" names a theme (14-18) and reads like a trip detail; "I just
want the price please" comes in the middle of the form's questions. When a message is worded as a
question and asks about a topic of the sites (price, hours, access...), it is that question, unless
it also describes a trip (a duration, or a start with themes), which the circuit form takes whole.
"""

from __future__ import annotations

import re
from typing import Any

from bot.conversation.events import names_an_event
from bot.conversation.sites import TOPICS, mentioned_topics
from bot.expressions import INDOORS, fold, parse_duration

# The intent asking about each topic; a question on a service no source describes is a site question.
TOPIC_INTENTS = {topic: intent for intent, topic in TOPICS.items()} | {"services": "ask_site_info"}
# Intents a question may be mistaken for: a detail, a theme, an unsure guess, a "no, just...".
MISTAKEN_INTENTS = frozenset({"inform", "nlu_fallback", "list_sites_by_theme", "deny", "refine_circuit"})
_QUESTION = re.compile(
    r"\?|^\W*(?:(?:bonjour|hello|hi|salut|bjr|au fait|by the way|btw|and|et|ok|so|alors)\W+)*"
    r"(?:est-ce|est ce|is|are|does|do|can|could|how|what|when|where|which|will|quel\w*|combien|comment|"
    r"ou|quand|peut-on|peut on|on peut|y a-t-il|y a t il|il y a|faut-il)\b"
)
# "je veux juste savoir si...", "just tell me the price", "I don't need an itinerary": a question only,
# no circuit.
_ONLY_ASKING = re.compile(
    r"\b(?:juste|seulement|simplement|just|only)\b[^.?!]{0,25}\b(?:savoir|connaitre|le prix|les horaires|"
    r"know|tell me|want the|need the|the price|the hours|asking)\b|"
    r"\b(?:pas besoin d'(?:un )?(?:circuit|itineraire|programme)|don'?t need (?:an? )?(?:itinerary|circuit|"
    r"route|plan)|no (?:itinerary|circuit) needed)\b"
)


def is_question(text: str) -> bool:
    return _QUESTION.search(fold(text).lower()) is not None


def only_asking(text: str) -> bool:
    """The visitor wants an answer, not a circuit ("je veux juste savoir si l'entrée est gratuite")."""
    return _ONLY_ASKING.search(fold(text).lower()) is not None


# What a group asks of a site that its group offer answers: rates, booking, a guide.
_GROUP_TERMS = re.compile(
    r"\b(?:tarifs?|prix|rates?|prices?|charge|cost|resa|reserv\w*|book\w*|contacts?|guided?|guides?|"
    r"visites? guidees?|creneaux?|slots?)\b"
)
_GROUP = re.compile(r"\b(?:groupes?|groups?|classes?|eleves|pupils|students|scolaires?|school)\b")
# Intents of courtesy a message giving a date is sometimes taken for.
SMALL_TALK = frozenset({"greet", "help", "affirm", "thank", "goodbye", "bot_challenge", "out_of_scope"})
# Intents whose messages may hold a date of their own; any other intent said of a message that only
# gives a date ("Ce serait le jeudi 6 mai.") is mistaken.
WITH_DATES = frozenset(
    {
        "inform",
        "plan_circuit",
        "refine_circuit",
        "add_day",
        "exclude_site",
        "deny",
        "ask_events",
        "nlu_fallback",
    }
    | {"goodbye", "thank"}  # "done for today, see ya", "merci, à demain"
)
# Requests worded unmistakably, whatever DIET says of them: (intent, the intents it may be mistaken
# for, the words). A train's or a bus's times are not known here (out of scope, with where to ask).
_TIMETABLES = (
    r"\b(?:horaires? d[eu]s? (?:trains?|bus|cars?|ter|tgv|navettes?)|(?:train|bus|ferry|eurostar) "
    r"(?:times?|timetables?|schedules?)|timetables?|what time (?:is|does) the (?:train|bus))\b"
)
_NEAR_ME = (
    r"\b(?:near me|near here|nearby|around here|close to me|close by|pres d'ici|pres de moi|autour de moi|"
    r"dans le coin|a proximite|not far from|pas loin de)\b"
)
# "cc on est a lille ce we ya quoi a faire niveau histoire", "what is there to see around Arras?"
_WHAT_TO_DO = (
    r"\b(?:y ?a quoi a (?:faire|voir)|(?:qu'est-ce qu'il|qu'est ce qu'il|qu'il) y a a (?:faire|voir)|"
    r"quoi (?:faire|voir|visiter) (?:a|sur|vers|pres|autour)|what is there to (?:do|see|visit)|"
    r"what(?:'s| is) there to (?:do|see)|things to (?:do|see)|what to (?:do|see|visit) (?:in|around|near))\b"
)
_LEAVE_OUT = r"\b(?:leave out|leave off|drop|remove|skip|cut|take out|without|enleve[rz]?|retire[rz]?|sans|supprime[rz]?)\b"
_LANGUAGE_OF_VISIT = (
    r"\b(?:is it|is the|are the|est-ce|c'est|la visite|the tour|the visit|guided|guidee?s?|audio|available|"
    r"disponible|done)\b.*\b(?:in |en )(?:english|french|german|dutch|anglais|francais|allemand|neerlandais)\b"
)
# "quoi d'autre dans le coin ?", "something about the Atlantic wall that is open then?": more sites.
_SOMETHING_ELSE = (
    r"\b(?:autre chose|quoi d'autre|d'autres sites|autres sites|something else|anything else|anything similar|"
    r"something similar|what else|other sites|something about|quelque chose sur)\b"
)
# "dsl c mon fils qui a pris le tel, vous faites quoi exactement ?": what the assistant does.
_WHAT_DO_YOU_DO = (
    r"\b(?:vous faites quoi|tu fais quoi|que faites[- ]vous|que fais[- ]tu|qu'est-ce que vous faites|"
    r"vous servez a quoi|tu sers a quoi|what do you do|what can you do|what are you for|who are you|"
    r"what is this (?:bot|service|chat)|c'est quoi ce (?:bot|service|chat)|vous etes qui|t'es qui)"
    r"(?: exactement| au juste| exactly| for (?:me|us)| ici| here)?\W*$"  # not "what can you do in Arras?"
)
CUES = (
    ("ask_languages", {"switch_language"}, re.compile(_LANGUAGE_OF_VISIT)),  # "and is it in English?"
    ("help", MISTAKEN_INTENTS | set(TOPICS) | {"greet", "out_of_scope"}, re.compile(_WHAT_DO_YOU_DO)),
    (
        "out_of_scope",
        MISTAKEN_INTENTS | {"ask_hours", "plan_circuit", "find_nearby"},
        re.compile(_TIMETABLES),
    ),
    ("find_nearby", MISTAKEN_INTENTS | {"out_of_scope"}, re.compile(_NEAR_ME)),
    ("find_nearby", MISTAKEN_INTENTS | SMALL_TALK | {"list_members"}, re.compile(_WHAT_TO_DO)),
    ("inform", {"out_of_scope", "nlu_fallback"}, INDOORS),  # "il va pleuvoir, que de l'intérieur"
    (
        "find_nearby",
        MISTAKEN_INTENTS | {"out_of_scope", "ask_hours", "ask_site_info", "plan_circuit", "ask_events"},
        re.compile(_SOMETHING_ELSE),
    ),
)


# The entity that answers each of the form's questions ("from Arras?" answers where from).
ANSWERING_ENTITY = {"start_place": "town", "themes": "theme", "duration_text": "duration"}


def asks_aside(text: str, entities: dict[str, list[Any]], asked: str | None, follows_answer: bool) -> bool:
    """A question on a site or an event while the form waits for ``asked`` ("the ship wreck, can we
    see it always?"): to answer, then ask again; not an answer to the form ("from Arras?"), nor a trip
    ("2 days from Lille?"). ``follows_answer``: the last reply answered a question on a site, so "et
    le mercredi d'après ?" asks it again."""
    if not is_question(text) or (asked and entities.get(ANSWERING_ENTITY.get(asked, ""))):
        return False
    if entities.get("duration") or parse_duration(text) or (entities.get("town") and entities.get("theme")):
        return False  # "can we do the 11 museums in one day from Arras?" is a trip
    about = entities.get("site") or mentioned_topics(text) or names_an_event(text)
    return bool(about or (follows_answer and (entities.get("date") or entities.get("party"))))


# Messages without a word: what their emoji say ("👋", "👍"); any other is taken as a hello, answered
# with what the assistant can do.
EMOJI_INTENTS = {
    "👍": "affirm",
    "👌": "affirm",
    "✅": "affirm",
    "👎": "deny",
    "❌": "deny",
    "🙏": "thank",
    "👋": "greet",
}
_THANKS = re.compile(
    r"\b(?:dank je(?: wel)?|dankjewel|bedankt|danke(?: schon)?|vielen dank|gracias|grazie|obrigad[oa])\b"
)


def question_intent(text: str, intent: str | None, entities: dict[str, list[Any]]) -> str | None:
    """The intent a message mistaken for ``intent`` really has: a request worded unmistakably
    (``CUES``), a site left out of the circuit, a date given, a question on the sites; None if it is
    none of these (then the NLU's intent stands)."""
    folded = fold(text).lower()
    if text.strip() and not re.search(r"\w", text) and not entities:
        return next((each for emoji, each in EMOJI_INTENTS.items() if emoji in text), "greet")
    if intent in MISTAKEN_INTENTS | {"goodbye"} and _THANKS.search(folded):
        return "thank"  # "Dank je wel!"
    for cued, mistaken_for, words in CUES:
        if intent in mistaken_for and words.search(folded):
            return cued
    if intent in MISTAKEN_INTENTS and entities.get("site") and re.search(_LEAVE_OUT, folded):
        return "exclude_site"  # "and leave out Lochnagar, we've been"
    question, asking, topics = is_question(text), only_asking(text), mentioned_topics(text)
    if intent in MISTAKEN_INTENTS | SMALL_TALK and entities.get("date") and names_an_event(text):
        return "ask_events"  # "We're hoping to be in France for Anzac Day - what's on and where?"
    if intent in MISTAKEN_INTENTS and question and entities.get("site") and _GROUP.search(folded):
        return "group_offer"  # "on a un groupe de 60 personnes, peut-on faire la Carrière Wellington ?"
    if intent in TOPICS and entities.get("site") and _GROUP.search(folded) and _GROUP_TERMS.search(folded):
        # "contacts resa groupes La Coupole", "do they charge groups anything?": the group offer, with
        # its own contact and rates, not the site's general ones.
        return "group_offer"
    if intent == "list_members" and len(set(entities.get("site") or [])) == 1:
        # A message about one site is no request for the network's list: "on est 31 (29 élèves + 2
        # profs), on peut tous descendre ensemble à la carrière Wellington ?"
        if _GROUP.search(folded):
            return "group_offer"
        return TOPIC_INTENTS[topics[0]] if topics else "ask_site_info"
    if intent not in WITH_DATES and entities.get("date") and not question and not topics:
        return "inform"  # "Parfait. Ce serait le jeudi 6 mai.": a date, not a courtesy
    if intent in TOPICS:  # the words beat DIET between the questions on a site
        said = [topic for topic in topics if topic != "services"]
        return TOPIC_INTENTS[said[0]] if said and TOPICS[intent] not in said else None
    if not topics:
        return None
    if intent in SMALL_TALK and entities.get("site"):
        return TOPIC_INTENTS[topics[0]]  # "opening hours carriere wellington pls. Merci"
    mistaken = intent in MISTAKEN_INTENTS or (asking and intent == "plan_circuit")
    describes_trip = entities.get("duration") or (entities.get("town") and entities.get("theme"))
    if not mistaken or not (question or asking) or (describes_trip and not asking):
        return None
    return TOPIC_INTENTS[topics[0]]
