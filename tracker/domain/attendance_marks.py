"""Checking a register file and adding its marks up to weekly totals per enrolment.

A row is one pupil's mark for one session: ``pupil_id,urn,date,session,code``.
Everything runs on integer codes into each column's distinct values (see
``import_files``), so 19 million marks are checked and summed in seconds.

The academic year of a mark runs from 1 August to 31 July; a mark belongs
to the pupil's enrolment at that URN in that academic year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from tracker.domain.attendance_codes import (
    CODES_2024,
    CODES_BEFORE_2024,
    NEW_CODES_FROM,
    WITHDRAWN_CODES,
    CodeClass,
    normalise_code,
)
from tracker.domain.attendance_import import EnrolmentFinder, pupil_id_problem, required
from tracker.domain.import_files import Problems, Table, one_code_per_value

MARK_COLUMNS = ("pupil_id", "urn", "date", "session", "code")
SESSIONS = {"AM": 0, "PM": 1}
_COUNTED = [CodeClass.PRESENT, CodeClass.AEA, CodeClass.AUTHORISED, CodeClass.UNAUTHORISED]
TOTAL_COLUMNS = ("possible", "present", "aea", "authorised", "unauthorised")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class WeeklyTotals:
    """Totals per enrolment per week, and for each school the weeks the file covers."""

    frame: pd.DataFrame
    covered: pd.DataFrame
    marks: int
    academic_years: list[str]


def parse_date(value: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def academic_year_of(day: date) -> str:
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def parse_marks(table: Table, *, find_enrolments: EnrolmentFinder) -> WeeklyTotals:
    problems = Problems(table.lines, MARK_COLUMNS)
    dates = [parse_date(value) for value in table["date"].values]
    date_ok = np.array([day is not None for day in dates], dtype=bool)
    problems.flag_by_code(
        "date",
        table["date"].codes,
        np.array(
            [None if ok else "the date must be written like 2023-09-04" for ok in date_ok],
            dtype=object,
        ),
    )
    row_date_ok = date_ok[table["date"].codes]
    session = _session_codes(table, problems)
    classes = _code_classes(table, dates, row_date_ok, problems)
    bad_id = problems.flag_values("pupil_id", table["pupil_id"], pupil_id_problem)
    problems.flag_values("urn", table["urn"], required)

    years = sorted({academic_year_of(day) for day in dates if day is not None})
    combo, combo_frame = _enrolment_combos(table, dates, years)
    enrolments = find_enrolments(years)
    combo_frame = combo_frame.merge(
        enrolments[["academic_year", "pupil_id", "urn", "enrolment_id", "school_id"]],
        how="left",
        on=["academic_year", "pupil_id", "urn"],
        validate="one_to_one",
    )
    # A blank or identifying ID has its own problem; "not enrolled" would only repeat it.
    identified = ~bad_id & row_date_ok
    enrolled = combo_frame["enrolment_id"].notna().to_numpy()
    problems.flag(
        identified & ~enrolled[combo],
        "pupil_id",
        "this pupil has no enrolment at this URN in the academic year of the date: "
        "import the pupils file first",
    )
    # "2022-09-05" and "05/09/2022" are one session day, for repeats and weekly sums.
    day_codes, days = one_code_per_value(table["date"].codes, dates)
    _flag_repeated_sessions(problems, combo, day_codes, session, row_date_ok)
    if len(table) == 0:
        problems.file_problem("the file has a header but no rows")
    problems.raise_if_any()

    return _weekly_totals(
        combo=combo,
        combo_frame=combo_frame,
        date_codes=day_codes,
        dates=days,
        classes=classes,
        years=years,
    )


def _session_codes(table: Table, problems: Problems) -> np.ndarray:
    column = table["session"]
    problems.flag_values(
        "session",
        column,
        lambda value: None if value.upper() in SESSIONS else "the session must be AM or PM",
    )
    lookup = np.array([SESSIONS.get(value.upper(), 0) for value in column.values], dtype=np.int8)
    return lookup[column.codes]


def _code_classes(
    table: Table, dates: Sequence[date | None], row_date_ok: np.ndarray, problems: Problems
) -> np.ndarray:
    """Each row's code class (see ``CodeClass``), given the code set in force on its date."""
    column = table["code"]
    codes = [normalise_code(value) for value in column.values]
    old = np.array([CODES_BEFORE_2024.get(code, -1) for code in codes], dtype=np.int8)
    new = np.array([CODES_2024.get(code, -1) for code in codes], dtype=np.int8)
    before_change = np.array(
        [day is not None and day < NEW_CODES_FROM for day in dates], dtype=bool
    )[table["date"].codes]
    row_class = np.where(before_change, old[column.codes], new[column.codes])
    # Codes are checked on rows with a good date; a bad date is already reported.
    messages = np.array([_code_message(code) for code in codes], dtype=object)
    unknown = (row_class < 0) & row_date_ok
    positions = np.flatnonzero(unknown)
    if len(positions):
        _flag_positions(problems, positions, "code", messages[column.codes[positions]])
    return row_class


