"""Outcome indicators: how each outcome statement is measured, and manual values.

An indicator is seeded from ``indicators.yaml`` and may serve several outcome
statements: the strategy repeats some statements under several priorities, and each
occurrence links to the same indicator.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.training import TRAINING_MEASURE
from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.mixins import Withdrawable, utcnow
from tracker.models.strategy import Outcome
from tracker.models.terms import Term

indicator_outcome = Table(
    "indicator_outcome",
    db.metadata,
    Column("indicator_id", ForeignKey("indicator.id"), primary_key=True),
    Column("outcome_id", ForeignKey("outcome.id"), primary_key=True),
)


class Indicator(Withdrawable, db.Model):
    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint("kind IN ('computed', 'manual')", name="kind_is_known"),
        CheckConstraint("direction IN ('lower', 'higher')", name="direction_is_known"),
        CheckConstraint("period IN ('year', 'term')", name="period_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The seed file's key: keep it unchanged so entered values stay attached.
    code: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # computed: from attendance data or published figures; manual: entered each term.
    kind: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(30), default="%")
    # Attendance dimensions and values the pupils are filtered on, {"fsm": "Y"}.
    cohort: Mapped[dict] = mapped_column(JSON, default=dict)
    # The published breakdown matching the cohort, {"phase": "Total", "characteristic":
    # "Total"}; None when the DfE publishes none for it.
    published: Mapped[dict | None] = mapped_column(JSON)
    # "year": measured over the academic year to date, or over a term when one is asked
    # for; "term": a value per term (manual indicators), the latest when no term is asked.
    period: Mapped[str] = mapped_column(String(20), default="year")
    # [{"kind": "national"}, {"kind": "target", "value": 90.0}, ...]
    comparators: Mapped[list[dict]] = mapped_column(JSON, default=list)
    direction: Mapped[str] = mapped_column(String(10))
    # [{"status": "green", "when": "better_than_all", "meaning": "..."}, ...]
    rules: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # Percentage points (or units) a value may fall short by and still be Amber.
    tolerance: Mapped[float] = mapped_column(Float, default=0.0)

    outcomes: Mapped[list[Outcome]] = relationship(
        secondary=indicator_outcome, order_by="Outcome.id"
    )

    @property
    def is_manual(self) -> bool:
        return self.kind == "manual"

    @property
    def from_training_records(self) -> bool:
        """A manual indicator whose values are the training records' running total."""
        return self.is_manual and self.measure == TRAINING_MEASURE


class ManualIndicatorValue(db.Model):
    """A manual indicator's value for one term, entered with evidence by the service manager.

    Corrections overwrite the value; every change is recorded in the history.
    """

    __tablename__ = "manual_indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), index=True)
    value: Mapped[float] = mapped_column(Float)
    # Markdown: what the figure is based on, where it came from.
    evidence: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    indicator: Mapped[Indicator] = relationship()
    term: Mapped[Term] = relationship()
    entered_by: Mapped[User | None] = relationship()
