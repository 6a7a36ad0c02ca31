"""The training indicator kept in step with the training records.

"Dorset Council staff who have completed the three-tier attendance training" is the
running total of the staff the training records say were trained, so it is never typed:
saving a training record rewrites the indicator's value for that term and every later one
up to the term under way. Each value carries evidence saying where it
came from, and each change goes into the indicator's history like a typed one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import func, select

from tracker.data.indicator_values import write_manual_value
from tracker.domain.training import TRAINING_MEASURE, TermTraining, running_totals
from tracker.extensions import db
from tracker.models import Indicator, ManualIndicatorValue, Term, User
from tracker.models.reports import TrainingRecord


def training_indicators(*, for_update: bool = False) -> list[Indicator]:
    statement = select(Indicator).where(
        Indicator.kind == "manual",
        Indicator.measure == TRAINING_MEASURE,
        Indicator.withdrawn_at.is_(None),
    )
    if for_update:
        # On PostgreSQL two training saves at once would each add up what they see and the
        # last to commit would win: the row lock makes the second wait and add up after.
        statement = statement.with_for_update()
    return list(db.session.scalars(statement))


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


def _entries_by_term(indicator: Indicator) -> dict[int, ManualIndicatorValue]:
    entries = db.session.scalars(
        select(ManualIndicatorValue).where(ManualIndicatorValue.indicator_id == indicator.id)
    )
    return {entry.term_id: entry for entry in entries}


def refresh_training_indicator(
    *,
    from_term: Term,
    user: User | None,
    today: date,
    include_locked: bool = False,
    entered_at: Callable[[Term], datetime] | None = None,
) -> int:
    """Rewrite the training indicator's values from ``from_term`` on; returns how many.

    Every term from the first with training records up to the one under way gets the
    running total, a term with no records of its own carrying the total before it.
    A locked term keeps the value it was locked with, unless ``include_locked`` (the
    demonstration data, written after its past terms are locked).
    """
    indicators = training_indicators(for_update=True)
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
    first = min((term.start_date for term in terms if term.id in trained), default=None)
    written = 0
    for indicator in indicators:
        entries = _entries_by_term(indicator)
        for term, total in zip(terms, totals, strict=True):
            counted = first is not None and first <= term.start_date <= today
            if term.start_date < from_term.start_date or not (counted or term.id in entries):
                continue
            if term.state == "locked" and not include_locked:
                continue
            entry = entries.get(term.id)
            if entry and (entry.value, entry.evidence) == (total.value, total.evidence):
                continue  # unchanged: keep who entered it and when
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
