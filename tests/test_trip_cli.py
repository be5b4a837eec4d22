"""``python -m bot plan``: text and JSON circuits, problems with alternatives, user errors."""

from __future__ import annotations

import json

import pytest

from bot.cli import main

ARRAS_WW1 = ["plan", "--from", "Arras", "--themes", "ww1", "--days", "1", "--lang", "en"]


def test_acceptance_json_circuit_with_times_and_map_link(capsys):
    assert main([*ARRAS_WW1, "--date", "2026-07-01", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    [day] = answer["days"]
    assert day["date"] == "2026-07-01" and day["visits"]
    assert all(visit["start"] < visit["end"] for visit in day["visits"])
    assert day["links"]["google"][0].startswith("https://www.google.com/maps/dir/?api=1")
    assert answer["links"]["website"].startswith("http")


def test_acceptance_christmas_explains_closures_with_dates(capsys):
    assert main([*ARRAS_WW1, "--date", "2026-12-25", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert any("Closed: " in warning for warning in answer["warnings"]) and answer["next_dates"]


def test_christmas_v_weapons_proposes_only_dates_known_to_be_better(capsys):
    # No source says whether La Coupole opens on 25 December: it is not proposed that day, but the
    # days after, when it is known to open.
    arguments = ["plan", "--from", "Saint-Omer", "--themes", "v-weapons", "--date", "2026-12-25"]
    assert main([*arguments, "--lang", "en", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["problem"] == "all_closed" and answer["next_dates"][0] == "2026-12-26"
    assert main([*arguments, "--lang", "en"]) == 1
    text = capsys.readouterr().out
    assert "Opening hours unknown, so not proposed on a public holiday: La Coupole" in text


def test_four_hours_reach_a_museum_open_in_the_afternoon(capsys):
    arguments = ["plan", "--from", "Douai", "--themes", "mining", "--date", "2026-12-02", "--hours", "4"]
    assert main([*arguments, "--lang", "en", "--json"]) == 0
    [day] = json.loads(capsys.readouterr().out)["days"]
    assert [(visit["site_id"], visit["start"]) for visit in day["visits"]] == [
        ("lewarde-centre-historique-minier", "13:00")
    ]


def test_all_closed_prints_alternatives_and_exits_1(capsys):
    arguments = ["plan", "--from", "Arras", "--themes", "mining", "--date", "2026-12-25", "--lang", "en"]
    assert main(arguments) == 1
    text = capsys.readouterr().out
    assert "Closed: " in text and "What would work" in text
    assert main([*arguments, "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["problem"] == "all_closed" and answer["alternatives"] and answer["next_dates"]


def test_text_output_is_day_by_day(capsys):
    assert main([*ARRAS_WW1, "--date", "2026-07-01", "--hours", "4"]) == 0
    text = capsys.readouterr().out
    assert "Day 1" in text and "min travel" in text and "https://www.google.com/maps/dir/" in text


def test_files_are_written(tmp_path, capsys):
    ics, gpx = tmp_path / "c.ics", tmp_path / "c.gpx"
    assert main([*ARRAS_WW1, "--date", "2026-07-01", "--ics", str(ics), "--gpx", str(gpx)]) == 0
    assert ics.read_text().startswith("BEGIN:VCALENDAR") and "<gpx" in gpx.read_text()


@pytest.mark.parametrize("place, close", [("Zzzzville", "Close names"), ("Arasss-sur-Mer", "Arras")])
def test_unknown_town_is_one_friendly_line_with_close_names(capsys, place, close):
    assert main(["plan", "--from", place, "--lang", "en"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "can't find" in error and close in error


def test_a_trip_that_moves_on_ends_each_day_where_the_visitor_sleeps(capsys):
    arguments = [
        "plan",
        "--from",
        "Amiens",
        "--nights",
        "Amiens, Arras",
        "--days",
        "2",
        "--date",
        "2027-06-01",
    ]
    assert main([*arguments, "--themes", "ww1", "--json"]) == 0
    days = json.loads(capsys.readouterr().out)["days"]
    assert [(day["start"]["name"], day["end"]["name"]) for day in days] == [
        ("Amiens", "Amiens"),
        ("Amiens", "Arras"),
    ]


def test_an_unknown_place_to_sleep_is_a_user_error(capsys):
    assert main(["plan", "--from", "Amiens", "--nights", "Zzyzxville", "--days", "2"]) == 2
    assert "Zzyzxville" in capsys.readouterr().err
