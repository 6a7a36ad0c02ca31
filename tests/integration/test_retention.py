"""`purge-pupil-data`: pupil-level data older than the retention setting is deleted, all of
it and only it; figures measured before cannot be read back; aggregates stay. The copies
the service keeps go too (stored totals, report files), old client IP addresses in the
audit record are blanked, and backups past the retention are listed for deletion."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from tests.integration.attendance_files import MARKS_HEADER, PUPILS, SCHOOLS, marks, school_days
from tests.integration.attendance_files import write as write_file
from tracker.data.attendance_metrics import compute_metrics
from tracker.data.metrics_store import FOLDER
from tracker.data.transaction import unit_of_work
from tracker.domain.retention import academic_year_of
from tracker.extensions import db
from tracker.models import AttendanceWeek, AuditEvent, DataImport, Enrolment, PublishedRate
from tracker.reports.download_cache import FOLDER as REPORT_FOLDER

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


# The service's own copies -------------------------------------------------------------


def stored_years(folder: Path) -> set[str]:
    import json

    return {json.loads(path.read_text())["academic_year"] for path in folder.glob("*.json")}


def test_stored_totals_of_expired_years_go_even_when_no_row_is_left(two_years):
    stored = Path(current_app.instance_path) / FOLDER
    assert run(two_years, "purge-pupil-data").exit_code == 0
    # Measured again after the purge: the kept year is stored, and an old result of the
    # expired year (as a process measuring it before the purge might have left) is too.
    assert measured_enrolments(KEPT) == 1
    (stored / "old.json").write_text(f'{{"academic_year": "{OLD}"}}')
    (stored / "old.parquet").write_bytes(b"PAR1")
    (stored / "unlabelled.parquet").write_bytes(b"PAR1")
    dry = run(two_years, "purge-pupil-data", "--dry-run")
    assert "Would delete 2 stored measured totals of expired years" in dry.output
    assert (stored / "old.json").exists()
    result = run(two_years, "purge-pupil-data")
    assert "nothing to delete" in result.output
    assert "Deleted 2 stored measured totals of expired years" in result.output
    assert not (stored / "old.parquet").exists() and not (stored / "unlabelled.parquet").exists()
    assert stored_years(stored) == {KEPT}


def test_report_files_kept_for_download_are_cleared(two_years):
    folder = Path(current_app.instance_path) / REPORT_FOLDER
    folder.mkdir(parents=True)
    for name in ("a1.pdf", "a1.docx", ".a2.pdf.123.456"):
        (folder / name).write_bytes(b"report")
    dry = run(two_years, "purge-pupil-data", "--dry-run")
    assert "and 3 report files kept for download" in dry.output
    assert len(list(folder.iterdir())) == 3
    result = run(two_years, "purge-pupil-data")
    assert result.exit_code == 0, result.output
    assert "and 3 report files kept for download" in result.output
    assert not list(folder.iterdir())


# Client IP addresses in the audit record ------------------------------------------------

IP = "203.0.113.7"


def add_events(*ages_in_days: int) -> None:
    now = datetime.now(UTC)
    with unit_of_work():
        for age in ages_in_days:
            db.session.add(
                AuditEvent(
                    at=now - timedelta(days=age),
                    event="sign_in",
                    email=f"age{age}@example.org",
                    detail=f"{age} days ago",
                    ip_address=IP,
                    via="web",
                )
            )


def events_by_age() -> dict[str, tuple[str, str]]:
    db.session.rollback()
    return {
        event.email: (event.detail, event.ip_address)
        for event in db.session.scalars(select(AuditEvent))
    }


def test_ip_addresses_older_than_the_setting_are_blanked_and_nothing_else(app):
    add_events(200, 91, 89, 1)
    dry = run(app, "purge-pupil-data", "--dry-run")
    assert "Would blank the client IP address of 2 audit events before" in dry.output
    assert "(AUDIT_IP_RETENTION_DAYS is 90)" in dry.output
    assert all(ip == IP for _, ip in events_by_age().values())
    result = run(app, "purge-pupil-data")
    assert result.exit_code == 0, result.output
    assert "Blanked the client IP address of 2 audit events" in result.output
    assert events_by_age() == {
        "age200@example.org": ("200 days ago", ""),
        "age91@example.org": ("91 days ago", ""),
        "age89@example.org": ("89 days ago", IP),
        "age1@example.org": ("1 days ago", IP),
    }


def test_the_ip_retention_is_configurable(app):
    add_events(10, 3)
    app.config["AUDIT_IP_RETENTION_DAYS"] = 7
    result = run(app, "purge-pupil-data")
    assert "Blanked the client IP address of 1 audit event before" in result.output
    assert [ip for _, ip in sorted(events_by_age().values())] == ["", IP]


def test_the_database_still_refuses_any_other_change_to_audit_events(app):
    add_events(200)
    for statement in (
        "UPDATE audit_event SET detail = 'edited'",
        "UPDATE audit_event SET ip_address = '198.51.100.1'",
        "UPDATE audit_event SET ip_address = '', email = 'someone@example.org'",
        "DELETE FROM audit_event",
    ):
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            db.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET ip_address = ''"))
    assert events_by_age() == {"age200@example.org": ("200 days ago", "")}


# Backups ---------------------------------------------------------------------------------


def make_backup(path: Path, made: datetime) -> Path:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    os.utime(path, (made.timestamp(), made.timestamp()))
    return path


def test_backups_made_before_the_oldest_kept_year_are_listed(two_years, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = make_backup(folder / "tracker-2023-07-01.sqlite", datetime(2023, 7, 1, tzinfo=UTC))
    make_backup(folder / "tracker-2023-09-01.sqlite", datetime(2023, 9, 1, tzinfo=UTC))
    (folder / "notes.txt").write_text("not a backup")
    two_years.config["BACKUP_FOLDER"] = str(folder)
    for args in (("--dry-run",), ()):
        result = run(two_years, "purge-pupil-data", *args)
        assert result.exit_code == 0, result.output
        assert "Warning: 1 backup in" in result.output
        assert "was made before 1 August 2023" in result.output
        assert f"  {old} (made 2023-07-01)" in result.output
        assert "2023-09-01.sqlite" not in result.output and "notes.txt" not in result.output
    # The command never deletes a backup itself.
    assert old.exists()


def test_without_a_backup_folder_the_rule_is_printed(two_years):
    result = run(two_years, "purge-pupil-data", "--dry-run")
    assert "Backups are not changed by this command: delete any made before 1 August 2023" in (
        result.output
    )
    assert "Set BACKUP_FOLDER" in result.output


def test_a_backup_folder_that_does_not_exist_is_reported(two_years, tmp_path):
    two_years.config["BACKUP_FOLDER"] = str(tmp_path / "missing")
    result = run(two_years, "purge-pupil-data", "--dry-run")
    assert result.exit_code == 0
    assert "is not a folder, so no backups were checked" in result.output


def test_failed_sign_ins_past_their_windows_are_forgotten(app):
    from tracker.models import SignInAddressFailure, SignInFailure

    now = datetime.now(UTC)
    with unit_of_work():
        for hours in (30, 1):
            db.session.add(
                SignInFailure(email="someone@example.org", at=now - timedelta(hours=hours))
            )
        for minutes in (60, 1):
            db.session.add(
                SignInAddressFailure(network="192.0.2.7", at=now - timedelta(minutes=minutes))
            )
    result = run(app, "purge-pupil-data")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    # Only those that still count are kept: one within 24 hours, one within 15 minutes.
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 1
    assert db.session.scalar(select(func.count()).select_from(SignInAddressFailure)) == 1
