"""The website at the four screen sizes of issue 14 (phone, tablet portrait and landscape, laptop):
a circuit from the chat to the map, a marker's sheet, search, filters, nearby with geolocation, the
address of what is shown (share, Back, Forward), the chat's offline state, keyboard-only use, privacy
and axe-core. Screenshots go to test-artifacts/screens/.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CIRCUIT_DATE, serious_violations
from tests.browser.test_website import ASK, answer_circuits, located, visit_ids

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screens"
SIZES = {
    "phone": (360, 740),
    "tablet": (768, 1024),
    "landscape": (1024, 768),
    "laptop": (1280, 800),
}
NARROW = {"phone", "tablet"}  # below 1000 px: one view at a time
WIDE = {"landscape", "laptop"}  # list, map and chat side by side


@pytest.fixture
def screen(open_page):
    """``screen(size, path="/", **options)``: a page at one of ``SIZES`` (touch on phone and tablet)."""

    def open_(size: str, path: str = "/", **options):
        width, height = SIZES[size]
        touch = {"is_mobile": True, "has_touch": True} if width < 1000 else {}
        return open_page(path, width=width, height=height, **touch, **options)

    return open_


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def tappable_pin(page):
    """A site pin on top at its centre (not under a cluster or another pin), as a finger finds it."""
    name = page.evaluate(
        """[...document.querySelectorAll('.leaflet-marker-pane .site-pin')].find(pin => {
            const r = pin.getBoundingClientRect();
            return r.width > 0 && document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('.site-pin') === pin;
        })?.getAttribute('aria-label')"""
    )
    assert name, "a pin is free to tap"
    return page.get_by_role("button", name=name, exact=True)


def in_viewport(page, selector: str) -> bool:
    """The element is visible and its top part is on screen, without any scrolling."""
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + 40 <= viewport["height"] and box["x"] >= 0


def open_chat(page, size: str) -> None:
    if size in NARROW:
        page.click(".view-tab[data-view=chat]")
    expect(page.locator("#chat-input")).to_be_visible()
    expect(page.locator(".chat")).to_have_attribute("data-connected", "true")


def ask_for_circuit(page, size: str) -> None:
    open_chat(page, size)
    page.fill("#chat-input", ASK["fr"])
    page.press("#chat-input", "Enter")


# A circuit from the chat to the map ------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_a_circuit_from_the_chat_shows_on_the_map_without_scrolling(screen, fake_rasa, circuits, size):
    answer_circuits(fake_rasa, circuits)
    page = screen(size)
    ask_for_circuit(page, size)
    card = page.locator(".message.bot .circuit-card")
    expect(card).to_have_count(1)
    days = visit_ids(circuits["fr"])
    assert card.locator("li").count() == sum(len(day) for day in days)
    assert "Total" in card.inner_text()
    assert card.locator("a[href^='http']").count() == 0  # no raw addresses: calendar and GPS are the site's
    expect(page.locator("#circuit-panel")).to_be_visible()
    assert in_viewport(page, "#circuit-panel")
    assert in_viewport(page, "#map")
    assert page.locator(".stop-icon").count() == sum(len(day) for day in days)
    if size in WIDE:  # the chat stays beside the map
        assert in_viewport(page, "#chat-input")
    else:
        expect(page.locator(".view-tab[data-view=map]")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    assert page.evaluate("window.scrollY") == 0
    shot(page, f"{size}-circuit")
    if size in NARROW:  # back in the chat, the card's "show on map" acts on the page
        page.click(".view-tab[data-view=chat]")
        shot(page, f"{size}-chat-card")
        page.locator(".circuit-card .button.primary").click()
        expect(page.locator("#circuit-panel")).to_be_visible()
    assert page.errors == []


def test_the_circuit_link_in_a_bot_text_opens_on_the_page(screen, fake_rasa, circuits, website):
    link = f"{website}/?{urlsplit(circuits['fr']['links']['website']).query}"
    fake_rasa.responder = lambda message: [
        {
            "text": f"Votre circuit : {link} et l'itinéraire https://www.google.com/maps/dir/?api=1&origin=50.1,2.2"
        }
    ]
    page = screen("phone")
    open_chat(page, "phone")
    page.fill("#chat-input", "le lien ?")
    page.press("#chat-input", "Enter")
    message = page.locator(".message.bot > p").last
    expect(message).to_contain_text("Voir sur la carte")
    assert "http" not in message.inner_text()  # addresses are links named by their host
    assert message.locator("a").get_attribute("href").startswith("https://www.google.com/maps/")
    message.locator("button", has_text="Voir sur la carte").click()
    expect(page.locator("#circuit-panel")).to_be_visible()
    assert in_viewport(page, "#circuit-panel")
    assert parse_qs(urlsplit(page.url).query)["day"] == [",".join(day) for day in visit_ids(circuits["fr"])]


# Markers and sheets ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_a_tapped_marker_opens_its_card_as_a_sheet(screen, size):
    page = screen(size)
    pin = tappable_pin(page)
    name = pin.get_attribute("aria-label")
    pin.click()
    expect(page.locator("#card-title")).to_have_text(name)
    assert in_viewport(page, "#site-card")
    assert in_viewport(page, "#card-title")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    shot(page, f"{size}-sheet")


def test_markers_and_clusters_work_with_the_keyboard(screen, kb):
    page = screen("laptop")
    cluster = page.locator(".marker-cluster").first
    count = int(cluster.inner_text())
    assert cluster.get_attribute("aria-label") == f"{count} sites, agrandir"
    zoom = int(page.get_attribute("#map", "data-zoom"))
    cluster.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#map")).not_to_have_attribute("data-zoom", str(zoom))  # zoomed into the cluster
    pin = tappable_pin(page)
    pin.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#card-title")).to_have_text(pin.get_attribute("aria-label"))
    page.locator("#site-card .icon-button").click()
    expect(page.locator("#site-card")).to_be_hidden()
    pin.focus()
    page.keyboard.press(" ")
    expect(page.locator("#site-card")).to_be_visible()


def test_touch_targets_are_at_least_24_pixels(screen):
    page = screen("phone")
    small = page.evaluate(
        """[...document.querySelectorAll('button, a[href], input, select, .leaflet-marker-icon')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e, e.getBoundingClientRect()])
        .filter(([e, r]) => r.width > 0 && (r.width < 24 || r.height < 24) && !e.closest('.leaflet-control-attribution'))
        .map(([e, r]) => e.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))"""
    )
    assert small == []


# Search and filters -------------------------------------------------------------------------------------------
def test_search_suggests_sites_and_towns(screen, kb):
    page = screen("phone")
    page.click(".view-tab[data-view=list]")
    site = next(site for site in kb.sites() if "Péronne" in site.name_in("fr"))
    page.fill("#search-input", "peronne")
    option = page.locator("#search-suggestions [role=option]", has_text=site.name_in("fr"))
    expect(option).to_be_visible()
    shot(page, "phone-search")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search-input", "aria-activedescendant") == "suggestion-0"
    page.keyboard.press("Enter")
    expect(page.locator("#card-title")).to_have_text(site.name_in("fr"))
    assert parse_qs(urlsplit(page.url).query)["site"] == [site.id]
    # A town: the list is sorted by distance from it
    page.click(".view-tab[data-view=list]")
    page.fill("#search-input", "Amiens")
    town = page.locator("#search-suggestions [role=option]:has(.suggestion-kind:text-is('ville'))").first
    expect(town).to_be_visible()
    town.click()
    expect(page.locator("#sort-origin")).to_contain_text("Amiens")
    amiens = kb.find_places("Amiens")[0]
    nearest = min(located(kb), key=lambda site: (site.lat - amiens.lat) ** 2 + (site.lon - amiens.lon) ** 2)
    assert page.locator("#site-list li").first.get_attribute("data-site") == nearest.id
    assert page.errors == []


def test_filters_free_wheelchair_open_on_a_date(screen, kb):
    page = screen("tablet")
    page.click(".view-tab[data-view=list]")
    total = len(kb.sites())
    page.check("#filter-free")
    free = [site.id for site in kb.sites() if kb.price(site.id).known and kb.price(site.id).total == 0]
    expect(page.locator("#site-list li")).to_have_count(len(free))
    assert sorted(
        page.locator("#site-list li").evaluate_all("items => items.map(i => i.dataset.site)")
    ) == sorted(free)
    page.uncheck("#filter-free")
    page.check("#filter-wheelchair")
    wheelchair = [
        site.id for site in kb.sites() if (site.wheelchair or {}).get("access") in ("full", "partial")
    ]
    expect(page.locator("#site-list li")).to_have_count(len(wheelchair))
    page.uncheck("#filter-wheelchair")
    page.fill("#filter-date", CIRCUIT_DATE.isoformat())
    page.dispatch_event("#filter-date", "change")
    open_that_day = [
        site.id
        for site in kb.sites()
        if kb.opening(site.id, CIRCUIT_DATE).known and kb.opening(site.id, CIRCUIT_DATE).is_open
    ]
    expect(page.locator("#site-list li")).to_have_count(len(open_that_day))
    assert len(open_that_day) < total
    expect(page.locator("#filter-open")).to_be_disabled()
    shot(page, "tablet-filters")


def test_open_now_filter_matches_the_sites_open_now(screen, kb):
    page = screen("laptop")
    page.check("#filter-open")
    shown = page.locator("#site-list li").count()
    assert page.locator("#site-list li .badge.open").count() == shown
    assert page.locator("#site-list li .badge.closed").count() == 0


def test_theme_list_is_grouped_by_parent(screen, kb):
    page = screen("laptop")
    groups = page.locator("#theme-select optgroup")
    assert groups.count() >= 1
    for index in range(groups.count()):
        group = groups.nth(index)
        values = group.locator("option").evaluate_all("options => options.map(o => o.value)")
        parent = values[0]
        assert all(kb.theme(child).parent == parent for child in values[1:])


# Nearby --------------------------------------------------------------------------------------------------------
def now():
    """The website's "now" (it runs on French time), as the knowledge base reads it."""
    return datetime.now(ZoneInfo("Europe/Paris")).replace(tzinfo=None)


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_nearby_zooms_to_the_user_and_numbers_the_sites(screen, fake_rasa, kb, size):
    site = located(kb)[0]
    where = {"latitude": site.lat + 0.001, "longitude": site.lon}
    page = screen(size, permissions=["geolocation"], geolocation=where)
    page.click("#locate-button")
    expect(page.locator("#consent")).to_be_visible()
    assert "1 km" in page.locator("#consent").inner_text()  # what the page keeps, said before
    page.click("#consent-accept")
    pins = page.locator(".nearby-pin")
    expect(pins).to_have_count(5)
    assert pins.all_inner_texts() == ["1", "2", "3", "4", "5"]
    nearest = [found.name_in("fr") for found, _ in kb.near(where["latitude"], where["longitude"], limit=5)]
    assert pins.first.get_attribute("aria-label") == f"1. {nearest[0]}"
    assert int(page.get_attribute("#map", "data-zoom")) >= 11  # from the region (8) to the user
    assert in_viewport(page, ".nearby-pin >> nth=0")
    open_now = [
        found
        for found, _ in kb.near(where["latitude"], where["longitude"], limit=5)
        if kb.is_open_at(found.id, now())
    ]
    if open_now:  # the note is for a moment when none is open (before 10:00, after 18:00, in winter)
        expect(page.locator("#map-note")).to_be_hidden()
    else:
        expect(page.locator("#map-note")).to_contain_text("Aucun de ces sites n'est ouvert maintenant.")
    shot(page, f"{size}-nearby")
    sent = fake_rasa.message(1)
    assert json.loads(sent.removeprefix("/share_location"))["latitude"] == pytest.approx(where["latitude"])


