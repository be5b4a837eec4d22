"""Greeting, help, language switch, handoff, fallback, restart: the conversation's frame."""

from __future__ import annotations

import re

from bot.conversation.answers import (
    EVENTS_ACTION,
    EVENTS_TOPIC,
    GROUPS_TOPIC,
    NEARBY_ACTIONS,
    events,
    group_offer,
    nearby,
    site_question,
    sites_of_theme,
)
from bot.conversation.circuit import offer_taken
from bot.conversation.events import names_an_event
from bot.conversation.frame import Respond, context_notes, start_circuit_form
from bot.conversation.questions import is_question
from bot.conversation.replies import (
    END_FORM,
    FORGET_MESSAGE,
    RESET_SLOTS,
    Answer,
    Reply,
    button,
    parse_payload,
)
from bot.conversation.sites import topic_in_text
from bot.conversation.situation import Situation
from bot.conversation.trip_details import names_follow_up, names_trip_details
from bot.conversation.turn import MAX_TEXT, Turn
from bot.expressions import fold, names_unplanned_mode
from bot.language import looks_like_words
from bot.texts import choices, t
from bot.texts.formats import mode_label

FALLBACKS_BEFORE_CONTACT = 2
# An unsure message whose best guess is one of these takes the circuit the last reply offered.
OFFER_TAKEN = ("affirm", "plan_circuit")


def greeting(lang: str) -> Reply:
    buttons = [
        button(t(lang, "dialogue.greet.button_plan"), "plan_circuit"),
        button(t(lang, "dialogue.greet.button_nearby"), "find_nearby"),
        button(t(lang, "dialogue.greet.button_themes"), "list_themes"),
        button(t(lang, "dialogue.greet.button_members"), "list_members"),
    ]
    return Reply(t(lang, "dialogue.greet.text"), buttons)


def greet(turn: Turn, situation: Situation) -> Answer:
    # "Bonjour, les horaires de Lewarde ?": the question, not hello.
    if turn.entity("site") and topic_in_text(turn.text):
        return site_question(turn, situation)
    return Answer([greeting(turn.lang)])


def say(key: str) -> Respond:
    """An answer that is one text of the catalogue."""
    return lambda turn, situation: Answer([Reply(t(turn.lang, key))])


def thank(turn: Turn, situation: Situation) -> Answer:
    words = set(re.findall(r"\w+", fold(turn.text)))
    if words & set(choices(turn.lang, "dialogue.chat.goodbye_words")):  # "merci beaucoup, au revoir"
        return Answer([Reply(t(turn.lang, "dialogue.chat.goodbye"))])
    return Answer([Reply(t(turn.lang, "dialogue.chat.thank"))])


def handoff(turn: Turn, situation: Situation) -> Answer:
    """Who to talk to: the site being discussed, if any, and the network's website (no invented
    numbers: only contacts from the knowledge base and the network's public site)."""
    replies = [Reply(t(turn.lang, "dialogue.chat.handoff"))]
    last_site = situation.slot("last_site")
    if last_site:
        try:
            site = situation.kb.site(last_site)
        except KeyError:
            site = None
        contacts = [part for part in (site.phone, site.website) if part] if site else []
        if contacts:
            name = site.name_in(turn.lang)
            replies.insert(
                0,
                Reply(t(turn.lang, "dialogue.chat.handoff_site", name=name, contacts=", ".join(contacts))),
            )
    return Answer(replies)


def fallback(turn: Turn, situation: Situation) -> Answer:
    """Says what the bot can do; the second time in a row, where to find a person instead. Like
    Rasa's fallback, it then forgets the message it did not understand, so that the policies are
    back where they were and wait for the next one (a misunderstood message kept in the history
    could make them fall back again, in a loop)."""
    understood_by = answered_by(turn, situation) if turn.intent == "nlu_fallback" else None
    if understood_by:
        return understood_by(turn, situation)
    notes = context_notes(turn, situation)
    # "my grandfather fell at Fromelles": the notes are the answer
    answer = Answer([], {}, [FORGET_MESSAGE]) if notes else _not_understood(turn, situation)
    if turn.text and not situation.replied:
        answer.replies[:0] = notes
    answer.noted = True
    return answer


