"""Backing up the whole database to one file, and restoring it from one.

SQLite is copied with its online backup API, which gives a consistent copy
while the service keeps running, and restored the same way: the whole file is
replaced in one step. PostgreSQL is dumped with ``pg_dump --format=custom``. To
restore it, ``pg_restore`` turns the dump into SQL, which ``psql`` runs in one
transaction that first drops the whole ``public`` schema and makes it again. So
tables, functions and triggers that a newer version of the tracker added do not
survive a restore of an older backup (they would stop ``db upgrade`` making them
again), and a restore that fails part way, or a damaged dump, changes nothing.

The rule that protects live data: a restore refuses a database in which any
table (other than the schema version) holds a row, unless ``replace`` is
given. A file that is missing, is not a tracker backup, is a backup for the
other kind of database, or comes from a newer version of the tracker is
refused before anything is touched.

Passwords never appear in messages or on a command line: the PostgreSQL
tools get theirs through the ``PGPASSWORD`` environment variable.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump, pg_restore and psql, found on PATH, with no shell
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, select, table
from sqlalchemy.engine import URL

from tracker.private_files import replace_privately

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
VERSION_TABLE = "alembic_version"


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing has been changed."""


@dataclass(frozen=True)
class RestoreResult:
    revision: str
    replaced: bool


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime  # when the file was last written, in UTC


def backups_in(folder: Path) -> list[BackupFile]:
    """The tracker backups (SQLite copies and PostgreSQL dumps) directly in ``folder``,
    oldest first. Only the start of each file is read, to recognise it."""
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if not path.is_file():
            continue
        try:
            with path.open("rb") as file:
                start = file.read(len(SQLITE_MAGIC))
        except OSError:
            continue
        if start.startswith((SQLITE_MAGIC, PG_DUMP_MAGIC)):
            made = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
            found.append(BackupFile(path, made))
    return sorted(found, key=lambda backup: (backup.made_at, backup.path))


def backup_database(*, url: URL, path: Path) -> int:
    """Write a backup of the database at ``url`` to the new file ``path``; returns its size."""
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name for the backup")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist")
    # Readable by its owner only (a backup holds password hashes and pupil records), and
    # never a file that looks complete after a backup that failed part way.
    replace_privately(path, lambda partial: _write_backup(url, partial))
    return path.stat().st_size


def _write_backup(url: URL, partial: Path) -> None:
    if _dialect(url) == "sqlite":
        _sqlite_backup(_sqlite_file(url), partial)
    else:
        _run_pg("pg_dump", ["--format=custom", f"--file={partial}"], url=url)


def restore_database(
    *, engine: Engine, path: Path, replace: bool, known_revisions: Collection[str]
) -> RestoreResult:
    """Replace the database behind ``engine`` with the backup at ``path``.

    Checks everything it can first: the file, its kind, its schema version
    (which must be one of ``known_revisions``) and, unless ``replace``, that
    the database holds no rows.
    """
    url = engine.url
    kind = _dialect(url)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}")
    revision = _backup_revision(path, kind)
    if revision not in known_revisions:
        raise BackupError(
            f"{path} has schema version {revision}, which this version of the tracker does not "
            "know: it was made by a newer version. Update the tracker, then restore it."
        )
    holding = tables_with_rows(engine=engine)
    if holding and not replace:
        raise BackupError(
            f"The database is not empty ({len(holding)} tables hold rows, e.g. "
            f"{', '.join(holding[:3])}). Restoring would replace everything in it: "
            "add --replace to do that."
        )
    # This process's own connections would otherwise hold locks the restore needs.
    engine.dispose()
    if kind == "sqlite":
        _sqlite_restore(path, _sqlite_file(url))
    else:
        _pg_restore(path, url)
    return RestoreResult(revision=revision, replaced=bool(holding))


def tables_with_rows(*, engine: Engine) -> list[str]:
    """The tables, other than the schema version, that hold at least one row."""
    with engine.connect() as connection:
        names = sorted(set(inspect(connection).get_table_names()) - {VERSION_TABLE})
        return [
            name
            for name in names
            if connection.execute(select(1).select_from(table(name)).limit(1)).first()
        ]


# SQLite


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("Only a SQLite database in a file can be backed up or restored")
    return Path(url.database)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist")
    with _read_only(source) as from_db, _closing(sqlite3.connect(target)) as to_db:
        from_db.backup(to_db)


def _sqlite_restore(backup: Path, target: Path) -> None:
    if backup.resolve() == target.resolve():
        raise BackupError("The backup file is the database itself")
    # The backup API writes every page in one step under a write lock, so other
    # connections see the old database or the restored one, never a mixture.
    with _read_only(backup) as from_db, _closing(sqlite3.connect(target)) as to_db:
        from_db.backup(to_db)


def _read_only(path: Path) -> _closing:
    return _closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))


