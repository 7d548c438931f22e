"""Hostile text in an imported file: numbers beyond a sane limit, `1e3`, lines and headers of
megabytes. Each is refused at once, naming its line (and column), and no message or log line
quotes more than a few hundred characters of it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.safety.damage import run

LIST_SIZES = Path(__file__).resolve().parent.parent / "data" / "nhsd" / "gp-reg-pat-prac-all.csv"


def with_count(tmp_path: Path, value: str) -> Path:
    lines = LIST_SIZES.read_text().splitlines()
    first_gp = next(i for i, line in enumerate(lines) if ",GP," in line)
    cells = lines[first_gp].split(",")
    cells[-1] = value
    lines[first_gp] = ",".join(cells)
    target = tmp_path / "gp-reg-pat-prac-all.csv"
    target.write_text("\n".join(lines) + "\n")
    return target


@pytest.mark.parametrize(
    "value", ["9223372036854775807", "99999999999999999999999", "1e3", "-1", "12.5"]
)
def test_counts_beyond_sense_are_refused_with_row_and_column(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_count(tmp_path, value)
    done = run(capsys, "import", path, "--dry-run", "--data-dir", tmp_path / "data")
    assert done.code == 1, done.out
    assert f"line 7, column 'NUMBER_OF_PATIENTS': '{value}' is not a number" in done.err
    assert "Traceback" not in done.err


def test_a_count_in_digits_is_still_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_count(tmp_path, "1000")
    done = run(capsys, "import", path, "--dry-run", "--data-dir", tmp_path / "data")
    assert done.code == 0, done.err


def _log_text(data: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in (data / "logs").glob("*.log*"))


def test_a_huge_line_is_refused_at_once_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = LIST_SIZES.read_text().splitlines()
    lines.insert(
        8, "GP_PRAC_PAT_LIST,2024-06-01,GP,15F,E38000225,B86001,LS1,ALL,ALL," + "9" * 30_000_000
    )
    path = tmp_path / "gp-reg-pat-prac-all.csv"
    path.write_text("\n".join(lines) + "\n")
    data = tmp_path / "data"
    started = time.perf_counter()
    done = run(capsys, "import", path, "--dry-run", "--data-dir", data)
    assert time.perf_counter() - started < 10
    assert done.code == 1
    assert "line 9 is longer than 1 MB" in done.err
    assert len(done.err) < 1000
    assert len(_log_text(data)) < 5000, "the log quotes no more than a little of the line"


def test_a_huge_header_is_refused_naming_it_not_called_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"COLUMN{i}" for i in range(2_000_000)) + "\n1,2\n")
    done = run(capsys, "import", path, "--dry-run", "--data-dir", tmp_path / "data")
    assert done.code == 1
    assert "line 1 is longer than 1 MB" in done.err
    assert "empty" not in done.err


def test_a_long_header_is_quoted_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"COLUMN{i}" for i in range(50_000)) + "\n1,2\n")
    done = run(capsys, "import", path, "--dry-run", "--data-dir", tmp_path / "data")
    assert done.code == 1
    assert "Traceback" not in done.err
    assert len(done.err) < 2000, done.err[:300]


def test_cells_beyond_the_header_are_refused_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = LIST_SIZES.read_text().splitlines()
    lines[7] += ",x" * 10
    path = tmp_path / "gp-reg-pat-prac-all.csv"
    path.write_text("\n".join(lines) + "\n")
    done = run(capsys, "import", path, "--dry-run", "--data-dir", tmp_path / "data")
    assert done.code == 1
    assert "line 8: 20 cells, more than the 10 of the header row" in done.err
