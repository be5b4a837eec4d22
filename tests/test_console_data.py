"""Data mode without HTTP: an edit is checked as the knowledge files are, and previewed with the bot's
own answers before it is saved."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from bot.config import settings
from bot.console.data import EditRejected, preview, proposed_block, site_blocks
from bot.knowledge import open_kb
from bot.knowledge.overlay import EditLog

LEWARDE = "lewarde-centre-historique-minier"
TODAY = date(2026, 12, 6)
JUNE_MONDAY = date(2027, 6, 7)
SOURCE = "https://chm-lewarde.com/fr/horaires"


@pytest.fixture
def edits(tmp_path) -> EditLog:
    return EditLog(tmp_path / "edits.db")


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def _hours_text(edits: EditLog, old: str, new: str) -> str:
    text = site_blocks(LEWARDE, settings().knowledge_dir, edits)["hours"]
    assert old in text
    return text.replace(old, new)


def test_a_valid_edit_gets_its_source_and_date(edits):
    text = _hours_text(edits, "09:00-19:00", "10:00-18:30")
    value = proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY)
    assert value["periods"][0]["open"] == ["10:00-18:30"]
    assert value["source"] == SOURCE and value["verified_on"] == "2026-12-06"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("09:00-19:00", "19:00-09:00", "hours.periods[0].open[0]"),  # closes before it opens
        ("09:00-19:00", "9h-19h", "hours.periods[0].open[0]"),
        ("mon, tue", "lundi, tue", "hours.periods[0].days"),
    ],
)
def test_invalid_hours_are_refused_field_by_field(edits, old, new, field):
    text = _hours_text(edits, old, new)
    with pytest.raises(EditRejected) as refused:
        proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY)
    assert any(problem.startswith(field) for problem in refused.value.problems), refused.value.problems


@pytest.mark.parametrize(
    ("block", "text", "source", "says"),
    [
        ("hours", "status: known\n", "not a url", "source"),
        ("hours", "periods: [unclosed", SOURCE, "not readable YAML"),
        ("location", "lat: 1", SOURCE, "block must be one of"),
        ("groups", "fr: x\nen: y\nbooking: sometimes\n", SOURCE, "'sometimes' is not one of"),
    ],
)
def test_other_bad_edits(edits, block, text, source, says):
    with pytest.raises(EditRejected) as refused:
        proposed_block(LEWARDE, block, text, source, settings().knowledge_dir, edits, TODAY)
    assert says in str(refused.value)


def test_a_holiday_opening_without_source_is_refused_as_kb_validate_does(edits):
    hours = yaml.safe_load(site_blocks(LEWARDE, settings().knowledge_dir, edits)["hours"])
    text = yaml.safe_dump({**hours, "public_holidays": {"open": "others"}})
    with pytest.raises(EditRejected):
        proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY)


def test_preview_gives_the_bots_answers_before_and_after(edits, kb):
    text = _hours_text(edits, "09:00-19:00", "10:00-18:30")
    value = proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY)
    answers = preview(kb, LEWARDE, "hours", value, JUNE_MONDAY, TODAY, "en")
    assert [answer["question"] for answer in answers] == ["hours_day", "hours_week"]
    assert "09:00–19:00" in answers[0]["before"] and "10:00–18:30" in answers[0]["after"]


def test_preview_of_prices_and_offers(edits, kb):
    prices = (
        "status: known\ncurrency: EUR\nadult: 12.0\nchild: 6.0\nchild_ages: [6, 17]\nfree_under: 6\n"
        "confidence: high\n"
    )
    value = proposed_block(LEWARDE, "prices", prices, SOURCE, settings().knowledge_dir, edits, TODAY)
    (answer,) = preview(kb, LEWARDE, "prices", value, JUNE_MONDAY, TODAY, "fr")
    assert "36" in answer["after"]  # 2 x 12 + 2 x 6
    offer = "fr: Groupes dès 15 personnes\nen: Groups from 15 people\ncontact: null\nbooking: required\n"
    value = proposed_block(LEWARDE, "groups", offer, SOURCE, settings().knowledge_dir, edits, TODAY)
    (answer,) = preview(kb, LEWARDE, "groups", value, JUNE_MONDAY, TODAY, "en")
    assert "Groups from 15 people" in answer["after"] and "Groups from 15 people" not in answer["before"]


def test_the_form_starts_from_the_edits_in_force(edits):
    text = _hours_text(edits, "09:00-19:00", "10:00-18:30")
    value = proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY)
    edits.record(LEWARDE, "hours", value, "chm", SOURCE)
    assert "10:00-18:30" in site_blocks(LEWARDE, settings().knowledge_dir, edits)["hours"]


SAINTE_BARBE = """
- id: lewarde-sainte-barbe
  name: {fr: "Fête de la Sainte-Barbe des mineurs", en: "Miners' Saint Barbara's Day"}
  rule: {month: 12, day: 4}
  themes: [mining]
  description: {fr: "Animations autour de la patronne des mineurs.", en: "Activities for the miners' patron saint."}
