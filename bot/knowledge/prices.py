"""What a party pays at one site, from the site's ``prices`` block.

Individual tickets: adults at ``adult``; students at ``student`` (else ``reduced``); each child by age:
free below ``free_under``, adult rate above the ``child_ages`` band, else ``child``. Children whose age
is not given pay the child rate. A ``family`` pass replaces individual tickets when it is cheaper.
Groups (``group.min_size`` people or more) pay ``group.per_person``; school parties pay
``school.per_pupil`` for children and students, and their adults pay the adult rate. A group's or a
class's rate the site does not give is unknown, never replaced by single tickets. A price needed
but unknown makes the whole quote unknown (``known=False``, ``missing`` says which field).
"""

from __future__ import annotations

from typing import Any

from bot.knowledge.model import Party, PriceLine, PriceQuote

# An assumption, stated: where a site does not say from how many people its group rate applies, a
# party under 10 buys single tickets (the one site that says, La Coupole, starts at 15).
GROUP_MIN_SIZE_UNSTATED = 10


def _line(kind: str, count: int, unit: float | None) -> PriceLine:
    return PriceLine(kind, count, unit, None if unit is None else round(unit * count, 2))


def _child_kind(prices: dict[str, Any], age: int | None) -> str:
    free_under = prices.get("free_under")
    band = prices.get("child_ages")
    if age is None:
        return "child"
    if free_under is not None and age < free_under:
        return "child_free"
    if band and age > band[1]:
        return "adult"
    return "child"


def _individual_lines(prices: dict[str, Any], party: Party) -> list[PriceLine]:
    ages: list[int | None] = list(party.child_ages[: party.children])
    ages += [None] * (party.children - len(ages))
    kinds = [_child_kind(prices, age) for age in ages]
    adults = party.adults + kinds.count("adult")
    student_price = prices.get("student") if prices.get("student") is not None else prices.get("reduced")
    lines = [
        _line("adult", adults, prices.get("adult")),
        _line("student", party.students, student_price),
        _line("child", kinds.count("child"), prices.get("child")),
        _line("child_free", kinds.count("child_free"), 0.0),
    ]
    return [line for line in lines if line.count]


def _family_lines(prices: dict[str, Any], party: Party) -> list[PriceLine] | None:
    """The family pass, when the party fits it: its adults (2 unless said) and 1..max_children children."""
    family = prices.get("family") or {}
    if not family or party.students or party.adults != family.get("adults", 2) or not party.children:
        return None
    if party.children > family.get("max_children", party.children):
        return None
    return [_line("family", 1, family["price"])]


def _total(lines: list[PriceLine]) -> float | None:
    amounts = [line.amount for line in lines]
    return None if None in amounts else round(sum(amounts), 2)


def _missing(lines: list[PriceLine]) -> list[str]:
    field_of = {
        "student": "student",
        "child": "child",
        "adult": "adult",
        "group": "group",
        "school": "school",
    }
    return [field_of[line.kind] for line in lines if line.amount is None]


def quote(prices: dict[str, Any] | None, party: Party) -> PriceQuote:
    prices = prices or {"status": "unknown"}
    note = prices.get("note")
    currency = prices.get("currency", "EUR")
    if prices.get("status") == "free":
        return PriceQuote(0.0, True, [_line("free", party.size, 0.0)], currency, note)
    if prices.get("status") != "known":
        return PriceQuote(None, False, [], currency, note)

    group, school = prices.get("group") or {}, prices.get("school") or {}
    if party.school:  # the school rate, unknown where the site gives none (not the reduced rate)
        pupils = party.children + party.students
        lines = [
            line
            for line in (
                _line("school", pupils, school.get("per_pupil")),
                _line("adult", party.adults, prices.get("adult")),
            )
            if line.count
        ]
        note = school.get("note") or note
    elif party.group and party.size >= group.get("min_size", GROUP_MIN_SIZE_UNSTATED):
        # The group rate, unknown where the site gives none: 20 adult tickets are not its group price.
        lines = [_line("group", party.size, group.get("per_person"))]
        note = group.get("note") or note
    else:
        lines = _individual_lines(prices, party)
        family = _family_lines(prices, party)
        individual_total = _total(lines)
        if family and (individual_total is None or family[0].amount < individual_total):
            lines = family
    total = _total(lines)
    return PriceQuote(total, total is not None, lines, currency, note, _missing(lines))
