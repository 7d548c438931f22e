"""Reading a return workbook (python-calamine: .xlsx, .xlsm, .xls, .ods; macros never run).

The template is recognised by its stamp sheet (template key and version); a partner's workbook
without one is read with the description given for it. A stamp naming a version lcpdesk does
not know is refused, saying which versions it knows. Every field is checked and ALL problems are
collected, each with its sheet and cell (``Maturity!D7: "Developping" is not a level ...``).
Checks that need the store (a goal that is not the partnership's, a return for another
partnership or period) are the service's: :attr:`ReturnRead.locations` tells it where each
line and field was (``goals[2]`` -> its row, ``goals[2].status`` -> its cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lcpdesk.domain.returns import ReturnContent, ReturnProblem, TemplateId
from lcpdesk.errors import InputError, Location
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.return_fields import Records, Row, from_records
from lcpdesk.io.return_values import BadValue, as_text, is_blank, read_value
from lcpdesk.io.templates import (
    FieldSpec,
    TableSpec,
    TemplateDescription,
    builtin_descriptions,
    column_letters,
    split_cell,
)
from lcpdesk.io.workbooks import WorkbookGrids, read_workbook_grids

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# A cell saying only "Total", "Totals:", "Grand total", "Sub-total" (not "Total hip replacements").
_TOTALS = re.compile(r"(grand\s+|sub-?\s*)?totals?\s*:?", re.IGNORECASE)
# What makes two rows of a table the same line.
_IDENTITY = {
    "membership": ("code",),
    "maturity": ("dimension",),
    "raters": ("name",),
    "goals": ("ref",),
    "readings": ("goal_ref", "measure", "date"),
    "milestones": ("goal_ref", "title"),
    "resources": ("ref",),
}


class Places(Mapping[str, Location]):
    """Where each field and line was: ``goals[2]`` -> its row, ``goals[2].status`` -> its cell.
    Kept as (sheet, row, column) and made into a Location when asked (reading stays fast)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.cells: dict[str, tuple[str, int, int]] = {}

    def __getitem__(self, key: str) -> Location:
        sheet, row, col = self.cells[key]
        cell = f"{column_letters(col)}{row}" if col else None
        return Location(file=self.file, sheet=sheet, line=row, cell=cell)

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)


@dataclass
class ReturnRead:
    """What a workbook holds: the content (None when the template was not recognised), every
    problem, the description it was read with, and where each line and field was."""

    content: ReturnContent | None
    problems: list[ReturnProblem]
    description: TemplateDescription | None = None
    locations: Mapping[str, Location] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.problems


def read_return(
    path: Path | str,
    *,
    levels: Sequence[str] | None = None,
    description: TemplateDescription | None = None,
) -> ReturnRead:
    """Read and check a return. ``levels``: the framework's level names, lowest first (when not
    given, the levels written in the workbook's Lists sheet are used)."""
    path = Path(path)
    return _Reader(path, read_workbook_grids(path)).read(levels, description)


