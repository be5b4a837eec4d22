"""The website's HTTP app (bot/webapp.py) against the real knowledge base, over real HTTP."""

from __future__ import annotations

import asyncio
import gzip
import http.client
import json
import re
import threading
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from email.message import Message

import pytest
from sanic import Sanic

from bot.config import settings
from bot.knowledge import open_kb
from bot.ops.serve import free_port
from bot.webapp import WebApp, coarse, create_app

# A fixed moment so that "open now" and "next opening" can be checked against the knowledge base.
NOW = datetime(2026, 11, 25, 11, 0)


@pytest.fixture(scope="module")
def kb():
    return open_kb()


class ServedApp:
    """The Sanic app on a free port, its event loop in a thread of its own (the browser tests'
    Playwright keeps a loop running in the main thread)."""

    def __init__(self, app):
        # Sanic rewrites some of its own methods when an app starts ("touch-up"); a second app in the
        # same process needs the originals, which Sanic keeps in test mode (as sanic-testing does).
        Sanic.test_mode = True
        self.app, self.port = app, free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        self.server = self._call(self._start())
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc_info) -> None:
        self._call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)

    async def _start(self):
        server = await self.app.create_server(
            host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False
        )
        await server.startup()
        await server.before_start()
        await server.after_start()
        await server.start_serving()
        return server

    async def _stop(self):
        await self.server.before_stop()
        await self.server.close()
        await self.server.after_stop()


@pytest.fixture(scope="module")
def base_url():
    with ServedApp(create_app(WebApp(clock=lambda: NOW))) as url:
        yield url


