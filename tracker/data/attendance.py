"""Storing schools, enrolments and session totals, replacing what a file supersedes.

What "the same period" means, so that importing a file again replaces rather
than adds:

- schools: a school is its URN. A row updates the school with that URN or adds it;
  schools missing from the file are left alone.
- pupils: the file is the whole roll, for that academic year, of each school in
  it. Enrolments already stored for that year and school are updated in place
  (their attendance is kept), new ones added, and ones missing from the file
  removed with their attendance.
- marks: each school's marks replace that school's totals for every week from
  the first to the last week the file has marks for it, and any term summary of
  that school for a term overlapping those weeks. A week is the unit: send whole
  weeks, because a file with part of a week replaces the whole week.
- summaries: each (school, academic year, term) in the file replaces all that
  school's totals, weekly or summary, in that term.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from io import BytesIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.sql.expression import bindparam

from tracker.domain.attendance_import import SchoolRow, TermTotals
from tracker.domain.attendance_marks import WeeklyTotals
from tracker.domain.attendance_metrics import monday_of
from tracker.extensions import db
from tracker.models import AttendanceWeek, Enrolment, Locality, School, Term

WEEK_COLUMNS = (
    "enrolment_id",
    "week_start",
    "possible",
    "present",
    "aea",
    "authorised",
    "unauthorised",
    "source",
)
ENROLMENT_FIELDS = (
    "year_group",
    "sex",
    "fsm",
    "sen",
    "ethnicity",
    "social_care",
    "young_carer",
)
_BATCH = 50_000
# Built from constants only: no value from outside reaches these statements.
_SQLITE_INSERT = (
    f"INSERT INTO attendance_week ({', '.join(WEEK_COLUMNS)}) "  # noqa: S608 # nosec B608 # column names are constants
    f"VALUES ({', '.join('?' * len(WEEK_COLUMNS))})"
)
_COPY = f"COPY attendance_week ({', '.join(WEEK_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"


# Reference data the importers check against


def locality_lookup() -> dict[str, int]:
    """Each locality's lower-case name and slug, mapped to its id."""
    lookup: dict[str, int] = {}
    for locality in db.session.scalars(select(Locality).where(Locality.withdrawn_at.is_(None))):
        lookup[locality.name.lower()] = locality.id
        lookup[locality.slug.lower()] = locality.id
    return lookup


def school_lookup() -> dict[str, int]:
    return {urn: id_ for urn, id_ in db.session.execute(select(School.urn, School.id))}


def find_enrolments(years: Sequence[str]) -> pd.DataFrame:
    """Enrolments of the given academic years: academic_year, pupil_id, urn, ids."""
    rows = db.session.execute(
        select(
            Enrolment.academic_year,
            Enrolment.pupil_id,
            School.urn,
            Enrolment.id.label("enrolment_id"),
            Enrolment.school_id,
        )
        .join(School, Enrolment.school_id == School.id)
        .where(Enrolment.academic_year.in_(list(years)))
    ).all()
    return pd.DataFrame(
        rows, columns=["academic_year", "pupil_id", "urn", "enrolment_id", "school_id"]
    )


def term_starts() -> dict[tuple[str, str], date]:
    rows = db.session.execute(select(Term.academic_year, Term.name, Term.start_date)).all()
    return {(year, name): start for year, name, start in rows}


# Schools


def save_schools(*, rows: Iterable[SchoolRow]) -> tuple[int, int]:
    """Add or update schools by URN; returns (added, updated)."""
    existing = {school.urn: school for school in db.session.scalars(select(School))}
    added = updated = 0
    for row in rows:
        school = existing.get(row.urn)
        if school is None:
            db.session.add(
                School(urn=row.urn, name=row.name, phase=row.phase, locality_id=row.locality_id)
            )
            added += 1
        elif (school.name, school.phase, school.locality_id) != (
            row.name,
            row.phase,
            row.locality_id,
        ):
            school.name, school.phase, school.locality_id = row.name, row.phase, row.locality_id
            updated += 1
    db.session.flush()
    return added, updated


# Pupils


