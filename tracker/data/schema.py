"""Whether the database's schema is the one this version of the code expects."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tracker.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def schema_problem() -> str | None:
    """A sentence saying what to run if the schema is missing or behind, else None."""
    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current == heads:
        return None
    if not current:
        return "The database has no tables yet: run `flask --app wsgi db upgrade` first."
    return "The database schema is out of date: run `flask --app wsgi db upgrade` first."
