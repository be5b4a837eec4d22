"""One turn of the circuit form: read what the message gives, answer a question asked aside, then say
which question comes next; and the form's questions."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.conversation.answers import events, site_question
from bot.conversation.events import names_an_event
from bot.conversation.frame import context_notes
from bot.conversation.planning import missing_slots
from bot.conversation.questions import ANSWERING_ENTITY, TOPIC_INTENTS, asks_aside, is_question, only_asking
from bot.conversation.replies import END_FORM, Answer, Reply, button
from bot.conversation.sites import TOPICS, mentioned_topics, site_named_in_text, topic_in_text
from bot.conversation.situation import Situation
from bot.conversation.trip_details import (
    TRIP_INTENTS,
    TRIP_SLOTS,
    Details,
    details_beside,
    read_details,
    theme_buttons,
)
from bot.conversation.turn import Turn
from bot.geocoding import Geocoder
from bot.knowledge import KnowledgeBase
from bot.texts import choices, t


def form_step(
    turn: Turn,
    slots: Mapping[str, Any],
    kb: KnowledgeBase,
    today: date,
    geocoder: Geocoder,
    already_read: bool = False,
) -> Details:
    """Slot updates (``requested_slot`` included: None ends the form) and re-asks.

    A message about something else (a question on a site, help) gives no update: the form then
    lets the other rules answer it and asks its question again afterwards (unless it carries the
    entity that answers the question). ``already_read``: a
    refinement action has read this message already (reading "un jour de plus" twice would set the
    duration to one day).
    """
    details = Details()
    asked = slots.get("requested_slot")
    answers_question = bool(turn.entities.get(ANSWERING_ENTITY.get(asked, "")))
    if not already_read and (turn.intent in TRIP_INTENTS or answers_question):
        details = read_details(turn, kb, today, geocoder, asked=asked, known=slots)
    if details.replies and slots.get("requested_slot"):
        # A re-ask is an answer to this turn: setting the slot (still empty) keeps the form from
        # rejecting the message and letting another policy answer it a second time.
        details.updates.setdefault(slots["requested_slot"], None)
    missing = missing_slots({**slots, **details.updates})
    details.updates["requested_slot"] = missing[0] if missing else None
    return details


def form_turn(turn: Turn, situation: Situation) -> Answer:
    """The circuit form's validation: every trip detail of the message at once (not one slot per turn),
    re-asks of what cannot be used, the next question in ``requested_slot``. Any slot set tells the
    form that the message was for it; a message about something else sets none, so that the form
    lets the rules answer it."""
    if turn.intent in TOPICS and only_asking(turn.text):
        # "I don't need an itinerary, just tell me the price": the answer, and no more questions.
        answered = site_question(turn, situation)
        return Answer(answered.replies, answered.slots, [END_FORM])
    asked = situation.slot("requested_slot")
    follows_answer = situation.slot("last_topic") is not None
    found = site_named_in_text(situation.kb, turn.text)  # "le wagon à la gare", which the NLU missed
    entities = {**turn.entities, "site": turn.entities.get("site") or ([found] if found else [])}
    if turn.intent in TRIP_INTENTS and asks_aside(turn.text, entities, asked, follows_answer):
        return _aside(turn, situation, asked)
    details = form_step(
        turn, situation.slots, situation.kb, situation.today, situation.geocoder, situation.refined
    )
    topics = [topic for topic in mentioned_topics(turn.text) if topic != "info"]
    took_trip = any(key in TRIP_SLOTS for key in details.updates)  # else the rules answer the question
    if took_trip and entities["site"] and topics and is_question(turn.text) and not situation.refined:
        # A trip with a question on a site in it ("a day in Arras in September: is Wellington
        # accessible?"): the answer too, and the form's next question, if any, after it.
        asked_about = dataclasses.replace(turn, intent=TOPIC_INTENTS[topics[0]], entities=entities)
        answered = site_question(asked_about, situation).replies
        upcoming = details.updates.get("requested_slot")
        if upcoming and not details.replies:
            answered.append(Reply(t(turn.lang, f"dialogue.form.reask.{upcoming}")))
        return Answer([*answered, *details.replies], details.updates)
    return Answer(details.replies, details.updates)


def _aside(turn: Turn, situation: Situation, asked: str | None) -> Answer:
    """A question on a site or an event in the middle of the questions: answered, then the form's
    question again, in short (the empty slot keeps the form going)."""
    topic = topic_in_text(turn.text) or situation.slot("last_topic")
    question = dataclasses.replace(turn, intent=TOPIC_INTENTS.get(topic, "ask_site_info"))
    answered = (events if names_an_event(turn.text) else site_question)(question, situation)
    if not asked:
        # The question itself opened the form ("no car, we come by train to Douai: how do we
        # get there then?"): no circuit was asked for. Answered, and the trip details it gave
        # kept for a circuit asked later.
        kb, today, geocoder = situation.kb, situation.today, situation.geocoder
        kept = details_beside(turn, kb, today, geocoder, situation.slots, True)
        notes = context_notes(turn, situation)  # no question of the form's follows to say them
        slots = {**kept, **answered.slots, "requested_slot": None}
        # Answered already when the refinement that opened the form found no circuit to change.
        replies = [] if situation.replied else [*notes, *answered.replies]
        return Answer(replies, slots, [END_FORM])
    again = Reply(t(turn.lang, f"dialogue.form.reask.{asked}"))
    return Answer([*answered.replies, again], {**answered.slots, asked: None})


def form_question(slot: str, turn: Turn, situation: Situation) -> Answer:
    """The form's question for ``slot``, unless the validation has just asked it more precisely;
    "noted" first when the message gave other details, so that the question is not a mere echo."""
    if situation.form_replied:
        return Answer()
    lang = turn.lang
    question = Reply(t(lang, FORM_QUESTIONS[slot]))
    if slot == "themes":
        question.buttons = theme_buttons(situation.kb, lang)
    elif slot == "duration_text":
        durations = choices(lang, "dialogue.form.duration_choices")
        question.buttons = [button(text, "inform", duration=text) for text in durations]
    if situation.details_taken:
        question.text = f"{t(lang, 'dialogue.form.noted')} {question.text}"
    return Answer([question])


VALIDATE_ACTION = "validate_circuit_form"
FORM_QUESTIONS = {
    "start_place": "dialogue.form.ask_start",
    "themes": "dialogue.form.ask_themes",
    "duration_text": "dialogue.form.ask_duration",
}
