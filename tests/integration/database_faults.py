"""Databases that fill up or go away, for the fault tests."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, text

from tracker.extensions import db


def fill_sqlite_to_the_brim(engine) -> None:
    """Make the database file as full as a full disk would: SQLite then answers SQLITE_FULL.

    Free pages are removed first, and every new connection may not grow the file further.
    """
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM")
    engine.dispose()

    @event.listens_for(engine, "connect")
    def no_room(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()


@pytest.fixture
def database_gone(backend, app):
    """Stops the test database taking connections and ends the ones it has, then brings it back."""
    if backend != "postgresql":
        pytest.skip("needs a database server that can go away")
    name = db.engine.url.database
    admin = create_engine(db.engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def run(sql: str, **values) -> None:
        with admin.connect() as connection:
            connection.execute(text(sql), values)

    class Outage:
        @staticmethod
        def begin() -> None:
            run(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            run(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()",
                name=name,
            )

        @staticmethod
        def end() -> None:
            run(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

    try:
        yield Outage
    finally:
        Outage.end()
        admin.dispose()
