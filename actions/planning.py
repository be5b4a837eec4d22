"""The circuit form (questions, validation), the circuit itself, and its refinements."""

from __future__ import annotations

import dataclasses
from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop

from actions.answers import AnswerSiteQuestion, Events
from actions.base import Answer, DialogueAction, context_notes, start_circuit_form
from bot.config import settings
from bot.conversation.events import names_an_event
from bot.conversation.form import form_step
from bot.conversation.planning import missing_slots, plan_circuit, refine
from bot.conversation.questions import TOPIC_INTENTS, asks_aside, is_question, only_asking
from bot.conversation.replies import Reply, button, parse_payload
from bot.conversation.sites import TOPICS, mentioned_topics, site_named_in_text, topic_in_text
from bot.conversation.trip_details import TRIP_INTENTS, TRIP_SLOTS, details_beside, theme_buttons
from bot.conversation.turn import Turn
from bot.geocoding import default_geocoder
from bot.knowledge import open_kb
from bot.texts import choices, t

REFINE_ACTION = "action_refine_circuit"


def _since_last_user_message(tracker: Tracker) -> list[dict]:
    events = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        events.append(event)
    return events


class ValidateCircuitForm(DialogueAction):
    """Reads every trip detail of the message at once (not one slot per turn, as FormValidationAction
    does), re-asks what cannot be used, and names the next question in ``requested_slot``."""

    action_name = "validate_circuit_form"
    # Any slot set here tells the form that the message was for it; a message about something else
    # must set none, so that the form lets the rules answer it. The ask actions set the language.
    sets_language = False
    sets_offer = False
    resets_fallbacks = False
    adds_notes = False  # the question that follows says them

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        if turn.intent in TOPICS and only_asking(turn.text):
            # "I don't need an itinerary, just tell me the price": the answer, and no more questions.
            answered = AnswerSiteQuestion().answer(turn, tracker)
            return Answer(answered.replies, answered.slots, [ActiveLoop(None)])
        asked = tracker.get_slot("requested_slot")
        follows_answer = tracker.get_slot("last_topic") is not None
        found = site_named_in_text(open_kb(), turn.text)  # "le wagon à la gare", which the NLU missed
        entities = {**turn.entities, "site": turn.entities.get("site") or ([found] if found else [])}
        if turn.intent in TRIP_INTENTS and asks_aside(turn.text, entities, asked, follows_answer):
            # A question on a site or an event in the middle of the questions: answered, then the
            # form's question again, in short (the empty slot keeps the form going).
            answered = (Events() if names_an_event(turn.text) else AnswerSiteQuestion()).answer(
                dataclasses.replace(turn, intent=_question_intent(turn, tracker)), tracker
            )
            if not asked:
                # The question itself opened the form ("no car, we come by train to Douai: how do we
                # get there then?"): no circuit was asked for. Answered, and the trip details it gave
                # kept for a circuit asked later.
                kept = details_beside(turn, open_kb(), date.today(), default_geocoder(), tracker.slots, True)
                notes = context_notes(turn)  # no question of the form's follows to say them
                slots = {**kept, **answered.slots, "requested_slot": None}
                return Answer([*notes, *answered.replies], slots, [ActiveLoop(None)])
            again = Reply(t(turn.lang, f"dialogue.form.reask.{asked}"))
            return Answer([*answered.replies, again], {**answered.slots, asked: None})
        already_read = any(
            event.get("event") == "action" and event.get("name") == REFINE_ACTION
            for event in _since_last_user_message(tracker)
        )
        details = form_step(turn, tracker.slots, open_kb(), date.today(), default_geocoder(), already_read)
        topics = [topic for topic in mentioned_topics(turn.text) if topic != "info"]
        took_trip = any(key in TRIP_SLOTS for key in details.updates)  # else the rules answer the question
        if took_trip and entities["site"] and topics and is_question(turn.text) and not already_read:
            # A trip with a question on a site in it ("a day in Arras in September: is Wellington
            # accessible?"): the answer too, and the form's next question, if any, after it.
            asked_about = dataclasses.replace(turn, intent=TOPIC_INTENTS[topics[0]], entities=entities)
            answered = AnswerSiteQuestion().answer(asked_about, tracker).replies
            upcoming = details.updates.get("requested_slot")
            if upcoming and not details.replies:
                answered.append(Reply(t(turn.lang, f"dialogue.form.reask.{upcoming}")))
            return Answer([*answered, *details.replies], details.updates)
        return Answer(details.replies, details.updates)


