"""Malformed and hostile workbooks, made small in the test's folder (nothing big is committed).

Each maker writes one file and returns its path. :data:`HOSTILE` lists them by name. Several
abort any process that opens them with python-calamine unguarded: open them only in a child.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ONE_CELL = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'


def sheet_xml(rows: str, *, prolog: str = "", dimension: str = "A1") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


def shared_strings_xml(*texts: str, prolog: str = "", unique: int | None = None) -> str:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    count = len(texts) if unique is None else unique
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN}" '
        f'count="{count}" uniqueCount="{count}">{items}</sst>'
    )


def xlsx(
    path: Path,
    sheet: str | None = None,
    strings: str | None = None,
    *,
    part: str = "worksheets/sheet1.xml",
) -> Path:
    """A minimal .xlsx with one sheet (by default "x" in A1, in the part ``xl/<part>``) and a
    shared-string table."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        rels = _WORKBOOK_RELS.replace("worksheets/sheet1.xml", part)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr(f"xl/{part}", sheet or sheet_xml(_ONE_CELL))
        archive.writestr("xl/sharedStrings.xml", strings or shared_strings_xml("x"))
    return path


def huge_dimension(folder: Path) -> Path:
    """The reported one: a value at A1 and one at XFD1048576 (calamine asks for 512 GiB)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "first"
    book.active["XFD1048576"] = "last"
    path = folder / "huge-dimension.xlsx"
    book.save(path)
    return path


def zip_bomb(folder: Path) -> Path:
    """A sheet part that unpacks ~1,000 times larger than it is packed (20 MB of blanks)."""
    blank = " " * (20 * 1024 * 1024)
    return xlsx(folder / "zip-bomb.xlsx", sheet=sheet_xml(_ONE_CELL + blank))


def entity_bomb(folder: Path) -> Path:
    """ "Billion laughs" in the shared strings: ten entities, each ten of the one before."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    prolog = f"<!DOCTYPE sst [{''.join(entities)}]>"
    return xlsx(folder / "entity-bomb.xlsx", strings=shared_strings_xml("&lol9;", prolog=prolog))


def external_entity(folder: Path) -> Path:
    """A sheet whose cell would hold another file's contents."""
    prolog = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    return xlsx(folder / "external-entity.xlsx", sheet=sheet_xml(rows, prolog=prolog))


def huge_shared_strings(folder: Path) -> Path:
    """A shared-string table declaring 4 billion strings (calamine reserves 96 GB for them)."""
    return xlsx(folder / "string-count.xlsx", strings=shared_strings_xml("x", unique=4_000_000_000))


def gigantic_cell(folder: Path) -> Path:
    """One shared string of 5 million characters (Excel's cells hold 32,767), as random as
    hex digits are, so it is no zip bomb too."""
    text = os.urandom(2_500_000).hex()
    return xlsx(folder / "gigantic-cell.xlsx", strings=shared_strings_xml(text))


def truncated(folder: Path) -> Path:
    """An .xlsx cut short halfway, as by a failed download."""
    whole = xlsx(folder / "whole.xlsx").read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def csv_renamed(folder: Path) -> Path:
    path = folder / "renamed-csv.xlsx"
    path.write_text("colour,shape\nred,circle\n", encoding="utf-8")
    return path


def empty(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _ole2(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors) holding ``streams`` (each ≥ 4,096 bytes,
    so they live in ordinary sectors): one FAT sector, one directory sector, then the data."""
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_mark, end]
    data = b""
    starts = []
    for content in streams.values():
        sectors = -(-len(content) // 512)
        first = len(fat)
        starts.append(first)
        fat += [*range(first + 1, first + sectors), end]
        data += content.ljust(sectors * 512, b"\0")
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, *, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, child=1, right=free, start=end, size=0)
    for n, name in enumerate(names):
        right = n + 2 if n + 1 < len(names) else free
        directory += entry(
            name, 2, child=free, right=right, start=starts[n], size=len(streams[name])
        )
    directory = directory.ljust(512, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    return header + struct.pack("<128I", *fat) + directory + data


def encrypted(folder: Path) -> Path:
    """What Excel writes for a workbook with a password to open: an OLE2 file holding
    ``EncryptionInfo`` and ``EncryptedPackage`` (here filled with noise), named .xlsx."""
    path = folder / "password.xlsx"
    path.write_bytes(
        _ole2({"EncryptionInfo": b"\x04\x00\x04\x00" * 1024, "EncryptedPackage": b"\x5a" * 4096})
    )
    return path


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(path: Path, rows: str) -> Path:
    """A minimal .ods with one sheet, "S", of ``rows`` (table:table-row elements)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="S">{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_value(value: int, *, rows: int = 1, columns: int = 1) -> str:
    rows_attr = f' table:number-rows-repeated="{rows}"' if rows > 1 else ""
    columns_attr = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    return (
        f"<table:table-row{rows_attr}><table:table-cell{columns_attr} "
        f'office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
        "</table:table-cell></table:table-row>"
    )


def huge_ods(folder: Path) -> Path:
    """An .ods whose one value cell is repeated over 1,048,576 rows × 16,384 columns."""
    return ods(folder / "huge.ods", ods_value(1, rows=1_048_576, columns=16_384))


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "huge dimension": huge_dimension,
    "zip bomb": zip_bomb,
    "entity bomb": entity_bomb,
    "external entity": external_entity,
    "string count": huge_shared_strings,
    "gigantic cell": gigantic_cell,
    "encrypted": encrypted,
    "truncated": truncated,
    "csv renamed": csv_renamed,
    "empty": empty,
    "huge ods": huge_ods,
}


def make_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: make(folder) for name, make in HOSTILE.items()}