def save_enrolments(*, frame: pd.DataFrame) -> dict[str, int]:
    """Make each (academic year, school) in ``frame`` hold exactly the enrolments listed."""
    scope = set(zip(frame["academic_year"], frame["school_id"].astype(int), strict=True))
    stored = _stored_enrolments(scope)
    merged = frame.merge(
        stored,
        how="outer",
        on=["academic_year", "pupil_id", "school_id"],
        suffixes=("", "_stored"),
        indicator=True,
    )
    new = merged.loc[merged["_merge"] == "left_only"]
    kept = merged.loc[merged["_merge"] == "both"]
    gone = merged.loc[merged["_merge"] == "right_only", "id"].astype(int).tolist()
    changed = kept.loc[
        pd.concat([kept[name] != kept[f"{name}_stored"] for name in ENROLMENT_FIELDS], axis=1).any(
            axis=1
        )
    ]
    _delete_enrolments(gone)
    _insert_enrolments(new)
    _update_enrolments(changed)
    return {"added": len(new), "updated": len(changed), "removed": len(gone)}


def _stored_enrolments(scope: set[tuple[str, int]]) -> pd.DataFrame:
    columns = ["id", "academic_year", "pupil_id", "school_id", *ENROLMENT_FIELDS]
    years = sorted({year for year, _ in scope})
    schools = sorted({school for _, school in scope})
    rows = db.session.execute(
        select(*(getattr(Enrolment, name) for name in columns)).where(
            Enrolment.academic_year.in_(years), Enrolment.school_id.in_(schools)
        )
    ).all()
    stored = pd.DataFrame(rows, columns=columns)
    in_scope = [
        (year, school) in scope
        for year, school in zip(stored["academic_year"], stored["school_id"], strict=True)
    ]
    stored = stored.loc[in_scope]
    return stored.rename(columns={name: f"{name}_stored" for name in ENROLMENT_FIELDS})


def _delete_enrolments(ids: list[int]) -> None:
    for start in range(0, len(ids), 10_000):
        batch = ids[start : start + 10_000]
        db.session.execute(delete(AttendanceWeek).where(AttendanceWeek.enrolment_id.in_(batch)))
        db.session.execute(delete(Enrolment).where(Enrolment.id.in_(batch)))


def _insert_enrolments(new: pd.DataFrame) -> None:
    columns = ["academic_year", "pupil_id", "school_id", *ENROLMENT_FIELDS]
    records = _records(new[columns])
    connection = db.session.connection()
    for start in range(0, len(records), _BATCH):
        connection.execute(insert(Enrolment.__table__), records[start : start + _BATCH])


def _update_enrolments(changed: pd.DataFrame) -> None:
    if changed.empty:
        return
    records = _records(changed[["id", *ENROLMENT_FIELDS]].rename(columns={"id": "key"}))
    statement = (
        update(Enrolment.__table__)
        .where(Enrolment.__table__.c.id == bindparam("key"))
        .values({name: bindparam(name) for name in ENROLMENT_FIELDS})
    )
    db.session.connection().execute(statement, records)


def _records(frame: pd.DataFrame) -> list[dict]:
    """Plain Python values: database drivers do not take numpy scalars."""
    return [
        {key: (value.item() if hasattr(value, "item") else value) for key, value in row.items()}
        for row in frame.to_dict("records")
    ]


# Session totals


def save_weekly_totals(*, totals: WeeklyTotals, source: str = "marks") -> None:
    """Replace each school's weeks covered by the file (see the module notes)."""
    terms = db.session.execute(select(Term.start_date, Term.end_date)).all()
    # Schools sharing the same weeks (usually all of them) go in one statement:
    # one pass over the table rather than one per school.
    by_range: dict[tuple[date, date], list[int]] = {}
    for school_id, first_week, last_week in totals.covered.itertuples(index=False):
        span = (pd.Timestamp(first_week).date(), pd.Timestamp(last_week).date())
        by_range.setdefault(span, []).append(int(school_id))
    for (first, last), schools in by_range.items():
        enrolments = select(Enrolment.id).where(Enrolment.school_id.in_(schools))
        overlapping = [
            monday_of(start)
            for start, end in terms
            if start <= last + timedelta(days=6) and end >= first
        ]
        replaced = AttendanceWeek.week_start.between(first, last)
        if overlapping:
            summaries = and_(
                AttendanceWeek.source == "summary", AttendanceWeek.week_start.in_(overlapping)
            )
            replaced = or_(replaced, summaries)
        db.session.execute(
            delete(AttendanceWeek).where(AttendanceWeek.enrolment_id.in_(enrolments), replaced)
        )
    write_weeks(frame=totals.frame, source=source)


