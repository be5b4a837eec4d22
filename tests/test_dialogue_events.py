"""bot.conversation.events: commemorations on the visitor's dates, described, or the next ones."""

from __future__ import annotations

from datetime import date

from bot.conversation.events import events_reply, names_an_event
from bot.knowledge import open_kb
from bot.texts import t

TODAY = date(2026, 12, 6)


def test_a_few_events_come_with_their_description():
    reply = events_reply(open_kb(), date(2027, 4, 25), date(2027, 4, 25), TODAY, "en")
    assert "Anzac Day" in reply.text
    assert "5:30" in reply.text  # the Dawn Service's time, from the event's description


def test_with_none_on_the_day_the_next_ones_are_said():
    reply = events_reply(open_kb(), date(2027, 3, 3), date(2027, 3, 3), TODAY, "fr")
    assert reply.text.startswith(t("fr", "dialogue.events.none", period="le mercredi 3 mars 2027"))
    assert t("fr", "dialogue.events.next_header") in reply.text


def test_a_sites_events_only_when_a_site_is_named():
    kb = open_kb()
    reply = events_reply(
        kb, date(2027, 4, 9), date(2027, 4, 9), TODAY, "en", ["vimy-memorial"], only_sites=True
    )
    assert "Vimy Ridge" in reply.text
    reply = events_reply(
        kb, date(2027, 4, 9), date(2027, 4, 9), TODAY, "en", ["lochnagar-crater"], only_sites=True
    )
    assert "Vimy" not in reply.text.split("\n")[0]


def test_questions_on_an_event():
    assert names_an_event("What time does the dawn service kick off?")
    assert names_an_event("la cérémonie est à quelle heure ?")
    assert not names_an_event("what time does the museum open?")
