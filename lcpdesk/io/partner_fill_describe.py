"""Describing a partner's workbook without writing TOML by hand, and recognising it again.

- :func:`sheet_grid`: a sheet's values (bounded to its used range) for the Describe dialog;
- :func:`propose`: the type and limits a cell's own data validation and number format suggest;
- :func:`description_text`: the chosen cells and table headers as a description (the same TOML
  format as the shipped ones, checked by loading it back);
- :func:`fits`: whether a workbook is the one a description was made for, by its fingerprint —
  the sheets it names, the label beside each cell (to its left or above it) and the tables'
  header texts — so a partner's filled copy is read without asking which template it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lcpdesk.errors import InputError
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.partner_fill_xml import MAIN_NS, PartnerBook, cell_area, row_col

__all__ = ["Choice", "Proposal", "row_col"]
from lcpdesk.io.return_values import as_text
from lcpdesk.io.templates import TemplateDescription, column_letters, parse_description
from lcpdesk.io.workbooks import read_sheet
from lcpdesk.io.workbooks import sheet_names as workbook_sheet_names

GRID_LIMIT = (2000, 200)  # rows and columns shown: a return's input area is far smaller
_EPOCH = dt.date(1899, 12, 30)
Limit = Decimal | dt.date | None


def sheet_grid(path: Path, sheet: str) -> list[list[Any]]:
    """The sheet's values from A1, at most :data:`GRID_LIMIT` rows and columns."""
    rows, cols = GRID_LIMIT
    return [list(row[:cols]) for row in read_sheet(path, sheet, limit=rows).rows]


def sheet_names(path: Path) -> list[str]:
    return workbook_sheet_names(path)


@dataclass(frozen=True)
class Proposal:
    """What the workbook itself says of a cell: a type and limits (None where it says nothing)."""

    type: str | None = None
    min: Decimal | dt.date | None = None
    max: Decimal | dt.date | None = None
    choices: tuple[str, ...] = ()


def propose(path: Path, sheet: str, cell: str) -> Proposal:
    """The type and limits a cell's data validation (or else its number format) suggests."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return Proposal()
    book = PartnerBook(path)
    try:
        part = book.sheets.get(sheet)
        if part is None:
            return Proposal()
        root = book.parse(part.part)
        found = _from_validation(root, cell)
        if found is not None:
            return found
        return _from_format(book, root, cell)
    finally:
        book.close()


def _from_validation(root: Any, cell: str) -> Proposal | None:
    row, col = row_col(cell)
    for rule in root.iter(f"{{{MAIN_NS}}}dataValidation"):
        areas = rule.get("sqref", "").split()
        if not any(_inside(row, col, a) for a in areas):
            continue
        kind = rule.get("type", "")
        first = rule.findtext(f"{{{MAIN_NS}}}formula1") or ""
        second = rule.findtext(f"{{{MAIN_NS}}}formula2") or ""
        operator = rule.get("operator", "between")
        if kind == "list":
            items = first.strip('"').split(",") if first.startswith('"') else []
            return Proposal(vocab.CHOICE, choices=tuple(i.strip() for i in items if i.strip()))
        if kind in ("whole", "decimal"):
            low, high = _number(first), _number(second)
            if operator in ("greaterThanOrEqual", "greaterThan"):
                high = None
            if operator in ("lessThanOrEqual", "lessThan"):
                low, high = None, low
            return Proposal(vocab.WHOLE if kind == "whole" else vocab.DECIMAL, low, high)
        if kind == "date":
            low_n, high_n = _number(first), _number(second)
            start = _EPOCH + dt.timedelta(days=int(low_n)) if low_n is not None else None
            end = _EPOCH + dt.timedelta(days=int(high_n)) if high_n is not None else None
            if operator in ("greaterThanOrEqual", "greaterThan"):
                end = None
            return Proposal(vocab.DATE, start, end)
        if kind == "textLength":
            return Proposal(vocab.TEXT)
    return None


def _inside(row: int, col: int, area: str) -> bool:
    try:
        (r1, c1), (r2, c2) = cell_area(area)
    except InputError:
        return False
    return r1 <= row <= r2 and c1 <= col <= c2


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text) if re.fullmatch(r"-?\d+(\.\d+)?", text.strip()) else None
    except ArithmeticError:
        return None


def _from_format(book: PartnerBook, root: Any, cell: str) -> Proposal:
    from lcpdesk.io.partner_fill_parts import StylesPart

    found = next((c for c in root.iter(f"{{{MAIN_NS}}}c") if c.get("r") == cell), None)
    style = found.get("s") if found is not None else None
    if style is None or "xl/styles.xml" not in book.names:
        return Proposal()
    styles = StylesPart(book.read("xl/styles.xml").decode("utf-8"))
    if styles.is_date(style):
        return Proposal(vocab.DATE)
    index = int(style) if style.isdigit() and int(style) < len(styles.xfs) else 0
    fmt = re.search(r'numFmtId="(\d+)"', styles.xfs[index]) if styles.xfs else None
    number = int(fmt[1]) if fmt else 0
    code = styles.formats.get(number, "")
    if "£" in code or number in (5, 6, 7, 8):
        return Proposal(vocab.MONEY)
    if number in (1, 3) or (code and "0" in code and "." not in code):
        return Proposal(vocab.WHOLE)
    if number in (2, 4) or (code and "0.0" in code):
        return Proposal(vocab.DECIMAL)
    return Proposal()


@dataclass(frozen=True)
class Choice:
    """A cell given a field: a single cell, or (for a table column) the column's header cell."""

    key: str
    sheet: str
    cell: str
    label: str = ""  # the words beside the cell, or the column's header text
    type: str | None = None
    min: Decimal | dt.date | None = None
    max: Decimal | dt.date | None = None


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m[0]):04x}", text)
    return f'"{text}"'


