"""Checking school, pupil and summary files, and turning them into rows to store.

Each parser checks every row and every column before anything is returned,
so a file is refused with all its problems listed at once. Reference data
(localities, schools, enrolments, terms) comes in as plain mappings from the
data layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tracker.domain.attendance_metrics import monday_of
from tracker.domain.identifying_data import identifying_pupil_id_problem
from tracker.domain.import_files import Problems, Table
from tracker.domain.schools import SCHOOL_PHASES
from tracker.domain.terms import TERM_NAMES, is_academic_year

SCHOOL_COLUMNS = ("urn", "name", "phase", "locality")
PUPIL_COLUMNS = (
    "academic_year",
    "pupil_id",
    "urn",
    "year_group",
    "sex",
    "fsm",
    "sen",
    "ethnicity",
    "social_care",
    "young_carer",
)
SUMMARY_COLUMNS = (
    "academic_year",
    "term",
    "pupil_id",
    "urn",
    "sessions_possible",
    "sessions_present",
    "sessions_aea",
    "sessions_authorised",
    "sessions_unauthorised",
)
SUMMARY_SESSIONS = {
    "sessions_possible": "possible",
    "sessions_present": "present",
    "sessions_aea": "aea",
    "sessions_authorised": "authorised",
    "sessions_unauthorised": "unauthorised",
}

URN = re.compile(r"^\d{5,8}$")
ETHNICITY = re.compile(r"^[A-Z]{4}$")
PUPIL_ID_MAX = 64
YES_NO = {"Y": True, "YES": True, "N": False, "NO": False}
YEAR_GROUPS = {"R": 0, **{str(n): n for n in range(1, 15)}}

# Looks up enrolments for academic years; returns a frame of
# academic_year, pupil_id, urn, enrolment_id, school_id.
EnrolmentFinder = Callable[[Sequence[str]], pd.DataFrame]


# Checks on one value. Each returns a message, or None when the value is fine.


def required(value: str) -> str | None:
    return "this is blank" if value == "" else None


def urn_problem(value: str) -> str | None:
    return None if URN.match(value) else "the URN must be the school's 6-digit number"


def academic_year_problem(value: str) -> str | None:
    if is_academic_year(value):
        return None
    return "the academic year must be written like 2022/23"


def pupil_id_problem(value: str) -> str | None:
    """What is wrong with a pupil ID, in words that never repeat it."""
    if value == "":
        return "the pupil ID is blank"
    if len(value) > PUPIL_ID_MAX:
        return f"the pupil ID is longer than {PUPIL_ID_MAX} characters"
    return identifying_pupil_id_problem(value)


def one_of(allowed: Sequence[str], *, what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value.upper() in (option.upper() for option in allowed):
            return None
        shown = ", ".join(option or "blank" for option in allowed)
        return f"{what} must be one of {shown}" + (f", not {value!r}" if value else "")

    return check


def yes_no_problem(value: str) -> str | None:
    return None if value.upper() in YES_NO else "must be Y or N"


# A term has under 200 sessions (two a school day); a far larger count is a mistake, and
# one too large for a 64-bit number would otherwise stop the import with an overflow.
MAX_TERM_SESSIONS = 1000


def count_problem(value: str) -> str | None:
    # isascii: "²" and other Unicode digits pass isdigit but are not numbers int() reads.
    if not (value.isascii() and value.isdigit()):
        return "must be a whole number of sessions, 0 or more"
    if int(value) > MAX_TERM_SESSIONS:
        return f"must be {MAX_TERM_SESSIONS:,} sessions or fewer: a term has under 200"
    return None


def flag_duplicates(
    problems: Problems, keys: Sequence[np.ndarray], *, column: str, message: str
) -> np.ndarray:
    """Flag the second and later rows that repeat an earlier row's key."""
    duplicated = pd.DataFrame({str(n): key for n, key in enumerate(keys)}).duplicated().to_numpy()
    problems.flag(duplicated, column, message)
    return duplicated


