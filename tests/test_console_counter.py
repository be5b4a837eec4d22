"""Counter mode without HTTP: the form read into a planner request, the circuit changed and timed
again, the handout in four languages, and its e-mail through a local SMTP server (aiosmtpd)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.console.counter import FormError, Visitor, circuit_query, priced, read_form, read_spec
from bot.console.handout import handout_text, map_svg, render_handout
from bot.console.mail import MailFailed, MailNotConfigured, send, valid_address
from bot.console.settings import ConsoleSettings
from bot.knowledge import Party, open_kb
from bot.ops.serve import free_port
from bot.trip import TripPlan, plan_trip, schedule_circuit
from tests.stubs.smtp import smtp_server

TODAY = date(2026, 12, 6)
FORM = {
    "start": "Arras",
    "date": "2027-06-05",
    "themes": ["ww1"],
    "adults": "2",
    "children": "2",
    "child_ages": "8, 12",
    "mode": "car",
    "lang": "de",
    "budget": "20",
}


@pytest.fixture(scope="module")
def kb():
    return open_kb()


@pytest.fixture(scope="module")
def planned(kb) -> tuple[TripPlan, Visitor]:
    request, visitor = read_form(FORM, kb, TODAY)
    plan = plan_trip(request, kb=kb, today=TODAY)
    assert isinstance(plan, TripPlan)
    return plan, visitor


def test_the_form_becomes_a_request(kb):
    request, visitor = read_form(FORM, kb, TODAY)
    assert request.start_text == "Arras" and request.first_date == date(2027, 6, 5)
    assert request.party == Party(adults=2, children=2, child_ages=(8, 12))
    assert request.themes == ("ww1",) and request.lang == "en"  # German visitors read the English texts
    assert visitor.lang == "de" and visitor.budget == 20.0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", ""),
        ("date", "2020-01-01"),
        ("date", "5 juin"),
        ("days", "9"),
        ("themes", ["no-such-theme"]),
        ("adults", "-1"),
        ("child_ages", "8, douze"),
        ("child_ages", "8"),  # two children, one age
        ("mode", "plane"),
        ("lang", "it"),
        ("budget", "lots"),
    ],
)
def test_every_bad_field_is_named(kb, field, value):
    with pytest.raises(FormError) as refused:
        read_form({**FORM, field: value}, kb, TODAY)
    assert any(problem.startswith(field) for problem in refused.value.problems), refused.value.problems


def test_priced_gives_the_partys_prices_the_total_and_the_budget(planned, kb):
    plan, visitor = planned
    data = priced(plan, kb, visitor)
    visits = [visit for day in data["days"] for visit in day["visits"]]
    known = [visit["price_total"] for visit in visits if visit["price_total"] is not None]
    assert data["total"]["amount"] == pytest.approx(sum(known))
    assert data["over_budget"] == (data["total"]["amount"] > 20)
    assert read_spec({"circuit": data["circuit"]}).days == [
        [visit.site.id for visit in day.visits] for day in plan.days
    ]


def test_a_changed_circuit_is_timed_again(planned, kb):
    plan, _ = planned
    ids = [visit.site.id for visit in plan.days[0].visits]
    changed = read_spec({"circuit": circuit_query(plan), "days": [ids[1:] + ["la-coupole"]]})
    timed = schedule_circuit(changed, kb=kb, today=TODAY)
    assert [visit.site.id for visit in timed.days[0].visits] == ids[1:] + ["la-coupole"]
    starts = [visit.start for visit in timed.days[0].visits]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "body", [{"circuit": 3}, {"circuit": "start=1,2&day=a", "days": "a"}, {"circuit": "x"}]
)
def test_bad_circuits_are_refused(body):
    with pytest.raises(FormError):
        read_spec(body)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Votre circuit", "samedi 5 juin 2027"]),
        ("en", ["Your remembrance circuit", "Saturday 5 June 2027"]),
        ("de", ["Ihre Erinnerungsroute", "Samstag, 5. Juni 2027"]),
        ("nl", ["Uw herdenkingsroute", "zaterdag 5 juni 2027"]),
    ],
)
def test_the_handout_in_each_language(planned, kb, lang, words):
    plan, visitor = planned
    visitor = Visitor(visitor.party, lang)
    html = render_handout(plan, kb, visitor)
    content = "fr" if lang == "fr" else "en"
    for visit in plan.days[0].visits:
        assert visit.site.name_in(content).replace("'", "&#39;") in html
    assert all(word in html for word in words)
    assert 'src="data:image/png;base64,' in html and "<polyline" in html
    assert "onclick" not in html  # no inline script: the console's CSP refuses it


def test_the_map_places_every_stop_inside_the_drawing(planned):
    plan, _ = planned
    drawing = map_svg(plan)
    assert len(drawing["stops"]) == plan.visit_count
    for stop in drawing["stops"]:
        assert 0 <= stop["x"] <= drawing["width"] and 0 <= stop["y"] <= drawing["height"]


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


def test_the_handout_is_sent_through_the_smtp_server(planned, kb, smtp, monkeypatch):
    port, inbox = smtp
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_SECURITY", "none")
    plan, visitor = planned
    send(
        ConsoleSettings(),
        "visitor@example.org",
        "Ihre Route",
        handout_text(plan, kb, visitor),
        render_handout(plan, kb, visitor),
    )
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["visitor@example.org"]
    message = inbox.message()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert plan.days[0].visits[0].site.name_in("en") in text and "Ihre Erinnerungsroute" in html


def test_mail_without_server_or_with_a_dead_one(planned, kb, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    with pytest.raises(MailNotConfigured):
        send(ConsoleSettings(), "a@example.org", "s", "t", "<p>h</p>")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    monkeypatch.setenv("SMTP_SECURITY", "none")
    with pytest.raises(MailFailed):
        send(ConsoleSettings(), "a@example.org", "s", "t", "<p>h</p>")


@pytest.mark.parametrize(
    ("address", "valid"),
    [("a@b.org", True), ("a@b", False), ("a@b.org\n", False), ("a@b.org\nBcc: c@d.org", False)],
)
def test_addresses(address, valid):
    assert valid_address(address) is valid


def test_an_unknown_smtp_security_is_refused(monkeypatch):
    monkeypatch.setenv("SMTP_SECURITY", "startls")
    with pytest.raises(ValueError):
        ConsoleSettings()
