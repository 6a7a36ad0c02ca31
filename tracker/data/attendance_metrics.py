"""The DfE measures from stored totals, for any period, grouping and filter.

The database adds each enrolment's weeks up (split at the summer half-term,
so Year 11 can be cut there); the rules themselves are applied in
``tracker.domain.attendance_metrics``. Per-enrolment totals are cached per
period and data version, so the many groupings an indicator page asks for
cost one query.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import case, exists, func, select

from tracker.data.metrics_store import forget_stored_totals, load_totals, save_totals
from tracker.domain.attendance_metrics import (
    SESSION_COLUMNS,
    group_measures,
    measured_enrolments,
    monday_of,
    second_half_of_summer_starts,
    validate_query,
)
from tracker.domain.errors import InvalidContent
from tracker.domain.terms import TERM_NAMES, is_academic_year
from tracker.extensions import db
from tracker.models import AttendanceWeek, DataImport, Enrolment, Locality, School, Term

_CACHE: OrderedDict[tuple, Any] = OrderedDict()
_CACHE_SIZE = 32
SOURCES = ("marks", "summary", "synthetic")


def compute_metrics(
    *,
    academic_year: str,
    term: str | None = None,
    week_ending: date | None = None,
    by: tuple[str, ...] | list[str] = (),
    where: dict[str, str | list[str]] | None = None,
) -> dict[str, Any]:
    """``{"year", "period", "rows", ...}``: the measures for each group, unrounded.

    No ``term`` and no ``week_ending`` means the whole year to date. A week
    counts only weekly data (marks or synthetic): summary rows cover whole
    terms. Raises ``InvalidContent`` for a bad year, term, grouping or filter.
    """
    by, _ = validate_query(by=by, where=where)
    first, last, period, weekly_only = _period(academic_year, term, week_ending)
    totals, sources, latest = _measured_totals(academic_year, first, last, weekly_only)
    return {
        "year": academic_year,
        "period": period,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "latest_week": latest.isoformat() if latest else None,
        "sources": sources,
        "rows": group_measures(totals, by=by, where=where),
    }


def has_pupil_data(*, academic_year: str) -> bool:
    """Whether any session totals are stored for enrolments of this academic year.

    Asked as "an enrolment of the year with a row", which PostgreSQL answers from the
    two indexes in well under a millisecond. Asked as a join, it was planned as a merge
    over the whole of attendance_week whenever the table's statistics were stale (after
    a large import, until autovacuum analysed it): up to a second each time, several
    times in every report and indicator page.
    """
    found = db.session.execute(
        select(Enrolment.id)
        .where(
            Enrolment.academic_year == academic_year,
            exists().where(AttendanceWeek.enrolment_id == Enrolment.id),
        )
        .limit(1)
    ).first()
    return found is not None


def years_with_pupil_data() -> list[str]:
    years = db.session.scalars(
        select(Enrolment.academic_year).distinct().order_by(Enrolment.academic_year)
    ).all()
    return [year for year in years if has_pupil_data(academic_year=year)]


def data_sources(*, academic_year: str) -> list[str]:
    """The kinds of data behind a year's figures: marks, summary and/or synthetic."""
    return list(
        db.session.scalars(
            select(AttendanceWeek.source)
            .join(Enrolment, AttendanceWeek.enrolment_id == Enrolment.id)
            .where(Enrolment.academic_year == academic_year)
            .distinct()
            .order_by(AttendanceWeek.source)
        )
    )


def forget_cached_metrics(*, stored: bool = True) -> None:
    """Drop measured totals held in memory and, unless ``stored`` is False, on disk.

    Needed only after attendance rows are written without an entry in the import
    log, which is what the cache keys on.
    """
    _CACHE.clear()
    if stored:
        forget_stored_totals()


def _period(
    academic_year: str, term: str | None, week_ending: date | None
) -> tuple[date, date, str, bool]:
    if not is_academic_year(academic_year):
        raise InvalidContent({"year": "The academic year must be written like 2022/23"})
    start_year = int(academic_year[:4])
    if term is not None and week_ending is not None:
        raise InvalidContent({"term": "Choose a term or a week, not both"})
    if week_ending is not None:
        monday = monday_of(week_ending)
        if not date(start_year, 8, 1) <= monday <= date(start_year + 1, 7, 31):
            raise InvalidContent({"week_ending": f"That week is not in {academic_year}"})
        return monday, monday + timedelta(days=6), "week", True
    if term is not None:
        if term not in TERM_NAMES:
            raise InvalidContent({"term": f"The term must be one of {', '.join(TERM_NAMES)}"})
        found = _term(academic_year, term)
        if found is None:
            raise InvalidContent({"term": f"The {term} term of {academic_year} is not set up"})
        return monday_of(found.start_date), found.end_date, term, False
    return date(start_year, 8, 1), date(start_year + 1, 7, 31), "year", False


def _term(academic_year: str, name: str) -> Term | None:
    return db.session.scalars(
        select(Term).where(Term.academic_year == academic_year, Term.name == name)
    ).first()


def _year11_cutoff(academic_year: str) -> date:
    summer = _term(academic_year, "summer")
    if summer is not None:
        return second_half_of_summer_starts(summer.half_term_start)
    # Without term dates, the spring bank holiday (last Monday of May) is when
    # the summer half-term almost always begins.
    last_of_may = date(int(academic_year[:4]) + 1, 5, 31)
    return monday_of(last_of_may)


