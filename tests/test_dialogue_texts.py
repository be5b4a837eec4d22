"""Every dialogue text exists in both languages, and every key the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.texts import catalogue

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"""["'](dialogue\.[a-z_.]+)["']""")


def dialogue_keys(lang: str) -> set[str]:
    return {key for key in catalogue(lang) if key.startswith("dialogue.")}


def test_french_and_english_have_the_same_dialogue_keys():
    assert dialogue_keys("fr") == dialogue_keys("en")


def test_both_languages_fill_the_same_placeholders():
    for key in dialogue_keys("fr"):
        fr, en = catalogue("fr")[key], catalogue("en")[key]
        if isinstance(fr, str):
            names = {field for _, field, _, _ in string.Formatter().parse(fr) if field}
            assert names == {field for _, field, _, _ in string.Formatter().parse(en) if field}, key


def test_every_key_used_by_the_dialogue_code_exists():
    sources = [*ROOT.joinpath("bot", "conversation").glob("*.py"), *ROOT.joinpath("actions").glob("*.py")]
    # Literal keys only; keys built from a value (f"dialogue.site.access_{access}") are covered by
    # the action tests, which would show a KeyError as the error text.
    used = {key for path in sources for key in KEY.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 50
    keys = dialogue_keys("fr")
    plurals = {
        key.removesuffix(".one") for key in keys if key.endswith(".one") and key[:-4] + ".other" in keys
    }
    assert used <= keys | plurals  # a plural text (tn) is a key with .one and .other forms
