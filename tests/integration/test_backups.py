"""`backup` and `restore`: a round trip gives back every row of every table, and a restore
that cannot be right is refused before anything changes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, make_url, select, text, update

from tests.conftest import reset_postgresql
from tracker.data.accounts import authenticate
from tracker.data.attachments import StoredFile, add_attachments
from tracker.data.backups import BackupError, backup_database
from tracker.data.demo import seed_demo
from tracker.data.submissions import report_request, submit_report
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work
from tracker.domain.reports.boards import EDUCATION_BOARD
from tracker.extensions import db
from tracker.models import AttendanceWeek, Update, User


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def every_row() -> dict[str, list[tuple]]:
    """Every table's rows, in primary-key order, and the schema version."""
    db.session.rollback()
    rows = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [
            tuple(row) for row in db.session.execute(select(table).order_by(*order))
        ]
    rows["alembic_version"] = list(
        db.session.execute(text("SELECT version_num FROM alembic_version"))
    )
    db.session.rollback()
    return rows


@pytest.fixture
def filled(app, people):
    """The seeded strategy, the test accounts and the demonstration data on top."""
    with unit_of_work():
        seed_demo(password="demo", today=date(2025, 1, 20))
    with unit_of_work():
        add_extra_rows(people)
    rows = every_row()
    assert [name for name, found in rows.items() if not found] == []
    return rows


def add_extra_rows(people) -> None:
    """The kinds of row the demonstration data does not make."""
    authenticate(email=people["board"].email, password="not the password", address="192.0.2.7")
    update = db.session.scalars(select(Update).order_by(Update.id)).first()
    file = StoredFile(
        original_name="minutes.pdf",
        stored_name="0123abcd.pdf",
        content_type="application/pdf",
        size=9,
    )
    add_attachments(update=update, user=people["manager"], files=[file])
    term = get_term(academic_year="2024/25", name="autumn")
    submit_report(
        request=report_request(kind=EDUCATION_BOARD, term=term, week_ending=None),
        user=people["manager"],
        presenter="Sam Manager",
        final=False,
        formats=("md",),
    )


def empty_the_database() -> None:
    url = db.engine.url
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        Path(url.database).unlink()
    else:
        reset_postgresql(url.render_as_string(hide_password=False))


def test_a_backup_restored_into_an_empty_database_gives_back_every_row(app, filled, tmp_path):
    path = tmp_path / "tracker.backup"
    backed_up = run(app, "backup", path)
    assert backed_up.exit_code == 0, backed_up.output
    assert f"database to {path}" in backed_up.output
    # It holds password hashes and pupil records: readable by its owner only.
    assert path.stat().st_mode & 0o777 == 0o600
    empty_the_database()
    assert inspect(db.engine).get_table_names() == []
    restored = run(app, "restore", path)
    assert restored.exit_code == 0, restored.output
    assert "replacing" not in restored.output
    assert every_row() == filled


def test_restore_with_replace_undoes_every_later_change(app, filled, people, tmp_path):
    path = tmp_path / "tracker.backup"
    assert run(app, "backup", path).exit_code == 0
    with unit_of_work():
        db.session.execute(update(User).values(name="Changed"))
        db.session.execute(AttendanceWeek.__table__.delete().where(AttendanceWeek.present > 3))
        db.session.add(
            User(email="late@example.org", name="Late", role="board", team="", password_hash="x")
        )
    assert every_row() != filled
    restored = run(app, "restore", "--replace", path)
    assert restored.exit_code == 0, restored.output
    assert "replacing what was there" in restored.output
    assert every_row() == filled


@pytest.fixture
def seeded(app, people):
    """The seeded strategy and the test accounts: enough for the refusals."""
    return every_row()


def refused(app, *args) -> str:
    result = run(app, *args)
    assert result.exit_code == 1, result.output
    return result.output


