"""End-to-end in the browser: the real website, chatting with the real Rasa over its socket.io
channel, the real action server planning the circuit (marker `e2e`). The page-level behaviour is
tested against a fake Rasa in tests/browser; this checks that the real servers fit together: CORS,
the socket.io protocol, and the circuit payload as Rasa's channel emits it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from bot.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
REQUEST = {
    "fr": ("fr-FR", "Je suis à Arras demain pour 1 jour, la Grande Guerre m'intéresse, en voiture"),
    "en": ("en-GB", "I'm in Arras tomorrow for one day by car, interested in the Great War"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_a_circuit_planned_in_the_chat_appears_on_the_map(open_page, lang, width):
    locale, request = REQUEST[lang]
    phone = {"is_mobile": True, "has_touch": True} if width < 500 else {}
    page = open_page(locale=locale, width=width, height=800, **phone)
    if phone:  # one view at a time: the assistant is a tab
        page.click(".view-tab[data-view=chat]")
    expect(page.locator(".chat")).to_have_attribute("data-connected", "true", timeout=30000)
    page.fill("#chat-input", request)
    page.press("#chat-input", "Enter")
    expect(page.locator("#circuit-panel")).to_be_visible(timeout=60000)  # the map comes forward on phones
    expect(page.locator(".message.bot .circuit-card")).to_have_count(1)  # the circuit as a card in the chat
    stops = page.locator(".stop-icon")
    assert stops.count() >= 1
    assert page.locator(".stop-icon span").first.inner_text() == "1"
    assert parse_qs(urlsplit(page.url).query)["day"]  # the shareable address of the circuit
    assert page.errors == []
    page.screenshot(path=ARTIFACTS / f"live-circuit-{lang}-{width}.png")
