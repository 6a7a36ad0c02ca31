"""Import benchmark: one academic year of registers for 50,000 pupils, beside DuckDB.

    make bench                      # SQLite file under bench/.work/
    DATABASE_URL=postgresql://... make bench

Generates the synthetic files once (schools, pupils and about 19 million
marks; kept in bench/.work/ for the next run), loads schools and pupils,
then times `flask import-data marks` in its own process and reads that
process's peak memory. DuckDB then reads the same file and adds the marks up
per enrolment and week by code class, the same work the importer does before
writing. The target is at most 60 s and 4 GB on a 2-core machine.

The database named by DATABASE_URL is brought to the latest schema and
seeded; the bench's schools (URNs 900001 upwards) and pupils are replaced on
each run. Use a database of its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

TARGET_SECONDS = 60
TARGET_BYTES = 4 * 1024**3


def duckdb_query() -> str:
    """The importer's aggregation in SQL: marks per enrolment and week, by code class."""
    from tracker.domain.attendance_codes import CODES_BEFORE_2024, CodeClass

    def codes(cls: CodeClass) -> str:
        found = [code for code, kind in CODES_BEFORE_2024.items() if kind is cls]
        return ", ".join("'" + code.replace("'", "''") + "'" for code in found)

    counts = ",\n".join(
        f"count(*) FILTER (WHERE code IN ({codes(cls)})) AS {cls.name.lower()}"
        for cls in CodeClass
        if cls is not CodeClass.NOT_POSSIBLE
    )
    select = "SELECT pupil_id, urn, date_trunc('week', CAST(date AS DATE)) AS week_start"
    source = "FROM read_csv(?, header = true, all_varchar = true)"
    # Built from the register code table only; the file path is a bound parameter.
    return f"{select},\n{counts}\n{source}\nGROUP BY ALL"  # nosec B608 # constants only


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time, peak memory in bytes and exit status of one child process."""
    started = time.perf_counter()
    # Our own commands, built from fixed arguments.
    process = subprocess.Popen(command, env=env, cwd=PROJECT_DIR)  # noqa: S603 # nosec B603 # our own command
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux.
    return elapsed, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def run(command: list[str], env: dict[str, str], *, quiet: bool = False) -> None:
    # Our own commands, built from fixed arguments.
    subprocess.run(  # noqa: S603 # nosec B603 # our own command
        command, env=env, cwd=PROJECT_DIR, check=True, capture_output=quiet
    )


def prepare(env: dict[str, str], workdir: Path, pupils: int, year: str) -> Path:
    marks = workdir / f"marks-{year.replace('/', '-')}-{pupils}.csv"
    for command in (flask("db", "upgrade"), flask("seed")):
        run(command, env, quiet=True)
    if not marks.exists():
        print(f"Generating {pupils:,} pupils' marks for {year} ...", flush=True)
        run(flask("generate-marks", "--year", year, "--pupils", str(pupils), "-o", str(marks)), env)
    for kind in ("schools", "pupils"):
        run(flask("import-data", kind, str(marks.with_name(f"{marks.stem}.{kind}.csv"))), env)
    vacuum(env["DATABASE_URL"])
    return marks


def vacuum(url: str) -> None:
    """Clear out rows replaced by earlier runs, as autovacuum would between imports.

    Without it, a server with autovacuum off makes every run slower than the last.
    """
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE attendance_week")


def duckdb_time(marks: Path) -> tuple[float, int]:
    import duckdb

    started = time.perf_counter()
    groups = duckdb.execute(duckdb_query(), [str(marks)]).fetchall()
    return time.perf_counter() - started, len(groups)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--year", default="2022/23")
    parser.add_argument("--workdir", type=Path, default=PROJECT_DIR / "bench" / ".work")
    options = parser.parse_args()
    options.workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{options.workdir / 'bench.sqlite'}"
        ),
        "TRACKER_INSTANCE_PATH": str(options.workdir / "instance"),
    }
    marks = prepare(env, options.workdir, options.pupils, options.year)
    rows = sum(1 for _ in marks.open("rb")) - 1
    size = marks.stat().st_size

    print(f"Importing {rows:,} marks ({size / 1024**2:,.0f} MB) ...", flush=True)
    seconds, peak, status = run_measured(flask("import-data", "marks", str(marks)), env)
    if status != 0:
        print("The import failed", file=sys.stderr)
        return status
    duck_seconds, groups = duckdb_time(marks)
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    database = env["DATABASE_URL"].split("://", 1)[0]
    print()
    print(f"Marks file             {rows:,} rows, {size / 1024**2:,.0f} MB")
    print(f"import-data marks      {seconds:6.1f} s   peak {peak / 1024**3:4.2f} GB   ({database})")
    print(
        f"DuckDB read and group  {duck_seconds:6.1f} s   {groups:,} enrolment weeks"
        f"   (bench process peak {own_peak / 1024**3:4.2f} GB)"
    )
    print(f"Ratio import / DuckDB  {seconds / duck_seconds:6.1f} x")
    within = seconds <= TARGET_SECONDS and peak <= TARGET_BYTES
    print(f"Target (60 s, 4 GB)    {'met' if within else 'NOT met'}")
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
