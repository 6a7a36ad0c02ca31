"""SQLite connections are set up for several processes sharing one file."""

from __future__ import annotations

import os
import sqlite3
import stat
import time

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import ItemOwner, LocalityGroup, TrackableItem, locality_group_member
from tracker.sqlite_settings import BUSY_TIMEOUT_MS, configure_sqlite


@pytest.fixture
def sqlite_app(backend, empty_app):
    if backend != "sqlite":
        pytest.skip("SQLite's own settings")
    return empty_app


def test_connections_use_the_write_ahead_log_and_wait_for_a_busy_file(sqlite_app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_row_that_names_a_missing_parent_is_refused(sqlite_app):
    with unit_of_work():
        group = LocalityGroup(name="North", slug="north", position=1)
        db.session.add(group)
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"), unit_of_work():
        db.session.execute(
            insert(locality_group_member).values(locality_group_id=group.id, locality_id=9999)
        )
    assert db.session.scalar(select(func.count()).select_from(locality_group_member)) == 0


@pytest.fixture
def owned_item(backend, app, people):
    if backend != "sqlite":
        pytest.skip("SQLite's own settings")
    with unit_of_work():
        item = db.session.scalars(select(TrackableItem).order_by(TrackableItem.id)).first()
        db.session.add(ItemOwner(item=item, user=people["owner"], role="lead"))
    db.session.remove()


def test_migrations_rebuild_tables_that_rows_refer_to_and_leave_the_check_on(owned_item):
    # Going down past the audit record rebuilds user_account (batch mode copies it and
    # drops the old table), which with the check on fails while an owner refers to it.
    downgrade(revision="0006_append_only")
    upgrade()
    assert db.session.scalar(select(func.count()).select_from(ItemOwner)) == 1
    db.session.remove()
    # Every connection the pool hands out checks foreign keys again.
    connections = [db.engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        for connection in connections:
            connection.close()


def test_a_save_does_not_wait_for_someone_reading(sqlite_app):
    # A report being read holds its read transaction open for seconds; a save meanwhile
    # must not wait for it (in the default journal mode it waits until the reader ends).
    reader = sqlite3.connect(db.engine.url.database, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM term").fetchone()
        began = time.perf_counter()
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM sign_in_failure"))
            connection.execute(
                text(
                    "INSERT INTO sign_in_failure (email, at) VALUES ('x@example.org', '2026-01-01')"
                )
            )
        assert time.perf_counter() - began < 2
    finally:
        reader.close()


def test_the_database_file_and_its_logs_are_readable_by_the_service_alone(tmp_path):
    path = tmp_path / "tracker.sqlite"
    sqlite3.connect(path).close()
    path.chmod(0o644)  # as an earlier release, or a copy by hand, left it
    previous = os.umask(0o022)  # the usual umask, which would leave files world-readable
    try:
        engine = create_engine(f"sqlite:///{path}")
        configure_sqlite(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            modes = {
                name: stat.S_IMODE((tmp_path / name).stat().st_mode)
                for name in ("tracker.sqlite", "tracker.sqlite-wal", "tracker.sqlite-shm")
            }
        engine.dispose()
    finally:
        os.umask(previous)
    assert modes == dict.fromkeys(modes, 0o600)
