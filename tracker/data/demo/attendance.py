"""Synthetic pupil-level attendance for the demo: schools, enrolments and weekly totals.

About 160 schools across the localities and 45,000 pupils a year, from
2022/23 to the week of ``today``, drawn by ``tracker.domain.synthetic_attendance``
so that the figures land near Dorset's published ones. Weekly totals are
written straight into the weekly table (about 1.8 million rows a year);
no marks are generated. Every row is stored with source 'synthetic' and
every page showing the figures says so.

Safe to run again: a year already generated up to the latest school week
is left alone; the current year is brought up to date. Schools have URNs
from 900001 so they cannot be mistaken for real ones.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from flask import current_app
from sqlalchemy import delete, func, select

from tracker.data.attendance import (
    find_enrolments,
    locality_lookup,
    save_enrolments,
    save_schools,
    school_lookup,
    write_weeks,
)
from tracker.data.attendance_metrics import forget_cached_metrics
from tracker.data.synthetic import bands_path, locality_names, term_dates
from tracker.domain.attendance_import import SchoolRow
from tracker.domain.attendance_metrics import monday_of
from tracker.domain.synthetic_attendance import make_pupils, make_schools, read_bands
from tracker.domain.synthetic_registers import draw_register, school_days, weekly_totals
from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment, Term

FIRST_YEAR = "2022/23"
DEMO_PUPILS = 45_000


def seed_demo_attendance(
    *, today: date, seed_dir: str | Path | None = None, pupils: int = DEMO_PUPILS
) -> list[str]:
    """Generate what is missing up to ``today``; returns a line per year written."""
    folder = seed_dir or current_app.config["SEED_DIR"]
    localities = locality_names()
    if not localities:
        return ["Synthetic attendance: no localities are set up, so none was generated"]
    schools = make_schools(localities=localities)
    lookup = locality_lookup()
    save_schools(
        rows=[SchoolRow(s.urn, s.name, s.phase, lookup[s.locality.lower()]) for s in schools]
    )
    school_ids = school_lookup()
    lines = []
    for year in _years_up_to(today):
        line = _seed_year(year, schools, school_ids, folder, today, pupils)
        if line:
            lines.append(line)
    forget_cached_metrics()
    return lines or ["Synthetic attendance: already up to date"]


def demo_attendance_step(context) -> list[str]:
    """The step for ``tracker.data.demo.STEPS``: as many pupils as the DEMO_PUPILS setting."""
    return seed_demo_attendance(today=context.today, pupils=current_app.config["DEMO_PUPILS"])


def _years_up_to(today: date) -> list[str]:
    years = db.session.scalars(
        select(Term.academic_year)
        .where(Term.academic_year >= FIRST_YEAR)
        .group_by(Term.academic_year)
        .having(func.min(Term.start_date) <= today)
        .order_by(Term.academic_year)
    )
    return list(years)


def _seed_year(year, schools, school_ids, folder, today, pupils) -> str | None:
    days = school_days(term_dates(academic_year=year), until=today)
    if not days:
        return None
    synthetic_ids = [school_ids[s.urn] for s in schools]
    latest = db.session.scalar(
        select(func.max(AttendanceWeek.week_start))
        .join(Enrolment, AttendanceWeek.enrolment_id == Enrolment.id)
        .where(
            Enrolment.academic_year == year,
            Enrolment.school_id.in_(synthetic_ids),
            AttendanceWeek.source == "synthetic",
        )
    )
    if latest == monday_of(days[-1]):
        return None
    bands = read_bands(bands_path(seed_dir=folder), academic_year=year)
    population = make_pupils(academic_year=year, schools=schools, pupils=pupils, bands=bands)
    ids = _store_enrolments(year, population, school_ids)
    _forget_weeks(year, synthetic_ids)
    totals = weekly_totals(draw_register(population, days, academic_year=year))
    totals["enrolment_id"] = ids[totals["enrolment"].to_numpy()]
    written = write_weeks(frame=totals.drop(columns="enrolment"), source="synthetic")
    summary = (
        f"Synthetic demonstration data: {len(population):,} enrolments at {len(schools)} "
        f"schools, {written:,} weekly totals to {days[-1].isoformat()}"
    )
    db.session.add(
        DataImport(
            kind="demo",
            file_name="synthetic data",
            rows=written,
            academic_year=year,
            summary=summary,
        )
    )
    db.session.flush()
    return f"Synthetic attendance {year}: {summary[len('Synthetic demonstration data: ') :]}"


def _store_enrolments(year: str, population: pd.DataFrame, school_ids: dict[str, int]):
    frame = population.assign(
        academic_year=year, school_id=population["urn"].map(school_ids).astype(int)
    )[
        [
            "academic_year",
            "pupil_id",
            "school_id",
            "year_group",
            "sex",
            "fsm",
            "sen",
            "ethnicity",
            "social_care",
            "young_carer",
        ]
    ]
    save_enrolments(frame=frame)
    stored = find_enrolments([year])
    merged = population[["pupil_id", "urn"]].merge(
        stored[["pupil_id", "urn", "enrolment_id"]], how="left", on=["pupil_id", "urn"]
    )
    return merged["enrolment_id"].to_numpy(dtype="int64")


def _forget_weeks(year: str, school_ids: list[int]) -> None:
    enrolments = select(Enrolment.id).where(
        Enrolment.academic_year == year, Enrolment.school_id.in_(school_ids)
    )
    db.session.execute(
        delete(AttendanceWeek).where(
            AttendanceWeek.enrolment_id.in_(enrolments), AttendanceWeek.source == "synthetic"
        )
    )
