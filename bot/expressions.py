"""Trip details written in French or English: durations, dates, travel modes and the visiting party.

Pure functions, used by the NLU rule extractor (``bot.nlu.rules``) to find entities in a message and by
the dialogue's validation actions to turn an entity's text into values. Every ``find_*`` function
returns ``Mention``s with character offsets into the original text; every ``parse_*`` function returns
the value of the first mention (or ``None``). ``today`` is always a parameter: nothing here reads the clock.

Matching works on ``fold(text)``: lower case without accents, *same length as the text*, so that
offsets found in the folded text are offsets in the original one.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import dateparser

from bot.wordlists import load as load_wordlist

HALF_DAY_MINUTES = 240
MORNING_MINUTES = 180
MAX_MINUTES_PER_DAY = 12 * 60  # "14h" is a time of day, not a visit lasting 14 hours


@dataclass(frozen=True)
class Mention:
    """A piece of ``text[start:end]`` and what it means."""

    start: int
    end: int
    text: str
    value: Any


@dataclass(frozen=True)
class Duration:
    days: int
    minutes_per_day: int | None = None  # None: full days


@dataclass(frozen=True)
class DateRange:
    """Days of a visit. ``invalid``: no such day ("31 février"); ``past``: ends before today; ``vague``:
    a period the visit falls in ("la semaine prochaine", "fin mai", "in May"), not the visit's days."""

    start: date | None
    end: date | None
    invalid: bool = False
    past: bool = False
    vague: bool = False
    # The weekday the visitor named when it is not the date's ("samedi 18 avril" in a year when the
    # 18th is a Sunday): which of the two was meant must be asked.
    said_weekday: int | None = None

    @property
    def days(self) -> int | None:
        return None if self.invalid else (self.end - self.start).days + 1


@dataclass(frozen=True)
class TravelMode:
    mode: str  # car | foot | bike | transit
    no_car: bool = False  # "sans voiture", "we don't have a car"


@dataclass(frozen=True)
class PartyInfo:
    kind: str  # solo | couple | family | school | group
    size: int | None = None  # people in all, when said
    adults: int | None = None
    children: int | None = None


def fold(text: str) -> str:
    """Lower case without accents, one character for one character ("Été" -> "ete")."""
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    folded = plain.lower()
    # ’ is how phones type an apostrophe.
    return "'" if char in "’`´" else (folded[:1] if len(folded) >= 1 else char)


# --- numbers --------------------------------------------------------------------------------------
# Numbers written as words, French and English (bot/wordlists/number_words.yaml).
NUMBER_WORDS = {word: value for value, words in load_wordlist("number_words").items() for word in words}
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


def to_number(word: str) -> int | None:
    word = fold(word).strip()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    return pattern.finditer(fold(text))


def _first(mentions: list[Mention]) -> Any:
    return mentions[0].value if mentions else None


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest mentions first, then those that do not overlap them, in text order."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _mentions(
    text: str, rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Any]]]
) -> list[Mention]:
    found = []
    for pattern, meaning in rules:
        for match in _finditer(pattern, text):
            value = meaning(match)
            if value is not None:
                found.append(Mention(match.start(), match.end(), text[match.start() : match.end()], value))
    return _without_overlaps(found)


# --- durations ------------------------------------------------------------------------------------
_HOURS = re.compile(
    r"(?<![\w:])(?<!h-)(?:(?:a|vers|avant|apres|jusqu'a|des|at|by|until|before|after|from|de|entre|between)\s+)?"
    + _NUMBER
    + r"\s*(?:h|heures?|hours?|hrs?)(?:\s*(\d{2})\b|\s+(?:et|and)\s+(?:demie?|a half|half))?(?!\w)"
)
_HOUR_AND_HALF = re.compile(r"\b(?:une heure et demie|an hour and a half|one hour and a half|1h et demie)\b")
_MINUTES = re.compile(r"\b(\d{2,3})\s*(?:min|minutes|mn)\b")
_HALF_DAY = re.compile(r"\b(?:une\s+)?demi[- ]?journee|\b(?:a\s+)?half[- ]?(?:a[- ])?day\b")
_MORNING = re.compile(r"\b(?:une|la|a|the|one|demain|ce|tomorrow|this)\s+(?:matinee|matin|morning)\b")
_AFTERNOON = re.compile(
    r"\b(?:un|l'|l |an|the|one|demain|cet|tomorrow|this)\s*(?:apres[- ]?midi|aprem|afternoon)\b"
)
_FULL_DAY = re.compile(
    r"\b(?:(?:une|1|la)\s+(?:seule\s+|petite\s+|bonne\s+|simple\s+)?journee(?:\s+(?:complete|entiere))?|"
    r"toute la journee|juste une journee|(?:just|only)\s+(?:the|a)\s+day\b|"
    r"(?:un|1)\s+(?:seul\s+)?jour\b|(?:a|one|1)\s+(?:full\s+|whole\s+|single\s+)?day\b|the\s+(?:full|whole|entire)\s+day\b|all day|full day|(?<![-\d])(?<!\d )day trip|"
    r"(?:la|une)\s+journee\s+entiere|"
    # "a V-weapons day", "a WW2 day out"; not "one more day" or "a second day" (more days, not one),
    # nor a wish or the weather ("have a lovely day", "a rainy day")
    r"(?<!have )\ba\s+(?!more\b|extra\b|further\b|second\b|\d|(?:nice|lovely|good|great|wonderful|"
    r"beautiful|pleasant|happy|fine|rainy|sunny|bad|long|busy)\b)[\w-]+\s+day\b(?!s))"
)
_DAYS = re.compile(
    r"(?<!dans )\b"
    + _NUMBER
    + r"(?:\s+|-)(?:(?:full|whole|entire)\s+)?(?:jours?|journees?|days?)(?:\s+(?:entiers|complets|pleins|trip|tour))?\b"
    + r"(?!'?\s*time)"  # "in 10 days' time" is a date
)
# "2j", "3 j", "2jrs": days as typed on a phone.
_COMPACT_DAYS = re.compile(r"\b(\d{1,2})\s?(?:j|jrs?)\b(?!')")
_COUPLE_OF_DAYS = re.compile(
    r"\b(?:a couple of|couple of|deux ou trois|two or three|2 ou 3|2 or 3|2-3)\s+days?\b|"
    r"\b(?:deux ou trois|2 ou 3|2-3)\s+jours\b"
)
_WEEKEND = re.compile(
    r"\b(?:un|une|a|one|1|le|the|pour le|for the|ce|cette|this|next|le prochain)?\s*"
    r"(?:long\s+|grand\s+)?week[- ]?ends?\b(?:\s+prochain)?(?:\s+prolonge)?"
)
_WEEK = re.compile(r"\b(?:une|a|one|1)\s+semaine\b|\b(?:a|one|1)\s+week\b(?!\s*end)")
# "in the morning", "dans l'après-midi": when the visit happens, not how long it lasts ("the morning",
# "une matinée", "demain matin" are how long).
_WHEN_BEFORE = re.compile(r"\b(?:in|dans|during|pendant|durant)\s+$")


