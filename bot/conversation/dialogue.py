"""The answer of each custom action of the dialogue (Rasa's action names, domain.yml) and how it is
framed: ``respond(action, message, situation)`` is all the action server calls."""

from __future__ import annotations

from functools import partial

from bot.conversation import answers, chat, circuit, form
from bot.conversation.frame import Manners, Respond, converse
from bot.conversation.replies import Answer
from bot.conversation.situation import Situation

PLAIN = Manners()
# Trip details said beside a question are kept for the circuit asked later.
REMEMBERING = Manners(remembers_trip_details=True)
REMEMBERING_AND_TAKING_TRIPS = Manners(remembers_trip_details=True, takes_trip_requests=True)
TAKING_TRIPS = Manners(takes_trip_requests=True)

ANSWERS: dict[str, tuple[Respond, Manners]] = {
    answers.SITE_QUESTION_ACTION: (answers.site_question, REMEMBERING_AND_TAKING_TRIPS),
    "action_list_themes": (answers.themes_list, REMEMBERING),
    "action_list_sites_by_theme": (answers.sites_of_theme, REMEMBERING),
    "action_list_members": (answers.members_list, REMEMBERING_AND_TAKING_TRIPS),
    answers.FIND_NEARBY_ACTION: (answers.nearby, REMEMBERING_AND_TAKING_TRIPS),
    answers.SHARE_LOCATION_ACTION: (answers.shared_location, PLAIN),
    answers.EVENTS_ACTION: (answers.events, REMEMBERING),
    "action_group_offer": (answers.group_offer, REMEMBERING_AND_TAKING_TRIPS),
    "action_greet": (chat.greet, TAKING_TRIPS),
    "action_goodbye": (chat.say("dialogue.chat.goodbye"), PLAIN),
    "action_thank": (chat.thank, PLAIN),
    "action_bot_challenge": (chat.say("dialogue.chat.bot_challenge"), PLAIN),
    "action_help": (chat.say("dialogue.chat.help"), PLAIN),
    "action_switch_language": (chat.say("dialogue.chat.switched"), PLAIN),
    "action_human_handoff": (chat.handoff, PLAIN),
    # Rasa's own fallback, replaced: a misunderstood message leaves the pending offer open, and counts
    # in the run of misunderstandings.
    "action_default_fallback": (
        chat.fallback,
        Manners(takes_trip_requests=True, resets_fallbacks=False, sets_offer=False),
    ),
    # Rasa's restart, replaced. "OK, we forget Verdun. Then start from Laon": a new start, not a restart.
    "action_restart": (chat.start_over, TAKING_TRIPS),
    "action_cancel_form": (chat.form_cancelled, PLAIN),
    # Any slot the validation sets tells the form that the message was for it; a message about
    # something else must set none, so that the form lets the rules answer it. The ask actions set the
    # language; the question that follows says the notes.
    form.VALIDATE_ACTION: (
        form.form_turn,
        Manners(sets_language=False, sets_offer=False, resets_fallbacks=False, adds_notes=False),
    ),
    "action_ask_start_place": (partial(form.form_question, "start_place"), PLAIN),
    "action_ask_themes": (partial(form.form_question, "themes"), PLAIN),
    "action_ask_duration_text": (partial(form.form_question, "duration_text"), PLAIN),
    "action_plan_circuit": (circuit.planned, PLAIN),
    "action_affirm": (circuit.offer_taken, PLAIN),
    circuit.REFINE_ACTION: (circuit.refined, PLAIN),
    "action_show_map": (circuit.circuit_map, PLAIN),
    "action_get_calendar": (circuit.calendar, PLAIN),
}


def respond(action: str, message: dict | None, situation: Situation) -> Answer:
    """The answer of ``action`` to the latest ``message`` (Rasa's parsed message, a plain dict)."""
    answer, manners = ANSWERS[action]
    return converse(message, situation, answer, manners, action)
