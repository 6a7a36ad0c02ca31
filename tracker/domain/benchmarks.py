"""Published absence rates and statistical neighbour lists, read from DfE open-data files.

The rates file follows the explore-education-statistics layout: one row per time period,
geography, phase and characteristic, with one column per measure ending in ``_percent``.
Each percentage becomes one ``PublishedRateRow``, so a measure the tracker does not know
yet is still kept, under its column name. Every problem is collected with its line and
column, so a bad file is reported in one go and nothing is loaded from it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The DfE's symbols for a figure that is not there: not available (x), not applicable (z),
# suppressed as confidential (c), not collected (:), and a count that rounds to nothing
# ("low"). All of them, like a blank cell, mean "no value", never zero.
NO_VALUE = frozenset({"", "x", "z", "c", ":", "low"})

# Measure names shared with the tracker's own attendance measures.
MEASURE_COLUMNS = {
    "sess_overall_percent": "overall_absence_rate",
    "sess_authorised_percent": "authorised_absence_rate",
    "sess_unauthorised_percent": "unauthorised_absence_rate",
    "enrolments_pa_10_exact_percent": "persistent_absence_rate",
    "enrolments_pa_50_exact_percent": "severe_absence_rate",
}

NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"
GEOGRAPHIC_LEVELS = (NATIONAL, REGIONAL, LOCAL_AUTHORITY)

# ``time_identifier`` values and the period each stands for. Files without the column
# hold full academic years.
FULL_YEAR = "year"
PERIODS = {
    "academic year": FULL_YEAR,
    "autumn term": "autumn",
    "spring term": "spring",
    "summer term": "summer",
    "autumn and spring term": "autumn_spring",
}
PERIOD_LABELS = {
    FULL_YEAR: "full year",
    "autumn": "autumn term",
    "spring": "spring term",
    "summer": "summer term",
    "autumn_spring": "autumn and spring terms",
}

RATE_COLUMNS = ("time_period", "geographic_level", "characteristic")
PHASE_COLUMNS = ("education_phase", "school_type")
NEIGHBOUR_COLUMNS = ("published", "la_code", "rank", "neighbour_la_code")

_SIX_DIGIT_YEAR = re.compile(r"^(\d{4})(\d{2})$")
_SLASHED_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_LIST_VERSION = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class FileProblem:
    line: int
    column: str
    message: str

    @property
    def where(self) -> str:
        where = f"line {self.line}" if self.line else "header"
        return f"{where}, column {self.column}" if self.column else where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ReferenceFileError(Exception):
    """Every problem found in a reference file; nothing from it may be loaded."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"The file has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True, slots=True)
class PublishedRateRow:
    time_period: str
    period: str
    geographic_level: str
    region_name: str
    la_code: str
    la_name: str
    phase: str
    characteristic: str
    measure: str
    value: float | None

    @property
    def key(self) -> tuple[str, ...]:
        return (
            self.time_period,
            self.period,
            self.geographic_level,
            self.region_name,
            self.la_code,
            self.phase,
            self.characteristic,
            self.measure,
        )


@dataclass(frozen=True, slots=True)
class NeighbourRow:
    list_version: str
    la_code: str
    rank: int
    neighbour_code: str
    neighbour_name: str
    closeness: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.list_version, self.la_code, self.rank)


def academic_year_from_time_period(value: str) -> str | None:
    """``201516`` (or ``2015/16``) -> ``2015/16``; None when it is not an academic year."""
    text = value.strip()
    match = _SIX_DIGIT_YEAR.match(text) or _SLASHED_YEAR.match(text)
    if not match:
        return None
    start, end = match.group(1), match.group(2)
    if (int(start) + 1) % 100 != int(end):
        return None
    return f"{start}/{end}"


def measure_for_column(column: str) -> str:
    return MEASURE_COLUMNS.get(column, column)


def csv_rows(text: str) -> list[list[str]]:
    """A CSV file's rows, header first. A byte-order mark is dropped."""
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


