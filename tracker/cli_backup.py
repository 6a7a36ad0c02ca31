"""Commands that back the database up to a file and restore it: ``backup`` and ``restore``."""

from __future__ import annotations

from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app

from tracker.data.attendance_metrics import forget_cached_metrics
from tracker.data.backups import BackupError, backup_database, restore_database
from tracker.extensions import db

_PATH = click.Path(dir_okay=False, path_type=Path)


@click.command("backup")
@click.argument("path", type=_PATH)
def backup_command(path: Path) -> None:
    """Write a backup of the whole database to the new file PATH.

    SQLite is copied with its online backup API; PostgreSQL is dumped with
    pg_dump in its custom format. Safe to run while the service is in use.
    Evidence files live under the instance folder and need backing up too.
    """
    try:
        size = backup_database(url=db.engine.url, path=path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the {_kind()} database to {path} ({size:,} bytes)")


@click.command("restore")
@click.argument("path", type=_PATH)
@click.option(
    "--replace",
    is_flag=True,
    help="Restore even though the database holds data, which the backup replaces.",
)
def restore_command(path: Path, replace: bool) -> None:
    """Restore the database from the backup file PATH.

    Everything in the database is replaced, tables a newer version added
    included, or nothing is. Refuses, changing nothing, if the file is missing,
    damaged, not a tracker backup for this kind of database, or from a newer
    version; and, unless --replace is given, if any table in the database holds
    a row. Stop the app servers first.
    """
    scripts = ScriptDirectory(current_app.extensions["migrate"].directory)
    known = {script.revision for script in scripts.walk_revisions()}
    try:
        result = restore_database(
            engine=db.engine, path=path, replace=replace, known_revisions=known
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    # Totals measured from the data that was there before must not be read back.
    forget_cached_metrics()
    replaced = ", replacing what was there" if result.replaced else ""
    click.echo(f"Restored the {_kind()} database from {path}{replaced}")
    if result.revision != scripts.get_current_head():
        click.echo(
            "The backup has an older schema: run `flask --app wsgi db upgrade` next, "
            "before starting the app servers."
        )


def _kind() -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[db.engine.url.get_backend_name()]


BACKUP_COMMANDS = (backup_command, restore_command)
