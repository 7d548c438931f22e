"""Reading maturity frameworks from files: TOML, or a spreadsheet of dimensions × levels.

**TOML** (``resources/frameworks/leeds-lcp-maturity.toml`` is a full example)::

    key = "llr-maturity"            # optional: made from the name when left out
    name = "LLR Integrated Locality Team Maturity"
    description = "..."             # optional

    [[level]]                       # lowest first
    name = "Emerging"
    meaning = "..."
    [[level]]
    name = "Established"
    meaning = "..."
    standard = true                 # the level every partnership should reach (exactly one)

    [[dimension]]
    key = "leadership"              # optional: made from the name
    name = "Leadership"
    short = "Leadership"            # optional chart label
    descriptor = "..."              # what a strong partnership shows
    parent = "culture"              # optional: makes this a sub-dimension of "culture"
    [dimension.levels]              # optional: what each level looks like here
    "Emerging" = "..."

**Spreadsheet** (.xlsx, .xlsm, .xls or .ods): a sheet of dimensions × levels, read by
``lcpdesk.io.framework_sheet`` (its layout is described there).

Every problem is an :class:`~lcpdesk.errors.InputError` naming the line (TOML) or the sheet and
cell, and saying what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lcpdesk import paths
from lcpdesk.domain import maturity as fw
from lcpdesk.domain.maturity import DimensionDef, FrameworkDef, LevelDef, Problem
from lcpdesk.errors import InputError, Location

TOML_SUFFIXES = (".toml",)
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FILE_FILTER = "Maturity frameworks (*.toml *.xlsx *.xlsm *.xls *.ods)"
BUILTIN_SOURCE = "built-in"

_TOP_FIELDS = {"key", "name", "description", "source", "level", "dimension"}
_LEVEL_FIELDS = {"name", "meaning", "description", "standard"}
_DIMENSION_FIELDS = {"key", "name", "short", "descriptor", "description", "parent", "levels"}


def builtin_files() -> list[Path]:
    """The frameworks lcpdesk ships (``resources/frameworks/*.toml``)."""
    folder = paths.resource("frameworks")
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def read_builtin(path: Path) -> FrameworkDef:
    defn = read_framework(path)
    return FrameworkDef(
        defn.key, defn.name, defn.levels, defn.dimensions, defn.description, BUILTIN_SOURCE
    )


def read_framework(path: Path | str) -> FrameworkDef:
    """A framework from a TOML file or a spreadsheet, checked; InputError if it is not right."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix in TOML_SUFFIXES:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                "the file is not UTF-8 text",
                where=Location(file=str(path)),
                hint="Save it as UTF-8 (most editors offer this under Save As).",
            ) from None
        except OSError as exc:
            from lcpdesk.io.opening import os_error

            raise os_error(path, exc) from None
        return parse_toml(text, str(path))
    if suffix in SHEET_SUFFIXES:
        from lcpdesk.io.framework_sheet import read_sheet_framework

        return read_sheet_framework(path)
    raise InputError(
        f"lcpdesk cannot read a framework from a '{path.suffix or 'no extension'}' file",
        where=Location(file=str(path)),
        hint="Give a .toml file or a workbook (.xlsx, .xls or .ods) of dimensions × levels.",
    )


def checked(defn: FrameworkDef, locate: Callable[[Problem], Location]) -> FrameworkDef:
    """``defn`` if it has no problems; else InputError for the first, located by ``locate``."""
    found = fw.problems(defn)
    if found:
        first = found[0]
        more = len(found) - 1
        hint = first.hint
        if more:
            hint = f"{hint} ({more} more problem{'s' if more > 1 else ''} after this one.)".strip()
        raise InputError(first.message, where=locate(first), hint=hint)
    return defn


# --------------------------------------------------------------------------- TOML

_ERROR_AT = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_HEADER = re.compile(r"^\s*\[\[\s*(level|dimension)\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY_LINE = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=')


@dataclass
class _TomlLines:
    """Where things are in a TOML text, to name the line of a problem."""

    lines: list[str]
    blocks: dict[str, list[int]] = field(default_factory=dict)  # array name -> header lines

    @classmethod
    def of(cls, text: str) -> _TomlLines:
        found = cls(text.splitlines())
        for number, line in enumerate(found.lines, start=1):
            header = _HEADER.match(line)
            if header:
                found.blocks.setdefault(header.group(1), []).append(number)
        return found

    def _block_end(self, start: int) -> int:
        for number in range(start + 1, len(self.lines) + 1):
            if self.lines[number - 1].lstrip().startswith("[["):
                return number - 1
        return len(self.lines)

    def field_line(self, start: int, end: int, name: str) -> int | None:
        pattern = re.compile(rf'^\s*("{re.escape(name)}"|{re.escape(name)})\s*=')
        for number in range(start, end + 1):
            text = self.lines[number - 1]
            if number > start and _ANY_HEADER.match(text) and name != "levels":
                return None
            if pattern.match(text):
                return number
        if name == "levels":
            sub = re.compile(r"^\s*\[\s*dimension\s*\.\s*levels\s*\]")
            return next((n for n in range(start, end + 1) if sub.match(self.lines[n - 1])), None)
        return None

    def line_of(self, element: str, index: int | None, name: str | None) -> int | None:
        if element == fw.FRAMEWORK:
            if not name:
                return None
            first = min((lines[0] for lines in self.blocks.values() if lines), default=None)
            end = (first - 1) if first else len(self.lines)
            found = self.field_line(1, end, name)
            if found is None:  # e.g. [[levels]] for [[level]]
                header = re.compile(rf"^\s*\[+\s*{re.escape(name)}\s*\]+")
                found = next(
                    (n for n, line in enumerate(self.lines, start=1) if header.match(line)), None
                )
            return found
        headers = self.blocks.get(element, [])
        if index is None:
            return headers[0] if headers else None
        if index >= len(headers):
            return None  # written some other way (an inline array): no line to name
        start = headers[index]
        if name is None:
            return start
        key = {"standard": "standard", "short": "short"}.get(name, name)
        return self.field_line(start, self._block_end(start), key) or start


def _toml_syntax_error(exc: tomllib.TOMLDecodeError, text: str, file: str) -> InputError:
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    column: int | None = getattr(exc, "colno", None)
    found = _ERROR_AT.match(message)
    if found:
        message, line, column = found["msg"], int(found["line"]), int(found["col"])
    else:
        message = getattr(exc, "msg", message).replace("(at end of document)", "").strip()
    if line is None and "overwrite" in message.casefold():
        line = _duplicate_key_line(text)
    if line is None:
        line = max(1, len(text.splitlines()))
        message = f"{message} (at the end of the file)"
    detail = f"{message[:1].lower()}{message[1:]}"
    where = f" (column {column})" if column else ""
    return InputError(
        f"the file is not valid TOML: {detail}{where}",
        where=Location(file=file, line=line),
        hint="Check that line (and the one before it): quotes, '=' signs and [[brackets]].",
    )


def _duplicate_key_line(text: str) -> int | None:
    """The line that gives a key a second value in the same table (tomllib does not say)."""
    seen: set[str] = set()
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2:
            in_string = not in_string
            if not in_string:
                continue
        if in_string:
            continue
        if _ANY_HEADER.match(line):
            seen = set()
            continue
        key = _KEY_LINE.match(line)
        if key:
            name = key.group(1).strip('"')
            if name in seen:
                return number
            seen.add(name)
    return None


def parse_toml(text: str, file: str = "") -> FrameworkDef:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_syntax_error(exc, text, file) from None
    where = _TomlLines.of(text)

    def locate(p: Problem) -> Location:
        return Location(file=file or None, line=where.line_of(p.element, p.index, p.field))

    def refuse(message: str, element: str, index: int | None, name: str | None, hint: str) -> None:
        raise InputError(message, where=locate(Problem("", "", element, index, name)), hint=hint)

    def check_fields(table: dict[str, Any], allowed: set[str], element: str, i: int | None) -> None:
        for name in table:
            if name not in allowed:
                what = "the framework" if i is None else f"{element} {i + 1}"
                fields = sorted(allowed - {"level", "dimension"})
                if i is None:
                    fields += ["[[level]]", "[[dimension]]"]
                singular = name.rstrip("s")
                hint = (
                    f"Did you mean '{singular}'? "
                    if singular != name and singular in allowed
                    else ""
                )
                refuse(
                    f"'{name}' is not a field of {what}.",
                    element,
                    i,
                    name,
                    f"{hint}Known fields: {', '.join(fields)}.",
                )

    def text_of(table: dict[str, Any], name: str, element: str, i: int | None) -> str:
        value = table.get(name, "")
        if not isinstance(value, str):
            what = "the framework" if i is None else f"{element} {i + 1}"
            refuse(
                f"'{name}' of {what} must be text in quotes.",
                element,
                i,
                name,
                'Write it as name = "…".',
            )
        return " ".join(str(value).split()) if name != "description" else str(value).strip()

    check_fields(data, _TOP_FIELDS, fw.FRAMEWORK, None)
    name = text_of(data, "name", fw.FRAMEWORK, None)
    key = text_of(data, "key", fw.FRAMEWORK, None) or fw.slug(name)
    levels_raw = _array(data, "level", locate)
    dims_raw = _array(data, "dimension", locate)

    levels: list[LevelDef] = []
    for i, table in enumerate(levels_raw):
        check_fields(table, _LEVEL_FIELDS, fw.LEVEL, i)
        standard = table.get("standard", False)
        if not isinstance(standard, bool):
            refuse(
                f"'standard' of level {i + 1} must be true or false.",
                fw.LEVEL,
                i,
                "standard",
                "Write standard = true on the standard level only.",
            )
        meaning = text_of(table, "meaning", fw.LEVEL, i) or text_of(
            table, "description", fw.LEVEL, i
        )
        levels.append(LevelDef(text_of(table, "name", fw.LEVEL, i), meaning, standard))

    dims: list[DimensionDef] = []
    for i, table in enumerate(dims_raw):
        check_fields(table, _DIMENSION_FIELDS, fw.DIMENSION, i)
        dim_name = text_of(table, "name", fw.DIMENSION, i)
        cells = table.get("levels", {})
        if not isinstance(cells, dict) or not all(isinstance(v, str) for v in cells.values()):
            refuse(
                f"'levels' of dimension {i + 1} must be a table of level name = text.",
                fw.DIMENSION,
                i,
                "levels",
                'Write [dimension.levels] and then lines like "Developing" = "…".',
            )
        parent = text_of(table, "parent", fw.DIMENSION, i) or None
        dims.append(
            DimensionDef(
                key=text_of(table, "key", fw.DIMENSION, i) or fw.slug(dim_name),
                name=dim_name,
                short_name=text_of(table, "short", fw.DIMENSION, i),
                descriptor=text_of(table, "descriptor", fw.DIMENSION, i)
                or text_of(table, "description", fw.DIMENSION, i),
                parent=parent,
                cells=tuple((str(k), " ".join(str(v).split())) for k, v in cells.items()),
            )
        )
    defn = FrameworkDef(
        key=key,
        name=name,
        levels=tuple(levels),
        dimensions=tuple(dims),
        description=" ".join(text_of(data, "description", fw.FRAMEWORK, None).split()),
        source=Path(file).name if file else "",
    )
    return checked(defn, locate)


def _array(
    data: dict[str, Any], name: str, locate: Callable[[Problem], Location]
) -> list[dict[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        element = fw.LEVEL if name == "level" else fw.DIMENSION
        raise InputError(
            f"'{name}' must be a list of tables, each starting with a [[{name}]] line.",
            where=locate(Problem("", "", element, 0, None)),
            hint=f"Start each {name} with a line [[{name}]].",
        )
    return value
