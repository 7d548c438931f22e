"""Opening the store: where it lives, how SQLite is set up, and what it refuses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from lcpdesk.errors import StoreError
from lcpdesk.store import migrate, schema
from lcpdesk.store.db import Store, open_store


def schema_sql(db_file: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(str(db_file))
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def test_open_store_creates_the_file_in_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "not" / "yet" / "there"
    store = open_store(data)
    try:
        assert store.path == data / "lcpdesk.sqlite"
        assert store.path.is_file()
        assert migrate.current_revision(store) == migrate.head_revision()
        with store.read() as conn:
            tables = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
        assert set(schema.metadata.tables) <= tables
    finally:
        store.close()
    assert not (data / "backups").exists(), "a new store has nothing to back up"


def test_wal_journal_and_foreign_keys_are_on(store: Store) -> None:
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # and they are really enforced, on every connection the engine hands out
    with pytest.raises(IntegrityError), store.write() as conn:
        conn.execute(insert(schema.partnership).values(area_id=999, name="Orphan"))
    with store.read() as conn:
        assert conn.execute(select(schema.partnership)).first() is None


def test_wal_mode_is_recorded_in_the_file(store: Store) -> None:
    header = store.path.read_bytes()[:20]
    assert header[:16] == b"SQLite format 3\x00"
    assert header[18:20] == b"\x02\x02", "file format 2/2 means WAL journal mode"


def test_reopening_is_a_no_op(data_dir: Path) -> None:
    first = open_store(data_dir)
    with first.write() as conn:
        conn.execute(insert(schema.area).values(name="Leeds"))
    first.close()
    before = schema_sql(data_dir / "lcpdesk.sqlite")

    again = open_store(data_dir)
    try:
        assert migrate.current_revision(again) == migrate.head_revision()
        with again.read() as conn:
            assert conn.execute(select(schema.area.c.name)).scalars().all() == ["Leeds"]
    finally:
        again.close()
    assert schema_sql(data_dir / "lcpdesk.sqlite") == before
    assert not (data_dir / "backups").exists(), "no migration was needed, so no backup"


def test_a_garbage_file_is_a_store_error_not_a_crash(data_dir: Path) -> None:
    garbage = b"This is a spreadsheet, honest.\n" * 200
    (data_dir / "lcpdesk.sqlite").write_bytes(garbage)
    with pytest.raises(StoreError) as refused:
        open_store(data_dir)
    assert "damaged or is not an lcpdesk data file" in refused.value.message
    assert "lcpdesk.sqlite" in refused.value.message
    assert (data_dir / "lcpdesk.sqlite").read_bytes() == garbage


def test_a_truncated_database_is_a_store_error(data_dir: Path, store: Store) -> None:
    store.close()
    whole = (data_dir / "lcpdesk.sqlite").read_bytes()
    (data_dir / "lcpdesk.sqlite").write_bytes(whole[:1000])
    with pytest.raises(StoreError):
        open_store(data_dir)


def test_a_data_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    with pytest.raises(StoreError) as refused:
        open_store(blocker / "data")
    assert "cannot be created" in refused.value.message
    assert "--data-dir" in refused.value.hint


def test_a_foreign_sqlite_file_is_refused_and_left_alone(data_dir: Path) -> None:
    db_file = data_dir / "lcpdesk.sqlite"
    conn = sqlite3.connect(str(db_file))
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = db_file.read_bytes()

    with pytest.raises(StoreError) as refused:
        open_store(data_dir)
    assert "not an lcpdesk data file" in refused.value.message
    assert db_file.read_bytes() == before, "a file that is not ours must not be changed"
    assert not (data_dir / "backups").exists()


def test_backup_sqlite_copies_a_live_database(store: Store, tmp_path: Path) -> None:
    with store.write() as conn:
        conn.execute(insert(schema.area).values(name="Leeds"))
    # The row is in the write-ahead log, not yet in lcpdesk.sqlite itself; the backup
    # API must copy it anyway while the store stays open.
    target = store.backup(tmp_path / "copies" / "backup.sqlite")
    copy = sqlite3.connect(str(target))
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT name FROM area").fetchall() == [("Leeds",)]
        version = copy.execute("SELECT version_num FROM alembic_version").fetchall()
        assert version == [(migrate.head_revision(),)]
    finally:
        copy.close()
    with store.read() as conn:  # the original is still usable
        assert conn.execute(select(schema.area.c.name)).scalar_one() == "Leeds"
