"""Load test: a term-deadline rush against gunicorn on loopback, with the demo data.

    make bench                                   # SQLite file under bench/.work/
    python bench/bench_load.py --database postgresql://postgres@127.0.0.1:5432/load_bench
    python bench/bench_load.py --users 10 --duration 20     # a shorter run

Builds a fresh database from the migrations and `seed --demo` (on SQLite a seeded copy
is kept and copied for each run; on PostgreSQL the database is emptied and seeded
again: use a database of its own), starts gunicorn with gunicorn.conf.py in the
production configuration on a free loopback port, and for the run's length has owners
sign in and save updates to their own items, managers approve or return what is waiting
in the review queue, and board members read the RAG summary and download the Education
Board report for the last term in PDF, Word and Excel. Everyone pauses between clicks.

Afterwards every save the browsers saw accepted is looked for in the database: each must
be there once, with the text sent and its own history entry, and nothing else may have
been saved. Targets: no errors (no 5xx, no unexpected 4xx), no lost or duplicated update,
p95 under 300 ms for pages and under 3 s for report downloads. Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from load_browser import Browser, Timings  # noqa: E402
from load_people import (  # noqa: E402
    PASSWORD,
    RUSH_ACCOUNTS,
    BoardMember,
    Manager,
    Owner,
    Plan,
    SaveLog,
    submit_board_report,
)
from load_saves import check_saves, run_facts  # noqa: E402

PAGE_TARGET_SECONDS = 0.3
DOWNLOAD_TARGET_SECONDS = 3.0


def flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def _run(command: list[str], env: dict[str, str]) -> None:
    # Our own commands, built from fixed arguments.
    subprocess.run(  # noqa: S603 # nosec B603 # our own command
        command, env=env, cwd=PROJECT_DIR, check=True, capture_output=True
    )


# Adds the rush's own managers and board members beside the demo accounts (once).
_ADD_ACCOUNTS = """
from load_people import RUSH_ACCOUNTS, RUSH_PASSWORD
from tracker import create_app
from tracker.data.accounts import create_user, find_user
from tracker.data.transaction import unit_of_work
from tracker.domain.roles import Role

with create_app().app_context(), unit_of_work():
    for role, emails in RUSH_ACCOUNTS.items():
        for email in emails:
            if find_user(email=email) is None:
                create_user(email=email, name=email.split("@")[0], role=Role(role),
                            password=RUSH_PASSWORD)
