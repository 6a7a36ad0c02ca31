"""Report benchmark: all five formats of the Education Board report for the full demo data,
then every outcome indicator for the same term.

    make bench                          # SQLite file under bench/.work/
    REPORTS_DATABASE_URL=postgresql://... python bench/bench_reports.py

Brings the database to the latest schema and runs `flask seed --demo` (which adds nothing
when the demo is already there), then, in this process, gathers the report once for the
latest term with approved updates and renders it as HTML, PDF, Word, Excel and Markdown,
printing the seconds each step takes. The target is under 5 s for the five formats
together, gathering included. Use a database of its own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

TARGET_SECONDS = 5.0
INDICATOR_TARGET_SECONDS = 1.0
FORMATS = ("html", "pdf", "docx", "xlsx", "md")


def flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def prepare(env: dict[str, str]) -> None:
    for command in (flask("db", "upgrade"), flask("seed", "--demo")):
        # Our own commands, built from fixed arguments.
        subprocess.run(  # noqa: S603 # nosec B603 # our own command
            command, env=env, cwd=PROJECT_DIR, check=True, capture_output=True
        )


def reported_term(year: str | None, name: str | None):
    """The term asked for, or the latest term before the one being collected."""
    from datetime import date

    from tracker.data.terms import current_term, get_term, previous_term

    if year and name:
        return get_term(academic_year=year, name=name)
    current = current_term(today=date.today())
    return previous_term(term=current) if current else None


def _build(request):
    from tracker.data.submissions import build_document

    return build_document(request=request, presenter="Bench", version=1, final=False)[1]


def _together(request) -> tuple[float, float]:
    """Seconds to gather the report and render all five formats as a submission does."""
    from tracker.reports import render_all

    began = time.perf_counter()
    document = _build(request)
    gathered = time.perf_counter() - began
    render_all(document, FORMATS)
    return gathered, time.perf_counter() - began


def measure(year: str | None, name: str | None) -> int:
    from tracker import create_app
    from tracker.data.attendance_metrics import forget_cached_metrics
    from tracker.data.submissions import report_request
    from tracker.reports import render, render_all
    from tracker.reports.workers import start_workers

    app = create_app()
    with app.app_context():
        term = reported_term(year, name)
        if term is None:
            print("No term to report on: check terms.yaml", file=sys.stderr)
            return 2
        request = report_request(kind="education-board", term=term, week_ending=None)
        # Imports, font loading and the worker processes start once per process, not per
        # report (a web server has them running already): warm them up first.
        start_workers()
        warm = _build(request)
        render_all(warm, FORMATS)

        # Each format on its own, one after another, to show where the time goes.
        timings: list[tuple[str, float, int]] = []
        for code in FORMATS:
            began = time.perf_counter()
            size = len(render(warm, code))
            timings.append((code, time.perf_counter() - began, size))

        # As a first report after an import would be: the figures measured afresh.
        forget_cached_metrics()
        first_gather, first_total = _together(request)
        # As a new process after that: the measured totals are read back from disk.
        forget_cached_metrics(stored=False)
        stored_gather, stored_total = _together(request)
        indicator_timings = time_indicators(term)

    print(f"Education Board report, {term.label} ({len(warm.blocks)} blocks)")
    print("Each format alone, one after another:")
    for step, seconds, size in timings:
        print(f"  {step:<8} {seconds:6.2f} s  {size / 1024:8,.0f} KB")
    one_by_one = sum(seconds for _step, seconds, _size in timings)
    print(f"  {'in turn':<8} {one_by_one:6.2f} s  (the five formats rendered one after another)")
    print("Gathering and all five formats together (PDF and Word in worker processes):")
    print(
        f"  {'stored':<8} {stored_total:6.2f} s  (gather {stored_gather:.2f} s; measured totals "
        "read from disk)"
    )
    print(
        f"  {'first':<8} {first_total:6.2f} s  (gather {first_gather:.2f} s; first time after "
        "an import, registers added up)"
    )
    within = stored_total < TARGET_SECONDS
    verdict = "met" if within else "NOT met"
    print(
        f"Target (under {TARGET_SECONDS:g} s, gathering and all five formats, stored totals)  "
        f"{verdict} (ratio {stored_total / TARGET_SECONDS:.2f}; first time after an import "
        f"{first_total / TARGET_SECONDS:.2f}; formats rendered in turn instead "
        f"{(stored_gather + one_by_one) / TARGET_SECONDS:.2f})"
    )
    count, cold, stored, warm = indicator_timings
    print(f"All {count} indicators for the {term.label}")
    print(f"  cold     {cold:6.2f} s  (first time after an import: registers added up)")
    print(f"  stored   {stored:6.2f} s  (a new process: measured totals read from disk)")
    print(f"  warm     {warm:6.2f} s  (figures already in memory)")
    indicators_within = stored < INDICATOR_TARGET_SECONDS
    print(
        f"Target (under {INDICATOR_TARGET_SECONDS:g} s for all indicators, stored totals)  "
        f"{'met' if indicators_within else 'NOT met'} "
        f"(ratio {stored / INDICATOR_TARGET_SECONDS:.2f}; cold ratio "
        f"{cold / INDICATOR_TARGET_SECONDS:.1f})"
    )
    return 0 if within and indicators_within else 1


def time_indicators(term) -> tuple[int, float, float, float]:
    """Seconds to evaluate every indicator for the term, cold and then warm."""
    from tracker.data.attendance_metrics import forget_cached_metrics
    from tracker.data.indicators import evaluate_indicators

    forget_cached_metrics()
    began = time.perf_counter()
    results = evaluate_indicators(academic_year=term.academic_year, term=term.name)
    cold = time.perf_counter() - began
    # A new process after the first: the measured totals are read back from disk.
    forget_cached_metrics(stored=False)
    began = time.perf_counter()
    evaluate_indicators(academic_year=term.academic_year, term=term.name)
    stored = time.perf_counter() - began
    began = time.perf_counter()
    evaluate_indicators(academic_year=term.academic_year, term=term.name)
    return len(results), cold, stored, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", help="Academic year of the term to report, like 2025/26.")
    parser.add_argument("--term", choices=("autumn", "spring", "summer"))
    parser.add_argument("--workdir", type=Path, default=PROJECT_DIR / "bench" / ".work")
    parser.add_argument("--no-seed", action="store_true", help="Use the database as it is.")
    options = parser.parse_args()
    options.workdir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("REPORTS_DATABASE_URL", f"sqlite:///{options.workdir / 'reports.sqlite'}")
    os.environ["DATABASE_URL"] = url
    os.environ["TRACKER_INSTANCE_PATH"] = str(options.workdir / "reports-instance")
    if not options.no_seed:
        print("Seeding the demo data (once) ...", flush=True)
        prepare(dict(os.environ))
    return measure(options.year, options.term)


if __name__ == "__main__":
    raise SystemExit(main())
