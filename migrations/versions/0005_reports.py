"""Board report submissions with their frozen files; training records

Revision ID: 0005_reports
Revises: 0004_benchmarks
Create Date: 2026-12-11 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_reports"
down_revision = "0004_benchmarks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("period_label", sa.String(length=100), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=True),
        sa.Column("week_ending", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("presenter", sa.String(length=300), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("locked_term", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('education-board', 'strengthening-services-board', 'leadership-weekly')",
            name=op.f("ck_report_submission_kind_is_known"),
        ),
        sa.CheckConstraint(
            "(term_id IS NOT NULL AND week_ending IS NULL)"
            " OR (term_id IS NULL AND week_ending IS NOT NULL)",
            name=op.f("ck_report_submission_for_a_term_or_a_week"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["user_account.id"],
            name=op.f("fk_report_submission_submitted_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["term.id"], name=op.f("fk_report_submission_term_id_term")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_submission")),
        sa.UniqueConstraint(
            "kind",
            "period",
            "version",
            name=op.f("uq_report_submission_kind_period_version"),
        ),
    )
    with op.batch_alter_table("report_submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_submission_term_id"), ["term_id"], unique=False)

    op.create_table(
        "report_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["report_submission.id"],
            name=op.f("fk_report_file_submission_id_report_submission"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_file")),
        sa.UniqueConstraint(
            "submission_id", "format", name=op.f("uq_report_file_submission_id_format")
        ),
    )
    with op.batch_alter_table("report_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_file_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "training_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("directorate", sa.String(length=200), nullable=False),
        sa.Column("trained", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "tier IN ('universal', 'enhanced', 'specific')",
            name=op.f("ck_training_record_tier_is_known"),
        ),
        sa.CheckConstraint(
            "trained >= 0 AND target >= 0", name=op.f("ck_training_record_counts_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["user_account.id"],
            name=op.f("fk_training_record_entered_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["term.id"], name=op.f("fk_training_record_term_id_term")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_record")),
        sa.UniqueConstraint(
            "term_id",
            "tier",
            "directorate",
            name=op.f("uq_training_record_term_id_tier_directorate"),
        ),
    )
    with op.batch_alter_table("training_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_record_term_id"), ["term_id"], unique=False)


def downgrade():
    with op.batch_alter_table("training_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_record_term_id"))

    op.drop_table("training_record")
    with op.batch_alter_table("report_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_file_submission_id"))

    op.drop_table("report_file")
    with op.batch_alter_table("report_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_submission_term_id"))

    op.drop_table("report_submission")