def save_term_totals(*, totals: TermTotals) -> None:
    """Replace all totals of each school term in the file (see the module notes)."""
    terms = {
        (year, name): (start, end)
        for year, name, start, end in db.session.execute(
            select(Term.academic_year, Term.name, Term.start_date, Term.end_date)
        )
    }
    for school_id, year, term in totals.covered:
        start, end = terms[(year, term)]
        enrolments = select(Enrolment.id).where(
            and_(Enrolment.school_id == school_id, Enrolment.academic_year == year)
        )
        db.session.execute(
            delete(AttendanceWeek).where(
                AttendanceWeek.enrolment_id.in_(enrolments),
                AttendanceWeek.week_start.between(monday_of(start), end),
            )
        )
    write_weeks(frame=totals.frame, source="summary")


def write_weeks(*, frame: pd.DataFrame, source: str) -> int:
    """Bulk-write weekly rows: COPY on PostgreSQL, the driver's executemany on SQLite.

    Millions of rows go this way, so it bypasses the ORM and SQLAlchemy's
    per-row parameter handling; the rows still join the session's transaction.
    """
    if frame.empty:
        return 0
    # In primary-key order, the index is appended to rather than reshuffled.
    frame = frame.sort_values(["enrolment_id", "week_start"], kind="stable")
    connection = db.session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        _copy_weeks(driver, _week_table(frame, source))
    elif connection.dialect.name == "sqlite":
        _insert_sqlite(driver, frame, source)
    else:
        for batch in _week_table(frame, source).to_batches(max_chunksize=_BATCH):
            connection.execute(insert(AttendanceWeek.__table__), batch.to_pylist())
    return len(frame)


def _insert_sqlite(driver, frame: pd.DataFrame, source: str) -> None:
    """Plain Python lists from numpy: the quickest way into sqlite3's executemany."""
    # Dates as SQLAlchemy stores them on SQLite; there are only a few distinct weeks.
    codes, weeks = pd.factorize(pd.to_datetime(frame["week_start"]))
    week_text = np.array([week.date().isoformat() for week in weeks], dtype=object)
    cursor = driver.cursor()
    for start in range(0, len(frame), _BATCH * 4):
        part = slice(start, start + _BATCH * 4)
        columns = [
            frame["enrolment_id"].to_numpy(dtype=np.int64)[part].tolist(),
            week_text[codes[part]].tolist(),
            *(
                frame[name].to_numpy(dtype=np.int64)[part].tolist()
                for name in ("possible", "present", "aea", "authorised", "unauthorised")
            ),
            [source] * len(codes[part]),
        ]
        cursor.executemany(_SQLITE_INSERT, zip(*columns, strict=True))


def _week_table(frame: pd.DataFrame, source: str) -> pa.Table:
    weeks = pd.to_datetime(frame["week_start"]).dt.date
    return pa.table(
        {
            "enrolment_id": pa.array(frame["enrolment_id"].to_numpy(dtype=np.int64)),
            "week_start": pa.array(weeks, type=pa.date32()),
            **{
                name: pa.array(frame[name].to_numpy(dtype=np.int64))
                for name in ("possible", "present", "aea", "authorised", "unauthorised")
            },
            "source": pa.array(np.full(len(frame), source, dtype=object), type=pa.string()),
        }
    )


def _copy_weeks(driver, table: pa.Table) -> None:
    options = pa_csv.WriteOptions(include_header=False)
    with driver.cursor() as cursor, cursor.copy(_COPY) as copy:
        for start in range(0, table.num_rows, 1_000_000):
            buffer = BytesIO()
            pa_csv.write_csv(table.slice(start, 1_000_000), buffer, options)
            copy.write(buffer.getvalue())