class _Reader:
    def __init__(self, path: Path, book: WorkbookGrids) -> None:
        self.path = path
        self.names: list[str] = list(book.names)
        self.grids: dict[str, list[list[Any]]] = book.grids
        self.problems: list[ReturnProblem] = []
        self.locations = Places(str(path))
        self.levels: Sequence[str] = ()
        self.desc_tables: list[TableSpec] = []

    def grid(self, sheet: str) -> list[list[Any]]:
        return self.grids[sheet]

    def cell(self, sheet: str, row: int, column: int) -> Any:
        grid = self.grid(sheet)
        if row > len(grid) or column > len(grid[row - 1]):
            return None
        return grid[row - 1][column - 1]

    def problem(self, message: str, sheet: str, row: int | None = None, col: int = 0) -> None:
        cell = f"{column_letters(col)}{row}" if row and col else None
        where = Location(file=str(self.path), sheet=sheet, line=row, cell=cell)
        self.problems.append(ReturnProblem(message, where))

    # ------------------------------------------------------------------- recognising

    def recognise(self, given: TemplateDescription | None) -> TemplateDescription | None:
        known = [given] if given else list(builtin_descriptions())
        stamped = [d for d in known if d.stamp and d.stamp in self.names]
        for desc in stamped:
            key_spec, version_spec = desc.field("template.key"), desc.field("template.version")
            if key_spec is None or version_spec is None:
                continue
            key = as_text(self.cell(desc.stamp, *split_cell(key_spec.cell)) or "")
            version = as_text(self.cell(desc.stamp, *split_cell(version_spec.cell)) or "")
            same_key = [d for d in known if d.key == key]
            match = next((d for d in same_key if str(d.version) == version), None)
            if match is not None:
                return match
            if same_key or key:
                versions = ", ".join(f"v{d.version}" for d in same_key) or "none"
                raise InputError(
                    f"the return was made from template '{key}' version {version or '?'}, "
                    f"which this lcpdesk does not know (it knows {versions} of '{key}')"
                    if same_key
                    else f"the return was made from template '{key}', which lcpdesk does not know",
                    where=Location(file=str(self.path)),
                    hint="Ask for the return on a current template, or update lcpdesk. Known "
                    "templates: " + ", ".join(str(d) for d in builtin_descriptions()) + ".",
                )
        if given is not None and not given.stamp:
            return given
        raise InputError(
            "this workbook is not a return lcpdesk knows: it has no template stamp",
            where=Location(file=str(self.path)),
            hint="Read a partner's own workbook with its template description (--template).",
        )

    # ------------------------------------------------------------------- reading

    def read(self, levels: Sequence[str] | None, given: TemplateDescription | None) -> ReturnRead:
        desc = self.recognise(given)
        assert desc is not None
        wanted = {f.sheet for f in desc.fields} | {t.sheet for t in desc.tables}
        missing = [s.name for s in desc.sheets if s.name in wanted and s.name not in self.names]
        for name in missing:
            self.problem(f"the sheet '{name}' is missing", name)
        self.levels = levels if levels is not None else self.listed_levels(desc)
        records = Records()
        for spec in desc.fields:
            if spec.sheet in missing or spec.sheet == desc.stamp:
                continue
            value = self.single(spec)
            if value is not None:
                records.singles[spec.key] = value
        self.desc_tables = list(desc.tables)
        headers = self.find_headers(desc, missing)
        for table in desc.tables:
            if table.name in headers:
                records.tables[table.name] = self.table(table, headers, records)
        self.no_doubles(records)
        template = TemplateId(desc.key, desc.version)
        if desc.stamp:
            for key in ("framework.key", "framework.version"):
                stamped = desc.field(key)
                if stamped is not None:
                    records.singles[key] = self.single(stamped)
        return ReturnRead(from_records(records, template), self.problems, desc, self.locations)

    def listed_levels(self, desc: TemplateDescription) -> tuple[str, ...]:
        lists = next((s.name for s in desc.sheets if s.role == "lists"), None)
        if lists is None or lists not in self.names:
            return ()
        grid = self.grid(lists)
        if not grid or vocab.LEVELS not in grid[0]:
            return ()
        column = grid[0].index(vocab.LEVELS)
        return tuple(as_text(r[column]) for r in grid[1:] if len(r) > column and r[column])

    def single(self, spec: FieldSpec) -> Any:
        row, col = split_cell(spec.cell)
        raw = self.cell(spec.sheet, row, col)
        self.locations.cells[spec.key] = (spec.sheet, row, col)
        return self.value(raw, spec, spec.sheet, row, col)

    def value(self, raw: Any, spec: FieldSpec, sheet: str, row: int, col: int) -> Any:
        if is_blank(raw):
            if spec.required and spec.sheet != "":
                name = spec.label or spec.key
                self.problem(f"{name} is required", sheet, row, col)
            return None
        try:
            return read_value(raw, spec, self.levels)
        except BadValue as exc:
            self.problem(str(exc), sheet, row, col)
            return None

    # ------------------------------------------------------------------- tables

    def find_headers(
        self, desc: TemplateDescription, missing: list[str]
    ) -> dict[str, tuple[int, dict[int, str]]]:
        """Each table's header row and its columns (number -> header text, normalised)."""
        found: dict[str, tuple[int, dict[int, str]]] = {}
        for table in desc.tables:
            if table.sheet in missing:
                continue
            grid = self.grid(table.sheet)
            start = found[table.below][0] + 1 if table.below in found else 1
            expected = [_norm(c.label) for c in table.columns if c.label]
            needed = [
                _norm(c.label)
                for c in table.columns
                if c.info.column in vocab.TABLE_NEEDS.get(table.name, ()) and c.label
            ]
            rows = [table.header_row] if not table.below else []
            rows += [n for n in range(start, len(grid) + 1) if n not in rows]
            for number in rows:
                if number > len(grid):
                    continue
                cells = {
                    i + 1: _norm(v)
                    for i, v in enumerate(grid[number - 1])
                    if isinstance(v, str) and 0 < len(v) < 200
                }
                if all(h in cells.values() for h in needed) and (needed or expected):
                    found[table.name] = (number, cells)
                    break
            else:
                headers = ", ".join(f'"{c.label}"' for c in table.columns if c.label)
                self.problem(
                    f"the {table.name} table is missing: no row has its headers ({headers})",
                    table.sheet,
                )
        return found

    def table(
        self,
        table: TableSpec,
        headers: dict[str, tuple[int, dict[int, str]]],
        records: Records,
    ) -> list[Row]:
        header_row, cells = headers[table.name]
        grid = self.grid(table.sheet)
        columns = self.columns(table, cells, records)
        after = [
            headers[t.name][0] - (2 if t.title else 1)
            for t in self.desc_tables
            if t.sheet == table.sheet and t.name in headers and headers[t.name][0] > header_row
        ]
        end = min(after, default=len(grid))
        rows: list[Row] = []
        for number in range(header_row + 1, end + 1):
            raw = grid[number - 1] if number <= len(grid) else []
            values = {c: raw[c - 1] if c <= len(raw) else None for c in columns}
            if all(is_blank(v) for v in values.values()):
                continue
            if any(isinstance(v, str) and _TOTALS.fullmatch(v.strip()) for v in values.values()):
                self.problem(
                    "a totals row: remove it (lcpdesk adds up the lines itself)",
                    table.sheet,
                    number,
                    min(columns),
                )
                continue
            rows.append(self.row(table, columns, values, number, len(rows)))
        return rows

    def columns(
        self, table: TableSpec, cells: dict[int, str], records: Records
    ) -> dict[int, tuple[str, FieldSpec]]:
        found: dict[int, tuple[str, FieldSpec]] = {}
        by_header = {h: n for n, h in cells.items() if h}
        wildcard: FieldSpec | None = None
        for spec in table.columns:
            if spec.info.column == "level.*":
                wildcard = spec
            elif _norm(spec.label) in by_header:
                found[by_header[_norm(spec.label)]] = (spec.info.column, spec)
        if wildcard is not None:
            dims: dict[str, str] = {}
            for row in records.tables.get("maturity", []):
                key = str(row.get("dimension") or "")
                dims[_norm(str(row.get("name") or key))] = key
                dims[_norm(key)] = key
            for number, header in cells.items():
                if number not in found and header in dims:
                    found[number] = (f"level.{dims[header]}", wildcard)
        return found

    def row(
        self,
        table: TableSpec,
        columns: dict[int, tuple[str, FieldSpec]],
        values: dict[int, Any],
        number: int,
        index: int,
    ) -> Row:
        row: Row = {}
        prefix = f"{table.name}[{index}]"
        cells = self.locations.cells
        cells[prefix] = (table.sheet, number, 0)
        measure_row = table.name == "readings" and all(
            is_blank(values[c]) for c, (a, _s) in columns.items() if a in ("date", "value")
        )
        for col, (attr, spec) in columns.items():
            cells[f"{prefix}.{attr}"] = (table.sheet, number, col)
            if measure_row and attr in ("date", "value"):
                row[attr] = None
                continue
            row[attr] = self.value(values[col], spec, table.sheet, number, col)
        return row

    def no_doubles(self, records: Records) -> None:
        for name, rows in records.tables.items():
            seen: dict[tuple[object, ...], int] = {}
            for index, row in enumerate(rows):
                ident = tuple(row.get(a) for a in _IDENTITY.get(name, ()))
                if not ident or any(v in (None, "") for v in ident):
                    continue
                if name == "readings" and row.get("date") is None:
                    continue
                if ident in seen:
                    attr = _IDENTITY[name][0]
                    where = self.locations.get(f"{name}[{index}].{attr}", Location())
                    first = self.locations.get(f"{name}[{seen[ident]}]", Location())
                    shown = ", ".join(str(v) for v in ident)
                    message = f"{shown} is given twice (rows {first.line} and {where.line})"
                    self.problems.append(ReturnProblem(message, where))
                else:
                    seen[ident] = index
        dims = {str(r.get("dimension")) for r in records.tables.get("maturity", [])}
        for key in records.singles:
            if (
                key.startswith("maturity.")
                and key.removeprefix("maturity.").rsplit(".", 1)[0] in dims
            ):
                where = self.locations.get(key, Location())
                self.problems.append(
                    ReturnProblem(f"{key} is given twice: in a cell and in the table", where)
                )


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
