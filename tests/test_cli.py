"""The command line, run as a user runs it (a separate process, no Qt)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def lcpdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lcpdesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    done = lcpdesk("demo", "--data-dir", folder)
    assert done.returncode == 0, done.stderr
    assert "Loaded the demo data" in done.stdout
    return folder


def test_table_csv_prints_seed_000(demo_dir: Path) -> None:
    done = lcpdesk("table", "--area", "Leeds", "--format", "csv", "--data-dir", demo_dir)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["LCP", "Membership", "Footprint"]
    assert len(rows) == 1 + 18 + 1
    assert rows[1] == ["Aire Valley", "31860", "43368"]
    assert rows[6] == ["Chapelton", "47554", "9958"]
    assert rows[-1] == ["Total", "861287", "861287"]


def test_table_json_and_extract_month(demo_dir: Path) -> None:
    done = lcpdesk("table", "--area", "leeds", "--format", "json", "--data-dir", demo_dir)
    data = json.loads(done.stdout)
    assert data["extract_date"] == "2018-10-01"
    assert data["total"] == {"membership": 861287, "footprint": 861287}
    assert len(data["rows"]) == 18
    earlier = lcpdesk(
        "table",
        "--area",
        "Leeds",
        "--extract",
        "2018-04",
        "--format",
        "json",
        "--data-dir",
        demo_dir,
    )
    data = json.loads(earlier.stdout)
    assert data["extract_date"] == "2018-04-01"
    assert data["total"]["footprint"] is None  # no practice-by-LSOA data for April
    assert 800_000 < data["total"]["membership"] < 861_287


def test_refusals_exit_1_with_a_message(demo_dir: Path) -> None:
    before = (demo_dir / "lcpdesk.sqlite").read_bytes()
    missing = lcpdesk("table", "--area", "Nowhere", "--data-dir", demo_dir)
    assert missing.returncode == 1
    assert "no area called 'Nowhere'" in missing.stderr
    assert "Leeds" in missing.stderr
    month = lcpdesk("table", "--area", "Leeds", "--extract", "2030-01", "--data-dir", demo_dir)
    assert month.returncode == 1
    assert "2018-10" in month.stderr
    again = lcpdesk("demo", "--data-dir", demo_dir)
    assert again.returncode == 1
    assert "already loaded" in again.stderr
    assert (demo_dir / "lcpdesk.sqlite").read_bytes() == before


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert lcpdesk("table", "--data-dir", tmp_path).returncode == 2
    assert lcpdesk("table", "--area", "Leeds", "--format", "xml").returncode == 2
    assert lcpdesk("no-such-command").returncode == 2


def test_version() -> None:
    done = lcpdesk("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("lcpdesk 0.")


def test_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    assert lcpdesk("demo", "--data-dir", tmp_path).returncode == 0
    import sqlite3

    con = sqlite3.connect(tmp_path / "lcpdesk.sqlite")
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    done = lcpdesk("table", "--area", "Leeds", "--data-dir", tmp_path)
    assert done.returncode == 1
    assert "newer version of lcpdesk" in done.stderr


def test_import_that_ends_most_memberships_needs_yes(demo_dir: Path, tmp_path: Path) -> None:
    """A two-practice membership file for the demo's Leeds: refused without --yes."""
    data = tmp_path / "data"
    shutil.copytree(demo_dir, data)
    two = tmp_path / "two.csv"
    two.write_text(
        "Practice code,Practice name,LCP\nB86001,One,Aire Valley\nB86002,Two,Aire Valley\n",
        encoding="utf-8",
    )
    args = ["import", two, "--area", "Leeds", "--data-dir", data]
    done = lcpdesk(*args)
    assert done.returncode == 1
    assert "This ends" in done.stderr and "--yes" in done.stderr
    dry = lcpdesk(*args, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "(import with --yes to confirm)" in dry.stdout
    assert "(s)" not in dry.stdout
    done = lcpdesk(*args, "--yes")
    assert done.returncode == 0, done.stderr
    assert "Warning: This ends" in done.stdout
    after = lcpdesk("table", "--area", "Leeds", "--format", "json", "--data-dir", data)
    assert len(json.loads(after.stdout)["rows"]) == 18


NHSD = Path(__file__).parent / "data" / "nhsd"


def test_epraccur_names_a_practice_so_a_second_import_changes_nothing(tmp_path: Path) -> None:
    """The practice map and epraccur name B86002 differently: ODS's name stands, in either
    order, and importing the same files again reports nothing to change."""
    files = [NHSD / n for n in ("membership.csv", "epraccur.csv", "gp-reg-pat-prac-map.csv")]
    first = lcpdesk("import", *files, "--area", "Leeds", "--data-dir", tmp_path)
    assert first.returncode == 0, first.stderr
    again = lcpdesk("import", *files, "--area", "Leeds", "--data-dir", tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Nothing to change: the store already holds all of this." in again.stdout
    assert "(0 changed)" in again.stdout and "(1 changed)" not in again.stdout
    # The map alone, later, does not rename what ODS named.
    alone = lcpdesk("import", NHSD / "gp-reg-pat-prac-map.csv", "--data-dir", tmp_path)
    assert "(0 changed)" in alone.stdout, alone.stdout
