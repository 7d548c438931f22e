"""``lcpdesk maturity``, run as a user runs it (a separate process, no Qt)."""

from __future__ import annotations

import csv
import io
import json
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
    folder = tmp_path_factory.mktemp("cli-maturity")
    done = lcpdesk("demo", "--data-dir", folder)
    assert done.returncode == 0, done.stderr
    return folder


def test_csv_partnerships_by_dimensions(demo_dir: Path) -> None:
    done = lcpdesk("maturity", "--area", "Leeds", "--period", "2020/21 Q2", "--data-dir", demo_dir)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0][:4] == ["LCP", "Status", "Leadership", "Culture: Person centred single team"]
    assert rows[0][-1] == "Resource Utilisation"
    assert len(rows[0]) == 2 + 9
    assert [r[0] for r in rows[1:]][:3] == ["Aire Valley", "Armley", "Beeston"]
    assert len(rows) == 1 + 18
    levels = {"Basics in place", "Developing", "Well developed", "Excellent", ""}
    assert all(cell in levels for row in rows[1:] for cell in row[2:])
    in_progress = [r for r in rows[1:] if r[1] == "in progress"]
    assert len(in_progress) == 2
    assert all("" in r[2:] for r in in_progress)  # not yet assessed: blank, never a level


def test_json_and_a_period_typed_loosely(demo_dir: Path) -> None:
    # An unquoted period (two words) and another spelling of it.
    done = lcpdesk(
        "maturity",
        "--area",
        "leeds",
        "--period",
        "19/20",
        "q2",
        "--format",
        "json",
        "--data-dir",
        demo_dir,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["period"] == "2019/20 Q2"
    assert data["standard"] == "Well developed"
    assert len(data["dimensions"]) == 9 and len(data["rows"]) == 18
    first = data["rows"][0]
    assert first["partnership"] == "Aire Valley" and first["status"] == "complete"
    assert set(first["levels"]) == {d["key"] for d in data["dimensions"]}
    assert all(first["ranks"][k] in (1, 2, 3, 4) for k in first["ranks"])


def test_refusals_exit_1_naming_the_problem(demo_dir: Path) -> None:
    before = (demo_dir / "lcpdesk.sqlite").read_bytes()
    none = lcpdesk("maturity", "--area", "Leeds", "--period", "2018/19 Q1", "--data-dir", demo_dir)
    assert none.returncode == 1
    assert "Leeds has no maturity assessments for 2018/19 Q1" in none.stderr
    assert "Periods held: 2020/21 Q2, 2019/20 Q2." in none.stderr
    bad = lcpdesk("maturity", "--area", "Leeds", "--period", "2019 Q9", "--data-dir", demo_dir)
    assert bad.returncode == 1
    assert "'2019 Q9' is not a period" in bad.stderr and "2019/20 Q2" in bad.stderr
    llr = lcpdesk("maturity", "--area", "LLR", "--period", "2019/20 Q2", "--data-dir", demo_dir)
    assert llr.returncode == 1
    assert "No partnership of the area has been assessed yet" in llr.stderr
    nowhere = lcpdesk(
        "maturity", "--area", "Nowhere", "--period", "2019/20 Q2", "--data-dir", demo_dir
    )
    assert nowhere.returncode == 1
    assert "no area called 'Nowhere'" in nowhere.stderr
    assert (demo_dir / "lcpdesk.sqlite").read_bytes() == before


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert lcpdesk("maturity", "--area", "Leeds", "--data-dir", tmp_path).returncode == 2
    assert lcpdesk("maturity", "--period", "2019/20 Q2", "--data-dir", tmp_path).returncode == 2
    wrong = lcpdesk("maturity", "--area", "Leeds", "--period", "2019/20", "--format", "xml")
    assert wrong.returncode == 2
