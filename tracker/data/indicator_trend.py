"""An indicator over time: every year (and term) with a value or a benchmark."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.data.attendance_metrics import years_with_pupil_data
from tracker.data.indicators import Evaluator, IndicatorResult
from tracker.data.reference_data import get_authority
from tracker.extensions import db
from tracker.models import Indicator, ManualIndicatorValue, Term


@dataclass(frozen=True)
class TrendPoint:
    label: str
    year: str
    term: str | None
    result: IndicatorResult


@dataclass(frozen=True)
class Trend:
    years: list[TrendPoint]
    terms: list[TrendPoint]


def _terms_of(years: set[str]) -> list[Term]:
    if not years:
        return []
    return list(
        db.session.scalars(
            select(Term).where(Term.academic_year.in_(sorted(years))).order_by(Term.start_date)
        )
    )


def _manual_terms(indicator: Indicator) -> list[Term]:
    return list(
        db.session.scalars(
            select(Term)
            .join(ManualIndicatorValue, ManualIndicatorValue.term_id == Term.id)
            .where(ManualIndicatorValue.indicator_id == indicator.id)
            .order_by(Term.start_date)
        )
    )


def indicator_trend(*, indicator: Indicator, neighbour_list: str | None = None) -> Trend:
    """Yearly points from published figures and pupil data; termly ones where data exists."""
    evaluator = Evaluator(
        authority=get_authority(), neighbour_list=neighbour_list, earlier_benchmarks=False
    )
    if indicator.is_manual:
        terms = [
            TrendPoint(term.label, term.academic_year, term.name, _at(evaluator, indicator, term))
            for term in _manual_terms(indicator)
        ]
        return Trend([], terms)
    figures = evaluator.figures(indicator)
    pupil_years = set(years_with_pupil_data())
    years = _every_year_between(set(figures.years() if figures else []) | pupil_years)
    yearly = [
        TrendPoint(year, year, None, evaluator.evaluate(indicator, year, None)) for year in years
    ]
    termly = [
        TrendPoint(term.label, term.academic_year, term.name, _at(evaluator, indicator, term))
        for term in _terms_of(pupil_years)
    ]
    return Trend(yearly, [point for point in termly if point.result.value is not None])


def _every_year_between(years: set[str]) -> list[str]:
    """Years in order, with any gap filled, so a year without figures (2019/20) shows."""
    if not years:
        return []
    first, last = int(min(years)[:4]), int(max(years)[:4])
    return [f"{start}/{(start + 1) % 100:02d}" for start in range(first, last + 1)]


def _at(evaluator: Evaluator, indicator: Indicator, term: Term) -> IndicatorResult:
    return evaluator.evaluate(indicator, term.academic_year, term.name)