def _hours(match: re.Match[str]) -> Duration | None:
    prefix = re.match(
        r"(a|vers|avant|apres|jusqu'a|des|at|by|until|before|after|from|de|entre|between)\s", match.group(0)
    )
    # "à 14h", "until 5 hours", "de 9h à 12h", "entre 12h et 13h30": a time of day; but "un circuit de
    # 2 heures" and "a 2 hour tour" (the English article, not "à") are durations.
    if re.search(
        r"\b(?:entre|between)\s+\d{1,2}\s*(?:h\d{0,2}|[ap]m|:\d{2})\s+(?:et|and)\s+$",
        match.string[: match.start()],
    ):
        return None
    until = re.match(r"\s*(?:a|-|jusqu)\b", match.string[match.end() :])
    duration_after_de = prefix and prefix.group(1) == "de" and not until
    english_article = prefix and prefix.group(1) == "a" and re.search(r"\d\s*(?:hours?|hrs?)", match.group(0))
    we_have = prefix and prefix.group(1) == "a" and re.search(r"\bon\s+$", match.string[: match.start()])
    if prefix and not (duration_after_de or english_article or we_have):  # "on a 2h": we have 2 hours
        return None
    hours = to_number(match.group(1))
    if hours is None or (not match.group(1).isdigit() and re.search(r"\dh|\bh\b|[a-z]h\b", match.group(0))):
        return None  # "ah", "une h": a word number needs the unit written out
    minutes = hours * 60 + (int(match.group(2)) if match.group(2) else 0)
    if match.group(0).rstrip().endswith(("demi", "demie", "half")):
        minutes += 30
    if minutes > MAX_MINUTES_PER_DAY and minutes % (24 * 60) == 0 and match.group(1).isdigit():
        return Duration(minutes // (24 * 60))  # "48h", "72 heures": whole days
    return Duration(1, minutes) if 0 < minutes <= MAX_MINUTES_PER_DAY else None


def _days(match: re.Match[str]) -> Duration | None:
    days = to_number(match.group(1))
    return Duration(days) if days and days <= 366 else None  # the planner says how many days it plans


def _part_of_day(minutes: int) -> Callable[[re.Match[str]], Duration | None]:
    def meaning(match: re.Match[str]) -> Duration | None:
        return None if _WHEN_BEFORE.search(match.string[: match.start()]) else Duration(1, minutes)

    return meaning


def _weekend(match: re.Match[str]) -> Duration:
    return Duration(3 if "long" in match.group(0) or "prolonge" in match.group(0) else 2)


DURATION_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Any]]] = [
    (_HOUR_AND_HALF, lambda m: Duration(1, 90)),
    (_HOURS, _hours),
    (
        _MINUTES,
        lambda m: Duration(1, int(m.group(1))) if 0 < int(m.group(1)) <= MAX_MINUTES_PER_DAY else None,
    ),
    (_HALF_DAY, lambda m: Duration(1, HALF_DAY_MINUTES)),
    (_MORNING, _part_of_day(MORNING_MINUTES)),
    (_AFTERNOON, _part_of_day(HALF_DAY_MINUTES)),
    (_FULL_DAY, lambda m: Duration(1)),
    (_DAYS, _days),
    (_COMPACT_DAYS, _days),
    (_COUPLE_OF_DAYS, lambda m: Duration(2)),
    (_WEEKEND, _weekend),
    (_WEEK, lambda m: Duration(7)),
]


def find_durations(text: str, lang: str = "fr") -> list[Mention]:
    """How long the visitor has: "2 heures", "2h30", "une demi-journée", "a full day", "3 jours"."""
    return _mentions(text, DURATION_RULES)


def parse_duration(text: str, lang: str = "fr") -> Duration | None:
    return _first(find_durations(text, lang))


# --- dates ----------------------------------------------------------------------------------------
# Month and weekday names, French and English (bot/wordlists/months.yaml, weekdays.yaml).
MONTHS = {name: month for month, names in load_wordlist("months").items() for name in names}
WEEKDAYS = {name: weekday for weekday, names in load_wordlist("weekdays").items() for name in names}
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_SAID_WEEKDAY = r"(?:(" + "|".join(WEEKDAYS) + r"),?\s+)?"  # captured, to check it against the date
_DAY = r"(\d{1,2})(?:er|st|nd|rd|th|e)?"
_YEAR = r"(?:\s+(\d{4}))?"
_THE = r"(?:(?:le|les|the)\s+)?"  # "le 11 novembre" is one date; "on" in "on Monday" is not part of it

