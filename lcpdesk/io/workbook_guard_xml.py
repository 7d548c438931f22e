"""The guard's look at a workbook's XML parts, as a stream, never as a whole tree.

What matters is what calamine will do with a part: for a sheet, the grid from A1 to the last
row and column holding a value (cells that are empty, only styled or only a formula without a
cached value take no room); for the shared strings, the count it reserves room for; anywhere,
a gigantic run of text, and a document type declaration (entity bombs, external entities:
workbooks never declare one).

An .xlsx sheet is scanned with bounded regular expressions over the decompressed bytes, cut
just before a ``<`` so no tag is split: a full XML parse of a million-cell sheet takes twice as
long as calamine's read. The scan counts generously (a commented-out cell counts) and is used
only for the usual form, where every cell names its place (``<c r="B7">``) in UTF-8; any other
sheet, and every .ods ``content.xml`` (whose repeats need a parser's care), is parsed exactly,
as a stream, through defusedxml.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from lcpdesk.io import workbook_guard as guard

Chunks = Callable[[], Iterator[bytes]]

# A run of text between two tags longer than this is a gigantic cell (bytes: up to 4 a character).
_MAX_RUN_BYTES = 4 * guard.MAX_CELL_CHARS
_RUN = re.compile(rb"[^<]{%d}" % _MAX_RUN_BYTES)
_ATTR = rb"""\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*')"""
_ANY_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_PLACED_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c(?:%s)*?\s+r\s*=\s*\"([A-Za-z]+)([0-9]+)\"(?:%s)*\s*(/?)>(\s*</(?:[\w.-]+:)?c>)?"
    % (_ATTR, _ATTR)
)
# The usual form of a cell (Excel, LibreOffice, openpyxl): r first, within Excel's grid.
_USUAL_REF = re.compile(rb'<c r="[A-Za-z]{1,3}[1-9][0-9]{0,6}"')
_USUAL_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})([1-9][0-9]{0,6})"')
_FEW_CELLS = 20_000  # a piece with more cells is counted in C (the passes of _usual_extent)
_ROW_DIGITS = {n: re.compile(rb'<c r="[A-Za-z]{1,3}[1-9][0-9]{%d}"' % (n - 1)) for n in range(1, 8)}
_ROWS_OF_DIGITS = {
    n: re.compile(rb'<c r="[A-Za-z]{1,3}([1-9][0-9]{%d})"' % (n - 1)) for n in range(1, 8)
}
_COLUMN_WIDTH = {n: re.compile(rb'<c r="[A-Za-z]{%d}[0-9]' % n) for n in range(1, 4)}
_COLUMNS_OF_WIDTH = {n: re.compile(rb'<c r="([A-Za-z]{%d})[0-9]' % n) for n in range(1, 4)}
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s+ref\s*=\s*\"([^\"]*)\"")
_UNIQUE_COUNT = re.compile(rb"<(?:[\w.-]+:)?sst\b[^>]*?\buniqueCount\s*=\s*\"([0-9]+)\"")
_ROOT = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")

_HARM_HINT = "It may be made to harm. Ask the sender for the workbook saved again from Excel."
_FAR_HINT = (
    "In Excel, press Ctrl+End on each sheet to find the last cell; delete the rows and columns "
    "past your data and save again, or copy the data into a new workbook."
)


def column_number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Extent:
    """The last row and column holding a value in one sheet."""

    def __init__(self, path: Path, part: str) -> None:
        self.path, self.part = path, part
        self.rows = self.columns = 0

    def add(self, row: int, column: int) -> None:
        if row > guard.EXCEL_MAX_ROWS or column > guard.EXCEL_MAX_COLUMNS or row < 1:
            raise guard.refused(
                self.path,
                f"a sheet (part '{self.part}') has a value beyond Excel's last cell, XFD1048576",
                _HARM_HINT,
            )
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)

    def check(self) -> None:
        cells = self.rows * self.columns
        if cells > guard.MAX_GRID_CELLS:
            raise guard.refused(
                self.path,
                f"a sheet (part '{self.part}') has values as far as row {self.rows:,} and "
                f"column {self.columns:,}: a grid of {cells:,} cells, more than lcpdesk reads "
                f"({guard.MAX_GRID_CELLS:,})",
                _FAR_HINT,
            )


