"""Terms: finding the current one, moving between states, deadlines."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tracker.data.history import record_change
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.workflow import can_move_term
from tracker.extensions import db
from tracker.models import Term, User

# Deadlines may fall shortly after the term ends, when reports are compiled.
_GRACE = timedelta(days=14)


def list_terms() -> list[Term]:
    return list(db.session.scalars(select(Term).order_by(Term.start_date)))


def get_term(*, academic_year: str, name: str) -> Term | None:
    return db.session.scalars(
        select(Term).where(Term.academic_year == academic_year, Term.name == name)
    ).first()


def current_term(*, today: date) -> Term | None:
    """The term updates are being collected for.

    An open term wins (the service manager opened it); otherwise the term
    that has started most recently by ``today``; otherwise the first term.
    """
    terms = list_terms()
    open_terms = [term for term in terms if term.state == "open"]
    if open_terms:
        return open_terms[-1]
    started = [term for term in terms if term.start_date <= today]
    if started:
        return started[-1]
    return terms[0] if terms else None


def previous_term(*, term: Term) -> Term | None:
    return db.session.scalars(
        select(Term).where(Term.start_date < term.start_date).order_by(Term.start_date.desc())
    ).first()


def terms_up_to(*, term: Term) -> list[Term]:
    return list(
        db.session.scalars(
            select(Term).where(Term.start_date <= term.start_date).order_by(Term.start_date)
        )
    )


def move_term(*, term: Term, user: User, target: str, reason: str = "") -> Term:
    decision = can_move_term(role=user.role_enum, current=term.state, target=target, reason=reason)
    if not decision:
        raise NotAllowed(decision.reason)
    record_change(
        user=user,
        subject="term",
        subject_id=term.id,
        term_id=term.id,
        field="state",
        old=term.state,
        new=target,
    )
    if reason.strip():
        record_change(
            user=user,
            subject="term",
            subject_id=term.id,
            term_id=term.id,
            field="reason",
            old="",
            new=reason.strip(),
        )
    term.state = target
    db.session.flush()
    return term


def set_deadline(*, term: Term, user: User, deadline: date | None) -> Term:
    if term.state == "locked":
        raise NotAllowed("This term is locked: nothing can change.")
    if deadline is not None and not (term.start_date <= deadline <= term.end_date + _GRACE):
        raise InvalidContent(
            {"deadline": "The update deadline must fall within the term or the fortnight after it"}
        )
    record_change(
        user=user,
        subject="term",
        subject_id=term.id,
        term_id=term.id,
        field="update_deadline",
        old=term.update_deadline,
        new=deadline,
    )
    term.update_deadline = deadline
    db.session.flush()
    return term
