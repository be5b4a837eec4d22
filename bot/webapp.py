"""The website's HTTP app: static files of ``web/`` and the JSON endpoints the map and chat use.

``python -m bot.webapp --port 8080 [--host 127.0.0.1]``. A Sanic application (``create_app()``), with
async handlers: the knowledge-base work runs in a thread so that a slow circuit does not hold up the
other visitors. Other parts mount their Sanic blueprints on it (``create_app(blueprints=[...])``).

Endpoints (GET or HEAD; every error is JSON ``{"error": message}`` with status 400 or 404, never a
traceback):

- ``/api/config``: Rasa socket.io URL, map tile URL and attribution.
- ``/api/sites?lang=&theme=&date=``: every site with the facts its card shows.
- ``/api/sites/<id>?lang=&date=``: one site, with the week's hours from ``date``.
- ``/api/themes?lang=``: themes with their number of sites.
- ``/api/nearby?lat=&lon=&lang=&limit=&radius_km=``: sites nearest a point, with distances.
- ``/api/places?q=``: towns and stations of the gazetteer named like ``q`` (the search box).
- ``/api/basemap``: land, borders and main towns for the map without tiles (``bot.basemap``).
- ``/api/circuit?<circuit link query>``: the schedule of a shared circuit (``bot.texts.plans.plan_json``).
- ``/api/circuit.ics?...`` and ``/api/circuit.gpx?...``: the same circuit as calendar or GPS track.

Static files: only what the page loads: ``PAGE_FILES`` and the files of ``PAGE_FOLDERS`` (not the
npm manifests or the README of ``web/``). Vendor libraries come from ``web/node_modules`` (installed
by ``npm ci``); only the files listed in ``VENDOR_FILES`` are served, under ``/vendor/``.

Every answer carries the security headers (``security_headers``); answers of more than
``COMPRESS_MIN_BYTES`` are gzipped for clients that accept it; static files have an ETag (a 304 when
unchanged) and the page's references to vendor files and to the modules' bundle carry
``?v=<content hash>``, which makes them cacheable for a year (``Cache-Control: immutable``): a
changed file gets a new address. The page (``/``) comes with its style sheets and its first data
written in, in the visitor's likely language (``page_language``), and its modules as one file
(``StaticFiles.bundle``): on a slow phone each request costs a round trip, six at a time.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import logging
import mimetypes
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from sanic import Blueprint, Request, Sanic
from sanic.exceptions import SanicException
from sanic.response import HTTPResponse

from bot import trip as trip_layer
from bot.basemap import basemap
from bot.config import PROJECT_ROOT, settings
from bot.console.http import blueprint as console_blueprint
from bot.conversation.turn import MAX_TEXT
from bot.knowledge import KnowledgeBase, Site, in_language, open_kb
from bot.texts.plans import plan_json

log = logging.getLogger(__name__)

WEB_ROOT = PROJECT_ROOT / "web"
LOCAL_TIME = ZoneInfo("Europe/Paris")
INTERFACE_LANGUAGES = ("fr", "en", "de", "nl")
# Site texts exist in French and English; German and Dutch visitors read the English ones.
CONTENT_LANGUAGE = {"fr": "fr", "en": "en", "de": "en", "nl": "en"}
MAX_NEARBY = 50
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

VENDOR_FILES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "leaflet/images/layers.png": "leaflet/dist/images/layers.png",
    "leaflet/images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "socket.io/socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
}
# The service worker sits at the root: its scope is its folder.
PAGE_FILES = {"index.html", "favicon.svg", "manifest.webmanifest", "sw.js"}
PAGE_FOLDERS = {"js", "css", "i18n"}
MAX_PATH_CHARS = 200  # longer than any file's path here
BUNDLE_URL = "/bundle/app.js"
BUNDLE_FILE = PROJECT_ROOT / "build" / "web" / "app.js"
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
}


class ApiError(Exception):
    """A request the API answers with a JSON error (``status`` 400 or 404) instead of data."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST):
        super().__init__(message)
        self.status = status


