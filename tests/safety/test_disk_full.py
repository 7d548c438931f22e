"""A full disk (the file-size limit of the process, RLIMIT_FSIZE): `lcpdesk demo` into an empty
folder says the disk is full, prints no traceback, and leaves no empty or half-made store."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


def demo_with_limit(
    data: Path, limit: int, python: str, repo_root: Path
) -> subprocess.CompletedProcess[str]:
    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [python, "-m", "lcpdesk", "demo", "--data-dir", str(data)],
        preexec_fn=full_disk,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=repo_root,
        check=False,
    )


@pytest.mark.parametrize("limit", [0, 50_000, 600_000])
def test_demo_on_a_full_disk(limit: int, tmp_path: Path, python: str, repo_root: Path) -> None:
    data = tmp_path / "data"
    done = demo_with_limit(data, limit, python, repo_root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Logging error" not in done.stderr
    assert "the disk is full" in done.stderr
    store = data / "lcpdesk.sqlite"
    assert not list(data.glob("crash-reports/*"))
    if store.exists():  # made before the disk filled: a sound, empty store
        assert store.stat().st_size > 0
        conn = sqlite3.connect(store)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT count(*) FROM area").fetchone() == (0,)
        finally:
            conn.close()
