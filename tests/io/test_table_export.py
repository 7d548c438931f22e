"""A table as shown, written to .xlsx / .csv / tab-separated text: numbers stay numbers in the
format they were shown in, text that looks like a formula stays text."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from lcpdesk.io.table_export import TableGrid, cell_value, tab_separated, write_table


@pytest.mark.parametrize(
    ("text", "value", "fmt"),
    [
        ("12,345", 12345, "#,##0"),
        ("£20,000", 20000, "£#,##0"),
        ("£1,234.50", 1234.5, "£#,##0.00"),
        ("-3.5", -3.5, "0.0"),
        ("45%", 0.45, "0%"),
        ("1 Apr 2026", dt.date(2026, 4, 1), "d mmm yyyy"),
        ("01234", "01234", None),  # a code keeps its zero
        ("B86001", "B86001", None),
        ("—", "—", None),
    ],
)
def test_shown_text_is_read_back_as_the_value_it_stands_for(text, value, fmt):
    assert cell_value(text) == (value, fmt)


GRID = TableGrid(
    "Practices",
    ["Code", "Name", "List size", "Funding", "Member since"],
    [
        ["A10001", "Armley Moor Surgery", "8,100", "£20,000", "1 Apr 2018"],
        ["A10002", '=HYPERLINK("http://x")', "6,600", "", "1 Apr 2018"],
    ],
)


def test_xlsx_keeps_numbers_formats_and_safe_text(tmp_path):
    path = write_table(GRID, tmp_path / "t.xlsx")
    sheet = load_workbook(path).active
    assert sheet.title == "Practices"
    assert [c.value for c in sheet[1]] == GRID.headers
    assert sheet["C2"].value == 8100 and sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].value == 20000 and sheet["D2"].number_format == "£#,##0"
    assert sheet["E2"].value.date() == dt.date(2018, 4, 1)
    assert sheet["E2"].number_format == "d mmm yyyy"
    assert sheet["B3"].data_type == "s" and sheet["B3"].quotePrefix
    assert sheet["A1"].font.bold


def test_csv_and_tab_separated_text(tmp_path):
    path = write_table(GRID, tmp_path / "t.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == GRID.headers and rows[1][2] == "8,100"
    text = tab_separated(GRID)
    assert text.splitlines()[0] == "Code\tName\tList size\tFunding\tMember since"
    assert text.splitlines()[1].split("\t")[3] == "£20,000"
