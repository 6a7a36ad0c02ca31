"""Synthetic registers for a synthetic population: weekly totals directly, or every mark.

Weekly totals are what the demo stores: drawing them straight from each
pupil's rate skips the 70 million marks four years would need. Marks are
written only for the import benchmark and for trying the importer. Both are
drawn the same way: a pupil's rate varies from week to week (illness comes
and goes) around the rate they were drawn to have.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa

from tracker.domain.attendance_metrics import monday_of

# Codes drawn within each class; every one is valid before and after August 2024.
PRESENT_CODES = ("/", "\\", "L")
AEA_CODES = ("B", "V", "P", "W")
AUTHORISED_CODES = ("I", "M", "C", "E", "R", "T")
UNAUTHORISED_CODES = ("O", "G", "N", "U")
CODES = (*PRESENT_CODES, *AEA_CODES, *AUTHORISED_CODES, *UNAUTHORISED_CODES)
AEA_SHARE = 0.006
WEEKLY_VARIATION = 2.0  # gamma shape: lower means more week-to-week variation


@dataclass(frozen=True)
class TermDates:
    academic_year: str
    name: str
    start: date
    end: date
    half_term_start: date
    half_term_end: date


def school_days(terms: Sequence[TermDates], *, until: date | None = None) -> list[date]:
    """Weekdays in term and outside half-term, up to ``until`` if given."""
    days = []
    for term in terms:
        day = term.start
        while day <= term.end and (until is None or day <= until):
            in_half_term = term.half_term_start <= day <= term.half_term_end
            if day.weekday() < 5 and not in_half_term:
                days.append(day)
            day += timedelta(days=1)
    return days


def default_terms(academic_year: str) -> list[TermDates]:
    """A typical English school year, for when no term dates are set up."""
    start = int(academic_year[:4])

    def monday_after(day: date) -> date:
        return day + timedelta(days=(7 - day.weekday()) % 7)

    autumn = monday_after(date(start, 9, 1))
    spring = monday_after(date(start + 1, 1, 2))
    summer = monday_after(date(start + 1, 4, 14))
    return [
        TermDates(
            academic_year,
            "autumn",
            autumn,
            date(start, 12, 19),
            autumn + timedelta(weeks=7),
            autumn + timedelta(weeks=7, days=4),
        ),
        TermDates(
            academic_year,
            "spring",
            spring,
            date(start + 1, 3, 29),
            spring + timedelta(weeks=6),
            spring + timedelta(weeks=6, days=4),
        ),
        TermDates(
            academic_year,
            "summer",
            summer,
            date(start + 1, 7, 20),
            monday_of(date(start + 1, 5, 31)),
            monday_of(date(start + 1, 5, 31)) + timedelta(days=4),
        ),
    ]


def _rng(academic_year: str, purpose: int) -> np.random.Generator:
    return np.random.default_rng([20220901, int(academic_year[:4]), purpose])


@dataclass
class Register:
    """Every session of the year for every enrolment, as boolean matrices (enrolment x session)."""

    days: list[date]
    absent: np.ndarray
    authorised: np.ndarray
    aea: np.ndarray

    @property
    def week_starts(self) -> list[date]:
        return sorted({monday_of(day) for day in self.days})

    def week_bounds(self) -> list[tuple[date, int, int]]:
        """(week start, first session column, column after the last) for each week."""
        bounds = []
        first = 0
        weeks = [monday_of(day) for day in self.days]
        for position in range(1, len(weeks) + 1):
            if position == len(weeks) or weeks[position] != weeks[first]:
                bounds.append((weeks[first], first * 2, position * 2))
                first = position
        return bounds


def draw_register(pupils: pd.DataFrame, days: Sequence[date], *, academic_year: str) -> Register:
    """Which sessions each enrolment misses.

    Each enrolment misses exactly its rate of the sessions (rounded), so it
    stays in the absence band it was drawn from; which sessions is weighted
    by a week-to-week variation, so absence comes in spells as illness does.
    """
    rng = _rng(academic_year, 2)
    days = list(days)
    count, slots = len(pupils), len(days) * 2
    rate = pupils["absence_rate"].to_numpy()
    share = pupils["authorised_share"].to_numpy()
    week_of_slot = np.repeat(_week_numbers(days), 2)
    n_weeks = int(week_of_slot.max(initial=-1)) + 1
    variation = rng.gamma(WEEKLY_VARIATION, 1 / WEEKLY_VARIATION, size=(count, max(n_weeks, 1)))
    keys = rng.exponential(size=(count, slots)) / variation[:, week_of_slot]
    missed = np.rint(rate * slots).astype(np.int64)
    if slots:
        threshold = np.take_along_axis(
            np.sort(keys, axis=1), np.clip(missed - 1, 0, slots - 1)[:, None], axis=1
        )
        absent = (keys <= threshold) & (missed > 0)[:, None]
    else:
        absent = np.zeros((count, 0), dtype=bool)
    del keys
    authorised = absent & (rng.random((count, slots)) < share[:, None])
    aea = ~absent & (rng.random((count, slots)) < AEA_SHARE)
    return Register(days, absent, authorised, aea)


def _week_numbers(days: Sequence[date]) -> np.ndarray:
    weeks = [monday_of(day) for day in days]
    index = {week: n for n, week in enumerate(sorted(set(weeks)))}
    return np.array([index[week] for week in weeks], dtype=np.int64)


TOTAL_COLUMNS = [
    "enrolment",
    "week_start",
    "possible",
    "present",
    "aea",
    "authorised",
    "unauthorised",
]


def weekly_totals(register: Register) -> pd.DataFrame:
    """Per enrolment per week: enrolment (row position in the pupils), week_start and totals."""
    frames = []
    count = register.absent.shape[0]
    for week_start, first, after in register.week_bounds():
        possible = after - first
        absent = register.absent[:, first:after].sum(axis=1)
        authorised = register.authorised[:, first:after].sum(axis=1)
        aea = register.aea[:, first:after].sum(axis=1)
        frames.append(
            pd.DataFrame(
                {
                    "enrolment": np.arange(count),
                    "week_start": week_start,
                    "possible": possible,
                    "present": possible - absent - aea,
                    "aea": aea,
                    "authorised": authorised,
                    "unauthorised": absent - authorised,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=TOTAL_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def mark_batches(pupils: pd.DataFrame, register: Register) -> Iterator[pa.Table]:
    """Every mark, a week at a time, as tables of pupil_id, urn, date, session, code."""
    rng = _rng(register.days[0].isoformat()[:4] if register.days else "0000", 3)
    pupil_ids = pa.array(pupils["pupil_id"].to_numpy(dtype=str))
    urn_values, urn_index = np.unique(pupils["urn"].to_numpy(dtype=str), return_inverse=True)
    urns = pa.array(urn_values)
    sessions = pa.array(["AM", "PM"])
    codes = pa.array(list(CODES))
    count = len(pupils)
    for _week, first, after in register.week_bounds():
        slots = after - first
        code = _codes_for(
            rng,
            register.absent[:, first:after],
            register.authorised[:, first:after],
            register.aea[:, first:after],
        )
        pupil_index = np.repeat(np.arange(count, dtype=np.int32), slots)
        slot = np.tile(np.arange(slots, dtype=np.int32), count)
        dates = pa.array([day.isoformat() for day in register.days[first // 2 : after // 2]])
        yield pa.table(
            {
                "pupil_id": pa.DictionaryArray.from_arrays(pupil_index, pupil_ids),
                "urn": pa.DictionaryArray.from_arrays(
                    urn_index.astype(np.int32)[pupil_index], urns
                ),
                "date": pa.DictionaryArray.from_arrays(slot // 2, dates),
                "session": pa.DictionaryArray.from_arrays(slot % 2, sessions),
                "code": pa.DictionaryArray.from_arrays(code.ravel(), codes),
            }
        )


def _codes_for(
    rng: np.random.Generator, absent: np.ndarray, authorised: np.ndarray, aea: np.ndarray
) -> np.ndarray:
    """A code index per session, consistent with the drawn classes."""
    pick = rng.random(absent.shape)
    base_aea = len(PRESENT_CODES)
    base_authorised = base_aea + len(AEA_CODES)
    base_unauthorised = base_authorised + len(AUTHORISED_CODES)
    session_of_day = np.arange(absent.shape[1]) % 2
    # "/" in the morning, "\" in the afternoon; a few late arrivals.
    present = np.where(pick < 0.03, 2, session_of_day)
    code = np.select(
        [authorised, absent, aea],
        [
            base_authorised + _weighted(pick, (0.7, 0.12, 0.06, 0.05, 0.04, 0.03)),
            base_unauthorised + _weighted(pick, (0.75, 0.1, 0.1, 0.05)),
            base_aea + _weighted(pick, (0.5, 0.2, 0.2, 0.1)),
        ],
        present,
    )
    return code.astype(np.int32)


def _weighted(pick: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    edges = np.cumsum(weights) / sum(weights)
    return np.minimum(np.searchsorted(edges, pick, side="right"), len(weights) - 1)
