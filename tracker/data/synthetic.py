"""Synthetic attendance data built from the stored localities and term dates.

Files written here (``generate-marks``) are for trying the importer and for
the import benchmark; ``tracker.data.demo.attendance`` stores the same kind
of data straight into the database for the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import select

from tracker.domain.synthetic_attendance import (
    SyntheticSchool,
    make_pupils,
    make_schools,
    read_bands,
)
from tracker.domain.synthetic_registers import (
    TermDates,
    default_terms,
    draw_register,
    mark_batches,
    school_days,
)
from tracker.extensions import db
from tracker.models import Locality, Term

BANDS_FILE = Path("demo") / "dorset-absence-bands.csv"


def bands_path(*, seed_dir: str | Path) -> Path:
    return Path(seed_dir) / BANDS_FILE


def locality_names() -> list[str]:
    return list(
        db.session.scalars(
            select(Locality.name).where(Locality.withdrawn_at.is_(None)).order_by(Locality.position)
        )
    )


def term_dates(*, academic_year: str) -> list[TermDates]:
    """The year's terms as set up, or a typical year when none are."""
    terms = db.session.scalars(
        select(Term).where(Term.academic_year == academic_year).order_by(Term.sequence)
    ).all()
    if not terms:
        return default_terms(academic_year)
    return [
        TermDates(
            t.academic_year, t.name, t.start_date, t.end_date, t.half_term_start, t.half_term_end
        )
        for t in terms
    ]


@dataclass(frozen=True)
class GeneratedFiles:
    schools: Path
    pupils: Path
    marks: Path
    enrolments: int
    mark_rows: int


def companion_paths(marks: Path) -> tuple[Path, Path]:
    """marks.csv -> marks.schools.csv and marks.pupils.csv, beside it."""
    return (
        marks.with_name(f"{marks.stem}.schools.csv"),
        marks.with_name(f"{marks.stem}.pupils.csv"),
    )


def write_synthetic_files(
    *, academic_year: str, pupils: int, marks_path: Path, seed_dir: str | Path, until: date | None
) -> GeneratedFiles:
    """Write schools, pupils and marks CSVs for one academic year, ready for import-data."""
    localities = locality_names()
    if not localities:
        raise ValueError("No localities are set up: run `flask --app wsgi seed` first")
    schools = make_schools(localities=localities)
    bands = read_bands(bands_path(seed_dir=seed_dir), academic_year=academic_year)
    population = make_pupils(
        academic_year=academic_year, schools=schools, pupils=pupils, bands=bands
    )
    days = school_days(term_dates(academic_year=academic_year), until=until)
    register = draw_register(population, days, academic_year=academic_year)
    schools_path, pupils_path = companion_paths(marks_path)
    marks_path.parent.mkdir(parents=True, exist_ok=True)
    _write_schools(schools, schools_path)
    _write_pupils(population, academic_year, pupils_path)
    rows = _write_marks(population, register, marks_path)
    return GeneratedFiles(schools_path, pupils_path, marks_path, len(population), rows)


def _write_schools(schools: list[SyntheticSchool], path: Path) -> None:
    pd.DataFrame(
        [(s.urn, s.name, s.phase, s.locality) for s in schools],
        columns=["urn", "name", "phase", "locality"],
    ).to_csv(path, index=False)


def _write_pupils(population: pd.DataFrame, academic_year: str, path: Path) -> None:
    pd.DataFrame(
        {
            "academic_year": academic_year,
            "pupil_id": population["pupil_id"],
            "urn": population["urn"],
            "year_group": population["year_group"].map(lambda n: "R" if n == 0 else str(n)),
            "sex": population["sex"],
            "fsm": population["fsm"].map({True: "Y", False: "N"}),
            "sen": population["sen"],
            "ethnicity": population["ethnicity"],
            "social_care": population["social_care"],
            "young_carer": population["young_carer"].map({True: "Y", False: "N"}),
        }
    ).to_csv(path, index=False)


def _write_marks(population: pd.DataFrame, register, path: Path) -> int:
    rows = 0
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    with path.open("wb") as handle:
        handle.write(b"pupil_id,urn,date,session,code\n")
        for batch in mark_batches(population, register):
            plain = pa.table(
                {name: batch.column(name).cast(pa.string()) for name in batch.column_names}
            )
            pa_csv.write_csv(plain, handle, options)
            rows += batch.num_rows
    return rows
