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
