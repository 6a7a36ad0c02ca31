"""A restore replaces the whole database: a backup from an older version comes back exactly
as it was, with nothing a newer version added left behind, and `db upgrade` then brings it
up to date; a damaged backup file leaves the live database as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, select, text, update

from tracker.data.accounts import authenticate
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import User

# Before the board reports, the append-only triggers (and PostgreSQL's function
# behind them) and the audit record: a version with several tables fewer.
OLDER_REVISION = "0004_benchmarks"


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def database_content() -> dict:
    """Every table with its columns and rows, and the database's other objects by name."""
    db.session.remove()
    content = {}
    with db.engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for name, table in tables.tables.items():
            rows = connection.execute(select(table)).all()
            content[name] = ([column.name for column in table.columns], sorted(rows, key=repr))
        content["objects"] = sorted(connection.execute(text(OBJECTS[connection.dialect.name])))
    db.engine.dispose()
    return content


OBJECTS = {
    "sqlite": "SELECT type, name FROM sqlite_master",
    "postgresql": """
        SELECT 'function', proname::text FROM pg_proc
            WHERE pronamespace = 'public'::regnamespace
        UNION ALL SELECT 'trigger', tgname::text FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'index', indexname::text FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'sequence', sequencename::text FROM pg_sequences
            WHERE schemaname = 'public'
    """,
}


def head_revision() -> str:
    return ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()


def test_a_backup_from_an_older_version_comes_back_exactly_and_then_upgrades(app, people, tmp_path):
    board_email = people["board"].email
    # The session's open transaction would hold locks the migrations need.
    db.session.remove()
    downgrade(revision=OLDER_REVISION)
    at_backup = database_content()
    path = tmp_path / "older.backup"
    assert run(app, "backup", path).exit_code == 0
    upgrade()
    # The newer version's own rows, in a table the older backup does not have.
    with unit_of_work():
        authenticate(email=board_email, password="not the password")
        db.session.execute(update(User).values(team="Changed after the backup"))
    newer = database_content()
    assert "audit_event" in newer
    assert newer["audit_event"][1]

    restored = run(app, "restore", "--replace", path)
    assert restored.exit_code == 0, restored.output
    assert "run `flask --app wsgi db upgrade` next" in restored.output
    assert database_content() == at_backup

    upgraded = run(app, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    db.session.remove()
    assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
    # The accounts are those of the backup.
    assert set(db.session.scalars(select(User.team))) == {"Inclusion"}


def truncated(path: Path) -> Path:
    damaged = path.with_name("truncated.backup")
    data = path.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    return damaged


def zeroed_in_the_middle(path: Path) -> Path:
    damaged = path.with_name("zeroed.backup")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(8192)
    damaged.write_bytes(bytes(data))
    return damaged


@pytest.mark.parametrize("damage", [truncated, zeroed_in_the_middle])
def test_a_damaged_backup_leaves_the_live_database_as_it_was(app, people, tmp_path, damage):
    path = tmp_path / "tracker.backup"
    assert run(app, "backup", path).exit_code == 0
    with unit_of_work():
        db.session.execute(update(User).values(team="Changed since the backup"))
    live = database_content()
    restored = run(app, "restore", "--replace", damage(path))
    assert restored.exit_code == 1, restored.output
    if db.engine.dialect.name == "sqlite":
        assert "is a damaged SQLite database" in restored.output
    else:
        # Past the check of its schema version: pg_restore stops part way through.
        assert "pg_restore failed, so nothing was restored" in restored.output
    assert database_content() == live


def test_a_restore_that_fails_part_way_changes_nothing(app, people, tmp_path, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's backup API replaces the file in one step")
    path = tmp_path / "tracker.backup"
    assert run(app, "backup", path).exit_code == 0
    live = database_content()
    # A table the backup makes already exists when its CREATE runs: psql stops there,
    # after the schema has been dropped and part of the backup restored.
    from tracker.data import backups

    monkeypatch.setattr(
        backups,
        "_EMPTY_THE_SCHEMA",
        backups._EMPTY_THE_SCHEMA + b"CREATE TABLE public.user_account (id integer);\n",
    )
    restored = run(app, "restore", "--replace", path)
    assert restored.exit_code == 1, restored.output
    assert "The restore failed, so nothing was changed" in restored.output
    assert 'relation "user_account" already exists' in restored.output
    assert database_content() == live
