"""Editing cells inside a partner's own .xlsx/.xlsm, and nothing else (zip in, zip out).

The writing library (openpyxl) rebuilds a whole workbook and drops what it does not model
(images, charts, form controls, extension lists, slicers...). To leave a partner's workbook as
it was, only the ``<c>`` elements of the mapped cells are replaced or inserted in the sheet XML,
spliced into the original bytes; every other zip entry is copied unchanged. Text is written as
an inline string (never a formula), numbers and dates as numbers keeping the cell's own style
(a date in a cell without a date format gets a copy of that style with a date format, added to
``styles.xml``), and a workbook with formulas is set to recalculate when it is opened.

Input XML is parsed with defusedxml (no entities, no external references) before any of it is
trusted; parts over a size limit are refused. Where a cell cannot be written without rewriting
other XML (a table's header, a cell an Excel table would have to grow for, the hidden part of a
merged cell, a formula), everything is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET

from lcpdesk.errors import InputError, Location
from lcpdesk.io.templates import column_index, column_letters

_PART_LIMIT = 256 << 20  # an uncompressed part larger than this is not a partner's return
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_EPOCH = dt.date(1899, 12, 30)
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATE_FORMAT_IDS = {14, 15, 16, 17, 22, 27, 30, 36, 50, 57}

CellValue = str | int | Decimal | float | dt.date


@dataclass
class SheetPart:
    name: str
    part: str  # e.g. xl/worksheets/sheet1.xml
    writes: dict[str, CellValue] = field(default_factory=dict)  # cell -> value


class PartnerBook:
    """A partner's workbook opened as a zip: its sheets' parts, styles and tables."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise self.refuse(
                f"lcpdesk fills only .xlsx and .xlsm workbooks, not {path.suffix or 'this file'}",
                "Open it in Excel and save it as .xlsx, then describe and fill that copy.",
            )
        try:
            self.zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise self.refuse(
                f"the workbook cannot be opened ({exc})",
                "It may be damaged or password-protected: save an unprotected copy as .xlsx.",
            ) from None
        self.names = {i.filename for i in self.zip.infolist()}
        self.sheets = self._sheets()

    def close(self) -> None:
        self.zip.close()

    def refuse(self, message: str, hint: str = "", sheet: str = "", cell: str = "") -> InputError:
        where = Location(file=str(self.path), sheet=sheet or None, cell=cell or None)
        return InputError(message, where=where, hint=hint)

    def read(self, part: str) -> bytes:
        info = self.zip.getinfo(part)
        if info.file_size > _PART_LIMIT:
            raise self.refuse(f"the part {part} is too large to edit safely")
        return self.zip.read(info)

    def parse(self, part: str) -> Any:
        try:
            return SafeET.fromstring(self.read(part))
        except Exception as exc:  # defusedxml refuses entities; ParseError for damage
            raise self.refuse(f"the part {part} cannot be read safely ({exc})") from None

    def _sheets(self) -> dict[str, SheetPart]:
        if "xl/workbook.xml" not in self.names:
            raise self.refuse("this is not an Excel workbook (it has no xl/workbook.xml)")
        book = self.parse("xl/workbook.xml")
        rels = self.rels("xl/workbook.xml")
        found: dict[str, SheetPart] = {}
        for sheet in book.iter(f"{{{MAIN_NS}}}sheet"):
            target = rels.get(sheet.get(f"{{{_REL}}}id", ""), "")
            if target:
                found[sheet.get("name", "")] = SheetPart(sheet.get("name", ""), target)
        return found

    def rels(self, part: str) -> dict[str, str]:
        """Relationship id -> the part it points to (resolved from ``part``'s folder)."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if rels_part not in self.names:
            return {}
        found = {}
        for rel in self.parse(rels_part).iter(f"{{{_PKG_REL}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[rel.get("Id", "")] = resolved
        return found

    def tables_of(self, sheet: SheetPart) -> list[tuple[str, str, int]]:
        """The Excel tables on a sheet: (name, ref, header row count)."""
        found = []
        for target in self.rels(sheet.part).values():
            if target.startswith("xl/tables/") and target in self.names:
                table = self.parse(target)
                found.append(
                    (
                        table.get("displayName", table.get("name", "")),
                        table.get("ref", ""),
                        int(table.get("headerRowCount", "1")),
                    )
                )
        return found


def fill(source: Path, target: Path, writes: Mapping[str, Mapping[str, CellValue]]) -> list[str]:
    """Copy ``source`` to ``target`` with the given cells (sheet -> cell -> value) written;
    returns notes on what was done. Everything is checked before ``target`` is written."""
    if target.suffix.lower() != source.suffix.lower():
        raise InputError(
            f"a {source.suffix} workbook must be saved as {source.suffix} "
            f"(not {target.suffix or 'no extension'})",
            where=Location(file=str(target)),
            hint="Excel refuses a macro-enabled workbook named .xlsx, and the reverse.",
        )
    book = PartnerBook(source)
    try:
        new_parts = _edit(book, writes)
        _write_zip(book, target, new_parts)
    finally:
        book.close()
    notes = [f"{len(v)} cell(s) written on sheet '{k}'" for k, v in writes.items() if v]
    if "xl/workbook.xml" in new_parts:
        notes.append("the workbook recalculates its formulas when it is next opened")
    return notes


def _edit(book: PartnerBook, writes: Mapping[str, Mapping[str, CellValue]]) -> dict[str, bytes]:
    styles = StylesPart(book)
    new_parts: dict[str, bytes] = {}
    for sheet_name, cells in writes.items():
        sheet = book.sheets.get(sheet_name)
        if sheet is None:
            raise book.refuse(
                f"the workbook has no sheet called '{sheet_name}'",
                "Check that the description is for this workbook.",
            )
        if not cells:
            continue
        root = book.parse(sheet.part)  # checks the XML is safe and well formed
        _check_cells(book, sheet, root, cells)
        text = book.read(sheet.part).decode("utf-8")
        editor = SheetEditor(text)
        for ref, value in sorted(cells.items(), key=lambda c: row_col(c[0])):
            old = editor.cell_attrs(ref)
            style = old.get("s")
            if isinstance(value, dt.date):
                style = styles.date_style(style)
            editor.put(ref, _cell_xml(ref, value, style))
        new_parts[sheet.part] = editor.text.encode("utf-8")
    if styles.changed:
        new_parts["xl/styles.xml"] = styles.text.encode("utf-8")
    if any(_has_formulas(book, s.part, new_parts) for s in book.sheets.values()):
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        new_parts["xl/workbook.xml"] = recalc_on_load(workbook).encode("utf-8")
    return new_parts


def _has_formulas(book: PartnerBook, part: str, new_parts: dict[str, bytes]) -> bool:
    data = new_parts.get(part) or (book.read(part) if part in book.names else b"")
    return re.search(rb"<(\w+:)?f[\s>/]", data) is not None


def _check_cells(book: PartnerBook, sheet: SheetPart, root: Any, cells: Mapping[str, Any]) -> None:
    merged = [m.get("ref", "") for m in root.iter(f"{{{MAIN_NS}}}mergeCell")]
    existing = {c.get("r"): c for c in root.iter(f"{{{MAIN_NS}}}c")}
    tables = book.tables_of(sheet)
    for ref in cells:
        row, col = row_col(ref)
        for area in merged:
            (r1, c1), (r2, c2) = cell_area(area)
            if r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1):
                raise book.refuse(
                    f"{ref} is inside the merged cells {area}, not their first cell",
                    f"Describe the merged cells by their first cell, {area.split(':')[0]}.",
                    sheet.name,
                    ref,
                )
        for name, area, headers in tables:
            (r1, c1), (r2, c2) = cell_area(area)
            if c1 <= col <= c2 and r1 <= row < r1 + headers:
                raise book.refuse(
                    f"{ref} is a header of the Excel table '{name}'",
                    "Map the cells under the header, not the header itself.",
                    sheet.name,
                    ref,
                )
            if c1 <= col <= c2 and row == r2 + 1:
                raise book.refuse(
                    f"{ref} is just below the Excel table '{name}' ({area}): the table would "
                    "have to grow, which means rewriting its definition",
                    "Make the table in the partner's workbook long enough (Excel: Resize "
                    "Table) and fill it again.",
                    sheet.name,
                    ref,
                )
        cell = existing.get(ref)
        if cell is not None and cell.find(f"{{{MAIN_NS}}}f") is not None:
            raise book.refuse(
                f"{ref} holds a formula, which filling would overwrite",
                "Check the description: a formula cell is not an input.",
                sheet.name,
                ref,
            )
        if cell is not None and (cell.get("cm") or cell.get("vm")):
            raise book.refuse(
                f"{ref} holds a rich value (a picture in the cell or a linked data type)",
                "Clear the cell in Excel first.",
                sheet.name,
                ref,
            )


def row_col(ref: str) -> tuple[int, int]:
    found = _CELL.fullmatch(ref.replace("$", ""))
    if found is None:
        raise InputError(f"'{ref}' is not a cell such as C7")
    return int(found[2]), column_index(found[1])


def cell_area(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    first, _, last = ref.partition(":")
    return row_col(first), row_col(last or first)


def _cell_xml(ref: str, value: CellValue, style: str | None) -> str:
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, str):
        text = _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return (
            f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
        )
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        number = str((value - dt.datetime(1899, 12, 30)).total_seconds() / 86400)
    elif isinstance(value, dt.date):
        number = str((value - _EPOCH).days)
    elif isinstance(value, Decimal):
        number = format(value.normalize(), "f")
    else:
        number = repr(value)
    return f'<c r="{ref}"{s}><v>{number}</v></c>'


def recalc_on_load(workbook: str) -> str:
    """workbook.xml with ``fullCalcOnLoad="1"`` on its calcPr (added when it has none)."""
    found = re.search(r"<((?:\w+:)?)calcPr\b([^>]*?)(/?)>", workbook)
    if found is not None and re.search(r'\sfullCalcOnLoad="(1|true)"', found[2]):
        return workbook
    if found is not None:
        attrs = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", found[2])
        element = f'<{found[1]}calcPr{attrs} fullCalcOnLoad="1"{found[3]}>'
        return workbook[: found.start()] + element + workbook[found.end() :]
    prefix = re.search(r"<((?:\w+:)?)workbook\b", workbook)
    p = prefix[1] if prefix else ""
    after = r"oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|"
    after += r"fileRecoveryPr|webPublishObjects|extLst"
    place = re.search(rf"<{re.escape(p)}(?:{after})\b|</{re.escape(p)}workbook>", workbook)
    assert place is not None
    element = f'<{p}calcPr fullCalcOnLoad="1"/>'
    return workbook[: place.start()] + element + workbook[place.start() :]


class SheetEditor:
    """Splices cells into a worksheet's XML text: rows and cells kept in order, every other
    byte left as it was (``dimension`` and a row's ``spans`` widened when a cell falls outside)."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = re.search(r"<((?:\w+:)?)worksheet\b", text)
        self.p = found[1] if found else ""

    def _data(self) -> tuple[int, int]:
        """The start and end of sheetData's content (an empty ``<sheetData/>`` is opened)."""
        p = re.escape(self.p)
        empty = re.search(rf"<{p}sheetData\s*/>", self.text)
        if empty is not None:
            opened = f"<{self.p}sheetData></{self.p}sheetData>"
            self.text = self.text[: empty.start()] + opened + self.text[empty.end() :]
        start = re.search(rf"<{p}sheetData\b[^>]*>", self.text)
        end = re.search(rf"</{p}sheetData>", self.text)
        assert start is not None and end is not None
        return start.end(), end.start()

    def _rows(self) -> list[tuple[int, int, int, int]]:
        """Each row: (number, start, end of its opening tag, end of the row)."""
        begin, finish = self._data()
        p = re.escape(self.p)
        rows = []
        pattern = re.compile(rf"<{p}row\b([^>]*?)(/?)>")
        pos = begin
        while (found := pattern.search(self.text, pos, finish)) is not None:
            number = re.search(r'\br="(\d+)"', found[1])
            if number is None:
                raise InputError("a row of the sheet has no number; save it again in Excel")
            if found[2]:
                end = found.end()
            else:
                close = self.text.index(f"</{self.p}row>", found.end())
                end = close + len(f"</{self.p}row>")
            rows.append((int(number[1]), found.start(), found.end(), end))
            pos = end
        return rows

    def _cells(self, start: int, end: int) -> list[tuple[str, int, int]]:
        p = re.escape(self.p)
        pattern = re.compile(rf"<{p}c\b([^>]*?)(/>|>.*?</{p}c>)", re.DOTALL)
        found = []
        for cell in pattern.finditer(self.text, start, end):
            ref = re.search(r'\br="([A-Z]+\d+)"', cell[1])
            if ref is None:
                raise InputError("a cell of the sheet has no reference; save it again in Excel")
            found.append((ref[1], cell.start(), cell.end()))
        return found

    def cell_attrs(self, ref: str) -> dict[str, str]:
        row, _col = row_col(ref)
        for number, _start, tag_end, end in self._rows():
            if number == row:
                for r, start, stop in self._cells(tag_end, end):
                    if r == ref:
                        head = re.match(r"<[^>]*?(/?)>", self.text[start:stop])
                        assert head is not None
                        return dict(re.findall(r'(\w+)="([^"]*)"', head[0]))
        return {}

    def put(self, ref: str, xml: str) -> None:
        if self.p:
            xml = re.sub(r"<(/?)(c|is|t|v)\b", rf"<\1{self.p}\2", xml)
        row, col = row_col(ref)
        self._widen_dimension(ref)
        rows = self._rows()
        for number, start, tag_end, _end in rows:
            if number == row:
                self._put_in_row(ref, col, xml, start, tag_end)
                return
            if number > row:
                self._insert(start, f'<{self.p}row r="{row}">{xml}</{self.p}row>')
                return
        _begin, finish = self._data()
        self._insert(finish, f'<{self.p}row r="{row}">{xml}</{self.p}row>')

    def _put_in_row(self, ref: str, col: int, xml: str, start: int, tag_end: int) -> None:
        head = self.text[start:tag_end]
        if head.endswith("/>"):  # an empty row: open it
            opened = head[:-2].rstrip() + f"></{self.p}row>"
            self.text = self.text[:start] + opened + self.text[tag_end:]
            tag_end = start + len(opened) - len(f"</{self.p}row>")
        tag_end = start + len(self._widen_spans(start, tag_end, col))
        for r, c_start, c_end in self._cells(tag_end, self._row_end(start)):
            _row, other = row_col(r)
            if r == ref:
                self.text = self.text[:c_start] + xml + self.text[c_end:]
                return
            if other > col:
                self._insert(c_start, xml)
                return
        self._insert(self._row_end(start) - len(f"</{self.p}row>"), xml)

    def _row_end(self, start: int) -> int:
        close = f"</{self.p}row>"
        return self.text.index(close, start) + len(close)

    def _widen_spans(self, start: int, tag_end: int, col: int) -> str:
        head = self.text[start:tag_end]
        spans = re.search(r'\bspans="(\d+):(\d+)"', head)
        if spans is not None:
            low, high = min(int(spans[1]), col), max(int(spans[2]), col)
            new = head[: spans.start()] + f'spans="{low}:{high}"' + head[spans.end() :]
            self.text = self.text[:start] + new + self.text[tag_end:]
            return new
        return head

    def _widen_dimension(self, ref: str) -> None:
        found = re.search(rf'<{re.escape(self.p)}dimension\b[^>]*\bref="([^"]*)"', self.text)
        if found is None:
            return
        try:
            (r1, c1), (r2, c2) = cell_area(found[1])
        except InputError:
            return
        row, col = row_col(ref)
        r1, c1, r2, c2 = min(r1, row), min(c1, col), max(r2, row), max(c2, col)
        area = f"{column_letters(c1)}{r1}:{column_letters(c2)}{r2}"
        if area != found[1]:
            self.text = self.text[: found.start(1)] + area + self.text[found.end(1) :]

    def _insert(self, at: int, xml: str) -> None:
        self.text = self.text[:at] + xml + self.text[at:]


class StylesPart:
    """Date styles added to styles.xml when a date goes into a cell without a date format."""

    def __init__(self, book: PartnerBook) -> None:
        self.changed = False
        self.text = ""
        self.formats: dict[int, str] = {}
        self.xfs: list[str] = []  # each cellXfs <xf> element's text
        self.added: dict[str | None, str] = {}
        if "xl/styles.xml" not in book.names:
            raise book.refuse("the workbook has no styles part; save it again in Excel")
        book.parse("xl/styles.xml")
        self.text = book.read("xl/styles.xml").decode("utf-8")
        for code in re.finditer(r'<(?:\w+:)?numFmt\b[^>]*numFmtId="(\d+)"[^>]*>', self.text):
            fmt = re.search(r'formatCode="([^"]*)"', code[0])
            self.formats[int(code[1])] = fmt[1] if fmt else ""
        xfs = re.search(r"<((?:\w+:)?)cellXfs\b[^>]*>(.*?)</\1cellXfs>", self.text, re.DOTALL)
        if xfs is None:
            raise book.refuse("the workbook's styles have no cell formats; save it again in Excel")
        self.xfs = re.findall(r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", xfs[2], re.DOTALL)

    def is_date(self, style: str | None) -> bool:
        index = int(style) if style and style.isdigit() else 0
        if index >= len(self.xfs):
            return False
        found = re.search(r'numFmtId="(\d+)"', self.xfs[index])
        number = int(found[1]) if found else 0
        if number in _DATE_FORMAT_IDS:
            return True
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", self.formats.get(number, "")).lower()
        return bool(code) and any(ch in code for ch in "dy") and "#" not in code

    def date_style(self, style: str | None) -> str | None:
        if self.is_date(style):
            return style
        if style in self.added:
            return self.added[style]
        index = int(style) if style and style.isdigit() and int(style) < len(self.xfs) else 0
        base = self.xfs[index] if self.xfs else '<xf numFmtId="0"/>'
        xf = re.sub(r'\snumFmtId="\d+"', "", base, count=1)
        xf = re.sub(r"^<((?:\w+:)?)xf\b", r'<\1xf numFmtId="14"', xf)
        if "applyNumberFormat" not in xf:
            xf = re.sub(r"^(<(?:\w+:)?xf\b)", r'\1 applyNumberFormat="1"', xf)
        found = re.search(r"<((?:\w+:)?)cellXfs\b([^>]*)>", self.text)
        close = re.search(r"</(?:\w+:)?cellXfs>", self.text)
        assert found is not None and close is not None
        self.text = self.text[: close.start()] + xf + self.text[close.start() :]
        count = len(self.xfs) + 1
        head = re.sub(r'\scount="\d+"', f' count="{count}"', found[0])
        self.text = self.text[: found.start()] + head + self.text[found.end() :]
        self.xfs.append(xf)
        self.added[style] = str(count - 1)
        self.changed = True
        return self.added[style]


def _write_zip(book: PartnerBook, target: Path, new_parts: Mapping[str, bytes]) -> None:
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as out:
            for info in book.zip.infolist():
                data = new_parts.get(info.filename)
                out.writestr(info, data if data is not None else book.zip.read(info))
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(
            f"the workbook cannot be written ({exc.strerror or exc})",
            where=Location(file=str(target)),
            hint="Close the file if it is open in Excel, or choose another folder.",
        ) from None
