"""People who sign in, and the record of failed sign-ins used to throttle guessing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.domain.roles import Role
from tracker.extensions import db
from tracker.models.mixins import utcnow


class User(db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('manager', 'owner', 'board', 'data')", name="role_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so sign-in is case-insensitive and duplicates cannot creep in.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on sign-out and password change: sessions carrying an older
    # value stop working, so a copied cookie dies with the session.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when too many sign-ins fail; cleared only by the service manager (or the
    # unlock-user command), never by time: see ``tracker.data.accounts``.
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return self.role_enum.label

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


class SignInFailure(db.Model):
    """One failed sign-in for an email; enough of them recently lock the account."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class SignInAddressFailure(db.Model):
    """One failed sign-in from a client network; enough of them recently pause its sign-ins.

    Kept apart from ``SignInFailure`` because the two are forgotten at different times:
    an address only for the throttle's window, an email for the longest lockout window;
    and a successful sign-in or an unlock clears an account's count, never a network's.
    """

    __tablename__ = "sign_in_address_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    # An IPv4 address or an IPv6 /64 (see ``tracker.domain.sign_in_limits``).
    network: Mapped[str] = mapped_column(String(45), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
