"""Which academic years of pupil-level data the retention setting has expired.

An academic year runs from 1 August to 31 July, as the attendance measures
count it. With a retention of N years, the current academic year and the N
before it are kept; anything older is due for deletion.
"""

from __future__ import annotations

from datetime import date

YEAR_STARTS_MONTH = 8


def academic_year_of(day: date) -> str:
    """The academic year a day falls in, written like 2022/23."""
    start = day.year if day.month >= YEAR_STARTS_MONTH else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def first_kept_year(*, today: date, retention_years: int) -> str:
    """The oldest academic year still kept on ``today``; every earlier year has expired."""
    if retention_years < 1:
        raise ValueError("The retention period must be at least one year")
    current_start = int(academic_year_of(today)[:4])
    start = current_start - retention_years
    return f"{start}/{(start + 1) % 100:02d}"


def is_expired(academic_year: str, *, first_kept: str) -> bool:
    # Years are written with four-digit starts, so they sort as text.
    return academic_year < first_kept


def first_kept_day(first_kept: str) -> date:
    """The day the oldest kept academic year began: data from before it has all expired."""
    return date(int(first_kept[:4]), YEAR_STARTS_MONTH, 1)
