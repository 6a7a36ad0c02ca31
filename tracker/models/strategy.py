"""The strategy document: its vision, priorities and outcome statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.mixins import Withdrawable

if TYPE_CHECKING:
    from tracker.models.items import Action


class Strategy(db.Model):
    __tablename__ = "strategy"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(String(200))
    service_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    version: Mapped[str] = mapped_column(String(50))
    source: Mapped[str] = mapped_column(Text, default="")
    vision: Mapped[str] = mapped_column(Text)
    vision_context: Mapped[str] = mapped_column(Text, default="")
    commitments_intro: Mapped[str] = mapped_column(Text, default="")
    commitments: Mapped[list[str]] = mapped_column(JSON, default=list)
    governance: Mapped[str] = mapped_column(Text, default="")

    priorities: Mapped[list[Priority]] = relationship(
        back_populates="strategy", order_by="Priority.number"
    )
    sections: Mapped[list[StrategySection]] = relationship(
        back_populates="strategy", order_by="StrategySection.position"
    )


class StrategySection(db.Model):
    """A narrative section of the document (context, rationale), kept as Markdown."""

    __tablename__ = "strategy_section"
    __table_args__ = (UniqueConstraint("strategy_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)

    strategy: Mapped[Strategy] = relationship(back_populates="sections")


class Priority(Withdrawable, db.Model):
    __tablename__ = "priority"
    __table_args__ = (UniqueConstraint("strategy_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    vision: Mapped[str] = mapped_column(Text)

    strategy: Mapped[Strategy] = relationship(back_populates="priorities")
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="priority", order_by="Outcome.position"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="priority", order_by="Action.position"
    )

    @property
    def label(self) -> str:
        return f"Priority {self.number}"


class Outcome(Withdrawable, db.Model):
    """An outcome statement of a priority, in the document's order.

    Identified by its position within the priority, so correcting a typo in
    the seed file updates the statement in place.
    """

    __tablename__ = "outcome"
    __table_args__ = (UniqueConstraint("priority_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    priority: Mapped[Priority] = relationship(back_populates="outcomes")


class QuotedFigure(db.Model):
    """A figure the strategy document quotes, kept with the words it came from."""

    __tablename__ = "quoted_figure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    measure: Mapped[str] = mapped_column(String(100))
    area: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(100))
    cohort: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    quote: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
