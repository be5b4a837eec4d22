"""Building the SQLite database, and open_kb rebuilding it when knowledge files change."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from bot.knowledge import KnowledgeError, build, open_kb

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "knowledge"))


def touch_later(path: Path) -> None:
    """Move the file's modification time past the database's (file systems have coarse clocks)."""
    later = time.time() + 5
    os.utime(path, (later, later))


def rename_site(path: Path, new_name: str) -> None:
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    site["name"]["en"] = new_name
    path.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    touch_later(path)


def test_build_writes_tables_indexes_and_full_text_search(knowledge, tmp_path):
    report = build(knowledge, tmp_path / "kb.db")
    assert (report.sites, report.members, report.themes, report.events) == (6, 2, 4, 5)
    assert report.places > 1500 and report.size_bytes > 0 and report.seconds >= 0
    db = sqlite_utils.Database(tmp_path / "kb.db")
    expected = {
        "sites",
        "site_aliases",
        "site_themes",
        "themes",
        "theme_synonyms",
        "events",
        "places",
        "place_names",
        "meta",
    }
    assert expected <= set(db.table_names())
    assert db["site_themes"].count == 7
    hits = [row["id"] for row in db["sites"].search("fictif")]
    assert len(hits) == 6  # every fixture description says "fictif"
    assert {row["site_id"] for row in db["site_aliases"].search("quarry")} == {"souterrain-guide"}
    assert any(index.columns == ["norm"] for index in db["site_aliases"].indexes)


def test_invalid_files_are_not_built(knowledge, tmp_path):
    (knowledge / "themes.yaml").unlink()
    with pytest.raises(KnowledgeError) as error:
        build(knowledge, tmp_path / "kb.db")
    assert any(issue.file == "themes.yaml" for issue in error.value.issues)
    assert not (tmp_path / "kb.db").exists()


def test_open_kb_builds_when_missing_and_rebuilds_when_a_file_changes(knowledge, tmp_path):
    database = tmp_path / "kb.db"
    kb = open_kb(database, knowledge)
    assert database.exists()
    assert open_kb(database, knowledge) is kb  # unchanged files: same object, no rebuild

    rename_site(knowledge / "sites" / "musee-saison.yaml", "Renamed Museum")
    fresh = open_kb(database, knowledge)
    assert fresh.site("musee-saison").name_in("en") == "Renamed Museum"


def test_open_kb_keeps_serving_the_previous_database_when_new_files_are_invalid(knowledge, tmp_path):
    database = tmp_path / "kb.db"
    open_kb(database, knowledge)
    path = knowledge / "sites" / "musee-saison.yaml"
    path.write_text("id: [broken\n", encoding="utf-8")
    touch_later(path)
    kb = open_kb(database, knowledge)
    assert kb.site("musee-saison").name_in("fr") == "Musée des Saisons (Péronne)"


def test_open_kb_without_database_and_invalid_files_raises(knowledge, tmp_path):
    (knowledge / "members.yaml").unlink()
    with pytest.raises(KnowledgeError):
        open_kb(tmp_path / "kb.db", knowledge)


def test_deleting_a_site_file_triggers_a_rebuild(knowledge, tmp_path):
    database = tmp_path / "kb.db"
    open_kb(database, knowledge)
    (knowledge / "sites" / "musee-inconnu.yaml").unlink()
    touch_later(knowledge / "sites")
    with pytest.raises(KeyError):
        open_kb(database, knowledge).site("musee-inconnu")
