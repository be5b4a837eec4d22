"""The website in Debian's Chromium: map, filters, cards, chat, circuits, location, accessibility.

Screenshots go to test-artifacts/ (desktop, mobile, print).
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CIRCUIT_DATE, serious_violations

pytestmark = pytest.mark.browser

ASK = {
    "fr": "Je voudrais un circuit Grande Guerre de deux jours au départ d'Arras",
    "en": "I would like a two-day Great War circuit starting from Arras",
}
HERE_IS = {"fr": "Voici votre circuit.", "en": "Here is your circuit."}
HOSTILE = '<script>window.__hacked = 1</script><img src=x onerror="window.__hacked = 2">'


def visit_ids(plan: dict) -> list[list[str]]:
    def site_id(visit):
        site = visit.get("site")
        return visit.get("site_id") or (site if isinstance(site, str) else site["id"])

    return [[site_id(visit) for visit in day["visits"]] for day in plan["days"]]


def answer_circuits(fake_rasa, circuits):
    """The fake bot answers a circuit request with a text and the circuit, in the asker's language."""

    def respond(message: str):
        lang = "fr" if "voudrais" in message else "en"
        return [{"text": HERE_IS[lang], "quick_replies": []}, circuits[lang]]

    fake_rasa.responder = respond


def located(kb, **filters):
    return [site for site in kb.sites(**filters) if site.lat is not None and site.lon is not None]


def markers_on_map(page) -> int:
    """Sites drawn on the map: single pins plus the counts written on the clusters."""
    pins = page.locator(".leaflet-marker-pane .site-pin").count()
    clustered = sum(int(text) for text in page.locator(".marker-cluster span").all_inner_texts())
    return pins + clustered


# Map, filters, list, card ---------------------------------------------------------------------------------
def test_every_site_has_a_marker_and_a_list_entry(open_page, kb):
    page = open_page()
    assert markers_on_map(page) == len(located(kb))
    assert page.get_attribute("#map", "data-marker-count") == str(len(located(kb)))
    assert page.locator("#site-list li").count() == len(kb.sites())
    members = [site.name_in("fr") for site in kb.sites(members_only=True)]
    assert page.locator("#site-list li.member").all_inner_texts()[0].startswith("★ " + members[0])
    page.screenshot(path=ARTIFACTS / "website-desktop.png")
    assert page.errors == []


def test_theme_filter_changes_the_markers(open_page, kb):
    page = open_page()
    theme = min(
        (theme for theme in kb.themes() if located(kb, themes=[theme.id])),
        key=lambda theme: len(located(kb, themes=[theme.id])),
    )
    assert len(located(kb, themes=[theme.id])) < len(located(kb))
    page.select_option("#theme-select", theme.id)
    expected = len(located(kb, themes=[theme.id]))
    expect(page.locator("#map")).to_have_attribute("data-marker-count", str(expected))
    assert markers_on_map(page) == expected
    assert page.locator("#site-list li").count() == len(kb.sites(themes=[theme.id]))
    page.check("#members-only")
    members = len([site for site in kb.sites(themes=[theme.id]) if site.member])
    expect(page.locator("#site-list li")).to_have_count(members)


def test_site_card_shows_today_hours(open_page, kb, today):
    site = next(
        (site for site in kb.sites() if kb.opening(site.id, today).is_open), kb.sites()[0]
    )  # an open site when there is one today, to check the hours themselves
    page = open_page()
    page.locator(f"#site-list li[data-site='{site.id}'] button").click()
    card = page.locator("#site-card")
    card.locator("#card-title").wait_for()
    assert card.locator("#card-title").inner_text() == site.name_in("fr")
    expect(card.locator("#card-title")).to_be_focused()
    opening = kb.opening(site.id, today)
    hours = card.locator(".day-hours").inner_text()
    assert card.locator("dt").first.inner_text() == "Aujourd'hui"
    if not opening.known:
        assert "horaires inconnus" in hours
    elif opening.reason == "always_open":
        assert "en permanence" in hours
    elif opening.is_open:
        for start, end in opening.windows:
            assert f"{start:%H:%M}–{end:%H:%M}" in hours
    else:
        assert "fermé" in hours
    if site.phone:
        assert card.locator("a[href^='tel:']").count() == 1
    if site.website:
        assert card.locator("a[target=_blank]").first.get_attribute("href").startswith("http")


def test_plan_from_here_asks_the_bot_in_the_interface_language(open_page, fake_rasa, kb):
    site = kb.sites()[0]
    for locale, lang, phrase in [
        ("fr-FR", "fr", "Je voudrais un circuit au départ de"),
        ("nl-NL", "en", "I would like a circuit starting from"),
    ]:
        page = open_page(locale=locale)
        expect(page.locator(".chat")).to_have_attribute("data-connected", "true")
        page.locator(f"#site-list li[data-site='{site.id}'] button").click()
        page.locator("#site-card .button.primary").click()
        expect(page.locator(".message.user")).to_have_count(1)
        assert fake_rasa.message(1) == f"{phrase} {site.name_in(lang)}"
        fake_rasa.received.clear()


