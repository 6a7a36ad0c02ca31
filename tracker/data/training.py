"""Training records: staff trained in each tier of the attendance training, per directorate
and term, entered by the service manager; every change kept in the history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.data.history import record_change
from tracker.data.training_indicator import refresh_training_indicator
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.reports.model import (
    TrainingCell,
    TrainingLine,
    TrainingSection,
    TrainingTrendPoint,
)
from tracker.domain.roles import Role
from tracker.domain.training import TIER_CODES, TIER_LABELS, TIERS, training_problems
from tracker.extensions import db
from tracker.models import HistoryEntry, Term, TrainingRecord, User
from tracker.models.mixins import utcnow

SUBJECT = "training"


def training_records(*, term: Term) -> list[TrainingRecord]:
    records = db.session.scalars(
        select(TrainingRecord).where(TrainingRecord.term_id == term.id)
    ).all()
    order = {code: index for index, code in enumerate(TIER_CODES)}
    return sorted(records, key=lambda r: (r.directorate.lower(), order.get(r.tier, 99)))


def find_training_record(*, term: Term, tier: str, directorate: str) -> TrainingRecord | None:
    return db.session.scalars(
        select(TrainingRecord).where(
            TrainingRecord.term_id == term.id,
            TrainingRecord.tier == tier,
            TrainingRecord.directorate == directorate,
        )
    ).first()


def save_training_record(
    *,
    term: Term,
    user: User,
    tier: str,
    directorate: str,
    trained: int | None,
    target: int | None,
    directorates: Sequence[str],
    today: date,
) -> TrainingRecord:
    """Record (or correct) a directorate's training in one tier for the term; the training
    indicator follows (see ``training_indicator``) up to the term under way on ``today``."""
    if user.role_enum != Role.MANAGER:
        raise NotAllowed("Only the service manager records training.")
    if term.state == "locked":
        raise NotAllowed("This term is locked: nothing can change.")
    directorate = directorate.strip()
    problems = training_problems(
        tier=tier,
        directorate=directorate,
        trained=trained,
        target=target,
        directorates=directorates,
    )
    if problems:
        raise InvalidContent(problems)
    record = find_training_record(term=term, tier=tier, directorate=directorate)
    old = {"trained": "", "target": ""}
    if record is None:
        record = TrainingRecord(
            term_id=term.id, tier=tier, directorate=directorate, trained=0, target=0
        )
        db.session.add(record)
    else:
        old = {"trained": record.trained, "target": record.target}
    record.trained, record.target = trained, target
    record.entered_by_id = user.id
    record.updated_at = utcnow()
    db.session.flush()
    for field in ("trained", "target"):
        record_change(
            user=user,
            subject=SUBJECT,
            subject_id=record.id,
            term_id=term.id,
            field=field,
            old=old[field],
            new=getattr(record, field),
        )
    db.session.flush()
    refresh_training_indicator(from_term=term, user=user, today=today)
    return record


def training_history(*, term: Term) -> list[tuple[HistoryEntry, TrainingRecord]]:
    """Every change to the term's training records, newest first."""
    records = {record.id: record for record in training_records(term=term)}
    entries = db.session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.subject == SUBJECT, HistoryEntry.term_id == term.id)
        .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
        .options(selectinload(HistoryEntry.user))
    )
    return [(entry, records[entry.subject_id]) for entry in entries if entry.subject_id in records]


def _line(directorate: str, found: dict[tuple[str, str], TrainingRecord]) -> TrainingLine:
    cells = []
    for tier in TIER_CODES:
        record = found.get((directorate, tier))
        cells.append(
            TrainingCell(
                tier, record.trained if record else None, record.target if record else None
            )
        )
    return TrainingLine(directorate, tuple(cells))


def _year_terms(term: Term) -> list[Term]:
    return list(
        db.session.scalars(
            select(Term)
            .where(Term.academic_year == term.academic_year, Term.start_date <= term.start_date)
            .order_by(Term.start_date)
        )
    )


def training_section(*, term: Term, directorates: Sequence[str]) -> TrainingSection:
    """The term's training by directorate and tier, and the year's terms so far by tier."""
    records = training_records(term=term)
    found = {(record.directorate, record.tier): record for record in records}
    names = list(directorates) + sorted(
        {record.directorate for record in records} - set(directorates)
    )
    lines = tuple(_line(name, found) for name in names)
    total = TrainingLine(
        "All directorates",
        tuple(
            TrainingCell(
                tier,
                sum(r.trained for r in records if r.tier == tier),
                sum(r.target for r in records if r.tier == tier),
            )
            for tier in TIER_CODES
        ),
    )
    year_terms = _year_terms(term)
    year_records = db.session.scalars(
        select(TrainingRecord).where(TrainingRecord.term_id.in_([t.id for t in year_terms]))
    ).all()
    trend = tuple(
        TrainingTrendPoint(
            t.label,
            tuple(
                sum(r.trained for r in year_records if r.term_id == t.id and r.tier == tier)
                for tier in TIER_CODES
            ),
        )
        for t in year_terms
    )
    return TrainingSection(
        tiers=tuple(TIER_LABELS[tier.code] for tier in TIERS),
        lines=lines,
        total=total,
        trend=trend,
        recorded=bool(records),
    )
