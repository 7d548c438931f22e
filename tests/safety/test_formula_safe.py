"""Every CSV and workbook lcpdesk writes makes formula-like text safe (OWASP CSV injection):
names beginning with =, +, -, @, a tab or a carriage return never reach a spreadsheet as a
formula, and numbers stay numbers."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from lcpdesk.io.safe_text import csv_cell, looks_like_formula
from tests.safety.damage import copy_demo, run

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+44 113", "'+44 113"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("＝1", "'＝1"),
        ("Armley", "Armley"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("", ""),
    ],
)
def test_the_one_rule(text: str, safe: str) -> None:
    assert csv_cell(text) == safe
    assert looks_like_formula(text) == (safe != text)


def test_numbers_stay_numbers() -> None:
    assert csv_cell(-5) == -5
    assert csv_cell(2.5) == 2.5


@pytest.fixture
def hostile_store(tmp_path: Path, demo_database: Path) -> Path:
    data = tmp_path / "data"
    db_file = copy_demo(demo_database, data)
    conn = sqlite3.connect(str(db_file))
    with conn:
        conn.execute("UPDATE partnership SET name = ? WHERE name = 'Aire Valley'", (HOSTILE,))
        conn.execute("UPDATE partnership SET name = '@Armley' WHERE name = 'Armley'")
        conn.execute("UPDATE goal SET title = '+' || title")
        conn.execute("UPDATE partner SET name = '-' || name")
    conn.close()
    return data


COMMANDS = {
    "table": ("table", "--area", "Leeds"),
    "maturity": ("maturity", "--area", "Leeds", "--period", "2019/20", "Q2"),
    "goals": ("goals", "--partnership", "@Armley"),
    "resources": ("resources", "--area", "Leeds"),
}


@pytest.mark.parametrize("writer", sorted(COMMANDS))
def test_every_csv_writer(
    writer: str, hostile_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run(capsys, *COMMANDS[writer], "--data-dir", hostile_store)
    assert done.code == 0, done.err
    rows = list(csv.reader(io.StringIO(done.out)))
    cells = [cell for row in rows for cell in row]
    hostile = [c for c in cells if c.startswith("'") and looks_like_formula(c[1:])]
    assert hostile, f"{writer}: the hostile names were expected in its output"
    assert not [c for c in cells if looks_like_formula(c)], f"{writer} wrote a formula"
    if writer == "table":
        assert rows[1] == ["'" + HOSTILE, "31860", "43368"], "numbers stay numbers"


def test_the_return_workbook(hostile_store: Path, tmp_path: Path) -> None:
    import openpyxl

    from lcpdesk.services.goals import GoalsService
    from lcpdesk.services.returns import ReturnsService
    from lcpdesk.store.db import open_store

    store = open_store(hostile_store)
    try:
        _area, unit = GoalsService(store).find_partnership("@Armley", "Leeds")
        target = tmp_path / "return.xlsx"
        ReturnsService(store).export(unit.id, "2024/25 Q1", target, filled=True)
    finally:
        store.close()
    book = openpyxl.load_workbook(target)
    risky = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        # the template's own checklist formulas are formulas on purpose; ours are names
        if isinstance(cell.value, str)
        and looks_like_formula(cell.value)
        and (cell.value == HOSTILE or not cell.value.startswith("="))
    ]
    assert risky, "the hostile names were expected in the return"
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_table(suffix: str, tmp_path: Path) -> None:
    """File ▸ Export table… and a table's context menu write through io/table_export."""
    import openpyxl

    from lcpdesk.io.table_export import TableGrid, write_table

    grid = TableGrid("Partnerships", ["Partnership", "Membership"], [[HOSTILE, "31,860"]])
    target = write_table(grid, tmp_path / f"table{suffix}")
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        assert rows[1] == ["'" + HOSTILE, "31,860"]
        return
    cell, number = openpyxl.load_workbook(target).active["A2":"B2"][0]
    assert cell.value == HOSTILE and cell.data_type == "s" and cell.quotePrefix
    assert number.value == 31860  # numbers stay numbers
