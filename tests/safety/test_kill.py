"""Killing an import at random moments (fixed seed) keeps the store sound and the import all
or nothing: afterwards the store holds exactly the blocks of before, or of after."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.safety.damage import copy_demo

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

NHSD = Path(__file__).resolve().parent.parent / "data" / "nhsd"
FILES = [NHSD / "gp-reg-pat-prac-lsoa-all.csv", NHSD / "gp-reg-pat-prac-all.csv"]
FAST_KILLS = 10
SLOW_KILLS = 100


def blocks(db_file: Path) -> frozenset[tuple[str, str, int]]:
    conn = sqlite3.connect(str(db_file))
    try:
        return frozenset(
            conn.execute("SELECT extract_date, practice_code, checksum FROM registration_block")
        )
    finally:
        conn.close()


def import_cmd(python: str, data: Path) -> list[str]:
    return [python, "-m", "lcpdesk", "import", *map(str, FILES), "--data-dir", str(data)]


@pytest.fixture(scope="module")
def states(
    demo_database: Path, tmp_path_factory: pytest.TempPathFactory, python: str, repo_root: Path
) -> tuple[frozenset[tuple[str, str, int]], frozenset[tuple[str, str, int]], float]:
    """The blocks before and after the import, and how long the import takes."""
    data = tmp_path_factory.mktemp("whole")
    copy_demo(demo_database, data)
    before = blocks(data / "lcpdesk.sqlite")
    started = time.perf_counter()
    done = subprocess.run(
        import_cmd(python, data), capture_output=True, text=True, cwd=repo_root, check=False
    )
    took = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    after = blocks(data / "lcpdesk.sqlite")
    assert before != after
    return before, after, took


@dataclass
class Killer:
    demo_database: Path
    python: str
    repo_root: Path
    before: frozenset[tuple[str, str, int]]
    after: frozenset[tuple[str, str, int]]
    took: float


@pytest.fixture(scope="module")
def killer(demo_database: Path, python: str, repo_root: Path, states: tuple[Any, ...]) -> Killer:
    return Killer(demo_database, python, repo_root, *states)


def kill_once(seed: int, tmp_path: Path, k: Killer) -> str:
    before, after, took = k.before, k.after, k.took
    data = tmp_path / f"kill{seed}"
    copy_demo(k.demo_database, data)
    delay = random.Random(seed).uniform(0.2, took * 1.1)
    proc = subprocess.Popen(
        import_cmd(k.python, data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=k.repo_root,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    check = subprocess.run(
        [k.python, "-m", "lcpdesk", "check", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        cwd=k.repo_root,
        check=False,
    )
    assert check.returncode == 0, f"seed {seed} (killed after {delay:.2f} s): {check.stderr}"
    now = blocks(data / "lcpdesk.sqlite")
    assert now in (before, after), f"seed {seed}: a partial import ({delay:.2f} s)"
    return "after" if now == after else "before"


@pytest.mark.parametrize("seed", range(FAST_KILLS))
def test_kill_an_import_fast(seed: int, tmp_path: Path, killer: Killer) -> None:
    kill_once(seed, tmp_path, killer)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(FAST_KILLS, FAST_KILLS + SLOW_KILLS))
def test_kill_an_import_slow(seed: int, tmp_path: Path, killer: Killer) -> None:
    kill_once(seed, tmp_path, killer)
