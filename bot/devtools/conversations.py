"""Whole-conversation evaluation: what the bot did in each turn, checked against what a writer
expected (``tests/conversations/``, format in ``tests/conversations/README.md``).

This module is pure: ``observe`` turns one turn's REST replies and tracker into an ``Observed``
(kinds of answer, language, slots, circuit), ``check_turn`` compares it with one expectation and
returns the failures as plain strings. ``bot.devtools.eval_conversations`` drives a live stack.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from bot.conversation.party import party_of
from bot.expressions import fold
from bot.language import detect_language
from bot.texts import LANGUAGES, catalogue

# Which kind of answer each text of the catalogue gives (longest matching key prefix wins).
KIND_OF_TEXT = {
    "dialogue.greet.text": "greeting",
    "dialogue.form.ask_start": "ask_start",
    "dialogue.form.ask_themes": "ask_themes",
    "dialogue.form.ask_duration": "ask_duration",
    "dialogue.form.ask_dates": "ask_dates",
    "dialogue.form.start_ambiguous": "clarify",
    "dialogue.form.start_close": "clarify",
    "dialogue.form.start_unknown": "ask_start",
    "dialogue.form.themes_unknown": "ask_themes",
    "dialogue.form.date_invalid": "ask_dates",
    "dialogue.form.date_past": "ask_dates",
    "dialogue.form.date_weekday_mismatch": "clarify",
    "dialogue.form.duration_unknown": "ask_duration",
    "dialogue.form.reask.start_place": "ask_start",
    "dialogue.form.reask.themes": "ask_themes",
    "dialogue.form.reask.duration_text": "ask_duration",
    "dialogue.plan.days_capped": "not_possible",
    "dialogue.plan.wanted_too_many": "not_possible",
    "dialogue.plan.cost": "price",
    "dialogue.plan.map": "circuit_link",
    "dialogue.refine.which_site": "clarify",
    "dialogue.site.which": "clarify",
    "dialogue.site.open": "hours",
    "dialogue.site.closed": "hours",
    "dialogue.site.next_open": "hours",
    "dialogue.site.hours": "hours",
    "dialogue.site.last_entry": "hours",
    "dialogue.site.price": "price",
    "dialogue.site.access": "accessibility",
    "dialogue.site.languages": "languages",
    "dialogue.site.duration": "visit_duration",
    "dialogue.site.address": "directions",
    "dialogue.site.route": "directions",
    "dialogue.site.parking": "directions",
    "dialogue.site.transport": "directions",
    "dialogue.site.contact": "contact",
    "dialogue.site.booking_contact": "group_offer",
    "dialogue.site.services_unknown": "site_info",
    "dialogue.site.themes": "site_info",
    "dialogue.site.member": "site_info",
    "dialogue.lists": "site_list",
    "dialogue.lists.members_access": "accessibility",
    "dialogue.nearby": "nearby",
    "dialogue.nearby.ask_location": "ask_start",
    "dialogue.events": "events",
    "dialogue.groups": "group_offer",
    "dialogue.outside": "not_possible",
    "dialogue.personal": "site_info",  # the places that keep a relative's memory
    "dialogue.chat.goodbye": "goodbye",
    "dialogue.chat.thank": "thanks",
    "dialogue.chat.help": "help",
    "dialogue.chat.bot_challenge": "help",
    "dialogue.chat.handoff": "human",
    "dialogue.chat.fallback": "not_understood",
    "dialogue.chat.out_of_scope": "out_of_scope",
    "dialogue.chat.unplanned_mode": "clarify",
    "dialogue.chat.too_long": "not_possible",
    "dialogue.chat.error": "error",
    "circuit.intro": "circuit",
    "circuit.problem": "not_possible",
    "circuit.problem_no_start": "ask_start",
    "circuit.problem_unknown_start": "ask_start",
    "circuit.problem_ambiguous_start": "clarify",
    "circuit.problem_no_timetables": "not_possible",
}
# What the answer to a question on a site is about, from the ``last_topic`` slot it leaves.
KIND_OF_TOPIC = {
    "hours": "hours",
    "price": "price",
    "accessibility": "accessibility",
    "languages": "languages",
    "duration": "visit_duration",
    "directions": "directions",
    "contact": "contact",
    "info": "site_info",
}
# The bot's own descriptions of sites are no template: an answer about a site is known by its action.
SITE_ACTION = "action_answer_site"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
URL = re.compile(r"https?://\S+")


@dataclass
class Observed:
    """What the bot did in one turn."""

    text: str  # every message and button title, one per line
    kinds: set[str]
    languages: set[str]  # of the messages that say something in a language
    slots: dict[str, Any]
    actions: list[str]
    circuit: dict | None = None  # the circuit's JSON (``bot.texts.plans.plan_json``) if one was given


@cache
def _templates() -> list[tuple[re.Pattern, str, str]]:
    """(pattern, key, language) for every text of the catalogue, longest first so that the most
    specific template matches a message."""
    found = []
    for lang in LANGUAGES:
        for key, template in catalogue(lang).items():
            if not isinstance(template, str) or len(template) < 8:
                continue
            parts = re.split(r"\{[^}]*\}", template)
            if sum(len(part.strip()) for part in parts) < 8:
                continue  # a template of placeholders only says nothing about its kind
            # A text starts a line or a sentence of the reply, not a circuit's warning: "hours unknown"
            # under a visit is no answer of its own; "Noted. Which themes...?" asks for themes.
            start = r"(?:^|\n|(?<=[.!?:]) )(?!\s*⚠)"
            anchor = start + (r"[^\n]*?" if template.lstrip().startswith("{") else r"\W*")
            pattern = anchor + ".*?".join(re.escape(fold(part.strip())) for part in parts if part.strip())
            found.append((re.compile(pattern, re.DOTALL), key, lang))
    return sorted(found, key=lambda each: -len(each[0].pattern))


def kind_of_key(key: str) -> str | None:
    matches = [prefix for prefix in KIND_OF_TEXT if key == prefix or key.startswith(prefix)]
    return KIND_OF_TEXT[max(matches, key=len)] if matches else None


def texts_in(message: str) -> list[tuple[str, str]]:
    """The catalogue keys (with their language) whose template appears in ``message``."""
    folded = fold(message)
    return [(key, lang) for pattern, key, lang in _templates() if pattern.search(folded)]


def observe(replies: list[dict], events: list[dict], slots: dict[str, Any]) -> Observed:
    """What one turn did: ``replies`` from the REST channel, ``events`` of the turn (after the
    visitor's message) and the slots after it."""
    lines, kinds, languages, circuit = [], set(), set(), None
    for reply in replies:
        message = reply.get("text") or ""
        lines.append(message)
        lines.extend(button.get("title", "") for button in reply.get("buttons") or [])
        data = (reply.get("custom") or {}).get("data")
        if isinstance(data, dict) and "days" in data:
            circuit = data
        keys = texts_in(message) if message else []
        kinds.update(kind for key, _ in keys if (kind := kind_of_key(key)))
        said = {lang for _, lang in keys}
        if message and len(said) != 1 and len(fold(message).split()) >= 4:
            said = {detect_language(message)}
        languages |= said
    actions = [event["name"] for event in events if event.get("event") == "action"]
    if SITE_ACTION in actions and slots.get("last_topic") in KIND_OF_TOPIC:
        kinds.add(KIND_OF_TOPIC[slots["last_topic"]])
    if circuit is not None:
        kinds.add("circuit")
    return Observed("\n".join(line for line in lines if line), kinds, languages, slots, actions, circuit)


# --- expectations ---------------------------------------------------------------------------------
def resolve_day(value: str, today: date) -> tuple[date, date]:
    """The dates a written expectation accepts: "today", "today+3", "2027-06-12" (one day), or "sat"
    (a Saturday within the next 7 days)."""
    value = str(value).strip().lower()
    if value.startswith("today"):
        offset = int(value[5:] or 0)
        day = today + timedelta(days=offset)
        return day, day
    if value[:3] in WEEKDAYS:
        ahead = (WEEKDAYS.index(value[:3]) - today.weekday()) % 7
        first = today + timedelta(days=ahead)
        return first, first + timedelta(days=7 if ahead == 0 else 0)
    day = date.fromisoformat(value)
    return day, day


def day_matches(value: str, actual: str | None, today: date) -> bool:
    if not actual:
        return False
    try:
        got = date.fromisoformat(str(actual)[:10])
    except ValueError:
        return False
    low, high = resolve_day(value, today)
    if str(value).strip().lower()[:3] in WEEKDAYS:
        return got.weekday() == low.weekday() and low <= got <= high
    return low <= got <= high


def _listed(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def mentioned_sites(text: str, names: dict[str, list[str]]) -> set[str]:
    """The sites whose name or alias (``names``: id -> folded names) appears in ``text``."""
    folded = fold(text)
    return {site for site, words in names.items() if any(word in folded for word in words)}


SLOT_NAMES = {"start": "start_place", "first_date": "first_date"}
MODE_WORDS = {"none": {"none", "transit", "public_transport", "no_car"}}


def check_slots(expected: dict, slots: dict, today: date) -> list[str]:
    failures = []
    for name, want in expected.items():
        got = slots.get(SLOT_NAMES.get(name, name))
        if name == "first_date":
            ok = day_matches(want, got, today)
        elif name == "start":
            ok = bool(got) and fold(str(want)) in fold(str(got))
        elif name in ("themes", "wanted_sites", "excluded_sites", "avoid_themes"):
            ok = set(_listed(want)) <= set(_listed(got))
        elif name == "days":
            ok = got is not None and int(float(got)) == int(want)
        elif name == "transport_mode":
            ok = got == want or str(got) in MODE_WORDS.get(str(want), ())
        elif name == "party":  # as the bot prices it: adults, children, group, school
            party = asdict(party_of(got if isinstance(got, dict) else None)) if got else {}
            ok = bool(party) and all(party.get(key) == value for key, value in want.items())
        else:
            ok = got == want
        if not ok:
            failures.append(f"slot {name}: expected {want!r}, got {got!r}")
    return failures


def check_circuit(
    expected: dict, circuit: dict | None, site_themes: dict[str, set[str]], today: date
) -> list[str]:
    if circuit is None:
        return ["no circuit given"]
    days = circuit.get("days") or []
    visited = [visit["site_id"] for day in days for visit in day.get("visits", [])]
    failures = []
    if "days" in expected and len(days) != int(expected["days"]):
        failures.append(f"circuit of {len(days)} days, expected {expected['days']}")
    for position, want in enumerate(_listed(expected.get("dates"))):
        got = days[position]["date"] if position < len(days) else None
        if not day_matches(want, got, today):
            failures.append(f"circuit day {position + 1} on {got}, expected {want}")
    for position, want in enumerate(_listed(expected.get("weekdays"))):
        got = days[position]["date"] if position < len(days) else None
        if not got or WEEKDAYS[date.fromisoformat(got).weekday()] != str(want)[:3].lower():
            failures.append(f"circuit day {position + 1} on {got}, expected a {want}")
    if expected.get("sites_any") and not set(expected["sites_any"]) & set(visited):
        failures.append(f"circuit visits none of {expected['sites_any']} ({visited})")
    missing = set(_listed(expected.get("sites_all"))) - set(visited)
    if missing:
        failures.append(f"circuit misses {sorted(missing)}")
    unwanted = set(_listed(expected.get("sites_none"))) & set(visited)
    if unwanted:
        failures.append(f"circuit visits {sorted(unwanted)}")
    for theme in _listed(expected.get("themes_none")):
        wrong = [site for site in visited if theme in site_themes.get(site, set())]
        if wrong:
            failures.append(f"circuit visits {wrong} of theme {theme}")
    most = expected.get("max_visits_per_day")
    if most is not None and any(len(day.get("visits", [])) > int(most) for day in days):
        failures.append(f"more than {most} visits on a day")
    if expected.get("start") and fold(str(expected["start"])) not in fold(str(circuit.get("start"))):
        failures.append(f"circuit starts at {circuit.get('start')}, expected {expected['start']}")
    if expected.get("ends_by"):
        late = [
            day["date"]
            for day in days
            if day.get("visits") and day["visits"][-1]["end"] > expected["ends_by"]
        ]
        if late:
            failures.append(f"visits end after {expected['ends_by']} on {late}")
    if not visited:
        failures.append("circuit without any visit")
    return failures


@dataclass
class Catalogue:
    """What the checks need to know of the sites: names to find in replies, themes of each."""

    names: dict[str, list[str]] = field(default_factory=dict)
    themes: dict[str, set[str]] = field(default_factory=dict)


def check_turn(
    expect: dict,
    observed: Observed,
    lang: str,
    already_given: set[str],
    sites: Catalogue,
    today: date,
) -> list[str]:
    """The failures of one turn (empty: the turn passes). ``already_given``: what earlier messages
    of the visitor told (start, themes, duration, dates...), which the bot must not ask again."""
    failures = []
    kinds = set(_listed(expect.get("kind")))
    if not observed.text.strip():
        return ["empty reply"]
    if "error" in observed.kinds:
        failures.append("technical error reply")
    want_lang = expect.get("lang", lang)
    if observed.languages and observed.languages != {want_lang}:
        failures.append(f"reply in {sorted(observed.languages)}, expected {want_lang}")
    if "not_understood" in observed.kinds and "not_understood" not in kinds:
        failures.append("answered 'did not understand'")
    if kinds and not kinds & observed.kinds:
        failures.append(f"kind {sorted(kinds)} expected, got {sorted(observed.kinds) or observed.actions}")
    for asked in sorted(already_given):
        if f"ask_{asked}" in observed.kinds and f"ask_{asked}" not in kinds:
            failures.append(f"asked again for {asked}")
    if "circuit" in observed.kinds and not URL.search(observed.text):
        failures.append("circuit without a map link")
    said = mentioned_sites(observed.text, sites.names)
    if expect.get("mentions_any") and not set(expect["mentions_any"]) & said:
        failures.append(f"mentions none of {expect['mentions_any']}")
    missing = set(_listed(expect.get("mentions_all"))) - said
    if missing:
        failures.append(f"does not mention {sorted(missing)}")
    unwanted = set(_listed(expect.get("mentions_none"))) & said
    if unwanted:
        failures.append(f"mentions {sorted(unwanted)}")
    text = fold(observed.text)
    if expect.get("text_any") and not any(fold(str(each)) in text for each in expect["text_any"]):
        failures.append(f"says none of {expect['text_any']}")
    for each in _listed(expect.get("text_none")):
        if fold(str(each)) in text:
            failures.append(f"says {each!r}")
    failures += check_slots(expect.get("slots") or {}, observed.slots, today)
    if "circuit" in expect:
        failures += check_circuit(expect["circuit"] or {}, observed.circuit, sites.themes, today)
    return failures
