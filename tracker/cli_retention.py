"""``purge-pupil-data``: deletes pupil-level data older than the retention setting allows,
with every copy the service keeps of it, and blanks old client IP addresses in the audit
record. Backups cannot be edited: the command lists those that should be deleted."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import click
from flask import current_app

from tracker.data.accounts import forget_old_failures
from tracker.data.attendance_metrics import forget_cached_metrics
from tracker.data.audit import blank_ip_addresses_before, ip_addresses_before
from tracker.data.backups import backups_in
from tracker.data.metrics_store import forget_stored_totals_before, stored_totals_before
from tracker.data.retention import pupil_data_before, purge_pupil_data
from tracker.data.transaction import unit_of_work
from tracker.domain.reports.model import long_date
from tracker.domain.retention import academic_year_of, first_kept_day, first_kept_year
from tracker.models.mixins import utcnow
from tracker.reports import download_cache


@click.command("purge-pupil-data")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
def purge_pupil_data_command(dry_run: bool) -> None:
    """Delete enrolments and their weekly attendance for academic years older than
    PUPIL_DATA_RETENTION_YEARS before the current one, all or nothing, with the stored
    figures and report files that may hold them; blank client IP addresses in audit
    events older than AUDIT_IP_RETENTION_DAYS; forget failed sign-ins past their windows.

    Prints the number of enrolments and weekly totals by academic year. Published
    figures, manual indicator values and submitted reports are kept. Backups in
    BACKUP_FOLDER made before the oldest kept year are listed, to be deleted by hand.
    """
    day = date.today()
    years = current_app.config["PUPIL_DATA_RETENTION_YEARS"]
    first_kept = first_kept_year(today=day, retention_years=years)
    ip_days = current_app.config["AUDIT_IP_RETENTION_DAYS"]
    ip_before = utcnow() - timedelta(days=ip_days)
    click.echo(
        f"Retention: {years} year{'' if years == 1 else 's'} before {academic_year_of(day)}; "
        f"pupil-level data before {first_kept} is due for deletion."
    )
    if dry_run:
        _report(pupil_data_before(first_kept_year=first_kept), "Would delete")
        stored = len({path.stem for path in stored_totals_before(first_kept_year=first_kept)})
        _copies(stored, _report_files(), "Would delete")
        _ip_line(ip_addresses_before(before=ip_before), ip_days, ip_before, "Would blank")
    else:
        with unit_of_work():
            found = purge_pupil_data(first_kept_year=first_kept, retention_years=years)
            blanked = blank_ip_addresses_before(before=ip_before)
            # Failed sign-ins past their windows, which an idle service may still hold.
            forget_old_failures(now=utcnow())
        stored = forget_stored_totals_before(first_kept_year=first_kept)
        if found:
            # Totals measured before the purge must not be read back, here or on disk.
            forget_cached_metrics()
        cleared = download_cache.clear(_report_folder())
        _report(found, "Deleted")
        _copies(stored, cleared, "Deleted")
        _ip_line(blanked, ip_days, ip_before, "Blanked")
    _backups(first_kept)


def _report(found, verb: str) -> None:
    if not found:
        click.echo("No pupil-level data is older than that: nothing to delete.")
        return
    for year in found:
        click.echo(f"{verb} {year.line()}")


def _report_folder() -> Path:
    return Path(current_app.instance_path) / download_cache.FOLDER


def _report_files() -> int:
    return len(download_cache.cached_files(_report_folder()))


def _copies(stored: int, report_files: int, verb: str) -> None:
    """The service's own copies: measured totals of expired years, and every report file
    laid out for download (any may show an expired year; all are laid out again)."""
    click.echo(
        f"{verb} {stored:,} stored measured total{'' if stored == 1 else 's'} of expired years "
        f"and {report_files:,} report file{'' if report_files == 1 else 's'} kept for download."
    )


def _ip_line(count: int, days: int, before: datetime, verb: str) -> None:
    click.echo(
        f"{verb} the client IP address of {count:,} audit event{'' if count == 1 else 's'} "
        f"before {long_date(before.date().isoformat())} "
        f"(AUDIT_IP_RETENTION_DAYS is {days})."
    )


def _backups(first_kept: str) -> None:
    """Warn about backups, which hold every year they were made with and cannot be edited."""
    since = first_kept_day(first_kept)
    setting = current_app.config.get("BACKUP_FOLDER")
    if not setting:
        click.echo(
            f"Backups are not changed by this command: delete any made before "
            f"{long_date(since.isoformat())}. Set BACKUP_FOLDER to have them listed here."
        )
        return
    folder = Path(setting)
    if not folder.is_dir():
        click.echo(f"Warning: BACKUP_FOLDER {folder} is not a folder, so no backups were checked.")
        return
    expired = [b for b in backups_in(folder) if b.made_at.date() < since]
    if not expired:
        click.echo(f"No backup in {folder} was made before {long_date(since.isoformat())}.")
        return
    click.echo(
        f"Warning: {len(expired)} backup{'' if len(expired) == 1 else 's'} in {folder} "
        f"{'was' if len(expired) == 1 else 'were'} made before {long_date(since.isoformat())} "
        "and hold only pupil-level data past its retention. A backup cannot be edited: "
        "delete these files, and any copies of them kept elsewhere."
    )
    for backup in expired:
        click.echo(f"  {backup.path} (made {backup.made_at:%Y-%m-%d})")


RETENTION_COMMANDS = (purge_pupil_data_command,)
