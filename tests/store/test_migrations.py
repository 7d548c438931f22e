"""Schema migrations: every released schema upgrades to today's, with a backup first.

``tests/fixtures/schema_<revision>.sqlite`` is a store as the release with that schema wrote it
(made by ``tests/fixtures/make_schema_fixture.py``); ``schema_<revision>.json`` says what its
data means. Every fixture is copied, opened with ``open_store`` (which migrates it) and checked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from lcpdesk.errors import StoreError
from lcpdesk.store import migrate, schema
from lcpdesk.store.db import Store, open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_schema_fixture import facts  # noqa: E402

RELEASED = sorted(FIXTURES.glob("schema_*.sqlite"))


def open_copy(fixture: Path, data_dir: Path) -> Store:
    shutil.copyfile(fixture, data_dir / "lcpdesk.sqlite")
    return open_store(data_dir)


def raw_rows(db_file: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, straight from SQLite (no SQLAlchemy types in between)."""
    conn = sqlite3.connect(str(db_file))
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}
    finally:
        conn.close()


def schema_differences(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, schema.metadata))


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# --------------------------------------------------------------------------- the fixtures


def test_there_is_a_fixture_for_every_schema_revision() -> None:
    """A new migration needs a fixture of the schema it makes, committed with it."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = {rev.revision for rev in script.walk_revisions()}
    have = {p.stem.removeprefix("schema_") for p in RELEASED}
    missing = sorted(revisions - have)
    assert not missing, (
        f"no fixture database for schema revision(s) {missing}: run "
        "`.venv/bin/python tests/fixtures/make_schema_fixture.py` and commit what it writes"
    )
    assert "0001" in have
    for fixture in RELEASED:
        assert fixture.with_suffix(".json").is_file(), f"{fixture.name} has no .json beside it"


def test_fixtures_are_committed_without_a_write_ahead_log() -> None:
    for fixture in RELEASED:
        assert not fixture.with_name(fixture.name + "-wal").exists()
        header = fixture.read_bytes()[:20]
        assert header[:16] == b"SQLite format 3\x00"
        assert header[18:20] == b"\x01\x01", f"{fixture.name}: store it in rollback-journal mode"


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_schema_migrates_to_head_with_its_data(fixture: Path, data_dir: Path) -> None:
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    store = open_copy(fixture, data_dir)
    try:
        assert migrate.current_revision(store) == migrate.head_revision()
        assert facts(store)["areas"] == expected["areas"]
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_migrated_schema_is_exactly_the_declared_schema(fixture: Path, data_dir: Path) -> None:
    store = open_copy(fixture, data_dir)
    try:
        differences = schema_differences(store)
    finally:
        store.close()
    assert differences == [], (
        f"{fixture.name} migrated to head differs from lcpdesk/store/schema.py. Either a change "
        "to schema.py has no migration, or an unreleased migration was edited after the "
        "fixture was made (then remake it: make_schema_fixture.py --force). Never edit a "
        f"released migration. Differences: {differences}"
    )


def test_a_new_store_is_exactly_the_declared_schema(store: Store) -> None:
    assert schema_differences(store) == []


def test_schema_0001_rows_are_untouched_by_migration(data_dir: Path) -> None:
    fixture = FIXTURES / "schema_0001.sqlite"
    before = raw_rows(fixture)
    open_copy(fixture, data_dir).close()
    after = raw_rows(data_dir / "lcpdesk.sqlite")
    assert before["area"] and before["practice"] and before["membership"]
    for table in ("area", "partnership", "practice", "list_size", "membership", "footprint"):
        assert after[table] == before[table], table
    assert after["alembic_version"] == [(migrate.head_revision(),)]


# --------------------------------------------------------------------------- refusing


def make_newer(data_dir: Path, *, journal: str) -> Path:
    """A store stamped with a revision this lcpdesk has never heard of."""
    store = open_store(data_dir)
    store.close()
    db_file = data_dir / "lcpdesk.sqlite"
    conn = sqlite3.connect(str(db_file))
    try:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"PRAGMA journal_mode = {journal}")
    finally:
        conn.close()
    old = dt.datetime(2024, 1, 1).timestamp()
    os.utime(db_file, (old, old))
    return db_file


def test_a_store_from_a_newer_version_is_refused_and_left_alone(data_dir: Path) -> None:
    db_file = make_newer(data_dir, journal="WAL")  # as lcpdesk itself leaves it
    before = file_state(db_file)
    with pytest.raises(StoreError) as refused:
        open_store(data_dir)
    assert "written by a newer version of lcpdesk" in refused.value.message
    assert "9999_from_the_future" in refused.value.message
    assert "has not been changed" in refused.value.hint
    assert file_state(db_file) == before
    assert not (data_dir / "backups").exists()


def test_a_newer_store_in_rollback_journal_mode_is_left_alone_too(data_dir: Path) -> None:
    db_file = make_newer(data_dir, journal="DELETE")  # e.g. copied by another tool
    before = file_state(db_file)
    with pytest.raises(StoreError):
        open_store(data_dir)
    assert file_state(db_file) == before


# --------------------------------------------------------------------------- backups


NEXT_REVISION = '''"""a test-only revision after the head"""

from alembic import op

revision = "9000_test_only"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE test_only_marker (id INTEGER PRIMARY KEY)")


def downgrade() -> None:
    op.execute("DROP TABLE test_only_marker")
'''


@pytest.fixture
def one_more_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point lcpdesk at a copy of its migrations with one extra revision after the head, so
    today's store is 'old' and opening it runs a real migration."""
    head = migrate.head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_test_only.py").write_text(
        NEXT_REVISION.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    assert migrate.head_revision() == "9000_test_only"
    return head


