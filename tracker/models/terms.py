"""School terms: the periods progress is reported and attendance is measured in."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.domain.terms import TERM_NAMES, term_slug
from tracker.extensions import db


class Term(db.Model):
    __tablename__ = "term"
    __table_args__ = (
        UniqueConstraint("academic_year", "name"),
        CheckConstraint("name IN ('autumn', 'spring', 'summer')", name="name_is_a_term"),
        CheckConstraint("start_date < end_date", name="starts_before_it_ends"),
        CheckConstraint("state IN ('upcoming', 'open', 'closed', 'locked')", name="state_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[str] = mapped_column(String(7))
    name: Mapped[str] = mapped_column(String(10))
    # 1, 2, 3 for autumn, spring, summer: lets SQL order terms chronologically.
    sequence: Mapped[int]
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    # The half-term holiday. In the summer term it also splits the term: the
    # DfE statistics leave out Year 11 sessions after it.
    half_term_start: Mapped[date] = mapped_column(Date)
    half_term_end: Mapped[date] = mapped_column(Date)
    # upcoming -> open (owners edit) -> closed (only the service manager) ->
    # locked (nothing changes). Managed in the service, not in the seed files.
    state: Mapped[str] = mapped_column(String(10), default="upcoming", server_default="upcoming")
    update_deadline: Mapped[date | None] = mapped_column(Date)

    @property
    def slug(self) -> str:
        return term_slug(self.academic_year, self.name)

    @property
    def label(self) -> str:
        return f"{self.name.capitalize()} term {self.academic_year}"

    @property
    def sort_key(self) -> tuple[str, int]:
        return (self.academic_year, TERM_NAMES.index(self.name))
