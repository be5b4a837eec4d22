"""The console's words: one file per language, every key the page and the handout use present in
each language that shows it."""

from __future__ import annotations

import json
import re

import pytest

from bot.console.counter import HANDOUT_LANGUAGES
from bot.console.handout import CONSOLE_WEB

PAGE_LANGUAGES = ("fr", "en")


def words(lang: str) -> dict:
    return json.loads((CONSOLE_WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def used_keys() -> set[str]:
    page = (CONSOLE_WEB / "index.html").read_text(encoding="utf-8")
    script = (CONSOLE_WEB / "static" / "console.js").read_text(encoding="utf-8")
    keys = set(re.findall(r'data-i18n="([\w.]+)"', page)) | set(re.findall(r'word\("([\w.]+)"', script))
    keys |= {f"role.{role}" for role in ("admin", "editor", "counter")}
    keys |= {f"counter.{move}_label" for move in ("up", "down", "remove")}
    keys |= {f"error.{status}" for status in (400, 401, 403, 404, 422, 429, 502, 503)}
    keys |= {
        f"data.question.{question}"
        for question in (
            "hours_day",
            "hours_week",
            "price_family",
            "offer_groups",
            "offer_schools",
            "events_year",
        )
    }
    return keys


def handout_keys() -> set[str]:
    template = (CONSOLE_WEB / "handout.html").read_text(encoding="utf-8")
    code = (CONSOLE_WEB.parent.parent / "bot" / "console" / "handout.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'words\[["\'](handout\.[\w.]+)["\']\]', template + code))
    return keys | {f"handout.mode_{mode}" for mode in ("car", "bike", "foot")} | {"handout.mail_subject"}


def test_the_page_languages_have_the_same_keys():
    assert words("fr").keys() == words("en").keys()


@pytest.mark.parametrize("lang", PAGE_LANGUAGES)
def test_every_word_of_the_page_is_there(lang):
    assert used_keys() - words(lang).keys() == set()


@pytest.mark.parametrize("lang", HANDOUT_LANGUAGES)
def test_every_word_of_the_handout_is_there(lang):
    handout = {key for key in words("fr") if key.startswith("handout.")}
    assert handout_keys() <= handout
    assert handout <= words(lang).keys()
    assert len(words(lang)["handout.weekdays"]) == 7 and len(words(lang)["handout.months"]) == 12
