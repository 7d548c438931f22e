"""Writing a change set back refuses a store that no longer matches it, and stops on Cancel,
keeping nothing either way; restored ids let a server database's sequences follow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import delete, insert, select
from test_store_changes import seed, snapshot

from lcpdesk.errors import Cancelled, StoreError
from lcpdesk.services import history
from lcpdesk.store import changes as changes_module
from lcpdesk.store import schema, sequences
from lcpdesk.store.changes import ChangeConflict, ChangeSet, Recorder
from lcpdesk.store.db import Store


def edit(store: Store) -> ChangeSet:
    """Rename practice 5, add practice 7 with a membership, remove membership 51."""
    with store.write() as conn:
        seed(conn)
    with store.write() as conn:
        rec = Recorder(conn, "edit")
        rec.update(schema.practice, (5,), {"name": "Renamed"})
        rec.insert(schema.practice, {"id": 7, "code": "B86007", "name": "Seventh"})
        rec.insert(
            schema.membership,
            {"practice_id": 7, "partnership_id": 10, "effective_from": dt.date(2024, 7, 1)},
        )
        rec.delete(schema.membership, (51,))
        return rec.changeset


def test_undo_refuses_when_a_row_it_would_change_is_gone(store: Store) -> None:
    changes = edit(store)
    with store.write() as conn:  # another program removes practice 5
        conn.execute(delete(schema.membership).where(schema.membership.c.practice_id == 5))
        conn.execute(delete(schema.list_size).where(schema.list_size.c.practice_id == 5))
        conn.execute(delete(schema.practice).where(schema.practice.c.id == 5))
    before = snapshot(store)
    with pytest.raises(ChangeConflict) as refused:
        history.undo(store, changes)  # membership 51 would come back first, then fails
    assert isinstance(refused.value, StoreError) and "changed since" in str(refused.value)
    assert snapshot(store) == before  # nothing kept


def test_redo_refuses_when_a_row_it_would_put_back_is_there(store: Store) -> None:
    changes = edit(store)
    history.undo(store, changes)
    with store.write() as conn:  # another program takes the code
        conn.execute(insert(schema.practice).values(id=8, code="B86007", name="Elsewhere"))
    before = snapshot(store)
    with pytest.raises(ChangeConflict):
        history.redo(store, changes)
    assert snapshot(store) == before
    with store.write() as conn:
        conn.execute(delete(schema.practice).where(schema.practice.c.id == 8))
    history.redo(store, changes)  # free again: it works
    with store.read() as conn:
        assert conn.execute(select(schema.practice.c.name).where(schema.practice.c.id == 7)).one()


def test_cancel_keeps_nothing(store: Store) -> None:
    changes = edit(store)
    edited = snapshot(store)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 2  # Cancel pressed while the second run is written

    with pytest.raises(Cancelled):
        history.undo(store, changes, cancelled)
    assert snapshot(store) == edited
    with pytest.raises(Cancelled):
        history.redo(store, changes, lambda: True)  # redo: also checked before commit
    assert snapshot(store) == edited


def test_statements_count_runs_of_one_table_and_operation(store: Store) -> None:
    changes = edit(store)
    assert changes.statements() == 4
    doubled = ChangeSet("twice", changes.changes[1:2] * 3)
    assert doubled.statements() == 1
    assert ChangeSet("none").statements() == 0


# --------------------------------------------------------------------------- sequences


def test_sequences_follow_restored_ids_on_postgresql_only() -> None:
    assert sequences.resync_sql("sqlite", "practice", "id") is None
    assert sequences.resync_sql("postgresql", "practice", "id") == (
        "SELECT setval(pg_get_serial_sequence('practice', 'id'), GREATEST("
        '(SELECT MAX("id") FROM "practice"), '
        "pg_sequence_last_value(pg_get_serial_sequence('practice', 'id')::regclass), 1))"
    )
    assert sequences.id_column(schema.practice) == "id"
    assert sequences.id_column(schema.list_size) is None  # composite key: no sequence
    assert sequences.id_column(schema.footprint) is None


class FakeDialect:
    name = "postgresql"


class FakeConnection:
    dialect = FakeDialect()

    def __init__(self) -> None:
        self.sql: list[str] = []

    def execute(self, statement: Any) -> None:
        self.sql.append(str(statement))


def test_resync_runs_one_statement_per_table_with_a_sequence() -> None:
    conn: Any = FakeConnection()
    sequences.resync(conn, [schema.practice, schema.list_size, schema.membership])
    assert [s.split("'")[1] for s in conn.sql] == ["practice", "membership"]


def test_undo_and_redo_resync_the_tables_given_rows_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes = edit(store)
    seen: list[list[str]] = []
    real = sequences.resync
    monkeypatch.setattr(
        changes_module.sequences,
        "resync",
        lambda conn, tables: seen.append([t.name for t in tables]) or real(conn, tables),
    )
    history.undo(store, changes)  # membership 51 comes back with its id
    history.redo(store, changes)  # practice 7 and its membership come back with theirs
    assert seen == [["membership"], ["membership", "practice"]]
