"""Shared fixtures: apps on real databases, seeded with the real strategy.

Integration tests run on SQLite always, and again on PostgreSQL when
``TEST_DATABASE_URL`` is set. Each test gets an empty database brought to the
latest schema by the migrations, the same way production gets its schema.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from config import TestConfig, normalise_database_url
from tracker import create_app
from tracker.data.accounts import create_user
from tracker.data.seeding import apply_seed_plan
from tracker.data.transaction import unit_of_work
from tracker.domain.roles import Role
from tracker.domain.seed_reader import read_seed_folder
from tracker.extensions import db
from tracker.models import User

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED_DIR = PROJECT_DIR / "seeds" / "dorset"
STRATEGY_DOCUMENT = SEED_DIR / "source" / "dorset-attendance-strategy-2022.txt"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def reset_postgresql(url: str) -> None:
    """Empty the test database: drop and recreate its public schema."""
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url(backend: str, tmp_path: Path) -> str:
    if backend == "postgresql":
        url = os.environ["TEST_DATABASE_URL"]
        reset_postgresql(url)
        return url
    # A file, not :memory:, so every connection sees the same database.
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def build_app(backend: str, tmp_path: Path, **environ: str) -> Flask:
    config = TestConfig(
        {
            "TEST_DATABASE_URL": database_url(backend, tmp_path),
            "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"),
            "TRACKER_SEED_DIR": str(SEED_DIR),
            **environ,
        }
    )
    return create_app(config)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_app(backend: str, tmp_path: Path) -> Iterator[Flask]:
    """An app whose database has the latest schema and no rows."""
    app = build_app(backend, tmp_path)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(empty_app: Flask) -> Flask:
    """An app seeded with the shipped strategy."""
    with unit_of_work():
        apply_seed_plan(plan=read_seed_folder(SEED_DIR))
    return empty_app


PASSWORD = "correct horse battery staple"
PEOPLE = {
    "manager": ("manager@example.org", "Sam Manager", Role.MANAGER),
    "owner": ("owner@example.org", "Olu Owner", Role.OWNER),
    "other_owner": ("other.owner@example.org", "Ola Otherowner", Role.OWNER),
    "board": ("board@example.org", "Bea Board", Role.BOARD),
    "data": ("data@example.org", "Dan Data", Role.DATA),
}


@pytest.fixture
def people(app: Flask) -> dict[str, User]:
    """One account per role, plus a second owner; all share ``PASSWORD``."""
    with unit_of_work():
        return {
            key: create_user(email=email, name=name, role=role, password=PASSWORD, team="Inclusion")
            for key, (email, name, role) in PEOPLE.items()
        }


def signed_in_client(app: Flask, user: User):
    client = app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = user.id
        session["session_version"] = user.session_version
    return client


@pytest.fixture
def anonymous_client(app: Flask):
    """A browser with nobody signed in."""
    return app.test_client()


@pytest.fixture
def manager_client(app, people):
    return signed_in_client(app, people["manager"])


@pytest.fixture
def owner_client(app, people):
    return signed_in_client(app, people["owner"])


@pytest.fixture
def other_owner_client(app, people):
    return signed_in_client(app, people["other_owner"])


@pytest.fixture
def board_client(app, people):
    return signed_in_client(app, people["board"])


@pytest.fixture
def data_client(app, people):
    return signed_in_client(app, people["data"])


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped seed files, for tests that edit them."""
    target = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, target, ignore=shutil.ignore_patterns("source"))
    return target
