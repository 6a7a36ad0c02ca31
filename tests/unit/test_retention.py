"""The retention setting keeps the current academic year and the N before it."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.retention import academic_year_of, first_kept_year, is_expired


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 7, 31), "2024/25"),
        (date(2025, 8, 1), "2025/26"),
        (date(2000, 1, 15), "1999/00"),
        (date(2099, 9, 1), "2099/00"),
    ],
)
def test_academic_year_starts_on_the_first_of_august(day, year):
    assert academic_year_of(day) == year


def test_six_years_keeps_the_current_year_and_six_before_it():
    first = first_kept_year(today=date(2025, 10, 1), retention_years=6)
    assert first == "2019/20"
    assert is_expired("2018/19", first_kept=first)
    assert not is_expired("2019/20", first_kept=first)
    assert not is_expired("2025/26", first_kept=first)


def test_one_year_keeps_last_year_until_august():
    assert first_kept_year(today=date(2025, 7, 31), retention_years=1) == "2023/24"
    assert first_kept_year(today=date(2025, 8, 1), retention_years=1) == "2024/25"


def test_retention_must_be_at_least_a_year():
    with pytest.raises(ValueError, match="at least one year"):
        first_kept_year(today=date(2025, 1, 1), retention_years=0)
