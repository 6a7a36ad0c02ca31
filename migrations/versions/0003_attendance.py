"""Schools, enrolments, per-enrolment weekly session totals and the import log

Revision ID: 0003_attendance
Revises: 0002_progress
Create Date: 2026-12-10 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_attendance"
down_revision = "0002_progress"
branch_labels = None
depends_on = None

PHASES = (
    "'primary', 'secondary', 'special', 'first', 'middle', 'upper', 'all-through', "
    "'alternative provision'"
)


def _week_checks():
    """PostgreSQL only: see AttendanceWeek in tracker/models/attendance.py."""
    if op.get_bind().dialect.name != "postgresql":
        return []
    return [
        sa.CheckConstraint(
            "present >= 0 AND aea >= 0 AND authorised >= 0 AND unauthorised >= 0"
            " AND present + aea + authorised + unauthorised <= possible",
            name=op.f("ck_attendance_week_sessions_add_up"),
        ),
        sa.CheckConstraint(
            "source IN ('marks', 'summary', 'synthetic')",
            name=op.f("ck_attendance_week_source_is_known"),
        ),
    ]


def upgrade():
    op.create_table(
        "school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=30), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"phase IN ({PHASES})", name=op.f("ck_school_phase_is_known")),
        sa.ForeignKeyConstraint(
            ["locality_id"], ["locality.id"], name=op.f("fk_school_locality_id_locality")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school")),
        sa.UniqueConstraint("urn", name=op.f("uq_school_urn")),
    )
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_locality_id"), ["locality_id"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.String(length=7), nullable=False),
        sa.Column("pupil_id", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year_group", sa.SmallInteger(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("fsm", sa.Boolean(), nullable=False),
        sa.Column("sen", sa.String(length=1), nullable=False),
        sa.Column("ethnicity", sa.String(length=8), nullable=False),
        sa.Column("social_care", sa.String(length=3), nullable=False),
        sa.Column("young_carer", sa.Boolean(), nullable=False),
        sa.CheckConstraint("sen IN ('N', 'K', 'E')", name=op.f("ck_enrolment_sen_is_known")),
        sa.CheckConstraint("sex IN ('F', 'M')", name=op.f("ck_enrolment_sex_is_known")),
        sa.CheckConstraint(
            "social_care IN ('', 'CIN', 'CPP', 'CLA')",
            name=op.f("ck_enrolment_social_care_is_known"),
        ),
        sa.CheckConstraint(
            "year_group BETWEEN 0 AND 14", name=op.f("ck_enrolment_year_group_is_known")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_enrolment_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
        sa.UniqueConstraint(
            "academic_year",
            "pupil_id",
            "school_id",
            name=op.f("uq_enrolment_academic_year_pupil_id_school_id"),
        ),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_academic_year"), ["academic_year"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_enrolment_school_id"), ["school_id"], unique=False)

    op.create_table(
        "attendance_week",
        sa.Column("enrolment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("possible", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("aea", sa.Integer(), nullable=False),
        sa.Column("authorised", sa.Integer(), nullable=False),
        sa.Column("unauthorised", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        *_week_checks(),
        # No foreign key to enrolment: see AttendanceWeek in tracker/models/attendance.py.
        sa.PrimaryKeyConstraint("enrolment_id", "week_start", name=op.f("pk_attendance_week")),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "data_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.String(length=7), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user_account.id"],
            name=op.f("fk_data_import_imported_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_import")),
    )


def downgrade():
    op.drop_table("data_import")
    op.drop_table("attendance_week")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_school_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_academic_year"))

    op.drop_table("enrolment")
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_locality_id"))

    op.drop_table("school")
