"""`flask metrics` and `compute_metrics`: the DfE measures from imported data, for any period,
grouping and filter."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from tests.integration.attendance_files import (
    MARKS_HEADER,
    PUPILS,
    SCHOOLS,
    marks,
    school_days,
    write,
)
from tracker.data.attendance_metrics import compute_metrics, data_sources, has_pupil_data

WEEK_1 = school_days(date(2022, 9, 5), date(2022, 9, 9))
# Summer 2022/23: half-term holiday from 29 May 2023.
BEFORE_HALF_TERM = school_days(date(2023, 5, 22), date(2023, 5, 26))
AFTER_HALF_TERM = school_days(date(2023, 6, 5), date(2023, 6, 9))

ROW_FIELDS = {
    "group",
    "enrolments",
    "sessions_possible",
    "sessions_absent",
    "sessions_authorised",
    "sessions_unauthorised",
    "overall_absence_rate",
    "authorised_absence_rate",
    "unauthorised_absence_rate",
    "persistent_absentees",
    "persistent_absence_rate",
    "severe_absentees",
    "severe_absence_rate",
}


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


@pytest.fixture
def loaded(app, tmp_path):
    register = MARKS_HEADER + "".join(
        [
            # Year 3: exactly 1 in 10 sessions missed, a persistent absentee.
            marks("P1", "100001", WEEK_1, ["/", "/", "/", "/", "/", "/", "/", "/", "/", "E"]),
            # Reception: not of compulsory school age, not measured.
            marks("P2", "100001", WEEK_1, "N"),
            # Year 9, dual registered: half missed at one school, none at the other.
            marks("P4", "100002", WEEK_1, "/O"),
            marks("P4", "100003", WEEK_1, "/"),
            # Year 11: present before the summer half-term, absent after it.
            marks("P3", "100002", BEFORE_HALF_TERM, "/"),
            marks("P3", "100002", AFTER_HALF_TERM, "U"),
        ]
    )
    for kind, text in (("schools", SCHOOLS), ("pupils", PUPILS), ("marks", register)):
        result = run(app, "import-data", kind, write(tmp_path, f"{kind}.csv", text))
        assert result.exit_code == 0, result.output
    return app


def metrics(app, *args):
    result = run(app, "metrics", "--year", "2022/23", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_year_to_date_as_json(loaded):
    result = metrics(loaded)
    assert (result["year"], result["period"]) == ("2022/23", "year")
    (row,) = result["rows"]
    assert set(row) >= ROW_FIELDS
    assert row["group"] == {}
    # P1 (10 sessions), P4 twice (10 each), P3 before half-term only (10).
    assert row["enrolments"] == 4
    assert row["sessions_possible"] == 40
    assert row["sessions_absent"] == 6
    assert row["sessions_authorised"] == 1
    assert row["sessions_unauthorised"] == 5
    assert row["overall_absence_rate"] == 15.0
    assert row["authorised_absence_rate"] == 2.5
    assert row["unauthorised_absence_rate"] == 12.5
    assert row["persistent_absentees"] == 2
    assert row["persistent_absence_rate"] == 50.0
    assert row["severe_absentees"] == 1
    assert row["severe_absence_rate"] == 25.0
    assert row["attendance_rate"] == 85.0
    assert result["sources"] == ["marks"]


def test_a_dually_registered_pupil_counts_at_each_school(loaded):
    rows = metrics(loaded, "--by", "school", "--where", "year_group=9")["rows"]
    assert [(r["group"], r["enrolments"], r["severe_absentees"]) for r in rows] == [
        ({"school": "100002"}, 1, 1),
        ({"school": "100003"}, 1, 0),
    ]


def test_year_11_after_the_summer_half_term_is_left_out(loaded):
    (row,) = metrics(loaded, "--term", "summer")["rows"]
    assert (row["enrolments"], row["sessions_possible"], row["sessions_absent"]) == (1, 10, 0)
    assert metrics(loaded, "--week-ending", "2023-06-09")["rows"] == []


def test_a_term_and_a_week(loaded):
    (autumn,) = metrics(loaded, "--term", "autumn")["rows"]
    assert autumn["enrolments"] == 3
    week = metrics(loaded, "--week-ending", "2022-09-09")
    assert (week["period"], week["from"]) == ("week", "2022-09-05")
    assert week["rows"][0]["enrolments"] == 3
    assert metrics(loaded, "--term", "spring")["rows"] == []


def test_grouping_by_several_dimensions(loaded):
    rows = metrics(loaded, "--by", "locality", "--by", "fsm")["rows"]
    assert [(r["group"], r["enrolments"]) for r in rows] == [
        ({"locality": "Chesil", "fsm": "N"}, 1),
        ({"locality": "Chesil", "fsm": "Y"}, 1),
        ({"locality": "North", "fsm": "Y"}, 1),
        ({"locality": "Purbeck", "fsm": "Y"}, 1),
    ]
    rows = metrics(loaded, "--by", "phase", "--where", "social_care=CLA", "--where", "sex=F")[
        "rows"
    ]
    assert [(r["group"]["phase"], r["enrolments"]) for r in rows] == [
        ("secondary", 1),
        ("special", 1),
    ]


def test_csv_output(loaded):
    result = run(loaded, "metrics", "--year", "2022/23", "--by", "sex", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["sex"], r["enrolments"], r["period"]) for r in rows] == [
        ("F", "3", "year"),
        ("M", "1", "year"),
    ]
    assert float(rows[0]["overall_absence_rate"]) == 20.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "colour"], "Cannot group by colour"),
        (["--where", "fsm=maybe"], "fsm cannot be MAYBE"),
        (["--where", "fsm"], "should be DIMENSION=VALUE"),
        (["--term", "autumn", "--week-ending", "2022-09-09"], "not both"),
        (["--week-ending", "2021-09-09"], "That week is not in 2022/23"),
    ],
)
def test_bad_options_are_explained(loaded, args, message):
    result = run(loaded, "metrics", "--year", "2022/23", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_bad_year_is_explained(app):
    result = run(app, "metrics", "--year", "2022-23")
    assert result.exit_code == 2
    assert "written like 2022/23" in result.output


def test_whether_pupil_data_exists(loaded):
    assert has_pupil_data(academic_year="2022/23")
    assert not has_pupil_data(academic_year="2021/22")
    assert data_sources(academic_year="2022/23") == ["marks"]
    assert compute_metrics(academic_year="2021/22")["rows"] == []


def test_new_imports_show_at_once(loaded, tmp_path):
    assert compute_metrics(academic_year="2022/23")["rows"][0]["sessions_absent"] == 6
    text = MARKS_HEADER + marks("P1", "100001", WEEK_1, "/")
    assert run(loaded, "import-data", "marks", write(tmp_path, "again.csv", text)).exit_code == 0
    assert compute_metrics(academic_year="2022/23")["rows"][0]["sessions_absent"] == 5


def test_measured_totals_are_stored_and_a_new_import_measures_afresh(loaded, tmp_path):
    from pathlib import Path

    from flask import current_app

    from tracker.data.attendance_metrics import forget_cached_metrics

    first = compute_metrics(academic_year="2022/23")
    store = Path(current_app.instance_path) / "metrics-cache"
    assert list(store.glob("*.parquet"))
    # A new process keeps nothing in memory: the stored totals give the same figures.
    forget_cached_metrics(stored=False)
    assert compute_metrics(academic_year="2022/23") == first
    # Another week of registers changes the import log, so nothing stored is reused.
    more = MARKS_HEADER + marks(
        "P1", "100001", school_days(date(2022, 9, 12), date(2022, 9, 16)), "N"
    )
    result = run(loaded, "import-data", "marks", write(tmp_path, "more.csv", more))
    assert result.exit_code == 0, result.output
    forget_cached_metrics(stored=False)
    after = compute_metrics(academic_year="2022/23")
    assert after["rows"][0]["sessions_absent"] > first["rows"][0]["sessions_absent"]
