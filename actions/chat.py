"""Greeting, help, language switch, handoff, fallback, restart (``bot.conversation.chat``)."""

from __future__ import annotations

from actions.base import DialogueAction


class Greet(DialogueAction):
    action_name = "action_greet"


class Goodbye(DialogueAction):
    action_name = "action_goodbye"


class Thank(DialogueAction):
    action_name = "action_thank"


class BotChallenge(DialogueAction):
    action_name = "action_bot_challenge"


class Help(DialogueAction):
    action_name = "action_help"


class SwitchLanguage(DialogueAction):
    action_name = "action_switch_language"


class HumanHandoff(DialogueAction):
    action_name = "action_human_handoff"


class Fallback(DialogueAction):
    """Replaces Rasa's ``action_default_fallback``, so that the NLU fallback, out-of-scope messages and
    the policies' own fallback all give this answer."""

    action_name = "action_default_fallback"


class StartOver(DialogueAction):
    """Replaces Rasa's ``action_restart``: slots are reset, the tracker is not restarted."""

    action_name = "action_restart"


class CancelForm(DialogueAction):
    action_name = "action_cancel_form"
