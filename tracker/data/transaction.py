"""The single place where work is committed or rolled back."""

from collections.abc import Iterator
from contextlib import contextmanager

from tracker.extensions import db


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit everything done inside the block, or nothing if it raises."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
