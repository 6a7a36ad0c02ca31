"""A process killed in the middle of its work leaves the database as it was before or after.

Each test starts the real command or data functions in a child process on the test's
database, kills it with SIGKILL (no clean-up runs) while it is writing, then reads the
database afresh.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, table, text

from tests.conftest import PROJECT_DIR, SEED_DIR
from tests.integration.fault_saver import FIELDS, words
from tests.integration.progress_helpers import open_term, own
from tracker.data.imports import import_file
from tracker.data.synthetic import write_synthetic_files
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import HistoryEntry, Update

SLUGS = ("P1-001", "P1-002", "P2-001")


def child_environment(app, tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRACKER_")}
    return env | {
        "DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
        "TRACKER_INSTANCE_PATH": str(tmp_path / "child-instance"),
        "TRACKER_SEED_DIR": str(SEED_DIR),
    }


def release_database() -> None:
    """Close this process's connections, so the child is the only writer."""
    db.session.remove()
    db.engine.dispose()


def row_counts() -> dict[str, int]:
    release_database()
    with db.engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table(name))).scalar()
            for name in inspect(connection).get_table_names()
        }


def writing_has_begun(url: str, tmp_path: Path) -> bool:
    """True once the child has written into its open transaction."""
    if url.startswith("sqlite"):
        wal = Path(f"{db.engine.url.database}-wal")
        return wal.exists() and wal.stat().st_size > 1_000_000
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(
                connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                    )
                ).scalar()
            )
    finally:
        engine.dispose()


def kill_while_writing(child: subprocess.Popen, url: str, tmp_path: Path) -> None:
    deadline = time.monotonic() + 120
    while not writing_has_begun(url, tmp_path):
        assert child.poll() is None, "the child finished before it could be killed: enlarge it"
        assert time.monotonic() < deadline, "the child never began writing"
        time.sleep(0.05)
    time.sleep(random.uniform(0.05, 0.5))
    assert child.poll() is None, "the child finished before it could be killed: enlarge it"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def big_pupils_file(tmp_path: Path, copies: int = 60) -> tuple[Path, Path]:
    """A school file and a roll of some 120,000 pupils: seconds of writing in one transaction."""
    files = write_synthetic_files(
        academic_year="2024/25",
        pupils=2_000,
        marks_path=tmp_path / "marks.csv",
        seed_dir=SEED_DIR,
        until=None,
    )
    header, *rows = Path(files.pupils).read_text(encoding="utf-8").splitlines()
    big = tmp_path / "pupils-big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for copy in range(copies):
            for row in rows:
                year, pupil, rest = row.split(",", 2)
                out.write(f"{year},{pupil}-{copy},{rest}\n")
    return Path(files.schools), big


def test_an_import_killed_while_writing_changes_nothing(app, tmp_path):
    schools, pupils = big_pupils_file(tmp_path)
    with unit_of_work():
        import_file(
            kind="schools", path=schools, file_name=schools.name, user=None, max_bytes=2**31
        )
    before = row_counts()
    assert before["school"] > 0 and before["enrolment"] == 0
    url = db.engine.url.render_as_string(hide_password=False)
    child = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "import-data", "pupils", str(pupils)],
        cwd=PROJECT_DIR,
        env=child_environment(app, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        kill_while_writing(child, url, tmp_path)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    # Killed with its transaction open: as it was before, not one enrolment or log entry more.
    assert row_counts() == before


def acknowledged(lines: list[str]) -> dict[str, int]:
    latest: dict[str, int] = {}
    for line in lines:
        slug, version = line.split()
        latest[slug] = max(latest.get(slug, 0), int(version))
    return latest


def saves_until_killed(app, tmp_path, email: str) -> dict[str, int]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.fault_saver",
            email,
            "2024/25",
            "autumn",
            *SLUGS,
        ],
        cwd=PROJECT_DIR,
        env=child_environment(app, tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = []
    try:
        # Let it save a while, then kill it at a moment of no one's choosing.
        while len(lines) < 10:
            line = child.stdout.readline()
            assert line, "the saving child stopped by itself"
            lines.append(line)
        time.sleep(random.uniform(0.0, 1.0))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        lines.extend(child.stdout.read().splitlines())
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return acknowledged(lines)


def assert_whole(slug: str, update: Update, least: int) -> None:
    """The update holds one save's words in every field, with one history entry per save."""
    assert least <= update.version <= least + 1, "an acknowledged save was lost"
    for field in FIELDS:
        assert getattr(update, field) == words(slug, update.version, field)
        versions = db.session.scalars(
            select(HistoryEntry.version)
            .where(
                HistoryEntry.subject == "update",
                HistoryEntry.subject_id == update.id,
                HistoryEntry.field == field,
            )
            .order_by(HistoryEntry.version)
        ).all()
        assert versions == list(range(1, update.version + 1))


def test_saves_killed_at_random_moments_leave_every_update_whole(app, tmp_path, people):
    for slug in SLUGS:
        own(people, slug=slug)
    open_term()
    email = people["owner"].email
    release_database()
    versions = dict.fromkeys(SLUGS, 0)
    # Three kills, each at a different moment of the save loop.
    for _ in range(3):
        latest = saves_until_killed(app, tmp_path, email)
        release_database()
        updates = {update.item.slug: update for update in db.session.scalars(select(Update)).all()}
        assert set(updates) == set(SLUGS)
        for slug in SLUGS:
            assert_whole(slug, updates[slug], max(versions[slug], latest.get(slug, 0)))
            versions[slug] = updates[slug].version
        release_database()
