"""Demonstration manual indicator values and training records, for every term so far.

Written straight into their tables (with the service manager as the person who
entered them), because past demo terms are locked by the time this step runs
and the service itself refuses changes to a locked term. Safe to run again:
nothing is written if any value or training record exists already.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from tracker.data.boards import board_settings
from tracker.data.demo.context import DemoContext
from tracker.data.training_indicator import refresh_training_indicator
from tracker.domain.demo_board_records import manual_values, training_figures
from tracker.domain.training import TIER_CODES
from tracker.extensions import db
from tracker.models import Indicator, ManualIndicatorValue, Term, User
from tracker.models.reports import TrainingRecord

MANAGER_EMAIL = "manager@example.org"


def seed_demo_board_records(context: DemoContext) -> list[str]:
    already = db.session.scalar(select(func.count()).select_from(ManualIndicatorValue))
    already += db.session.scalar(select(func.count()).select_from(TrainingRecord))
    if already:
        return []
    terms = list(
        db.session.scalars(
            select(Term).where(Term.start_date <= context.today).order_by(Term.start_date)
        )
    )
    manager = db.session.scalars(select(User).where(User.email == MANAGER_EMAIL)).first()
    if not terms or manager is None:
        return []
    values = _manual_values(terms, manager)
    records = _training(terms, manager)
    db.session.flush()
    values += refresh_training_indicator(
        from_term=terms[0],
        user=manager,
        today=context.today,
        include_locked=True,
        entered_at=_entered_at,
    )
    return [
        f"Recorded demo manual indicator values: {values}; training records: {records}",
    ]


def _entered_at(term: Term) -> datetime:
    # Entered a fortnight before the end of term, when the termly report is prepared.
    return datetime.combine(term.end_date - timedelta(days=14), time(11), tzinfo=UTC)


def _manual_values(terms: list[Term], manager: User) -> int:
    indicators = db.session.scalars(select(Indicator).where(Indicator.kind == "manual")).all()
    written = 0
    # The training indicator follows the training records (see training_indicator).
    for indicator in [i for i in indicators if not i.from_training_records]:
        target = next(
            (c.get("value") for c in indicator.comparators if c.get("kind") == "target"), None
        )
        series = manual_values(
            code=indicator.code,
            unit=indicator.unit,
            direction=indicator.direction,
            target=target,
            terms=len(terms),
        )
        for term, value in zip(terms, series, strict=True):
            db.session.add(
                ManualIndicatorValue(
                    indicator_id=indicator.id,
                    term_id=term.id,
                    value=value,
                    evidence="Demonstration figure from the termly dip sample and team returns.",
                    entered_by_id=manager.id,
                    entered_at=_entered_at(term),
                )
            )
            written += 1
    return written


def _training(terms: list[Term], manager: User) -> int:
    directorates = list(board_settings().directorates)
    figures = training_figures(tiers=list(TIER_CODES), directorates=directorates, terms=len(terms))
    for figure in figures:
        db.session.add(
            TrainingRecord(
                term_id=terms[figure.term_index].id,
                tier=figure.tier,
                directorate=figure.directorate,
                trained=figure.trained,
                target=figure.target,
                entered_by_id=manager.id,
                updated_at=_entered_at(terms[figure.term_index]),
            )
        )
    return len(figures)