_RANGE = re.compile(
    rf"\b(?:du|entre le|entre|from|between)?\s*{_THE}{_SAID_WEEKDAY}{_THE}{_DAY}(?:\s+(?:of\s+)?{_MONTH})?\s*"
    rf"(?:au|et le|et|a|to|and|until|till|-)\s*{_THE}(?:{_WEEKDAY},?\s+)?{_THE}{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b"
)
_RANGE_MONTH_FIRST = re.compile(
    rf"\b{_MONTH}\s+{_DAY}\s*(?:-|to|until|till|and|&|et)\s*(?:the\s+)?{_DAY}(?:,?{_YEAR})?\b"
)
_DAY_MONTH = re.compile(rf"\b{_SAID_WEEKDAY}{_THE}{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b")
_MONTH_DAY = re.compile(rf"\b{_SAID_WEEKDAY}{_MONTH}\s+{_DAY}(?:,?{_YEAR})?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b")
# With the spellings typed in a hurry: "tomorow", "tmrw", "2morrow", "dmain", "auj".
_TOMORROW = r"demain|dmain|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2morrow|2moro"
_RELATIVE = re.compile(
    r"\b(aujourd'hui|aujourd hui|auj|today|tonight|ce soir|apres[- ]demain|the day after tomorrow|"
    rf"day after tomorrow|{_TOMORROW}|hier|yesterday)\b"
)
# "dans 3 jours" is a date; "in 3 days" is mostly a duration ("see it all in 3 days") unless "time" follows.
_IN_DAYS = re.compile(
    r"\bdans\s+" + _NUMBER + r"\s+(jours?|semaines?)\b|\bin\s+" + _NUMBER + r"\s+(days?|weeks?)'?\s+time\b"
)
_WEEKEND_DATE = re.compile(
    r"\b(?:ce|cette|this|le|the)\s+week[- ]?end(?:\s+(?:after next|d'apres|suivant|prochain))?\b|"
    r"\b(?:next|coming)\s+weekend\b|\bweek[- ]?end prochain\b"
)
_WEEKDAY_DATE = re.compile(
    rf"\b(?:(ce|this|next|coming|le)\s+)?({_WEEKDAY})(?:\s+(prochain|qui vient))?\b(?!\s+\d)"
)
# "next Saturday and Sunday", "les samedi et dimanche qui viennent": the days from the first to the second.
_WEEKDAY_PAIR = re.compile(
    rf"\b(?:(ce|cette|this|next|coming|le|les|the)\s+)?({_WEEKDAY})\s+(?:and|et|&|to|au|-)\s+(?:(?:le|the)\s+)?"
    rf"({_WEEKDAY})(?:\s+(prochains?|qui viennent|suivants?))?\b(?!\s+\d)"
)
_NEXT_WEEK = re.compile(r"\b(?:la semaine prochaine|next week)\b")
# The day after the one being discussed ("et le lendemain ?"): a date without a day of its own.
_DAY_AFTER = re.compile(r"\b(?:le lendemain|the day after|the next day|the following day|le jour suivant)\b")
_THIS_WEEK = re.compile(r"\b(?:cette semaine|this week)\b")
_IN_MONTH = re.compile(rf"\b(?:en|in|au mois de|during)\s+{_MONTH}{_YEAR}\b")
# Thirds of a month as the visitor says them ("fin mai", "au début du mois de juin", "mid-July", "at the
# end of May"): their first and last days (31: the month's last), bot/wordlists/month_parts.yaml.
MONTH_PARTS = {word: (first, last) for word, (first, last) in load_wordlist("month_parts").items()}
# Not "we start May 3": a day of the month makes it a date.
_MONTH_PART = re.compile(
    rf"\b({'|'.join(MONTH_PARTS)})(?:\s+|-)(?:of\s+|du\s+mois\s+(?:de\s+|d')|de\s+|d')?{_MONTH}"
    rf"(?!\s+\d{{1,2}}\b){_YEAR}\b"
)
# "le mardi 8", "Tuesday the 8th": a day of the month, with its weekday.
_WEEKDAY_DAY = re.compile(rf"\b({_WEEKDAY}),?\s+{_THE}{_DAY}\b(?!\s*(?:h\b|heures?\b|hours?\b|[ap]\.?m\b|:))")


def _day(year: int | None, month: int, day: int, today: date) -> date | None:
    """The date, or None if there is no such day. Without a year: the next one from today."""
    if year is not None:
        try:
            return date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            return None
    for candidate_year in range(today.year, today.year + 5):  # 29 February needs up to 4 years
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


# Days known by their name ("Christmas day", "le 14 juillet" is a plain date): fixed-date public
# holidays and remembrance days, as the visitor names them (folded, lower case).
# Days known by a name ("noël", "Remembrance Day"): bot/wordlists/named_days.yaml, month-day -> names.
NAMED_DAYS = {
    name: (int(month_day[:2]), int(month_day[3:]))
    for month_day, names in load_wordlist("named_days").items()
    for name in names
}
_NAMED_DAY = re.compile(
    r"\b("
    + "|".join(re.escape(name) for name in sorted(NAMED_DAYS, key=len, reverse=True))
    + r")\b(?:\s+(\d{4}))?"
)


def _dated(start: date | None, end: date | None, today: date, vague: bool = False) -> DateRange:
    if start is None or end is None or end < start:
        return DateRange(None, None, invalid=True)
    return DateRange(start, end, past=end < today, vague=vague)


