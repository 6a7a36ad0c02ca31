"""Failed sign-ins by client network, and the audit event for a paused network

Adds ``sign_in_address_failure``, which counts failed sign-ins per client network so
that one network's sign-ins can be paused, and allows the ``throttled`` event in the
audit record.

On SQLite the audit table is copied to change its CHECK constraint, which drops its
append-only triggers with the old table, so they are made again afterwards. The copy
itself is an INSERT and a DROP TABLE, neither of which those triggers refuse.

Revision ID: 0008_sign_in_throttle
Revises: 0007_audit
Create Date: 2026-12-04 08:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_sign_in_throttle"
down_revision = "0007_audit"
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
NEW_EVENTS = ("throttled",)


def _event_check(events) -> str:
    return "event IN ({})".format(", ".join(f"'{event}'" for event in events))


def _sqlite_triggers(action: str) -> None:
    for change in ("UPDATE", "DELETE"):
        name = f"audit_event_no_{change.lower()}"
        if action == "drop":
            op.execute(f"DROP TRIGGER {name}")
        else:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {change} ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit_event rows cannot be changed or deleted'); END"
            )


def _replace_event_check(events) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_triggers("drop")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_event_event_is_known"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_audit_event_event_is_known"), _event_check(events)
        )
    if sqlite:
        _sqlite_triggers("create")


def upgrade():
    op.create_table(
        "sign_in_address_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network", sa.String(length=45), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_address_failure")),
    )
    with op.batch_alter_table("sign_in_address_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_address_failure_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sign_in_address_failure_network"), ["network"], unique=False
        )
    _replace_event_check(EVENTS + NEW_EVENTS)


def downgrade():
    # The audit record cannot be changed, so events the older schema cannot hold stop
    # the downgrade rather than being quietly dropped.
    kept = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM audit_event WHERE event IN ('throttled')")
    )
    if kept:
        raise RuntimeError(
            f"The audit record holds 'throttled' events ({kept}), which revision 0007_audit "
            "cannot hold; the downgrade is refused so that none is lost"
        )
    _replace_event_check(EVENTS)
    with op.batch_alter_table("sign_in_address_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_address_failure_network"))
        batch_op.drop_index(batch_op.f("ix_sign_in_address_failure_at"))
    op.drop_table("sign_in_address_failure")
