"""Migrations are the only way the schema is made: they go up and down, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from tracker.extensions import db


def test_upgrade_to_head_then_downgrade_to_empty(empty_app):
    assert "trackable_item" in inspect(db.engine).get_table_names()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert "trackable_item" in inspect(db.engine).get_table_names()


def test_models_and_migrations_agree(empty_app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_database_refuses_to_change_history_entries(app):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    from tracker.data.transaction import unit_of_work
    from tracker.models import HistoryEntry

    with unit_of_work():
        db.session.add(
            HistoryEntry(
                subject="term", subject_id=1, field="state", old_value="", new_value="open"
            )
        )
    for statement in ("UPDATE history_entry SET new_value = 'locked'", "DELETE FROM history_entry"):
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            db.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    assert db.session.scalar(text("SELECT new_value FROM history_entry")) == "open"


def test_submissions_are_guarded_by_triggers_too(app):
    from sqlalchemy import text

    if db.engine.dialect.name == "postgresql":
        query = "SELECT event_object_table FROM information_schema.triggers"
    else:
        query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
    guarded = set(db.session.scalars(text(query)))
    assert {"history_entry", "report_submission", "report_file"} <= guarded


def test_a_downgrade_that_would_lose_audit_events_is_refused(app):
    import pytest
    from sqlalchemy import text

    from tracker.data.audit import record_event
    from tracker.data.transaction import unit_of_work
    from tracker.domain.audit import AuditEventType

    def version() -> str:
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))

    # Straight to the revision that refuses: on SQLite each revision's steps are their own
    # transaction, so a refusal keeps the revisions undone before it undone.
    downgrade(revision="0008_sign_in_throttle")
    db.session.remove()
    with unit_of_work():
        record_event(event=AuditEventType.THROTTLED, actor=None, subject=None, detail="Paused")
    db.session.remove()
    # flask-migrate reports the migration's error and exits.
    with pytest.raises(SystemExit):
        downgrade(revision="0007_audit")
    db.session.remove()
    assert version() == "0008_sign_in_throttle"
    assert db.session.scalar(text("SELECT count(*) FROM audit_event")) == 1


def test_the_migrated_schema_admits_every_audit_event_the_code_records(app):
    # The model check above does not compare CHECK constraints: record one of each.
    from tracker.data.audit import record_event
    from tracker.data.transaction import unit_of_work
    from tracker.domain.audit import AuditEventType

    with unit_of_work():
        for event in AuditEventType:
            record_event(event=event, actor=None, subject=None, detail=event.value)
    from sqlalchemy import func, select

    from tracker.models import AuditEvent

    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == len(AuditEventType)