def _checked(dates: DateRange, said_weekday: str | None) -> DateRange:
    """``dates``, marked when the weekday said with them is not their first day's."""
    if said_weekday is None or dates.start is None or dates.start.weekday() == WEEKDAYS[said_weekday]:
        return dates
    return replace(dates, said_weekday=WEEKDAYS[said_weekday])


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _date_rules(today: date) -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], Any]]]:
    def range_(match: re.Match[str]) -> DateRange:
        said_weekday, first_day, first_month, last_day, last_month, year = match.groups()
        last = _day(_int(year), MONTHS[last_month], int(last_day), today)
        if last is None:
            return DateRange(None, None, invalid=True)
        month = MONTHS[first_month] if first_month else last.month
        start_year = last.year - 1 if month > last.month else last.year
        return _checked(_dated(_day(start_year, month, int(first_day), today), last, today), said_weekday)

    def range_month_first(match: re.Match[str]) -> DateRange:
        month, first_day, last_day, year = match.groups()
        first = _day(_int(year), MONTHS[month], int(first_day), today)
        last = _day(first.year if first else None, MONTHS[month], int(last_day), today) if first else None
        return _dated(first, last, today)

    def one_day(found: date | None) -> DateRange:
        return _dated(found, found, today)

    def day_of_month(said_weekday: str | None, day: str, month: str, year: str | None) -> DateRange:
        return _checked(one_day(_day(_int(year), MONTHS[month], int(day), today)), said_weekday)

    def relative(match: re.Match[str]) -> DateRange:
        word = match.group(1)
        if "apres" in word or "after" in word:
            return one_day(today + timedelta(days=2))
        if re.fullmatch(_TOMORROW, word):
            return one_day(today + timedelta(days=1))
        if word in ("hier", "yesterday"):
            return one_day(today - timedelta(days=1))
        return one_day(today)

    def in_days(match: re.Match[str]) -> DateRange | None:
        number, unit_word = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        )
        count = to_number(number)
        if count is None:
            return None
        unit = 7 if unit_word.startswith(("semaine", "week")) else 1
        return one_day(today + timedelta(days=count * unit))

    def weekend(match: re.Match[str]) -> DateRange:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:  # on Sunday, "this weekend" is today
            saturday = today - timedelta(days=1)
        after_next = re.search(r"after next|d'apres|suivant", match.group(0))  # "the weekend after next"
        later = after_next or "next" in match.group(0) or "prochain" in match.group(0)
        if later and today.weekday() in (5, 6):
            saturday += timedelta(days=7)
        if after_next:
            saturday += timedelta(days=7)
        return (
            DateRange(saturday, saturday + timedelta(days=1), past=False)
            if saturday >= today - timedelta(days=1)
            else _dated(saturday, saturday + timedelta(days=1), today)
        )

    def weekday(match: re.Match[str]) -> DateRange:
        wanted = WEEKDAYS[match.group(2)]
        ahead = (wanted - today.weekday()) % 7
        later = match.group(1) in ("next", "coming") or match.group(3) is not None
        if ahead == 0 and later:
            ahead = 7  # "samedi prochain" said on a Saturday: a week later
        return one_day(today + timedelta(days=ahead))

    def weekday_pair(match: re.Match[str]) -> DateRange:
        first, last = WEEKDAYS[match.group(2)], WEEKDAYS[match.group(3)]
        ahead = (first - today.weekday()) % 7
        if ahead == 0 and (match.group(1) in ("next", "coming") or match.group(4) is not None):
            ahead = 7  # "samedi et dimanche prochains" said on a Saturday: a week later
        start = today + timedelta(days=ahead)
        return _dated(start, start + timedelta(days=(last - first) % 7), today)

    def weekday_and_day(match: re.Match[str]) -> DateRange | None:
        """The next day of the month with that number, if it falls on that weekday."""
        wanted, day_of_month = WEEKDAYS[match.group(1)], int(match.group(2))
        next_month = (today.replace(day=1) + timedelta(days=31)).replace(day=1)
        for month in (today.replace(day=1), next_month):
            found = _day(month.year, month.month, day_of_month, today)
            if found is not None and found >= today:
                return one_day(found) if found.weekday() == wanted else None
        return None

    def next_week(match: re.Match[str]) -> DateRange:
        monday = today + timedelta(days=7 - today.weekday())
        return DateRange(monday, monday + timedelta(days=6), vague=True)

    def this_week(match: re.Match[str]) -> DateRange:  # what is left of it
        return DateRange(today, today + timedelta(days=6 - today.weekday()), vague=True)

    def month_period(month: int, year: int | None, first_day: int, last_day: int) -> DateRange:
        """Days ``first_day`` to ``last_day`` (at most the last) of ``month``: in ``year``, else the next
        ones not over yet; from today when they have begun."""
        first = _day(today.year if year is None else year, month, first_day, today)
        if first is None:
            return DateRange(None, None, invalid=True)
        last = first.replace(day=min(last_day, calendar.monthrange(first.year, month)[1]))
        if year is None and last < today:
            return month_period(month, today.year + 1, first_day, last_day)
        return _dated(max(first, today) if first <= today <= last else first, last, today, vague=True)

    return [
        (_RANGE, range_),
        (_RANGE_MONTH_FIRST, range_month_first),
        (_DAY_MONTH, lambda m: day_of_month(m.group(1), m.group(2), m.group(3), m.group(4))),
        (_MONTH_DAY, lambda m: day_of_month(m.group(1), m.group(3), m.group(2), m.group(4))),
        (
            _NUMERIC,
            lambda m: (
                one_day(_day(_int(m.group(3)), int(m.group(2)), int(m.group(1)), today))
                if 1 <= int(m.group(2)) <= 12
                else DateRange(None, None, invalid=True)
            ),
        ),  # fmt: skip
        (_RELATIVE, relative),
        (_NAMED_DAY, lambda m: one_day(_day(_int(m.group(2)), *NAMED_DAYS[m.group(1)], today))),
        (_IN_DAYS, in_days),
        (_WEEKEND_DATE, weekend),
        (_NEXT_WEEK, next_week),
        (_DAY_AFTER, lambda m: DateRange(None, None, vague=True)),
        (_THIS_WEEK, this_week),
        (_WEEKDAY_PAIR, weekday_pair),
        (_WEEKDAY_DATE, weekday),
        (_WEEKDAY_DAY, weekday_and_day),
        (_IN_MONTH, lambda m: month_period(MONTHS[m.group(1)], _int(m.group(2)), 1, 31)),
        (_MONTH_PART, lambda m: month_period(MONTHS[m.group(2)], _int(m.group(3)), *MONTH_PARTS[m.group(1)])),
    ]


