"""Template descriptions: which sheet, cell or table column of a return workbook holds which field.

A description is a TOML file (``resources/templates/*.toml``; the format and the field vocabulary
are documented, with a worked example, in ``resources/templates/README.md``). lcpdesk writes its
own returns from a description and reads any workbook a description fits, so a partner's own
workbook is read by writing a description for it, not code.

:func:`load_description` checks a file and raises :class:`DescriptionError` listing every
problem, each naming the file and the field key (or the sheet or table) it is about.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lcpdesk import paths
from lcpdesk.errors import InputError, Location
from lcpdesk.io import templates_vocab as vocab

SHEET_ROLES = ("input", "checklist", "lists", "stamp")
_TOP = {"key", "version", "name", "description", "stamp", "sheet", "field", "table"}
_SHEET = {"name", "title", "intro", "role"}
_FIELD = {
    "key",
    "sheet",
    "cell",
    "label",
    "header",
    "type",
    "required",
    "prefilled",
    "help",
    "min",
    "max",
    "max_length",
    "decimals",
    "list",
    "width",
}
_TABLE = {
    "name",
    "sheet",
    "header_row",
    "below",
    "first_column",
    "blank_rows",
    "title",
    "column",
}
_CELL = re.compile(r"([A-Z]{1,3})([1-9]\d{0,6})")
_COLUMN_LETTERS = re.compile(r"[A-Z]{1,3}")
_TEMPLATE_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
TEXT_LIMIT = 32_767  # Excel's limit on the characters in one cell

Limit = Decimal | dt.date | None


@dataclass(frozen=True)
class FieldSpec:
    """One field: a single cell (``cell`` set) or a table column (found by ``header``)."""

    key: str
    type: str
    sheet: str
    cell: str = ""
    label: str = ""  # the words beside a cell or a column's header text
    required: bool = False
    prefilled: bool = False  # lcpdesk fills it in (grey); otherwise an input (yellow)
    help: str = ""
    min: Limit = None
    max: Limit = None
    max_length: int = TEXT_LIMIT
    list: str | None = None  # the closed list a choice or level draws on
    width: float | None = None
    decimals: int | None = None  # the most decimal places a number may have (money: 2)

    @property
    def info(self) -> vocab.KeyInfo:
        found = vocab.parse_key(self.key)
        assert found is not None  # checked on loading
        return found


@dataclass(frozen=True)
class TableSpec:
    name: str  # which records: membership, maturity, raters, goals, readings, ...
    sheet: str
    header_row: int
    columns: tuple[FieldSpec, ...]
    first_column: str = "A"
    blank_rows: int = 0  # empty input rows lcpdesk adds for new records
    title: str = ""  # written in the row above the header
    below: str = ""  # another table on the sheet: this one starts header_row rows under its end


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str = ""
    intro: str = ""
    role: str = "input"


@dataclass(frozen=True)
class TemplateDescription:
    key: str
    version: int
    name: str
    sheets: tuple[SheetSpec, ...]
    fields: tuple[FieldSpec, ...]  # single cells, in file order
    tables: tuple[TableSpec, ...]
    description: str = ""
    stamp: str = ""  # the sheet holding template.key and template.version ("" = none)
    source: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.key} v{self.version})"

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def table(self, name: str) -> TableSpec | None:
        return next((t for t in self.tables if t.name == name), None)

    def sheet(self, name: str) -> SheetSpec | None:
        return next((s for s in self.sheets if s.name == name), None)


class DescriptionError(InputError):
    """A template description that lcpdesk cannot use; ``problems`` lists all that is wrong."""

    def __init__(self, file: str, problems: list[str]) -> None:
        name = Path(file).name if file else "the description"
        self.problems = [f"{name}: {problem}" for problem in problems]
        super().__init__(problems[0], where=Location(file=file), hint="\n".join(self.problems[1:]))


def builtin_files() -> list[Path]:
    folder = paths.resource("templates")
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


@cache
def builtin_descriptions() -> tuple[TemplateDescription, ...]:
    """The templates lcpdesk ships, checked."""
    return tuple(load_description(path) for path in builtin_files())


def load_description(path: Path | str) -> TemplateDescription:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DescriptionError(str(path), [f"the description cannot be read ({exc})"]) from None
    return parse_description(text, str(path))


def parse_description(text: str, file: str = "") -> TemplateDescription:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DescriptionError(file, [f"the file is not valid TOML: {exc}"]) from None
    return _Checker(file).description(data)


def column_index(letters: str) -> int:
    """``A`` -> 1, ``AB`` -> 28."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_cell(cell: str) -> tuple[int, int]:
    """``C7`` -> (row 7, column 3)."""
    found = _CELL.fullmatch(cell)
    assert found is not None
    return int(found[2]), column_index(found[1])


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[str] = []

    def say(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def unknown(self, where: str, data: dict[str, Any], allowed: set[str]) -> None:
        for name in sorted(set(data) - allowed):
            self.say(where, f"'{name}' is not a setting lcpdesk knows here")

    def description(self, data: dict[str, Any]) -> TemplateDescription:
        self.unknown("the description", data, _TOP)
        key = str(data.get("key", ""))
        if not _TEMPLATE_KEY.fullmatch(key):
            self.say("key", f"'{key}' is not a template key (lower-case letters, digits, '-')")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.say("version", "the version must be a whole number, 1 or more")
            version = 0
        sheets = tuple(self.sheet(i, s) for i, s in enumerate(self.items(data, "sheet")))
        names = [s.name for s in sheets]
        for name in {n for n in names if names.count(n) > 1}:
            self.say(f"sheet '{name}'", "the sheet is listed twice")
        fields = tuple(self.field(f, names) for f in self.items(data, "field"))
        tables = tuple(self.table(t, names) for t in self.items(data, "table"))
        stamp = str(data.get("stamp", ""))
        if stamp and stamp not in names:
            self.say("stamp", f"the stamp sheet '{stamp}' is not one of the sheets")
        self.no_twice(fields, tables)
        if not self.problems and not (fields or tables):
            self.say("the description", "it describes no field")
        if self.problems:
            raise DescriptionError(self.file, self.problems)
        return TemplateDescription(
            key,
            version,
            str(data.get("name", key)),
            sheets,
            fields,
            tables,
            str(data.get("description", "")),
            stamp,
            self.file,
        )

    def items(self, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.say(name, f"write each {name} as a [[{name}]] block")
            return []
        return value

    def sheet(self, number: int, data: dict[str, Any]) -> SheetSpec:
        name = str(data.get("name", "")).strip()
        where = f"sheet '{name}'" if name else f"sheet number {number + 1}"
        self.unknown(where, data, _SHEET)
        if not name or len(name) > 31 or any(c in name for c in "[]:*?/\\"):
            self.say(where, "a sheet needs a name of 1 to 31 characters, without []:*?/\\")
        role = str(data.get("role", "input"))
        if role not in SHEET_ROLES:
            self.say(where, f"the role must be one of {', '.join(SHEET_ROLES)}")
        return SheetSpec(name, str(data.get("title", "")), str(data.get("intro", "")), role)

    def field(
        self, data: dict[str, Any], sheets: list[str], table: str = "", sheet: str = ""
    ) -> FieldSpec:
        key = str(data.get("key", ""))
        where = f"field '{key}'"
        self.unknown(where, data, _FIELD)
        info = vocab.parse_key(key)
        if info is None:
            self.say(where, "lcpdesk does not know this key (see the vocabulary in the README)")
        elif bool(info.table) != bool(table):
            self.say(
                where,
                "a table column must be given in its [[table.column]] block"
                if info.table
                else "a single field cannot be a table column",
            )
        elif table and info.table != table:
            self.say(where, f"this column belongs to table '{info.table}', not '{table}'")
        sheet = sheet or str(data.get("sheet", ""))
        if sheet not in sheets:
            self.say(where, f"the sheet '{sheet}' is not one of the sheets")
        cell = str(data.get("cell", ""))
        if not table and not _CELL.fullmatch(cell):
            self.say(where, f"'{cell}' is not a cell such as C7")
        natural = info.attr if info else vocab.Attr(vocab.TEXT)
        kind = str(data.get("type", natural.type))
        if kind not in vocab.TYPES:
            self.say(where, f"'{kind}' is not a type ({', '.join(vocab.TYPES)})")
        elif kind not in vocab.COMPATIBLE.get(natural.type, {natural.type}):
            self.say(where, f"a {natural.type} field cannot be read as {kind}")
        listed = data.get("list", natural.list)
        if listed is not None and listed not in vocab.LIST_NAMES:
            self.say(where, f"'{listed}' is not a list ({', '.join(vocab.LIST_NAMES)})")
        label = str(data.get("header" if table else "label", data.get("label", "")))
        if table and not label.strip() and info is not None and info.column != "level.*":
            self.say(where, "a table column needs the header text to find it by")
        limits = [self.limit(where, data.get(n), kind) for n in ("min", "max")]
        max_length = data.get("max_length", TEXT_LIMIT)
        if not isinstance(max_length, int) or not 1 <= max_length <= TEXT_LIMIT:
            self.say(where, f"max_length must be a whole number from 1 to {TEXT_LIMIT}")
            max_length = TEXT_LIMIT
        width = data.get("width")
        decimals = data.get("decimals", 2 if kind == vocab.MONEY else None)
        if decimals is not None and (not isinstance(decimals, int) or not 0 <= decimals <= 10):
            self.say(where, "decimals must be a whole number from 0 to 10")
            decimals = None
        return FieldSpec(
            key,
            kind,
            sheet,
            cell,
            label,
            bool(data.get("required", False)),
            bool(data.get("prefilled", False)),
            str(data.get("help", "")),
            limits[0],
            limits[1],
            max_length,
            listed,
            float(width) if width else None,
            decimals,
        )

    def limit(self, where: str, value: object, kind: str) -> Limit:
        if value is None:
            return None
        if kind == vocab.DATE:
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value
            self.say(where, "a date limit must be a TOML date such as 2020-04-01")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        self.say(where, "a limit must be a number")
        return None

    def table(self, data: dict[str, Any], sheets: list[str]) -> TableSpec:
        name = str(data.get("name", ""))
        where = f"table '{name}'"
        self.unknown(where, data, _TABLE)
        if name not in vocab.TABLES:
            self.say(where, f"lcpdesk knows the tables {', '.join(vocab.TABLES)}")
        sheet = str(data.get("sheet", ""))
        if sheet not in sheets:
            self.say(where, f"the sheet '{sheet}' is not one of the sheets")
        header_row = data.get("header_row")
        if not isinstance(header_row, int) or header_row < 1:
            self.say(where, "header_row must be a row number, 1 or more")
            header_row = 1
        first = str(data.get("first_column", "A"))
        if not _COLUMN_LETTERS.fullmatch(first):
            self.say(where, f"'{first}' is not a column such as B")
            first = "A"
        blank_rows = data.get("blank_rows", 0)
        if not isinstance(blank_rows, int) or not 0 <= blank_rows <= 10_000:
            self.say(where, "blank_rows must be a whole number from 0 to 10000")
            blank_rows = 0
        columns = tuple(self.field(c, sheets, name, sheet) for c in self.items(data, "column"))
        present = {c.info.column for c in columns if vocab.parse_key(c.key)}
        for needed in vocab.TABLE_NEEDS.get(name, ()):
            if needed not in present:
                self.say(where, f"the table needs a column '{name}[].{needed}'")
        below = str(data.get("below", ""))
        return TableSpec(
            name, sheet, header_row, columns, first, blank_rows, str(data.get("title", "")), below
        )

    def no_twice(self, fields: tuple[FieldSpec, ...], tables: tuple[TableSpec, ...]) -> None:
        keys = [f.key for f in fields] + [c.key for t in tables for c in t.columns]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            self.say(f"field '{key}'", "the key is given twice: a field has one place")
        cells = [(f.sheet, f.cell) for f in fields]
        for sheet, cell in sorted({c for c in cells if cells.count(c) > 1}):
            self.say(f"cell {sheet}!{cell}", "two fields share this cell")
        names = [t.name for t in tables]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.say(f"table '{name}'", "the table is given twice")
        for table in tables:
            above = next((t for t in tables if t.name == table.below), None)
            if table.below and (above is None or above.sheet != table.sheet):
                self.say(
                    f"table '{table.name}'", f"'below' must name a table on sheet '{table.sheet}'"
                )
        for table in tables:
            headers = [c.label.casefold() for c in table.columns if c.label]
            for header in sorted({h for h in headers if headers.count(h) > 1}):
                self.say(f"table '{table.name}'", f"two columns have the header '{header}'")
