"""channels.common: location messages, languages, splitting long replies, repeated deliveries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels.common import (
    Seen,
    circuit_link,
    circuit_start,
    platform_language,
    share_location,
    split_text,
    utf16_length,
)

LINK = "https://www.google.com/maps/dir/?api=1&origin=50.29,2.78&destination=49.93,2.93&waypoints=49.9,2.8"


def test_location_becomes_the_projects_share_location_message():
    assert share_location(50.291, "2.7775") == '/share_location{"latitude": 50.291, "longitude": 2.7775}'
    assert share_location(91, 2) is None
    assert share_location("nan", 2) is None
    assert share_location(None, 2) is None


@pytest.mark.parametrize(
    ("code", "lang"),
    [("fr", "fr"), ("fr-BE", "fr"), ("en_GB", "en"), ("EN", "en"), ("de", None), (None, None)],
)
def test_platform_language(code, lang):
    assert platform_language(code) == lang


def test_a_short_text_is_one_part():
    assert split_text("  Bonjour !\n", 100) == ["Bonjour !"]
    assert split_text("", 100) == []


def test_long_text_is_cut_at_line_ends_within_the_limit_and_loses_nothing():
    lines = [f"Ligne {index:03d} — une visite du circuit" for index in range(200)]
    parts = split_text("\n".join(lines), 500)
    assert all(len(part) <= 500 for part in parts)
    assert "\n".join(parts).split("\n") == lines


def test_a_paragraph_stays_whole_when_a_blank_line_is_close_enough():
    first = "\n".join(["a" * 30] * 5)
    second = "\n".join(["b" * 30] * 5)
    parts = split_text(f"{first}\n\n{second}", 200)
    assert parts == [first, second]


def test_a_link_is_never_cut():
    text = ("Itinéraire du jour : " + LINK + " ") * 20
    parts = split_text(text, 300)
    assert all(len(part) <= 300 for part in parts)
    assert sum(part.count(LINK) for part in parts) == 20


def test_telegram_counts_utf16_units():
    assert utf16_length("🏛️a") == 4
    lines = ["🏛" * 10] * 10  # 20 units a line: two lines and their line end make 41
    assert len(split_text("\n".join(lines), 41, utf16_length)) == 5
    assert len(split_text("\n".join(lines), 40, utf16_length)) == 10


@given(st.lists(st.text(alphabet="ab cd\n🙂", max_size=80), max_size=30), st.integers(20, 120))
def test_splitting_keeps_every_word_in_order_within_the_limit(chunks, limit):
    text = "\n".join(chunks)
    parts = split_text(text, limit, utf16_length)
    assert all(0 < utf16_length(part) <= limit for part in parts)
    assert re.findall(r"\S+", " ".join(parts)) == re.findall(r"\S+", text)


def test_a_delivery_is_taken_once_and_the_memory_is_bounded():
    seen = Seen(capacity=2)
    assert seen.first_time("a") and not seen.first_time("a")
    assert seen.first_time("b") and seen.first_time("c")
    assert seen.first_time("a")  # forgotten: the oldest of three with room for two


def test_circuit_start_and_link_from_the_reply_payload():
    plan = {
        "start": {"name": "Arras", "lat": 50.29, "lon": 2.78},
        "days": [{"visits": []}],
        "links": {"website": "http://localhost:8080/?start=50.29,2.78&day=historial"},
    }
    start = circuit_start({"data": plan})
    assert (start.latitude, start.longitude, start.name) == (50.29, 2.78, "Arras")
    assert circuit_link({"data": plan}).endswith("day=historial")
    assert circuit_start({"data": {"problem": "too_far"}}) is None
    assert circuit_start(None) is None and circuit_link({"other": 1}) is None
