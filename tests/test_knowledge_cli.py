"""``python -m bot kb ...`` on the fixture knowledge folder (settings come from the environment)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    knowledge = Path(shutil.copytree(FIXTURE, tmp_path / "knowledge"))
    monkeypatch.setenv("MEMHISTO_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("MEMHISTO_DB", str(tmp_path / "kb.db"))
    return knowledge


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(env, capsys):
    code, out, _ = run(capsys, "kb", "validate")
    assert code == 0 and out.strip().endswith(": valid")


def test_validate_lists_problems_and_exits_1(env, capsys):
    path = env / "sites" / "musee-saison.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    site["location"]["lat"] = 43.3
    path.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    code, _, err = run(capsys, "kb", "validate")
    assert code == 1
    assert "sites/musee-saison.yaml [musee-saison] location.lat: 43.3 is outside Hauts-de-France" in err
    code, out, _ = run(capsys, "kb", "validate", "--json")
    assert code == 1 and json.loads(out)["issues"][0]["field"] == "location.lat"


def test_build_prints_counts_time_and_size(env, capsys):
    code, out, _ = run(capsys, "kb", "build")
    assert code == 0
    assert "6 sites (2 members), 4 themes, 5 events" in out and " s, " in out and "MB" in out
    code, out, _ = run(capsys, "kb", "build", "--json")
    report = json.loads(out)
    assert report["ok"] and report["sites"] == 6 and report["size_bytes"] > 0


def test_list_json_has_member_flags(env, capsys):
    code, out, _ = run(capsys, "kb", "list", "--json")
    sites = {site["id"]: site for site in json.loads(out)}
    assert code == 0 and len(sites) == 6
    assert sites["musee-saison"]["member"] is True and sites["musee-inconnu"]["member"] is False


def test_list_by_theme_word_and_members(env, capsys):
    _, out, _ = run(capsys, "kb", "list", "--theme", "Grande Guerre", "--members", "--json")
    assert {site["id"] for site in json.loads(out)} == {"musee-saison", "souterrain-guide"}
    code, _, err = run(capsys, "kb", "list", "--theme", "cuisine")
    assert code == 2 and "unknown theme 'cuisine'" in err


def test_show_by_fuzzy_name_with_date(env, capsys):
    code, out, _ = run(capsys, "kb", "show", "musee des saisons", "--date", "2026-12-25", "--json")
    result = json.loads(out)
    assert code == 0 and result["site"]["id"] == "musee-saison"
    assert result["opening"]["is_open"] is False
    assert result["opening"]["rule"] == "closure 12-20..01-05 (Annual closure)"
    _, out, _ = run(capsys, "kb", "show", "musee-saison", "--date", "2026-11-25", "--lang", "fr")
    assert "Musée des Saisons (Péronne)" in out and "open 09:30-12:30, 13:30-17:00" in out


def test_show_prints_where_the_facts_come_from_for_staff(env, capsys):
    path = env / "sites" / "musee-saison.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    site["hours"]["provenance"] = {"fr": "Fiche non datée.", "en": "Undated listing."}
    site["prices"]["provenance"] = "Tarifs 2019."
    path.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, out, _ = run(capsys, "kb", "show", "musee-saison", "--lang", "en")
    assert "provenance (hours): Undated listing." in out and "provenance (prices): Tarifs 2019." in out
    _, out, _ = run(capsys, "kb", "show", "musee-saison", "--json")
    assert json.loads(out)["site"]["hours"]["provenance"]["fr"] == "Fiche non datée."


def test_show_unknown_site_is_a_user_error(env, capsys):
    code, _, err = run(capsys, "kb", "show", "qwxz")
    assert code == 2 and "no site named 'qwxz'" in err


def test_impossible_date_is_refused(env, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["kb", "hours", "musee-saison", "--date", "2026-02-30"])
    assert exit_.value.code == 2
    assert "'2026-02-30' is not a date" in capsys.readouterr().err


def test_hours_over_several_days(env, capsys):
    _, out, _ = run(
        capsys, "kb", "hours", "souterrain-guide", "--date", "2026-11-23", "--days", "3", "--json"
    )
    days = json.loads(out)["days"]
    assert [day["is_open"] for day in days] == [False, True, True]  # closed on Mondays
    assert days[1]["guided_tour_times"] == ["10:00", "11:30", "14:00", "15:30"]


def test_events(env, capsys):
    _, out, _ = run(capsys, "kb", "events", "--from", "2027-04-01", "--to", "2027-04-30", "--json")
    assert [(item["id"], item["date"]) for item in json.loads(out)] == [
        ("deportation-remembrance", "2027-04-25")
    ]
    code, _, err = run(capsys, "kb", "events", "--from", "2027-05-01", "--to", "2027-04-01")
    assert code == 2 and "before" in err


def test_places(env, capsys):
    _, out, _ = run(capsys, "kb", "places", "Albert", "--json")
    assert json.loads(out)[0]["name"] == "Albert"


def test_export_csv_and_geojson(env, capsys, tmp_path):
    _, out, _ = run(capsys, "kb", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6 and rows[0]["member"] == "True"
    output = tmp_path / "sites.geojson"
    code, _, _ = run(capsys, "kb", "export", "--format", "geojson", "--output", str(output))
    collection = json.loads(output.read_text(encoding="utf-8"))
    assert code == 0 and len(collection["features"]) == 6
    saison = next(f for f in collection["features"] if f["properties"]["id"] == "musee-saison")
    assert saison["geometry"]["coordinates"] == [2.93, 49.93]
