"""What the indicator pages list: the periods there are figures for, outcomes by priority."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.data.attendance_metrics import years_with_pupil_data
from tracker.data.indicators import IndicatorResult
from tracker.data.plan import list_priorities
from tracker.data.reference_data import get_authority
from tracker.domain.terms import parse_term_slug, term_slug
from tracker.extensions import db
from tracker.models import Outcome, Priority, PublishedRate, Term


@dataclass(frozen=True)
class Period:
    slug: str
    label: str
    year: str
    term: str | None


@dataclass(frozen=True)
class OutcomeRow:
    outcome: Outcome
    results: list[IndicatorResult]


@dataclass(frozen=True)
class PriorityGroup:
    priority: Priority
    outcomes: list[OutcomeRow]


def year_slug(year: str) -> str:
    return year.replace("/", "-")


def _published_years() -> set[str]:
    authority = get_authority()
    if authority is None:
        return set()
    codes = [authority.la_code, *(p["la_code"] for p in authority.predecessors or [])]
    return set(
        db.session.scalars(
            select(PublishedRate.time_period).where(PublishedRate.la_code.in_(codes)).distinct()
        )
    )


def available_periods() -> list[Period]:
    """Whole years with published or pupil-level figures, and every term set up; newest first."""
    years = _published_years() | set(years_with_pupil_data())
    terms = list(db.session.scalars(select(Term).order_by(Term.start_date)))
    years |= {term.academic_year for term in terms}
    periods = [Period(year_slug(year), f"{year}, whole year", year, None) for year in years]
    periods += [
        Period(term_slug(term.academic_year, term.name), term.label, term.academic_year, term.name)
        for term in terms
    ]
    return sorted(periods, key=lambda p: (p.year, p.term is not None, p.slug), reverse=True)


def default_period(periods: list[Period]) -> Period | None:
    """The latest year with pupil-level data, else the latest with the authority's figures."""
    with_data = set(years_with_pupil_data()) or _published_years()
    years = [p for p in periods if p.term is None and p.year in with_data]
    return years[0] if years else (periods[0] if periods else None)


def parse_period(slug: str) -> tuple[str, str | None] | None:
    parsed = parse_term_slug(slug)
    if parsed:
        return parsed
    if len(slug) == 7 and slug[4] == "-":
        return f"{slug[:4]}/{slug[5:]}", None
    return None


def results_by_priority(results: list[IndicatorResult]) -> list[PriorityGroup]:
    """Each priority's outcome statements, each with the indicators that measure it."""
    by_outcome: dict[int, list[IndicatorResult]] = {}
    for result in results:
        for outcome in result.indicator.outcomes:
            by_outcome.setdefault(outcome.id, []).append(result)
    return [
        PriorityGroup(
            priority,
            [
                OutcomeRow(outcome, by_outcome.get(outcome.id, []))
                for outcome in priority.outcomes
                if outcome.withdrawn_at is None
            ],
        )
        for priority in list_priorities()
    ]