class _Table:
    """A header and rows, read by column name, with problems noted by line and column."""

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        self.header = [name.strip().lower() for name in rows[0]] if rows else []
        self.index = {name: position for position, name in enumerate(self.header) if name}
        self.rows = rows[1:]
        self.problems: list[FileProblem] = []

    def require(self, columns: Iterable[str]) -> None:
        for column in columns:
            if column not in self.index:
                self.problems.append(FileProblem(0, column, "required column is missing"))

    def first_present(self, columns: Sequence[str]) -> str | None:
        return next((column for column in columns if column in self.index), None)

    def lines(self) -> Iterable[tuple[int, Sequence[str]]]:
        """Numbered rows, skipping blank ones (line 1 is the header)."""
        for number, row in enumerate(self.rows, start=2):
            if any(cell.strip() for cell in row):
                yield number, row

    def cell(self, row: Sequence[str], column: str | None) -> str:
        position = self.index.get(column) if column else None
        if position is None or position >= len(row):
            return ""
        return row[position].strip()

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(FileProblem(line, column, message))

    def raise_if_problems(self) -> None:
        if self.problems:
            raise ReferenceFileError(self.problems)


def _percentage(table: _Table, line: int, column: str, text: str) -> float | None:
    if text.lower() in NO_VALUE:
        return None
    try:
        value = float(text)
    except ValueError:
        table.problem(line, column, f"{text!r} is not a number (or x, z, c, : for no value)")
        return None
    if not math.isfinite(value) or not 0 <= value <= 100:
        table.problem(line, column, f"{text!r} is not a percentage from 0 to 100")
        return None
    return value


def _period(table: _Table, line: int, row: Sequence[str]) -> str:
    if "time_identifier" not in table.index:
        return FULL_YEAR
    text = table.cell(row, "time_identifier")
    period = PERIODS.get(text.lower())
    if period is None:
        known = ", ".join(name.capitalize() for name in PERIODS)
        table.problem(line, "time_identifier", f"{text!r} is not one of: {known}")
        return FULL_YEAR
    return period


def _geography(table: _Table, line: int, row: Sequence[str]) -> tuple[str, str, str, str]:
    """(level, region, la_code, la_name), checking each level has the names it needs."""
    level_text = table.cell(row, "geographic_level")
    level = next((name for name in GEOGRAPHIC_LEVELS if name.lower() == level_text.lower()), "")
    if not level:
        table.problem(
            line, "geographic_level", f"{level_text!r} is not National, Regional or Local authority"
        )
        return "", "", "", ""
    region = table.cell(row, "region_name") if level != NATIONAL else ""
    la_code = table.cell(row, "old_la_code") if level == LOCAL_AUTHORITY else ""
    la_name = table.cell(row, "la_name") if level == LOCAL_AUTHORITY else ""
    if level == REGIONAL and not region:
        table.problem(line, "region_name", "a Regional row needs a region name")
    if level == LOCAL_AUTHORITY and not la_code:
        table.problem(line, "old_la_code", "a Local authority row needs an authority code")
    return level, region, la_code, la_name


