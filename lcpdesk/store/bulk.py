"""Writing many rows at once while recording each change (for undo), without a query per row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, tuple_, update

from lcpdesk.store.changes import RowChange

CHUNK = 400


def _pk(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


def fetch_by(
    conn: Connection, table: Table, columns: Sequence[str], keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Rows whose ``columns`` equal one of ``keys``, by key."""
    wanted = list(set(keys))
    cols = [table.c[name] for name in columns]
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        cond = cols[0].in_([k[0] for k in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)
        for row in conn.execute(select(table).where(cond)).mappings():
            found[tuple(row[name] for name in columns)] = dict(row)
    return found


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    match_on: Sequence[str],
    *,
    insert_missing: bool = True,
) -> list[RowChange]:
    """Insert rows whose ``match_on`` values are new; update the others where values differ.

    Only the columns a row names are written. Returns the changes made, with full before and
    after images keyed by primary key.
    """
    pk = _pk(table)
    existing = fetch_by(conn, table, match_on, (tuple(r[c] for c in match_on) for r in rows))
    to_insert: list[Mapping[str, Any]] = []
    changes: list[RowChange] = []
    for row in rows:
        key = tuple(row[c] for c in match_on)
        before = existing.get(key)
        if before is None:
            if insert_missing:
                to_insert.append(row)
            continue
        differs = {k: v for k, v in row.items() if before.get(k) != v}
        if not differs:
            continue
        after = {**before, **differs}
        changes.append(RowChange(table.name, tuple(before[c] for c in pk), before, after))
    updates = [c for c in changes if c.after is not None]
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in updates:
        assert change.after is not None and change.before is not None
        names = tuple(sorted(k for k in change.after if change.after[k] != change.before[k]))
        params = {f"new_{k}": change.after[k] for k in names}
        params.update({f"pk_{k}": change.before[k] for k in pk})
        by_columns.setdefault(names, []).append(params)
    for names, params_list in by_columns.items():
        stmt = (
            update(table)
            .where(and_(*(table.c[k] == bindparam(f"pk_{k}") for k in pk)))
            .values({k: bindparam(f"new_{k}") for k in names})
        )
        conn.execute(stmt, params_list)
    if to_insert:
        conn.execute(insert(table), [dict(r) for r in to_insert])
        inserted = fetch_by(
            conn, table, match_on, (tuple(r[c] for c in match_on) for r in to_insert)
        )
        for row in to_insert:
            after = inserted[tuple(row[c] for c in match_on)]
            changes.append(RowChange(table.name, tuple(after[c] for c in pk), None, after))
    return changes


def delete_rows(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[RowChange]:
    """Delete rows given by their full images (as fetched); returns the changes."""
    pk = _pk(table)
    changes = [RowChange(table.name, tuple(r[c] for c in pk), dict(r), None) for r in rows]
    if changes:
        stmt = delete(table).where(and_(*(table.c[k] == bindparam(f"pk_{k}") for k in pk)))
        conn.execute(
            stmt, [{f"pk_{k}": v for k, v in zip(pk, c.key, strict=True)} for c in changes]
        )
    return changes