# Schools


@dataclass(frozen=True)
class SchoolRow:
    urn: str
    name: str
    phase: str
    locality_id: int


def parse_schools(table: Table, *, localities: Mapping[str, int]) -> list[SchoolRow]:
    """``localities`` maps each locality's lower-case name and slug to its id."""
    problems = Problems(table.lines, SCHOOL_COLUMNS)
    problems.flag_values("urn", table["urn"], urn_problem)
    problems.flag_values("name", table["name"], _school_name_problem)
    problems.flag_values("phase", table["phase"], one_of(SCHOOL_PHASES, what="the phase"))
    problems.flag_values("locality", table["locality"], _locality_check(localities))
    flag_duplicates(
        problems, [table["urn"].strings()], column="urn", message="this URN is already in the file"
    )
    _require_rows(problems, table)
    problems.raise_if_any()
    return [
        SchoolRow(urn, name, phase.lower(), localities[locality.lower()])
        for urn, name, phase, locality in zip(
            *(table[column].strings() for column in SCHOOL_COLUMNS), strict=True
        )
    ]


def _school_name_problem(value: str) -> str | None:
    if value == "":
        return "the school name is blank"
    return "the name is longer than 200 characters" if len(value) > 200 else None


def _locality_check(localities: Mapping[str, int]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value.lower() in localities:
            return None
        return f"{value!r} is not one of the localities" if value else "the locality is blank"

    return check


def _require_rows(problems: Problems, table: Table) -> None:
    if len(table) == 0:
        problems.file_problem("the file has a header but no rows")


# Pupils


def parse_pupils(table: Table, *, schools: Mapping[str, int]) -> pd.DataFrame:
    """One row per enrolment; ``schools`` maps URN to school id."""
    problems = Problems(table.lines, PUPIL_COLUMNS)
    problems.flag_values("academic_year", table["academic_year"], academic_year_problem)
    problems.flag_values("pupil_id", table["pupil_id"], pupil_id_problem)
    problems.flag_values("urn", table["urn"], _known_school(schools))
    problems.flag_values("year_group", table["year_group"], _year_group_problem)
    problems.flag_values("sex", table["sex"], one_of(("F", "M"), what="sex"))
    problems.flag_values("fsm", table["fsm"], yes_no_problem)
    problems.flag_values("sen", table["sen"], one_of(("N", "K", "E"), what="SEN"))
    problems.flag_values("ethnicity", table["ethnicity"], _ethnicity_problem)
    problems.flag_values(
        "social_care", table["social_care"], one_of(("", "CIN", "CPP", "CLA"), what="social care")
    )
    problems.flag_values("young_carer", table["young_carer"], yes_no_problem)
    flag_duplicates(
        problems,
        [table[c].strings() for c in ("academic_year", "pupil_id", "urn")],
        column="pupil_id",
        message="this pupil is already in the file for this school and year",
    )
    _require_rows(problems, table)
    problems.raise_if_any()
    return pd.DataFrame(
        {
            "academic_year": table["academic_year"].strings(),
            "pupil_id": table["pupil_id"].strings(),
            "school_id": table["urn"].map_values(lambda urn: schools[urn], np.int64),
            "year_group": table["year_group"].map_values(_year_group, np.int16),
            "sex": table["sex"].map_values(str.upper, object),
            "fsm": table["fsm"].map_values(_yes, bool),
            "sen": table["sen"].map_values(str.upper, object),
            "ethnicity": table["ethnicity"].map_values(str.upper, object),
            "social_care": table["social_care"].map_values(str.upper, object),
            "young_carer": table["young_carer"].map_values(_yes, bool),
        }
    )


def _known_school(schools: Mapping[str, int]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if value in schools:
            return None
        if not value:
            return "the URN is blank"
        return f"no school has URN {value}: import the schools file first"

    return check


def _year_group(value: str) -> int:
    return YEAR_GROUPS[value.upper().removeprefix("Y")]


def _year_group_problem(value: str) -> str | None:
    if value.upper().removeprefix("Y") in YEAR_GROUPS:
        return None
    return "the year group must be R or a number from 1 to 14"


def _ethnicity_problem(value: str) -> str | None:
    if ETHNICITY.match(value.upper()):
        return None
    return "the ethnicity must be a 4-letter DfE ethnicity code, such as WBRI or WIRT"


def _yes(value: str) -> bool:
    return YES_NO[value.upper()]


# Summaries


@dataclass
class TermTotals:
    """Per-enrolment term totals, and the school terms they replace."""

    frame: pd.DataFrame
    covered: list[tuple[int, str, str]]


def parse_summaries(
    table: Table,
    *,
    term_starts: Mapping[tuple[str, str], date],
    find_enrolments: EnrolmentFinder,
) -> TermTotals:
    """``term_starts`` maps (academic year, term name) to the term's first day."""
    problems = Problems(table.lines, SUMMARY_COLUMNS)
    bad_year = problems.flag_values("academic_year", table["academic_year"], academic_year_problem)
    bad_term = problems.flag_values("term", table["term"], one_of(TERM_NAMES, what="the term"))
    bad_id = problems.flag_values("pupil_id", table["pupil_id"], pupil_id_problem)
    problems.flag_values("urn", table["urn"], required)
    for column in SUMMARY_SESSIONS:
        problems.flag_values(column, table[column], count_problem)

    years = table["academic_year"].strings()
    terms = np.array([term.lower() for term in table["term"].strings()], dtype=object)
    term_known = np.array(
        [(year, term) in term_starts for year, term in zip(years, terms, strict=True)], dtype=bool
    )
    problems.flag(
        ~term_known & ~bad_year & ~bad_term,
        "term",
        "this term is not set up: add its dates to the terms seed file first",
    )
    frame = pd.DataFrame(
        {
            "academic_year": years,
            "term": terms,
            "pupil_id": table["pupil_id"].strings(),
            "urn": table["urn"].strings(),
        }
    )
    enrolments = find_enrolments(sorted({y for y in years if is_academic_year(y)}))
    frame = frame.merge(
        enrolments[["academic_year", "pupil_id", "urn", "enrolment_id", "school_id"]],
        how="left",
        on=["academic_year", "pupil_id", "urn"],
        validate="many_to_one",
    )
    problems.flag(
        frame["enrolment_id"].isna().to_numpy() & ~bad_year & ~bad_id,
        "pupil_id",
        "this pupil has no enrolment at this URN for this academic year: import pupils first",
    )
    for column, name in SUMMARY_SESSIONS.items():
        # Only counts that passed their check: a huge one would overflow before the
        # problems are reported. The row is refused either way.
        frame[name] = table[column].map_values(
            lambda v: int(v) if count_problem(v) is None else 0, np.int64
        )
    too_many = (
        frame["present"] + frame["aea"] + frame["authorised"] + frame["unauthorised"]
        > frame["possible"]
    ).to_numpy()
    problems.flag(
        too_many,
        "sessions_possible",
        "present, approved activity and absence sessions add up to more than the possible sessions",
    )
    flag_duplicates(
        problems,
        [years, terms, frame["pupil_id"].to_numpy(), frame["urn"].to_numpy()],
        column="pupil_id",
        message="this pupil already has a row for this school and term in the file",
    )
    _require_rows(problems, table)
    problems.raise_if_any()

    frame["week_start"] = [
        monday_of(term_starts[(year, term)])
        for year, term in zip(frame["academic_year"], frame["term"], strict=True)
    ]
    covered = sorted(
        {
            (int(school), year, term)
            for school, year, term in zip(
                frame["school_id"], frame["academic_year"], frame["term"], strict=True
            )
        }
    )
    frame["enrolment_id"] = frame["enrolment_id"].astype(np.int64)
    return TermTotals(frame[["enrolment_id", "week_start", *SUMMARY_SESSIONS.values()]], covered)
