"""Gathering the weekly leadership update: this week, the week before, the same week last
year, and both years to date, overall and by phase, locality and vulnerable group."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tracker.data import report_sources as sources
from tracker.data.boards import board_settings
from tracker.data.plan import list_localities
from tracker.data.reports import PUPIL_SOURCES, make_cover
from tracker.domain.reports.assembly import week_figures
from tracker.domain.reports.boards import LEADERSHIP_TEAM
from tracker.domain.reports.model import (
    LEADERSHIP_WEEKLY,
    WEEKLY_PERIODS,
    DataSource,
    LeadershipWeekly,
    WeeklyRow,
    WeeklyTrendPoint,
    long_date,
)
from tracker.domain.schools import SCHOOL_PHASES
from tracker.domain.suppression import suppress_rows

YEAR = timedelta(days=364)  # 52 weeks: the same weekday, the same point in the school year
PERIODS = WEEKLY_PERIODS


def friday_of(day: date) -> date:
    return sources.monday_of(day) + timedelta(days=4)


def _previous_academic_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


class _Periods:
    """The six runs of weeks the update compares, measured from cached totals."""

    def __init__(self, week_ending: date) -> None:
        monday = sources.monday_of(week_ending)
        self.year = sources.academic_year_of(monday)
        self.last_year = _previous_academic_year(self.year)
        earlier = [w for w in sources.weeks_with_data(academic_year=self.year) if w < monday]
        self.monday = monday
        # The first week of the year has no previous week: summer holiday weeks hold no data.
        self.previous = earlier[-1] if earlier else None
        before = self.previous or monday - timedelta(days=7)
        self.last_year_monday = monday - YEAR
        sunday = timedelta(days=6)
        self.ranges = {
            "week": (self.year, monday, monday + sunday),
            "previous_week": (self.year, before, before + sunday),
            "last_year_week": (
                self.last_year,
                self.last_year_monday,
                self.last_year_monday + sunday,
            ),
            "year_to_date": (self.year, sources.year_start(self.year), monday + sunday),
            "last_year_to_date": (
                self.last_year,
                sources.year_start(self.last_year),
                self.last_year_monday + sunday,
            ),
            "previous_to_date": (self.year, sources.year_start(self.year), before + sunday),
        }

    def measure(self, period: str, **query: Any) -> list[dict]:
        if self.previous is None and period in ("previous_week", "previous_to_date"):
            return []
        year, first, last = self.ranges[period]
        return sources.range_measures(academic_year=year, first=first, last=last, **query)

    def row(self, label: str, **query: Any) -> WeeklyRow:
        """One group's figures; a group of fewer than 5 pupils shows them as confidential."""
        found = {}
        for period in PERIODS:
            rows = suppress_rows(self.measure(period, **query))
            found[period] = week_figures(rows[0] if rows else None)
        return WeeklyRow(label, **found)

    def rows_by(self, dimension: str, labels: list[tuple[str, str]]) -> tuple[WeeklyRow, ...]:
        grouped = {
            period: {
                row["group"][dimension]: row
                for row in suppress_rows(self.measure(period, by=(dimension,)), by=(dimension,))
            }
            for period in PERIODS
        }
        return tuple(
            WeeklyRow(label, **{p: week_figures(grouped[p].get(value)) for p in PERIODS})
            for value, label in labels
        )


def _phases(periods: _Periods) -> list[tuple[str, str]]:
    present = {row["group"]["phase"] for row in periods.measure("year_to_date", by=("phase",))}
    return [(phase, phase.capitalize()) for phase in SCHOOL_PHASES if phase in present]


def _trend(periods: _Periods) -> tuple[WeeklyTrendPoint, ...]:
    this_year = sources.weekly_attendance(
        academic_year=periods.year, first=sources.year_start(periods.year), last=periods.monday
    )
    last_year = sources.weekly_attendance(
        academic_year=periods.last_year,
        first=sources.year_start(periods.last_year),
        last=periods.last_year_monday,
    )
    return tuple(
        WeeklyTrendPoint(
            (monday + timedelta(days=4)).isoformat(), rate, last_year.get(monday - YEAR)
        )
        for monday, rate in sorted(this_year.items())
    )


def _sources(periods: _Periods) -> tuple[DataSource, ...]:
    found = []
    for period in ("year_to_date", "last_year_to_date"):
        year, first, last = periods.ranges[period]
        kinds = sources.range_sources(academic_year=year, first=first, last=last)
        detail = "; ".join(PUPIL_SOURCES.get(kind, kind) for kind in kinds) or "none loaded"
        found.append(DataSource(f"Attendance data {year}", detail, sources.last_import_at() or ""))
    return tuple(found)


def leadership_weekly_data(
    *, week_ending: date, presenter: str, version: int, final: bool, today: date | None = None
) -> LeadershipWeekly:
    today = today or date.today()
    friday = friday_of(week_ending)
    periods = _Periods(friday)
    settings = board_settings()
    board = settings.board(LEADERSHIP_TEAM)
    headline = periods.row("All pupils")
    return LeadershipWeekly(
        cover=make_cover(
            kind=LEADERSHIP_WEEKLY,
            board=board.name,
            period=f"Week ending {long_date(friday.isoformat())}",
            period_key=friday.isoformat(),
            presenter=presenter,
            version=version,
            final=final,
            today=today,
        ),
        week_ending=friday.isoformat(),
        previous_week_ending=(periods.previous + timedelta(days=4)).isoformat()
        if periods.previous
        else "",
        last_year_week_ending=(periods.last_year_monday + timedelta(days=4)).isoformat(),
        headline=headline,
        phases=periods.rows_by("phase", _phases(periods)),
        localities=periods.rows_by(
            "locality", [(locality.name, locality.name) for locality in list_localities()]
        ),
        groups=tuple(
            periods.row(group.label, where=dict(group.cohort))
            for group in settings.vulnerable_groups
        ),
        trend=_trend(periods),
        has_data=headline.week.attendance is not None,
        sources=_sources(periods),
    )