def description_text(
    key: str, version: int, name: str, sheets: list[str], choices: list[Choice]
) -> str:
    """The description as TOML; raises :class:`DescriptionError` listing what is wrong."""
    lines = [f"key = {_toml(key)}", f"version = {version}", f"name = {_toml(name)}", ""]
    used = {c.sheet for c in choices}
    for sheet in [s for s in sheets if s in used]:
        lines += ["[[sheet]]", f"name = {_toml(sheet)}", ""]
    tables: dict[str, list[Choice]] = {}
    for choice in choices:
        info = vocab.parse_key(choice.key)
        if info is not None and info.table:
            tables.setdefault(info.table, []).append(choice)
            continue
        lines += ["[[field]]", f"key = {_toml(choice.key)}", f"sheet = {_toml(choice.sheet)}"]
        lines += [f"cell = {_toml(choice.cell)}"]
        lines += _settings(choice, "label")
    for table, columns in tables.items():
        first = min(columns, key=lambda c: row_col(c.cell))
        row, col = row_col(first.cell)
        lines += ["[[table]]", f"name = {_toml(table)}", f"sheet = {_toml(first.sheet)}"]
        lines += [f"header_row = {row}", f"first_column = {_toml(column_letters(col))}", ""]
        for column in columns:
            lines += ["[[table.column]]", f"key = {_toml(column.key)}"]
            lines += _settings(column, "header")
    text = "\n".join(lines) + "\n"
    parse_description(text, f"{key}-v{version}.toml")  # every problem, before it is saved
    return text


def _settings(choice: Choice, label_name: str) -> list[str]:
    lines = [f"{label_name} = {_toml(choice.label)}"] if choice.label else []
    if choice.type:
        lines.append(f"type = {_toml(choice.type)}")
    for name in ("min", "max"):
        value = getattr(choice, name)
        if value is not None:
            lines.append(f"{name} = {_toml(value)}")
    return [*lines, ""]


def label_near(grid: list[list[Any]], cell: str) -> str:
    """The words beside a cell: the nearest text to its left in its row, else the text above."""
    row, col = row_col(cell)
    line = grid[row - 1] if row <= len(grid) else []
    for index in range(min(col - 1, len(line)) - 1, -1, -1):
        text = line[index]
        if isinstance(text, str) and text.strip():
            return text.strip()
    above = grid[row - 2] if 2 <= row <= len(grid) + 1 else []
    if col <= len(above) and isinstance(above[col - 1], str):
        return str(above[col - 1]).strip()
    return ""


def _norm(value: object) -> str:
    return " ".join(as_text(value).split()).casefold() if isinstance(value, str) else ""


def fits(desc: TemplateDescription, path: Path) -> bool:
    """True when the workbook has the description's sheets, the label beside every labelled
    cell and every table's headers: its fingerprint. A description with no label or header
    has no fingerprint and fits nothing."""
    labelled = [f for f in desc.fields if f.label]
    if not labelled and not desc.tables:
        return False
    try:
        wanted = {f.sheet for f in desc.fields} | {t.sheet for t in desc.tables}
        if not wanted <= set(sheet_names(path)):
            return False
        grids = {s: sheet_grid(path, s) for s in wanted}
    except InputError:
        return False
    except Exception:  # a sheet that cannot be read is not the partner's workbook
        return False
    for spec in labelled:
        if _norm(label_near(grids[spec.sheet], spec.cell)) != _norm(spec.label):
            return False
    for table in desc.tables:
        heads = {_norm(c.label) for c in table.columns if c.label}
        if not any(heads <= {_norm(v) for v in row} for row in grids[table.sheet]):
            return False
    return True


def shown_text(value: object) -> str:
    """A header cell's text ("" for an empty or non-text cell)."""
    return value.strip() if isinstance(value, str) else ""
