"""Deleting pupil-level data once the retention setting has expired it.

Pupil-level data is the enrolments (one per pupil, school and academic year,
under a pseudonymised identifier) and their weekly session totals. Nothing
else holds a row per pupil: published rates, manual indicator values and
submitted board reports are aggregates, and stay.

A purge is written to the import log. The measured totals that indicator
pages and reports read are filed under the import log's state, so the entry
also makes every total measured before the purge unreachable, in every
process serving the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment

LOG_KIND = "retention"


@dataclass(frozen=True)
class YearOfPupilData:
    academic_year: str
    enrolments: int
    weekly_totals: int

    def line(self) -> str:
        return (
            f"{self.academic_year}: {self.enrolments:,} enrolments, "
            f"{self.weekly_totals:,} weekly totals"
        )


def pupil_data_before(*, first_kept_year: str) -> list[YearOfPupilData]:
    """How much pupil-level data each academic year before ``first_kept_year`` holds."""
    enrolments = dict(
        db.session.execute(
            select(Enrolment.academic_year, func.count())
            .where(Enrolment.academic_year < first_kept_year)
            .group_by(Enrolment.academic_year)
        ).all()
    )
    weeks = dict(
        db.session.execute(
            select(Enrolment.academic_year, func.count())
            .select_from(AttendanceWeek)
            .join(Enrolment, AttendanceWeek.enrolment_id == Enrolment.id)
            .where(Enrolment.academic_year < first_kept_year)
            .group_by(Enrolment.academic_year)
        ).all()
    )
    return [
        YearOfPupilData(year, enrolments[year], weeks.get(year, 0)) for year in sorted(enrolments)
    ]


def purge_pupil_data(*, first_kept_year: str, retention_years: int) -> list[YearOfPupilData]:
    """Delete every enrolment, with its weekly totals, of the years before ``first_kept_year``,
    and log the purge; returns what was deleted. The caller commits, or nothing is deleted."""
    found = pupil_data_before(first_kept_year=first_kept_year)
    if not found:
        return []
    expired = select(Enrolment.id).where(Enrolment.academic_year < first_kept_year)
    # The weekly rows first: they have no foreign key to hold them to their enrolment.
    db.session.execute(
        delete(AttendanceWeek).where(AttendanceWeek.enrolment_id.in_(expired)),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete(Enrolment).where(Enrolment.academic_year < first_kept_year),
        execution_options={"synchronize_session": False},
    )
    summary = (
        f"Pupil-level data older than {first_kept_year} deleted under the "
        f"{retention_years}-year retention setting: " + "; ".join(year.line() for year in found)
    )
    db.session.add(
        DataImport(
            kind=LOG_KIND,
            file_name="retention setting",
            rows=sum(year.enrolments + year.weekly_totals for year in found),
            academic_year=found[0].academic_year if len(found) == 1 else None,
            summary=summary[:500],
        )
    )
    db.session.flush()
    return found