def get(base_url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(base_url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get_json(base_url: str, path: str, status: int = 200):
    code, headers, body = get(base_url, path)
    assert code == status, body
    assert headers["Content-Type"].startswith("application/json")
    return json.loads(body)


def located_members(kb):
    return [site for site in kb.sites() if site.lat is not None]


# /api/config ---------------------------------------------------------------------------------------
def test_config_gives_the_chat_and_tile_settings(base_url):
    config = get_json(base_url, "/api/config")
    assert config["rasa_url"] == settings().rasa_url
    assert config["socket_path"] == "/socket.io/"
    assert config["tile_url"] == settings().tile_url
    assert "OpenStreetMap" in config["tile_attribution"]
    assert config["today"] == NOW.date().isoformat()


def test_tile_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("TILE_URL", "https://tiles.example.org/{z}/{x}/{y}.png")
    assert WebApp().config({})["tile_url"] == "https://tiles.example.org/{z}/{x}/{y}.png"


# /api/sites -----------------------------------------------------------------------------------------
def test_sites_lists_every_site_with_card_facts(base_url, kb):
    sites = get_json(base_url, "/api/sites?lang=en")
    assert [site["id"] for site in sites] == [site.id for site in kb.sites()]
    assert sites, "the knowledge base has sites"
    for card in sites:
        site = kb.site(card["id"])
        assert card["name"] == site.name_in("en")
        assert card["member"] == site.member
        assert card["visit_minutes"] == site.visit_minutes
        assert card["website"] == site.website
        assert card["phone"] == site.phone
        assert card["languages"] == site.languages
        assert card["wheelchair"]["access"] in {"full", "partial", "none", "unknown"}
        assert card["day"]["date"] == NOW.date().isoformat()
        assert card["open_now"] == kb.is_open_at(site.id, NOW)
        quote = kb.price(site.id)
        assert card["price"]["known"] == quote.known
        assert card["price"]["adult"] == (quote.total if quote.known else None)


def test_sites_today_hours_match_the_knowledge_base(base_url, kb):
    for card in get_json(base_url, "/api/sites"):
        opening = kb.opening(card["id"], NOW.date())
        assert card["day"]["known"] == opening.known
        assert card["day"]["windows"] == [
            [a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in opening.windows
        ]


def test_next_opening_is_the_first_window_after_now(base_url, kb):
    for card in get_json(base_url, "/api/sites"):
        following = card["next_opening"]
        if following is None:
            continue
        day = date.fromisoformat(following["date"])
        assert day >= NOW.date()
        opening = kb.opening(card["id"], day)
        assert opening.is_open
        assert following["start"] in [start.strftime("%H:%M") for start, _ in opening.windows]
        for earlier in range((day - NOW.date()).days):
            between = kb.opening(card["id"], NOW.date() + timedelta(days=earlier))
            if earlier == 0:
                assert all(start <= NOW.time() for start, _ in between.windows)
            else:
                assert not between.is_open


def test_theme_filter_returns_the_sites_of_that_theme(base_url, kb):
    theme = next(theme for theme in kb.themes() if kb.sites(themes=[theme.id]))
    sites = get_json(base_url, f"/api/sites?theme={theme.id}")
    assert [site["id"] for site in sites] == [site.id for site in kb.sites(themes=[theme.id])]
    assert len(sites) <= len(kb.sites())


def test_german_and_dutch_interfaces_get_english_site_texts(base_url, kb):
    site = kb.sites()[0]
    for lang in ("de", "nl"):
        assert get_json(base_url, f"/api/sites?lang={lang}")[0]["name"] == site.name_in("en")
    assert get_json(base_url, "/api/sites?lang=fr")[0]["name"] == site.name_in("fr")


def test_one_site_with_a_week_of_hours(base_url, kb):
    site = kb.sites()[0]
    details = get_json(base_url, f"/api/sites/{site.id}?date=2027-07-14&lang=fr")
    assert details["id"] == site.id
    assert details["day"]["date"] == "2027-07-14"
    assert details["open_now"] is None  # "now" only applies to today
    assert [day["date"] for day in details["week"]] == [
        (date(2027, 7, 14) + timedelta(days=i)).isoformat() for i in range(7)
    ]
    assert details["week"][0]["is_open"] == (
        kb.opening(site.id, date(2027, 7, 14)).is_open
        if kb.opening(site.id, date(2027, 7, 14)).known
        else None
    )


def test_unknown_site_is_a_json_404(base_url):
    assert "unknown site" in get_json(base_url, "/api/sites/no-such-museum", status=404)["error"]


# /api/themes and /api/nearby ---------------------------------------------------------------------------
def test_themes_with_their_site_counts(base_url, kb):
    themes = get_json(base_url, "/api/themes?lang=en")
    assert [theme["id"] for theme in themes] == [theme.id for theme in kb.themes()]
    for theme in themes:
        assert theme["label"] == kb.theme(theme["id"]).label_in("en")
        assert theme["sites"] == len(kb.sites(themes=[theme["id"]]))


def test_nearby_sites_are_sorted_by_distance(base_url, kb):
    site = located_members(kb)[0]
    nearby = get_json(base_url, f"/api/nearby?lat={site.lat}&lon={site.lon}&limit=3")
    assert nearby[0]["id"] == site.id
    assert nearby[0]["distance_km"] == pytest.approx(0, abs=0.01)
    distances = [item["distance_km"] for item in nearby]
    assert distances == sorted(distances)
    assert [item["id"] for item in nearby] == [found.id for found, _ in kb.near(site.lat, site.lon, limit=3)]


def test_nearby_radius_limits_the_answer(base_url):
    assert get_json(base_url, "/api/nearby?lat=0&lon=0&radius_km=5") == []  # the Gulf of Guinea


# Bad input: a JSON 400 with a message, never a traceback -------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/api/sites?lang=xx",
        "/api/sites?date=2026-02-30",
        "/api/sites?date=tomorrow",
        "/api/sites?theme=no-such-theme",
        "/api/sites?date=31/12/2026",
        "/api/nearby",
        "/api/nearby?lat=50",
        "/api/nearby?lat=abc&lon=2",
        "/api/nearby?lat=91&lon=2",
        "/api/nearby?lat=nan&lon=2",
        "/api/nearby?lat=50&lon=2&limit=0",
        "/api/nearby?lat=50&lon=2&limit=%F0%9F%8E%89",
        "/api/circuit",
        "/api/circuit.ics",
        "/api/circuit?day=no-such-museum&start=50.0,2.0",
        "/api/circuit?start=north&day=x",
        "/api/circuit.gpx?start=50.0,2.0&day=no-such-museum",
        "/api/sites?date=9999-12-31",
        "/api/sites?date=0001-01-01",
        "/api/sites/la-coupole?date=9999-12-31",
        "/api/sites/la-coupole?date=0001-01-01",
        "/api/circuit?start=1e308,5&day=la-coupole",
        "/api/circuit?start=50.0,2.0&day=la-coupole&night=Arras",
        "/api/circuit?start=50.0,2.0&day=la-coupole&night=1e308,5,Arras",
        "/api/circuit.gpx?start=50.0,2.0&day=la-coupole&night=50.3,2.7,Arras&night=50.2,2.8,Albert",
    ],
)
def test_bad_queries_get_a_json_400(base_url, path):
    error = get_json(base_url, path, status=400)["error"]
    assert error and "Traceback" not in error


@pytest.mark.parametrize(
    "query",
    [
        "date=9999-12-31&day={one}",
        "date=0001-01-01&day={one}",
        "date=2027-05-15&day={fifty}",
        "date=2027-05-15&day={three_hundred}",
        "date=2027-05-15" + "&day={one}" * 8,
        "date=2027-05-15&day={one}&start=-90,-180",
    ],
)
def test_absurd_circuits_get_a_json_400(base_url, kb, query):
    ids = [site.id for site in located_members(kb)]
    one = ids[0]
    fifty, three_hundred = (",".join((ids * 300)[:count]) for count in (50, 300))
    query = query.format(one=one, fifty=fifty, three_hundred=three_hundred)
    if "start=" not in query:
        query += "&start=50.3,2.7"
    for endpoint in ("/api/circuit", "/api/circuit.ics"):
        assert get_json(base_url, f"{endpoint}?{query}", status=400)["error"]


def test_unknown_endpoint_is_a_json_404(base_url):
    assert get_json(base_url, "/api/nothing-here", status=404)["error"]


def test_place_suggestions_come_from_the_gazetteer(base_url, kb):
    places = get_json(base_url, "/api/places?q=Amiens")
    assert places[0]["name"] == kb.find_places("Amiens")[0].name
    assert {"name", "kind", "lat", "lon"} <= set(places[0])
    assert get_json(base_url, "/api/places?q=Am") == []  # too short to suggest anything
    assert get_json(base_url, "/api/places?q=" + "x" * 5000) == []


def test_base_map_without_tiles_has_land_borders_and_the_main_towns(base_url, kb):
    from bot.basemap import AREA

    basemap = get_json(base_url, "/api/basemap")
    south, west, north, east = AREA
    points = [point for shape in basemap["land"] + basemap["borders"] for point in shape]
    assert all(south <= lat <= north and west <= lon <= east for lat, lon in points)
    assert (
        len(basemap["land"]) >= 2 and len(basemap["borders"]) >= 1
    )  # France, Belgium, England; their border
    names = [town["name"] for town in basemap["towns"]]
    assert {"Lille", "Amiens", "Arras", "Dunkerque"} <= set(names)
    lille = kb.find_places("Lille")[0]
    assert basemap["towns"][0] == {"name": "Lille", "lat": lille.lat, "lon": lille.lon}


def test_base_map_without_tiles_has_the_departments_named_and_cut_to_its_area(base_url):
    from bot.basemap import AREA

    status, _, body = get(base_url, "/api/basemap")
    assert status == 200 and len(body) < 120_000  # a sense of place, not a survey
    basemap = json.loads(body)
    south, west, north, east = AREA
    labels = {department["name"]: department for department in basemap["departments"]}
    assert {"Nord", "Pas-de-Calais", "Somme", "Aisne", "Oise"} <= set(labels)
    assert "Seine-et-Marne" in labels and "Paris" not in labels  # the source's typo mended; too small to name
    assert 50.2 < labels["Nord"]["lat"] < 50.8 and 2.8 < labels["Nord"]["lon"] < 3.6
    assert 49.7 < labels["Somme"]["lat"] < 50.2 and 1.6 < labels["Somme"]["lon"] < 3.0
    lines = basemap["department_borders"]
    assert len(lines) >= 10 and len(json.dumps(lines)) < 40_000
    points = [point for line in lines for point in line] + [(d["lat"], d["lon"]) for d in labels.values()]
    assert all(south <= lat <= north and west <= lon <= east for lat, lon in points)


def test_a_blueprint_mounted_on_the_app_gets_the_same_headers():
    from sanic import Blueprint
    from sanic.response import text

    console = Blueprint("console", url_prefix="/console")

    @console.get("/")
    async def home(request):
        return text("console")

    with ServedApp(create_app(blueprints=[console], name="with-console")) as url:
        status, headers, body = get(url, "/console")
    assert (status, body) == (200, b"console")
    assert "default-src 'self'" in headers["Content-Security-Policy"]


# Static files ------------------------------------------------------------------------------------------------
def test_home_page_and_security_headers(base_url):
    status, headers, body = get(base_url, "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b'id="map"' in body
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert settings().rasa_url in policy
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/sites?lang=xx", "/no-such-file"])
def test_errors_carry_the_security_headers_too(base_url, path):
    assert "default-src 'self'" in get(base_url, path)[1]["Content-Security-Policy"]


def test_head_requests_get_the_headers_only(base_url):
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("HEAD", "/api/config")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read() == b""
    connection.close()


def test_answers_are_gzipped_for_clients_that_accept_it(base_url):
    plain = get(base_url, "/api/sites?lang=en")
    status, headers, body = get(base_url, "/api/sites?lang=en", {"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == plain[2]
    assert len(body) < len(plain[2]) / 3
    assert "Content-Encoding" not in plain[1]


def test_page_references_carry_a_content_hash_and_are_cached_for_a_year(base_url):
    _, headers, page = get(base_url, "/")
    assert headers["Cache-Control"] == "no-cache"  # the page itself is checked on every visit
    versioned = re.findall(r'(?:href|src)="(/[^"]+\?v=[0-9a-f]{16})"', page.decode())
    assert "/favicon.svg" in {reference.split("?")[0] for reference in versioned}
    assert any(reference.startswith("/vendor/leaflet/leaflet.js?v=") for reference in versioned)
    for reference in versioned:
        status, headers, _ = get(base_url, reference)
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = get(base_url, "/css/app.css?v=0000000000000000")  # an old version: checked again
    assert headers["Cache-Control"] == "no-cache"


def test_style_sheets_are_written_into_the_page(base_url):
    _, _, page = get(base_url, "/")
    _, _, app_css = get(base_url, "/css/app.css")
    assert b'rel="stylesheet"' not in page  # no round trip before the first render
    assert app_css.strip() in page
    assert b"url(/vendor/leaflet/images/layers.png)" in page  # Leaflet's relative image, made absolute
    assert get(base_url, "/vendor/leaflet/images/layers.png")[0] == 200


@pytest.mark.parametrize("accept, lang", [("en-GB,en;q=0.9", "en"), ("es-ES, nl;q=0.5", "nl"), ("", "fr")])
def test_the_page_carries_its_first_data_in_the_likely_language(base_url, accept, lang):
    _, headers, page = get(base_url, "/", {"Accept-Language": accept})
    blocks = dict(
        re.findall(r'<script type="application/json" data-address="([^"]+)">(.*?)</script>', page.decode())
    )
    assert set(blocks) == {
        "/api/config",
        f"/api/themes?lang={lang}",
        f"/api/sites?lang={lang}",
        f"/i18n/{lang}.json",
    }
    for address, block in blocks.items():
        assert (
            json.loads(block) == get_json(base_url, address)
            if address.startswith("/api/")
            else json.loads(block)
        )
    assert "Accept-Language" in headers["Vary"]


def test_data_written_into_the_page_cannot_end_its_block(kb):
    from bot.webapp import StaticFiles, first_data

    class HostileSites(WebApp):
        def sites(self, query):
            return [{"name": "</script><script>alert(1)</script>"}]

    data = first_data(HostileSites(clock=lambda: NOW), StaticFiles(), "fr").decode()
    assert data.count("</script>") == 4  # the four blocks' own ends only
    assert "\\u003c/script>" in data


def test_the_modules_are_served_as_one_file(base_url):
    _, _, page = get(base_url, "/")
    assert b'rel="modulepreload"' not in page
    bundle = (
        re.search(rb'<script src="(/bundle/app\.js\?v=[0-9a-f]{16})" type="module">', page).group(1).decode()
    )
    status, headers, body = get(base_url, bundle)
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"socket.io" in body and b"/api/sites" in body  # chat.js and main.js, in one


def test_without_esbuild_the_page_loads_the_modules_themselves(tmp_path):
    from bot.webapp import WEB_ROOT, StaticFiles

    web = tmp_path / "web"
    (web / "js").mkdir(parents=True)
    (web / "index.html").write_bytes((WEB_ROOT / "index.html").read_bytes())
    (web / "js" / "main.js").write_text("export {};")
    static = StaticFiles(web, bundle=tmp_path / "app.js")
    assert static.bundle() is None
    page = static.find("/").body
    assert b'<script src="/js/main.js" type="module">' in page and b'rel="modulepreload"' in page


def test_unchanged_files_get_a_304(base_url):
    _, headers, _ = get(base_url, "/js/main.js")
    status, _, body = get(base_url, "/js/main.js", {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/leaflet/leaflet.js",
        "/vendor/markercluster/leaflet.markercluster.js",
        "/vendor/socket.io/socket.io.min.js",
    ],
)
def test_vendor_libraries_are_served_from_node_modules(base_url, path):
    status, headers, body = get(base_url, path)
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    assert len(body) > 1000


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/leaflet/package.json",
        "/node_modules/leaflet/package.json",
        "/vendor/../package.json",
        "/../bot/config.py",
        "/%2e%2e/bot/config.py",
        "/js/../../bot/config.py",
        "/package.json",
        "/package-lock.json",
        "/README.md",
        "/" + "a" * 60_000,
    ],
    ids=lambda path: path[:40],
)
def test_nothing_outside_the_whitelist_is_served(base_url, path):
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)  # sent as written: no client-side path normalisation
    response = connection.getresponse()
    body = response.read()
    connection.close()
    # 413: the 60,000-character address is refused before any routing
    assert response.status == (413 if len(path) > 16_000 else 404)
    assert b"import" not in body


@pytest.mark.parametrize(
    "path",
    ["/", "/favicon.svg", "/js/main.js", "/css/app.css", "/i18n/en.json", "/sw.js", "/manifest.webmanifest"],
)
def test_the_files_the_page_loads_are_served(base_url, path):
    assert get(base_url, path)[0] == 200


def test_the_web_app_manifest_makes_the_site_installable(base_url):
    _, headers, body = get(base_url, "/manifest.webmanifest")
    assert headers["Content-Type"] == "application/manifest+json"
    manifest = json.loads(body)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["icons"]


def test_interface_labels_exist_in_every_language():
    from bot.config import PROJECT_ROOT

    folder = PROJECT_ROOT / "web" / "i18n"
    catalogues = {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")}
    assert set(catalogues) == {"fr", "en", "de", "nl"}
    assert set(catalogues["fr"]) == set(catalogues["en"])
    # The assistant speaks French and English: only those two carry the phrases sent to it.
    for lang in ("de", "nl"):
        assert set(catalogues[lang]) == {key for key in catalogues["en"] if not key.startswith("bot.")}


# Circuits from a shared link ---------------------------------------------------------------------------
def visit_site_ids(plan: dict) -> list[list[str]]:
    def site_id(visit):
        site = visit.get("site")
        return visit.get("site_id") or (site if isinstance(site, str) else site["id"])

    return [[site_id(visit) for visit in day["visits"]] for day in plan["days"]]


@pytest.fixture(scope="module")
def circuit_query(kb):
    first, second, third = [site.id for site in located_members(kb)[:3]]
    start = located_members(kb)[0]
    return f"start={start.lat},{start.lon}&start_name=Test&date=2027-05-15&mode=car&day={first},{second}&day={third}"


def test_circuit_link_gives_its_schedule(base_url, circuit_query):
    plan = get_json(base_url, f"/api/circuit?{circuit_query}")
    days = [value for name, value in (part.split("=") for part in circuit_query.split("&")) if name == "day"]
    assert visit_site_ids(plan) == [day.split(",") for day in days]
    assert [day["date"] for day in plan["days"]] == ["2027-05-15", "2027-05-16"]


def test_circuit_link_with_nights_gives_each_day_its_start_and_end(base_url, circuit_query):
    """A trip that moves on: the first night in Arras, the second day from Arras back to it."""
    plan = get_json(base_url, f"/api/circuit?{circuit_query}&night=50.29301,2.78186,Arras")
    first, second = plan["days"]
    assert first["start"]["name"] == "Test" and first["end"]["name"] == "Arras"
    assert second["start"]["name"] == second["end"]["name"] == "Arras"
    assert (second["start"]["lat"], second["start"]["lon"]) == (50.29301, 2.78186)
    assert "night=50.29301,2.78186,Arras" in plan["links"]["website"].replace("%2C", ",")


def test_circuit_as_calendar_and_gps_track(base_url, circuit_query):
    import gpxpy
    import icalendar

    status, headers, body = get(base_url, f"/api/circuit.ics?{circuit_query}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in headers["Content-Disposition"]
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) >= 3  # one per visit at least

    status, headers, body = get(base_url, f"/api/circuit.gpx?{circuit_query}")
    assert status == 200
    assert headers["Content-Type"].startswith("application/gpx+xml")
    track = gpxpy.parse(body.decode())
    assert len(track.waypoints) >= 3


def test_logged_addresses_keep_positions_to_about_a_kilometre():
    line = '"GET /api/nearby?lat=50.29104&lon=2.777513&limit=5 HTTP/1.1" 200 -'
    assert coarse(line) == '"GET /api/nearby?lat=50.29&lon=2.77&limit=5 HTTP/1.1" 200 -'
    assert coarse("/api/circuit?start=-0.123456,49.98765") == "/api/circuit?start=-0.12,49.98"
