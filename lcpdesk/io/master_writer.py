"""Writing the programme office's master workbook (openpyxl): sheets of plain rows, each a real
Excel table built for filtering and pivoting, with a styled header, frozen panes, widths that
fit, and number formats (thousands separators, £, dates). Text is always text
(:mod:`lcpdesk.io.safe_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lcpdesk.io.safe_text import put_text

TEXT, WHOLE, DECIMAL, MONEY, DATE = "text", "whole", "decimal", "money", "date"
FORMATS = {WHOLE: "#,##0", DECIMAL: "#,##0.00", MONEY: '"£"#,##0.00', DATE: "dd/mm/yyyy"}
_HEADER_FILL = "005EB8"  # NHS blue
_MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    freeze_columns: int = 1  # the partnership (first) column stays in view


def write_workbook(sheets: Sequence[Sheet], target: Path) -> None:
    """Write the sheets, one table each, to ``target`` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        widths = [len(c.header) + 4 for c in spec.columns]
        for col, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(1, col)
            put_text(cell, column.header)
            cell.font, cell.fill = bold, fill
        rows = spec.rows or [tuple(None for _ in spec.columns)]  # a table needs one row
        for r, row in enumerate(rows, start=2):
            for col, (column, value) in enumerate(zip(spec.columns, row, strict=True), start=1):
                shown = _put(sheet.cell(r, col), column, value)
                widths[col - 1] = max(widths[col - 1], min(_MAX_WIDTH, shown + 2))
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        last = f"{get_column_letter(len(spec.columns))}{len(rows) + 1}"
        table = Table(displayName=_table_name(spec.name), ref=f"A1:{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(table)
        sheet.freeze_panes = sheet.cell(2, spec.freeze_columns + 1)
    book.save(target)


def _put(cell: Any, column: Column, value: Any) -> int:
    """Write one value; how wide it shows (in characters)."""
    if value is None or value == "":
        return 0
    if column.kind == TEXT or isinstance(value, str):
        put_text(cell, str(value))
        return max((len(line) for line in str(value).splitlines()), default=0)
    if isinstance(value, dt.datetime):
        value = value.replace(microsecond=0)
    cell.value = int(value) if isinstance(value, Decimal) and column.kind == WHOLE else value
    cell.number_format = FORMATS.get(column.kind, "General")
    if column.kind == DATE and isinstance(value, dt.datetime):
        cell.number_format = "dd/mm/yyyy hh:mm"
    return 12 if column.kind == DATE else len(f"{value:,}") + 2


def _table_name(sheet: str) -> str:
    name = re.sub(r"\W", "_", sheet)
    return name if name[:1].isalpha() else f"T_{name}"
