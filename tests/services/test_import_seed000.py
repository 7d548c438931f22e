"""From files to seed 000: import practice, LSOA and definitions files, get the 18 rows exactly."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.nhsd_files import dump_area
from helpers.seeds import SEED_000

from lcpdesk.services.demo import load_demo
from lcpdesk.store.db import open_store


def lcpdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lcpdesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def leeds_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    store = open_store(tmp_path_factory.mktemp("source"))
    load_demo(store)
    files = dump_area(store, "Leeds", tmp_path_factory.mktemp("files"))
    store.close()
    return files


def test_import_reproduces_seed_000_and_is_idempotent(
    leeds_files: list[Path], tmp_path: Path
) -> None:
    done = lcpdesk("import", *leeds_files, "--area", "Leeds", "--data-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Create the area Leeds." in done.stdout
    table = lcpdesk("table", "--area", "Leeds", "--data-dir", tmp_path)
    rows = list(csv.reader(io.StringIO(table.stdout)))
    got = {r[0]: (int(r[1]), int(r[2])) for r in rows[1:-1]}
    assert got == SEED_000
    assert rows[-1] == ["Total", "861287", "861287"]

    before = (tmp_path / "lcpdesk.sqlite").read_bytes()
    again = lcpdesk("import", *leeds_files, "--area", "Leeds", "--data-dir", tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Nothing to change" in again.stdout
    assert (tmp_path / "lcpdesk.sqlite").read_bytes() == before


def test_dry_run_writes_nothing(leeds_files: list[Path], tmp_path: Path) -> None:
    done = lcpdesk("import", *leeds_files, "--area", "Leeds", "--dry-run", "--data-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Create the area Leeds." in done.stdout
    assert "Dry run: nothing was written." in done.stdout
    table = lcpdesk("table", "--area", "Leeds", "--data-dir", tmp_path)
    assert table.returncode == 1
    assert "no area called 'Leeds'" in table.stderr
