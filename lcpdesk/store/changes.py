"""Recorded changes: what a user edit did to the store, so it can be undone exactly.

A service makes its writes through a :class:`Recorder`, which keeps the row as
it was before and as it is after each insert, update or delete. The resulting
:class:`ChangeSet` can be reverted (undo) and re-applied (redo); both restore
rows to the exact recorded images, primary keys included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, insert, select, update

from lcpdesk.store import schema

Row = dict[str, Any]


@dataclass(frozen=True)
class RowChange:
    table: str
    key: tuple[Any, ...]
    before: Row | None  # None: the row did not exist (an insert)
    after: Row | None  # None: the row was deleted


@dataclass
class ChangeSet:
    """One user-visible step: a list of row changes, applied in order."""

    description: str
    changes: list[RowChange] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.changes


def _table(name: str) -> Table:
    return schema.metadata.tables[name]


def _key_of(table: Table, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _where(table: Table, key: tuple[Any, ...]) -> Any:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, key, strict=True)))


def _fetch(conn: Connection, table: Table, key: tuple[Any, ...]) -> Row | None:
    found = conn.execute(select(table).where(_where(table, key))).mappings().first()
    return dict(found) if found is not None else None


class Recorder:
    """Writes rows on one connection and records each change into a ChangeSet."""

    def __init__(self, conn: Connection, description: str) -> None:
        self.conn = conn
        self.changeset = ChangeSet(description)

    def insert(self, table: Table, values: Mapping[str, Any]) -> tuple[Any, ...]:
        result = self.conn.execute(insert(table).values(**values))
        pk = result.inserted_primary_key
        assert pk is not None
        key = tuple(pk)
        after = _fetch(self.conn, table, key)
        self.changeset.changes.append(RowChange(table.name, key, None, after))
        return key

    def update(self, table: Table, key: tuple[Any, ...], values: Mapping[str, Any]) -> None:
        before = _fetch(self.conn, table, key)
        if before is None:
            raise LookupError(f"{table.name} {key} does not exist")
        self.conn.execute(update(table).where(_where(table, key)).values(**values))
        after = _fetch(self.conn, table, key)
        if after != before:
            self.changeset.changes.append(RowChange(table.name, key, before, after))

    def delete(self, table: Table, key: tuple[Any, ...]) -> None:
        before = _fetch(self.conn, table, key)
        if before is None:
            return
        self.conn.execute(delete(table).where(_where(table, key)))
        self.changeset.changes.append(RowChange(table.name, key, before, None))

    def upsert(self, table: Table, values: Mapping[str, Any]) -> tuple[Any, ...]:
        key = _key_of(table, values)
        if _fetch(self.conn, table, key) is None:
            return self.insert(table, values)
        self.update(table, key, {k: v for k, v in values.items() if k not in table.primary_key})
        return key


def _set_image(conn: Connection, table: Table, key: tuple[Any, ...], image: Row | None) -> None:
    exists = _fetch(conn, table, key) is not None
    if image is None:
        if exists:
            conn.execute(delete(table).where(_where(table, key)))
    elif exists:
        conn.execute(update(table).where(_where(table, key)).values(**image))
    else:
        conn.execute(insert(table).values(**image))


def revert(conn: Connection, changeset: ChangeSet) -> None:
    """Undo: put every touched row back as it was, last change first."""
    for change in reversed(changeset.changes):
        _set_image(conn, _table(change.table), change.key, change.before)


def reapply(conn: Connection, changeset: ChangeSet) -> None:
    """Redo: put every touched row back as the change left it."""
    for change in changeset.changes:
        _set_image(conn, _table(change.table), change.key, change.after)
