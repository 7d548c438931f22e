"""How a return workbook looks: colours, drop-downs, limits, names, tables' places, checklist.

Used by :mod:`lcpdesk.io.return_writer` (openpyxl objects are typed ``Any`` here: openpyxl has
no type information).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from lcpdesk.domain.returns import ReturnContent
from lcpdesk.io import templates_vocab as vocab
from lcpdesk.io.return_fields import Records, Row
from lcpdesk.io.safe_text import looks_like_formula
from lcpdesk.io.templates import (
    TEXT_LIMIT,
    FieldSpec,
    SheetSpec,
    TableSpec,
    TemplateDescription,
    builtin_descriptions,
    column_index,
    column_letters,
    split_cell,
)

YELLOW, GREY, RED, GREEN = "FFFF99", "D9D9D9", "FFC7CE", "C6EFCE"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_INLINE_LIST_MAX = 255  # Excel's limit on a drop-down list written into the validation itself


@cache
def default_description() -> TemplateDescription:
    """lcpdesk's own return template, the newest version shipped."""
    ours = [d for d in builtin_descriptions() if d.key == "lcp-quarterly-return"]
    return max(ours, key=lambda d: d.version)


class Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.input = PatternFill("solid", fgColor=YELLOW)
        self.grey = PatternFill("solid", fgColor=GREY)
        self.red = PatternFill("solid", fgColor=RED)
        self.green = PatternFill("solid", fgColor=GREEN)
        self.unlocked = Protection(locked=False)
        self.title = Font(bold=True, size=14)
        self.bold = Font(bold=True)
        self.link = Font(color="0563C1", underline="single")
        self.header = Alignment(wrap_text=True, vertical="bottom")


def number_format(kind: str) -> str:
    return {
        vocab.DATE: "dd/mm/yyyy",
        vocab.WHOLE: "#,##0",
        vocab.MONEY: "£#,##0.00",
        vocab.DECIMAL: "#,##0.00##",
    }.get(kind, "General")


def sheet_heading(sheet: Any, spec: SheetSpec, style: Styles) -> None:
    if spec.role in ("lists", "stamp"):
        sheet.sheet_state = "hidden" if spec.role == "lists" else "veryHidden"
        return
    sheet["A1"] = spec.title or spec.name
    sheet["A1"].font = style.title
    if spec.intro:
        sheet["A2"] = spec.intro
        sheet["A2"].data_type = "s"


