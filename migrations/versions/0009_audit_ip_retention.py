"""The audit record lets old client IP addresses be blanked, and nothing else change

0007 made ``audit_event`` append-only. IP addresses are personal data, kept for
``AUDIT_IP_RETENTION_DAYS``; ``purge-pupil-data`` then blanks them. The triggers now
let through exactly that change, an UPDATE that sets ``ip_address`` to '' and leaves
every other column as it was, and still refuse any other UPDATE and every DELETE.

Revision ID: 0009_audit_ip_retention
Revises: 0008_sign_in_throttle
Create Date: 2026-12-04 08:30:00.000000

"""

from alembic import op

revision = "0009_audit_ip_retention"
down_revision = "0008_sign_in_throttle"
branch_labels = None
depends_on = None

KEPT_COLUMNS = ("id", "at", "event", "actor_id", "subject_id", "email", "detail", "via")


def _unchanged(new: str, old: str, same: str) -> str:
    return " AND ".join(f"{new}.{column} {same} {old}.{column}" for column in KEPT_COLUMNS)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF TG_OP = 'UPDATE' AND NEW.ip_address = '' AND "
            f"{_unchanged('NEW', 'OLD', 'IS NOT DISTINCT FROM')} THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION '% rows cannot be changed or deleted', TG_TABLE_NAME; "
            "END $$"
        )
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()"
        )
        return
    op.execute("DROP TRIGGER audit_event_no_update")
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        f"WHEN NOT (NEW.ip_address = '' AND {_unchanged('NEW', 'OLD', 'IS')}) "
        "BEGIN SELECT RAISE(ABORT, 'audit_event rows cannot be changed or deleted'); END"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
        )
        op.execute("DROP FUNCTION refuse_audit_change()")
        return
    op.execute("DROP TRIGGER audit_event_no_update")
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event rows cannot be changed or deleted'); END"
    )