def _pieces(path: Path, part: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The part's bytes in pieces that each end just before a ``<``; refuses a gigantic run of
    text and a document type declaration."""
    carry = b""
    for chunk in itertools.chain(chunks, [b"<"]):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:
            if len(buffer) > _MAX_RUN_BYTES:
                raise _gigantic(path, part)
            carry = buffer
            continue
        piece, carry = buffer[:cut], buffer[cut:]
        if _RUN.search(piece):
            raise _gigantic(path, part)
        if b"<!DOCTYPE" in piece or b"<!ENTITY" in piece:
            raise _declares(path, part)
        yield piece


def _gigantic(path: Path, part: str) -> Exception:
    return guard.refused(
        path,
        f"the workbook's part '{part}' holds a text far longer than a cell can hold "
        f"({guard.MAX_CELL_CHARS:,} characters)",
        _HARM_HINT,
    )


def _declares(path: Path, part: str) -> Exception:
    return guard.refused(
        path,
        f"the workbook's part '{part}' declares XML entities or a document type, which "
        "workbooks never do (an 'entity bomb' or a reach for other files?)",
        _HARM_HINT,
    )


def _usual_extent(piece: bytes) -> tuple[int, int] | None:
    """The last row and column of every cell of a piece (holding a value or not) when each is
    written the usual way, ``<c r="B7" …>``; None when any is not. Counts in C, not per cell."""
    cells = len(_ANY_CELL.findall(piece))  # not piece.count(b"<c"): <cols>, <cfRule> are no cells
    if not cells:
        return 0, 0
    if b":c" in piece or piece.count(b'<c r="') != cells:
        return None
    if cells <= _FEW_CELLS:  # one pass, then Python: quicker than the passes below for a return
        refs = _USUAL_CELL.findall(piece)
        if len(refs) != cells:
            return None
        rows = {row for _letters, row in refs}  # digits, no leading zero: longest, then largest
        columns = {letters.upper() for letters, _row in refs}
        last_row = max(rows, key=lambda digits: (len(digits), digits))
        last_column = max(columns, key=lambda letters: (len(letters), letters))
        return int(last_row), column_number(last_column.decode("ascii"))
    if _USUAL_REF.subn(b"", piece)[1] != cells:
        return None
    digits = next(n for n in range(7, 0, -1) if _ROW_DIGITS[n].search(piece))
    last_row = max(_ROWS_OF_DIGITS[digits].findall(piece))
    width = next(n for n in range(3, 0, -1) if _COLUMN_WIDTH[n].search(piece))
    last_column = max(letters.upper() for letters in set(_COLUMNS_OF_WIDTH[width].findall(piece)))
    return int(last_row), column_number(last_column.decode("ascii"))


def _scan_sheet(path: Path, part: str, chunks: Chunks, *, values_only: bool = False) -> str | None:
    """The doubt about a sheet ("" if none), or None if it needs the exact parse.

    First every cell counts, quickly; only if that grid is too big are the cells holding a
    value told from the others (styled blanks far away are common and take no room).
    """
    extent = _Extent(path, part)
    declared = ""
    letters: set[bytes] = set()
    for piece in _pieces(path, part, chunks()):
        if not declared and b"dimension" in piece and (found := _DIMENSION.search(piece)):
            declared = found.group(1).decode("ascii", "replace")
        usual = None if values_only else _usual_extent(piece)
        if usual is not None:
            extent.add(max(usual[0], 1), max(usual[1], 1))
            continue
        placed = _PLACED_CELL.findall(piece)
        if len(placed) != len(_ANY_CELL.findall(piece)):
            return None  # a cell without r="…": its place is counted; parse it exactly
        values = [(column, row) for column, row, closed, empty in placed if not closed + empty]
        if values:
            letters.update(column for column, _row in values)
            extent.add(max(map(int, (row for _column, row in values))), 1)
    if letters:
        widest = max(letters, key=lambda column: (len(column), column.upper()))
        extent.add(1, column_number(widest.decode("ascii")) if len(widest) <= 3 else 1 << 30)
    if not values_only and extent.rows * extent.columns > guard.MAX_GRID_CELLS:
        return _scan_sheet(path, part, chunks, values_only=True)
    extent.check()
    return _doubt_dimension(declared, part)


def _doubt_dimension(declared: str, part: str) -> str:
    """A declared size far past the values: harmless to calamine, but not what Excel writes."""
    last = declared.rpartition(":")[2]
    match = _REF.match(last)
    if declared and match is None:
        return f"part '{part}' declares an unreadable size '{declared[:40]}'"
    if match is not None:
        columns, rows = column_number(match.group(1)), int(match.group(2))
        if rows * columns > guard.MAX_GRID_CELLS:
            return f"part '{part}' declares a sheet of {rows:,} rows × {columns:,} columns"
    return ""


def _scan_shared_strings(path: Path, part: str, chunks: Iterator[bytes], size: int) -> None:
    # Each string takes at least "<si/>", so a part can hold at most size / 5 of them.
    room = min(guard.MAX_SHARED_STRINGS, size // 5 + 1)
    first = True
    for piece in _pieces(path, part, chunks):
        if first and (found := _UNIQUE_COUNT.search(piece)) and int(found.group(1)) > room:
            raise guard.refused(
                path,
                f"the workbook's shared-string table claims to hold {int(found.group(1)):,} "
                "strings, far more than it can",
                _HARM_HINT,
            )
        first = first and b"<sst" not in piece and b":sst" not in piece


class _Target:
    """What an exact parse looks at; subclasses judge a sheet or an .ods content part."""

    def __init__(self, path: Path, part: str) -> None:
        self.path, self.part = path, part
        self.extent = _Extent(path, part)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.opened(tag.rpartition("}")[2], attrib)

    def data(self, text: str) -> None:
        if len(text) > guard.MAX_CELL_CHARS:
            raise _gigantic(self.path, self.part)

    def opened(self, name: str, attrib: dict[str, str]) -> None:
        pass

    def close(self) -> None:
        self.extent.check()


def _local(attrib: dict[str, str], name: str) -> str | None:
    return next((v for k, v in attrib.items() if k.rpartition("}")[2] == name), None)


class _SheetTarget(_Target):
    row = column = 0
    pending: tuple[int, int] | None = None

    def opened(self, name: str, attrib: dict[str, str]) -> None:
        if name == "row":
            self.row = int(attrib["r"]) if "r" in attrib else self.row + 1
            self.column = 0
        elif name == "c":
            ref = _REF.match(attrib.get("r", "").strip())
            if ref is not None:
                self.column, row = column_number(ref.group(1)), int(ref.group(2))
            elif "r" in attrib:
                raise ValueError("a cell reference that is no cell reference")
            else:
                self.column, row = self.column + 1, self.row
            self.pending = (row, self.column)
        elif name in {"v", "is"} and self.pending is not None:
            self.extent.add(*self.pending)
            self.pending = None


class _OdsTarget(_Target):
    """Cells holding a value (``office:value-type``) count with their repeats; blanks do not."""

    row = column = repeat_rows = 0

    def opened(self, name: str, attrib: dict[str, str]) -> None:
        if name == "table":
            self.extent.check()
            self.extent = _Extent(self.path, f"{self.part}, sheet '{_local(attrib, 'name')}'")
            self.row = 0
        elif name == "table-row":
            self.repeat_rows = int(_local(attrib, "number-rows-repeated") or 1)
            self.row += self.repeat_rows
            self.column = 0
        elif name in {"table-cell", "covered-table-cell"}:
            self.column += int(_local(attrib, "number-columns-repeated") or 1)
            if _local(attrib, "value-type") is not None:
                self.extent.add(self.row, self.column)


def _parse_exactly(path: Path, part: str, chunks: Iterator[bytes], target: _Target) -> None:
    parser: Any = DefusedXMLParser(target=target, forbid_dtd=True)
    try:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    except DefusedXmlException:
        raise _declares(path, part) from None
    except ParseError:
        raise guard.refused(
            path,
            f"the workbook's part '{part}' is not well-formed XML",
            "The file is damaged. Ask the sender for a new copy.",
        ) from None


def check_part(path: Path, part: str, chunks: Chunks, kind: str, size: int) -> str:
    """Check one XML part of an .xlsx or .ods; a doubt to read it apart (else ""), or refuse."""
    stream = chunks()
    first = next(stream, b"")
    body = first.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body.startswith(b"<") or kind == guard.ODS:
        target = _OdsTarget(path, part) if kind == guard.ODS else _SheetTarget(path, part)
        _parse_exactly(path, part, itertools.chain([first], stream), target)
        return "" if body.startswith(b"<") else f"part '{part}' is not UTF-8"
    root = b""
    for found in _ROOT.finditer(body):
        if found.group(1) not in {b"xml", b"xml-stylesheet"} and body[found.start() + 1] != 33:
            root = found.group(1)
            break
    whole = itertools.chain([first], stream)
    if root == b"worksheet":
        if isinstance(stream, Generator):
            stream.close()  # read again from the start
        doubt = _scan_sheet(path, part, chunks)
        if doubt is None:
            _parse_exactly(path, part, chunks(), _SheetTarget(path, part))
            return ""
        return doubt
    if root == b"sst":
        _scan_shared_strings(path, part, whole, size)
        return ""
    for _piece in _pieces(path, part, whole):
        pass
    return ""
