"""Columns shared by seeded records."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Withdrawable:
    """A seeded record that is withdrawn, never deleted, when it leaves the seed file.

    Deleting would throw away the progress, owners and history recorded
    against it; withdrawing hides it from the live plan and keeps the record.
    """

    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
