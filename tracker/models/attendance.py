"""Pupil-level attendance: schools, enrolments, per-enrolment session totals, import log.

Volume shapes this schema. A year of registers for 50,000 pupils is about 19
million marks, so marks are never stored: the importer adds them up per
enrolment per week (by code class) and writes those totals, which are all
the DfE measures need. The weekly table is written with bulk inserts, not
ORM objects; the classes here document it and let Alembic compare it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.schools import SCHOOL_PHASES
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.mixins import utcnow
from tracker.models.places import Locality


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class School(db.Model):
    __tablename__ = "school"
    __table_args__ = (
        CheckConstraint(f"phase IN ({_quoted(SCHOOL_PHASES)})", name="phase_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The DfE unique reference number, kept as text: it is an identifier, not a quantity.
    urn: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(30))
    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id"), index=True)

    locality: Mapped[Locality] = relationship()


class Enrolment(db.Model):
    """A pupil on a school's roll for one academic year; the unit the DfE measures count.

    A pupil registered at two schools (dual registration) has two enrolments.
    ``year_group`` is 0 for Reception and 1 to 14 for national curriculum years.
    """

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("academic_year", "pupil_id", "school_id"),
        CheckConstraint("year_group BETWEEN 0 AND 14", name="year_group_is_known"),
        CheckConstraint("sex IN ('F', 'M')", name="sex_is_known"),
        CheckConstraint("sen IN ('N', 'K', 'E')", name="sen_is_known"),
        CheckConstraint("social_care IN ('', 'CIN', 'CPP', 'CLA')", name="social_care_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[str] = mapped_column(String(7), index=True)
    # A pseudonym chosen by the school or the authority; never a name.
    pupil_id: Mapped[str] = mapped_column(String(64))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    year_group: Mapped[int] = mapped_column(SmallInteger)
    sex: Mapped[str] = mapped_column(String(1))
    fsm: Mapped[bool] = mapped_column(Boolean)
    sen: Mapped[str] = mapped_column(String(1))
    ethnicity: Mapped[str] = mapped_column(String(8))
    social_care: Mapped[str] = mapped_column(String(3), default="")
    young_carer: Mapped[bool] = mapped_column(Boolean)

    school: Mapped[School] = relationship()


class AttendanceWeek(db.Model):
    """One enrolment's session totals for one week, by code class.

    Rows whose ``source`` is 'marks' or 'synthetic' cover the school week
    starting on ``week_start`` (a Monday). Rows whose source is 'summary' hold
    a whole term's totals as a school sent them, dated the term's first
    Monday: term and year measures are exact, and weekly measures have no
    data for those enrolments. Each AM or PM mark is one session.
    """

    __tablename__ = "attendance_week"
    __table_args__ = (
        # Checked by PostgreSQL only: on SQLite, the demo and development
        # database, checks would near treble the time to write the demo's 8
        # million rows, which the importer and generator have checked already.
        CheckConstraint(
            "source IN ('marks', 'summary', 'synthetic')", name="source_is_known"
        ).ddl_if(dialect="postgresql"),
        CheckConstraint(
            "present >= 0 AND aea >= 0 AND authorised >= 0 AND unauthorised >= 0"
            " AND present + aea + authorised + unauthorised <= possible",
            name="sessions_add_up",
        ).ddl_if(dialect="postgresql"),
        # On SQLite the rows live in the primary-key b-tree itself: one tree to
        # write and to search instead of a table and an index.
        {"sqlite_with_rowid": False},
    )

    # Deliberately no foreign key: checking one costs PostgreSQL a lookup per
    # row, which would take a 2-million-row import from about 7 s to 30 s.
    # Rows are written only for enrolment ids just looked up in the same
    # transaction, and enrolments are deleted only together with their rows
    # (tracker.data.attendance).
    enrolment_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    possible: Mapped[int] = mapped_column(Integer)
    present: Mapped[int] = mapped_column(Integer)
    # Approved educational activity: off site, counted as attendance.
    aea: Mapped[int] = mapped_column(Integer)
    authorised: Mapped[int] = mapped_column(Integer)
    unauthorised: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))


class DataImport(db.Model):
    """A file that was loaded: shown to the data officer as the record of what came in when."""

    __tablename__ = "data_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    rows: Mapped[int] = mapped_column(Integer)
    academic_year: Mapped[str | None] = mapped_column(String(7))
    # A one-line account of what changed, e.g. "12 schools (3 new)".
    summary: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Empty when the file came in through the command line.
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    imported_by: Mapped[User | None] = relationship()
