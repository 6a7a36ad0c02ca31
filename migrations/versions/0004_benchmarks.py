"""Published absence rates, statistical neighbours, our authority; outcome indicators

Revision ID: 0004_benchmarks
Revises: 0003_attendance
Create Date: 2026-12-10 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_benchmarks"
down_revision = "0003_attendance"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "published_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_period", sa.String(length=7), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("geographic_level", sa.String(length=20), nullable=False),
        sa.Column("region_name", sa.String(length=100), nullable=False),
        sa.Column("la_code", sa.String(length=10), nullable=False),
        sa.Column("la_name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=60), nullable=False),
        sa.Column("characteristic", sa.String(length=100), nullable=False),
        sa.Column("measure", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "geographic_level IN ('National', 'Regional', 'Local authority')",
            name=op.f("ck_published_rate_level_is_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_rate")),
        sa.UniqueConstraint(
            "measure",
            "phase",
            "characteristic",
            "time_period",
            "period",
            "geographic_level",
            "region_name",
            "la_code",
            name="uq_published_rate_figure",
        ),
    )
    op.create_table(
        "statistical_neighbour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_version", sa.String(length=7), nullable=False),
        sa.Column("la_code", sa.String(length=10), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("neighbour_code", sa.String(length=10), nullable=False),
        sa.Column("neighbour_name", sa.String(length=200), nullable=False),
        sa.Column("closeness", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistical_neighbour")),
        sa.UniqueConstraint(
            "list_version",
            "la_code",
            "rank",
            name=op.f("uq_statistical_neighbour_list_version_la_code_rank"),
        ),
    )
    with op.batch_alter_table("statistical_neighbour", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statistical_neighbour_la_code"), ["la_code"], unique=False
        )

    op.create_table(
        "benchmark_authority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("la_code", sa.String(length=10), nullable=False),
        sa.Column("la_name", sa.String(length=200), nullable=False),
        sa.Column("region_name", sa.String(length=100), nullable=False),
        sa.Column("neighbour_list", sa.String(length=7), nullable=True),
        sa.Column("predecessors", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benchmark_authority")),
    )

    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("measure", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("cohort", sa.JSON(), nullable=False),
        sa.Column("published", sa.JSON(), nullable=True),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("comparators", sa.JSON(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "direction IN ('lower', 'higher')", name=op.f("ck_indicator_direction_is_known")
        ),
        sa.CheckConstraint(
            "kind IN ('computed', 'manual')", name=op.f("ck_indicator_kind_is_known")
        ),
        sa.CheckConstraint("period IN ('year', 'term')", name=op.f("ck_indicator_period_is_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_code")),
    )

    op.create_table(
        "indicator_outcome",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_outcome_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_indicator_outcome_outcome_id_outcome")
        ),
        sa.PrimaryKeyConstraint("indicator_id", "outcome_id", name=op.f("pk_indicator_outcome")),
    )

    op.create_table(
        "manual_indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["user_account.id"],
            name=op.f("fk_manual_indicator_value_entered_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_manual_indicator_value_indicator_id_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["term.id"], name=op.f("fk_manual_indicator_value_term_id_term")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_indicator_value")),
        sa.UniqueConstraint(
            "indicator_id", "term_id", name=op.f("uq_manual_indicator_value_indicator_id_term_id")
        ),
    )
    with op.batch_alter_table("manual_indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_manual_indicator_value_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_manual_indicator_value_term_id"), ["term_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("manual_indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_manual_indicator_value_term_id"))
        batch_op.drop_index(batch_op.f("ix_manual_indicator_value_indicator_id"))

    op.drop_table("manual_indicator_value")
    op.drop_table("indicator_outcome")
    op.drop_table("indicator")
    op.drop_table("benchmark_authority")
    with op.batch_alter_table("statistical_neighbour", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistical_neighbour_la_code"))

    op.drop_table("statistical_neighbour")
    op.drop_table("published_rate")
