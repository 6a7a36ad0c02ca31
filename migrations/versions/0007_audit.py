"""Account lockout and the audit record of account events

Adds ``locked_at`` to accounts, and the ``audit_event`` table, which database
triggers keep append-only as 0006 does for history: a direct UPDATE or DELETE
fails, so the record of who signed in and who changed whose access cannot be
quietly rewritten.

Revision ID: 0007_audit
Revises: 0006_append_only
Create Date: 2026-12-18 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0007_audit"
down_revision = "0006_append_only"
branch_labels = None
depends_on = None

EVENTS = (
    "sign_in",
    "sign_in_failed",
    "locked",
    "unlocked",
    "sign_out",
    "role_changed",
    "access_changed",
    "password_reset",
    "user_created",
)


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))

    known = ", ".join(f"'{event}'" for event in EVENTS)
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.CheckConstraint(f"event IN ({known})", name=op.f("ck_audit_event_event_is_known")),
        sa.CheckConstraint(
            "via IN ('web', 'command line')", name=op.f("ck_audit_event_via_is_known")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_audit_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["user_account.id"],
            name=op.f("fk_audit_event_subject_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for column in ("at", "event", "actor_id", "subject_id", "email"):
            batch_op.create_index(batch_op.f(f"ix_audit_event_{column}"), [column], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # The function that refuses the change was made by 0006.
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_event_no_{action.lower()} BEFORE {action} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit_event rows cannot be changed or deleted'); END"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
    else:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_event_no_{action}")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for column in ("email", "subject_id", "actor_id", "event", "at"):
            batch_op.drop_index(batch_op.f(f"ix_audit_event_{column}"))
    op.drop_table("audit_event")

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("locked_at")