def run_of_weeks_totals(
    *, academic_year: str, first: date, last: date, weekly_only: bool = True
) -> tuple[pd.DataFrame, list[str], date | None]:
    """Each enrolment's totals over any run of weeks (a week, a year to date), with the
    kinds of data behind them and the latest week: cached like the term figures.

    ``weekly_only`` leaves out termly summaries, which cannot be split into weeks; a run
    made of whole terms can count them."""
    return _measured_totals(academic_year, first, last, weekly_only)


def year11_leaves_from(*, academic_year: str) -> date:
    """The Monday from which Year 11 is left out of the measures: the summer half-term."""
    return _year11_cutoff(academic_year)


def _data_version() -> tuple:
    latest = db.session.execute(
        select(func.count(DataImport.id), func.max(DataImport.id), func.max(DataImport.imported_at))
    ).one()
    return (str(db.engine.url), *latest)


def _measured_totals(
    academic_year: str, first: date, last: date, weekly_only: bool
) -> tuple[pd.DataFrame, list[str], date | None]:
    key = (_data_version(), academic_year, first, last, weekly_only)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    found = load_totals(key=key)
    if found is None:
        rows, sources, latest = _enrolment_rows(academic_year, first, last, weekly_only)
        found = (measured_enrolments(rows), sources, latest)
        save_totals(
            key=key, academic_year=academic_year, totals=found[0], sources=sources, latest=latest
        )
    _remember(key, found)
    return found


def _enrolment_rows(
    academic_year: str, first: date, last: date, weekly_only: bool
) -> tuple[pd.DataFrame, list[str], date | None]:
    """Each enrolment's sessions before and after the summer half-term, with its dimensions."""
    week = AttendanceWeek
    enrolments = select(Enrolment.id).where(Enrolment.academic_year == academic_year)
    conditions = [
        week.enrolment_id.in_(enrolments),
        week.week_start >= first,
        week.week_start <= last,
    ]
    if weekly_only:
        conditions.append(week.source != "summary")
    cutoff = _year11_cutoff(academic_year)
    # Grouping by the primary key's first column alone lets the database
    # stream the rows in index order instead of sorting them.
    sums = db.session.connection().execute(
        select(
            week.enrolment_id,
            *(func.sum(getattr(week, name)).label(name) for name in SESSION_COLUMNS),
            *(
                func.sum(case((week.week_start >= cutoff, getattr(week, name)), else_=0)).label(
                    f"late_{name}"
                )
                for name in SESSION_COLUMNS
            ),
            # Which kinds of data, and the latest week, in the same pass.
            *(
                func.sum(case((week.source == source, 1), else_=0)).label(f"from_{source}")
                for source in SOURCES
            ),
            func.max(case((week.source != "summary", week.week_start), else_=None)).label("latest"),
        )
        .where(*conditions)
        .group_by(week.enrolment_id)
    )
    totals = pd.DataFrame(sums.all(), columns=list(sums.keys()))
    rows = _split_at_half_term(totals).merge(_cached_dimensions(academic_year), on="enrolment_id")
    sources = [source for source in SOURCES if totals[f"from_{source}"].sum() > 0]
    latest = totals["latest"].dropna()
    return rows, sources, _as_date(latest.max()) if len(latest) else None


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _split_at_half_term(totals: pd.DataFrame) -> pd.DataFrame:
    """Two rows per enrolment: sessions before the summer half-term, and after it."""
    late = totals[["enrolment_id", *(f"late_{name}" for name in SESSION_COLUMNS)]].rename(
        columns={f"late_{name}": name for name in SESSION_COLUMNS}
    )
    early = totals[["enrolment_id", *SESSION_COLUMNS]].copy()
    for name in SESSION_COLUMNS:
        early[name] = early[name] - late[name]
    return pd.concat(
        [early.assign(late_summer=False), late.assign(late_summer=True)], ignore_index=True
    )


def _cached_dimensions(academic_year: str) -> pd.DataFrame:
    key = (_data_version(), "dimensions", academic_year)
    if key not in _CACHE:
        _remember(key, _dimensions(academic_year))
    return _CACHE[key]


def _remember(key: tuple, value) -> None:
    _CACHE[key] = value
    _CACHE.move_to_end(key)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def _dimensions(academic_year: str) -> pd.DataFrame:
    result = db.session.connection().execute(
        select(
            Enrolment.id.label("enrolment_id"),
            School.phase.label("phase"),
            Enrolment.year_group,
            Enrolment.sex,
            Enrolment.fsm,
            Enrolment.sen,
            Enrolment.ethnicity,
            Enrolment.social_care,
            Enrolment.young_carer,
            Locality.name.label("locality"),
            School.urn.label("school"),
        )
        .join(School, Enrolment.school_id == School.id)
        .join(Locality, School.locality_id == Locality.id)
        .where(Enrolment.academic_year == academic_year)
    )
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def synthetic_years() -> set[str]:
    """Academic years into which the demonstration's synthetic attendance was written.

    Read from the import log rather than by scanning the weekly table, so pages
    can say cheaply that their figures include synthetic data.
    """
    return set(
        db.session.scalars(
            select(DataImport.academic_year).where(DataImport.kind == "demo").distinct()
        )
    )
