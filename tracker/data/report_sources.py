"""The one place reports reach into the attendance, benchmark and indicator layers.

Reports need a few things those layers do not offer as they stand (an indicator's trend,
measures over a date range, weekly rates in one query, measures for groups that have no
seeded indicator); they are built here from the layers' functions and models, so a change
there is met here alone. Everything returned is the report model's own plain types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from tracker.data import attendance_metrics as metrics
from tracker.data.benchmark_lookup import period_label
from tracker.data.indicators import Evaluator, IndicatorResult, live_indicators
from tracker.data.reference_data import get_authority
from tracker.domain.attendance_metrics import group_measures
from tracker.domain.benchmarks import FULL_YEAR
from tracker.domain.indicators import NATIONAL, NEIGHBOURS, REGIONAL, TARGET
from tracker.domain.reports.boards import CohortGroup
from tracker.domain.reports.model import ComparatorFigure, IndicatorReport, TrendPoint
from tracker.domain.suppression import EXPLANATION, cohort_figure_suppressed
from tracker.extensions import db
from tracker.models import (
    AttendanceWeek,
    DataImport,
    Enrolment,
    Indicator,
    ManualIndicatorValue,
    PublishedRate,
    Term,
)

PUBLISHED = (NATIONAL, REGIONAL, NEIGHBOURS)
COHORT_MEASURES = ("overall_absence_rate", "persistent_absence_rate")
MEASURE_TITLES = {
    "overall_absence_rate": "Overall absence rate",
    "persistent_absence_rate": "Persistent absence rate",
}
# Groups without a seeded indicator are judged like the seeded vulnerable-group ones.
_GROUP_RULES = [
    {"status": "no_data", "when": "no_value"},
    {"status": "no_data", "when": "no_comparators"},
    {"status": "green", "when": "better_than_all", "meaning": "below every comparator"},
    {"status": "amber", "when": "within_tolerance_of_all"},
    {"status": "red", "when": "otherwise"},
]


def new_evaluator() -> Evaluator:
    return Evaluator(authority=get_authority(), neighbour_list=None)


def authority_name() -> str:
    authority = get_authority()
    return authority.la_name if authority is not None else "Value"


def term_label(term: Term) -> str:
    return f"{term.name.capitalize()} {term.academic_year}"


# Indicators ------------------------------------------------------------------------------


def _comparators(result: IndicatorResult) -> tuple[ComparatorFigure, ...]:
    return tuple(
        ComparatorFigure(c.kind, c.label, c.value, c.period, c.note) for c in result.comparators
    )


def _as_report(result: IndicatorResult, series, trend, note: str) -> IndicatorReport:
    indicator = result.indicator
    return IndicatorReport(
        code=indicator.code,
        title=indicator.title,
        kind=indicator.kind,
        unit=indicator.unit,
        direction=indicator.direction,
        value=result.value,
        source=result.source,
        comparators=_comparators(result),
        status=result.status,
        explanation=result.explanation,
        trend_series=tuple(series),
        trend=tuple(trend),
        trend_note=note,
    )


def _year_to_term_end(indicator: Indicator, term: Term) -> tuple[float | None, list[str]]:
    """The indicator measured from the attendance data from the start of the year to the end
    of the report's term, with the kinds of data behind it: what was known at the time."""
    totals, kinds, _latest = metrics.run_of_weeks_totals(
        academic_year=term.academic_year,
        first=year_start(term.academic_year),
        last=term.end_date,
        weekly_only=False,
    )
    rows = group_measures(totals, where=dict(indicator.cohort) or None)
    return (rows[0].get(indicator.measure) if rows else None), kinds


def computed_trend(evaluator: Evaluator, indicator: Indicator, term: Term):
    """The authority's figure each year beside the published comparators for that year.

    Past years use the DfE's published figures, the official record and cheap to read
    (measuring every past year from pupil-level data would scan each year's registers).
    The report's own year is measured from the attendance data up to the end of the
    report's term, so an earlier term's report never shows figures from later in the
    year; without pupil data it shows the published year only once the year is over
    (a summer term report).
    """
    up_to = term.academic_year
    figures = evaluator.figures(indicator)
    kinds = [spec["kind"] for spec in indicator.comparators if spec["kind"] in PUBLISHED]
    labels = [authority_name()] + [
        evaluator.comparator(indicator, {"kind": kind}, up_to, None).label for kind in kinds
    ]
    measured_now = evaluator.has_pupil_data(up_to)
    year_over = term.name == "summer"
    years = {y for y in (figures.years() if figures else ()) if y < up_to or year_over}
    own_now, sources = _year_to_term_end(indicator, term) if measured_now else (None, [])
    if measured_now:
        years.add(up_to)
    points = []
    for year in sorted(y for y in years if y <= up_to):
        if year == up_to and measured_now:
            own = own_now
        else:
            own = figures.own(year, FULL_YEAR)[0] if figures else None
        values: list[float | None] = [own]
        for kind in kinds:
            found = evaluator.comparator(indicator, {"kind": kind}, year, None)
            # A comparator taken from an earlier year is not this year's figure, and a
            # full year's figure is not known before the year is over.
            same_year = found.period == period_label(year, FULL_YEAR)
            values.append(found.value if same_year and (year < up_to or year_over) else None)
        points.append(TrendPoint(year, tuple(values)))
    return labels, points, _trend_note(term, measured_now, sources)