def test_nearby_says_which_open_later_today_when_none_is_open(screen, kb, today):
    site = located(kb)[0]
    where = {"latitude": site.lat, "longitude": site.lon}
    page = screen("phone", permissions=["geolocation"], geolocation=where, service_workers="block")

    def none_open_yet(route):  # as at 08:30: closed now, the second one opens at 10:00
        sites = route.fetch().json()
        for found in sites:
            found["open_now"] = False
            found["next_opening"] = {"date": "2099-01-01", "start": "10:00", "end": "18:00"}
        sites[1]["next_opening"]["date"] = today.isoformat()
        route.fulfill(json=sites)

    page.route("**/api/nearby?*", none_open_yet)
    page.click("#locate-button")
    page.click("#consent-accept")
    note = page.locator("#map-note")
    expect(note).to_be_visible()
    name = page.locator(".nearby-pin").nth(1).get_attribute("aria-label").removeprefix("2. ")
    assert (
        note.inner_text() == f"Aucun de ces sites n'est ouvert maintenant. {name} ouvre aujourd'hui à 10:00."
    )
    shot(page, "phone-nearby-later")


# Addresses, Back and Forward, privacy ----------------------------------------------------------------------
def test_each_site_and_circuit_has_its_address_and_back_works(screen, fake_rasa, circuits, kb):
    answer_circuits(fake_rasa, circuits)
    page = screen("phone")
    first, second = located(kb)[:2]
    page.click(".view-tab[data-view=list]")
    page.locator(f"#site-list li[data-site='{first.id}'] button").click()
    expect(page.locator("#card-title")).to_have_text(first.name_in("fr"))
    assert parse_qs(urlsplit(page.url).query)["site"] == [first.id]
    page.click(".view-tab[data-view=list]")
    page.locator(f"#site-list li[data-site='{second.id}'] button").click()
    expect(page.locator("#card-title")).to_have_text(second.name_in("fr"))
    page.go_back()
    expect(page.locator("#card-title")).to_have_text(first.name_in("fr"))
    page.go_back()
    expect(page.locator("#site-card")).to_be_hidden()
    page.go_forward()
    expect(page.locator("#card-title")).to_have_text(first.name_in("fr"))
    # a circuit from the chat gets its address; Back leaves it, Forward brings it back
    ask_for_circuit(page, "phone")
    expect(page.locator("#circuit-panel")).to_be_visible()
    assert "day" in parse_qs(urlsplit(page.url).query)
    page.go_back()
    expect(page.locator("#circuit-panel")).to_be_hidden()
    page.go_forward()
    expect(page.locator("#circuit-panel")).to_be_visible()
    # the address opens the same circuit in another browser
    other = screen("phone", "/" + page.url.split("/", 3)[3])
    expect(other.locator("#circuit-panel")).to_be_visible()
    assert other.locator(".stop-icon").count() == page.locator(".stop-icon").count()


