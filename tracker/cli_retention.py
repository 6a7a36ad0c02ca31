"""``purge-pupil-data``: deletes pupil-level data older than the retention setting allows."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app

from tracker.data.attendance_metrics import forget_cached_metrics
from tracker.data.retention import pupil_data_before, purge_pupil_data
from tracker.data.transaction import unit_of_work
from tracker.domain.retention import academic_year_of, first_kept_year


@click.command("purge-pupil-data")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
def purge_pupil_data_command(dry_run: bool) -> None:
    """Delete enrolments and their weekly attendance for academic years older than
    PUPIL_DATA_RETENTION_YEARS before the current one, all or nothing.

    Prints the number of enrolments and weekly totals by academic year. Published
    figures, manual indicator values and submitted reports are kept.
    """
    day = date.today()
    years = current_app.config["PUPIL_DATA_RETENTION_YEARS"]
    first_kept = first_kept_year(today=day, retention_years=years)
    click.echo(
        f"Retention: {years} year{'' if years == 1 else 's'} before {academic_year_of(day)}; "
        f"pupil-level data before {first_kept} is due for deletion."
    )
    if dry_run:
        found = pupil_data_before(first_kept_year=first_kept)
        _report(found, "Would delete")
        return
    with unit_of_work():
        found = purge_pupil_data(first_kept_year=first_kept, retention_years=years)
    if found:
        # Totals measured before the purge must not be read back, here or on disk.
        forget_cached_metrics()
    _report(found, "Deleted")


def _report(found, verb: str) -> None:
    if not found:
        click.echo("No pupil-level data is older than that: nothing to delete.")
        return
    for year in found:
        click.echo(f"{verb} {year.line()}")


RETENTION_COMMANDS = (purge_pupil_data_command,)