def write_lists(book: Any, sheet_name: str, lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each list in a column of the hidden Lists sheet; returns each list's range."""
    sheet = book[sheet_name]
    refs: dict[str, str] = {}
    for number, (name, items) in enumerate(lists.items(), start=1):
        letters = column_letters(number)
        sheet.cell(1, number, name)
        for row, item in enumerate(items, start=2):
            cell = sheet.cell(row, number, item)
            cell.data_type = "s"
            cell.quotePrefix = looks_like_formula(item)
        if items:
            end = len(items) + 1
            refs[name] = f"'{sheet_name}'!${letters}$2:${letters}${end}"
            define(book, f"lists.{name}", sheet_name, f"{letters}2", f"{letters}{end}")
    return refs


def define(book: Any, key: str, sheet: str, first: str, last: str) -> None:
    from openpyxl.utils import absolute_coordinate
    from openpyxl.workbook.defined_name import DefinedName

    area = absolute_coordinate(first)
    if last != first:
        area += ":" + absolute_coordinate(last)
    name = vocab.defined_name(key)
    book.defined_names.add(DefinedName(name, attr_text=f"'{sheet}'!{area}"))


def label_cell(sheet: Any, cell: Any, spec: FieldSpec, style: Styles) -> None:
    if cell.column > 1 and spec.label:
        label = sheet.cell(cell.row, cell.column - 1, spec.label + (" *" if spec.required else ""))
        label.font = style.bold


def paint(sheet: Any, ref: str, style: Styles, *, pre_filled: bool) -> None:
    for row in sheet[ref] if ":" in ref else ((sheet[ref],),):
        for cell in row:
            cell.fill = style.grey if pre_filled else style.input
            cell.border = style.border
            if not pre_filled:
                cell.protection = style.unlocked


def validation(spec: FieldSpec, refs: dict[str, str], lists: dict[str, tuple[str, ...]]) -> Any:
    """The data validation for an input field, or None when it needs none."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kind, extra = spec.type, {}
    if spec.list and spec.type in (vocab.CHOICE, vocab.LEVEL):
        items = lists.get(spec.list, ())
        if not items:
            return None
        inline = ",".join(items)
        simple = len(inline) <= _INLINE_LIST_MAX and not any('"' in i or "," in i for i in items)
        formula = f'"{inline}"' if simple else refs.get(spec.list, "")
        what = "one of the list" if spec.list != vocab.LEVELS else "a level of the framework"
        extra = {"type": "list", "formula1": formula, "error": f"Choose {what}."}
        if spec.list == vocab.PARTNERS:  # a new partner may be typed: warn, do not refuse
            extra["errorStyle"] = "warning"
    elif kind in (vocab.WHOLE, vocab.DECIMAL, vocab.MONEY):
        low = spec.min if spec.min is not None else -1e15
        high = spec.max if spec.max is not None else 1e15
        word = "a whole number" if kind == vocab.WHOLE else "a number"
        extra = {
            "type": "whole" if kind == vocab.WHOLE else "decimal",
            "operator": "between",
            "formula1": str(low),
            "formula2": str(high),
            "error": f"Enter {word} from {low:,} to {high:,}.",
        }
    elif kind == vocab.DATE:
        low_date = spec.min if isinstance(spec.min, dt.date) else dt.date(1900, 3, 1)
        high_date = spec.max if isinstance(spec.max, dt.date) else dt.date(9999, 12, 31)
        extra = {
            "type": "date",
            "operator": "between",
            "formula1": str((low_date - _EXCEL_EPOCH).days),
            "formula2": str((high_date - _EXCEL_EPOCH).days),
            "error": f"Enter a date from {low_date:%d/%m/%Y} to {high_date:%d/%m/%Y}.",
        }
    elif spec.max_length < TEXT_LIMIT:
        extra = {
            "type": "textLength",
            "operator": "lessThanOrEqual",
            "formula1": str(spec.max_length),
            "error": f"Enter at most {spec.max_length:,} characters.",
        }
    else:
        return None
    return DataValidation(
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=spec.label or "Not allowed here",
        showInputMessage=bool(spec.help),
        prompt=spec.help[:255] or None,
        **extra,
    )


# --------------------------------------------------------------------------- tables' places


@dataclass(frozen=True)
class PlacedColumn:
    spec: FieldSpec
    key: str  # the full key, e.g. raters[].level.leadership
    attr: str  # the row's attribute, e.g. level.leadership
    header: str
    index: int  # 1-based column number
    first_row: int

    @property
    def letters(self) -> str:
        return column_letters(self.index)

    def ends(self, size: int) -> tuple[str, str]:
        last = self.first_row + max(size, 1) - 1
        return f"{self.letters}{self.first_row}", f"{self.letters}{last}"

    def range(self, start: int, stop: int) -> str:
        return f"{self.letters}{self.first_row + start}:{self.letters}{self.first_row + stop - 1}"


@dataclass(frozen=True)
class PlacedTable:
    spec: TableSpec
    header_row: int
    columns: tuple[PlacedColumn, ...]
    rows: tuple[Row, ...]  # the filled rows, then the blank ones
    filled: int

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def last_row(self) -> int:
        return self.first_row + max(self.size, 1) - 1


def place_tables(
    desc: TemplateDescription, records: Records, content: ReturnContent
) -> list[PlacedTable]:
    placed: dict[str, PlacedTable] = {}
    for table in desc.tables:
        header = table.header_row
        if table.below and table.below in placed:
            header += placed[table.below].last_row
        first = column_index(table.first_column)
        columns: list[PlacedColumn] = []
        for spec in table.columns:
            info = spec.info
            if info.column == "level.*":
                for d in content.dimensions:
                    key, attr = f"raters[].level.{d.key}", f"level.{d.key}"
                    index = first + len(columns)
                    columns.append(
                        PlacedColumn(spec, key, attr, d.name or d.key, index, header + 1)
                    )
            else:
                index = first + len(columns)
                columns.append(
                    PlacedColumn(spec, spec.key, info.column, spec.label, index, header + 1)
                )
        data = records.tables.get(table.name, [])
        rows = tuple(data) + tuple({} for _ in range(table.blank_rows))
        placed[table.name] = PlacedTable(table, header, tuple(columns), rows, len(data))
    return list(placed.values())


# --------------------------------------------------------------------------- checklist, finish


def _missing_terms(desc: TemplateDescription, placed: list[PlacedTable], sheet: str) -> list[str]:
    terms = [
        f"(LEN('{f.sheet}'!${column_letters(split_cell(f.cell)[1])}${split_cell(f.cell)[0]})=0)"
        for f in desc.fields
        if f.sheet == sheet and f.required
    ]
    for table in placed:
        if table.spec.sheet != sheet or not table.size:
            continue
        row_key = vocab.ROW_KEYS.get(table.spec.name, "")
        marker = next((c for c in table.columns if c.attr == row_key), table.columns[0])
        for column in table.columns:
            if column.spec.required and column is not marker:
                present, given = _area(sheet, table, marker), _area(sheet, table, column)
                terms.append(f"SUMPRODUCT((LEN({present})>0)*(LEN({given})=0))")
    return terms


def _area(sheet: str, table: PlacedTable, column: PlacedColumn) -> str:
    letters, first, last = column.letters, table.first_row, table.last_row
    return f"'{sheet}'!${letters}${first}:${letters}${last}"


def write_checklist(
    sheet: Any, desc: TemplateDescription, placed: list[PlacedTable], style: Styles
) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.hyperlink import Hyperlink

    sheet["B4"], sheet["C4"] = "Section", "Complete?"
    sheet["B4"].font = sheet["C4"].font = style.bold
    row = 5
    for spec in desc.sheets:
        terms = _missing_terms(desc, placed, spec.name)
        if spec.role != "input" or not terms:
            continue
        link = sheet.cell(row, 2, spec.title or spec.name)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{spec.name}'!A1")
        link.font = style.link
        sheet.cell(row, 3, f'=IF({"+".join(terms)}=0,"Yes","No")')
        row += 1
    sections = f"C5:C{row - 1}"
    total = sheet.cell(row + 1, 2, "Return")
    total.font = style.bold
    sheet.cell(
        row + 1,
        3,
        f'=IF(COUNTIF({sections},"Yes")={row - 5},"Complete return","Incomplete return")',
    )
    cf = sheet.conditional_formatting
    for words, fill in (('"No"', style.red), ('"Yes"', style.green)):
        cf.add(sections, CellIsRule(operator="equal", formula=[words], fill=fill))
    for words, fill in (('"Incomplete return"', style.red), ('"Complete return"', style.green)):
        cf.add(f"C{row + 1}", CellIsRule(operator="equal", formula=[words], fill=fill))


def finish_sheet(sheet: Any, spec: SheetSpec, header: str, placed: list[PlacedTable]) -> None:
    if spec.role in ("lists", "stamp"):
        return
    tables = [t for t in placed if t.spec.sheet == spec.name]
    style = Styles()
    sheet.freeze_panes = f"A{tables[0].first_row}" if tables else "A4"
    widths: dict[str, float] = {"A": 4 if tables else 18, "B": 22}
    for table in tables:
        title = sheet.cell(table.header_row - 1, table.columns[0].index, table.spec.title)
        title.font = style.bold
        for column in table.columns:
            cell = sheet.cell(table.header_row, column.index, column.header)
            cell.data_type = "s"
            cell.font = style.bold
            cell.alignment = style.header
            longest = max((len(str(r.get(column.attr) or "")) for r in table.rows), default=0)
            header_width = min(len(column.header) + 2, 24)  # longer headers wrap
            wanted = column.spec.width or min(60.0, max(10.0, header_width, longest + 2))
            widths[column.letters] = max(widths.get(column.letters, 0), wanted)
    if not tables:
        widths["C"] = 40
    for letters, width in widths.items():
        sheet.column_dimensions[letters].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = header.replace("&", "&&")
    sheet.print_title_rows = f"{tables[0].header_row}:{tables[0].header_row}" if tables else None
