"""Shared fixtures: apps on real databases, seeded with the real strategy.

Integration tests run on SQLite always, and again on PostgreSQL when
``TEST_DATABASE_URL`` is set. Each test gets an empty database brought to the
latest schema by the migrations, the same way production gets its schema.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from config import TestConfig, normalise_database_url
from tracker import create_app
from tracker.data.accounts import create_user
from tracker.data.seeding import apply_seed_plan
from tracker.data.transaction import unit_of_work
from tracker.domain.roles import Role
from tracker.domain.seed_reader import read_seed_folder
from tracker.extensions import db
from tracker.models import User
from tracker.views.auth.session import session_values

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED_DIR = PROJECT_DIR / "seeds" / "dorset"
STRATEGY_DOCUMENT = SEED_DIR / "source" / "dorset-attendance-strategy-2022.txt"


def _database_of_this_worker() -> None:
    """With the tests spread over processes (``pytest -n``), each process drops and makes
    its own PostgreSQL databases: the one named, with the worker's name after it."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("TEST_DATABASE_URL")
    if not (worker and url):
        return
    # Written back as given (without the driver's name), as tools such as psql read it too.
    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    server = make_url(normalise_database_url(url)).set(database="postgres")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
        ).first()
        if exists is None:
            quoted = connection.dialect.identifier_preparer.quote
            connection.execute(text(f"CREATE DATABASE {quoted(own.database)}"))
    admin.dispose()
    os.environ["TEST_DATABASE_URL"] = own.render_as_string(hide_password=False)


_database_of_this_worker()
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


@functools.cache
def shipped_seed_plan():
    """The shipped seed files, read once per test run: parsing the reference data takes time."""
    return read_seed_folder(SEED_DIR)


class DatabaseTemplates:
    """Databases migrated (and seeded) once per run, copied afresh for every test.

    Migrating and seeding, which loads some 50,000 published figures, takes about a
    second; copying a finished database takes a few milliseconds on SQLite (a file
    copy) and a fraction of a second on PostgreSQL (CREATE DATABASE ... TEMPLATE).
    The templates are still made by the migrations, so they remain the only way a
    schema is built.
    """

    KINDS = ("migrated", "seeded")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[str, str], str] = {}

    def url_for_test(self, backend: str, kind: str, tmp_path: Path) -> str:
        template = self._template(backend, kind)
        if backend == "sqlite":
            target = tmp_path / "test.sqlite"
            shutil.copyfile(template, target)
            return f"sqlite:///{target}"
        url = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
        _recreate_postgresql_database(url, template=template)
        return url.render_as_string(hide_password=False)

    def _template(self, backend: str, kind: str) -> str:
        if (backend, kind) not in self.made:
            self.made[(backend, kind)] = self._build(backend, kind)
        return self.made[(backend, kind)]

    def _build(self, backend: str, kind: str) -> str:
        if backend == "sqlite":
            path = self.folder / f"{kind}.sqlite"
            name, url = str(path), f"sqlite:///{path}"
        else:
            base = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
            name = f"{base.database}_template_{kind}"
            _recreate_postgresql_database(base.set(database=name), template=None)
            url = base.set(database=name).render_as_string(hide_password=False)
        config = TestConfig(
            {
                "TEST_DATABASE_URL": url,
                "TRACKER_INSTANCE_PATH": str(self.folder / "instance"),
                "TRACKER_SEED_DIR": str(SEED_DIR),
            }
        )
        template_app = create_app(config)
        with template_app.app_context():
            upgrade()
            if kind == "seeded":
                with unit_of_work():
                    apply_seed_plan(plan=shipped_seed_plan())
            db.session.remove()
            db.engine.dispose()
        return name


def _recreate_postgresql_database(url, *, template: str | None) -> None:
    """Drop the database ``url`` names and create it again, empty or as a copy of ``template``."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        quoted = connection.dialect.identifier_preparer.quote
        connection.execute(text(f"DROP DATABASE IF EXISTS {quoted(url.database)} WITH (FORCE)"))
        copy = ""
        if template:
            copy = f" TEMPLATE {quoted(template)}"
            # From PostgreSQL 15, copying the files is much faster than the
            # default of writing a small database through the WAL block by block.
            if connection.dialect.server_version_info >= (15,):
                copy += " STRATEGY FILE_COPY"
        connection.execute(text(f"CREATE DATABASE {quoted(url.database)}{copy}"))
    admin.dispose()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> DatabaseTemplates:
    return DatabaseTemplates(tmp_path_factory.mktemp("database-templates"))


def _app_from_template(backend, tmp_path, templates, kind) -> Iterator[Flask]:
    config = TestConfig(
        {
            "TEST_DATABASE_URL": templates.url_for_test(backend, kind, tmp_path),
            "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"),
            "TRACKER_SEED_DIR": str(SEED_DIR),
        }
    )
    test_app = create_app(config)
    with test_app.app_context():
        yield test_app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_app(backend: str, tmp_path: Path, database_templates) -> Iterator[Flask]:
    """An app whose database has the latest schema and no rows."""
    yield from _app_from_template(backend, tmp_path, database_templates, "migrated")


@pytest.fixture
def app(backend: str, tmp_path: Path, database_templates) -> Iterator[Flask]:
    """An app seeded with the shipped strategy."""
    yield from _app_from_template(backend, tmp_path, database_templates, "seeded")


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
    """One account per role, plus a second owner; all share ``PASSWORD``.

    The first is made through ``create_user``, as the service makes accounts; the
    others copy its password hash rather than computing the same one again.
    """
    with unit_of_work():
        accounts = {}
        for key, (email, name, role) in PEOPLE.items():
            if not accounts:
                accounts[key] = create_user(
                    email=email, name=name, role=role, password=PASSWORD, team="Inclusion"
                )
                continue
            accounts[key] = User(
                email=email,
                name=name,
                role=role.value,
                team="Inclusion",
                password_hash=next(iter(accounts.values())).password_hash,
                session_version=1,
                active=True,
            )
            db.session.add(accounts[key])
        db.session.flush()
        return accounts


def signed_in_client(app: Flask, user: User):
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values(user))
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
    # authority.yaml names the shared reference files relative to the seed folder.
    shutil.copytree(SEED_DIR.parent / "reference", tmp_path / "reference")
    return target
