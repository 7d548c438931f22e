"""Any table the user sees, written out as .xlsx or .csv, or as tab-separated text to paste.

A table arrives as its header and the text of its cells as shown (so the rows are in the order
the user sorted them and only the ones their filter kept). Each cell's text is read back into
a value with the number format it was shown in: ``12,345`` becomes the number 12345 shown
``#,##0``, ``£20,000`` a number shown in pounds, ``45%`` 0.45 shown as a percentage, ``1 Apr
2026`` a date shown ``d mmm yyyy``; anything else stays text, written by the one safe-text rule
(control characters dropped, text that a spreadsheet would take for a formula kept as text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lcpdesk.io.safe_text import clean_text, csv_writer, looks_like_formula
from lcpdesk.io.templates import TEXT_LIMIT

Cell = str | int | float | dt.date

_NUMBER = re.compile(
    r"^(?P<sign>[-−]?)(?P<pound>£?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?$"
)
_PERCENT = re.compile(r"^(?P<num>[-−]?\d+(?:\.(?P<dec>\d+))?)\s?%$")
_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")
DATE_FORMAT = "d mmm yyyy"


@dataclass(frozen=True)
class TableGrid:
    """A table as shown: its title (the sheet's name), header and rows of cell text."""

    title: str
    headers: list[str]
    rows: list[list[str]]


def cell_value(text: str) -> tuple[Cell, str | None]:
    """The value a shown cell stands for, with the number format it was shown in (or None)."""
    stripped = text.strip()
    match = _NUMBER.match(stripped)
    if match:
        dec = match["dec"] or ""
        sign = -1 if match["sign"] else 1
        raw = match["digits"].replace(",", "")
        if len(raw) > 1 and raw.startswith("0") and not match["pound"]:
            return text, None  # a code such as 01234 keeps its leading zero
        value: int | float = sign * (float(f"{raw}.{dec}") if dec else int(raw))
        places = f".{'0' * len(dec)}" if dec else ""
        grouped = "," in match["digits"] or bool(match["pound"])
        body = f"#,##0{places}" if grouped else f"0{places}"
        return value, (f"£{body}" if match["pound"] else body)
    match = _PERCENT.match(stripped)
    if match:
        dec = match["dec"] or ""
        number = float(match["num"].replace("−", "-")) / 100
        return number, f"0{'.' + '0' * len(dec) if dec else ''}%"
    if _DATE.match(stripped):
        try:
            return dt.datetime.strptime(stripped, "%d %b %Y").date(), DATE_FORMAT
        except ValueError:
            pass
    return text, None


def tab_separated(grid: TableGrid) -> str:
    """The header and rows as tab-separated lines (what a spreadsheet pastes as cells)."""

    def line(cells: Sequence[str]) -> str:
        return "\t".join(" ".join(c.split()) if c else "" for c in cells)

    return "\n".join([line(grid.headers), *(line(r) for r in grid.rows)]) + "\n"


def write_table(grid: TableGrid, path: Path) -> Path:
    """Write ``grid`` to ``path``: .csv as UTF-8 with a byte-order mark (Excel reads £ right),
    anything else as .xlsx."""
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv_writer(f)
            writer.writerow(grid.headers)
            for row in grid.rows:
                writer.writerow(row)
        return path
    _write_xlsx(grid, path)
    return path


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", clean_text(title)).strip() or "Table"
    return cleaned[:31]


def _write_xlsx(grid: TableGrid, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(grid.title)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="005EB8")  # NHS blue
    widths = [len(h) for h in grid.headers]
    for col, header in enumerate(grid.headers, start=1):
        cell = sheet.cell(row=1, column=col)
        _put_text(cell, header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r, row in enumerate(grid.rows, start=2):
        for c, text in enumerate(row, start=1):
            if not text:
                continue
            cell = sheet.cell(row=r, column=c)
            value, number_format = cell_value(text)
            if isinstance(value, str):
                _put_text(cell, value)
            else:
                cell.value = value
                cell.number_format = number_format or "General"
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], min(len(text), 60))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    if grid.headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(grid.headers))}{len(grid.rows) + 1}"
    book.save(path)


def _put_text(cell: object, text: str) -> None:
    """The one safe-text rule (io/safe_text): clean, within Excel's limit, never a formula."""
    safe = clean_text(text)[:TEXT_LIMIT]
    cell.value = safe  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]
    if looks_like_formula(safe):
        cell.quotePrefix = True  # type: ignore[attr-defined]
