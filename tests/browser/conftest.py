"""Fixtures of the browser tests: the website on a free port, a fake Rasa socket.io server, and
Debian's Chromium driven by Playwright (never a downloaded browser).

The chat tests talk to ``FakeRasa`` (tests/browser/fake_rasa.py) rather than the real Rasa server:
they test the page (rendering, events, map), and run in seconds without a trained model. The
circuit the fake returns is a real ``plan_trip`` result from the real knowledge base.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import PROJECT_ROOT
from bot.knowledge import open_kb
from bot.ops.serve import free_port, start_website
from tests.browser.fake_rasa import FakeRasa, echo

CIRCUIT_DATE = date(2027, 5, 15)  # a Saturday in May: the season when most sites open
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """What axe-core finds serious or critical on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert results["passes"], "axe ran its rules"
    return [
        f"{violation['id']}: {violation['help']} (e.g. {violation['nodes'][0]['html'][:120]})"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


# Tiles point at an address that cannot answer: the tests are offline and the page must cope.
OFFLINE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@pytest.fixture(scope="session")
def fake_rasa():
    server = FakeRasa(free_port()).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_fake(fake_rasa):
    fake_rasa.responder = echo
    fake_rasa.received.clear()
    fake_rasa.sessions.clear()
    yield


@pytest.fixture(scope="session")
def website(fake_rasa):
    """``python -m bot.webapp`` on a free port, configured to chat with the fake Rasa."""
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "webapp-browser-tests.log").open("w")
    env = {"RASA_URL": fake_rasa.url, "TILE_URL": OFFLINE_TILES, "PYTHONUNBUFFERED": "1"}
    try:
        process, url = start_website(env, log)
    except RuntimeError:
        raise RuntimeError("the website did not start: see test-artifacts/webapp-browser-tests.log") from None
    yield url
    process.terminate()
    process.wait(10)
    log.close()


@pytest.fixture(scope="session")
def kb():
    return open_kb()


@pytest.fixture(scope="session")
def circuits(kb):
    """A real circuit per language: what the bot's circuit reply carries (TripPlan.to_dict())."""
    from bot.trip import TripPlan, TripRequest, plan_trip

    plans = {}
    for lang in ("fr", "en"):
        request = TripRequest(start_text="Arras", themes=("ww1",), first_date=CIRCUIT_DATE, days=2, lang=lang)
        plan = plan_trip(request, kb=kb)
        assert isinstance(plan, TripPlan), plan
        plans[lang] = json.loads(json.dumps(plan.to_dict(), default=str))
    return plans


@pytest.fixture(scope="session")
def today() -> date:
    """The website's "today" (it runs on French time)."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()