def _trend_note(term: Term, measured_now: bool, sources: Sequence[str]) -> str:
    if not measured_now:
        return "The DfE's published figures."
    kind = " (synthetic data)" if "synthetic" in sources else ""
    return (
        f"Past years are the DfE's published figures; {term.academic_year} is measured from "
        f"the attendance data{kind}, from the start of the year to the end of the "
        f"{term.name} term."
    )


def manual_values(*, indicator_ids: Sequence[int], terms: Sequence[Term]) -> dict:
    """{(indicator id, term id): value} for the given terms, in one query."""
    if not indicator_ids or not terms:
        return {}
    rows = db.session.execute(
        select(
            ManualIndicatorValue.indicator_id,
            ManualIndicatorValue.term_id,
            ManualIndicatorValue.value,
        ).where(
            ManualIndicatorValue.indicator_id.in_(list(indicator_ids)),
            ManualIndicatorValue.term_id.in_([term.id for term in terms]),
        )
    )
    return {(indicator_id, term_id): value for indicator_id, term_id, value in rows}


def manual_trend(indicator: Indicator, terms: Sequence[Term], values: dict):
    target = next((c for c in indicator.comparators if c["kind"] == TARGET), None)
    labels = ["Value"] + ([target.get("label", "Target")] if target else [])
    points = [
        TrendPoint(
            term_label(term),
            (values.get((indicator.id, term.id)),) + ((float(target["value"]),) if target else ()),
        )
        for term in terms
    ]
    if indicator.from_training_records:
        return labels, points, "The running total of staff trained, from the training records."
    return labels, points, "Values entered each term by the service manager."


def _indicator_report(evaluator, indicator: Indicator, term: Term, terms, values):
    result = evaluator.evaluate(indicator, term.academic_year, term.name)
    if indicator.is_manual:
        trend = manual_trend(indicator, terms, values)
    else:
        trend = computed_trend(evaluator, indicator, term)
    return _as_report(result, *trend)


def indicator_reports(
    *, term: Term, terms: Sequence[Term], codes: Sequence[str] | None = None
) -> list[tuple[IndicatorReport, tuple[int, ...]]]:
    """Live indicators (all, or those ``codes`` name) evaluated for the term, with their
    trends and the priorities they serve."""
    evaluator = new_evaluator()
    indicators = [i for i in live_indicators() if codes is None or i.code in codes]
    values = manual_values(indicator_ids=[i.id for i in indicators if i.is_manual], terms=terms)
    return [
        (
            _indicator_report(evaluator, indicator, term, terms, values),
            tuple(sorted({outcome.priority.number for outcome in indicator.outcomes})),
        )
        for indicator in indicators
    ]


def _cohort_indicator(group: CohortGroup, measure: str) -> Indicator:
    """A transient indicator (never stored) measuring a group against the published figures."""
    return Indicator(
        code=f"group-{measure}-{group.label.lower().replace(' ', '-')}",
        title=f"{MEASURE_TITLES[measure]}, {group.label[:1].lower() + group.label[1:]}",
        kind="computed",
        measure=measure,
        unit="%",
        cohort=dict(group.cohort),
        published=dict(group.published) if group.published else None,
        period="year",
        comparators=[{"kind": kind} for kind in PUBLISHED],
        direction="lower",
        rules=_GROUP_RULES,
        tolerance=0.5,
    )


def cohort_reports(
    *, term: Term, groups: Sequence[CohortGroup]
) -> list[tuple[str, IndicatorReport, IndicatorReport]]:
    evaluator = new_evaluator()
    found = []
    for group in groups:
        reports = []
        for measure in COHORT_MEASURES:
            indicator = _cohort_indicator(group, measure)
            result = evaluator.evaluate(indicator, term.academic_year, term.name)
            trend = computed_trend(evaluator, indicator, term)
            report = _as_report(result, *trend)
            if result.source == "computed" and _too_few(term, group, measure):
                report = _confidential(report, term)
            reports.append(report)
        found.append((group.label, reports[0], reports[1]))
    return found


