"""``import-data benchmarks`` and ``import-data neighbours``: newer DfE files, same layout.

The files are read whole (a few thousand rows) and checked by the same parsers the seed
uses; any problem refuses the file with every problem listed by line and column. A good
file replaces the figures of the years (or list versions) it holds.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tracker.data.reference_data import replace_neighbour_lists, replace_published_rates
from tracker.domain.benchmarks import (
    NEIGHBOUR_COLUMNS,
    RATE_COLUMNS,
    ReferenceFileError,
    parse_neighbour_lists,
    parse_published_rates,
)
from tracker.domain.files import TABLE_CSV
from tracker.domain.import_files import ImportProblem, ImportRejected, table_kind

BENCHMARK_COLUMNS = (*RATE_COLUMNS, "education_phase")


def read_rows(path: Path, file_name: str) -> list[list[str]]:
    """A CSV or XLSX file's cells as text, header first."""
    if table_kind(path, file_name) == TABLE_CSV:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return list(csv.reader(handle))
        except UnicodeDecodeError:
            raise ImportRejected(
                "The file is not UTF-8 text. In Excel choose 'CSV UTF-8' when saving, or "
                "upload the XLSX"
            ) from None
    return _xlsx_rows(path)


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        # From the bytes: given a path, openpyxl goes by its name, not its content.
        workbook = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRejected(f"The file cannot be read as an XLSX workbook: {error}") from None
    try:
        if not workbook.worksheets:
            # A damaged workbook can open and still have lost its sheets.
            raise ImportRejected("The workbook has no worksheet to read")
        # In read-only mode the cells are read as they are iterated, so a damaged
        # sheet fails here, not on opening.
        return [
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
    except ImportRejected:
        raise
    except Exception as error:  # as above: any of openpyxl's and zipfile's errors
        raise ImportRejected(f"The worksheet cannot be read: {error}") from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    # Excel stores 202021 as a number; write whole numbers without ".0".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rejected(error: ReferenceFileError) -> ImportRejected:
    problems = [
        # The header is line 1, as the data officer sees it in a spreadsheet.
        ImportProblem(problem.line or 1, problem.column, problem.message)
        for problem in error.problems
    ]
    plural = "s" if len(problems) != 1 else ""
    return ImportRejected(
        f"The file has {len(problems):,} problem{plural}; nothing was imported", problems
    )


def _years(years: set[str]) -> str | None:
    return next(iter(years)) if len(years) == 1 else None


def load_benchmarks(*, path: Path, file_name: str):
    from tracker.data.imports import ImportResult  # the registry imports this module

    try:
        rows = parse_published_rates(read_rows(path, file_name))
    except ReferenceFileError as error:
        raise _rejected(error) from None
    changes = replace_published_rates(rows=rows)
    years = sorted({row.time_period for row in rows})
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    return ImportResult(
        len(rows),
        f"{len(rows):,} published figures for {span}: {changes.created:,} added, "
        f"{changes.updated:,} changed, {changes.deleted:,} removed",
        _years(set(years)),
    )


def load_neighbours(*, path: Path, file_name: str):
    from tracker.data.imports import ImportResult  # the registry imports this module

    try:
        rows = parse_neighbour_lists(read_rows(path, file_name))
    except ReferenceFileError as error:
        raise _rejected(error) from None
    changes = replace_neighbour_lists(rows=rows)
    versions = ", ".join(sorted({row.list_version for row in rows}))
    return ImportResult(
        len(rows),
        f"{len(rows):,} statistical neighbours (lists {versions}): {changes.created:,} added, "
        f"{changes.updated:,} changed, {changes.deleted:,} removed",
    )


__all__ = ["BENCHMARK_COLUMNS", "NEIGHBOUR_COLUMNS", "load_benchmarks", "load_neighbours"]