def _code_message(code: str) -> str:
    if code in WITHDRAWN_CODES:
        return f"code {code} was withdrawn on 19 August 2024 and cannot be used after that date"
    if code == "":
        return "the code is blank"
    return f"{code!r} is not a register code"


def _flag_positions(
    problems: Problems, positions: np.ndarray, column: str, messages: np.ndarray
) -> None:
    distinct, inverse = np.unique(messages.astype(str), return_inverse=True)
    for index, message in enumerate(distinct):
        problems.flag(positions[inverse == index], column, str(message))


def _enrolment_combos(
    table: Table, dates: Sequence[date | None], years: list[str]
) -> tuple[np.ndarray, pd.DataFrame]:
    """Number each distinct (pupil, URN, academic year) and return the row's number."""
    year_index = {year: n for n, year in enumerate(years)}
    year_of_date = np.array(
        [year_index[academic_year_of(day)] if day is not None else 0 for day in dates],
        dtype=np.int64,
    )
    pupils, urns = table["pupil_id"], table["urn"]
    n_urns, n_years = len(urns.values), max(len(years), 1)
    key = (pupils.codes.astype(np.int64) * n_urns + urns.codes) * n_years + year_of_date[
        table["date"].codes
    ]
    combo, unique_keys = pd.factorize(key)
    year_part = unique_keys % n_years
    pair = unique_keys // n_years
    frame = pd.DataFrame(
        {
            "academic_year": np.array(years or [""], dtype=object)[year_part],
            "pupil_id": pupils.values[pair // n_urns],
            "urn": urns.values[pair % n_urns],
        }
    )
    return combo.astype(np.int64), frame


def _flag_repeated_sessions(
    problems: Problems,
    combo: np.ndarray,
    date_codes: np.ndarray,
    session: np.ndarray,
    row_date_ok: np.ndarray,
) -> None:
    key = (combo * (int(date_codes.max(initial=0)) + 1) + date_codes) * 2 + session
    size = int(key.max(initial=0)) + 1
    if size <= 4 * len(key) + 1024:
        # Counting is much faster than hashing; only keys seen twice need a closer look.
        seen_twice = (np.bincount(key, minlength=size) > 1)[key]
        repeated = np.zeros(len(key), dtype=bool)
        candidates = np.flatnonzero(seen_twice)
        repeated[candidates] = pd.Series(key[candidates]).duplicated(keep="first").to_numpy()
    else:
        repeated = pd.Series(key).duplicated(keep="first").to_numpy()
    repeated &= row_date_ok
    problems.flag(
        repeated,
        "session",
        "this pupil already has a mark for this session at this school in the file",
    )


def _weekly_totals(
    *,
    combo: np.ndarray,
    combo_frame: pd.DataFrame,
    date_codes: np.ndarray,
    dates: Sequence[date | None],
    classes: np.ndarray,
    years: list[str],
) -> WeeklyTotals:
    known = [day for day in dates if day is not None]
    first_monday = min(known) - timedelta(days=min(known).weekday())
    week_of_date = np.array(
        [((day - first_monday).days // 7) if day is not None else 0 for day in dates],
        dtype=np.int64,
    )
    n_weeks = int(week_of_date.max()) + 1
    pair, pair_keys = pd.factorize(combo * n_weeks + week_of_date[date_codes])
    counts = np.bincount(pair.astype(np.int64) * 5 + classes, minlength=len(pair_keys) * 5).reshape(
        -1, 5
    )
    pair_combo = pair_keys // n_weeks
    pair_week = pair_keys % n_weeks
    counted = counts[:, [int(cls) for cls in _COUNTED]]
    possible = counted.sum(axis=1)
    week_start = np.datetime64(first_monday, "D") + (pair_week * 7).astype("timedelta64[D]")
    enrolment_ids = combo_frame["enrolment_id"].to_numpy().astype(np.int64)
    school_ids = combo_frame["school_id"].to_numpy().astype(np.int64)
    covered = (
        pd.DataFrame({"school_id": school_ids[pair_combo], "week_start": week_start})
        .groupby("school_id")["week_start"]
        .agg(first_week="min", last_week="max")
        .reset_index()
    )
    keep = possible > 0
    frame = pd.DataFrame(
        {
            "enrolment_id": enrolment_ids[pair_combo[keep]],
            "week_start": week_start[keep],
            "possible": possible[keep],
            "present": counted[keep, 0],
            "aea": counted[keep, 1],
            "authorised": counted[keep, 2],
            "unauthorised": counted[keep, 3],
        }
    )
    return WeeklyTotals(frame, covered, marks=len(combo), academic_years=years)
