"""Greeting, help, language switch, handoff, fallback, restart: the conversation's frame."""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, UserUtteranceReverted

from actions.answers import (
    EVENTS_TOPIC,
    GROUPS_TOPIC,
    NEARBY_ACTIONS,
    AnswerSiteQuestion,
    Events,
    FindNearby,
    GroupOffer,
    ListSitesByTheme,
)
from actions.base import (
    Answer,
    DialogueAction,
    best_guess,
    context_notes,
    previous_action,
    start_circuit_form,
)
from actions.planning import AcceptOffer
from bot.conversation.events import names_an_event
from bot.conversation.planning import mode_label
from bot.conversation.questions import is_question
from bot.conversation.replies import Reply, button, parse_payload
from bot.conversation.sites import topic_in_text
from bot.conversation.trip_details import names_follow_up, names_trip_details
from bot.conversation.turn import MAX_TEXT, Turn
from bot.expressions import fold, names_unplanned_mode
from bot.knowledge import open_kb
from bot.language import looks_like_words
from bot.texts import choices, t

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


class Greet(DialogueAction):
    action_name = "action_greet"
    takes_trip_requests = True

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        # "Bonjour, les horaires de Lewarde ?": the question, not hello.
        if turn.entity("site") and topic_in_text(turn.text):
            return AnswerSiteQuestion().answer(turn, tracker)
        return Answer([greeting(turn.lang)])


class SayText(DialogueAction):
    """An action whose answer is one text of the catalogue."""

    key = ""

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        return Answer([Reply(t(turn.lang, self.key))])


class Goodbye(SayText):
    action_name = "action_goodbye"
    key = "dialogue.chat.goodbye"


class Thank(SayText):
    action_name = "action_thank"
    key = "dialogue.chat.thank"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        words = set(re.findall(r"\w+", fold(turn.text)))
        if words & set(choices(turn.lang, "dialogue.chat.goodbye_words")):  # "merci beaucoup, au revoir"
            return Answer([Reply(t(turn.lang, "dialogue.chat.goodbye"))])
        return super().answer(turn, tracker)


class BotChallenge(SayText):
    action_name = "action_bot_challenge"
    key = "dialogue.chat.bot_challenge"


class Help(SayText):
    action_name = "action_help"
    key = "dialogue.chat.help"


class SwitchLanguage(SayText):
    action_name = "action_switch_language"
    key = "dialogue.chat.switched"


class HumanHandoff(DialogueAction):
    """Who to talk to: the site being discussed, if any, and the network's website (no invented
    numbers: only contacts from the knowledge base and the network's public site)."""

    action_name = "action_human_handoff"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        replies = [Reply(t(turn.lang, "dialogue.chat.handoff"))]
        last_site = tracker.get_slot("last_site")
        if last_site:
            try:
                site = open_kb().site(last_site)
            except KeyError:
                site = None
            contacts = [part for part in (site.phone, site.website) if part] if site else []
            if contacts:
                name = site.name_in(turn.lang)
                replies.insert(
                    0,
                    Reply(
                        t(turn.lang, "dialogue.chat.handoff_site", name=name, contacts=", ".join(contacts))
                    ),
                )
        return Answer(replies)


class Fallback(DialogueAction):
    """Says what the bot can do; the second time in a row, where to find a person instead.

    Replaces Rasa's ``action_default_fallback``, so that the NLU fallback, out-of-scope messages and
    the policies' own fallback all give this answer. Like Rasa's, it then forgets the message it did
    not understand, so that the policies are back where they were and wait for the next one (a
    misunderstood message kept in the history could make them fall back again, in a loop)."""

    action_name = "action_default_fallback"
    takes_trip_requests = True
    resets_fallbacks = False
    sets_offer = False  # a misunderstood message leaves the pending offer open

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        understood_by = self.answered_by(turn, tracker) if turn.intent == "nlu_fallback" else None
        if understood_by:
            return understood_by.answer(turn, tracker)
        forget = [UserUtteranceReverted()]
        if context_notes(turn):  # "my grandfather fell at Fromelles": the notes are the answer
            return Answer([], {}, forget)
        if names_unplanned_mode(turn.text):
            modes = ("car", "bike", "foot")
            intent = "refine_circuit" if tracker.get_slot("last_circuit") else "plan_circuit"
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
        count = int(tracker.get_slot("fallback_count") or 0) + 1
        if count >= FALLBACKS_BEFORE_CONTACT:
            return Answer(
                [Reply(t(turn.lang, "dialogue.chat.fallback_again"))], {"fallback_count": 0}, forget
            )
        return Answer(
            [Reply(t(turn.lang, "dialogue.chat.fallback"), buttons)], {"fallback_count": count}, forget
        )

    @staticmethod
    def answered_by(turn: Turn, tracker: Tracker) -> DialogueAction | None:
        """The action that answers an unsure message from where the conversation stands, answering
        here (a follow-up action would meet the NLU fallback again, and loop); None if none does."""
        topic, asked = tracker.get_slot("last_topic"), topic_in_text(turn.text)
        if names_an_event(turn.text) or (topic == EVENTS_TOPIC and is_question(turn.text) and not asked):
            return Events()  # "what time does the dawn service kick off?"
        if (turn.entity("site") or (topic and names_follow_up(turn))) and (topic or asked):
            # "et l'historial ?" or "et dimanche ?" right after a question on a site, or "la coupolle
            # c'est combien ?": a question on the site.
            return GroupOffer() if topic == GROUPS_TOPIC and not asked else AnswerSiteQuestion()
        offered, _ = parse_payload(tracker.get_slot("offer") or "")
        if offered == "plan_circuit" and best_guess(tracker) in OFFER_TAKEN and not names_trip_details(turn):
            return AcceptOffer()  # "yes, plan a circuit from here"
        previous = previous_action(tracker)
        if previous in NEARBY_ACTIONS and set(turn.entities) == {"town"}:
            return FindNearby()  # "et à Compiègne ?" after the nearby sites
        if previous == Events.action_name and turn.entity("date"):
            return Events()  # "and in May?" after the events
        if set(turn.entities) == {"theme"}:
            return ListSitesByTheme()  # "c'est quoi la bataille de la Somme ?"
        return None


class StartOver(DialogueAction):
    """Rasa's ``action_restart``, replaced: forgets every slot (the request, the circuit, the form)
    but not the language, and greets again. Slots are reset rather than the tracker restarted: after
    a restart the policies would have to predict on an empty conversation, where the only sure
    answer is the fallback."""

    action_name = "action_restart"
    takes_trip_requests = True  # "OK, we forget Verdun. Then start from Laon": a new start, not a restart

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        replies = [Reply(t(turn.lang, "dialogue.chat.start_over")), greeting(turn.lang)]
        return Answer(replies, events=[ActiveLoop(None), AllSlotsReset()])


class CancelForm(SayText):
    """The visitor does not want to go on with the questions."""

    action_name = "action_cancel_form"
    key = "dialogue.chat.cancelled"

    def answer(self, turn: Turn, tracker: Tracker) -> Answer:
        if names_trip_details(turn):  # "non finalement après-demain": a correction, not a stop
            return start_circuit_form(turn)
        answer = super().answer(turn, tracker)
        answer.events = [ActiveLoop(None)]
        answer.slots = {"requested_slot": None}
        return answer
