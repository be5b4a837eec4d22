"""The circuit form (questions, validation), the circuit itself, and its refinements
(``bot.conversation.form`` and ``bot.conversation.circuit``)."""

from __future__ import annotations

from functools import partial

from actions.base import REFINE_ACTION, VALIDATE_FORM_ACTION, DialogueAction
from bot.conversation import circuit, form
from bot.conversation.frame import Manners


class ValidateCircuitForm(DialogueAction):
    action_name = VALIDATE_FORM_ACTION
    respond = form.form_turn
    # Any slot set here tells the form that the message was for it; a message about something else
    # must set none, so that the form lets the rules answer it. The ask actions set the language.
    # The notes: the question that follows says them.
    manners = Manners(sets_language=False, sets_offer=False, resets_fallbacks=False, adds_notes=False)


class AskStartPlace(DialogueAction):
    action_name = "action_ask_start_place"
    respond = partial(form.form_question, "start_place")


class AskThemes(DialogueAction):
    action_name = "action_ask_themes"
    respond = partial(form.form_question, "themes")


class AskDuration(DialogueAction):
    action_name = "action_ask_duration_text"
    respond = partial(form.form_question, "duration_text")


class PlanCircuit(DialogueAction):
    action_name = "action_plan_circuit"
    respond = circuit.planned


class AcceptOffer(DialogueAction):
    action_name = "action_affirm"
    respond = circuit.offer_taken


class RefineCircuit(DialogueAction):
    action_name = REFINE_ACTION
    respond = circuit.refined


class ShowMap(DialogueAction):
    action_name = "action_show_map"
    respond = circuit.circuit_map


class GetCalendar(DialogueAction):
    action_name = "action_get_calendar"
    respond = circuit.calendar
