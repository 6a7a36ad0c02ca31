"""The audit record: one row per account event, never changed or deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.audit import AuditEventType
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.mixins import utcnow

_KNOWN_EVENTS = ", ".join(f"'{event.value}'" for event in AuditEventType)


class AuditEvent(db.Model):
    """Who did what to which account, when, and from where.

    Database triggers (migration 0007) refuse UPDATE and DELETE, so the record
    cannot be rewritten through the service or by a direct query. The one change
    they let through (migration 0009) blanks ``ip_address`` and nothing else: the
    retention purge does that once an event is older than AUDIT_IP_RETENTION_DAYS.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint(f"event IN ({_KNOWN_EVENTS})", name="event_is_known"),
        CheckConstraint("via IN ('web', 'command line')", name="via_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(30), index=True)
    # Null when nobody was signed in (a sign-in attempt) or at the command line.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The account the event is about; null for a sign-in attempt with an unknown email.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The email as typed (normalised) for sign-in attempts, since it may match no account.
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    detail: Mapped[str] = mapped_column(String(500), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    via: Mapped[str] = mapped_column(String(20), default="web")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])

    @property
    def event_label(self) -> str:
        return AuditEventType(self.event).label