# "make it the 21st and 22nd instead", "plutôt le 21": days of the month being discussed.
_DAYS_OF_MONTH = re.compile(
    r"\b(?:the|le|les)\s+(\d{1,2})(?:st|nd|rd|th|er|e)?\b(?:\s*(?:and|et|-|to|au)\s*(?:the\s+|le\s+)?"
    r"(\d{1,2})(?:st|nd|rd|th|er|e)?\b)?(?!\s*(?:h\b|heures?|hours?|:|[ap]m|personnes|people|adults?|km))"
)


def days_of_month(text: str, month_of: date) -> DateRange | None:
    """The day numbers said without a month, in the month of ``month_of`` (the date discussed), or the
    next month when they are before it: "the 21st and 22nd" after "14-15 August"."""
    found = _DAYS_OF_MONTH.search(fold(text).lower())
    if not found:
        return None
    first, last = int(found.group(1)), int(found.group(2) or found.group(1))
    month = month_of.replace(day=1)
    if first < month_of.day - 15:  # well before the date discussed: the month after
        month = (month + timedelta(days=32)).replace(day=1)
    try:
        return DateRange(month.replace(day=first), month.replace(day=last))
    except ValueError:
        return DateRange(None, None, invalid=True)


def names_day_after(text: str) -> bool:
    """ "et le lendemain ?", "and the day after?": the day after the one being discussed."""
    return _DAY_AFTER.search(fold(text)) is not None


def find_dates(text: str, lang: str, today: date) -> list[Mention]:
    """Dates and date ranges: "demain", "samedi prochain", "le 11 novembre", "next Sunday",
    "this weekend", "du 3 au 5 mai", "from 3 to 5 May", "31 février" (invalid), "le mardi 8"; vague
    periods: "la semaine prochaine", "en mai", "fin mai", "mid-July"."""
    return _mentions(text, _date_rules(today))


def most_precise(found: list[DateRange]) -> DateRange | None:
    """The first date said precisely, else the first period: in "la semaine prochaine, le mardi 8
    décembre" the visitor names the day."""
    return next((dates for dates in found if not dates.vague), found[0] if found else None)


def parse_dates(text: str, lang: str, today: date) -> DateRange | None:
    """The most precise date or range in ``text``; else what dateparser understands of a short text."""
    found = most_precise([mention.value for mention in find_dates(text, lang, today)])
    if found is not None or len(text.split()) > 5 or parse_duration(text, lang):
        return found
    parsed = dateparser.parse(
        text,
        languages=[lang],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        },
    )
    return _dated(parsed.date(), parsed.date(), today) if parsed else None


# --- travel mode ----------------------------------------------------------------------------------
_NO_CAR = re.compile(
    r"\b(?:sans|pas de|pas d'|no|without(?: a)?|don'?t have a|do not have a|haven'?t got a)\s*"
    r"(?:voiture|vehicule|bagnole|car)\b|\bcar[- ]free\b|\bcarless\b|"
    r"\b(?:don'?t|do not|can'?t|cannot|won'?t) drive\b|\bne (?:conduis|conduit|conduisons|conduisent) pas\b|"
    r"\bpas (?:le|de) permis\b"
)
MODE_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Any]]] = [
    (_NO_CAR, lambda m: TravelMode("transit", no_car=True)),
    # "car" alone is also French for "because" and for a coach: English needs a determiner. A hired
    # coach ("en autocar", "en car", "coach party") drives the roads: for routing, a car.
    (re.compile(r"\b(?:en )?(?:voiture|auto|bagnole|vehicule)\b|"
                r"\b(?:by|a|the|my|our|your|with|rental|hire|hired|own|in the)\s+car\b|\b(?:driving|drive)\b|"
                r"\b(?:en |par |in |by )?(?:autocars?|minibus|coach(?:es)?|coach party)\b|\ben car\b|"
                r"\b(?:bus|car) (?:affrete|prive|de location)\b|\b(?:chartered|private|hired) (?:bus|coach)\b|"
                r"\b(?:le|un|notre|du|en) car\b(?! (?:ter|de ligne))|"  # the coach a class has for the day
                # a camper van drives the roads too (its parking is a question for each site)
                r"\b(?:camping[- ]cars?|camper ?vans?|campers?|motorhomes?|motor homes?|rvs?|van)\b"),
     lambda m: TravelMode("car")),
    (re.compile(r"\b(?:a pied|a pieds|en marchant|marche a pied|on foot|by foot|walking|walk there|walk it)\b"),
     lambda m: TravelMode("foot")),
    (re.compile(r"\b(?:(?:a|en|by|on a|on)\s+)?(?:velos?|bicyclette|vtt|bikes?|bicycles?|cycling|cycle)\b"),
     lambda m: TravelMode("bike")),
    (re.compile(
        r"\b(?:(?:en|par le|by|on the|with)\s+)?(?:transports? (?:en commun|publics?)|public transport|"
        r"trains?|ter|tgv|bus|car ter|tram|metro|transit|navette|shuttle)\b"),
     lambda m: TravelMode("transit")),
]  # fmt: skip


