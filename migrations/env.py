"""Alembic environment: runs migrations against the app's own database engine.

Batch mode (``render_as_batch``, set on ``Migrate`` in ``tracker.extensions``)
lets SQLite alter tables by copying them; the metadata's naming convention
gives every constraint a name that later migrations can refer to.

On SQLite every connection checks foreign keys (``tracker.sqlite_settings``), but
batch mode rebuilds a table by copying it and dropping the original, and with the
check on that drop deletes (or refuses to delete) the rows that refer to it. So the
migration connection turns the check off while it runs, as SQLite's own procedure
for altering tables says, checks afterwards that every reference still holds, and
turns it back on before the connection goes back to the pool.
"""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    # Keep the app's own loggers working when migrations run inside it.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


config.set_main_option(
    "sqlalchemy.url", get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
)


@contextmanager
def foreign_keys_off_on_sqlite(connection):
    if connection.dialect.name != "sqlite":
        yield
        return
    # The pragma does nothing inside a transaction, so it is set, and the
    # transaction the statement began is ended, before Alembic begins its own.
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    connection.commit()
    try:
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.commit()
        if broken:
            tables = ", ".join(sorted({row[0] for row in broken}))
            raise RuntimeError(f"After migrating, rows in {tables} refer to missing rows")
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty_autogenerate(context, revision, directives):
        # Do not write a migration file when the models have not changed.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    configure_args = dict(current_app.extensions["migrate"].configure_args)
    configure_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    with get_engine().connect() as connection, foreign_keys_off_on_sqlite(connection):
        context.configure(
            connection=connection, target_metadata=target_db.metadata, **configure_args
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
