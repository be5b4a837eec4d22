"""Greeting, help, language switch, handoff, fallback, restart (``bot.conversation.chat``)."""

from __future__ import annotations

from actions.base import DialogueAction
from bot.conversation import chat
from bot.conversation.frame import Manners


class Greet(DialogueAction):
    action_name = "action_greet"
    respond = chat.greet
    manners = Manners(takes_trip_requests=True)


class Goodbye(DialogueAction):
    action_name = "action_goodbye"
    respond = chat.say("dialogue.chat.goodbye")


class Thank(DialogueAction):
    action_name = "action_thank"
    respond = chat.thank


class BotChallenge(DialogueAction):
    action_name = "action_bot_challenge"
    respond = chat.say("dialogue.chat.bot_challenge")


class Help(DialogueAction):
    action_name = "action_help"
    respond = chat.say("dialogue.chat.help")


class SwitchLanguage(DialogueAction):
    action_name = "action_switch_language"
    respond = chat.say("dialogue.chat.switched")


class HumanHandoff(DialogueAction):
    action_name = "action_human_handoff"
    respond = chat.handoff


class Fallback(DialogueAction):
    """Replaces Rasa's ``action_default_fallback``, so that the NLU fallback, out-of-scope messages and
    the policies' own fallback all give this answer."""

    action_name = "action_default_fallback"
    respond = chat.fallback
    # A misunderstood message leaves the pending offer open, and counts in the run of misunderstandings.
    manners = Manners(takes_trip_requests=True, resets_fallbacks=False, sets_offer=False)


class StartOver(DialogueAction):
    """Rasa's ``action_restart``, replaced: slots are reset, the tracker is not restarted."""

    action_name = "action_restart"
    respond = chat.start_over
    # "OK, we forget Verdun. Then start from Laon": a new start, not a restart
    manners = Manners(takes_trip_requests=True)


class CancelForm(DialogueAction):
    action_name = "action_cancel_form"
    respond = chat.form_cancelled
