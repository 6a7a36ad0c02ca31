"""A database error names the statement but never the values in it: they can be what an
owner typed or pupil IDs, and error messages end up in logs."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from tracker.extensions import db


def test_database_errors_do_not_carry_the_values(app):
    secret = "UPN-A123456789012 typed words"
    with pytest.raises((DBAPIError, StatementError)) as raised:
        db.session.execute(text("INSERT INTO no_such_table (x) VALUES (:x)"), {"x": secret})
    db.session.rollback()
    assert secret not in str(raised.value)
    assert "hidden due to hide_parameters" in str(raised.value)
