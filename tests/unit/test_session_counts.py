"""A term's session count in a summaries file: a plain whole number, and a believable one."""

from __future__ import annotations

import pytest

from tracker.domain.attendance_import import MAX_TERM_SESSIONS, count_problem


@pytest.mark.parametrize("value", ["0", "148", str(MAX_TERM_SESSIONS)])
def test_whole_numbers_up_to_the_limit_are_accepted(value):
    assert count_problem(value) is None


@pytest.mark.parametrize("value", ["", "-1", "1.5", "²", "١٢"])
def test_anything_but_plain_digits_is_refused(value):
    assert count_problem(value) == "must be a whole number of sessions, 0 or more"


@pytest.mark.parametrize("value", [str(MAX_TERM_SESSIONS + 1), "9" * 30])
def test_a_count_no_term_could_hold_is_refused_rather_than_overflowing(value):
    assert "sessions or fewer" in count_problem(value)
