"""The training indicator kept in step with the training records.

"Dorset Council staff who have completed the three-tier attendance training" is the
running total of the staff the training records say were trained, so it is never typed:
saving a training record rewrites the indicator's value for that term and for every later
term that has a value or records of its own. Each value carries evidence saying where it
came from, and each change goes into the indicator's history like a typed one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select

from tracker.data.indicator_values import write_manual_value
from tracker.domain.training import TRAINING_MEASURE, TermTraining, running_totals
from tracker.extensions import db
from tracker.models import Indicator, ManualIndicatorValue, Term, User
from tracker.models.reports import TrainingRecord


def training_indicators() -> list[Indicator]:
    return list(
        db.session.scalars(
            select(Indicator).where(
                Indicator.kind == "manual",
                Indicator.measure == TRAINING_MEASURE,
                Indicator.withdrawn_at.is_(None),
            )
        )
    )


def _trained_by_term() -> dict[int, dict[str, int]]:
    rows = db.session.execute(
        select(
            TrainingRecord.term_id, TrainingRecord.tier, func.sum(TrainingRecord.trained)
        ).group_by(TrainingRecord.term_id, TrainingRecord.tier)
    )
    found: dict[int, dict[str, int]] = {}
    for term_id, tier, trained in rows:
        found.setdefault(term_id, {})[tier] = int(trained or 0)
    return found


def _valued_terms(indicator: Indicator) -> set[int]:
    return set(
        db.session.scalars(
            select(ManualIndicatorValue.term_id).where(
                ManualIndicatorValue.indicator_id == indicator.id
            )
        )
    )


def refresh_training_indicator(
    *,
    from_term: Term,
    user: User | None,
    include_locked: bool = False,
    entered_at: Callable[[Term], datetime] | None = None,
) -> int:
    """Rewrite the training indicator's values from ``from_term`` on; returns how many.

    A locked term keeps the value it was locked with, unless ``include_locked`` (the
    demonstration data, written after its past terms are locked).
    """
    indicators = training_indicators()
    if not indicators:
        return 0
    terms = list(db.session.scalars(select(Term).order_by(Term.start_date)))
    trained = _trained_by_term()
    totals = running_totals(
        [
            TermTraining(
                term.id, f"{term.name} term {term.academic_year}", trained.get(term.id, {})
            )
            for term in terms
        ]
    )
    written = 0
    for indicator in indicators:
        valued = _valued_terms(indicator)
        for term, total in zip(terms, totals, strict=True):
            if term.start_date < from_term.start_date:
                continue
            if term.id not in trained and term.id not in valued:
                continue  # nothing recorded for the term, and no value to correct
            if term.state == "locked" and not include_locked:
                continue
            write_manual_value(
                indicator=indicator,
                term=term,
                value=float(total.value),
                evidence=total.evidence,
                user=user,
                at=entered_at(term) if entered_at else None,
            )
            written += 1
    return written
