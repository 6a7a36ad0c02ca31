"""SQLite connections are set up for several processes sharing one file."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import text

from tracker.extensions import db
from tracker.sqlite_settings import BUSY_TIMEOUT_MS


@pytest.fixture
def sqlite_app(backend, empty_app):
    if backend != "sqlite":
        pytest.skip("SQLite's own settings")
    return empty_app


def test_connections_use_the_write_ahead_log_and_wait_for_a_busy_file(sqlite_app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


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