"""


def test_a_museum_adds_its_own_event_and_the_bot_mentions_it(edits, kb):
    value = proposed_block(LEWARDE, "events", SAINTE_BARBE, SOURCE, settings().knowledge_dir, edits, TODAY)
    assert value[0]["scope"] == "sites" and value[0]["sites"] == [LEWARDE] and value[0]["source"] == SOURCE
    (answer,) = preview(kb, LEWARDE, "events", value, date(2027, 11, 1), TODAY, "en")
    assert "Saint Barbara" in answer["after"] and "Saint Barbara" not in answer["before"]
    edits.record(LEWARDE, "events", value, "chm", SOURCE)
    assert "lewarde-sainte-barbe" in site_blocks(LEWARDE, settings().knowledge_dir, edits)["events"]
    changed = kb.with_edits(edits.in_force())
    assert [
        occurrence.event.id for occurrence in changed.events(date(2027, 12, 4), date(2027, 12, 4), [LEWARDE])
    ] == ["lewarde-sainte-barbe"]
    assert (
        len(changed.events(date(2027, 1, 1), date(2027, 12, 31)))
        == len(kb.events(date(2027, 1, 1), date(2027, 12, 31))) + 1
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("id: lewarde-sainte-barbe", "id: vimy-anniversary"),  # another event's id
        ("{month: 12, day: 4}", "{month: 13, day: 4}"),
        ("themes: [mining]", "themes: [no-such-theme]"),
    ],
)
def test_bad_events_are_refused(edits, old, new):
    with pytest.raises(EditRejected):
        proposed_block(
            LEWARDE, "events", SAINTE_BARBE.replace(old, new), SOURCE, settings().knowledge_dir, edits, TODAY
        )


def test_the_closure_form_adds_a_closure_checked_by_the_rules(edits, kb):
    text = site_blocks(LEWARDE, settings().knowledge_dir, edits)["hours"]
    closure = {"from": "2027-06-07", "to": "2027-06-09", "label_fr": "Travaux", "label_en": "Works"}
    value = proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY, closure)
    assert value["closures"][-1] == {
        "from": "2027-06-07",
        "to": "2027-06-09",
        "label": {"fr": "Travaux", "en": "Works"},
    }
    day_answer, _ = preview(kb, LEWARDE, "hours", value, JUNE_MONDAY, TODAY, "en")
    assert "closed" in day_answer["after"].lower() and "closed" not in day_answer["before"].lower()
    for bad in ({**closure, "to": "9 June"}, {**closure, "label_en": ""}, {**closure, "from": "2027-06-10"}):
        with pytest.raises(EditRejected):
            proposed_block(LEWARDE, "hours", text, SOURCE, settings().knowledge_dir, edits, TODAY, bad)