def _too_few(term: Term, group: CohortGroup, measure: str) -> bool:
    """Whether a group's measured figure for the term is about fewer than 5 pupils: the same
    measurement the evaluator made (held in the metrics layer's cache), with its counts."""
    rows = term_measures(term=term, where=dict(group.cohort) or None)["rows"]
    return cohort_figure_suppressed(rows[0] if rows else None, measure)


def _confidential(report: IndicatorReport, term: Term) -> IndicatorReport:
    """A group's figure shown as "c": no value, no judgement that would hint at it, and no
    point for the year in its trend (measured from the same few pupils)."""
    trend = tuple(
        TrendPoint(point.period, (None, *point.values[1:]))
        if point.period == term.academic_year
        else point
        for point in report.trend
    )
    return replace(
        report,
        value=None,
        status="no_data",
        explanation=f"Fewer than 5 pupils of this group are measured: {EXPLANATION}",
        trend=trend,
        suppressed=True,
    )


# Attendance measures ---------------------------------------------------------------------


def has_pupil_data(*, academic_year: str) -> bool:
    return metrics.has_pupil_data(academic_year=academic_year)


def term_measures(*, term: Term, by: tuple[str, ...] = (), where=None) -> dict[str, Any]:
    return metrics.compute_metrics(
        academic_year=term.academic_year, term=term.name, by=by, where=where
    )


def academic_year_of(day: date) -> str:
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def range_measures(
    *, academic_year: str, first: date, last: date, by: tuple[str, ...] = (), where=None
) -> list[dict[str, Any]]:
    """The measures over any run of weeks (``compute_metrics`` offers weeks, terms and years).

    Uses the metrics layer's cached per-enrolment totals, weekly data only, so a year to
    date and a week are measured from the same rows.
    """
    totals, _sources, _latest = metrics.run_of_weeks_totals(
        academic_year=academic_year, first=first, last=last
    )
    return group_measures(totals, by=by, where=where)


def weeks_with_data(*, academic_year: str) -> list[date]:
    """Mondays of the weeks with weekly data (registers or synthetic) for the year."""
    return list(
        db.session.scalars(
            select(AttendanceWeek.week_start)
            .join(Enrolment, AttendanceWeek.enrolment_id == Enrolment.id)
            .where(Enrolment.academic_year == academic_year, AttendanceWeek.source != "summary")
            .distinct()
            .order_by(AttendanceWeek.week_start)
        )
    )


def weekly_attendance(*, academic_year: str, first: date, last: date) -> dict[date, float | None]:
    """Each week's attendance rate (sessions attended over possible) in one grouped query.

    The same pupils count as in the DfE measures: years 1 to 11, Year 11 left out after
    the summer half-term. Rates of sessions are sums over enrolments, so no per-enrolment
    step is needed for them.
    """
    week = AttendanceWeek
    cutoff = metrics.year11_leaves_from(academic_year=academic_year)
    rows = db.session.execute(
        select(
            week.week_start,
            func.sum(week.possible),
            func.sum(week.present + week.aea),
        )
        .join(Enrolment, week.enrolment_id == Enrolment.id)
        .where(
            Enrolment.academic_year == academic_year,
            week.source != "summary",
            week.week_start.between(first, last),
            Enrolment.year_group.between(1, 11),
            ~((Enrolment.year_group == 11) & (week.week_start >= cutoff)),
        )
        .group_by(week.week_start)
        .order_by(week.week_start)
    )
    return {
        start: (attended / possible * 100 if possible else None)
        for start, possible, attended in rows
    }


def year_start(academic_year: str) -> date:
    return date(int(academic_year[:4]), 8, 1)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Provenance ------------------------------------------------------------------------------


def range_sources(*, academic_year: str, first: date, last: date) -> list[str]:
    """The kinds of data (marks, summary, synthetic) behind a run of weeks' measures."""
    _totals, sources, _latest = metrics.run_of_weeks_totals(
        academic_year=academic_year, first=first, last=last
    )
    return list(sources)


def published_years() -> tuple[str | None, str | None]:
    return db.session.execute(
        select(func.min(PublishedRate.time_period), func.max(PublishedRate.time_period))
    ).one()


def last_import_at() -> str | None:
    """When attendance or benchmark data was last loaded, as "4 December 2026"."""
    latest = db.session.scalar(select(func.max(DataImport.imported_at)))
    return f"loaded {latest.day} {latest:%B %Y}" if latest else None


def manual_values_entered_at(*, term_id: int) -> str | None:
    """When the term's manual indicator values were last entered or corrected."""
    latest = db.session.scalar(
        select(func.max(ManualIndicatorValue.entered_at)).where(
            ManualIndicatorValue.term_id == term_id
        )
    )
    return f"last entered {latest.day} {latest:%B %Y}" if latest else None


def neighbour_list_version() -> str | None:
    return new_evaluator().neighbours.version
