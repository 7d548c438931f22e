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
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from lcpdesk.errors import InputError, Location
from lcpdesk.io.partner_fill_parts import (
    CellValue,
    SheetEditor,
    StylesPart,
    cell_area,
    cell_xml,
    recalc_on_load,
    row_col,
)

__all__ = ["CellValue", "PartnerBook", "cell_area", "fill", "row_col"]

_PART_LIMIT = 64 << 20  # an edited or parsed part larger than this is not a partner's return
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


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
    if "xl/styles.xml" not in book.names:
        raise book.refuse("the workbook has no styles part; save it again in Excel")
    book.parse("xl/styles.xml")  # checks the XML is safe and well formed
    styles = StylesPart(book.read("xl/styles.xml").decode("utf-8"))
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
        try:
            text = book.read(sheet.part).decode("utf-8")
        except UnicodeDecodeError:
            raise book.refuse(
                f"the sheet '{sheet_name}' is not stored as UTF-8", "Save it again in Excel."
            ) from None
        editor = SheetEditor(text)
        for ref, value in sorted(cells.items(), key=lambda c: row_col(c[0])):
            old = editor.cell_attrs(ref)
            style = old.get("s")
            if isinstance(value, dt.date):
                style = styles.date_style(style)
            editor.put(ref, cell_xml(ref, value, style))
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


def _write_zip(book: PartnerBook, target: Path, new_parts: Mapping[str, bytes]) -> None:
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as out:
            for info in book.zip.infolist():
                data = new_parts.get(info.filename)
                if data is not None:
                    out.writestr(info, data)
                    continue
                with book.zip.open(info) as part, out.open(info, "w") as copy:
                    shutil.copyfileobj(part, copy, 1 << 20)  # streamed: media may be large
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(
            f"the workbook cannot be written ({exc.strerror or exc})",
            where=Location(file=str(target)),
            hint="Close the file if it is open in Excel, or choose another folder.",
        ) from None
