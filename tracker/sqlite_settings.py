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

The file holds pseudonymised pupil data, so it is readable by the service's own user
alone, as backups and evidence files are. SQLite gives its write-ahead log and shared
memory files the database file's mode, so setting that before the log is made is enough.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from tracker.private_files import PRIVATE_FILE_MODE

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


_COMPANIONS = ("", "-wal", "-shm", "-journal")


def keep_private(database: Path) -> None:
    """The database file and any log beside it: owner only, whatever the umask was."""
    for suffix in _COMPANIONS:
        path = database.with_name(database.name + suffix)
        # A file owned by another account is the administrator's choice: leave it.
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if path.stat().st_mode & 0o077:
                path.chmod(PRIVATE_FILE_MODE)


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        # Before the first connection's own set-up below, which makes the log files.
        event.listen(engine, "first_connect", lambda *_: keep_private(Path(database)))
    event.listen(engine, "connect", _on_connect)
