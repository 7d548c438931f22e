"""return records: every return workbook read, accepted or refused

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 04:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.Column("template_key", sa.String(length=60), server_default="", nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("area", sa.String(length=120), server_default="", nullable=False),
        sa.Column("partnership", sa.String(length=120), server_default="", nullable=False),
        sa.Column("period", sa.String(length=20), server_default="", nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("completed_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("signed_off_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("signed_off_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "status IN ('previewed', 'accepted', 'refused')",
            name=op.f("ck_return_record_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_return_record_partnership_id_partnership"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_record")),
    )
    op.create_index("ix_return_record_sha256", "return_record", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_return_record_sha256", table_name="return_record")
    op.drop_table("return_record")
