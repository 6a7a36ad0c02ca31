"""The kinds of file the tracker imports, and the one way every import runs.

``IMPORTERS`` maps a kind's name (as typed after ``import-data``, and listed
on the upload page) to an ``ImportKind``. A kind's ``load`` reads the file at
``path``, checks all of it, raises ``ImportRejected`` with every problem if
anything is wrong, and otherwise writes through the session (never
committing) and returns an ``ImportResult``. ``import_file`` checks the size
limit first and records the import in the log; the caller's
``unit_of_work`` makes it all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from tracker.data.attendance import (
    find_enrolments,
    locality_lookup,
    save_enrolments,
    save_schools,
    save_term_totals,
    save_weekly_totals,
    school_lookup,
    term_starts,
)
from tracker.data.reference_imports import (
    BENCHMARK_COLUMNS,
    NEIGHBOUR_COLUMNS,
    load_benchmarks,
    load_neighbours,
)
from tracker.domain.attendance_import import (
    PUPIL_COLUMNS,
    SCHOOL_COLUMNS,
    SUMMARY_COLUMNS,
    parse_pupils,
    parse_schools,
    parse_summaries,
)
from tracker.domain.attendance_marks import MARK_COLUMNS, parse_marks
from tracker.domain.import_files import ImportRejected, check_size, read_table
from tracker.extensions import db
from tracker.models import DataImport, User


@dataclass(frozen=True)
class ImportResult:
    rows: int
    summary: str
    academic_year: str | None = None


@dataclass(frozen=True)
class ImportKind:
    label: str
    columns: tuple[str, ...]
    # Called as load(path=..., file_name=...); see the module notes.
    load: Callable[..., ImportResult]


def _years(values) -> str | None:
    """The academic year a file is about, when it is about just one."""
    years = set(values)
    return years.pop() if len(years) == 1 else None


def load_schools(*, path: Path, file_name: str) -> ImportResult:
    table = read_table(path, columns=SCHOOL_COLUMNS, file_name=file_name)
    rows = parse_schools(table, localities=locality_lookup())
    added, updated = save_schools(rows=rows)
    return ImportResult(len(rows), f"{len(rows):,} schools: {added:,} added, {updated:,} updated")


def load_pupils(*, path: Path, file_name: str) -> ImportResult:
    table = read_table(path, columns=PUPIL_COLUMNS, file_name=file_name, refuse_identifying=True)
    frame = parse_pupils(table, schools=school_lookup())
    counts = save_enrolments(frame=frame)
    return ImportResult(
        len(frame),
        f"{len(frame):,} enrolments: {counts['added']:,} added, {counts['updated']:,} updated, "
        f"{counts['removed']:,} removed",
        _years(frame["academic_year"]),
    )


def load_marks(*, path: Path, file_name: str) -> ImportResult:
    table = read_table(path, columns=MARK_COLUMNS, file_name=file_name, refuse_identifying=True)
    totals = parse_marks(table, find_enrolments=find_enrolments)
    # The file's columns take most of the memory; free them before writing.
    del table
    save_weekly_totals(totals=totals)
    return ImportResult(
        totals.marks,
        f"{totals.marks:,} marks: {len(totals.frame):,} weekly totals "
        f"for {totals.frame['enrolment_id'].nunique():,} enrolments "
        f"at {len(totals.covered):,} schools",
        _years(totals.academic_years),
    )


def load_summaries(*, path: Path, file_name: str) -> ImportResult:
    table = read_table(path, columns=SUMMARY_COLUMNS, file_name=file_name, refuse_identifying=True)
    totals = parse_summaries(table, term_starts=term_starts(), find_enrolments=find_enrolments)
    save_term_totals(totals=totals)
    return ImportResult(
        len(totals.frame),
        f"{len(totals.frame):,} term totals for {len(totals.covered):,} school terms",
        _years(year for _, year, _ in totals.covered),
    )


IMPORTERS: dict[str, ImportKind] = {
    "schools": ImportKind("Schools", SCHOOL_COLUMNS, load_schools),
    "pupils": ImportKind("Pupils (enrolments for an academic year)", PUPIL_COLUMNS, load_pupils),
    "marks": ImportKind("Attendance marks (the register)", MARK_COLUMNS, load_marks),
    "summaries": ImportKind("Attendance summaries (term totals)", SUMMARY_COLUMNS, load_summaries),
    "benchmarks": ImportKind(
        "Published absence rates (DfE open data)", BENCHMARK_COLUMNS, load_benchmarks
    ),
    "neighbours": ImportKind(
        "Statistical neighbour lists (DfE)", NEIGHBOUR_COLUMNS, load_neighbours
    ),
}


def import_file(
    *, kind: str, path: Path, file_name: str, user: User | None, max_bytes: int
) -> DataImport:
    """Check and load one file and log it; raises ``ImportRejected`` and writes nothing if bad."""
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise ImportRejected(
            f"{kind!r} is not a kind of import: choose from {', '.join(IMPORTERS)}"
        )
    check_size(size=path.stat().st_size, limit=max_bytes)
    result = importer.load(path=path, file_name=file_name)
    entry = DataImport(
        kind=kind,
        file_name=file_name[:255],
        rows=result.rows,
        academic_year=result.academic_year,
        summary=result.summary[:500],
        imported_by_id=user.id if user else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def recent_imports(*, limit: int = 50) -> list[DataImport]:
    return list(
        db.session.scalars(
            select(DataImport)
            .order_by(DataImport.imported_at.desc(), DataImport.id.desc())
            .limit(limit)
        )
    )
