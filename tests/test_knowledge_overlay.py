"""The staff console's edits over the knowledge files: live in the next ``open_kb()``, written back to
the YAML by ``python -m bot kb export``, the rest of the file untouched."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge import open_kb
from bot.knowledge.files import read_yaml
from bot.knowledge.overlay import EditLog, replace_block, replace_own_events

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"
SITE = "musee-saison"
MONDAY_IN_JULY = date(2027, 7, 5)


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    knowledge = Path(shutil.copytree(FIXTURE, tmp_path / "knowledge"))
    monkeypatch.setenv("MEMHISTO_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("MEMHISTO_DB", str(tmp_path / "kb.db"))
    monkeypatch.setenv("MEMHISTO_EDITS_DB", str(tmp_path / "edits.db"))
    return knowledge


def _hours_opening_at_ten(knowledge: Path) -> dict:
    hours = read_yaml(knowledge / "sites" / f"{SITE}.yaml").data["hours"]
    hours["periods"][0]["open"] = ["10:00-17:00"]
    hours["source"] = "https://example.org/saisons/new-hours"
    hours["verified_on"] = "2026-12-06"
    return hours


def test_an_edit_is_live_in_the_next_open_kb(env, tmp_path):
    assert open_kb().opening(SITE, MONDAY_IN_JULY).windows[0][0].hour == 9
    EditLog(tmp_path / "edits.db").record(
        SITE, "hours", _hours_opening_at_ten(env), "ed@saisons", "https://x.org"
    )
    opening = open_kb().opening(SITE, MONDAY_IN_JULY)
    assert [(opens.hour, closes.hour) for opens, closes in opening.windows] == [(10, 17)]


def test_the_latest_edit_of_a_block_is_in_force(env, tmp_path):
    log = EditLog(tmp_path / "edits.db")
    first = log.record(SITE, "prices", {"status": "unknown"}, "a", "https://x.org/1")
    second = log.record(SITE, "prices", {"status": "unknown", "note": None}, "b", "https://x.org/2")
    assert [edit.id for edit in log.in_force()] == [second.id]
    assert [edit.id for edit in log.history(SITE)] == [second.id, first.id]


def test_export_writes_the_block_and_keeps_the_rest_of_the_file(env, tmp_path, capsys):
    path = env / "sites" / f"{SITE}.yaml"
    before = path.read_text(encoding="utf-8")
    log = EditLog(tmp_path / "edits.db")
    log.record(SITE, "hours", _hours_opening_at_ten(env), "ed@saisons", "https://x.org")
    assert main(["kb", "export"]) == 0
    assert "1 console edit(s)" in capsys.readouterr().out
    after = path.read_text(encoding="utf-8")
    assert yaml.safe_load(after)["hours"]["periods"][0]["open"] == ["10:00-17:00"]
    untouched = [line for line in before.splitlines() if not line.startswith(" ") and "hours" not in line]
    assert all(line in after.splitlines() for line in untouched)
    assert log.in_force() == []  # the file holds it now
    assert main(["kb", "validate"]) == 0
    assert open_kb().opening(SITE, MONDAY_IN_JULY).windows[0][0].hour == 10


def test_replace_block_keeps_comments_of_the_next_key():
    text = "id: x\nhours:\n  status: unknown\n# about prices\nprices: {status: unknown}\n"
    assert replace_block(text, "hours", {"status": "always_open"}) == (
        "id: x\nhours: {status: always_open}\n# about prices\nprices: {status: unknown}\n"
    )


def test_only_a_sites_own_blocks_are_editable(tmp_path):
    with pytest.raises(ValueError):
        EditLog(tmp_path / "edits.db").record(SITE, "location", {}, "a", "https://x.org")


EVENTS = """# a comment kept
events:
  - id: shared
    name: {fr: "A", en: "A"}
    rule: {month: 4, day: 9}
    scope: sites
    sites: [musee-saison, other]
  - id: old-own
    name: {fr: "B", en: "B"}
    rule: {month: 5, day: 1}
    scope: sites
    sites: [musee-saison]
  # the next one is regional
  - id: regional
    name: {fr: "C", en: "C"}
    rule: {month: 11, day: 11}
    scope: regional
"""


def test_a_sites_own_events_are_replaced_and_the_rest_kept():
    new = [
        {
            "id": "new-own",
            "name": {"fr": "D", "en": "D"},
            "rule": {"month": 6, "day": 1},
            "scope": "sites",
            "sites": ["musee-saison"],
        }
    ]
    text = replace_own_events(EVENTS, "musee-saison", new)
    events = yaml.safe_load(text)["events"]
    assert [event["id"] for event in events] == ["shared", "regional", "new-own"]
    assert "# a comment kept" in text and "# the next one is regional" in text
    assert [
        event["id"] for event in yaml.safe_load(replace_own_events(EVENTS, "musee-saison", []))["events"]
    ] == ["shared", "regional"]


def test_exported_events_go_to_the_events_file_and_stay_valid(env, tmp_path, capsys):
    own = [
        {
            "id": "saisons-open-day",
            "name": {"fr": "Journée portes ouvertes", "en": "Open day"},
            "rule": {"month": 6, "day": 1},
            "scope": "sites",
            "sites": [SITE],
            "themes": ["battle-of-the-somme"],
            "source": "https://example.org/saisons/events",
            "verified_on": "2026-12-06",
        }
    ]
    EditLog(tmp_path / "edits.db").record(
        SITE, "events", own, "ed@saisons", "https://example.org/saisons/events"
    )
    assert [occurrence.event.id for occurrence in open_kb().events(date(2027, 6, 1), date(2027, 6, 1))] == [
        "saisons-open-day"
    ]
    assert main(["kb", "export"]) == 0
    assert "saisons-open-day" in (env / "events.yaml").read_text(encoding="utf-8")
    assert main(["kb", "validate"]) == 0
    assert [occurrence.event.id for occurrence in open_kb().events(date(2027, 6, 1), date(2027, 6, 1))] == [
        "saisons-open-day"
    ]
