"""Text that would run as a formula in a spreadsheet is made plain text in CSV exports."""

from __future__ import annotations

import pytest

from tracker.domain.spreadsheet_text import csv_cell, guard_formula, unguard_formula

HOSTILE = ['=HYPERLINK("https://example.org","Click")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_would_run_gets_an_apostrophe_and_reads_back_unchanged(text):
    assert guard_formula(text) == "'" + text
    assert unguard_formula(guard_formula(text)) == text


@pytest.mark.parametrize("text", ["Plain words", "", "'quoted words'", "1 - 2", " =1"])
def test_other_text_is_left_alone(text):
    assert guard_formula(text) == text
    assert unguard_formula(text) == text


def test_numbers_stay_numbers_and_none_is_empty():
    assert csv_cell(-2) == -2
    assert csv_cell(-2.5) == -2.5
    assert csv_cell(None) == ""
    assert csv_cell("-2") == "'-2"