# Ways of travelling the planner has no travel times for ("by helicopter"): said so, not misunderstood.
_UNPLANNED_MODE = re.compile(
    r"\b(?:en|par|by|in an?|by an?|on an?|a)\s+(?:helico(?:ptere)?s?|helicopters?|avions?|(?:air)?planes?|"
    r"jets?(?: prives?)?|private jets?|montgolfieres?|hot[- ]air balloons?|bateaux?|boats?|cheval|"
    r"horses?|horseback|trottinettes?|segways?)\b|\bfly(?:ing)? (?:there|between|from)\b"
)


def names_unplanned_mode(text: str) -> bool:
    return _UNPLANNED_MODE.search(fold(text)) is not None


def find_modes(text: str, lang: str = "fr") -> list[Mention]:
    """How the visitor travels: car, foot, bike or transit ("sans voiture" means transit)."""
    return _mentions(text, MODE_RULES)


def parse_mode(text: str, lang: str = "fr") -> TravelMode | None:
    modes = find_modes(text, lang)
    if not modes and lang == "en" and re.search(r"\bcar\b", fold(text).lower()):
        return TravelMode("car")  # in English, "car" alone ("WW1, car, solo") is a car
    if not modes:
        return None
    no_car = any(m.value.no_car for m in modes)
    chosen = next((m.value for m in modes if not m.value.no_car and m.value.mode != "car"), modes[0].value)
    return TravelMode(chosen.mode, no_car=no_car) if no_car else chosen


# --- party ----------------------------------------------------------------------------------------
# "2 adults and a child of 10": the child is one of the party, 10 is an age. "a child-friendly museum"
# counts no one.
_COUNTS = re.compile(
    r"\b"
    + _NUMBER
    + r"\s+(adultes?|adults?|ad|adu|grown-?ups?|enfants?|enf|children|childs?|kids?|gamins?|ados?|teenagers?)\b(?!-)"
)
_PEOPLE_NOUN = (
    r"(?:personnes|pers|people|persons|visiteurs|visitors|participants|eleves|pupils|students|adultes|adults|"
    # friends, colleagues, pensioners: a group of adults, like "nous sommes 6"
    r"amis|amies|copains|copines|potes|friends|mates|collegues|colleagues|retraites|pensioners|retirees|"
    # a tour operator's party: "48 Australians", "35 pax"
    r"australians|aussies|americans|canadians|british|brits|kiwis|germans|seniors|veterans|guests|clients|"
    r"passengers|pax|touristes|tourists|anciens combattants|combattants|veterans?|membres|members|"
    r"randonneurs|pelerins|pilgrims)"
)
# "nous sommes 4", "a group of 25": the number alone is a count; "pour 6 personnes", "40 British visitors":
# the noun makes it one.
# "a day by car for 2", "pour 4 ?": a number after for/pour that is no duration, date or time.
_FOR_NUMBER = r"(?:for|pour)\s+" + _NUMBER + r"(?=\s*(?:$|[.,;!?)]|and\b|et\b|please|pls|svp|stp))"
_PEOPLE = re.compile(
    r"\b(?:(?:nous sommes|on est|on sera|nous serons|we are|we're|there are|there will be|"
    r"groupe de|group of|party of|family of|famille de|class of|classe de|a group of)\s+"
    + _NUMBER
    + r"|"
    + _NUMBER
    + r"\s+(?:[a-z-]+\s+)?"
    + _PEOPLE_NOUN
    + r"|"
    + _FOR_NUMBER
    + r")\b"
)
PARTY_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Any]]] = [
    (re.compile(
        r"\b(?:class(?:es?)?|scolaires?|eleves|ecoles?|college|lycee|collegiens|lyceens|schools?|pupils|"
        r"schoolchildren|class trip|field trip|year \d+ class)\b"), lambda m: "school"),
    (re.compile(
        r"\b(?:en famille|famille|family|familles|families|enfants?|kids?|children|child|gamins?|"
        r"petits?-enfants|grandchildren|mon fils|ma fille|my daughter|my son|bebe|baby|toddler|ados?|teenagers?)\b"),
     lambda m: "family"),
    (re.compile(
        r"\b(?:groupe|group|association|club|comite d'entreprise|tour operator|autocariste|"
        r"voyage organise|coach party|seniors club|en autocar|en car|by coach|the coach|our coach|"
        r"notre (?:auto)?car)\b"), lambda m: "group"),
    (re.compile(
        r"\b(?:en couple|couple(?!\s+(?:of|d'|de))|ma femme|mon mari|ma compagne|mon compagnon|ma copine|mon copain|"
        r"mon epouse|mon conjoint|ma conjointe|my wife|my husband|my partner|my girlfriend|"
        r"my boyfriend|(?:the )?two of us|2 of us|nous deux|on est deux|tous les deux|toutes les deux|"
        # "me and my dad", "moi et ma soeur": two adults
        r"(?:me|moi|myself) (?:and|et|avec) (?:my|mon|ma) (?:dad|father|mum|mom|mother|brother|sister|friend|"
        r"pere|papa|mere|maman|frere|soeur|ami|amie|pote)|"
        r"a deux(?!\s+(?:pas|heures|jours|minutes)))\b"),
     lambda m: "couple"),
    (re.compile(
        r"\b(?:tout seul|toute seule|(?:je suis|je serai|je viens|je voyage|je pars|voyage)\s+seule?|"
        r"solo|alone|by myself|on my own|just me|juste moi)\b"),
     lambda m: "solo"),
]  # fmt: skip


