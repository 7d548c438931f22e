"""Recorded changes: undo and redo put rows back exactly, primary keys included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select

from lcpdesk.store import schema
from lcpdesk.store.changes import Recorder, reapply, revert
from lcpdesk.store.db import Store

TABLES = ("area", "partnership", "practice", "list_size", "membership")


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.read() as conn:
        return {
            name: [
                dict(row)
                for row in conn.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for name, table in schema.metadata.tables.items()
            if name in TABLES
        }


def seed(conn: Connection) -> None:
    conn.execute(insert(schema.area).values(id=1, name="Leeds"))
    conn.execute(
        insert(schema.partnership),
        [
            {"id": 10, "area_id": 1, "name": "Armley"},
            {"id": 11, "area_id": 1, "name": "Beeston"},
        ],
    )
    conn.execute(
        insert(schema.practice),
        [
            {"id": 5, "code": "B86001", "name": "First Surgery", "postcode": "LS1 1AA"},
            {"id": 6, "code": "B86002", "name": "Second Surgery", "postcode": "LS2 2BB"},
        ],
    )
    conn.execute(
        insert(schema.membership),
        [
            {
                "id": 50,
                "practice_id": 5,
                "partnership_id": 10,
                "effective_from": dt.date(2024, 1, 1),
            },
            {
                "id": 51,
                "practice_id": 6,
                "partnership_id": 11,
                "effective_from": dt.date(2024, 1, 1),
            },
        ],
    )
    conn.execute(
        insert(schema.list_size).values(
            practice_id=5, extract_date=dt.date(2024, 6, 1), patients=5000, source="nhsd"
        )
    )


def test_revert_and_reapply_restore_exact_row_images(store: Store) -> None:
    with store.write() as conn:
        seed(conn)
    original = snapshot(store)

    with store.write() as conn:
        rec = Recorder(conn, "a bit of everything")
        (new_id,) = rec.insert(
            schema.practice, {"code": "B86003", "name": "Third Surgery", "is_demo": True}
        )
        rec.insert(
            schema.membership,
            {"practice_id": new_id, "partnership_id": 10, "effective_from": dt.date(2024, 7, 1)},
        )
        rec.update(schema.practice, (5,), {"name": "First Surgery (renamed)", "postcode": ""})
        rec.update(schema.membership, (50,), {"effective_to": dt.date(2024, 7, 1)})
        rec.upsert(
            schema.list_size,
            {"practice_id": 5, "extract_date": dt.date(2024, 6, 1), "patients": 5100},
        )
        rec.delete(schema.membership, (51,))  # delete children before the parent
        rec.delete(schema.practice, (6,))
        changes = rec.changeset
    edited = snapshot(store)
    assert edited != original
    assert [c.table for c in changes.changes] == [
        "practice",
        "membership",
        "practice",
        "membership",
        "list_size",
        "membership",
        "practice",
    ]

    with store.write() as conn:
        revert(conn, changes)
    assert snapshot(store) == original, "undo restores every row, ids and all"

    with store.write() as conn:
        reapply(conn, changes)
    assert snapshot(store) == edited, "redo gives back the same ids, not new ones"

    with store.write() as conn:
        revert(conn, changes)
    assert snapshot(store) == original


def test_a_deleted_row_comes_back_with_its_own_primary_key(store: Store) -> None:
    with store.write() as conn:
        seed(conn)
    with store.write() as conn:
        rec = Recorder(conn, "remove")
        rec.delete(schema.membership, (51,))
        rec.delete(schema.practice, (6,))
        # a new practice now takes the next free id; undo must not disturb it
        conn.execute(insert(schema.practice).values(id=7, code="B86009", name="Newcomer"))
        changes = rec.changeset
    with store.write() as conn:
        revert(conn, changes)
    with store.read() as conn:
        ids = conn.execute(select(schema.practice.c.id).order_by(schema.practice.c.id)).scalars()
        assert list(ids) == [5, 6, 7]
        back = conn.execute(select(schema.membership).where(schema.membership.c.id == 51))
        assert back.mappings().one()["practice_id"] == 6


def test_an_update_that_changes_nothing_records_nothing(store: Store) -> None:
    with store.write() as conn:
        seed(conn)
    with store.write() as conn:
        rec = Recorder(conn, "no-op")
        rec.update(schema.practice, (5,), {"name": "First Surgery"})
        rec.delete(schema.practice, (999,))  # already gone: nothing to record
    assert rec.changeset.is_empty()


def test_a_failed_edit_writes_nothing(store: Store) -> None:
    with store.write() as conn:
        seed(conn)
    before = snapshot(store)
    try:
        with store.write() as conn:
            rec = Recorder(conn, "half an edit")
            rec.update(schema.practice, (5,), {"name": "Changed"})
            raise RuntimeError("the user's edit failed half way")
    except RuntimeError:
        pass
    assert snapshot(store) == before
