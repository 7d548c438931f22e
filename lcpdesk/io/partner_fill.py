"""Filling a partner's own workbook with a return, through its template description.

Which cells get which values is worked out here: single fields at their cells, tables under
their header rows (found by their header texts, as reading finds them); the cells are written by
:mod:`lcpdesk.io.partner_fill_xml`, which changes nothing else in the workbook. A table that
already holds rows lcpdesk would not overwrite, a table with more rows than fit above the next
one, or a missing header row are refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lcpdesk.domain.returns import ReturnContent
from lcpdesk.errors import InputError, Location
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.partner_fill_xml import CellValue, PartnerBook, fill
from lcpdesk.io.return_fields import Value, to_records
from lcpdesk.io.return_values import as_text, is_blank
from lcpdesk.io.safe_text import clean_text
from lcpdesk.io.templates import TEXT_LIMIT, FieldSpec, TableSpec, TemplateDescription
from lcpdesk.io.templates import column_letters as letters
from lcpdesk.io.workbooks import read_sheet

_NOT_WRITTEN = {"template.key", "template.version"}  # a partner's workbook carries no stamp


def fill_partner_workbook(
    content: ReturnContent, description: TemplateDescription, source: Path, target: Path
) -> list[str]:
    """Write ``content`` into a copy of the partner's workbook ``source`` at ``target``; the
    notes say what was written and what could not be (text cut at Excel's limit...)."""
    PartnerBook(source).close()  # refuses a file that cannot be filled before reading it
    plan = plan_cells(content, description, source)
    notes = plan.notes + fill(source, target, plan.writes)
    return notes


class CellPlan:
    def __init__(self) -> None:
        self.writes: dict[str, dict[str, CellValue]] = {}
        self.notes: list[str] = []

    def put(self, sheet: str, cell: str, value: Value, spec: FieldSpec) -> None:
        if value is None or value == "":
            return
        if isinstance(value, str):
            listed = vocab.FIXED_LISTS.get(spec.list or "")
            value = clean_text(listed.label_of(value) if listed else value)
            if len(value) > TEXT_LIMIT:
                value = value[:TEXT_LIMIT]
                self.notes.append(f"{sheet}!{cell}: the text was cut to {TEXT_LIMIT:,} characters")
        self.writes.setdefault(sheet, {})[cell] = value


def plan_cells(content: ReturnContent, description: TemplateDescription, source: Path) -> CellPlan:
    """Each sheet's cells and the values to write in them."""
    records = to_records(content)
    plan = CellPlan()
    for spec in description.fields:
        if spec.key not in _NOT_WRITTEN:
            plan.put(spec.sheet, spec.cell, records.singles.get(spec.key), spec)
    if description.tables:
        grids = _Grids(source)
        for table in description.tables:
            _plan_table(plan, table, description, records.tables.get(table.name, []), grids)
    return plan


class _Grids:
    """The sheets' values, read once each (through :mod:`lcpdesk.io.workbooks`, the one way
    in to a workbook, which guards against hostile files)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.grids: dict[str, list[list[Any]]] = {}
        self.headers: dict[str, int] = {}  # table name -> header row found

    def grid(self, sheet: str) -> list[list[Any]]:
        if sheet not in self.grids:
            self.grids[sheet] = read_sheet(self.path, sheet).rows
        return self.grids[sheet]


def _norm(value: object) -> str:
    return " ".join(as_text(value).split()).casefold() if isinstance(value, str) else ""


def _find_header(
    grid: list[list[Any]], table: TableSpec, start: int
) -> tuple[int, dict[int, FieldSpec]]:
    """The table's header row (its ``header_row`` first, else the first from ``start``) and
    its columns; (0, {}) when no row has all its headers."""
    wanted = {_norm(c.label): c for c in table.columns if c.label and c.info.column != "level.*"}
    order = [table.header_row] if not table.below else []
    order += [n for n in range(start, len(grid) + 1) if n not in order]
    for number in order:
        if number > len(grid) or not wanted:
            continue
        cells = {i + 1: _norm(v) for i, v in enumerate(grid[number - 1])}
        found = {i: wanted[h] for i, h in cells.items() if h in wanted}
        if len(found) == len(wanted):
            return number, found
    return 0, {}


def _plan_table(
    plan: CellPlan,
    table: TableSpec,
    desc: TemplateDescription,
    rows: list[dict[str, Value]],
    grids: _Grids,
) -> None:
    grid = grids.grid(table.sheet)
    start = grids.headers[table.below] + 1 if table.below in grids.headers else 1
    header, columns = _find_header(grid, table, start)
    where = Location(file=str(grids.path), sheet=table.sheet)
    if not header:
        heads = ", ".join(f'"{c.label}"' for c in table.columns if c.label)
        raise InputError(
            f"the {table.name} table cannot be found: no row of '{table.sheet}' has its headers "
            f"({heads})",
            where=where,
            hint="Check that the description is for this workbook.",
        )
    grids.headers[table.name] = header
    below = [t for t in desc.tables if t.sheet == table.sheet and t.below == table.name]
    later = [_find_header(grid, t, header + 1)[0] for t in below]
    later = [n - (1 if t.title else 0) for n, t in zip(later, below, strict=True) if n]
    end = min(later, default=0)
    last = header + len(rows)
    if end and last >= end - 1:
        raise InputError(
            f"the {table.name} table has {len(rows)} rows, more than fit above the next table "
            f"on '{table.sheet}' (row {end})",
            where=where,
            hint="Add rows to the partner's workbook between the two tables and fill it again.",
        )
    for number in range(last + 1, (end or len(grid) + 1)):
        raw = grid[number - 1] if number <= len(grid) else []
        if any(c <= len(raw) and not is_blank(raw[c - 1]) for c in columns):
            raise InputError(
                f"the {table.name} table already holds rows (row {number}) that filling would "
                "leave beside lcpdesk's",
                where=Location(file=str(grids.path), sheet=table.sheet, line=number),
                hint="Fill a blank copy of the partner's workbook.",
            )
    for index, row in enumerate(rows):
        for column, spec in columns.items():
            value = row.get(spec.info.column)
            plan.put(table.sheet, f"{letters(column)}{header + 1 + index}", value, spec)
    skipped = [c.key for c in table.columns if c.info.column == "level.*"]
    if skipped:
        plan.notes.append(f"{table.name}: the per-dimension columns ({skipped[0]}) are not filled")


def fill_targets(writes: Mapping[str, Mapping[str, CellValue]]) -> list[str]:
    """``Sheet!B2`` for every cell a plan writes, in order (for previews and tests)."""
    return [f"{sheet}!{cell}" for sheet, cells in writes.items() for cell in cells]