def find_party(text: str, lang: str = "fr") -> list[Mention]:
    """Who visits: solo, couple, family, school or group (values are these words)."""
    return _mentions(text, PARTY_RULES)


def find_people_counts(text: str, lang: str = "fr") -> list[Mention]:
    """How many people, where the text says so: "nous sommes 4", "a group of 25", "6 personnes"."""
    found = []
    for match in _finditer(_PEOPLE, text):
        group = next(index for index in (1, 2, 3) if match.group(index))
        number = to_number(match.group(group))
        if number and number <= 500 and match.group(group) not in ("a", "an", "un", "une"):
            start, end = match.span(group)
            found.append(Mention(start, end, text[start:end], number))
    return found


# "fam 2+2", "2 ad + 3 enf": adults plus children, as counter staff type them.
_PLUS = re.compile(r"\b(\d)\s*\+\s*(\d)\b(?!\s*(?:h|km|jours?|days?))")


def parse_party(text: str, lang: str = "fr") -> PartyInfo | None:
    """The party described by ``text``: kind, and sizes where they are given."""
    adults = children = None
    plus = _PLUS.search(fold(text))
    if plus and re.search(r"\b(?:fam|famille|family|enf|enfants?|kids?|children)\b", fold(text).lower()):
        adults, children = int(plus.group(1)), int(plus.group(2))
        return PartyInfo("family", adults + children, adults, children)
    for match in _finditer(_COUNTS, text):
        count = to_number(match.group(1))
        if match.group(2).startswith(("adult", "grown")) or match.group(2) in ("ad", "adu"):
            adults = (adults or 0) + (count or 0)
        else:
            children = (children or 0) + (count or 0)
    counts = find_people_counts(text, lang)
    if children and not adults and counts and counts[0].value > children:
        adults = counts[0].value - children  # "une famille de 5 ... nos 3 enfants": 2 adults
    size = (adults or 0) + (children or 0) or (counts[0].value if counts else None)
    kinds = [m.value for m in find_party(text, lang)]
    if children:  # "groupe 12 ados + 2 anim" is a group; "2 adultes 2 enfants" a family
        kind = next((k for k in ("school", "group") if k in kinds), "family")
    elif kinds:
        kind = next(k for k in ("school", "family", "group", "couple", "solo") if k in kinds)
    elif size:
        kind = {1: "solo", 2: "couple"}.get(size, "group")
    else:
        return None
    if size is None:
        size = {"solo": 1, "couple": 2}.get(kind)
    return PartyInfo(kind, size, adults, children)


# --- pace and times of the day --------------------------------------------------------------------
_VISIT_NOUN = r"(?:stops?|visits?|sites?|museums?|places?|visites?|musees?|arrets?|etapes?|lieux)"
_AT_MOST = (
    r"(?:no more than|not more than|at most|max(?:imum)?|only|just|pas plus de|au maximum|maximum|max|"
    r"seulement|que|juste)"
)
_VISITS_PER_DAY = re.compile(
    rf"\b(?:{_AT_MOST}\s+{_NUMBER}\s+{_VISIT_NOUN}|{_NUMBER}\s+{_VISIT_NOUN}\s+"
    rf"(?:max(?:imum|i)?|au maximum|at most|tops)|{_NUMBER}\s+{_VISIT_NOUN}\s+(?:a|per|par|each)\s+(?:day|jour))\b"
)


_PER_DAY = re.compile(r"\s*(?:a|per|par|each|dans la|in a)\s+(?:day|jour|journee)\b")


def pace_phrase(text: str) -> str | None:
    """The words that say the pace, folded ("no more than two stops a day"): their "a day" is no
    duration."""
    folded = fold(text).lower()
    found = _VISITS_PER_DAY.search(folded)
    if not found:
        return None
    per_day = _PER_DAY.match(folded, found.end())
    return found.group(0) + (per_day.group(0) if per_day else "")


def parse_visits_per_day(text: str) -> int | None:
    """The pace asked for: "no more than two stops", "2 visites max dans la journée"."""
    found = _VISITS_PER_DAY.search(fold(text).lower())
    if not found:
        return None
    count = to_number(next(group for group in found.groups() if group))
    return count if count and count <= 10 else None


# "indoor stuff only, it's raining", "que des trucs à l'intérieur", "du moment que c'est à l'abri".
INDOORS = re.compile(
    r"\b(?:indoors?|inside (?:things|stuff|sites|places|visits)|only inside|under cover|undercover|sheltered|"
    r"out of the rain|a l'interieur|en interieur|a l'abri|au sec|couverts? uniquement)\b"
)


def asks_indoors(text: str) -> bool:
    """Whether the visitor wants visits under a roof only (rain, cold): no cemetery nor memorial outdoors."""
    return INDOORS.search(fold(text).lower()) is not None