def test_interface_follows_the_browser_language_and_can_switch(open_page):
    page = open_page(locale="en-GB")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#locate-button").inner_text() == "Use my location"
    for lang, label in [
        ("de", "Meinen Standort verwenden"),
        ("nl", "Mijn locatie gebruiken"),
        ("fr", "Utiliser ma position"),
    ]:
        page.select_option("#language-select", lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("#locate-button .long-label")).to_have_text(label)


def test_keyboard_reaches_the_list_and_opens_a_card(open_page, kb):
    page = open_page()
    page.focus("#sort-select")
    for _ in range(3):  # the sort order, then the first site of the list (the panels between are hidden)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('site-button')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('site-button')")
    page.keyboard.press("Enter")
    expect(page.locator("#card-title")).to_be_focused()
    assert page.locator("#card-title").inner_text() == kb.sites()[0].name_in("fr")


# Chat and circuits ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_chat_circuit_appears_on_the_map_with_numbered_stops(open_page, fake_rasa, circuits, lang):
    answer_circuits(fake_rasa, circuits)
    page = open_page(locale={"fr": "fr-FR", "en": "en-US"}[lang])
    page.wait_for_selector(".chat[data-connected=true]")
    page.fill("#chat-input", ASK[lang])
    page.press("#chat-input", "Enter")
    page.wait_for_selector("#circuit-panel:not([hidden])")
    assert page.locator(".message.bot > p").last.inner_text() == HERE_IS[lang]
    assert page.locator(".message.bot .circuit-card").count() == 1
    days = visit_ids(circuits[lang])
    stops = sum(len(day) for day in days)
    assert stops > 0
    assert page.locator(".stop-icon").count() == stops
    numbers = page.locator(".stop-icon span").all_inner_texts()
    assert numbers == [str(n) for day in days for n in range(1, len(day) + 1)]
    assert page.locator("#circuit-timeline .day").count() == len(days)
    assert page.locator("path.leaflet-interactive").count() >= len(days)  # one line per day
    query = parse_qs(urlsplit(page.url).query)
    assert query["day"] == [",".join(day) for day in days]
    assert fake_rasa.received[-1]["message"] == ASK[lang]
    page.screenshot(path=ARTIFACTS / f"website-circuit-{lang}.png")
    if lang == "fr":
        page.emulate_media(media="print")
        page.screenshot(path=ARTIFACTS / "website-print.png", full_page=True)


def test_shared_circuit_link_opens_the_same_circuit(open_page, website, circuits):
    days = visit_ids(circuits["en"])
    start = circuits["en"]["start"]
    query = "&".join(
        [f"start={start['lat']},{start['lon']}", "start_name=Arras", f"date={CIRCUIT_DATE}", "mode=car"]
        + [f"day={','.join(day)}" for day in days]
    )
    page = open_page(f"/?{query}", locale="en-US")
    page.wait_for_selector("#circuit-panel:not([hidden])")
    assert page.locator(".stop-icon").count() == sum(len(day) for day in days)
    ics = page.get_attribute("#circuit-ics", "href")
    gpx = page.get_attribute("#circuit-gpx", "href")
    with urllib.request.urlopen(website + ics) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        assert response.read().startswith(b"BEGIN:VCALENDAR")
    with urllib.request.urlopen(website + gpx) as response:
        assert b"<gpx" in response.read()
    assert page.input_value("#circuit-share").endswith(urlsplit(page.url).query)


def test_shared_link_of_a_trip_that_moves_on_says_where_each_day_goes(open_page, circuits):
    days = visit_ids(circuits["en"])
    start = circuits["en"]["start"]
    query = "&".join(
        [f"start={start['lat']},{start['lon']}", "start_name=Arras", f"date={CIRCUIT_DATE}", "mode=car"]
        + [f"day={','.join(day)}" for day in days]
        + ["night=49.89407,2.29575,Amiens"]
    )
    page = open_page(f"/?{query}", locale="en-US")
    page.wait_for_selector("#circuit-panel:not([hidden])")
    assert page.locator("#circuit-timeline .day-way").all_inner_texts() == [
        "From Arras to Amiens",
        "From Amiens to Amiens",
    ]
    assert re.fullmatch(
        r"In Amiens around \d\d:\d\d", page.locator("#circuit-timeline .day > p.muted").last.inner_text()
    )
    assert page.errors == []


def test_broken_shared_link_explains_the_problem(open_page):
    page = open_page("/?start=50.29,2.78&day=no-such-museum")
    page.wait_for_selector("#circuit-panel:not([hidden]) .warning")
    assert "no-such-museum" in page.locator("#circuit-summary").inner_text()