def _question_intent(turn: Turn, tracker: Tracker) -> str:
    """The site-question intent of a question the NLU took for a trip detail."""
    topic = topic_in_text(turn.text) or tracker.get_slot("last_topic")
    return next((intent for intent, each in TOPICS.items() if each == topic), "ask_site_info")


def _validation_replied(tracker: Tracker) -> bool:
    """Whether the form's validation, in this run of the form, already said something (a re-ask)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return True
        if event.get("event") in ("user", "action") and event.get("name") != "validate_circuit_form":
            return False
    return False


def _validation_took_details(tracker: Tracker) -> bool:
    """Whether the latest message gave the form something (themes while the start is asked)."""
    return any(
        event.get("event") == "slot" and event.get("name") in TRIP_SLOTS and event.get("value") is not None
        for event in _since_last_user_message(tracker)
    )


class AskFormSlot(DialogueAction):
    """Asks the form's question, unless the validation has just asked it more precisely; says
    "noted" first when the message gave other details, so that the question is not a mere echo."""

    question = ""

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        if _validation_replied(tracker):
            return Answer()
        question = self.ask(turn.lang)
        if _validation_took_details(tracker):
            question.text = f"{t(turn.lang, 'dialogue.form.noted')} {question.text}"
        return Answer([question])

    def ask(self, lang: str) -> Reply:
        return Reply(t(lang, self.question))


class AskStartPlace(AskFormSlot):
    action_name = "action_ask_start_place"
    question = "dialogue.form.ask_start"


class AskThemes(AskFormSlot):
    action_name = "action_ask_themes"
    question = "dialogue.form.ask_themes"

    def ask(self, lang: str) -> Reply:
        return Reply(t(lang, self.question), theme_buttons(open_kb(), lang))


class AskDuration(AskFormSlot):
    action_name = "action_ask_duration_text"
    question = "dialogue.form.ask_duration"

    def ask(self, lang: str) -> Reply:
        durations = choices(lang, "dialogue.form.duration_choices")
        return Reply(t(lang, self.question), [button(text, "inform", duration=text) for text in durations])


class PlanCircuit(DialogueAction):
    action_name = "action_plan_circuit"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        if missing_slots(tracker.slots):
            return Answer()  # the form was left before it had a start, themes and a duration
        replies, slots = plan_circuit(tracker.slots, turn.lang, open_kb())
        return Answer(replies, {**slots, "last_topic": None})


class AcceptOffer(DialogueAction):
    """A "yes": presses the one button the previous reply offered ("Un circuit depuis ici"), with
    its details; a yes to nothing gets what the bot can do."""

    action_name = "action_affirm"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        intent, entities = parse_payload(tracker.get_slot("offer") or "")
        if intent != "plan_circuit":
            return Answer([Reply(t(turn.lang, "dialogue.chat.help"))])
        return start_circuit_form(
            Turn("", intent, {name: [value] for name, value in entities.items()}, turn.lang)
        )


class RefineCircuit(DialogueAction):
    """Applies a change ("sans la Coupole", "un jour de plus", "plutôt depuis Lille"); the form then
    asks what is missing, if anything, and the circuit is planned again."""

    action_name = REFINE_ACTION

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        details = refine(turn, tracker.slots, open_kb(), date.today(), default_geocoder())
        return Answer(details.replies, details.updates)


class ShowMap(DialogueAction):
    action_name = "action_show_map"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        circuit = tracker.get_slot("last_circuit") or {}
        if circuit.get("link"):
            return Answer([Reply(t(turn.lang, "dialogue.plan.map", url=circuit["link"]))])
        url = f"{settings().website_url}/?lang={turn.lang}"
        return Answer([Reply(t(turn.lang, "dialogue.plan.map_of_sites", url=url))])


class GetCalendar(DialogueAction):
    action_name = "action_get_calendar"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        circuit = tracker.get_slot("last_circuit") or {}
        if not circuit.get("link"):
            offer = button(t(turn.lang, "dialogue.greet.button_plan"), "plan_circuit")
            return Answer([Reply(t(turn.lang, "dialogue.plan.no_circuit_yet"), [offer])])
        query = circuit["link"].split("?", 1)[1]
        base = settings().website_url
        text = t(
            turn.lang,
            "dialogue.plan.calendar",
            ics=f"{base}/api/circuit.ics?{query}",
            gpx=f"{base}/api/circuit.gpx?{query}",
        )
        return Answer([Reply(text)])