def parse_published_rates(rows: Sequence[Sequence[str]]) -> list[PublishedRateRow]:
    """Every percentage in a DfE absence-rates file; raise ``ReferenceFileError`` if bad.

    ``rows`` is the file's rows, header first (see ``csv_rows``). Columns other than the
    ones named here are ignored.
    """
    table = _Table(rows)
    if not table.header:
        raise ReferenceFileError([FileProblem(0, "", "the file is empty")])
    table.require(RATE_COLUMNS)
    phase_column = table.first_present(PHASE_COLUMNS)
    if phase_column is None:
        table.problem(0, "education_phase", "required column is missing (or school_type)")
    measures = {
        column: measure_for_column(column) for column in table.header if column.endswith("_percent")
    }
    if not measures:
        table.problem(0, "", "no measure columns: at least one column must end in _percent")
    table.raise_if_problems()

    parsed: list[PublishedRateRow] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, row in table.lines():
        period_text = table.cell(row, "time_period")
        year = academic_year_from_time_period(period_text)
        if year is None:
            table.problem(
                line, "time_period", f"{period_text!r} is not an academic year like 202021"
            )
        period = _period(table, line, row)
        level, region, la_code, la_name = _geography(table, line, row)
        phase = table.cell(row, phase_column) or "Total"
        characteristic = table.cell(row, "characteristic") or "Total"
        values = {
            column: _percentage(table, line, column, table.cell(row, column)) for column in measures
        }
        if year is None or not level:
            continue
        head = (year, period, level, region, la_code, phase, characteristic)
        if head in seen:
            table.problem(line, "", f"repeats the figures of line {seen[head]}")
            continue
        seen[head] = line
        parsed.extend(
            PublishedRateRow(
                year, period, level, region, la_code, la_name, phase, characteristic,
                measures[column], value,
            )
            for column, value in values.items()
        )  # fmt: skip
    table.raise_if_problems()
    if not parsed:
        raise ReferenceFileError([FileProblem(0, "", "the file has no rows of figures")])
    return parsed


def parse_neighbour_lists(rows: Sequence[Sequence[str]]) -> list[NeighbourRow]:
    """Statistical neighbour lists: version, authority, rank, neighbour; raise if bad."""
    table = _Table(rows)
    if not table.header:
        raise ReferenceFileError([FileProblem(0, "", "the file is empty")])
    table.require(NEIGHBOUR_COLUMNS)
    table.raise_if_problems()
    parsed: list[NeighbourRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    pairs: dict[tuple[str, str, str], int] = {}
    for line, row in table.lines():
        version = table.cell(row, "published")
        la_code = table.cell(row, "la_code")
        neighbour = table.cell(row, "neighbour_la_code")
        rank_text = table.cell(row, "rank")
        if not _LIST_VERSION.match(version):
            table.problem(line, "published", f"{version!r} is not a list version like 2021-04")
        if not la_code:
            table.problem(line, "la_code", "an authority code is needed")
        if not neighbour:
            table.problem(line, "neighbour_la_code", "a neighbour's authority code is needed")
        elif neighbour == la_code:
            table.problem(line, "neighbour_la_code", "an authority cannot neighbour itself")
        rank = int(rank_text) if rank_text.isdigit() else 0
        if rank < 1:
            table.problem(line, "rank", f"{rank_text!r} is not a whole number from 1")
        key = (version, la_code, rank)
        if rank and key in seen:
            table.problem(line, "rank", f"rank {rank} is already given on line {seen[key]}")
        pair = (version, la_code, neighbour)
        if neighbour and pair in pairs:
            table.problem(
                line, "neighbour_la_code", f"{neighbour} is already listed on line {pairs[pair]}"
            )
        seen.setdefault(key, line)
        pairs.setdefault(pair, line)
        parsed.append(
            NeighbourRow(
                version,
                la_code,
                rank,
                neighbour,
                table.cell(row, "neighbour_la_name"),
                table.cell(row, "closeness"),
            )
        )
    table.raise_if_problems()
    if not parsed:
        raise ReferenceFileError([FileProblem(0, "", "the file has no neighbour rows")])
    return parsed


@dataclass(frozen=True)
class NeighbourMean:
    value: float | None
    used: int
    listed: int
    missing: tuple[str, ...]


def neighbour_mean(values: dict[str, float | None], neighbours: Sequence[str]) -> NeighbourMean:
    """The unweighted mean of the neighbours' published rates.

    A neighbour with no figure is left out of the mean rather than counted as zero; how
    many were used is reported so a mean of few neighbours can be flagged.
    """
    present = [values[code] for code in neighbours if values.get(code) is not None]
    missing = tuple(code for code in neighbours if values.get(code) is None)
    mean = math.fsum(present) / len(present) if present else None  # type: ignore[arg-type]
    return NeighbourMean(mean, len(present), len(neighbours), missing)


def latest_list_version(versions: Iterable[str]) -> str | None:
    """``2025-05`` is later than ``2021-04``: versions sort as text."""
    return max(versions, default=None)
