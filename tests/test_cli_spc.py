"""``lcpdesk spc``: classifications of hand-worked Making Data Count cases, and the chart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

from lcpdesk.charts.save import FORMATS


def lcpdesk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lcpdesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def series(path: Path, values: list[float], header: bool = True) -> Path:
    lines = ["date,value"] if header else []
    for i, v in enumerate(values):
        lines.append(f"{dt.date(2022 + i // 12, i % 12 + 1, 1).isoformat()},{v}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_of_three_near_a_limit_and_the_chart(tmp_path: Path) -> None:
    path = series(tmp_path / "beds.csv", [12, 10] * 8 + [16.5, 12, 16.5])
    chart = tmp_path / "beds.svg"
    done = lcpdesk("spc", path, "--improvement", "up", "--target", "11", "-o", chart)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 19
    flagged = [(r["date"], r["classification"]) for r in rows if r["rules"]]
    assert flagged == [
        ("2023-05-01", "special cause improvement"),
        ("2023-07-01", "special cause improvement"),
    ]
    assert {r["rules"] for r in rows if r["rules"]} == {"two of three near a limit"}
    assert float(rows[0]["upper_limit"]) == round(221 / 19 + 2.66 * 45.5 / 18, 4)
    assert "Variation: special cause improvement" in done.stderr
    assert "Assurance: hit and miss" in done.stderr
    assert chart.is_file() and chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "svg" in FORMATS


def test_a_falling_trend_above_the_mean_is_concern_where_higher_is_better(tmp_path: Path) -> None:
    path = series(tmp_path / "t.csv", [10.0] * 8 + [20, 19, 18, 17, 16, 15, 14] + [10.0] * 5)
    done = lcpdesk("spc", path, "--improvement", "up", "--format", "json")
    assert done.returncode == 0, done.stderr
    points = json.loads(done.stdout)["points"]
    assert {p["classification"] for p in points[8:15]} == {"special cause concern"}
    assert all("trend" in p["rules"] for p in points[8:15])


def test_baseline_and_recalculation_with_trial_limits(tmp_path: Path) -> None:
    before = [20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21, 23]
    after = [12, 13, 12, 14, 13, 12, 13, 14]
    path = series(tmp_path / "falls.csv", before + after, header=False)
    base = lcpdesk("spc", path, "--improvement", "down", "--baseline", "12", "--format", "json")
    data = json.loads(base.stdout)
    assert {p["classification"] for p in data["points"][12:]} == {"special cause improvement"}
    assert data["variation"] == "special cause improvement"
    split = lcpdesk(
        "spc", path, "--improvement", "down", "--recalculate", "2023-01-01", "--format", "json"
    )
    assert split.returncode == 0, split.stderr
    data = json.loads(split.stdout)
    assert [s["from"] for s in data["segments"]] == ["2022-01-01", "2023-01-01"]
    assert data["segments"][1]["mean"] == round(sum(after) / 8, 4)
    assert {p["classification"] for p in data["points"]} == {"common cause"}
    assert data["trial_limits"] is True
    assert "Warning: Trial limits" in split.stderr


def test_a_bad_row_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("date,value\n2024-01-01,3\nnext month,4\n", encoding="utf-8")
    done = lcpdesk("spc", path)
    assert done.returncode == 1
    assert "bad.csv" in done.stderr and "line 3" in done.stderr


def test_goals_exports_say_each_measures_variation_and_assurance(tmp_path: Path) -> None:
    done = lcpdesk("demo", "--data-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    args = ("goals", "--partnership", "Armley", "--data-dir", tmp_path)
    as_json = lcpdesk(*args, "--format", "json")
    goals = json.loads(as_json.stdout)["goals"]
    frailty = next(g for g in goals if g["priority_label"] == "Frailty")
    admissions = next(m for m in frailty["measures"] if m["name"].startswith("Emergency"))
    words = {
        "common cause",
        "special cause improvement",
        "special cause concern",
    }
    assert admissions["variation"] in words
    assert admissions["assurance"] in {
        "target consistently met",
        "target consistently missed",
        "hit and miss",
    }
    as_csv = lcpdesk(*args)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    row = next(r for r in rows if r["Priority label"] == "Frailty")
    assert row["Variation and assurance"].startswith("Emergency admissions, 65+ with frailty: ")
