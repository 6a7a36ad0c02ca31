"""Measured enrolment totals kept on disk, so a new process need not scan the registers again.

Adding up a term's weekly rows for 45,000 enrolments takes a second or two;
reading the result back takes milliseconds. Results are filed under the
instance folder by a key that includes the data version (the import log), so
any import makes every earlier result unreachable, and stale figures cannot be
read. Losing the folder loses nothing: results are measured again.

Every gunicorn worker, on every app server sharing the instance folder, may save
the same result at the same moment. Each writes its own temporary file, named
uniquely in the same folder, and renames it into place, so a reader sees one
whole file or none, and writers never write into one another's files. Saving is
only a shortcut for next time: a save that fails (the folder cleared meanwhile,
the disk full) is given up, and the result is measured again when next wanted.

Each result notes the academic year it measures, so that the retention purge can
delete the results of expired years (and any whose year is not noted) along with
the pupil-level rows they came from.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pandas as pd
from flask import current_app

from tracker.private_files import replace_privately

FOLDER = "metrics-cache"


def _paths(key: tuple) -> tuple[Path, Path]:
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    folder = Path(current_app.instance_path) / FOLDER
    return folder / f"{digest}.parquet", folder / f"{digest}.json"


def load_totals(*, key: tuple) -> tuple[pd.DataFrame, list[str], date | None] | None:
    table, facts = _paths(key)
    if not (table.exists() and facts.exists()):
        return None
    try:
        about = json.loads(facts.read_text(encoding="utf-8"))
        frame = pd.read_parquet(table)
    except (OSError, ValueError):
        return None  # a half-written or damaged file: measure again
    latest = date.fromisoformat(about["latest"]) if about["latest"] else None
    return frame, about["sources"], latest


def save_totals(
    *, key: tuple, academic_year: str, totals: pd.DataFrame, sources: list[str], latest
) -> None:
    table, facts = _paths(key)
    about = {
        "academic_year": academic_year,
        "sources": sources,
        "latest": latest.isoformat() if latest else None,
    }
    try:
        table.parent.mkdir(parents=True, exist_ok=True)
        replace_privately(table, lambda path: totals.to_parquet(path, index=False))
        replace_privately(facts, lambda path: path.write_text(json.dumps(about), encoding="utf-8"))
    except OSError:
        return  # not kept this time; loading finds no file and measures again


def forget_stored_totals() -> None:
    folder = Path(current_app.instance_path) / FOLDER
    for path in folder.glob("*"):
        path.unlink(missing_ok=True)


def _noted_year(facts: Path) -> str | None:
    try:
        return json.loads(facts.read_text(encoding="utf-8")).get("academic_year")
    except (OSError, ValueError, AttributeError):
        return None


def stored_totals_before(*, first_kept_year: str) -> list[Path]:
    """Files of stored results that may hold years before ``first_kept_year``: those that
    measure such a year, and those that do not say which year they measure."""
    folder = Path(current_app.instance_path) / FOLDER
    if not folder.is_dir():
        return []
    kept = {
        facts.stem
        for facts in folder.glob("*.json")
        if (year := _noted_year(facts)) is not None and year >= first_kept_year
    }
    return sorted(path for path in folder.iterdir() if path.stem not in kept)


def forget_stored_totals_before(*, first_kept_year: str) -> int:
    """Delete the stored results that may hold expired years; returns how many there were."""
    found = stored_totals_before(first_kept_year=first_kept_year)
    for path in found:
        path.unlink(missing_ok=True)
    return len({path.stem for path in found})