def test_restore_refuses_a_database_that_holds_data(app, seeded, tmp_path):
    path = tmp_path / "tracker.backup"
    assert run(app, "backup", path).exit_code == 0
    with unit_of_work():
        db.session.execute(update(User).values(team="Changed since the backup"))
    changed = every_row()
    output = refused(app, "restore", path)
    assert "The database is not empty" in output
    assert "add --replace" in output
    assert every_row() == changed


def test_restore_refuses_a_missing_file_or_one_that_is_no_backup(app, seeded, tmp_path):
    assert "There is no backup file at" in refused(app, "restore", tmp_path / "missing")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database", encoding="utf-8")
    assert "is not a tracker backup" in refused(app, "restore", "--replace", notes)
    assert every_row() == seeded


def test_restore_refuses_a_backup_for_the_other_kind_of_database(app, seeded, tmp_path):
    other = tmp_path / "other.backup"
    if db.engine.url.get_backend_name() == "sqlite":
        other.write_bytes(b"PGDMP" + bytes(100))
        expected = "is a PostgreSQL backup, but the database is SQLite"
    else:
        sqlite3.connect(other).execute("CREATE TABLE alembic_version (version_num TEXT)")
        expected = "is a SQLite backup, but the database is PostgreSQL"
    assert expected in refused(app, "restore", "--replace", other)
    assert every_row() == seeded


def test_restore_refuses_a_backup_of_something_else(app, seeded, tmp_path):
    other = tmp_path / "other.backup"
    if db.engine.url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(other)
        connection.execute("CREATE TABLE inventory (item TEXT)")
        connection.commit()
        connection.close()
        expected = "is a SQLite database, but not a tracker backup"
    else:
        # A damaged dump: the right signature, then nothing pg_restore can read.
        other.write_bytes(b"PGDMP" + bytes(100))
        expected = "pg_restore failed"
    assert expected in refused(app, "restore", "--replace", other)
    assert every_row() == seeded


def test_restore_refuses_a_backup_from_a_newer_version(app, seeded, tmp_path):
    with unit_of_work():
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    path = tmp_path / "future.backup"
    assert run(app, "backup", path).exit_code == 0
    with unit_of_work():
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})
    output = refused(app, "restore", "--replace", path)
    assert "schema version 9999_future" in output
    assert "made by a newer version" in output
    assert every_row() == seeded


def test_backup_refuses_to_overwrite_a_file(app, tmp_path):
    path = tmp_path / "kept.backup"
    path.write_bytes(b"an earlier backup")
    assert "already exists" in refused(app, "backup", path)
    assert path.read_bytes() == b"an earlier backup"
    assert list(tmp_path.glob("*.partial")) == []


STAND_IN_PG_DUMP = """#!/bin/sh
printf '%s\\n' "$@" > "{folder}/arguments"
printf '%s' "$PGPASSWORD" > "{folder}/password"
echo "pg_dump: error: connection to server failed" >&2
exit 1
"""


def test_the_password_reaches_pg_dump_through_its_environment_only(tmp_path, monkeypatch):
    tools = tmp_path / "tools"
    tools.mkdir()
    # Records what it was given, then fails as pg_dump does when the server is away.
    stand_in = STAND_IN_PG_DUMP.format(folder=tools)
    (tools / "pg_dump").write_text(stand_in, encoding="utf-8")
    (tools / "pg_dump").chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    url = make_url(
        "postgresql+psycopg://tracker:s3cret-Word@db.example:5433/tracker?sslmode=require"
    )
    with pytest.raises(BackupError) as refused_error:
        backup_database(url=url, path=tmp_path / "tracker.backup")
    assert "connection to server failed" in str(refused_error.value)
    assert "s3cret" not in str(refused_error.value)
    arguments = (tools / "arguments").read_text(encoding="utf-8")
    assert "s3cret" not in arguments
    assert "--dbname=postgresql://tracker@db.example:5433/tracker?sslmode=require" in arguments
    assert (tools / "password").read_text(encoding="utf-8") == "s3cret-Word"
    assert list(tmp_path.glob("tracker.backup*")) == []


def test_a_missing_pg_dump_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        backup_database(url=make_url("postgresql://db/tracker"), path=tmp_path / "b.backup")
