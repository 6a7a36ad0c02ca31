"""Manual indicator values: entered per term by the service manager, with their history."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.history import record_change
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.extensions import db
from tracker.models import HistoryEntry, Indicator, ManualIndicatorValue, Term, User
from tracker.models.mixins import utcnow

SUBJECT = "indicator_value"


def manual_values(*, indicator: Indicator) -> list[ManualIndicatorValue]:
    return list(
        db.session.scalars(
            select(ManualIndicatorValue)
            .join(Term, ManualIndicatorValue.term_id == Term.id)
            .where(ManualIndicatorValue.indicator_id == indicator.id)
            .order_by(Term.start_date)
            .options(selectinload(ManualIndicatorValue.term))
        )
    )


def manual_value(*, indicator: Indicator, term: Term) -> ManualIndicatorValue | None:
    return db.session.scalars(
        select(ManualIndicatorValue).where(
            ManualIndicatorValue.indicator_id == indicator.id,
            ManualIndicatorValue.term_id == term.id,
        )
    ).first()


def _check(indicator: Indicator, value: float) -> None:
    if not math.isfinite(value):
        raise InvalidContent({"value": "Enter the value as a number"})
    if value < 0:
        raise InvalidContent({"value": "The value cannot be negative"})
    if indicator.unit == "%" and value > 100:
        raise InvalidContent({"value": "A percentage must be between 0 and 100"})


def save_manual_value(
    *, indicator: Indicator, term: Term, value: float, evidence: str, user: User
) -> ManualIndicatorValue:
    """Record (or correct) the term's value; every change goes into the history."""
    if not indicator.is_manual:
        raise NotAllowed("This indicator is computed from attendance data: it takes no values.")
    if indicator.from_training_records:
        raise NotAllowed(
            "This indicator is the running total of the training records: record the "
            "training for the term, and its value follows."
        )
    if term.state == "locked":
        raise NotAllowed(f"The {term.label} is locked: nothing can change.")
    _check(indicator, value)
    return write_manual_value(
        indicator=indicator, term=term, value=value, evidence=evidence.strip(), user=user
    )


def write_manual_value(
    *,
    indicator: Indicator,
    term: Term,
    value: float,
    evidence: str,
    user: User | None,
    at: datetime | None = None,
) -> ManualIndicatorValue:
    """Store the value with its history, once the caller has checked it may change."""
    entry = manual_value(indicator=indicator, term=term)
    old_value, old_evidence = (entry.value, entry.evidence) if entry else (None, "")
    if entry is None:
        entry = ManualIndicatorValue(indicator_id=indicator.id, term_id=term.id, value=value)
        db.session.add(entry)
    entry.value = value
    entry.evidence = evidence
    entry.entered_by_id = user.id if user else None
    entry.entered_at = at or utcnow()
    db.session.flush()
    for field, old, new in (("value", old_value, value), ("evidence", old_evidence, evidence)):
        change = record_change(
            user=user,
            subject=SUBJECT,
            subject_id=entry.id,
            term_id=term.id,
            field=field,
            old=old,
            new=new,
        )
        if change is not None and at is not None:
            change.at = at  # the history says when, as the value does
    db.session.flush()
    return entry


def value_history(*, indicator: Indicator) -> list[HistoryEntry]:
    """Every change to the indicator's values, newest first."""
    ids = select(ManualIndicatorValue.id).where(ManualIndicatorValue.indicator_id == indicator.id)
    return list(
        db.session.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.subject == SUBJECT, HistoryEntry.subject_id.in_(ids))
            .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
            .options(selectinload(HistoryEntry.user))
        )
    )
