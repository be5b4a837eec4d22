"""The staff console in Debian's Chromium: the console's blueprint on a Sanic app of its own
(``python -m bot console serve``) on a free port, with its own accounts, edits and knowledge database.

- Counter mode: the form, a change of the circuit (re-timed by the API), the handout printed to PDF by
  Chromium in two languages: the PDF holds the circuit's sites and a QR code that reads back as the
  circuit's link; the handout e-mailed through a local SMTP server.
- Data mode: a museum's editor changes its hours, the bot's next answer uses them, the audit log shows
  the change, and a change of another museum's site gets 403.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
import segno
from playwright.sync_api import expect
from pypdf import PdfReader

from bot.conversation.sites import Asked, answer_about_site
from bot.knowledge import open_kb
from tests.browser.conftest import serious_violations
from tests.console_server import ARTIFACTS, LEWARDE, PASSWORDS, console_env, serve_console
from tests.stubs.smtp import smtp_server

pytestmark = pytest.mark.browser


def next_year_day(month: int, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) of ``month`` next year: a season day that stays ahead."""
    day = date(date.today().year + 1, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture(scope="module")
def smtp():
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def env(tmp_path_factory, smtp) -> dict[str, str]:
    extra = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp[0]), "SMTP_SECURITY": "none"}
    return console_env(tmp_path_factory.mktemp("console"), **extra)


@pytest.fixture(scope="module")
def console(env):
    with serve_console(env, "console-browser-tests.log") as url:
        yield url


@pytest.fixture
def logged_in(browser, console):
    contexts = []

    def log_in(username: str, **options):
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(console)
        page.wait_for_selector("body[data-ready=true]")
        page.fill("#username", username)
        page.fill("#password", PASSWORDS[username])
        page.click("#login-form button[type=submit]")
        expect(page.locator("#who")).to_contain_text(username)
        return page

    yield log_in
    for context in contexts:
        context.close()


def _squeezed(text: str) -> str:
    """Text without whitespace: a PDF's lines break long names anywhere."""
    return "".join(text.split())


