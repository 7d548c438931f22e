"""returns sent (pre-filled returns written), superseded return records, a return's summary

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD = "status IN ('previewed', 'accepted', 'refused')"
_NEW = "status IN ('previewed', 'accepted', 'refused', 'superseded')"


def upgrade() -> None:
    op.create_table(
        "return_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=260), server_default="", nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_return_sent_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_sent")),
        sa.UniqueConstraint("partnership_id", "period", name="uq_return_sent_partnership_period"),
    )
    with op.batch_alter_table("return_record") as batch:
        batch.add_column(sa.Column("summary", sa.Text(), server_default="", nullable=False))
        batch.drop_constraint(op.f("ck_return_record_status_known"), type_="check")
        batch.create_check_constraint("status_known", _NEW)


def downgrade() -> None:
    with op.batch_alter_table("return_record") as batch:
        batch.drop_constraint(op.f("ck_return_record_status_known"), type_="check")
        batch.create_check_constraint("status_known", _OLD)
        batch.drop_column("summary")
    op.drop_table("return_sent")
