"""Making a report, and submitting it: its files and data frozen as they were.

A submission stores every format's bytes and the snapshot they were rendered from, with
SHA-256 hashes, in the same transaction; nothing about it changes afterwards (the model
refuses). Submitting again makes the next version and keeps the earlier ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.data.reports import education_board_data, strengthening_services_board_data
from tracker.data.terms import move_term
from tracker.data.weekly_report import friday_of, leadership_weekly_data
from tracker.domain.errors import InvalidContent, NotAllowed
from tracker.domain.reports.documents import document_for, sha256_hex, snapshot_json
from tracker.domain.reports.layout import Document
from tracker.domain.reports.model import (
    EDUCATION_BOARD,
    KINDS,
    LEADERSHIP_WEEKLY,
    STRENGTHENING_SERVICES_BOARD,
    Report,
    check_week_ending,
)
from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models import ReportFile, ReportSubmission, Term, User
from tracker.reports import FORMATS, file_name, render_all

LOCK_PATH = {"open": ("closed", "locked"), "closed": ("locked",)}


@dataclass(frozen=True)
class ReportRequest:
    """Which report: a kind, and a term (termly reports) or a week (the weekly update)."""

    kind: str
    term: Term | None = None
    week_ending: date | None = None

    @property
    def period(self) -> str:
        if self.kind == LEADERSHIP_WEEKLY:
            return friday_of(self.week_ending).isoformat()
        return self.term.slug


def report_request(
    *, kind: str, term: Term | None, week_ending: date | None, today: date | None = None
) -> ReportRequest:
    """Check the combination; raises ``InvalidContent`` with what is wrong."""
    if kind not in KINDS:
        raise InvalidContent({"kind": f"The report must be one of {', '.join(KINDS)}"})
    if kind == LEADERSHIP_WEEKLY:
        if week_ending is None:
            raise InvalidContent({"week_ending": "Enter the week-ending date of the weekly update"})
        if term is not None:
            raise InvalidContent({"term": "The weekly update is for a week, not a term"})
        check_week_ending(week_ending=week_ending, today=today)
    else:
        if term is None:
            raise InvalidContent({"term": "Choose the term the report is for"})
        if week_ending is not None:
            raise InvalidContent({"week_ending": "Termly reports are for a term, not a week"})
    return ReportRequest(kind, term, week_ending)


def build_report(
    *, request: ReportRequest, presenter: str, version: int, final: bool, today: date | None = None
) -> Report:
    if request.kind == EDUCATION_BOARD:
        return education_board_data(
            term=request.term, presenter=presenter, version=version, final=final, today=today
        )
    if request.kind == STRENGTHENING_SERVICES_BOARD:
        return strengthening_services_board_data(
            term=request.term, presenter=presenter, version=version, final=final, today=today
        )
    return leadership_weekly_data(
        week_ending=request.week_ending,
        presenter=presenter,
        version=version,
        final=final,
        today=today,
    )


def build_document(
    *, request: ReportRequest, presenter: str, version: int, final: bool, today: date | None = None
) -> tuple[Report, Document]:
    report = build_report(
        request=request, presenter=presenter, version=version, final=final, today=today
    )
    return report, document_for(report)


def next_version(*, request: ReportRequest) -> int:
    latest = db.session.scalar(
        select(func.max(ReportSubmission.version)).where(
            ReportSubmission.kind == request.kind, ReportSubmission.period == request.period
        )
    )
    return (latest or 0) + 1


def list_submissions(
    *, kind: str | None = None, period: str | None = None
) -> list[ReportSubmission]:
    statement = (
        select(ReportSubmission)
        .options(selectinload(ReportSubmission.submitted_by))
        .order_by(ReportSubmission.submitted_at.desc(), ReportSubmission.id.desc())
    )
    if kind is not None:
        statement = statement.where(ReportSubmission.kind == kind)
    if period is not None:
        statement = statement.where(ReportSubmission.period == period)
    return list(db.session.scalars(statement))


def get_submission(*, submission_id: int) -> ReportSubmission | None:
    return db.session.scalars(
        select(ReportSubmission)
        .where(ReportSubmission.id == submission_id)
        .options(selectinload(ReportSubmission.files), selectinload(ReportSubmission.submitted_by))
    ).first()


def get_report_file(*, submission: ReportSubmission, code: str) -> ReportFile | None:
    return next((file for file in submission.files if file.format == code), None)


def _check_lockable(term: Term) -> None:
    if term.state != "locked" and term.state not in LOCK_PATH:
        raise NotAllowed("A term that has not opened yet cannot be locked.")


def _lock(term: Term, user: User, version: int) -> bool:
    """Lock the term through the ordinary transitions; False if it was locked already."""
    if term.state == "locked":
        return False
    for target in LOCK_PATH[term.state]:
        move_term(
            term=term,
            user=user,
            target=target,
            reason=f"Locked on submitting the Education Board report, version {version}",
        )
    return True


def submit_report(
    *,
    request: ReportRequest,
    user: User,
    presenter: str,
    final: bool,
    lock_term: bool = False,
    today: date | None = None,
    formats: Iterable[str] = tuple(FORMATS),
) -> ReportSubmission:
    """Render every format and store them with the data they came from, as a new version."""
    if user.role_enum != Role.MANAGER:
        raise NotAllowed("Only the service manager submits reports to a board.")
    if lock_term and request.kind != EDUCATION_BOARD:
        raise InvalidContent({"lock_term": "Only the Education Board report locks its term"})
    if not presenter.strip():
        raise InvalidContent({"presenter": "Enter who presents the report"})
    if lock_term:
        _check_lockable(request.term)  # before the slow part, so a refusal comes at once
    version = next_version(request=request)
    report, document = build_document(
        request=request, presenter=presenter.strip(), version=version, final=final, today=today
    )
    snapshot = snapshot_json(report)
    files = []
    for code, content in render_all(document, formats).items():
        files.append(
            ReportFile(
                format=code,
                file_name=file_name(document, code),
                media_type=FORMATS[code].media_type,
                size=len(content),
                sha256=sha256_hex(content),
                content=content,
            )
        )
    submission = ReportSubmission(
        kind=request.kind,
        period=request.period,
        period_label=report.cover.period,
        term_id=request.term.id if request.term else None,
        week_ending=date.fromisoformat(request.period)
        if request.kind == LEADERSHIP_WEEKLY
        else None,
        version=version,
        final=final,
        presenter=presenter.strip(),
        submitted_by_id=user.id,
        content_hash=sha256_hex(snapshot),
        snapshot=snapshot,
        locked_term=False,
        files=files,
    )
    if lock_term:
        submission.locked_term = _lock(request.term, user, version)
    db.session.add(submission)
    db.session.flush()
    return submission