# Clock times: "17h", "17h30", "17:30", "5pm", "5.30 pm", "11 o'clock".
_CLOCK = r"(\d{1,2})(?:\s*(?:h|:|\.)\s*(\d{2})|\s*(?:h|heures?))?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)?"
_END_BY = re.compile(
    r"\b(?:finir|terminer|fini|rentrer|rentre|retour|back|finish|finished|done|be (?:at|in)|etre (?:a|au))\b"
    rf"[^.?!]{{0,40}}?\b(?:avant|before|by|at|a|vers|pour|around)\s+{_CLOCK}"
)
# A clock time said as one ("9h", "18:00", "6 pm"), not a day of the month ("le samedi 26 juin").
_MARKED_CLOCK = r"(?=\d{1,2}\s*(?:h|:|\.\d|heures?|am|pm|a\.m\.|p\.m\.|o'?clock))" + _CLOCK
_DEPARTURE = re.compile(
    r"\b(?:train|ferry|bateau|bus|eurostar|navette|shuttle|tgv|ter|flight|vol|avion|plane)\b"
    rf"[^.?!]{{0,45}}?\b(?:a|at|de|of|vers|around|for)\s+{_MARKED_CLOCK}"
)
_ARRIVAL = re.compile(
    r"\b(?:arrive\w*|arrivons|arrivee|get in|getting in|land\w*|debarqu\w*|not before|pas avant|"
    rf"a partir de|from)\b[^.?!]{{0,45}}?\b(?:a|at|vers|around|about|de|from|by)?\s*{_MARKED_CLOCK}"
)
DEPARTURE_MARGIN = 45  # minutes kept before a train or a ferry to catch


def _clock_minutes(match: re.Match[str], first_group: int) -> int | None:
    hours, minutes, meridiem = match.group(first_group, first_group + 1, first_group + 2)
    text = match.group(0)
    if not (minutes or meridiem or re.search(r"\d\s*(?:h|heures?)\b", text)):
        return None  # a bare number is no time of day
    value = int(hours)
    if meridiem and meridiem.startswith("p") and value < 12:
        value += 12
    value = value * 60 + int(minutes or 0)
    return value if 6 * 60 <= value <= 22 * 60 else None


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_day_bounds(text: str) -> tuple[str | None, str | None]:
    """When the day may start and must end: "we arrive at Arras station at 11", "ils veulent finir avant
    17h", "a ferry to catch at 6 pm" (the day ends ``DEPARTURE_MARGIN`` minutes before)."""
    folded = fold(text).lower()
    start = end = None
    arrival = _ARRIVAL.search(folded)
    if arrival:
        found = _clock_minutes(arrival, 1)
        start = _hhmm(found) if found else None
    ending = _END_BY.search(folded)
    if ending and (found := _clock_minutes(ending, 1)):
        end = _hhmm(found)
    for departure in _DEPARTURE.finditer(folded):  # "lands from the ferry at 9, takes the ferry back at 18h"
        if end or (arrival and arrival.start() <= departure.start() <= arrival.end()):
            continue
        found = _clock_minutes(departure, 1)
        if found:
            end = _hhmm(found - DEPARTURE_MARGIN)
    return start, end


# --- negation -----------------------------------------------------------------------------------
# "sans Lewarde", "pas de cimetières", "she'd rather avoid underground tunnels", "No, not Gent": what
# follows these is not wanted (a site left out, a theme avoided, a place that is not the start).
_NEGATED = re.compile(
    r"\b(?:sans|sauf|hormis|hors|pas de|pas d'|pas les?|pas la|pas trop de|moins de|ni|eviter|evitez|evite|"
    r"no more|no|not|nothing|without|except|avoid|avoiding|skip|skipping|rather not|less|fewer|none of|"
    r"rien de|rien d'|aucune?|tant pis pour|forget about|never mind)\s+"
    # "no more than two stops", "pas plus de 2 sites", "not later than 5": amounts, nothing unwanted
    r"(?!(?:more |plus |later |earlier |longer )?(?:than|que|de \d|\d))"
    r"(?:(?:les|le|la|l'|des|du|de|d'|the|any|a|an|too many|too much|more|that|those)\s+)*"
    r"((?:(?!\s[-–—]\s)[^.,;:!?()]){2,40})"  # up to a punctuation or a dash between words
)


def negated_phrases(text: str) -> list[str]:
    """The phrases said not to be wanted, as written (up to the next punctuation): "sans la Coupole
    ni Lewarde" -> ["la Coupole ni Lewarde" is cut at "ni": "Coupole", "Lewarde"]."""
    found = []
    for match in _finditer(_NEGATED, text):
        phrase = text[match.start(1) : match.end(1)]
        found += [part.strip() for part in re.split(r"\s+(?:ni|nor|or|ou|and|et)\s+", phrase) if part.strip()]
    return found


# --- accessibility --------------------------------------------------------------------------------
_ACCESSIBILITY = re.compile(
    r"\b(?:(?:en )?fauteuils?(?: roulants?)?|pmr|handicap\w*|mobilite reduite|personnes? a mobilite reduite|"
    r"wheel ?chairs?|wheelchair users?|disabled|disability|reduced mobility|step-free|mobility scooter|"
    # "seulement ceux qui sont accessibles": a need; "accessible ?" alone is a question
    r"(?:seulement|uniquement|only|que)\b[^.?!]{0,25}\baccessibles?(?! (?:by|en|par|in|from|depuis|a|au|aux|to))|"
    r"poussettes?|pushchairs?|strollers?|bugg(?:y|ies))\b"
)


# "il n'est pas en fauteuil", "not in a wheelchair", "no buggy": a need ruled out, not stated.
_NEGATED_BEFORE = re.compile(r"\b(?:pas|plus|not|no|sans|without|n't|never|jamais)\b[^.,;!?]{0,12}$")


def _accessibility(match: re.Match[str]) -> str | None:
    return None if _NEGATED_BEFORE.search(match.string[: match.start()]) else "wheelchair"


def find_accessibility(text: str, lang: str = "fr") -> list[Mention]:
    """Mentions of a wheelchair or reduced mobility (value ``wheelchair``), unless negated."""
    return _mentions(text, [(_ACCESSIBILITY, _accessibility)])