def test_the_position_is_rounded_in_the_address_history_and_share_link(screen, fake_rasa, kb):
    from bot.trip import TripPlan, TripRequest, plan_trip

    site = located(kb)[0]
    lat, lon = round(site.lat + 0.012345, 6), round(site.lon + 0.012345, 6)
    plan = plan_trip(
        TripRequest(start_point=(lat, lon), themes=("ww1",), first_date=CIRCUIT_DATE, lang="fr"), kb=kb
    )
    assert isinstance(plan, TripPlan), plan
    reply = json.loads(json.dumps(plan.to_dict(), default=str))
    fake_rasa.responder = lambda message: [{"text": f"Voici votre circuit. {plan.website_link}"}, reply]
    page = screen("laptop")
    open_chat(page, "laptop")
    page.fill("#chat-input", "un circuit d'ici")
    page.press("#chat-input", "Enter")
    expect(page.locator("#circuit-panel")).to_be_visible()
    precise = re.compile(r"\d\.\d{3,}")
    query = parse_qs(urlsplit(page.url).query)
    assert query["start"] == [f"{lat:.2f},{lon:.2f}"]
    assert query["start_name"] == ["ma position"]
    assert not precise.search(page.input_value("#circuit-share"))
    assert not precise.search(page.evaluate("localStorage.getItem('memhisto.chat_history')"))
    assert str(lat) in json.dumps(reply)  # the exact position was in the bot's reply, in memory only
    page.click("#chat-clear")
    assert page.evaluate("localStorage.getItem('memhisto.chat_history')") is None
    expect(page.locator(".message.user")).to_have_count(0)


