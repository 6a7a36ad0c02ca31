"""Termly progress: who owns each item, their updates, attachments, and the history of changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.items import TrackableItem
from tracker.models.mixins import utcnow
from tracker.models.terms import Term


class ItemOwner(db.Model):
    """A person answerable for an item: one lead, and any number of contributors."""

    __tablename__ = "item_owner"
    __table_args__ = (
        UniqueConstraint("item_id", "user_id"),
        CheckConstraint("role IN ('lead', 'contributor')", name="role_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("trackable_item.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    item: Mapped[TrackableItem] = relationship()
    user: Mapped[User] = relationship()


class Update(db.Model):
    """One item's progress report for one term."""

    __tablename__ = "progress_update"
    __table_args__ = (
        UniqueConstraint("item_id", "term_id"),
        CheckConstraint(
            "status IN ('not_started', 'green', 'amber', 'red', 'complete')",
            name="status_is_known",
        ),
        CheckConstraint(
            "state IN ('draft', 'submitted', 'returned', 'approved')", name="state_is_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("trackable_item.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="draft")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # Incremented on every save. A save carrying an older version was made
    # from a stale form, and is refused rather than overwriting someone else.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    item: Mapped[TrackableItem] = relationship()
    term: Mapped[Term] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="update", order_by="Attachment.id"
    )

    __mapper_args__ = {"version_id_col": version}


class Attachment(db.Model):
    """A file of evidence. Stored under a generated name; its original name is only shown."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("progress_update.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    update: Mapped[Update] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User] = relationship()


class HistoryEntry(db.Model):
    """One changed field: who, when, old value, new value. Never updated or deleted."""

    __tablename__ = "history_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # What changed: "update", "owner", "term" or "attachment".
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    item_id: Mapped[int | None] = mapped_column(ForeignKey("trackable_item.id"), index=True)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"), index=True)
    # The update's version after this change, so a stale form can be shown
    # exactly what happened since it was opened.
    version: Mapped[int | None]
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()
    term: Mapped[Term | None] = relationship()


@event.listens_for(Session, "before_flush")
def _history_is_append_only(session: Session, flush_context, instances) -> None:
    for record in list(session.dirty) + list(session.deleted):
        if isinstance(record, HistoryEntry) and (
            record in session.deleted or session.is_modified(record)
        ):
            raise PermissionError("History entries are append-only")
