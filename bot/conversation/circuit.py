"""Turns about the circuit itself: planned once the form has what it needs, a "yes" to the circuit
offered, a change to it, its map and its calendar."""

from __future__ import annotations

from bot.config import settings
from bot.conversation.answers import site_question
from bot.conversation.frame import start_circuit_form
from bot.conversation.planning import missing_slots, plan_circuit, refine
from bot.conversation.replies import Answer, Reply, button, parse_payload
from bot.conversation.situation import Situation
from bot.conversation.turn import Turn
from bot.texts import t

REFINE_ACTION = "action_refine_circuit"


def planned(turn: Turn, situation: Situation) -> Answer:
    if missing_slots(situation.slots):
        return Answer()  # the form was left before it had a start, themes and a duration
    replies, slots = plan_circuit(situation.slots, turn.lang, situation.kb)
    return Answer(replies, {**slots, "last_topic": None})


def offer_taken(turn: Turn, situation: Situation) -> Answer:
    """A "yes": presses the one button the previous reply offered ("Un circuit depuis ici"), with
    its details; a yes to nothing gets what the bot can do."""
    intent, entities = parse_payload(situation.slot("offer") or "")
    if intent != "plan_circuit":
        return Answer([Reply(t(turn.lang, "dialogue.chat.help"))])
    return start_circuit_form(
        Turn("", intent, {name: [value] for name, value in entities.items()}, turn.lang), situation
    )


def refined(turn: Turn, situation: Situation) -> Answer:
    """Applies a change ("sans la Coupole", "un jour de plus", "plutôt depuis Lille"); the form then
    asks what is missing, if anything, and the circuit is planned again."""
    if not situation.slot("last_circuit") and not situation.in_form and situation.slot("last_topic"):
        # No circuit to change: "and the museum in Albert under the ground?" after the languages of
        # another site asks the same of that one.
        return site_question(turn, situation)
    details = refine(turn, situation.slots, situation.kb, situation.today, situation.geocoder)
    return Answer(details.replies, details.updates)


def circuit_map(turn: Turn, situation: Situation) -> Answer:
    circuit = situation.slot("last_circuit") or {}
    if circuit.get("link"):
        return Answer([Reply(t(turn.lang, "dialogue.plan.map", url=circuit["link"]))])
    url = f"{settings().website_url}/?lang={turn.lang}"
    return Answer([Reply(t(turn.lang, "dialogue.plan.map_of_sites", url=url))])


def calendar(turn: Turn, situation: Situation) -> Answer:
    circuit = situation.slot("last_circuit") or {}
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
