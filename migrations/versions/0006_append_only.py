"""The database itself refuses changes to history entries and board submissions

The application already refuses to change them, but only through its own
models; these triggers make a direct UPDATE or DELETE fail too, so the record
the boards rely on cannot be rewritten without dropping the triggers first.

Revision ID: 0006_append_only
Revises: 0005_reports
Create Date: 2026-12-04 04:30:00.000000

"""

from alembic import op

revision = "0006_append_only"
down_revision = "0005_reports"
branch_labels = None
depends_on = None

TABLES = ("history_entry", "report_submission", "report_file")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% rows cannot be changed or deleted', TG_TABLE_NAME; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
            )
        return
    for table in TABLES:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows cannot be changed or deleted'); END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION refuse_append_only_change()")
        return
    for table in TABLES:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER {table}_no_{action}")