# Query parameters ---------------------------------------------------------------------------------
def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1].strip() if values else None


def _language(query: dict[str, list[str]]) -> str:
    lang = (_one(query, "lang") or "fr").lower()[:2]
    if lang not in INTERFACE_LANGUAGES:
        raise ApiError(f"lang must be one of {', '.join(INTERFACE_LANGUAGES)}")
    return lang


def _day(query: dict[str, list[str]], today: date) -> date:
    text = _one(query, "date")
    if not text:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ApiError("date must be written YYYY-MM-DD, for example 2026-11-25") from None
    if not trip_layer.within_reach(day, today):
        raise ApiError(f"date must be less than {trip_layer.MAX_YEARS_AWAY} years from today")
    return day


def _number(query: dict[str, list[str]], name: str, low: float, high: float, default: float | None = None):
    text = _one(query, name)
    if text is None or text == "":
        if default is None:
            raise ApiError(f"{name} is required")
        return default
    try:
        value = float(text)
    except ValueError:
        raise ApiError(f"{name} must be a number") from None
    if not low <= value <= high:  # also rejects nan
        raise ApiError(f"{name} must be between {low:g} and {high:g}")
    return value


# Site facts ---------------------------------------------------------------------------------------
def _clock(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _text(texts: dict | None, lang: str) -> str | None:
    return in_language(texts, lang) or None


def _opening_facts(kb: KnowledgeBase, site: Site, day: date, lang: str) -> dict[str, Any]:
    opening = kb.opening(site.id, day)
    return {
        "date": day.isoformat(),
        "known": opening.known,
        "is_open": opening.is_open if opening.known else None,
        "reason": opening.reason,
        "windows": [[_clock(start), _clock(end)] for start, end in opening.windows],
        "last_entry": _clock(opening.last_entry),
        "guided_tour_times": [_clock(moment) for moment in opening.guided_tour_times],
        "booking": opening.booking,
        "notes": [text for text in (_text(note, lang) for note in opening.notes) if text],
    }


def _next_opening(kb: KnowledgeBase, site: Site, now: datetime) -> dict[str, Any] | None:
    """The first opening window that starts after ``now`` (today's later window, or a later day),
    unless a day before it is unknown (it may open then)."""
    found = kb.next_opening(site.id, now)
    if found is None or found.unknown_from is not None:
        return None
    start, end = found.window
    return {"date": found.day.isoformat(), "start": _clock(start), "end": _clock(end)}


def _price_facts(kb: KnowledgeBase, site: Site, lang: str) -> dict[str, Any]:
    quote = kb.price(site.id)  # one adult: the figure a card shows
    return {
        "known": quote.known,
        "adult": quote.total if quote.known else None,
        "currency": quote.currency,
        "free": quote.known and quote.total == 0,
        "note": _text(quote.note, lang),
    }


def site_card(kb: KnowledgeBase, site: Site, lang: str, day: date, now: datetime) -> dict[str, Any]:
    """What the map's card and list show about ``site`` on ``day`` (``now`` for open-now)."""
    content = CONTENT_LANGUAGE[lang]
    wheelchair = site.wheelchair or {}
    is_today = day == now.date()
    return {
        "id": site.id,
        "member": site.member,
        "name": site.name_in(content),
        "themes": list(site.themes),
        "description": site.description_in(content),
        "address": site.address,
        "postcode": site.postcode,
        "town": site.town,
        "lat": site.lat,
        "lon": site.lon,
        "website": site.website,
        "phone": site.phone,
        "visit_minutes": site.visit_minutes,
        "visit_minutes_estimated": site.visit_minutes_estimated,
        "languages": site.languages,
        "wheelchair": {
            "access": wheelchair.get("access", "unknown"),
            "note": _text(wheelchair.get("note"), content),
        },
        "day": _opening_facts(kb, site, day, content),
        "open_now": kb.is_open_at(site.id, now.replace(tzinfo=None)) if is_today else None,
        "next_opening": _next_opening(kb, site, now) if is_today else None,
        "price": _price_facts(kb, site, content),
    }


def site_details(kb: KnowledgeBase, site: Site, lang: str, day: date, now: datetime) -> dict[str, Any]:
    content = CONTENT_LANGUAGE[lang]
    details = site_card(kb, site, lang, day, now)
    details.update(
        week=[_opening_facts(kb, site, day + timedelta(days=i), content) for i in range(7)],
        parking=_text(site.parking, content),
        public_transport=_text(site.public_transport, content),
        groups=_text(site.groups, content),
        schools=_text(site.schools, content),
        sources=list(site.sources),
    )
    return details


# The application ----------------------------------------------------------------------------------
class WebApp:
    """The answers of the JSON API, from query parameters (``parse_qs`` form) to data.

    Kept apart from the HTTP layer so that tests can call it directly; every method is synchronous
    (the knowledge base is SQLite): the Sanic handlers run them in a thread.
    """

    def __init__(self, kb_opener=open_kb, clock=None):
        self.kb_opener = kb_opener
        self.clock = clock or (lambda: datetime.now(LOCAL_TIME).replace(tzinfo=None))

    def config(self, query) -> dict[str, Any]:
        config = settings()
        return {
            "rasa_url": config.rasa_url,
            "socket_path": "/socket.io/",
            "tile_url": config.tile_url,
            "tile_attribution": OSM_ATTRIBUTION,
            "website_url": config.website_url,
            "languages": list(INTERFACE_LANGUAGES),
            "today": self.clock().date().isoformat(),
            "max_message_chars": MAX_TEXT,
        }

    def sites(self, query) -> list[dict[str, Any]]:
        kb, lang, now = self.kb_opener(), _language(query), self.clock()
        day = _day(query, now.date())
        theme = _one(query, "theme")
        if theme and theme not in {known.id for known in kb.themes()}:
            raise ApiError(f"unknown theme: {theme}")
        chosen = kb.sites(themes=[theme] if theme else None)
        return [site_card(kb, site, lang, day, now) for site in chosen]

    def site(self, site_id: str, query) -> dict[str, Any]:
        kb, lang, now = self.kb_opener(), _language(query), self.clock()
        try:
            site = kb.site(site_id)
        except KeyError:
            raise ApiError(f"unknown site: {site_id}", HTTPStatus.NOT_FOUND) from None
        return site_details(kb, site, lang, _day(query, now.date()), now)

    def themes(self, query) -> list[dict[str, Any]]:
        kb, lang = self.kb_opener(), CONTENT_LANGUAGE[_language(query)]
        return [
            {
                "id": theme.id,
                "label": theme.label_in(lang),
                "parent": theme.parent,
                "sites": len(kb.sites(themes=[theme.id])),
            }
            for theme in kb.themes()
        ]

    def nearby(self, query) -> list[dict[str, Any]]:
        kb, lang, now = self.kb_opener(), _language(query), self.clock()
        lat = _number(query, "lat", -90, 90)
        lon = _number(query, "lon", -180, 180)
        limit = int(_number(query, "limit", 1, MAX_NEARBY, default=5))
        radius = _one(query, "radius_km")
        radius_km = _number(query, "radius_km", 0.1, 1000) if radius else None
        return [
            {**site_card(kb, site, lang, now.date(), now), "distance_km": distance}
            for site, distance in kb.near(lat, lon, limit=limit, radius_km=radius_km)
        ]

    def places(self, query) -> list[dict[str, Any]]:
        """Towns and stations for the search box's suggestions (at least ``MIN_PLACE_QUERY`` letters)."""
        text = (_one(query, "q") or "")[:MAX_PLACE_QUERY]
        if len(text) < MIN_PLACE_QUERY:
            return []
        return [
            {"name": place.name, "kind": place.kind, "admin": place.admin, "lat": place.lat, "lon": place.lon}
            for place in self.kb_opener().find_places(text, limit=MAX_PLACES)
        ]

    def basemap(self, query) -> dict[str, Any]:
        return basemap(self.kb_opener())

    def circuit(self, query_string: str) -> trip_layer.TripPlan:
        """The circuit of a website link (its query; ``lang`` chooses the language of its warnings)."""
        query = parse_qs(query_string, keep_blank_values=True)
        lang = CONTENT_LANGUAGE[_language(query)]
        try:
            spec = trip_layer.parse_circuit_link(query_string)
            return trip_layer.schedule_circuit(
                spec, kb=self.kb_opener(), lang=lang, today=self.clock().date()
            )
        except KeyError as error:
            raise ApiError(f"unknown site: {error.args[0]}") from None
        except ValueError as error:
            raise ApiError(str(error) or "invalid circuit link") from None


MIN_PLACE_QUERY = 3
MAX_PLACE_QUERY = 80
MAX_PLACES = 6


# Static files -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    etag: str  # a hash of the content: also the ``v`` of the page's references to the file


class StaticFiles:
    """The whitelisted files of ``web/`` and of its vendor libraries, read once per change.

    The page's ES modules are also served as one file (``BUNDLE_URL``, built by esbuild from
    ``web/node_modules``, rebuilt when a module changes): a phone on a slow network then waits for
    one request instead of ten (browsers open six connections at a time to a server). Without
    esbuild, the page loads the modules themselves.
    """

    def __init__(self, web_root: Path = WEB_ROOT, bundle: Path = BUNDLE_FILE):
        self.web_root = web_root.resolve()
        self.bundle_file = bundle
        self._cache: dict[Path, tuple[float, StaticFile]] = {}

    def bundle(self) -> Path | None:
        """``web/js/main.js`` and its imports as one file, or None without esbuild or when it fails."""
        esbuild = self.web_root / "node_modules" / ".bin" / "esbuild"
        modules = list((self.web_root / "js").glob("*.js"))
        if not esbuild.exists() or not modules:
            return None
        newest = max(module.stat().st_mtime for module in modules)
        if self.bundle_file.exists() and self.bundle_file.stat().st_mtime >= newest:
            return self.bundle_file
        self.bundle_file.parent.mkdir(parents=True, exist_ok=True)
        building = self.bundle_file.with_name(
            f"{self.bundle_file.name}.{os.getpid()}.{threading.get_ident()}"
        )
        command = [
            str(esbuild),
            str(self.web_root / "js" / "main.js"),
            "--bundle",
            "--format=esm",
            "--minify",
        ]
        result = subprocess.run(
            [*command, f"--outfile={building}"], capture_output=True, text=True, timeout=60
        )
        if result.returncode != 0:
            log.error("the page's modules are served one by one: esbuild failed: %s", result.stderr[-2000:])
            return None
        building.replace(self.bundle_file)  # whole, for a request reading it meanwhile
        return self.bundle_file

    def find(self, path: str) -> StaticFile:
        """The file at URL ``path``; ApiError 404 for anything outside the whitelist."""
        return self._read(self._target(path))

    def _target(self, path: str) -> Path:
        if path == BUNDLE_URL:
            bundle = self.bundle()
            if bundle is None:
                raise ApiError("not found", HTTPStatus.NOT_FOUND)
            return bundle
        if path.startswith("/vendor/"):
            relative = VENDOR_FILES.get(path.removeprefix("/vendor/"))
            if relative is None:
                raise ApiError("not found", HTTPStatus.NOT_FOUND)
            return self.web_root / "node_modules" / relative
        if path in ("", "/"):
            path = "/index.html"
        if len(path) > MAX_PATH_CHARS:
            raise ApiError("not found", HTTPStatus.NOT_FOUND)
        target = (self.web_root / path.lstrip("/")).resolve()
        parts = target.relative_to(self.web_root).parts if target.is_relative_to(self.web_root) else ()
        page_file = len(parts) == 1 and parts[0] in PAGE_FILES
        if not (page_file or (len(parts) > 1 and parts[0] in PAGE_FOLDERS)):
            raise ApiError("not found", HTTPStatus.NOT_FOUND)
        return target

    def _read(self, target: Path) -> StaticFile:
        try:
            changed = target.stat().st_mtime
        except OSError:
            raise ApiError("not found", HTTPStatus.NOT_FOUND) from None
        cached = self._cache.get(target)
        if cached and cached[0] == changed:
            return cached[1]
        if not target.is_file():
            raise ApiError("not found", HTTPStatus.NOT_FOUND)
        body = target.read_bytes()
        content_type = STATIC_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        if target.suffix == ".html":  # built anew each time: the files it names may have changed
            if self.bundle():
                body = _MODULES.sub(f'<script src="{BUNDLE_URL}" type="module"></script>'.encode(), body)
            body = self._versioned(self._inlined(body))
            return StaticFile(body, content_type, _hash(body))
        found = StaticFile(body, content_type or "application/octet-stream", _hash(body))
        self._cache[target] = (changed, found)
        return found

    def _versioned(self, page: bytes) -> bytes:
        """``page`` with ``?v=<hash>`` added to its references to vendor files and the icon (cacheable
        for a year). The ES modules keep their plain names: they import each other by those."""

        def version(match: re.Match) -> bytes:
            path = match.group(2).decode()
            try:
                etag = self.find(path).etag
            except ApiError:  # left as it is: the browser's request gets the 404
                return match.group(0)
            return match.group(1) + f"{path}?v={etag}".encode() + b'"'

        return _VERSIONED_REFERENCE.sub(version, page)

    def _inlined(self, page: bytes) -> bytes:
        """``page`` with its style sheets written in (they would block the first render for one more
        round trip, the longest wait on a slow phone); their relative ``url()`` made absolute."""

        def inline(match: re.Match) -> bytes:
            path = match.group(1).decode()
            try:
                css = self.find(path).body
            except ApiError:
                return match.group(0)
            folder = path.rsplit("/", 1)[0].encode() + b"/"
            css = _RELATIVE_URL.sub(lambda url: b"url(" + folder + url.group(1) + b")", css)
            return b"<style>" + css + b"</style>"

        return _STYLESHEET.sub(inline, page)


_VERSIONED_REFERENCE = re.compile(rb'((?:href|src)=")(/vendor/[^"?#]+|/favicon\.svg|/bundle/app\.js)"')
_MODULES = re.compile(rb"<!-- modules:.*?<!-- /modules -->", re.DOTALL)
_STYLESHEET = re.compile(rb'<link rel="stylesheet" href="(/(?:vendor|css)/[^"?#]+)">')
_RELATIVE_URL = re.compile(rb"url\(([^)#/'\"][^):]*)\)")  # not absolute, not a fragment, no scheme


def _hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


def page_language(accept_language: str) -> str:
    """The interface language the page will most likely choose (web/js/i18n.js: the browser's first
    language the site speaks, else French)."""
    for part in accept_language.split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in INTERFACE_LANGUAGES:
            return code
    return "fr"


def first_data(web_app: WebApp, static: StaticFiles, lang: str) -> bytes:
    """The answers the page's script asks first, written into the page as JSON data blocks (one
    round trip less on a slow network; web/js/api.js reads each once, by its address)."""
    query = {"lang": [lang]}
    answers = {
        "/api/config": web_app.config({}),
        f"/api/themes?lang={lang}": web_app.themes(query),
        f"/api/sites?lang={lang}": web_app.sites(query),
        f"/i18n/{lang}.json": json.loads(static.find(f"/i18n/{lang}.json").body),
    }
    blocks = [
        # "<" escaped: no "</script>" inside can end the block (JSON reads \u003c as "<")
        f'<script type="application/json" data-address="{address}">'
        + json.dumps(answer, ensure_ascii=False, default=str).replace("<", "\\u003c")
        + "</script>"
        for address, answer in answers.items()
    ]
    return "\n".join(blocks).encode()


# HTTP layer ---------------------------------------------------------------------------------------
COMPRESS_MIN_BYTES = 1024
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/gpx")
COMPRESSIBLE += ("application/manifest+json",)
A_YEAR = 365 * 24 * 3600


def _json_response(data: Any, status: int = HTTPStatus.OK) -> HTTPResponse:
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    return HTTPResponse(
        body,
        status=status,
        content_type="application/json; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )


def _download(text: str, content_type: str, filename: str) -> HTTPResponse:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}
    return HTTPResponse(text.encode("utf-8"), content_type=content_type, headers=headers)


def _static_response(request: Request, found: StaticFile) -> HTTPResponse:
    versioned = request.args.get("v") == found.etag
    headers = {
        "ETag": f'"{found.etag}"',
        # The page and unversioned references are checked on every use (a 304 when unchanged).
        "Cache-Control": f"public, max-age={A_YEAR}, immutable" if versioned else "no-cache",
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return HTTPResponse(status=HTTPStatus.NOT_MODIFIED, headers=headers)
    return HTTPResponse(found.body, content_type=found.content_type, headers=headers)


def security_headers(rasa_url: str, tile_url: str) -> dict[str, str]:
    """Content Security Policy: scripts from this site only; chat and tiles from their configured hosts."""
    rasa = urlsplit(rasa_url)
    rasa_origin = f"{rasa.scheme}://{rasa.netloc}"
    rasa_ws = f"{'wss' if rasa.scheme == 'https' else 'ws'}://{rasa.netloc}"
    tiles = urlsplit(tile_url)
    tile_origin = f"{tiles.scheme}://{tiles.netloc.replace('{s}', '*')}"
    policy = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # Leaflet positions tiles and markers with style attributes
            f"img-src 'self' data: {tile_origin}",
            f"connect-src 'self' {rasa_origin} {rasa_ws}",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
    }


def _compress(request: Request, response: HTTPResponse, cache: dict[str, bytes]) -> None:
    """Gzip ``response`` in place when the client accepts it and it is worth it."""
    body = response.body
    content_type = response.content_type or ""
    if not body or len(body) < COMPRESS_MIN_BYTES or "content-encoding" in response.headers:
        return
    if not content_type.startswith(COMPRESSIBLE):
        return
    vary = response.headers.get("Vary")
    response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
    if "gzip" not in request.headers.get("accept-encoding", ""):
        return
    etag = response.headers.get("etag")
    compressed = cache.get(etag) if etag else None
    if compressed is None:
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        if etag:  # static files: compressed once per version
            cache[etag] = compressed
    response.body = compressed
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(compressed))


