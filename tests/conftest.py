"""Fixtures shared by the browser tests (tests/browser, against a fake Rasa) and the end-to-end tests
(tests/e2e, against the real stack): Debian's Chromium driven by Playwright, never a downloaded browser.
Each of those folders defines the ``website`` fixture (the URL the pages open)."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from bot.devtools.bench_web import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, as the benchmark runs it


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser, website):
    """``open_page(path="/", width=1280, **context options)`` -> a page whose app has started."""
    contexts = []

    def open_(path: str = "/", width: int = 1280, height: int = 860, **options):
        options.setdefault("locale", "fr-FR")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(website + path)
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
        return page

    yield open_
    for context in contexts:
        context.close()
