"""Validation of the knowledge files: precise problems (file, site, field, why) and the real data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.knowledge import validate

FIXTURE = Path(__file__).parent / "fixtures" / "knowledge" / "basic"
REAL = PROJECT_ROOT / "knowledge"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge folder."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "knowledge"))


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def site_file(knowledge: Path, site_id: str = "musee-saison") -> Path:
    return knowledge / "sites" / f"{site_id}.yaml"


def only_issue(knowledge: Path):
    issues = validate(knowledge)
    assert len(issues) == 1, [str(issue) for issue in issues]
    return issues[0]


def test_fixture_is_valid():
    assert validate(FIXTURE) == []


def test_real_knowledge_is_valid():
    issues = validate(REAL)
    assert issues == [], "\n".join(map(str, issues))


def test_real_knowledge_lists_eleven_members_with_files():
    members = yaml.safe_load((REAL / "members.yaml").read_text(encoding="utf-8"))["members"]
    assert len(members) == 11
    for member in members:
        site = yaml.safe_load((REAL / "sites" / f"{member}.yaml").read_text(encoding="utf-8"))
        assert site["member"] is True


def test_coordinates_outside_the_region(knowledge):
    edit(site_file(knowledge), lambda site: site["location"].update(lat=45.76, lon=4.83))  # Lyon
    issues = validate(knowledge)
    fields = {issue.field: issue for issue in issues}
    assert set(fields) == {"location.lat", "location.lon"}
    assert fields["location.lat"].file == "sites/musee-saison.yaml"
    assert fields["location.lat"].site == "musee-saison"
    assert "45.76 is outside Hauts-de-France" in fields["location.lat"].message


def test_window_closing_before_opening(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"]["periods"][0].update(open=["18:00-09:30"]))
    issue = only_issue(knowledge)
    assert issue.field == "hours.periods[0].open[0]"
    assert "opens at or after it closes" in issue.message


def test_impossible_clock_time(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"]["periods"][0].update(open=["09:30-25:00"]))
    issue = only_issue(knowledge)
    assert issue.field == "hours.periods[0].open[0]" and "not a valid HH:MM-HH:MM" in issue.message


def test_overlapping_windows(knowledge):
    edit(
        site_file(knowledge),
        lambda site: site["hours"]["periods"][1].update(open=["09:30-13:00", "12:30-17:00"]),
    )
    assert only_issue(knowledge).field == "hours.periods[1].open[1]"


def test_unknown_weekday_is_a_schema_error(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"]["periods"][0].update(days=["lun", "tue"]))
    issue = only_issue(knowledge)
    assert issue.field == "hours.periods[0].days[0]"
    assert "'lun' is not one of" in issue.message


def test_impossible_month_day(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"]["periods"][0].update(to="02-30"))
    issues = validate(knowledge)
    assert any(
        issue.field == "hours.periods[0].to" and "'02-30' is not a valid MM-DD" in issue.message
        for issue in issues
    )


def test_periods_must_cover_the_year(knowledge):
    def drop_winter(site):
        site["hours"]["periods"] = site["hours"]["periods"][:1]

    edit(site_file(knowledge), drop_winter)
    issue = only_issue(knowledge)
    assert issue.field == "hours.periods"
    # The annual closure 12-20..01-05 covers part of the winter: only the rest is reported.
    assert "covers 01-06..03-31, 10-01..12-19;" in issue.message


def test_known_hours_need_a_source(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"].pop("source"))
    issue = only_issue(knowledge)
    assert issue.field == "hours" and "'source' is a required property" in issue.message


def test_known_prices_need_a_verification_date(knowledge):
    edit(site_file(knowledge), lambda site: site["prices"].pop("verified_on"))
    issue = only_issue(knowledge)
    assert issue.field == "prices.verified_on"


def test_visit_duration_needs_a_source_or_the_estimate_flag(knowledge):
    edit(site_file(knowledge), lambda site: site.pop("visit_minutes_source"))
    assert only_issue(knowledge).field == "visit_minutes"


def test_unknown_theme(knowledge):
    edit(site_file(knowledge), lambda site: site.update(themes=["battle-of-the-somme", "ww3"]))
    issue = only_issue(knowledge)
    assert (issue.field, issue.site) == ("themes[1]", "musee-saison")
    assert "unknown theme 'ww3'" in issue.message


def test_id_must_match_the_file_name(knowledge):
    edit(site_file(knowledge, "musee-inconnu"), lambda site: site.update(id="musee-connu"))
    issues = validate(knowledge)
    assert any(
        issue.field == "id" and "differs from the file name 'musee-inconnu.yaml'" in issue.message
        for issue in issues
    )


def test_member_flag_must_agree_with_members_file(knowledge):
    edit(site_file(knowledge, "musee-inconnu"), lambda site: site.update(member=True))
    issue = only_issue(knowledge)
    assert (issue.file, issue.field) == ("sites/musee-inconnu.yaml", "member")
    assert "not listed in members.yaml" in issue.message


def test_every_listed_member_needs_a_file(knowledge):
    edit(knowledge / "members.yaml", lambda data: data["members"].append("musee-absent"))
    issue = only_issue(knowledge)
    assert issue.file == "members.yaml" and "no file sites/musee-absent.yaml" in issue.message


def test_event_sites_must_exist(knowledge):
    edit(knowledge / "events.yaml", lambda data: data["events"][2].update(sites=["souterrain-perdu"]))
    issue = only_issue(knowledge)
    assert (issue.file, issue.site, issue.field) == (
        "events.yaml",
        "first-saturday-june",
        "events[2].sites[0]",
    )


def test_event_rule_with_impossible_day(knowledge):
    edit(knowledge / "events.yaml", lambda data: data["events"][0].update(rule={"month": 2, "day": 31}))
    assert "'02-31' is not a valid date" in only_issue(knowledge).message


def test_a_synonym_may_name_one_theme_only(knowledge):
    edit(knowledge / "themes.yaml", lambda data: data["themes"][2]["synonyms"]["en"].append("Great War"))
    issue = only_issue(knowledge)
    assert "'great war' names both 'ww1' and 'ww2'" in issue.message


def test_station_town_must_exist_in_geonames(knowledge):
    edit(knowledge / "stations.yaml", lambda data: data["stations"][1].update(town_geonameid=1))
    issue = only_issue(knowledge)
    assert issue.site == "town-port" and "town_geonameid 1" in issue.message


def test_station_coordinates_need_a_source(knowledge):
    edit(knowledge / "stations.yaml", lambda data: data["stations"][0].pop("source"))
    messages = {(issue.field, issue.message) for issue in validate(knowledge)}
    assert ("stations[0]", "'source' is a dependency of 'lat'") in messages


def test_unreadable_yaml_is_reported_alone(knowledge):
    site_file(knowledge).write_text("id: musee-saison\nname: {fr: [unclosed\n", encoding="utf-8")
    issue = only_issue(knowledge)
    assert issue.file == "sites/musee-saison.yaml" and issue.message.startswith("unreadable YAML")


def test_issue_prints_file_site_field_and_reason(knowledge):
    edit(site_file(knowledge), lambda site: site.update(themes=["ww3"]))
    assert (
        str(only_issue(knowledge))
        == "sites/musee-saison.yaml [musee-saison] themes[0]: unknown theme 'ww3' (not in themes.yaml)"
    )


def test_free_access_needs_a_source_too(knowledge):
    edit(site_file(knowledge, "memorial-plein-air"), lambda site: site["hours"].pop("source"))
    issue = only_issue(knowledge)
    assert (issue.site, issue.field) == ("memorial-plein-air", "hours")
    assert "'source' is a required property" in issue.message


@pytest.mark.parametrize("claim", ["as_periods", "open"])
def test_a_holiday_opening_without_a_source_is_refused(knowledge, claim):
    edit(site_file(knowledge), lambda site: site["hours"].update(public_holidays=claim))
    issue = only_issue(knowledge)
    assert issue.field == "hours.public_holidays" and "without a source" in issue.message


def test_holidays_said_open_need_the_source_that_says_so(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"].update(public_holidays={"open": ["bastille-day"]}))
    fields = {issue.field for issue in validate(knowledge)}
    assert fields == {"hours.public_holidays.source", "hours.public_holidays.verified_on"}


def test_holidays_said_closed_need_no_other_source(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"].update(public_holidays={"closed": ["christmas"]}))
    assert validate(knowledge) == []


def test_unknown_holiday_name(knowledge):
    holidays = {"open": ["noel"], "source": "https://example.org/h", "verified_on": "2026-12-06"}
    edit(site_file(knowledge), lambda site: site["hours"].update(public_holidays=holidays))
    assert only_issue(knowledge).field == "hours.public_holidays.open[0]"


def test_vague_closure_bounds_and_their_exact_dates(knowledge):
    closure = {
        "from": "mid-13",
        "to": "mid-04",
        "exact": [
            {"from": "2025-10-14", "to": "2025-04-11", "source": "https://e.org", "verified_on": "2026-12-06"}
        ],
    }
    edit(site_file(knowledge), lambda site: site["hours"]["closures"].append(closure))
    messages = {issue.field: issue.message for issue in validate(knowledge)}
    assert "vague bound such as mid-10" in messages["hours.closures[3]"]
    assert "is after" in messages["hours.closures[3].exact[0]"]


def test_exact_dates_need_their_source(knowledge):
    closure = {"from": "mid-10", "to": "mid-04", "exact": [{"to": "2025-04-11"}]}
    edit(site_file(knowledge), lambda site: site["hours"]["closures"].append(closure))
    messages = {(issue.field, issue.message) for issue in validate(knowledge)}
    assert messages == {
        ("hours.closures[3].exact[0]", "'source' is a required property"),
        ("hours.closures[3].exact[0]", "'verified_on' is a required property"),
    }


def test_days_a_vague_closure_may_leave_open_need_a_period(knowledge):
    def season_only(site):
        site["hours"]["periods"] = [
            {"from": "04-21", "to": "10-10", "days": ["sun"], "open": ["10:00-18:00"]}
        ]
        site["hours"]["closures"] = [{"from": "mid-10", "to": "mid-04"}]

    edit(site_file(knowledge), season_only)
    issue = only_issue(knowledge)
    assert issue.field == "hours.periods" and "04-12..04-20, 10-11..10-19" in issue.message


def test_last_entry_must_be_a_time(knowledge):
    edit(site_file(knowledge), lambda site: site["hours"].update(last_entry="17:75"))
    assert only_issue(knowledge).field == "hours.last_entry"


def test_open_air_is_a_yes_or_no(knowledge):
    edit(site_file(knowledge), lambda site: site.update(open_air="outdoors"))
    assert only_issue(knowledge).field == "open_air"


def test_a_visitor_note_that_says_where_its_facts_come_from_is_refused(knowledge):
    hotel = {"fr": "Horaires relevés sur la page d'un hôtel.", "en": "Hours from a hotel's page."}
    edit(site_file(knowledge), lambda site: site["hours"].update(note=hotel))
    issues = validate(knowledge)
    assert {issue.field for issue in issues} == {"hours.note.fr", "hours.note.en"}
    assert all("provenance" in issue.message for issue in issues)


@pytest.mark.parametrize(
    "note",
    [
        "2024 season hours.",
        "Closed in January (undated City Pass listing).",
        "Tarifs Musenor.",
        "Open daily according to the tourist office.",
    ],
)
def test_each_kind_of_sourcing_word_is_refused(knowledge, note):
    edit(
        site_file(knowledge), lambda site: site["prices"].update(note={"fr": "Tarif réduit 5 €.", "en": note})
    )
    assert only_issue(knowledge).field == "prices.note.en"


def test_the_sourcing_goes_into_provenance_which_visitors_never_read(knowledge):
    def split(site):
        site["hours"]["note"] = {"fr": "Visite guidée uniquement.", "en": "Guided tour only."}
        site["hours"]["provenance"] = "Hours from a hotel's page (unofficial, undated)."
        site["location"]["provenance"] = {
            "fr": "Centre du village (GeoNames).",
            "en": "Village centre (GeoNames).",
        }

    edit(site_file(knowledge), split)
    assert validate(knowledge) == []
