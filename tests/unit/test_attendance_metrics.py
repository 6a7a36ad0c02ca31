"""The DfE measures at their edges: 10% and 50% exactly, dual registration, Year 11 summer,
zero-possible enrolments, compulsory school age, groupings and filters."""

from __future__ import annotations

from datetime import date
from itertools import count

import pandas as pd
import pytest

from tracker.domain.attendance_metrics import (
    ROW_FIGURES,
    group_measures,
    in_second_half_of_summer,
    is_persistent_absentee,
    is_severe_absentee,
    measured_enrolments,
    measures_row,
    validate_query,
)
from tracker.domain.errors import InvalidContent

_ids = count(1)

DEFAULTS = {
    "phase": "secondary",
    "year_group": 8,
    "sex": "F",
    "fsm": False,
    "sen": "N",
    "ethnicity": "WBRI",
    "social_care": "",
    "young_carer": False,
    "locality": "North",
    "school": "100001",
    "late_summer": False,
}


def row(*, possible, present=0, aea=0, authorised=0, unauthorised=0, enrolment_id=None, **dims):
    return {
        "enrolment_id": enrolment_id or next(_ids),
        **DEFAULTS,
        **dims,
        "possible": possible,
        "present": present,
        "aea": aea,
        "authorised": authorised,
        "unauthorised": unauthorised,
    }


def measures(*rows, by=(), where=None):
    return group_measures(measured_enrolments(pd.DataFrame(rows)), by=by, where=where)


def only(result):
    assert len(result) == 1
    return result[0]


def test_exactly_ten_percent_absent_is_persistent_and_just_under_is_not():
    result = only(
        measures(
            row(possible=100, present=90, authorised=6, unauthorised=4),
            row(possible=100, present=91, authorised=9),
            row(possible=30, present=27, unauthorised=3),
        )
    )
    assert result["persistent_absentees"] == 2
    assert result["persistent_absence_rate"] == pytest.approx(200 / 3)
    assert result["severe_absentees"] == 0


def test_exactly_fifty_percent_absent_is_severe_and_just_under_is_not():
    result = only(
        measures(
            row(possible=10, present=5, unauthorised=5),
            row(possible=11, present=6, unauthorised=5),
        )
    )
    assert result["severe_absentees"] == 1
    assert result["severe_absence_rate"] == 50
    assert result["persistent_absentees"] == 2


def test_rates_are_summed_over_enrolments_and_unrounded():
    result = only(
        measures(
            row(possible=300, present=290, authorised=7, unauthorised=3),
            row(possible=60, present=50, aea=4, authorised=2, unauthorised=4),
        )
    )
    assert result["enrolments"] == 2
    assert result["sessions_possible"] == 360
    assert result["sessions_absent"] == 16
    assert result["sessions_authorised"] == 9
    assert result["sessions_unauthorised"] == 7
    assert result["overall_absence_rate"] == 16 / 360 * 100
    assert result["authorised_absence_rate"] == 9 / 360 * 100
    assert result["unauthorised_absence_rate"] == 7 / 360 * 100
    assert result["attendance_rate"] == 344 / 360 * 100


def test_approved_educational_activity_counts_as_attendance_not_absence():
    result = only(measures(row(possible=10, present=2, aea=8)))
    assert result["sessions_absent"] == 0
    assert result["attendance_rate"] == 100
    assert result["persistent_absentees"] == 0


def test_a_dually_registered_pupil_counts_at_each_school():
    result = measures(
        row(possible=20, present=10, unauthorised=10, school="100001"),
        row(possible=20, present=20, school="100002"),
        by=["school"],
    )
    assert [(r["group"]["school"], r["enrolments"], r["severe_absentees"]) for r in result] == [
        ("100001", 1, 1),
        ("100002", 1, 0),
    ]
    assert (
        only(
            measures(
                row(possible=20, present=10, unauthorised=10, school="100001"),
                row(possible=20, present=20, school="100002"),
            )
        )["enrolments"]
        == 2
    )


def test_year_11_sessions_after_the_summer_half_term_are_left_out():
    year11 = next(_ids)
    year10 = next(_ids)
    result = only(
        measures(
            row(enrolment_id=year11, year_group=11, possible=100, present=95, authorised=5),
            row(enrolment_id=year11, year_group=11, possible=40, unauthorised=40, late_summer=True),
            row(enrolment_id=year10, year_group=10, possible=40, unauthorised=40, late_summer=True),
        )
    )
    assert result["enrolments"] == 2
    assert result["sessions_possible"] == 140
    assert result["sessions_absent"] == 45
    assert result["persistent_absentees"] == 1