# Decimals beyond the second (about 1 km): the positions in logged addresses (/api/nearby?lat=…,
# a circuit's start) say where a visitor is; logs keep only the town.
_PRECISE_DECIMALS = re.compile(r"(\d\.\d{2})\d+")


def coarse(line: str) -> str:
    """``line`` with every decimal number cut to two decimals."""
    return _PRECISE_DECIMALS.sub(r"\1", line)


def api_blueprint(web_app: WebApp) -> Blueprint:
    """The JSON endpoints; the knowledge-base work runs in a thread (``asyncio.to_thread``)."""
    api = Blueprint("api", url_prefix="/api")

    def query_of(request: Request) -> dict[str, list[str]]:
        return parse_qs(request.query_string, keep_blank_values=True)

    def json_endpoint(uri: str, answer) -> None:
        async def handler(request: Request, **params):
            query = query_of(request)
            return _json_response(await asyncio.to_thread(answer, query, **params))

        api.add_route(handler, uri, methods=["GET", "HEAD"], name=uri.strip("/").replace("/", "_") or "root")

    json_endpoint("/config", web_app.config)
    json_endpoint("/sites", web_app.sites)
    json_endpoint("/sites/<site_id:str>", lambda query, site_id: web_app.site(site_id, query))
    json_endpoint("/themes", web_app.themes)
    json_endpoint("/nearby", web_app.nearby)
    json_endpoint("/places", web_app.places)
    json_endpoint("/basemap", web_app.basemap)

    @api.route("/circuit", methods=["GET", "HEAD"])
    async def circuit(request: Request):
        plan = await asyncio.to_thread(web_app.circuit, request.query_string)
        return _json_response(plan_json(plan))

    @api.route("/circuit.ics", methods=["GET", "HEAD"])
    async def circuit_ics(request: Request):
        plan = await asyncio.to_thread(web_app.circuit, request.query_string)
        return _download(trip_layer.to_ics(plan), "text/calendar; charset=utf-8", "circuit.ics")

    @api.route("/circuit.gpx", methods=["GET", "HEAD"])
    async def circuit_gpx(request: Request):
        plan = await asyncio.to_thread(web_app.circuit, request.query_string)
        return _download(trip_layer.to_gpx(plan), "application/gpx+xml; charset=utf-8", "circuit.gpx")

    return api


