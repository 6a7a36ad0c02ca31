"""Prints the PostgreSQL database that `make test` (or `make bench`) should use.

The tests run on SQLite and on PostgreSQL: the service runs on PostgreSQL in production,
so a run that quietly skipped it would pass on what it never tried. The database is, in
order: the one named by the variable given (TEST_DATABASE_URL, LOAD_DATABASE_URL), else
a server on 127.0.0.1:5432 that answers as "postgres" (the database is made there if
missing). If none answers, this fails, unless SQLITE_ONLY=1 says SQLite alone will do,
when it prints nothing.
"""

from __future__ import annotations

import argparse
import os
import sys

import psycopg
from psycopg import sql

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432"


def _local_database(name: str) -> str | None:
    """The URL of ``name`` on the local server, made if missing; None if no server answers."""
    try:
        with psycopg.connect(f"{LOCAL_SERVER}/postgres", connect_timeout=3, autocommit=True) as db:
            found = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if found is None:
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError:
        return None
    return f"{LOCAL_SERVER}/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variable", default="TEST_DATABASE_URL")
    parser.add_argument("--database", default="test", help="Its name on the local server.")
    options = parser.parse_args()
    url = os.environ.get(options.variable) or _local_database(options.database)
    if url:
        print(url)
        return 0
    if os.environ.get("SQLITE_ONLY") == "1":
        print("SQLITE_ONLY=1: PostgreSQL is left out of this run", file=sys.stderr)
        return 0
    print(
        f"No PostgreSQL to run on: set {options.variable}, start PostgreSQL on "
        f"127.0.0.1:5432 (.ci/run does both), or set SQLITE_ONLY=1 to leave it out",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