def test_year_11_with_only_late_summer_sessions_is_not_measured():
    assert measures(row(year_group=11, possible=20, unauthorised=20, late_summer=True)) == []


def test_enrolments_with_no_possible_sessions_are_left_out():
    result = only(measures(row(possible=0), row(possible=10, present=10)))
    assert result["enrolments"] == 1


@pytest.mark.parametrize("year_group", [0, 12, 13, 14])
def test_only_years_1_to_11_are_measured(year_group):
    result = only(
        measures(
            row(possible=10, unauthorised=10, year_group=year_group),
            row(possible=10, present=10, year_group=1),
            row(possible=10, present=10, year_group=11),
        )
    )
    assert result["enrolments"] == 2
    assert result["sessions_absent"] == 0


def test_grouping_by_several_dimensions_with_a_filter():
    result = measures(
        row(possible=10, unauthorised=1, fsm=True, sex="F"),
        row(possible=10, unauthorised=2, fsm=True, sex="M"),
        row(possible=10, unauthorised=3, fsm=True, sex="M"),
        row(possible=10, unauthorised=5, fsm=False, sex="M"),
        row(possible=10, unauthorised=5, fsm=True, sex="M", sen="E"),
        by=["fsm", "sex"],
        where={"sen": "N"},
    )
    assert [(r["group"], r["enrolments"], r["sessions_absent"]) for r in result] == [
        ({"fsm": "N", "sex": "M"}, 1, 5),
        ({"fsm": "Y", "sex": "F"}, 1, 1),
        ({"fsm": "Y", "sex": "M"}, 2, 5),
    ]


def test_year_groups_are_ordered_by_number_and_reception_is_r():
    result = measures(
        row(possible=10, present=10, year_group=10),
        row(possible=10, present=10, year_group=2),
        by=["year_group"],
    )
    assert [r["group"]["year_group"] for r in result] == ["2", "10"]


def test_filters_accept_several_values_blank_social_care_and_other_spellings():
    rows = [
        row(possible=10, present=10, social_care=""),
        row(possible=10, present=10, social_care="CIN"),
        row(possible=10, present=10, social_care="CLA", year_group=7),
    ]
    assert only(measures(*rows, where={"social_care": ""}))["enrolments"] == 1
    assert only(measures(*rows, where={"social_care": ["CIN", "CLA"]}))["enrolments"] == 2
    assert only(measures(*rows, where={"year_group": "y7"}))["enrolments"] == 1
    assert measures(*rows, where={"school": "999999"}) == []


@pytest.mark.parametrize(
    ("by", "where", "field", "message"),
    [
        (["colour"], None, "by", "Cannot group by colour"),
        (["sex", "sex"], None, "by", "only once"),
        ((), {"colour": "red"}, "where", "Cannot filter on colour"),
        ((), {"fsm": "maybe"}, "where", "fsm cannot be MAYBE"),
        ((), {"year_group": "15"}, "where", "year_group cannot be 15"),
    ],
)
def test_bad_groupings_and_filters_are_explained(by, where, field, message):
    with pytest.raises(InvalidContent) as raised:
        validate_query(by=by, where=where)
    assert message in raised.value.problems[field]


def test_rules_for_single_enrolments():
    assert is_persistent_absentee(absent=1, possible=10)
    assert not is_persistent_absentee(absent=0, possible=0)
    assert is_severe_absentee(absent=5, possible=10)
    assert not is_severe_absentee(absent=4, possible=9)


def test_the_second_half_of_summer_starts_with_the_half_term_week():
    half_term = date(2023, 5, 29)
    assert in_second_half_of_summer(date(2023, 5, 29), summer_half_term_start=half_term)
    assert not in_second_half_of_summer(date(2023, 5, 22), summer_half_term_start=half_term)
    # A holiday starting on a Saturday still splits at the week that follows it.
    assert in_second_half_of_summer(date(2023, 5, 29), summer_half_term_start=date(2023, 5, 27))
    assert not in_second_half_of_summer(date(2023, 5, 22), summer_half_term_start=date(2023, 5, 27))


def test_a_measures_row_holds_exactly_the_listed_figures_in_order():
    sums = dict.fromkeys(
        ("enrolments", "possible", "authorised", "unauthorised", "present", "aea"), 10
    ) | {"persistent": 1, "severe": 0}
    assert tuple(measures_row({}, sums)) == ("group", *ROW_FIGURES)