# The chat ------------------------------------------------------------------------------------------------
def test_quick_replies_stay_after_a_misunderstanding_and_location_gets_a_button(screen, fake_rasa):
    replies = iter(
        [
            [
                {
                    "text": "D'où partez-vous ? Donnez une ville ou une gare, ou partagez votre position.",
                    "quick_replies": [{"title": "Arras", "payload": '/inform{"start_place":"Arras"}'}],
                }
            ],
            [{"text": "Je n'ai pas compris."}],
        ]
    )
    fake_rasa.responder = lambda message: next(replies)
    page = screen("phone")
    open_chat(page, "phone")
    page.fill("#chat-input", "un circuit")
    page.press("#chat-input", "Enter")
    expect(page.locator("#chat-replies button", has_text="Arras")).to_be_visible()
    expect(page.locator("#chat-replies .location")).to_have_text("📍 Partager ma position")
    shot(page, "phone-chat-location")
    page.fill("#chat-input", "blabla")
    page.press("#chat-input", "Enter")
    expect(page.locator(".message.bot > p").last).to_have_text("Je n'ai pas compris.")
    expect(page.locator("#chat-replies button", has_text="Arras")).to_be_visible()
    page.click("#chat-replies .location")
    expect(page.locator("#consent")).to_be_visible()


