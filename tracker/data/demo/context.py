"""What every demonstration step is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from tracker.data.demo.clock import DemoClock
from tracker.extensions import db
from tracker.models import Term


@dataclass
class DemoContext:
    password: str
    today: date
    clock: DemoClock

    def set_up_moment(self, days_before_first_term: int) -> datetime:
        """A morning shortly before the first term: when the service was set up."""
        first = db.session.scalars(select(Term.start_date).order_by(Term.start_date)).first()
        day = (first or self.today) - timedelta(days=days_before_first_term)
        return datetime.combine(day, time(10), tzinfo=UTC)