def test_quick_replies_send_their_payload_and_session_survives_a_reload(open_page, fake_rasa):
    fake_rasa.responder = lambda message: [
        {
            "text": "Pour quand ?",
            "quick_replies": [{"title": "Demain", "payload": '/inform{"date":"demain"}'}],
        }
    ]
    page = open_page()
    page.wait_for_selector(".chat[data-connected=true]")
    page.fill("#chat-input", "bonjour")
    page.press("#chat-input", "Enter")
    page.locator("#chat-replies button", has_text="Demain").click()
    expect(page.locator(".message.user")).to_have_count(2)
    assert fake_rasa.message(2) == '/inform{"date":"demain"}'
    assert page.locator(".message.user p").last.inner_text() == "Demain"
    session = page.evaluate("localStorage.getItem('memhisto.session_id')")
    page.reload()
    page.wait_for_selector(".chat[data-connected=true]")
    assert fake_rasa.sessions[-1] == session == fake_rasa.received[-1]["session_id"]
    assert page.locator(".message.user").count() == 2  # the conversation is still shown


def test_chat_reconnects_when_the_server_restarts(open_page, fake_rasa):
    page = open_page()
    chat = page.locator(".chat")
    expect(chat).to_have_attribute("data-connected", "true")
    session = page.evaluate("localStorage.getItem('memhisto.session_id')")
    fake_rasa.restart()
    expect(chat).to_have_attribute("data-connected", "false", timeout=15000)
    expect(page.locator("#chat-status")).to_have_text("Assistant injoignable, nouvelle tentative en cours…")
    expect(chat).to_have_attribute("data-connected", "true", timeout=15000)
    assert fake_rasa.sessions[-1] == session  # the same conversation goes on
    page.fill("#chat-input", "toujours là ?")
    page.press("#chat-input", "Enter")
    expect(page.locator(".message.bot p").last).to_have_text("echo: toujours là ?")


def test_typing_indicator_while_waiting(open_page, fake_rasa):
    fake_rasa.responder = lambda message: []  # the bot is still thinking
    page = open_page()
    page.wait_for_selector(".chat[data-connected=true]")
    page.fill("#chat-input", "bonjour")
    page.press("#chat-input", "Enter")
    expect(page.locator("#chat-typing")).to_be_visible()
    assert fake_rasa.message(1) == "bonjour"  # delivered before the next test starts counting


# Location --------------------------------------------------------------------------------------------------------
def test_my_location_asks_consent_then_shows_nearby_sites(open_page, fake_rasa, kb):
    site = located(kb)[0]
    page = open_page(
        permissions=["geolocation"], geolocation={"latitude": site.lat + 0.001, "longitude": site.lon}
    )
    page.wait_for_selector(".chat[data-connected=true]")
    page.click("#locate-button")
    expect(page.locator("#consent")).to_be_visible()
    assert "conversation" in page.locator("#consent").inner_text()
    page.click("#consent-accept")
    page.wait_for_selector("#nearby-panel:not([hidden]) li")
    nearest = [found.name_in("fr") for found, _ in kb.near(site.lat + 0.001, site.lon, limit=5)]
    assert [
        text.split("\n")[0].lstrip("★ ") for text in page.locator("#nearby-list li").all_inner_texts()
    ] == nearest
    expect(page.locator(".message.user")).to_have_count(1)
    sent = fake_rasa.message(1)
    assert re.fullmatch(r'/share_location\{"latitude":[\d.]+,"longitude":[\d.-]+\}', sent)
    assert json.loads(sent.removeprefix("/share_location"))["latitude"] == pytest.approx(site.lat + 0.001)


# Safety, layout, accessibility ---------------------------------------------------------------------------
def test_hostile_bot_and_site_texts_are_shown_as_text(open_page, fake_rasa, kb):
    fake_rasa.responder = lambda message: [
        {"text": f"{HOSTILE} see javascript:alert(1) https://example.org/ok"}
    ]

    def hostile_sites(route):
        sites = route.fetch().json()
        sites[0]["name"] = HOSTILE
        sites[0]["description"] = HOSTILE
        route.fulfill(json=sites)

    page = open_page(service_workers="block")  # page.route sees the page's own requests only
    page.route("**/api/sites?*", hostile_sites)
    page.select_option("#theme-select", "")  # reload the sites through the route
    page.dispatch_event("#theme-select", "change")
    expect(page.locator("#site-list")).to_contain_text("<script>")
    page.wait_for_selector(".chat[data-connected=true]")
    page.fill("#chat-input", "bonjour")
    page.press("#chat-input", "Enter")
    page.wait_for_selector(".message.bot >> text=onerror")
    assert HOSTILE in page.locator(".message.bot p").last.inner_text()
    assert page.locator(".chat-log img, .chat-log script, #site-list img, #site-list script").count() == 0
    links = page.locator(".message.bot a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["https://example.org/ok"]
    assert page.evaluate("window.__hacked") is None
    assert page.errors == []


@pytest.mark.parametrize("with_circuit", [False, True])
def test_axe_finds_no_serious_violations(open_page, fake_rasa, request, with_circuit):
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    if with_circuit:
        answer_circuits(fake_rasa, request.getfixturevalue("circuits"))
        page.wait_for_selector(".chat[data-connected=true]")
        page.fill("#chat-input", ASK["fr"])
        page.press("#chat-input", "Enter")
        page.wait_for_selector("#circuit-panel:not([hidden])")
        page.locator("#site-list button").first.click()
        page.locator("#card-title").wait_for()
    assert serious_violations(page) == []
