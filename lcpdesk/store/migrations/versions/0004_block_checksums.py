"""block checksums: a CRC-32 on every registration block, checked on every read

Revision ID: 0004
Revises: 0002 (the lead renumbers: it follows 0003 once that is merged)
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op

from lcpdesk.store.registrations import checksum

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "registration_block",
        sa.Column("checksum", sa.BigInteger(), server_default="0", nullable=False),
    )
    conn = op.get_bind()
    table = sa.table(
        "registration_block",
        sa.column("extract_date", sa.String()),  # compared as stored: no date conversion
        sa.column("practice_code", sa.String()),
        sa.column("lsoa_ids", sa.LargeBinary()),
        sa.column("patients", sa.LargeBinary()),
        sa.column("total", sa.BigInteger()),
        sa.column("checksum", sa.BigInteger()),
    )
    rows = conn.execute(
        sa.select(
            table.c.extract_date,
            table.c.practice_code,
            table.c.lsoa_ids,
            table.c.patients,
            table.c.total,
        )
    ).all()
    for when, code, ids, patients, total in rows:
        conn.execute(
            table.update()
            .where(table.c.extract_date == when, table.c.practice_code == code)
            .values(checksum=checksum(code, ids, patients, total))
        )


def downgrade() -> None:
    with op.batch_alter_table("registration_block") as batch:
        batch.drop_column("checksum")