def _not_understood(turn: Turn, situation: Situation) -> Answer:
    forget = [FORGET_MESSAGE]
    if names_unplanned_mode(turn.text):
        modes = ("car", "bike", "foot")
        intent = "refine_circuit" if situation.slot("last_circuit") else "plan_circuit"
        buttons = [button(mode_label(mode, turn.lang), intent, transport_mode=mode) for mode in modes]
        return Answer([Reply(t(turn.lang, "dialogue.chat.unplanned_mode"), buttons)], {}, forget)
    if turn.too_long:  # not a misunderstanding to count: the visitor only has to say it shorter
        return Answer([Reply(t(turn.lang, "dialogue.chat.too_long", limit=MAX_TEXT))], {}, forget)
    buttons = [
        button(t(turn.lang, "dialogue.greet.button_plan"), "plan_circuit"),
        button(t(turn.lang, "dialogue.greet.button_themes"), "list_themes"),
    ]
    if turn.intent == "out_of_scope" and looks_like_words(turn.text):  # understood, only not ours
        return Answer([Reply(t(turn.lang, "dialogue.chat.out_of_scope"), buttons)], {}, forget)
    count = int(situation.slot("fallback_count") or 0) + 1
    if count >= FALLBACKS_BEFORE_CONTACT:
        return Answer([Reply(t(turn.lang, "dialogue.chat.fallback_again"))], {"fallback_count": 0}, forget)
    return Answer([Reply(t(turn.lang, "dialogue.chat.fallback"), buttons)], {"fallback_count": count}, forget)


def answered_by(turn: Turn, situation: Situation) -> Respond | None:
    """The answer to an unsure message from where the conversation stands, given here (a follow-up
    action would meet the NLU fallback again, and loop); None if none answers it."""
    topic, asked = situation.slot("last_topic"), topic_in_text(turn.text)
    if names_an_event(turn.text) or (topic == EVENTS_TOPIC and is_question(turn.text) and not asked):
        return events  # "what time does the dawn service kick off?"
    if (turn.entity("site") or (topic and names_follow_up(turn))) and (topic or asked):
        # "et l'historial ?" or "et dimanche ?" right after a question on a site, or "la coupolle
        # c'est combien ?": a question on the site.
        return group_offer if topic == GROUPS_TOPIC and not asked else site_question
    offered, _ = parse_payload(situation.slot("offer") or "")
    if offered == "plan_circuit" and situation.best_guess in OFFER_TAKEN and not names_trip_details(turn):
        return offer_taken  # "yes, plan a circuit from here"
    if situation.previous_action in NEARBY_ACTIONS and set(turn.entities) == {"town"}:
        return nearby  # "et à Compiègne ?" after the nearby sites
    if situation.previous_action == EVENTS_ACTION and turn.entity("date"):
        return events  # "and in May?" after the events
    if set(turn.entities) == {"theme"}:
        return sites_of_theme  # "c'est quoi la bataille de la Somme ?"
    return None


def start_over(turn: Turn, situation: Situation) -> Answer:
    """Forgets every slot (the request, the circuit, the form) but not the language, and greets again.
    Slots are reset rather than the tracker restarted: after a restart the policies would have to
    predict on an empty conversation, where the only sure answer is the fallback."""
    replies = [Reply(t(turn.lang, "dialogue.chat.start_over")), greeting(turn.lang)]
    return Answer(replies, events=[END_FORM, RESET_SLOTS])


def form_cancelled(turn: Turn, situation: Situation) -> Answer:
    """The visitor does not want to go on with the questions."""
    if names_trip_details(turn):  # "non finalement après-demain": a correction, not a stop
        return start_circuit_form(turn, situation)
    return Answer([Reply(t(turn.lang, "dialogue.chat.cancelled"))], {"requested_slot": None}, [END_FORM])
