"""`purge-pupil-data`: pupil-level data older than the retention setting is deleted, all of
it and only it; figures measured before cannot be read back; aggregates stay."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from tests.integration.attendance_files import MARKS_HEADER, PUPILS, SCHOOLS, marks, school_days
from tests.integration.attendance_files import write as write_file
from tracker.data.attendance_metrics import compute_metrics
from tracker.data.metrics_store import FOLDER
from tracker.domain.retention import academic_year_of
from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment, PublishedRate

OLD, KEPT = "2022/23", "2023/24"
OLD_WEEK = school_days(date(2022, 9, 5), date(2022, 9, 9))
KEPT_WEEK = school_days(date(2023, 9, 11), date(2023, 9, 15))


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def imported(app, tmp_path: Path, kind: str, text: str) -> None:
    result = run(app, "import-data", kind, write_file(tmp_path, f"{kind}.csv", text))
    assert result.exit_code == 0, result.output


@pytest.fixture
def two_years(app, tmp_path):
    """Registers for 2022/23 and 2023/24, with a retention that keeps 2023/24 only."""
    imported(app, tmp_path, "schools", SCHOOLS)
    imported(app, tmp_path, "pupils", PUPILS)
    imported(app, tmp_path, "pupils", PUPILS.replace(OLD, KEPT))
    register = (
        MARKS_HEADER
        + marks("P1", "100001", OLD_WEEK, "/O")
        + marks("P4", "100002", OLD_WEEK, "/")
        + marks("P1", "100001", KEPT_WEEK, "/")
    )
    imported(app, tmp_path, "marks", register)
    # Counted from today, so that 2023/24 is the oldest year kept.
    current = int(academic_year_of(date.today())[:4])
    app.config["PUPIL_DATA_RETENTION_YEARS"] = current - 2023
    return app


def enrolments_by_year() -> dict[str, int]:
    db.session.rollback()
    return dict(
        db.session.execute(
            select(Enrolment.academic_year, func.count()).group_by(Enrolment.academic_year)
        ).all()
    )


def weekly_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(AttendanceWeek))


def measured_enrolments(year: str) -> int:
    rows = compute_metrics(academic_year=year)["rows"]
    return sum(row["enrolments"] for row in rows)


def test_a_dry_run_counts_by_year_and_deletes_nothing(two_years):
    before = (enrolments_by_year(), weekly_rows())
    result = run(two_years, "purge-pupil-data", "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"pupil-level data before {KEPT} is due for deletion" in result.output
    assert f"Would delete {OLD}: 5 enrolments, 2 weekly totals" in result.output
    assert KEPT + ":" not in result.output
    assert "P1" not in result.output and "P4" not in result.output
    assert (enrolments_by_year(), weekly_rows()) == before


def test_the_purge_deletes_the_old_year_only_and_logs_it(two_years):
    published = db.session.scalar(select(func.count()).select_from(PublishedRate))
    result = run(two_years, "purge-pupil-data")
    assert result.exit_code == 0, result.output
    assert f"Deleted {OLD}: 5 enrolments, 2 weekly totals" in result.output
    assert "P1" not in result.output
    assert enrolments_by_year() == {KEPT: 5}
    assert weekly_rows() == 1
    # No weekly row is left without its enrolment.
    orphans = select(func.count()).where(~AttendanceWeek.enrolment_id.in_(select(Enrolment.id)))
    assert db.session.scalar(orphans) == 0
    assert db.session.scalar(select(func.count()).select_from(PublishedRate)) == published
    entry = db.session.scalars(select(DataImport).order_by(DataImport.id.desc())).first()
    assert (entry.kind, entry.academic_year, entry.rows) == ("retention", OLD, 7)
    assert f"{OLD}: 5 enrolments, 2 weekly totals" in entry.summary
    again = run(two_years, "purge-pupil-data")
    assert "nothing to delete" in again.output


def test_figures_measured_before_the_purge_are_not_served_after_it(two_years):
    assert measured_enrolments(OLD) == 2
    assert measured_enrolments(KEPT) == 1
    stored = Path(current_app.instance_path) / FOLDER
    assert list(stored.glob("*.parquet"))
    assert run(two_years, "purge-pupil-data").exit_code == 0
    assert not list(stored.glob("*"))
    db.session.rollback()
    assert measured_enrolments(OLD) == 0
    assert measured_enrolments(KEPT) == 1


def test_a_short_retention_is_counted_from_the_current_year(two_years):
    two_years.config["PUPIL_DATA_RETENTION_YEARS"] = 1
    current = int(academic_year_of(date.today())[:4])
    result = run(two_years, "purge-pupil-data", "--dry-run")
    assert f"1 year before {academic_year_of(date.today())}" in result.output
    assert f"before {current - 1}/" in result.output
