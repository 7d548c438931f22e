"""``lcpdesk goals`` and ``lcpdesk resources``, run as a user runs them (a separate process)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lcpdesk.domain.allocation_periods import financial_year, fy_name


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
    folder = tmp_path_factory.mktemp("cli-plans")
    done = lcpdesk("demo", "--data-dir", folder)
    assert done.returncode == 0, done.stderr
    return folder


def test_goals_csv(demo_dir: Path) -> None:
    done = lcpdesk("goals", "--partnership", "armley", "--data-dir", demo_dir)
    assert done.returncode == 0, done.stderr
    rows = [
        r
        for r in csv.DictReader(io.StringIO(done.stdout))
        if r["From a maturity gap"] == "no"  # the Maturity demo's actions are not ours
    ]
    assert [r["Goal"] for r in rows] == [
        "Co-design a community health and wellbeing hub",
        "Fewer emergency admissions of people living with frailty",
        "Reduce loneliness and social isolation among older people",
    ]
    hub, frailty, local = rows
    assert hub["Progress (%)"] == ""  # no measures: no progress, not 0
    assert hub["Measures"] == "0"
    assert frailty["Priority"] == "City-wide" and frailty["Priority label"] == "Frailty"
    assert frailty["Status"] == "on track" and frailty["RAG"] == "Green"
    assert 0 < float(frailty["Progress (%)"]) <= 100
    assert frailty["Owner"] == "Leeds Community Healthcare NHS Trust"
    assert local["Priority"] == "Local" and local["RAG"] == "Amber"


def test_goals_json(demo_dir: Path) -> None:
    done = lcpdesk(
        "goals",
        "--partnership",
        "Beeston",
        "--area",
        "Leeds",
        "--format",
        "json",
        "--data-dir",
        demo_dir,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["area"], data["partnership"]) == ("Leeds", "Beeston")
    ours = [
        g
        for g in data["goals"]
        if not any(d["from_maturity_gap"] for d in g["maturity_dimensions"])
    ]
    assert len(ours) == 2
    assert data["summary"]["by_rag"]["Red"] == 1 and data["summary"]["by_rag"]["Blue"] == 1
    assert data["summary"]["overdue_milestones"] == 1
    frailty = next(g for g in data["goals"] if g["priority_label"] == "Frailty")
    admissions = frailty["measures"][0]
    assert admissions["readings"] == 20
    assert admissions["baseline"] == 30.0 and admissions["target"] == 25.0
    assert [m["overdue"] for m in frailty["milestones"]].count(True) == 1


def test_resources_csv_and_warnings_on_stderr(demo_dir: Path) -> None:
    year = fy_name(dt.date.today())
    done = lcpdesk(
        "resources",
        "--area",
        "Leeds",
        "--partnership",
        "Seacroft",
        "--period",
        year,
        "--data-dir",
        demo_dir,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["Partnership"] for r in rows} == {"Seacroft"}
    assert {r["Period"] for r in rows} == {year}
    matron = next(r for r in rows if r["Notes"] == "Community matron")
    assert (matron["Kind"], matron["Unit"], matron["Amount"]) == ("Staff", "WTE", "2.00")
    reablement = next(r for r in rows if r["Notes"] == "Reablement")
    assert reablement["Amount"] == "50000.00" and reablement["Status"] == "committed"
    assert "warning: £12,000 from Seacroft Neighbourhood Network" in done.stderr


def test_resources_json_totals_per_kind(demo_dir: Path) -> None:
    period = financial_year(dt.date.today())
    done = lcpdesk(
        "resources",
        "--area",
        "leeds",
        "--period",
        f"{period.start.isoformat()}..{period.end.isoformat()}",
        "--format",
        "json",
        "--data-dir",
        demo_dir,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["period"]["label"] == fy_name(period.start)
    assert data["funding_floor"] == 20000.0
    funding = data["totals"]["by_kind"]["funding"]
    listed = sum(Decimal(str(a["amount"])) for a in data["allocations"] if a["kind"] == "funding")
    assert Decimal(str(funding["total"])) == listed
    assert funding["unit"] == "£"
    assert data["totals"]["by_kind"]["staff_wte"]["total"] == 6.0  # 2 WTE in each of 3 LCPs
    sectors = {row["name"] for row in data["totals"]["by_sector"]}
    assert {"Statutory", "Voluntary and community", "Independent"} <= sectors
    assert {w["kind"] for w in data["warnings"]} == {"goal done", "small funding", "no resources"}


def test_refusals_exit_1_and_bad_usage_exits_2(demo_dir: Path) -> None:
    before = (demo_dir / "lcpdesk.sqlite").read_bytes()
    missing = lcpdesk("goals", "--partnership", "Atlantis", "--data-dir", demo_dir)
    assert missing.returncode == 1
    assert "no partnership called 'Atlantis'" in missing.stderr
    wrong_area = lcpdesk(
        "goals", "--partnership", "Armley", "--area", "LLR", "--data-dir", demo_dir
    )
    assert wrong_area.returncode == 1 and "in LLR" in wrong_area.stderr
    bad_period = lcpdesk("resources", "--area", "Leeds", "--period", "soon", "--data-dir", demo_dir)
    assert bad_period.returncode == 1
    assert "'soon' is not a period" in bad_period.stderr
    assert "2019/20" in bad_period.stderr  # the hint shows what to type
    assert lcpdesk("resources", "--area", "Nowhere", "--data-dir", demo_dir).returncode == 1
    assert lcpdesk("goals", "--data-dir", demo_dir).returncode == 2
    assert lcpdesk("resources", "--data-dir", demo_dir).returncode == 2
    assert lcpdesk("resources", "--area", "Leeds", "--format", "xml").returncode == 2
    assert (demo_dir / "lcpdesk.sqlite").read_bytes() == before
