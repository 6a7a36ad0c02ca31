"""`flask indicators`: each indicator's value beside England, the region and neighbours."""

from __future__ import annotations

import csv
import json
import math

import pytest
from sqlalchemy import update

from tests.conftest import SEED_DIR
from tests.integration.attendance_files import PUPILS, SCHOOLS, SUMMARIES_HEADER, write
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import PublishedRate

REFERENCE = SEED_DIR.parent / "reference"


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def indicators(app, *args) -> dict[str, dict]:
    result = run(app, "indicators", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {entry["code"]: entry for entry in json.loads(result.output)["indicators"]}


def comparator(entry: dict, kind: str) -> dict:
    return next(c for c in entry["comparators"] if c["kind"] == kind)


def neighbours_mean_from_files(version: str, year: str, column: str) -> tuple[float, int]:
    """The mean of Dorset's neighbours' rates, worked out from the shipped files directly."""
    with (REFERENCE / "statistical-neighbours.csv").open(encoding="utf-8") as handle:
        codes = [
            row["neighbour_la_code"]
            for row in csv.DictReader(handle)
            if row["published"] == version and row["la_code"] == "838"
        ]
    with (REFERENCE / "la-absence-rates.csv").open(encoding="utf-8") as handle:
        rates = {
            row["old_la_code"]: row[column]
            for row in csv.DictReader(handle)
            if row["time_period"] == year
            and row["geographic_level"] == "Local authority"
            and row["education_phase"] == "Total"
            and row["characteristic"] == "Total"
        }
    values = [float(rates[code]) for code in codes if rates.get(code, "x") != "x"]
    return math.fsum(values) / len(values), len(values)


def test_2020_21_overall_absence_beside_england_south_west_and_neighbours(app):
    overall = indicators(app, "--year", "2020/21")["overall-absence"]
    assert (overall["value"], overall["source"]) == (4.57, "published")
    assert comparator(overall, "national")["value"] == 4.62
    assert comparator(overall, "regional") | {"value": 4.57} == comparator(overall, "regional")
    assert comparator(overall, "regional")["label"] == "South West"
    neighbours = comparator(overall, "neighbours")
    mean, used = neighbours_mean_from_files("2025-05", "202021", "sess_overall_percent")
    assert neighbours["value"] == pytest.approx(mean)
    assert neighbours["value"] == pytest.approx(4.492)
    assert (neighbours["neighbours_used"], neighbours["neighbours_listed"]) == (used, 10)
    assert overall["status"] == "amber"
    assert overall["explanation"].startswith(
        "Dorset's published 4.57% is below England 4.62%, equal to South West 4.57%, above "
        "statistical neighbours 4.49%: Amber (within 0.10 percentage points of every comparator)"
    )


def test_persistent_and_severe_absence_2020_21(app):
    found = indicators(app, "--year", "2020/21")
    persistent, severe = found["persistent-absence"], found["severe-absence"]
    assert persistent["value"] == 11.5
    assert [c["value"] for c in persistent["comparators"][:2]] == [12.08, 11.84]
    assert persistent["status"] == "green"
    assert severe["value"] == 1.14
    assert [c["value"] for c in severe["comparators"][:2]] == [1.13, 1.18]
    assert severe["status"] == "amber"


def test_an_older_neighbour_list_can_be_chosen(app):
    overall = indicators(app, "--year", "2020/21", "--neighbours", "2021-04")["overall-absence"]
    mean, _used = neighbours_mean_from_files("2021-04", "202021", "sess_overall_percent")
    assert comparator(overall, "neighbours")["value"] == pytest.approx(mean)
    assert comparator(overall, "neighbours")["value"] == pytest.approx(4.546)


def test_a_neighbour_with_no_figure_is_left_out_and_counted(app):
    with unit_of_work():
        db.session.execute(
            update(PublishedRate)
            .where(
                PublishedRate.la_code == "933",
                PublishedRate.time_period == "2020/21",
                PublishedRate.measure == "overall_absence_rate",
            )
            .values(value=None)
        )
    neighbours = comparator(indicators(app, "--year", "2020/21")["overall-absence"], "neighbours")
    assert (neighbours["neighbours_used"], neighbours["neighbours_listed"]) == (9, 10)
    # The 2025-05 neighbours without Somerset (4.58).
    assert neighbours["value"] == pytest.approx((4.492 * 10 - 4.58) / 9)


def test_years_before_the_reorganisation_use_the_predecessor_authority(app):
    overall = indicators(app, "--year", "2018/19")["overall-absence"]
    assert overall["value"] == 4.9
    assert "Dorset (Pre LG)'s published 4.90%" in overall["explanation"]


def test_a_term_compares_with_the_full_year_and_says_so(app):
    overall = indicators(app, "--year", "2020/21", "--term", "autumn")["overall-absence"]
    assert comparator(overall, "national")["period"] == "2020/21 full year"
    assert (
        "Benchmarks are 2020/21 full-year figures: no autumn term figures are published."
        in (overall["explanation"])
    )


def test_a_year_without_published_figures_compares_with_the_latest(app):
    overall = indicators(app, "--year", "2025/26")["overall-absence"]
    assert overall["value"] is None
    assert overall["status"] == "no_data"
    assert comparator(overall, "national")["period"] == "2024/25 full year"


def test_2019_20_has_no_published_figures(app):
    overall = indicators(app, "--year", "2019/20")["overall-absence"]
    assert (overall["value"], overall["status"]) == (None, "no_data")
    assert overall["explanation"] == (
        "No data: no pupil-level data is loaded and no figure is published for 2019/20. "
        "Benchmarks are 2018/19 full year figures, the latest published."
    )


def test_manual_indicators_without_values_have_no_data(app):
    entry = indicators(app, "--year", "2022/23", "--term", "autumn")["orchestra-data-share"]
    assert entry["kind"] == "manual"
    assert entry["status"] == "no_data"
    assert comparator(entry, "target")["value"] == 100
    assert entry["explanation"] == (
        "No data: no value has been entered for the autumn term of 2022/23."
    )


def test_every_indicator_is_listed_with_its_outcomes(app):
    found = indicators(app, "--year", "2020/21")
    assert len(found) == 33
    assert found["overall-absence"]["outcomes"] == ["P1/7", "P2/5", "P3/8", "P4/3", "P5/3"]
    assert all(entry["outcomes"] for entry in found.values())


def test_table_format_for_people(app):
    result = run(app, "indicators", "--year", "2020/21", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "overall-absence: Overall absence rate, all pupils" in result.output
    assert "  Amber    value 4.57% (published)" in result.output
    assert "South West: 4.57%" in result.output


def test_a_bad_year_is_a_clear_error(app):
    result = run(app, "indicators", "--year", "2020-21")
    assert result.exit_code != 0
    assert "The academic year must be written like 2020/21" in result.output


SUMMARIES = SUMMARIES_HEADER + (
    # P1 (Year 3, FSM): 20 of 100 sessions missed.
    "2022/23,autumn,P1,100001,100,80,0,15,5\n"
    # P2 is in Reception: not measured.
    "2022/23,autumn,P2,100001,100,50,0,50,0\n"
    # P3 (Year 11, EHC plan): 5 of 100 missed.
    "2022/23,autumn,P3,100002,100,95,0,5,0\n"
    # P4 (Year 9, FSM), dual registered: 0 of 50 and 10 of 50 missed.
    "2022/23,autumn,P4,100002,50,50,0,0,0\n"
    "2022/23,autumn,P4,100003,50,40,0,10,0\n"
)


@pytest.fixture
def pupil_data(app, tmp_path):
    for kind, text in (("schools", SCHOOLS), ("pupils", PUPILS), ("summaries", SUMMARIES)):
        result = run(app, "import-data", kind, write(tmp_path, f"{kind}.csv", text))
        assert result.exit_code == 0, result.output
    return app


def test_pupil_level_data_is_computed_for_the_cohort(pupil_data):
    found = indicators(pupil_data, "--year", "2022/23", "--term", "autumn")
    overall = found["overall-absence"]
    # 20 + 5 + 0 + 10 absent of 300 possible sessions.
    assert overall["value"] == pytest.approx(35 / 300 * 100)
    assert overall["source"] == "computed"
    assert comparator(overall, "national")["period"] == "2022/23 full year"
    # FSM: P1 (20 of 100) and P4 at each school: 3 enrolments, 2 missing 10% or more.
    assert found["fsm-persistent-absence"]["value"] == pytest.approx(2 / 3 * 100)
    assert found["ehcp-absence"]["value"] == pytest.approx(5.0)
    # P4 is looked after: children in need include looked-after children.
    assert found["children-in-need-absence"]["value"] == pytest.approx(10.0)


def test_a_cohort_with_nobody_in_the_data_has_no_value(pupil_data):
    found = indicators(pupil_data, "--year", "2022/23", "--term", "autumn")
    entry = found["child-protection-absence"]
    assert (entry["value"], entry["status"]) == (None, "no_data")
    assert entry["explanation"].startswith(
        "No data: no pupils of this group are in the 2022/23 data."
    )