class _closing:
    """sqlite3's own context manager ends a transaction but leaves the connection open."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc) -> None:
        self.connection.close()


def _sqlite_revision(path: Path) -> str:
    damaged = BackupError(f"{path} is a damaged SQLite database: it cannot be restored")
    with _read_only(path) as connection:
        try:
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise damaged
        except sqlite3.DatabaseError:
            # A file cut short or overwritten can fail before the check can answer.
            raise damaged from None
        try:
            rows = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()  # noqa: S608 # nosec B608 # a constant table name
        except sqlite3.DatabaseError:
            raise BackupError(f"{path} is a SQLite database, but not a tracker backup") from None
    if len(rows) != 1:
        raise BackupError(f"{path} is a SQLite database, but not a tracker backup")
    return rows[0][0]


# PostgreSQL


_COPY_VERSION = re.compile(
    rf"^COPY (?:public\.)?{VERSION_TABLE} \(version_num\) FROM stdin;\n(.+)\n\\\.$", re.MULTILINE
)


def _pg_revision(path: Path) -> str:
    dumped = _run_pg(
        "pg_restore", ["--data-only", f"--table={VERSION_TABLE}", "--file=-", str(path)], url=None
    )
    found = _COPY_VERSION.search(dumped)
    if not found:
        raise BackupError(f"{path} is a PostgreSQL dump, but not a tracker backup")
    return found.group(1)


def _run_pg(program: str, arguments: list[str], *, url: URL | None) -> str:
    """Run a PostgreSQL client tool; its output, or ``BackupError`` with its complaint."""
    environ = dict(os.environ)
    if url is not None:
        arguments = [_dbname(url, environ), *arguments]
    finished = subprocess.run(  # noqa: S603  # nosec B603 # fixed program, no shell
        [_tool(program), *arguments], env=environ, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(f"{program} failed: {_complaint(finished.stderr, finished.returncode)}")
    return finished.stdout


# Sent to psql before the backup's own SQL, in the same transaction. Dropping the
# schema removes everything in it, whatever version of the tracker made it. A
# lock wait longer than this means an app server is still using the database.
_EMPTY_THE_SCHEMA = b"""\
SET client_min_messages = warning;
SET lock_timeout = '10s';
BEGIN;
DROP SCHEMA IF EXISTS public CASCADE;
CREATE SCHEMA public;
"""


def _pg_restore(path: Path, url: URL) -> None:
    """Replace everything in the database's ``public`` schema with the dump, all or nothing.

    pg_restore writes the dump as SQL and psql runs it. The transaction is
    committed only after pg_restore has read the whole dump without error; if it
    stops, psql reaches the end of its input with the transaction open, and
    PostgreSQL rolls it back.
    """
    environ = dict(os.environ)
    reader_command = [_tool("pg_restore"), "--no-owner", "--no-acl", "--file=-", str(path)]
    runner_command = [
        _tool("psql"),
        "--no-psqlrc",
        "--quiet",
        "--set=ON_ERROR_STOP=1",
        _dbname(url, environ),
    ]
    with tempfile.TemporaryFile() as reader_errors, tempfile.TemporaryFile() as runner_errors:
        # Errors go to files, not pipes, so that neither tool can stall on a full pipe.
        runner = subprocess.Popen(  # noqa: S603  # nosec B603 # fixed program, no shell
            runner_command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=runner_errors,
            env=environ,
        )
        reader = subprocess.Popen(  # noqa: S603  # nosec B603 # fixed program, no shell
            reader_command, stdout=subprocess.PIPE, stderr=reader_errors, env=environ
        )
        _feed(reader, runner)
        reader_errors.seek(0)
        runner_errors.seek(0)
        # pg_restore's own error comes first: a dump cut short can also leave psql
        # a half line to complain about. pg_restore ended by a signal was stopped
        # by psql stopping, whose error then says why.
        if reader.returncode > 0:
            complaint = _complaint(reader_errors.read().decode(errors="replace"), reader.returncode)
            raise BackupError(f"pg_restore failed, so nothing was restored: {complaint}")
        if runner.returncode != 0 or reader.returncode != 0:
            complaint = _complaint(runner_errors.read().decode(errors="replace"), runner.returncode)
            hint = " Stop the app servers, then restore." if "lock timeout" in complaint else ""
            raise BackupError(f"The restore failed, so nothing was changed: {complaint}.{hint}")


def _feed(reader: subprocess.Popen, runner: subprocess.Popen) -> None:
    """Pass pg_restore's SQL to psql, then COMMIT only if pg_restore finished cleanly."""
    try:
        runner.stdin.write(_EMPTY_THE_SCHEMA)
        shutil.copyfileobj(reader.stdout, runner.stdin)
        if reader.wait() == 0:
            runner.stdin.write(b"COMMIT;\n")
    except BrokenPipeError:
        pass  # psql stopped at an error, which its own message names
    finally:
        # Closing pg_restore's output ends it if psql stopped first.
        reader.stdout.close()
        reader.wait()
        with contextlib.suppress(BrokenPipeError):
            runner.stdin.close()
        runner.wait()


def _tool(program: str) -> str:
    binary = shutil.which(program)
    if binary is None:
        raise BackupError(
            f"{program} was not found on PATH: install the PostgreSQL client tools, of the "
            "same major version as the server or newer"
        )
    return binary


def _dbname(url: URL, environ: dict[str, str]) -> str:
    """The ``--dbname`` argument for ``url``; its password goes into ``environ`` instead."""
    if url.password:
        environ["PGPASSWORD"] = str(url.password)
    target = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return f"--dbname={target.render_as_string(hide_password=False)}"


def _complaint(stderr: str, returncode: int) -> str:
    """The tool's first message: the lines after it can quote rows of the backup."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[0] if lines else f"exit status {returncode}"


def _backup_revision(path: Path, kind: str) -> str:
    with path.open("rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    if start.startswith(SQLITE_MAGIC):
        found = "sqlite"
    elif start.startswith(PG_DUMP_MAGIC):
        found = "postgresql"
    else:
        raise BackupError(
            f"{path} is not a tracker backup: it is neither a SQLite database nor a "
            "pg_dump custom-format file"
        )
    if found != kind:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"{path} is a {names[found]} backup, but the database is {names[kind]}: "
            "restore it into a database of the kind it came from"
        )
    return _sqlite_revision(path) if kind == "sqlite" else _pg_revision(path)


def _dialect(url: URL) -> str:
    name = url.get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups work on SQLite and PostgreSQL only, not {name}")
    return name
