"""One writer: a second copy of lcpdesk on the same store says so; a lock left by a killed
process is recovered; a store in a synced or network folder is warned about."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lcpdesk.errors import StoreError
from lcpdesk.store.db import open_store
from lcpdesk.store.writer import synced_folder, synced_warning
from tests.safety.damage import run


def test_a_second_writer_is_told_who_holds_the_store(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = open_store(data_dir, writer=True)
    try:
        with pytest.raises(StoreError) as refused:
            open_store(data_dir, writer=True)
        assert "Another copy of lcpdesk is writing" in refused.value.message
        assert f"process {os.getpid()}" in refused.value.message
        done = run(capsys, "demo", "--data-dir", data_dir)
        assert done.code == 1 and "Another copy of lcpdesk is writing" in done.err
        reader = run(capsys, "check", "--data-dir", data_dir)
        assert reader.code == 0, "reading needs no lock"
    finally:
        first.close()
    again = open_store(data_dir, writer=True)  # released on close
    again.close()


def test_a_lock_left_by_a_killed_process_is_recovered(data_dir: Path, python: str) -> None:
    holder = subprocess.Popen(
        [
            python,
            "-c",
            "import sys, time; from pathlib import Path; from lcpdesk.store.db import open_store; "
            "s = open_store(Path(sys.argv[1]), writer=True); print('held', flush=True); "
            "time.sleep(60)",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError):
            open_store(data_dir, writer=True)
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
        if holder.stdout is not None:
            holder.stdout.close()
    assert (data_dir / "lcpdesk.sqlite.lock").exists(), "the killed process left its lock file"
    recovered = open_store(data_dir, writer=True)
    recovered.close()


@pytest.mark.parametrize(
    ("folder", "synced"),
    [
        ("/home/ann/OneDrive - NHS/lcpdesk", True),
        ("/Users/ann/Dropbox/data", True),
        ("//server/share/lcpdesk", True),
        ("/home/ann/.local/share/lcpdesk", False),
    ],
)
def test_synced_folders_are_warned_about(folder: str, synced: bool) -> None:
    db_file = Path(folder) / "lcpdesk.sqlite"
    assert bool(synced_folder(db_file)) == synced
    if synced:
        assert "Keep it in a local folder" in synced_warning(db_file)


def test_the_cli_warns_when_writing_into_a_synced_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OneDrive", str(tmp_path / "od"))
    data = tmp_path / "od" / "lcpdesk"
    done = run(capsys, "demo", "--data-dir", data)
    assert done.code == 0, done.err
    assert "warning: " in done.err and "OneDrive" in done.err


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX signals")
