"""Evaluating the outcome indicators for a year or a term.

A computed indicator's value comes from the pupil-level attendance data when any is
loaded for the year, filtered to its cohort; otherwise the authority's own published
DfE figure stands in, labelled "published". Its benchmarks are the published figures
for England, the region and the mean of the statistical neighbours, plus the year
before or a fixed target. A manual indicator's value is the one entered for the term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.attendance_metrics import compute_metrics, has_pupil_data
from tracker.data.benchmark_lookup import (
    Neighbours,
    PublishedFigures,
    find_neighbours,
    period_label,
)
from tracker.data.reference_data import get_authority
from tracker.domain.benchmarks import FULL_YEAR
from tracker.domain.errors import InvalidContent
from tracker.domain.indicators import (
    NATIONAL,
    NEIGHBOURS,
    PREVIOUS_YEAR,
    REGIONAL,
    TARGET,
    Comparison,
    evaluate,
    indicator_status,
    rules_from_data,
)
from tracker.domain.terms import TERM_NAMES, is_academic_year
from tracker.extensions import db
from tracker.models import BenchmarkAuthority, Indicator, ManualIndicatorValue, Term


def previous_academic_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass
class Measured:
    value: float | None
    source: str | None  # computed, published, manual; None when there is no value
    # With a value, a sentence qualifying it; without, why there is none.
    note: str = ""
    subject: str = ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass
class ComparatorResult:
    kind: str
    label: str
    value: float | None
    period: str = ""
    note: str = ""
    neighbours_used: int | None = None
    neighbours_listed: int | None = None

    def as_dict(self) -> dict[str, Any]:
        found = {"kind": self.kind, "label": self.label, "value": self.value}
        found["period"] = self.period
        if self.kind == NEIGHBOURS:
            found["neighbours_used"] = self.neighbours_used
            found["neighbours_listed"] = self.neighbours_listed
        found["note"] = self.note
        return found


@dataclass
class IndicatorResult:
    indicator: Indicator
    year: str
    term: str | None
    value: float | None
    source: str | None
    comparators: list[ComparatorResult]
    status: str
    explanation: str
    notes: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return indicator_status(self.status).label

    def as_dict(self) -> dict[str, Any]:
        indicator = self.indicator
        return {
            "code": indicator.code,
            "title": indicator.title,
            "kind": indicator.kind,
            "measure": indicator.measure,
            "unit": indicator.unit,
            "cohort": indicator.cohort,
            "direction": indicator.direction,
            "outcomes": outcome_refs(indicator),
            "year": self.year,
            "term": self.term,
            "value": self.value,
            "source": self.source,
            "comparators": [comparator.as_dict() for comparator in self.comparators],
            "status": self.status,
            "status_label": self.status_label,
            "explanation": self.explanation,
        }


def outcome_refs(indicator: Indicator) -> list[str]:
    return [f"P{outcome.priority.number}/{outcome.position}" for outcome in indicator.outcomes]


def live_indicators() -> list[Indicator]:
    return list(
        db.session.scalars(
            select(Indicator)
            .where(Indicator.withdrawn_at.is_(None))
            .order_by(Indicator.position)
            .options(selectinload(Indicator.outcomes))
        )
    )


def get_indicator(*, code: str) -> Indicator | None:
    return db.session.scalars(select(Indicator).where(Indicator.code == code)).first()


class Evaluator:
    """Evaluates indicators for one authority, reusing figures between indicators."""

    def __init__(
        self,
        *,
        authority: BenchmarkAuthority | None,
        neighbour_list: str | None,
        earlier_benchmarks: bool = True,
    ) -> None:
        """``earlier_benchmarks``: compare a year with no published figures with the latest
        year before it (right for "how are we doing now", wrong for a trend)."""
        self.authority = authority
        self.earlier_benchmarks = earlier_benchmarks
        self.neighbours = (
            find_neighbours(authority=authority, version=neighbour_list)
            if authority is not None
            else Neighbours(None, (), {})
        )
        self._figures: dict[tuple[str, str, str], PublishedFigures] = {}
        self._pupil_data: dict[str, bool] = {}
        self._metrics: dict[tuple, dict] = {}

    # Figures ---------------------------------------------------------------------------

    def figures(self, indicator: Indicator) -> PublishedFigures | None:
        if self.authority is None or not indicator.published:
            return None
        key = (
            indicator.measure,
            indicator.published["phase"],
            indicator.published["characteristic"],
        )
        if key not in self._figures:
            self._figures[key] = PublishedFigures(
                authority=self.authority,
                neighbours=self.neighbours,
                measure=key[0],
                phase=key[1],
                characteristic=key[2],
            )
        return self._figures[key]

    def has_pupil_data(self, year: str) -> bool:
        if year not in self._pupil_data:
            self._pupil_data[year] = has_pupil_data(academic_year=year)
        return self._pupil_data[year]

    def _computed(self, indicator: Indicator, year: str, term: str | None) -> Measured:
        key = (year, term, tuple(sorted((k, str(v)) for k, v in indicator.cohort.items())))
        if key not in self._metrics:
            try:
                self._metrics[key] = compute_metrics(
                    academic_year=year, term=term, where=dict(indicator.cohort) or None
                )
            except InvalidContent as error:
                return Measured(None, None, _lower_first(str(error)))
        rows = self._metrics[key]["rows"]
        value = rows[0].get(indicator.measure) if rows else None
        if value is None:
            return Measured(None, None, f"no pupils of this group are in the {year} data")
        synthetic = "synthetic" in self._metrics[key].get("sources", ())
        return Measured(value, "computed", "Computed from synthetic data." if synthetic else "")

    def measure(self, indicator: Indicator, year: str, term: str | None) -> Measured:
        """The indicator's own value for the year (or term)."""
        if indicator.is_manual:
            return self._manual(indicator, year, term)
        if self.has_pupil_data(year):
            return self._computed(indicator, year, term)
        figures = self.figures(indicator)
        if figures is None:
            return Measured(
                None,
                None,
                f"no pupil-level data is loaded for {year}, and the DfE publishes no figure "
                "for this group",
            )
        period = term if term is not None and (year, term) in figures.periods else FULL_YEAR
        value, name = figures.own(year, period)
        if value is None:
            return Measured(
                None, None, f"no pupil-level data is loaded and no figure is published for {year}"
            )
        kind = "full-year figure" if period == FULL_YEAR and term is not None else "figure"
        note = f"No pupil-level data is loaded for {year}: {name}'s published {kind} stands in."
        return Measured(value, "published", note, subject=f"{name}'s published")

    def _manual(self, indicator: Indicator, year: str, term: str | None) -> Measured:
        statement = (
            select(ManualIndicatorValue, Term)
            .join(Term, ManualIndicatorValue.term_id == Term.id)
            .where(ManualIndicatorValue.indicator_id == indicator.id, Term.academic_year == year)
            .order_by(Term.sequence.desc())
        )
        if term is not None:
            statement = statement.where(Term.name == term)
        found = db.session.execute(statement).first()
        if found is None:
            where = f"the {term} term of {year}" if term else year
            return Measured(None, None, f"no value has been entered for {where}")
        entry, entered_term = found
        note = "" if term else f"Value for the {entered_term.name} term."
        return Measured(entry.value, "manual", note)

    # Comparators -----------------------------------------------------------------------

    def _published(self, indicator, kind, year, term) -> ComparatorResult:
        authority = self.authority
        label = {
            NATIONAL: "England",
            REGIONAL: authority.region_name if authority else "Region",
            NEIGHBOURS: "statistical neighbours",
        }[kind]
        figures = self.figures(indicator)
        chosen = (
            figures.choose_period(year, term, earlier_years=self.earlier_benchmarks)
            if figures
            else None
        )
        if chosen is None:
            return ComparatorResult(kind, label, None, note="no published figure")
        at_year, at_period = chosen
        result = ComparatorResult(kind, label, None, period_label(at_year, at_period))
        if kind == NATIONAL:
            result.value = figures.national(at_year, at_period)
        elif kind == REGIONAL:
            result.value = figures.regional(at_year, at_period)
        else:
            mean = figures.neighbour_mean(at_year, at_period)
            result.value = mean.value
            result.neighbours_used, result.neighbours_listed = mean.used, mean.listed
            result.note = f"mean of {mean.used} of {mean.listed}, {self.neighbours.version} list"
        return result

    def comparator(self, indicator: Indicator, spec: dict, year: str, term: str | None):
        kind = spec["kind"]
        if kind == TARGET:
            return ComparatorResult(kind, spec.get("label", "Target"), spec["value"])
        if kind == PREVIOUS_YEAR:
            before = previous_academic_year(year)
            measured = self.measure(indicator, before, term)
            label = f"{before} {term} term" if term else before
            return ComparatorResult(kind, label, measured.value, label, measured.source or "")
        return self._published(indicator, kind, year, term)

    # Evaluation ------------------------------------------------------------------------

    def evaluate(self, indicator: Indicator, year: str, term: str | None) -> IndicatorResult:
        measured = self.measure(indicator, year, term)
        comparators = [
            self.comparator(indicator, spec, year, term) for spec in indicator.comparators
        ]
        evaluation = evaluate(
            value=measured.value,
            comparators=[_comparison(comparator) for comparator in comparators],
            direction=indicator.direction,
            rules=rules_from_data(indicator.rules),
            tolerance=indicator.tolerance,
            unit=indicator.unit,
            subject=measured.subject,
            missing_reason=measured.note if measured.value is None else "",
        )
        value_note = measured.note if measured.value is not None else ""
        notes = [note for note in (value_note, _period_note(comparators, year, term)) if note]
        explanation = " ".join([evaluation.explanation + ".", *notes])
        return IndicatorResult(
            indicator,
            year,
            term,
            measured.value,
            measured.source,
            comparators,
            evaluation.status,
            explanation,
            notes,
        )


