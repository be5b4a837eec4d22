"""Answers about one site (hours, prices, access, languages, duration, directions, contact, what it is)
and lists (themes, sites of a theme, the network's members). Unknown facts are said to be unknown,
with where to ask."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.conversation.replies import Reply, button
from bot.conversation.turn import Turn
from bot.expressions import fold
from bot.geocoding import Location
from bot.knowledge import KnowledgeBase, Party, Site, in_language
from bot.texts import t
from bot.texts.formats import (
    capitalised,
    format_amount,
    format_date,
    format_dates,
    format_length,
    format_price,
    format_time,
    format_windows,
)
from bot.wordlists import load as load_wordlist

MIN_SITE_SCORE = 75.0  # find_sites score for a site named in free text
MAX_DATES_LISTED = 6
# Days the knowledge base cannot answer although the site's hours are known: why, in the answer.
UNKNOWN_DAY_TEXTS = {
    "holiday_unknown": "dialogue.site.why_holiday_unknown",
    "closure_dates_unknown": "dialogue.site.why_closure_dates_unknown",
    "period_unknown": "dialogue.site.why_period_unknown",
}
TOPICS = {
    "ask_hours": "hours",
    "ask_price": "price",
    "ask_accessibility": "accessibility",
    "ask_languages": "languages",
    "ask_duration": "duration",
    "ask_directions": "directions",
    "ask_contact": "contact",
    "ask_site_info": "info",
}


# Words that ask about each topic, both languages, accents folded (bot/wordlists/topic_words.yaml): a
# message may ask two things ("en quelles langues ? combien de temps ça dure ?") where the NLU gives one.
TOPIC_WORDS = {topic: "|".join(words) for topic, words in load_wordlist("topic_words").items()}
_TOPIC_PATTERNS = {topic: re.compile(rf"\b(?:{words})\b") for topic, words in TOPIC_WORDS.items()}
MAX_TOPICS = 3


def mentioned_topics(text: str) -> list[str]:
    """The topics the words of ``text`` ask about, in the order of TOPIC_WORDS."""
    folded = fold(text).lower()
    return [topic for topic, pattern in _TOPIC_PATTERNS.items() if pattern.search(folded)]


def topic_in_text(text: str) -> str | None:
    """The first topic the words of ``text`` ask about, if any."""
    return next(iter(mentioned_topics(text)), None)


def topics_asked(text: str, first: str) -> list[str]:
    """``first`` (the NLU's), then the other topics the text asks about, in the order of TOPIC_WORDS.
    A question only on a service ("can I bring my dog?") is not also answered as the NLU's topic."""
    mentioned = mentioned_topics(text)
    if "services" in mentioned and first not in mentioned:
        first = "services"
    others = [topic for topic in mentioned if topic != first]
    return [first, *others][:MAX_TOPICS]


def resolve_site(kb: KnowledgeBase, turn: Turn, last_site: str | None) -> Site | None:
    """The site named by the entity, else in the text, else the one discussed last ("and the price?").
    A town named in the message is no site's name ("near Arras" is not the Arras Memorial), and
    makes the question about that town rather than the site discussed last, unless it is where the
    visitor comes from ("on peut y aller en bus depuis Lille ?")."""
    text = turn.text
    for town in turn.entities.get("town", []):
        text = text.replace(str(town), " ")
    recalled = None if turn.entities.get("town") and turn.intent != "ask_directions" else last_site
    for site_id in (turn.entity("site"), site_named_in_text(kb, text), _site_of_town(kb, turn), recalled):
        if site_id:
            try:
                return kb.site(str(site_id))
            except KeyError:
                continue
    return None


_SITE_NOUN = re.compile(r"\b(?:museum|musee|memorial|the site|le site|fortress|forteresse|quarry|carriere)\b")


def _site_of_town(kb: KnowledgeBase, turn: Turn) -> str | None:
    """ "The museum in Albert": the network's member in the town named, or its only site."""
    town = turn.entity("town")
    if not town or not _SITE_NOUN.search(fold(turn.text).lower()):
        return None
    there = [site for site in kb.sites() if site.town and fold(site.town).lower() == fold(str(town)).lower()]
    members = [site for site in there if site.member]
    chosen = members if len(members) == 1 else there
    return chosen[0].id if len(chosen) == 1 else None


def sites_named(kb: KnowledgeBase, turn: Turn) -> list[Site]:
    """Every known site the message's entities name, in order."""
    known = {site.id: site for site in kb.sites()}
    return [known[str(name)] for name in dict.fromkeys(turn.entities.get("site", [])) if str(name) in known]


def site_named_in_text(kb: KnowledgeBase, text: str) -> str | None:
    """The site whose name or alias the text holds closely enough, even where the NLU found none."""
    matches = kb.find_sites(text, limit=1)
    return matches[0].site.id if matches and matches[0].score >= MIN_SITE_SCORE else None


def which_site(kb: KnowledgeBase, intent: str | None, lang: str) -> Reply:
    members = kb.sites(members_only=True)
    buttons = [button(site.name_in(lang), intent or "ask_site_info", site=site.id) for site in members]
    return Reply(t(lang, "dialogue.site.which"), buttons)


def _where_to_ask(site: Site, lang: str) -> str:
    contacts = [part for part in (site.website, site.phone) if part]
    if not contacts:
        return t(lang, "dialogue.site.no_contact")
    return t(lang, "dialogue.site.ask_them", contacts=", ".join(contacts))


def hours_text(kb: KnowledgeBase, site: Site, day: date, today: date, lang: str) -> str:
    name = site.name_in(lang)
    opening = kb.opening(site.id, day)
    when = t(lang, "dialogue.site.today") if day == today else format_date(day, lang)
    notes = [in_language(note, lang) for note in opening.notes]
    if opening.reason in UNKNOWN_DAY_TEXTS:  # the site's hours are known, not whether it opens that day
        why = t(lang, UNKNOWN_DAY_TEXTS[opening.reason], year=day.year)
        text = t(
            lang, "dialogue.site.day_unknown", name=name, when=when, why=why, where=_where_to_ask(site, lang)
        )
        return "\n".join(line for line in (text, *notes) if line)
    if not opening.known:
        return t(lang, "dialogue.site.hours_unknown", name=name, where=_where_to_ask(site, lang))
    unconfirmed = _hours_unconfirmed(site, lang)
    if not opening.is_open:
        text = t(lang, "dialogue.site.closed", name=name, when=when) + _next_open(kb, site, day, lang)
        # The note may say what the rules cannot ("also open on the 1st and 3rd Sundays").
        return "\n".join(line for line in (text, unconfirmed, *notes) if line)
    lines = [t(lang, "dialogue.site.open", name=name, when=when, windows=format_windows(opening.windows))]
    if opening.last_entry:
        lines.append(t(lang, "dialogue.site.last_entry", time=format_time(opening.last_entry)))
    if opening.guided_tour_times:
        tours = ", ".join(format_time(tour) for tour in opening.guided_tour_times)
        lines.append(t(lang, "dialogue.site.guided_tours", times=tours))
    if opening.booking:
        lines.append(t(lang, f"dialogue.site.booking_{opening.booking}"))
    return "\n".join(line for line in (*lines, unconfirmed, *notes) if line)


def _hours_unconfirmed(site: Site, lang: str) -> str:
    """The line telling the visitor to check hours of low confidence, the same as in circuits."""
    return capitalised(t(lang, "circuit.warning_hours_unconfirmed")) + "." if site.hours_unconfirmed else ""


def _next_open(kb: KnowledgeBase, site: Site, after: date, lang: str) -> str:
    """ " It next opens on …" (and from when that is not known, if earlier), or nothing when no open
    day is known within a year or so."""
    found = kb.next_opening(site.id, after)
    if found is None:
        return ""
    when = format_date(found.day, lang)
    if found.unknown_from is None:
        return " " + t(lang, "dialogue.site.next_open", date=when)
    unsure = format_date(found.unknown_from, lang)
    return " " + t(lang, "dialogue.site.next_open_unsure", date=when, unknown=unsure)


def period_hours_text(kb: KnowledgeBase, site: Site, start: date, end: date, lang: str) -> str:
    """Opening over several days ("ouvert en décembre ?"): closed throughout (and when it next opens),
    open every day, or the days it is closed; the hours of the first open day; the sources' notes."""
    name = site.name_in(lang)
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    openings = [kb.opening(site.id, day) for day in days]
    unknown = [day for day, opening in zip(days, openings, strict=True) if not opening.known]
    if len(unknown) == len(days) or (site.hours or {}).get("status") == "unknown":
        return t(lang, "dialogue.site.hours_unknown", name=name, where=_where_to_ask(site, lang))
    period = t(lang, "dialogue.site.period", start=format_date(start, lang), end=format_date(end, lang))
    open_days = [(day, opening) for day, opening in zip(days, openings, strict=True) if opening.is_open]
    closed = [
        day for day, opening in zip(days, openings, strict=True) if opening.known and not opening.is_open
    ]
    if not open_days:
        text = t(
            lang, "dialogue.site.closed_days" if unknown else "dialogue.site.closed", name=name, when=period
        )
        text += _next_open(kb, site, end, lang)
    else:
        if not closed and not unknown:
            text = t(lang, "dialogue.site.open_every_day", name=name, period=period)
        elif closed and len(closed) <= MAX_DATES_LISTED:
            dates = format_dates(closed, lang)
            text = t(lang, "dialogue.site.open_except", name=name, period=period, dates=dates)
        else:
            text = t(
                lang, "dialogue.site.open_days", name=name, period=period, open=len(open_days), days=len(days)
            )
        first_day, first = open_days[0]
        text += " " + t(
            lang,
            "dialogue.site.hours_on",
            date=format_date(first_day, lang),
            windows=format_windows(first.windows),
        )
    if unknown:
        listed = format_dates(unknown, lang) if len(unknown) <= MAX_DATES_LISTED else None
        text += " " + (
            t(lang, "dialogue.site.unknown_dates", dates=listed)
            if listed
            else t(lang, "dialogue.site.unknown_days", count=len(unknown))
        )
    notes = dict.fromkeys(in_language(note, lang) for each in openings for note in each.notes)
    return "\n".join(line for line in (text, _hours_unconfirmed(site, lang), *notes) if line)


def price_text(kb: KnowledgeBase, site: Site, party: Party, lang: str) -> str:
    name = site.name_in(lang)
    quote = kb.price(site.id, party)
    # For a group or a class, what the site's offer says (rate threshold, booking), with whom to book.
    offer = _party_offer(site, party)
    about_offer = [in_language(offer, lang)]
    if offer.get("contact"):
        about_offer.append(t(lang, "dialogue.site.booking_contact", contact=offer["contact"]))
    if not quote.known and not quote.lines:
        unknown = t(lang, "dialogue.site.price_unknown", name=name, where=_where_to_ask(site, lang))
        return "\n".join(line for line in (unknown, *about_offer) if line)
    lines = [t(lang, "dialogue.site.price_header", name=name)]
    for line in quote.lines:
        unit = (
            t(lang, "dialogue.site.amount_unknown")
            if line.unit_price is None
            else format_amount(line.unit_price, lang)
        )
        lines.append(
            t(
                lang,
                "dialogue.site.price_line",
                count=line.count,
                kind=t(lang, f"dialogue.price_kind.{line.kind}"),
                unit=unit,
            )
        )
    lines.append(t(lang, "dialogue.site.price_total", total=format_price(quote, lang)))
    if site.prices_unconfirmed:
        lines.append(t(lang, "dialogue.site.prices_unconfirmed"))
    if quote.note:
        lines.append(in_language(quote.note, lang))
    return "\n".join(line for line in (*lines, *about_offer) if line)


def accessibility_text(site: Site, lang: str) -> str:
    name = site.name_in(lang)
    access = (site.wheelchair or {}).get("access")
    if access not in ("full", "partial", "none"):
        return t(lang, "dialogue.site.access_unknown", name=name, where=_where_to_ask(site, lang))
    note = ((site.wheelchair or {}).get("note") or {}).get(lang, "")
    return " ".join(part for part in (t(lang, f"dialogue.site.access_{access}", name=name), note) if part)


def languages_text(site: Site, lang: str) -> str:
    name = site.name_in(lang)
    if not site.languages:
        return t(lang, "dialogue.site.languages_unknown", name=name, where=_where_to_ask(site, lang))
    names = ", ".join(t(lang, f"dialogue.language_names.{code}") for code in site.languages)
    return t(lang, "dialogue.site.languages", name=name, languages=names)


def duration_text(site: Site, lang: str) -> str:
    name = site.name_in(lang)
    if site.visit_minutes is None:
        return t(lang, "dialogue.site.duration_unknown", name=name)
    key = "duration_estimated" if site.visit_minutes_estimated else "duration"
    return t(lang, f"dialogue.site.{key}", name=name, length=format_length(site.visit_minutes))


def directions_text(site: Site, lang: str, origin: Location | None = None) -> str:
    name = site.name_in(lang)
    address = ", ".join(part for part in (site.address, site.postcode, site.town) if part)
    lines = [t(lang, "dialogue.site.address", name=name, address=address or t(lang, "dialogue.site.unknown"))]
    if site.lat is not None and site.lon is not None:
        url = f"https://www.google.com/maps/dir/?api=1&destination={site.lat:.5f}%2C{site.lon:.5f}"
        if origin:
            url += f"&origin={origin.lat:.5f}%2C{origin.lon:.5f}"
            lines.append(t(lang, "dialogue.site.route_from", place=origin.name, url=url))
        else:
            lines.append(t(lang, "dialogue.site.route", url=url))
    parking, transit = in_language(site.parking, lang), in_language(site.public_transport, lang)
    if parking:
        lines.append(t(lang, "dialogue.site.parking", text=parking))
    # Without a car the question matters most: unknown is said, with whom to ask.
    lines.append(t(lang, "dialogue.site.transport", text=transit or t(lang, "circuit.transit_unknown")))
    return "\n".join(lines)


def contact_text(site: Site, lang: str, party: Party) -> str:
    """The site's website and phone; for a group or a class, also whom its offer says to book with."""
    name = site.name_in(lang)
    unknown = t(lang, "dialogue.site.unknown")
    text = t(
        lang, "dialogue.site.contact", name=name, website=site.website or unknown, phone=site.phone or unknown
    )
    offer = _party_offer(site, party)
    # a group's booking goes through the one contact the site gives for groups or classes
    booking = offer.get("contact") or (
        ((site.groups or {}).get("contact") or (site.schools or {}).get("contact")) if offer else None
    )
    if booking:
        text += "\n" + t(lang, "dialogue.site.booking_contact", contact=booking)
    return text


def _party_offer(site: Site, party: Party) -> dict:
    """The site's offer for a class or a group, else nothing."""
    return audience_offer(site, party.school) if party.school or party.group else {}


def audience_offer(site: Site, school: bool) -> dict:
    """The site's ``schools`` facts for a class (its ``groups`` ones when it has none), else ``groups``."""
    return (site.schools if school else None) or site.groups or {}


def info_text(kb: KnowledgeBase, site: Site, lang: str) -> str:
    themes = ", ".join(kb.theme(theme_id).label_in(lang) for theme_id in site.themes)
    lines = [site.name_in(lang), site.description_in(lang) or t(lang, "dialogue.site.no_description")]
    lines.append(t(lang, "dialogue.site.themes", themes=themes))
    if site.member:
        lines.append(t(lang, "dialogue.site.member"))
    return "\n".join(lines)


@dataclass(frozen=True)
class Asked:
    """What a question about a site is for: a day (to ``until``), a party, a starting point."""

    today: date
    day: date | None = None
    until: date | None = None
    party: Party = Party()
    origin: Location | None = None  # "how do I get there from Lille?"


def answer_about_site(kb: KnowledgeBase, site: Site, topic: str, lang: str, asked: Asked) -> Reply:
    """The answer to one question (``topic`` from TOPICS) about ``site``."""
    day, until = asked.day, asked.until
    if topic == "hours" and day and until and until > day:
        text = period_hours_text(kb, site, day, until, lang)
    elif topic == "hours":
        text = hours_text(kb, site, day or asked.today, asked.today, lang)
    elif topic == "price":
        text = price_text(kb, site, asked.party, lang)
    elif topic == "accessibility":
        text = accessibility_text(site, lang)
    elif topic == "languages":
        text = languages_text(site, lang)
    elif topic == "duration":
        text = duration_text(site, lang)
    elif topic == "directions":
        text = directions_text(site, lang, asked.origin)
    elif topic == "contact":
        text = contact_text(site, lang, asked.party)
    elif topic == "services":
        text = t(
            lang, "dialogue.site.services_unknown", name=site.name_in(lang), where=_where_to_ask(site, lang)
        )
    else:
        text = info_text(kb, site, lang)
    follow_ups = [
        button(t(lang, "dialogue.site.button_hours"), "ask_hours", site=site.id),
        button(t(lang, "dialogue.site.button_price"), "ask_price", site=site.id),
        button(t(lang, "dialogue.site.button_directions"), "ask_directions", site=site.id),
    ]
    return Reply(text, [b for b in follow_ups if b["payload"].split("{")[0] != f"/ask_{topic}"])


# "quels musées…", "which museums…", "lesquels…": a question about the sites in general.
_PLURAL_SITES = re.compile(
    r"\b(?:musees|museums|sites|lieux|memoriaux|memorials|lesquels|lesquelles|which ones|any of them|"
    r"are they|sont-ils|sont-elles|ils sont|elles sont|which of (?:those|them|these)|those|them|ceux|celles|"
    r"parmi eux|both|les deux)\b"
)
_NOW = re.compile(r"\b(?:maintenant|en ce moment|actuellement|now|at the moment|currently)\b")


def about_all_members(
    kb: KnowledgeBase,
    topic: str,
    text: str,
    lang: str,
    now: datetime,
    day: date | None,
    themes: list[str] | None = None,
    listed: list[Site] | None = None,
) -> Reply | None:
    """A question about the museums in general, answered for every member, or those of ``themes``,
    or the sites just ``listed`` ("which of those are free?" after the nearby sites): which are open
    on a day or right now ("quels musées sont ouverts lundi ?", "which ones are open now?"), which are
    wheelchair accessible ("quels musées 14-18 sont accessibles ?"), what they cost. None for other
    questions."""
    folded = fold(text).lower()
    if not _PLURAL_SITES.search(folded):
        return None
    members = listed or (kb.sites(themes, members_only=True) if themes else [])
    members = members or kb.sites(members_only=True)
    if topic == "hours":
        at_this_moment = day is None and _NOW.search(folded) is not None
        day = day or now.date()
        when = format_date(day, lang)
        if day == now.date():
            when = t(lang, "dialogue.site.now" if at_this_moment else "dialogue.site.today")
        lines, closed, unknown = [t(lang, "dialogue.lists.members_open", when=when)], [], []
        for site in members:
            opening = kb.opening(site.id, day)
            if not opening.known:
                unknown.append(site.name_in(lang))
            elif not (kb.is_open_at(site.id, now) if at_this_moment else opening.is_open):
                closed.append(site.name_in(lang))
            else:
                lines.append(
                    t(
                        lang,
                        "dialogue.lists.open_line",
                        name=site.name_in(lang),
                        windows=format_windows(opening.windows),
                    )
                )
        if closed:
            lines.append(t(lang, "dialogue.lists.closed_names", names=", ".join(closed)))
        if unknown:
            lines.append(t(lang, "dialogue.lists.hours_unknown_names", names=", ".join(unknown)))
        return Reply("\n".join(lines))
    if topic == "accessibility":
        lines = [t(lang, "dialogue.lists.members_access")]
        for site in members:
            access = (site.wheelchair or {}).get("access")
            access = access if access in ("full", "partial", "none") else "unknown"
            label = t(lang, f"dialogue.lists.access_{access}")
            lines.append(t(lang, "dialogue.lists.access_line", name=site.name_in(lang), access=label))
        return Reply("\n".join(lines))
    if topic == "price":
        lines = [t(lang, "dialogue.lists.prices_header")]
        for site in members:
            price = format_price(kb.price(site.id, Party()), lang)
            lines.append(t(lang, "dialogue.lists.price_line", name=site.name_in(lang), price=price))
        return Reply("\n".join(lines))
    return None


def list_themes(kb: KnowledgeBase, lang: str) -> Reply:
    lines = [t(lang, "dialogue.lists.themes_header")]
    for theme in kb.themes():
        count = len(kb.sites(themes=[theme.id]))
        if count:
            lines.append(t(lang, "dialogue.lists.theme_line", theme=theme.label_in(lang), count=count))
    buttons = [
        button(theme.label_in(lang), "list_sites_by_theme", theme=theme.id)
        for theme in kb.themes()
        if not theme.parent
    ]
    return Reply("\n".join(lines), buttons)


def list_sites_of_theme(kb: KnowledgeBase, theme_id: str | None, lang: str) -> Reply:
    if not theme_id:
        return list_themes(kb, lang)
    theme = kb.theme(theme_id)
    sites = kb.sites(themes=[theme_id])
    if not sites:
        return Reply(t(lang, "dialogue.lists.no_site_of_theme", theme=theme.label_in(lang)))
    lines = [t(lang, "dialogue.lists.sites_of_theme", theme=theme.label_in(lang))]
    lines += [
        t(lang, "dialogue.lists.site_line", name=site.name_in(lang), town=site.town or "?") for site in sites
    ]
    buttons = [button(t(lang, "dialogue.lists.plan_theme"), "plan_circuit", theme=theme_id)]
    return Reply("\n".join(lines), buttons)


def list_members(kb: KnowledgeBase, lang: str) -> Reply:
    members = kb.sites(members_only=True)
    lines = [t(lang, "dialogue.lists.members_header", count=len(members))]
    lines += [
        t(lang, "dialogue.lists.site_line", name=site.name_in(lang), town=site.town or "?")
        for site in members
    ]
    return Reply("\n".join(lines), [button(t(lang, "dialogue.greet.button_plan"), "plan_circuit")])