def create_app(
    web_app: WebApp | None = None,
    web_root: Path = WEB_ROOT,
    blueprints: Iterable[Blueprint] = (),
    name: str = "memhisto-web",
) -> Sanic:
    """The website as a Sanic app: the API, the page's files, and any ``blueprints`` mounted on it
    (each gets the same security headers, compression and JSON errors)."""
    web_app = web_app or WebApp()
    config = settings()
    app = Sanic(name, configure_logging=False)
    app.config.ACCESS_LOG = False  # logged below, with positions cut to about a kilometre
    app.config.REQUEST_MAX_SIZE = 64 * 1024  # the site takes no uploads
    app.config.REQUEST_MAX_HEADER_SIZE = 16 * 1024
    app.config.KEEP_ALIVE_TIMEOUT = 15
    app.blueprint(api_blueprint(web_app))
    for blueprint in blueprints:
        app.blueprint(blueprint)
    static = StaticFiles(web_root)
    extra_headers = security_headers(config.rasa_url, config.tile_url)
    gzipped: dict[str, bytes] = {}

    async def page_file(request: Request, path: str = ""):
        if path.startswith("api/"):
            raise ApiError(f"no such endpoint: /{path}", HTTPStatus.NOT_FOUND)
        return _static_response(request, static.find("/" + path))

    async def page(request: Request):
        found = static.find("/")
        lang = page_language(request.headers.get("accept-language", ""))
        data = await asyncio.to_thread(first_data, web_app, static, lang)
        body = found.body.replace(b"</body>", data + b"\n</body>", 1)
        response = _static_response(request, StaticFile(body, found.content_type, _hash(body)))
        response.headers["Vary"] = "Accept-Language"
        return response

    app.add_route(page, "/", methods=["GET", "HEAD"], name="page")
    app.add_route(page_file, "/<path:path>", methods=["GET", "HEAD"], name="page_file")

    @app.exception(ApiError)
    async def api_error(request: Request, error: ApiError):
        return _json_response({"error": str(error)}, error.status)

    @app.exception(SanicException)
    async def http_error(request: Request, error: SanicException):
        status = getattr(error, "status_code", HTTPStatus.BAD_REQUEST)
        return _json_response({"error": HTTPStatus(status).phrase.lower()}, status)

    @app.exception(Exception)
    async def internal_error(request: Request, error: Exception):
        # A bug must not show a traceback to visitors; the log keeps it.
        log.error("error answering %s", coarse(request.path), exc_info=error)
        return _json_response({"error": "internal error"}, HTTPStatus.INTERNAL_SERVER_ERROR)

    @app.on_response
    async def finish(request: Request, response: HTTPResponse):
        for header, value in extra_headers.items():
            response.headers.setdefault(header, value)
        _compress(request, response, gzipped)
        target = request.path + (f"?{request.query_string}" if request.query_string else "")
        log.info("%s %s %s %s", request.ip, request.method, coarse(target), response.status)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.webapp", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    open_kb()  # build the knowledge base now rather than during the first visit
    app = create_app(blueprints=[console_blueprint()])  # the staff console, under /console
    print(f"website on http://{args.host}:{args.port}/", flush=True)
    app.run(host=args.host, port=args.port, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
