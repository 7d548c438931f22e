"""Recorded changes: what a user edit did to the store, so it can be undone exactly.

A service makes its writes through a :class:`Recorder`, which keeps the row as
it was before and as it is after each insert, update or delete. The resulting
:class:`ChangeSet` can be reverted (undo) and re-applied (redo); both restore
rows to the exact recorded images, primary keys included (:mod:`.sequences` lets a server
database's id sequences follow). When the store no longer holds what the change set expects
(a row it would update or remove is gone, a row it would put back is there already: another
program changed the data), nothing is written and :class:`ChangeConflict` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from lcpdesk.errors import Cancelled, StoreError
from lcpdesk.store import schema, sequences

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

    def statements(self) -> int:
        """How many statements undoing or redoing it takes: one per run of changes of the same
        table and operation (each costs far more than a row within it)."""
        kinds = [(c.table, c.before is None, c.after is None) for c in self.changes]
        return sum(1 for i, kind in enumerate(kinds) if i == 0 or kind != kinds[i - 1])


class ChangeConflict(StoreError):
    """The store no longer matches the change set (changed by another program): refused."""

    def __init__(self) -> None:
        super().__init__(
            "The data this step changed has been changed since, outside this window "
            "(by another copy of lcpdesk or the command line).",
            hint="Nothing was written; the window now shows the data as it is.",
        )


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


Step = tuple[RowChange, Row | None, Row | None]  # (change, current image, target image)


def _kind(step: Step) -> tuple[str, str]:
    _change, current, target = step
    return step[0].table, "insert" if current is None else "delete" if target is None else "update"


@lru_cache(maxsize=256)
def _statement(table_name: str, kind: str, columns: tuple[str, ...]) -> Any:
    """The statement for a run (built once: building it costs more than running it)."""
    table = _table(table_name)
    if kind == "insert":
        return insert(table)
    where = and_(*(c == bindparam(f"pk_{c.name}") for c in table.primary_key.columns))
    if kind == "delete":
        return delete(table).where(where)
    return update(table).where(where).values({k: bindparam(f"v_{k}") for k in columns})


def _write_run(conn: Connection, run: list[Step]) -> None:
    """One run of the same table and operation, as one executemany; refuse on a mismatch."""
    table = _table(run[0][0].table)
    kind = _kind(run[0])[1]
    pk = [c.name for c in table.primary_key.columns]
    params: list[dict[str, Any]]
    if kind == "insert":
        params = [dict(t) for _c, _cur, t in run if t is not None]
        columns: tuple[str, ...] = ()
    else:
        params = [{f"pk_{k}": v for k, v in zip(pk, c.key, strict=True)} for c, _cur, _t in run]
        columns = tuple(sorted(run[0][2] or {})) if kind == "update" else ()
        for key, (_c, _cur, target) in zip(params, run, strict=True):
            key.update({f"v_{k}": target[k] for k in columns} if target is not None else {})
    try:
        stmt = _statement(table.name, kind, columns)
        done = conn.execute(stmt, params if len(params) > 1 else params[0]).rowcount
    except IntegrityError as exc:  # the row (or its unique values) is there, or is referred to
        raise ChangeConflict() from exc
    if kind != "insert" and done != len(params):  # some rows are gone
        raise ChangeConflict()


def _apply_images(
    conn: Connection, steps: list[Step], cancelled: Callable[[], bool] | None
) -> None:
    """Move rows from image ``current`` to image ``target``, batching runs of like statements;
    raise :class:`Cancelled` between runs once ``cancelled()`` is true."""
    run: list[Step] = []
    restored: set[str] = set()  # tables given rows with their recorded ids
    for step in steps:
        if step[1] is None and step[2] is None:
            continue
        if run and _kind(run[0]) != _kind(step):
            _write_run(conn, run)
            run = []
            if cancelled is not None and cancelled():
                raise Cancelled()
        if step[1] is None:
            restored.add(step[0].table)
        run.append(step)
    if run:
        _write_run(conn, run)
    sequences.resync(conn, [_table(name) for name in sorted(restored)])


def revert(
    conn: Connection, changeset: ChangeSet, cancelled: Callable[[], bool] | None = None
) -> None:
    """Undo: put every touched row back as it was, last change first."""
    _apply_images(conn, [(c, c.after, c.before) for c in reversed(changeset.changes)], cancelled)


def reapply(
    conn: Connection, changeset: ChangeSet, cancelled: Callable[[], bool] | None = None
) -> None:
    """Redo: put every touched row back as the change left it."""
    _apply_images(conn, [(c, c.before, c.after) for c in changeset.changes], cancelled)
