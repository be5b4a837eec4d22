"""The circuit form (questions, validation), the circuit itself, and its refinements
(``bot.conversation.form`` and ``bot.conversation.circuit``)."""

from __future__ import annotations

from actions.base import DialogueAction


class ValidateCircuitForm(DialogueAction):
    action_name = "validate_circuit_form"


class AskStartPlace(DialogueAction):
    action_name = "action_ask_start_place"


class AskThemes(DialogueAction):
    action_name = "action_ask_themes"


class AskDuration(DialogueAction):
    action_name = "action_ask_duration_text"


class PlanCircuit(DialogueAction):
    action_name = "action_plan_circuit"


class AcceptOffer(DialogueAction):
    action_name = "action_affirm"


class RefineCircuit(DialogueAction):
    action_name = "action_refine_circuit"


class ShowMap(DialogueAction):
    action_name = "action_show_map"


class GetCalendar(DialogueAction):
    action_name = "action_get_calendar"
