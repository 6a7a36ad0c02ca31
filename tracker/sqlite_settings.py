"""Settings every SQLite connection needs when several requests share one database file.

gunicorn runs several processes, each with several threads, on the same file. In
SQLite's default rollback-journal mode a writer must wait until no one is reading,
and under a term-deadline rush the reports and summaries being read kept saves and
sign-ins waiting past the driver's 5 s limit, which ended in "database is locked"
errors. In write-ahead-log mode readers and the one writer do not wait for each
other; writers still queue, for up to ``BUSY_TIMEOUT_MS``. WAL needs every process on
the same machine as the file, which the embedded set-up is (see README, Deployment).
The default full synchronisation is kept, so a committed save survives a power cut.

SQLite checks foreign keys only when each connection asks it to, so every connection
does: a row that names a missing parent is refused, as PostgreSQL refuses it.
Migrations turn the check off for their own connection while they run (see
``migrations/env.py``), because batch mode rebuilds a table by dropping it.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Longer than any one write takes (an import of a year of registers writes in one
# transaction, but runs from the command line, not during the working day).
BUSY_TIMEOUT_MS = 30_000


def _on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Stays set in the file; an in-memory database answers "memory" and is left so.
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
