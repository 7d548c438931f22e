"""After a write, the write-ahead log is copied into the data file on a thread, not in commit."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sqlalchemy import insert

from lcpdesk.store import schema
from lcpdesk.store.db import open_store
from lcpdesk.store.sqlite import SqliteBackend


def _rows_in_file_alone(db_file: Path) -> int:
    """Areas in the data file itself, without its write-ahead log (read from a copy)."""
    copy = db_file.with_name("copy.sqlite")
    copy.write_bytes(db_file.read_bytes())
    conn = sqlite3.connect(str(copy))
    try:
        return int(conn.execute("SELECT count(*) FROM area").fetchone()[0])
    finally:
        conn.close()


def test_a_write_reaches_the_data_file_without_closing_the_store(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        with store.write() as conn:
            conn.execute(insert(schema.area).values(name="Leeds"))
        assert isinstance(store.backend, SqliteBackend)
        store.backend.wait_for_checkpoint(timeout=30)
        assert _rows_in_file_alone(store.path) == 1
        with store.read() as conn:  # the store is still open and in use
            assert conn.exec_driver_sql("SELECT name FROM area").scalars().all() == ["Leeds"]
    finally:
        store.close()


def test_the_commit_does_not_copy_the_log_itself(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    finally:
        store.close()


def test_closing_waits_for_the_copy_and_leaves_no_log(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for n in range(5):
        with store.write() as conn:
            conn.execute(insert(schema.area).values(name=f"Area {n}"))
    store.close()
    assert not [t for t in threading.enumerate() if t.name == "lcpdesk-checkpoint"]
    wal = store.path.with_name(store.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert _rows_in_file_alone(store.path) == 5
