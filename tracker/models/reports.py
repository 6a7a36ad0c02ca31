"""Board reports as submitted, frozen; and the training records the Strengthening Services
Board report counts.

A submission keeps the rendered files byte for byte and the data they were rendered from,
with a hash of each, so what a board was given can be shown exactly as it was, however the
plan's records change afterwards. Submissions and their files are never changed or deleted:
a resubmission is a new version.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from tracker.domain.training import TIER_CODES
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.mixins import utcnow
from tracker.models.terms import Term

REPORT_KINDS = ("education-board", "strengthening-services-board", "leadership-weekly")


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class ReportSubmission(db.Model):
    __tablename__ = "report_submission"
    __table_args__ = (
        UniqueConstraint("kind", "period", "version"),
        CheckConstraint(f"kind IN ({_quoted(REPORT_KINDS)})", name="kind_is_known"),
        CheckConstraint(
            "(term_id IS NOT NULL AND week_ending IS NULL)"
            " OR (term_id IS NULL AND week_ending IS NOT NULL)",
            name="for_a_term_or_a_week",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # The term's slug ("2022-23-autumn") or the week-ending date ("2023-01-13"): versions
    # are numbered within a kind and period.
    period: Mapped[str] = mapped_column(String(20))
    period_label: Mapped[str] = mapped_column(String(100))
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    week_ending: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    final: Mapped[bool] = mapped_column(Boolean)
    presenter: Mapped[str] = mapped_column(String(300))
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # SHA-256 of the snapshot, as stored: the data every file was rendered from.
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)
    locked_term: Mapped[bool] = mapped_column(Boolean, default=False)

    term: Mapped[Term | None] = relationship()
    submitted_by: Mapped[User] = relationship()
    files: Mapped[list[ReportFile]] = relationship(
        back_populates="submission", order_by="ReportFile.id"
    )


class ReportFile(db.Model):
    """One rendered format of a submission, kept in the database so it commits with it."""

    __tablename__ = "report_file"
    __table_args__ = (UniqueConstraint("submission_id", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("report_submission.id"), index=True)
    format: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)

    submission: Mapped[ReportSubmission] = relationship(back_populates="files")


class TrainingRecord(db.Model):
    """Staff of one directorate trained in one tier of the attendance training in a term."""

    __tablename__ = "training_record"
    __table_args__ = (
        UniqueConstraint("term_id", "tier", "directorate"),
        CheckConstraint(f"tier IN ({_quoted(TIER_CODES)})", name="tier_is_known"),
        CheckConstraint("trained >= 0 AND target >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), index=True)
    tier: Mapped[str] = mapped_column(String(20))
    directorate: Mapped[str] = mapped_column(String(200))
    trained: Mapped[int] = mapped_column(Integer)
    target: Mapped[int] = mapped_column(Integer)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    term: Mapped[Term] = relationship()
    entered_by: Mapped[User | None] = relationship()


@event.listens_for(Session, "before_flush")
def _submissions_are_immutable(session: Session, flush_context, instances) -> None:
    for record in list(session.dirty) + list(session.deleted):
        if isinstance(record, ReportSubmission | ReportFile) and (
            record in session.deleted or session.is_modified(record, include_collections=False)
        ):
            raise PermissionError("Submitted reports cannot be changed; submit a new version")
