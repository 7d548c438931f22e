"""Id sequences after rows are put back with their recorded ids.

Undo of a delete and redo of an insert write rows back *with the primary keys they had*
(other rows and later change sets refer to them). SQLite needs nothing more: a new row's id
is one above the largest in its table. A server database hands out new ids from a sequence
that explicit inserts do not move, so the next ordinary insert could be given an id that is
now taken. After such inserts, :func:`resync` moves each touched table's sequence past its
largest id (never backwards), on the same connection, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, text


def resync_sql(dialect: str, table: str, column: str) -> str | None:
    """The statement that moves ``table.column``'s id sequence past its largest id on
    ``dialect`` (a SQLAlchemy dialect name), or None when the database needs none."""
    if dialect == "postgresql":
        sequence = f"pg_get_serial_sequence('{table}', '{column}')"
        return (
            f"SELECT setval({sequence}, GREATEST("
            f'(SELECT MAX("{column}") FROM "{table}"), '
            f"pg_sequence_last_value({sequence}::regclass), 1))"
        )
    return None  # sqlite: max(rowid) + 1


def id_column(table: Table) -> str | None:
    """The column a database fills from a sequence: a single integer primary key."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or keys[0].foreign_keys:
        return None
    try:
        python_type = keys[0].type.python_type
    except NotImplementedError:
        return None
    return keys[0].name if python_type is int else None


def resync(conn: Connection, tables: Iterable[Table]) -> None:
    """After explicit-id inserts into ``tables``: let their sequences follow (no-op on SQLite)."""
    for table in tables:
        column = id_column(table)
        sql = resync_sql(conn.dialect.name, table.name, column) if column else None
        if sql is not None:
            conn.execute(text(sql))