def _qr_read_back(image, size: int) -> list[list[bool]]:
    """The dark modules of a QR code image of ``size`` modules plus segno's quiet zone, sampled at
    each module's centre (the printed image may have been scaled)."""
    gray = image.convert("L")
    modules = size + 8  # a border of 4 modules on each side
    step = gray.width / modules
    return [
        [
            gray.getpixel((int((4 + column + 0.5) * step), int((4 + row + 0.5) * step))) < 128
            for column in range(size)
        ]
        for row in range(size)
    ]


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_counter_form_to_printed_handout(logged_in, console, env, smtp, lang):
    page = logged_in("office")
    expect(page.locator("#counter")).to_be_visible()
    expect(page.locator('[data-mode="data"]')).to_be_hidden()
    page.fill("#start", "Arras")
    page.fill("#date", next_year_day(6, 5).isoformat())
    page.check('input[name="theme"][value="ww1"]')
    page.fill("#adults", "2")
    page.fill("#children", "2")
    page.fill("#child-ages", "8, 12")
    page.select_option("#handout-lang", lang)
    page.click("#plan-button")
    stops = page.locator("#circuit li.stop")
    expect(stops.first).to_be_visible(timeout=60000)
    planned = stops.count()
    assert planned >= 2

    # A change: the first stop removed; the API times the circuit again at once.
    removed = stops.first.get_attribute("data-site")
    stops.first.get_by_role("button", name="Retirer").click()
    expect(stops).to_have_count(planned - 1)
    sites = [stops.nth(index).get_attribute("data-site") for index in range(planned - 1)]
    assert removed not in sites
    if lang == "fr":  # drag and drop: the last stop first; then a site added at the end of the day
        stops.last.drag_to(stops.first)
        expect(stops.first).to_have_attribute("data-site", sites[-1])
        sites = [sites[-1], *sites[:-1]]
        assert [stops.nth(index).get_attribute("data-site") for index in range(len(sites))] == sites
        page.select_option("#add-site", "la-coupole")
        page.click("#add-button")
        expect(stops).to_have_count(len(sites) + 1)
        expect(stops.last).to_have_attribute("data-site", "la-coupole")
        sites.append("la-coupole")

    handout_url = page.locator("#handout-link").get_attribute("href")
    handout = page.context.new_page()
    handout.goto(console + handout_url)
    link = handout.locator("footer a").get_attribute("href")
    pdf = handout.pdf(format="A4", print_background=True)
    (ARTIFACTS / f"console-handout-{lang}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = _squeezed(" ".join(pdf_page.extract_text() for pdf_page in reader.pages))
    kb = open_kb(env["MEMHISTO_DB"])
    content = "fr" if lang == "fr" else "en"
    for site_id in sites:
        assert _squeezed(kb.site(site_id).name_in(content)) in text
    assert _squeezed(kb.site(removed).name_in(content)) not in text
    assert _squeezed({"fr": "Votre circuit de mémoire", "de": "Ihre Erinnerungsroute"}[lang]) in text

    # The QR code: an image in the PDF whose modules are the circuit's link's.
    images = [image for pdf_page in reader.pages for image in pdf_page.images]
    assert len(images) == 1
    expected = segno.make(link, error="m")
    size = expected.symbol_size(border=0)[0]
    assert _qr_read_back(images[0].image, size) == [[bool(bit) for bit in row] for row in expected.matrix]
    assert "day=" + "%2C".join(sites) in link

    if lang == "fr":  # the same handout by e-mail, through the local SMTP server
        port, inbox = smtp
        page.fill("#email-to", "visiteur@example.org")
        page.click("#email-send")
        expect(page.locator("#message")).to_contain_text("visiteur@example.org")
        assert inbox.envelopes[-1].rcpt_tos == ["visiteur@example.org"]
        assert _squeezed(kb.site(sites[0]).name_in("fr")) in _squeezed(
            inbox.message().get_body(("plain",)).get_content()
        )
    assert page.errors == []


def test_data_mode_editor_changes_its_hours_and_the_bot_says_them(logged_in, env, monkeypatch):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    june_monday = next_year_day(6, 0)
    kb = open_kb()
    site = kb.site(LEWARDE)
    before = answer_about_site(kb, site, "hours", "fr", Asked(date.today(), day=june_monday)).text
    assert "09:00–19:00" in before

    page = logged_in("chm")
    expect(page.locator("#data")).to_be_visible()
    expect(page.locator('[data-mode="counter"]')).to_be_hidden()
    expect(page.locator("#site-select option")).to_have_count(1)  # its own museum only
    # (not wait_for_function: its polling evaluates a string, which the console's CSP refuses)
    expect(page.locator("#block-text")).to_have_value(re.compile("09:00-19:00"))
    page.fill("#block-text", page.input_value("#block-text").replace("09:00-19:00", "10:00-18:30"))
    page.fill("#source", "https://chm-lewarde.com/fr/horaires")
    page.fill("#preview-date", june_monday.isoformat())
    page.click("#preview-button")
    expect(page.locator("#preview pre.before").first).to_contain_text("09:00–19:00")
    expect(page.locator("#preview pre.after").first).to_contain_text("10:00–18:30")
    page.click("#save-button")
    expect(page.locator("#message")).to_contain_text("Enregistré")

    # The audit log: who, when, which block, from which source.
    row = page.locator("#history tbody tr").first
    expect(row).to_contain_text("chm")
    expect(row).to_contain_text("https://chm-lewarde.com/fr/horaires")
    expect(row).to_contain_text("Horaires")

    # The bot's next answer (the conversation's own function, on the live knowledge base).
    kb = open_kb()
    after = answer_about_site(kb, kb.site(LEWARDE), "hours", "fr", Asked(date.today(), day=june_monday)).text
    assert "10:00–18:30" in after and "09:00–19:00" not in after

    # The closure form: a closure added to the hours, checked and previewed before any saving.
    page.fill("#closure-from", june_monday.isoformat())
    page.fill("#closure-to", june_monday.isoformat())
    page.fill("#closure-label-fr", "Inventaire")
    page.fill("#closure-label-en", "Stocktaking")
    page.click("#closure-add")
    expect(page.locator("#block-text")).to_have_value(re.compile(f"from: '{june_monday.isoformat()}'"))
    expect(page.locator("#preview pre.after").first).to_contain_text("fermé")

    # Another museum's site: refused, whatever the page sends.
    status = page.evaluate(
        """async () => {
            const me = await (await fetch("api/me")).json();
            const answer = await fetch("api/sites/la-coupole/edits", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": me.csrf},
                body: JSON.stringify({block: "groups", text: "fr: x\\nen: y\\nbooking: none\\n",
                                      source: "https://example.org"}),
            });
            return answer.status;
        }"""
    )
    assert status == 403
    assert page.errors == []


@pytest.mark.parametrize("username", ["office", "chm"])
def test_axe_finds_no_serious_violations(logged_in, console, username):
    page = logged_in(username, bypass_csp=True)  # axe is injected as an inline script
    if username == "office":
        page.fill("#start", "Péronne")
        page.check('input[name="theme"][value="ww1"]')
        page.click("#plan-button")
        stops = page.locator("#circuit li.stop")
        expect(stops.first).to_be_visible(timeout=60000)
        assert serious_violations(page) == []
        handout = page.context.new_page()
        handout.goto(console + page.locator("#handout-link").get_attribute("href"))
        assert serious_violations(handout) == []
    else:
        expect(page.locator("#block-text")).to_have_value(re.compile("status"))
        page.fill("#source", "https://chm-lewarde.com/fr/horaires")
        page.click("#preview-button")
        expect(page.locator("#preview pre.after").first).to_be_visible()
        assert serious_violations(page) == []
