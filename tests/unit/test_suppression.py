"""Small-number suppression: counts of 1 to 4 pupils, and the figures that give them away,
are hidden, and one more cell wherever a single hidden one could be worked out."""

from __future__ import annotations

from tracker.domain.attendance_metrics import measures_row
from tracker.domain.suppression import (
    cohort_figure_suppressed,
    is_small,
    suppress_rows,
)


def row(group: dict, enrolments: int, persistent: int = 0, severe: int = 0) -> dict:
    possible = enrolments * 100
    absent = persistent * 20
    return measures_row(
        group,
        {
            "enrolments": enrolments,
            "possible": possible,
            "present": possible - absent,
            "aea": 0,
            "authorised": absent,
            "unauthorised": 0,
            "persistent": persistent,
            "severe": severe,
        },
    )


def hidden(rows) -> list[tuple[str, ...]]:
    return [r["suppressed"] for r in rows]


def test_one_to_four_is_small_and_zero_is_not():
    assert [is_small(n) for n in (0, 1, 4, 5, None)] == [False, True, True, False, False]


def test_a_group_under_five_pupils_shows_no_figure():
    rows = suppress_rows([row({"phase": "special"}, 3, 1)])
    assert rows[0]["enrolments"] is None
    assert rows[0]["overall_absence_rate"] is None
    assert rows[0]["attendance_rate"] is None
    assert rows[0]["persistent_absentees"] is None
    assert "overall_absence_rate" in rows[0]["suppressed"]


def test_a_large_group_hides_a_small_count_of_absentees_and_its_rate_only():
    (found,) = suppress_rows([row({}, 40, persistent=3, severe=0)])
    assert found["enrolments"] == 40
    assert found["overall_absence_rate"] is not None
    assert found["persistent_absentees"] is None and found["persistent_absence_rate"] is None
    # Zero describes no child, so it is shown.
    assert found["severe_absentees"] == 0 and found["severe_absence_rate"] == 0.0
    assert set(found["suppressed"]) == {"persistent_absentees", "persistent_absence_rate"}


def test_nothing_is_hidden_when_every_count_is_five_or_more():
    rows = [row({"sex": "F"}, 20, 5, 0), row({"sex": "M"}, 30, 6, 0)]
    assert hidden(suppress_rows(rows, by=("sex",))) == [(), ()]
    # The rows given are not changed.
    assert "suppressed" not in rows[0]


def test_a_single_hidden_cell_takes_the_next_smallest_with_it():
    rows = [
        row({"phase": "primary"}, 100, 10),
        row({"phase": "secondary"}, 60, 8),
        row({"phase": "special"}, 3),
        row({"phase": "first"}, 20, 6),
    ]
    found = suppress_rows(rows, by=("phase",))
    enrolments = [r["enrolments"] for r in found]
    # Special is hidden; first (the next smallest) is hidden too, so the total less the
    # others gives only the two together.
    assert enrolments == [100, 60, None, None]
    assert found[3]["overall_absence_rate"] is None


def test_two_hidden_cells_need_no_more():
    rows = [
        row({"phase": "primary"}, 100, 10),
        row({"phase": "special"}, 3),
        row({"phase": "x"}, 2),
    ]
    assert [r["enrolments"] for r in suppress_rows(rows, by=("phase",))] == [100, None, None]


def test_secondary_suppression_applies_to_counts_of_absentees_too():
    rows = [
        row({"locality": "North"}, 50, 12),
        row({"locality": "West"}, 50, 2),
        row({"locality": "East"}, 50, 9),
    ]
    found = suppress_rows(rows, by=("locality",))
    assert [r["persistent_absentees"] for r in found] == [12, None, None]
    assert [r["enrolments"] for r in found] == [50, 50, 50]


def test_a_two_way_breakdown_is_protected_along_both_dimensions():
    rows = [
        row({"phase": "primary", "sex": "F"}, 3),
        row({"phase": "primary", "sex": "M"}, 40),
        row({"phase": "secondary", "sex": "F"}, 30),
        row({"phase": "secondary", "sex": "M"}, 35),
    ]
    found = suppress_rows(rows, by=("phase", "sex"))
    # Each line (a phase, or a sex) holds two hidden cells or none.
    assert [r["enrolments"] for r in found] == [None, None, None, None]


def test_an_overall_row_is_only_hidden_when_it_is_small_itself():
    assert hidden(suppress_rows([row({}, 6, 5)])) == [()]
    assert cohort_figure_suppressed(row({}, 12, 2), "persistent_absence_rate")
    assert not cohort_figure_suppressed(row({}, 12, 2), "overall_absence_rate")
    assert cohort_figure_suppressed(row({}, 4, 0), "overall_absence_rate")
    assert not cohort_figure_suppressed(None, "overall_absence_rate")