def test_a_backup_is_written_before_a_migration(
    data_dir: Path, request: pytest.FixtureRequest
) -> None:
    store = open_store(data_dir)
    with store.write() as conn:
        conn.execute(schema.area.insert().values(name="Leeds"))
    store.close()
    old_head = request.getfixturevalue("one_more_revision")

    store = open_store(data_dir)  # migrates old_head -> 9000_test_only
    try:
        assert migrate.current_revision(store) == "9000_test_only"
    finally:
        store.close()

    backups = sorted((data_dir / "backups").glob("*.sqlite"))
    assert len(backups) == 1, backups
    assert "9000_test_only" in backups[0].name
    copy = sqlite3.connect(str(backups[0]))
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
        assert copy.execute("SELECT name FROM area").fetchall() == [("Leeds",)]
        tables = {n for (n,) in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "test_only_marker" not in tables, "the backup is the state before the migration"
    finally:
        copy.close()

    # opening again needs no migration and makes no second backup
    open_store(data_dir).close()
    assert len(list((data_dir / "backups").glob("*.sqlite"))) == 1


def test_released_fixture_migrating_through_a_new_revision_is_backed_up(
    data_dir: Path, one_more_revision: str
) -> None:
    fixture = FIXTURES / f"schema_{one_more_revision}.sqlite"
    if not fixture.exists():
        pytest.skip(f"no fixture for {one_more_revision} yet")
    store = open_copy(fixture, data_dir)
    try:
        assert migrate.current_revision(store) == "9000_test_only"
    finally:
        store.close()
    (backup,) = (data_dir / "backups").glob("*.sqlite")
    assert raw_rows(backup) == raw_rows(fixture)


FAILING_REVISION = '''"""a test-only revision that fails half way"""

from alembic import op

revision = "9000_test_only"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
    op.execute("UPDATE area SET notes = 'half way'")
    raise RuntimeError("a bug in a migration")
'''


def test_a_failing_migration_changes_nothing(data_dir: Path, one_more_revision: str) -> None:
    versions = migrate.MIGRATIONS_DIR / "versions"
    (versions / "9000_test_only.py").write_text(
        FAILING_REVISION.format(head=one_more_revision), encoding="utf-8"
    )
    # the store is at the real head: make it with the real migrations, then migrate it
    shutil.copyfile(FIXTURES / f"schema_{one_more_revision}.sqlite", data_dir / "lcpdesk.sqlite")
    before = raw_rows(data_dir / "lcpdesk.sqlite")
    with pytest.raises(RuntimeError, match="a bug in a migration"):
        open_store(data_dir)
    assert len(list((data_dir / "backups").glob("*.sqlite"))) == 1, "backed up first"
    after = raw_rows(data_dir / "lcpdesk.sqlite")
    assert after == before, "a migration is all or nothing"


REBUILDING_REVISION = '''"""a test-only revision that rebuilds a table others refer to"""

import sqlalchemy as sa
from alembic import op

revision = "9000_test_only"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    # How SQLite alters a table: copy it to a new one, DROP the old, rename the new.
    with op.batch_alter_table("partnership", recreate="always") as batch:
        batch.add_column(sa.Column("colour", sa.String(20), nullable=True))
'''


def test_a_batch_rebuild_of_a_referenced_table_keeps_every_row(
    data_dir: Path, one_more_revision: str
) -> None:
    (migrate.MIGRATIONS_DIR / "versions" / "9000_test_only.py").write_text(
        REBUILDING_REVISION.format(head=one_more_revision), encoding="utf-8"
    )
    fixture = FIXTURES / f"schema_{one_more_revision}.sqlite"
    before = raw_rows(fixture)
    store = open_copy(fixture, data_dir)
    try:
        assert migrate.current_revision(store) == "9000_test_only"
        with store.read() as conn:  # and foreign keys are back on afterwards
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()
    after = raw_rows(data_dir / "lcpdesk.sqlite")
    for table in ("partnership", "membership", "footprint", "list_size"):
        assert len(after[table]) == len(before[table]), f"rows lost from {table}"


def test_head_constant_is_the_newest_migration() -> None:
    # A store at migrate.HEAD opens without loading Alembic; a new migration must move it.
    from lcpdesk.store import migrate

    assert migrate.head_revision() == migrate.HEAD
