"""What visitors read about a site's hours, prices and access: plain advice, never where the facts were
found (that is the knowledge files' ``provenance``, for staff)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.conversation.sites import (
    accessibility_text,
    contact_text,
    directions_text,
    hours_text,
    period_hours_text,
    price_text,
)
from bot.knowledge import Party, open_kb
from bot.knowledge.search import normalise
from bot.knowledge.validate import PROVENANCE_WORDS
from bot.texts import t

YEAR = 2027
DAYS = [date(YEAR, month, day) for month in range(1, 13) for day in (1, 15)]  # every season, weekdays vary
PARTIES = [
    Party(adults=2),
    Party(adults=2, children=2, child_ages=(5, 12)),
    Party(adults=25, group=True),
    Party(adults=2, children=20, school=True),
]


# Where to ask (https://www.cwgc.org/…, visitcwgc@cwgc.org) is for visitors; so are the dates asked about.
CONTACTS = re.compile(r"https?://\S+|\S+@\S+")


def sourcing_words(answer: str) -> str | None:
    found = PROVENANCE_WORDS.search(
        normalise(CONTACTS.sub(" ", answer).replace(str(YEAR), " ").replace(str(YEAR + 1), " "))
    )
    return found.group() if found else None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_hours_price_access_directions_or_booking_answer_says_where_its_facts_come_from(lang):
    kb = open_kb()
    said = {}
    for site in kb.sites():
        answers = [hours_text(kb, site, day, DAYS[0], lang) for day in DAYS]
        answers += [
            period_hours_text(kb, site, date(YEAR, month, 1), date(YEAR, month, 28), lang) for month in (1, 7)
        ]
        answers += [price_text(kb, site, party, lang) for party in PARTIES]
        answers += [accessibility_text(site, lang), directions_text(site, lang)]
        answers += [contact_text(site, lang, party) for party in PARTIES[2:]]
        for answer in answers:
            word = sourcing_words(answer)
            if word:
                said[site.id] = f"{word!r} in {answer!r}"
    assert not said, "\n".join(f"{site}: {where}" for site, where in said.items())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_hours_of_low_confidence_are_said_unconfirmed_in_one_plain_line(lang):
    kb = open_kb()
    line = t(lang, "circuit.warning_hours_unconfirmed")
    wellington, lewarde = kb.site("carriere-wellington"), kb.site("lewarde-centre-historique-minier")
    assert wellington.hours_unconfirmed and not lewarde.hours_unconfirmed
    weekday = date(YEAR, 5, 12)
    answer = hours_text(kb, wellington, weekday, weekday, lang)
    assert line[1:] in answer and sourcing_words(answer) is None
    assert "hotel" not in normalise(answer)
    assert line[1:] in period_hours_text(kb, wellington, date(YEAR, 6, 1), date(YEAR, 6, 30), lang)
    assert line[1:] not in hours_text(kb, lewarde, weekday, weekday, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_prices_of_low_confidence_are_said_unconfirmed(lang):
    kb = open_kb()
    fromelles, lens = kb.site("fromelles-museum"), kb.site("lens-14-18")
    assert fromelles.prices_unconfirmed and not lens.prices_unconfirmed
    line = t(lang, "dialogue.site.prices_unconfirmed")
    assert line in price_text(kb, fromelles, Party(adults=2), lang)
    assert line not in price_text(kb, lens, Party(adults=2), lang)
