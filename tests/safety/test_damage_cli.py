"""Every kind of damage is reported by the CLI (exit 1, a message, no traceback), `lcpdesk
check` says what is wrong, and restore brings back the newest good backup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.safety.damage import DAMAGE, LEEDS_FIRST, LEEDS_TOTAL, copy_demo, run, store_file


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_reported_not_shown(
    kind: str, tmp_path: Path, demo_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    DAMAGE[kind](db_file)
    before = db_file.read_bytes()
    table = run(capsys, "table", "--area", "Leeds", "--data-dir", data)
    assert table.code == 1, table.out
    assert table.out == ""
    assert "damaged" in table.err
    assert "Traceback" not in table.err
    check = run(capsys, "check", "--data-dir", data)
    assert check.code == 1
    assert "damaged" in check.err
    assert db_file.read_bytes() == before, "a damaged file is never changed or replaced"


def test_check_passes_a_sound_store(
    tmp_path: Path, demo_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    copy_demo(demo_database, data)
    check = run(capsys, "check", "--data-dir", data)
    assert check.code == 0, check.err
    assert "is sound" in check.out and "registration blocks checked" in check.out


def test_a_damaged_block_names_the_practice(
    tmp_path: Path, demo_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.safety.damage import block_offset, damage_block_byte

    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    code, _ = block_offset(db_file)
    damage_block_byte(db_file)
    check = run(capsys, "check", "--data-dir", data)
    assert f"practice {code} at 2018-10-01" in check.err
    assert "checksum does not match" in check.err


def test_restore_brings_back_the_newest_good_backup(
    tmp_path: Path, demo_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    first = run(capsys, "backup", "--data-dir", data)
    assert first.code == 0, first.err
    assert "Backed up to" in first.out and "checked" in first.out
    (backup,) = sorted((data / "backups").glob("lcpdesk-*.sqlite"))
    DAMAGE["a packed block's byte"](db_file)
    assert run(capsys, "table", "--area", "Leeds", "--data-dir", data).code == 1
    # a damaged store cannot be backed up (its backup would fail the check)
    refused = run(capsys, "backup", "--data-dir", data)
    assert refused.code == 1 and "damaged" in refused.err
    assert sorted((data / "backups").glob("lcpdesk-*.sqlite")) == [backup]
    restored = run(capsys, "restore", backup, "--data-dir", data)
    assert restored.code == 0, restored.err
    kept = sorted(data.glob("lcpdesk-damaged-*.sqlite"))
    assert len(kept) == 1, "the damaged file is kept beside the store"
    table = run(capsys, "table", "--area", "Leeds", "--data-dir", data)
    assert table.code == 0, table.err
    assert LEEDS_FIRST in table.out and LEEDS_TOTAL in table.out


def test_restore_refuses_a_damaged_or_foreign_file(
    tmp_path: Path, demo_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    before = db_file.read_bytes()
    bad = tmp_path / "bad.sqlite"
    copy_demo(demo_database, tmp_path / "bad")
    os.replace(tmp_path / "bad" / "lcpdesk.sqlite", bad)
    DAMAGE["a packed block's byte"](bad)
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("meeting notes\n" * 100)
    for candidate in (bad, foreign, tmp_path / "missing.sqlite"):
        refused = run(capsys, "restore", candidate, "--data-dir", data)
        assert refused.code == 1, candidate
        assert "Traceback" not in refused.err
    assert db_file.read_bytes() == before
    assert store_file(data).exists()


def test_a_lost_write_ahead_log_leaves_the_store_as_before_its_last_write(
    tmp_path: Path, demo_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log of a write not yet copied into the file is lost (a crash, a copy of the file
    alone): the store is as it was before that write, sound, with the figures of then."""
    import shutil
    import sqlite3

    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    before = run(capsys, "table", "--area", "Leeds", "--data-dir", data).out
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE registration_block SET total = total + 1")  # would break checksums
    lost = tmp_path / "copy"
    lost.mkdir()
    shutil.copyfile(db_file, store_file(lost))  # the file alone: its log is not copied
    conn.close()
    assert not (lost / "lcpdesk.sqlite-wal").exists()
    table = run(capsys, "table", "--area", "Leeds", "--data-dir", lost)
    assert table.code == 0, table.err
    assert table.out == before
    assert LEEDS_TOTAL in table.out
    assert run(capsys, "check", "--data-dir", lost).code == 0