def test_a_message_too_long_is_refused_with_a_notice(screen, fake_rasa):
    page = screen("phone")
    open_chat(page, "phone")
    page.fill("#chat-input", "a" * 3000)
    expect(page.locator("#chat-length")).to_contain_text("3000")
    page.press("#chat-input", "Enter")
    expect(page.locator(".message.user")).to_have_count(0)
    assert fake_rasa.received == []
    assert page.input_value("#chat-input") == "a" * 3000  # kept, to shorten
    page.fill("#chat-input", "court")
    expect(page.locator("#chat-length")).to_be_hidden()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_offline_assistant_disables_the_input_and_retries(screen, size):
    page = screen(size)
    polling = re.compile(r"/socket\.io/\?")  # the chat's requests, not the library's file
    page.context.route(polling, lambda route: route.abort())
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    if size == "phone":
        page.click(".view-tab[data-view=chat]")
    expect(page.locator("#chat-offline")).to_be_visible()
    expect(page.locator("#chat-input")).to_be_disabled()
    expect(page.locator("#chat-typing")).to_be_hidden()
    shot(page, f"{size}-offline")
    page.context.unroute(polling)
    page.click("#chat-retry")
    expect(page.locator(".chat")).to_have_attribute("data-connected", "true", timeout=15000)
    expect(page.locator("#chat-offline")).to_be_hidden()
    expect(page.locator("#chat-input")).to_be_enabled()


def test_without_tiles_the_base_map_shows_with_its_notice_on_the_map(screen):
    page = screen("phone")  # the tests' tile server never answers
    warning = page.locator("#map-warning")
    expect(warning).to_be_visible()
    map_box = page.locator("#map").bounding_box()
    box = warning.bounding_box()
    assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + map_box["height"]
    expect(page.locator(".basemap-label", has_text="Lille")).to_be_visible(timeout=20000)
    expect(page.locator(".basemap-department-label", has_text="Pas-de-Calais")).to_be_attached()
    shot(page, "phone-basemap")
    assert (
        page.locator("#map path.leaflet-interactive, #map .leaflet-overlay-pane path").count() > 3
    )  # land, borders
    page.select_option("#language-select", "de")
    expect(warning).to_contain_text("Hintergrundkarte")
    assert page.title().startswith("Mem'Histo Rundreisen")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # German labels are longer
    header = page.locator(".site-header").bounding_box()
    assert page.locator("#locate-button").bounding_box()["x"] + 10 < header["x"] + header["width"]
    shot(page, "phone-offline-map")


def test_offline_the_page_the_sites_and_the_last_circuit_stay(screen, fake_rasa, circuits, kb):
    answer_circuits(fake_rasa, circuits)
    page = screen("phone")
    page.wait_for_selector("body[data-offline-ready=true]")
    ask_for_circuit(page, "phone")
    expect(page.locator("#circuit-panel")).to_be_visible()
    stops = page.locator(".stop-icon").count()
    page.wait_for_timeout(500)  # the circuit's own request, kept by the service worker
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#site-list li").count() == len(kb.sites())
    expect(page.locator("#circuit-panel")).to_be_visible()
    assert page.locator(".stop-icon").count() == stops
    page.click(".view-tab[data-view=chat]")
    expect(page.locator("#chat-offline")).to_be_visible()
    shot(page, "phone-offline-reload")
    page.context.set_offline(False)


def test_english_dates_are_british(screen, circuits, fake_rasa):
    answer_circuits(fake_rasa, circuits)
    page = screen("laptop", locale="en-GB")
    ask = ASK["en"]
    open_chat(page, "laptop")
    page.fill("#chat-input", ask)
    page.press("#chat-input", "Enter")
    expect(page.locator("#circuit-timeline .day h3").first).to_contain_text("Saturday 15 May")


# Keyboard and accessibility ---------------------------------------------------------------------------------
def test_keyboard_only_from_the_search_to_a_card_and_the_chat(screen, kb):
    page = screen("laptop")
    page.keyboard.press("Tab")  # the skip link is hidden on wide screens: the language, then the tools
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "search-input":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-input"
    site = kb.sites()[0]
    page.keyboard.type(site.name_in("fr")[:12])
    expect(page.locator("#search-suggestions")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#card-title")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Fermer la fiche"
    page.keyboard.press("Enter")
    expect(page.locator("#site-card")).to_be_hidden()


@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_nothing_serious_in_every_view(screen, fake_rasa, circuits, size):
    answer_circuits(fake_rasa, circuits)
    page = screen(size, bypass_csp=True)  # axe is injected as an inline script
    problems = {"start": serious_violations(page)}
    ask_for_circuit(page, size)
    expect(page.locator("#circuit-panel")).to_be_visible()
    problems["circuit"] = serious_violations(page)
    if size in NARROW:
        page.click(".view-tab[data-view=list]")
    page.locator("#site-list button").first.click()
    expect(page.locator("#site-card")).to_be_visible()
    problems["card"] = serious_violations(page)
    if size in NARROW:
        for view in ("list", "chat"):
            page.click(f".view-tab[data-view={view}]")
            problems[view] = serious_violations(page)
    assert {state: found for state, found in problems.items() if found} == {}
