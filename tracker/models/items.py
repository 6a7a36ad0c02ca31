"""Trackable items: the things owners report progress against each term.

Strategy actions and locality priorities are both trackable items, stored in
one table (single-table inheritance), so owners, termly updates and reports
treat them alike and refer to them by one id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.text import run_in_sub_items
from tracker.extensions import db
from tracker.models.mixins import Withdrawable

if TYPE_CHECKING:
    from tracker.models.places import LocalityGroup
    from tracker.models.strategy import Priority

ACTION = "action"
LOCALITY_PRIORITY = "locality_priority"


class TrackableItem(Withdrawable, db.Model):
    __tablename__ = "trackable_item"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'action' AND priority_id IS NOT NULL AND locality_group_id IS NULL)"
            " OR (kind = 'locality_priority' AND locality_group_id IS NOT NULL"
            " AND priority_id IS NULL)",
            name="belongs_to_one_parent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    # The reference people use: "P1/001" for an action, "North/1" for a
    # locality priority. The slug is its URL form: "P1-001", "north-1".
    ref: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    number: Mapped[int]
    # Order across the whole plan, for lists that mix both kinds.
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    sub_items: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priority.id"))
    locality_group_id: Mapped[int | None] = mapped_column(ForeignKey("locality_group.id"))

    __mapper_args__ = {"polymorphic_on": kind}

    @property
    def full_text(self) -> str:
        """The text as printed, with any sub-list run in: used for search and export."""
        return run_in_sub_items(self.text, self.sub_items)

    @property
    def document_text(self) -> str:
        """Everything printed on the item's row of the plan, its note included: for export."""
        return f"{self.full_text} {self.note}" if self.note else self.full_text


class Action(TrackableItem):
    __mapper_args__ = {"polymorphic_identity": ACTION}

    priority: Mapped[Priority] = relationship(back_populates="actions")

    @property
    def kind_label(self) -> str:
        return "Action"

    @property
    def parent_label(self) -> str:
        return f"Priority {self.priority.number}: {self.priority.title}"


class LocalityPriority(TrackableItem):
    __mapper_args__ = {"polymorphic_identity": LOCALITY_PRIORITY}

    locality_group: Mapped[LocalityGroup] = relationship(back_populates="priorities")

    @property
    def kind_label(self) -> str:
        return "Locality priority"

    @property
    def parent_label(self) -> str:
        return f"{self.locality_group.name} locality priorities"