"""


def _seed(env: dict[str, str]) -> None:
    _run(flask("db", "upgrade"), env)
    _run(flask("seed", "--demo"), env)
    _add_rush_accounts(env)


def _add_rush_accounts(env: dict[str, str]) -> None:
    bench = str(PROJECT_DIR / "bench")
    _run([sys.executable, "-c", _ADD_ACCOUNTS], {**env, "PYTHONPATH": bench})


def _empty_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text

    from config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare(url: str | None, workdir: Path, reseed: bool) -> tuple[str, Path]:
    """A freshly seeded database for this run, and the instance folder that goes with it."""
    began = time.perf_counter()
    if url is None:
        instance = workdir / "load-instance-sqlite"
        template, live = workdir / "load-seeded.sqlite", workdir / "load.sqlite"
        if reseed or not template.exists():
            print("Seeding the demo data into a SQLite file (kept for later runs) ...", flush=True)
            template.unlink(missing_ok=True)
            shutil.rmtree(instance, ignore_errors=True)
            _seed(_environment(f"sqlite:///{template}", instance))
        else:
            # A template seeded before the rush had accounts of its own gets them now.
            _add_rush_accounts(_environment(f"sqlite:///{template}", instance))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, live)
        url = f"sqlite:///{live}"
    else:
        instance = workdir / "load-instance-postgresql"
        print("Emptying the PostgreSQL database and seeding the demo data ...", flush=True)
        _empty_postgresql(url)
        shutil.rmtree(instance, ignore_errors=True)
        _seed(_environment(url, instance))
    from config import DevelopmentConfig

    print(
        f"Database ready in {time.perf_counter() - began:.0f} s: the full demo data, "
        f"{DevelopmentConfig.DEMO_PUPILS:,} pupils a year",
        flush=True,
    )
    return url, instance


def _environment(url: str, instance: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "TRACKER_INSTANCE_PATH": str(instance), **extra}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, instance: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = _environment(
        url,
        instance,
        TRACKER_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        # The load test stands where the reverse proxy would, saying requests came over HTTPS.
        TRACKER_PROXY_HOPS="1",
    )
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "wsgi:app"]
    server = subprocess.Popen(  # noqa: S603 # nosec B603 # our own command
        command, env=env, cwd=PROJECT_DIR, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    probe = Browser(base, Timings())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped on starting: see {log}")
        try:
            if probe.session.get(f"{base}/healthz", timeout=2).status_code == 200:
                return server, base
        except OSError:
            pass  # not listening yet
        time.sleep(0.25)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within a minute: see {log}")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cast(users: int) -> tuple[int, int, int]:
    """Owners, managers and board members among ``users``: mostly owners at a deadline."""
    managers = max(1, round(users * 0.1))
    board = max(1, round(users * 0.3)) if users > 2 else 0
    return max(1, users - managers - board), managers, board


def people(base, timings, plan, users, owner_emails, saves, submission):
    owners, managers, _board = cast(users)
    crowd = []
    for number in range(owners):
        email = owner_emails[number % len(owner_emails)]
        sharing = len(range(number % len(owner_emails), owners, len(owner_emails)))
        crowd.append(
            Owner(
                number,
                Browser(base, timings),
                email,
                plan,
                share=(number // len(owner_emails), sharing),
                saves=saves,
            )
        )
    # Each manager and board member signs in with an account of their own.
    manager_emails = ["manager@example.org", *RUSH_ACCOUNTS["manager"]]
    board_emails = ["board@example.org", *RUSH_ACCOUNTS["board"]]
    for index, number in enumerate(range(owners, owners + managers)):
        email = manager_emails[index % len(manager_emails)]
        crowd.append(Manager(number, Browser(base, timings), email, plan))
    for index, number in enumerate(range(owners + managers, users)):
        email = board_emails[index % len(board_emails)]
        crowd.append(
            BoardMember(number, Browser(base, timings), email, plan, submission=submission)
        )
    return crowd


def rush(crowd, duration: float) -> None:
    """Everyone arrives within the first 15 seconds and works until the end of the run."""
    threads = []
    stagger = min(15.0, duration / 8) / max(1, len(crowd))
    for person in crowd:
        thread = threading.Thread(target=person.run, name=f"{person.kind} {person.number}")
        thread.start()
        threads.append(thread)
        time.sleep(stagger)
    for thread in threads:
        thread.join()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def report(timings: Timings, problems: list[str], elapsed: float, counts) -> bool:
    total = sum(len(values) for values in timings.seconds.values())
    owners, managers, board = counts
    print(
        f"\n{owners + managers + board} people ({owners} owners, {managers} managers, {board} "
        f"board members) for {elapsed:.0f} s: {total:,} requests, {total / elapsed:.1f} a second"
    )
    print(f"  {'kind':<26}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    pages, downloads = [], []
    for kind in sorted(timings.seconds):
        values = timings.seconds[kind]
        (downloads if kind.startswith("report ") else pages).extend(values)
        print(
            f"  {kind:<26}{len(values):>9,}{percentile(values, 0.5) * 1000:>9.0f}"
            f"{percentile(values, 0.95) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
        )
    print("Outcomes:")
    for outcome, number in sorted(timings.outcomes.items()):
        print(f"  {outcome:<58}{number:>6,}")
    print(f"Errors (5xx, unexpected 4xx, failed requests): {len(timings.errors)}")
    for message in timings.errors[:15]:
        print(f"  {message}")
    print(f"Lost or duplicated updates: {len(problems)}")
    for message in problems[:15]:
        print(f"  {message}")
    page_p95 = percentile(pages, 0.95) if pages else 0.0
    download_p95 = percentile(downloads, 0.95) if downloads else 0.0
    verdicts = [
        ("no errors", not timings.errors, f"{len(timings.errors)} errors"),
        ("no lost or duplicated update", not problems, f"{len(problems)} found"),
        (
            f"p95 for pages under {PAGE_TARGET_SECONDS * 1000:.0f} ms",
            page_p95 < PAGE_TARGET_SECONDS,
            f"{page_p95 * 1000:.0f} ms, ratio {page_p95 / PAGE_TARGET_SECONDS:.2f}",
        ),
        (
            f"p95 for report downloads under {DOWNLOAD_TARGET_SECONDS:g} s",
            bool(downloads) and download_p95 < DOWNLOAD_TARGET_SECONDS,
            f"{download_p95:.2f} s, ratio {download_p95 / DOWNLOAD_TARGET_SECONDS:.2f}",
        ),
    ]
    print("Targets:")
    for name, met, figure in verdicts:
        print(f"  {name:<40} {'met' if met else 'NOT met':<8} ({figure})")
    return all(met for _name, met, _figure in verdicts)


def _submission(base: str, term: str) -> str:
    timings = Timings()
    browser = Browser(base, timings)
    browser.sign_in("manager@example.org", PASSWORD)
    path = submit_board_report(browser, term)
    print(
        f"The manager submitted the Education Board report for {term} first, in "
        f"{timings.seconds['report submission'][0]:.1f} s; board members download it from {path}",
        flush=True,
    )
    return path


def _think(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    return float(low), float(high or low)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=None, help="A PostgreSQL URL (default: a SQLite file)."
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="Seconds.")
    parser.add_argument(
        "--think", type=_think, default=(1.0, 3.0), help="Seconds between clicks, like 1-3."
    )
    parser.add_argument("--workdir", type=Path, default=PROJECT_DIR / "bench" / ".work")
    parser.add_argument("--reseed", action="store_true", help="Seed the SQLite copy again.")
    options = parser.parse_args()
    options.workdir.mkdir(parents=True, exist_ok=True)
    url, instance = prepare(options.database, options.workdir, options.reseed)
    facts = run_facts(url, instance)
    plan = Plan(
        run_id=secrets.token_hex(3),
        until=0.0,
        think=options.think,
        term=facts.term,
        closed_term=facts.closed_term,
    )
    log = options.workdir / "load-gunicorn.log"
    server, base = start_server(url, instance, log)
    timings, saves = Timings(), SaveLog()
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"Serving on {base} with gunicorn.conf.py ({kind}; log in {log}); the rush lasts "
        f"{options.duration:g} s, pauses of {options.think[0]:g}-{options.think[1]:g} s "
        f"between clicks; owners update the {facts.term} term, the board reads the "
        f"{facts.closed_term} report",
        flush=True,
    )
    try:
        submission = _submission(base, facts.closed_term)
        began = time.monotonic()
        plan = dataclasses.replace(plan, until=began + options.duration)
        crowd = people(base, timings, plan, options.users, facts.owner_emails, saves, submission)
        rush(crowd, options.duration)
        elapsed = time.monotonic() - began
    finally:
        stop_server(server)
    problems = check_saves(url, instance, saves.saves, facts.history_before)
    print(f"Saves the browsers saw accepted: {len(saves.saves):,}, all looked for in the database")
    met = report(timings, problems, elapsed, cast(options.users))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
