"""Demonstration records stamped with the moment they pretend to happen at.

The demo replays years of termly work in a few seconds through the ordinary
data functions, which stamp records with the real time. While the clock runs,
every timestamp written in a flush (history entries, update and account
times) is set to the clock's moment instead, before it is stored: nothing
already stored is changed, so append-only history stays append-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

# Columns that record when something happened, on any model that has them.
STAMPED = ("at", "created_at", "updated_at", "submitted_at", "reviewed_at", "uploaded_at")


class DemoClock:
    def __init__(self, now: datetime | None = None) -> None:
        # Set by a step before it writes; None leaves the real time in place.
        self.now = now

    def _stamp(self, session: Session, flush_context, instances) -> None:
        if self.now is None:
            return  # Not set: records keep the real time.
        for record in session.new:
            for name in self._stamped_columns(record):
                # Unset columns would get the real time from their default.
                if getattr(record, name) is None and self._has_default(record, name):
                    setattr(record, name, self.now)
        for record in list(session.new) + list(session.dirty):
            state = inspect(record)
            for name in self._stamped_columns(record):
                added = state.attrs[name].history.added
                if added and added[0] is not None:
                    setattr(record, name, self.now)

    @staticmethod
    def _stamped_columns(record) -> list[str]:
        columns = inspect(type(record)).columns
        return [name for name in STAMPED if name in columns]

    @staticmethod
    def _has_default(record, name: str) -> bool:
        return inspect(type(record)).columns[name].default is not None

    @contextmanager
    def running(self, session: Session) -> Iterator[DemoClock]:
        event.listen(session, "before_flush", self._stamp)
        try:
            yield self
        finally:
            event.remove(session, "before_flush", self._stamp)