def _comparison(comparator: ComparatorResult) -> Comparison:
    """A comparator as the rules see it, noting only what a reader would not assume."""
    note = ""
    if comparator.kind == NEIGHBOURS and comparator.neighbours_used != comparator.neighbours_listed:
        note = f"mean of {comparator.neighbours_used} of {comparator.neighbours_listed}"
    return Comparison(comparator.label, comparator.value, note)


def _period_note(comparators: list[ComparatorResult], year: str, term: str | None) -> str:
    """Say so when the benchmarks are for another period than the one asked for."""
    asked = period_label(year, term or FULL_YEAR)
    published = {c.period for c in comparators if c.kind in (NATIONAL, REGIONAL, NEIGHBOURS)}
    other = sorted(period for period in published if period and period != asked)
    if not other:
        return ""
    if term is not None and other == [period_label(year, FULL_YEAR)]:
        return f"Benchmarks are {year} full-year figures: no {term} term figures are published."
    return f"Benchmarks are {', '.join(other)} figures, the latest published."


def evaluate_indicators(
    *, academic_year: str, term: str | None = None, neighbour_list: str | None = None
) -> list[IndicatorResult]:
    """Every live indicator for the year (or the term), in the seed file's order."""
    if not is_academic_year(academic_year):
        raise InvalidContent({"year": "The academic year must be written like 2020/21"})
    if term is not None and term not in TERM_NAMES:
        raise InvalidContent({"term": f"The term must be one of {', '.join(TERM_NAMES)}"})
    evaluator = Evaluator(authority=get_authority(), neighbour_list=neighbour_list)
    return [evaluator.evaluate(indicator, academic_year, term) for indicator in live_indicators()]
