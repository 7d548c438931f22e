"""The guard's look inside a zip workbook (.xlsx, .xlsm, .ods): the container, then each part.

The container first, from its directory alone: how many entries, what each declares it holds
uncompressed, and how far it claims to compress (a zip bomb). Then every XML part is read as a
stream, at most its declared size, and must end exactly there (a part whose deflate stream runs
on past what it declares is refused: another reader would not stop where Python does). The
parts' contents are judged by :mod:`lcpdesk.io.workbook_guard_xml`.
"""

from __future__ import annotations

import functools
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lcpdesk.io import workbook_guard as guard
from lcpdesk.io import workbook_guard_xml as xml

_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 1024 * 1024
_DAMAGED_HINT = (
    "The file may be incomplete (a download or copy cut short) or damaged. Ask the sender for "
    "a new copy, or open it in Excel and save it again."
)
_BOMB_HINT = "It may be made to harm. Ask the sender for the workbook saved again from Excel."
# A part is judged by its first bytes, not its name: a relationship may point a sheet at any
# name. Pictures and embedded files are not XML; their sizes are checked, they are not read.
_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _xml_like(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.filename.lower().endswith((".xml", ".rels")):
        return True
    with archive.open(info) as handle:
        start = handle.read(64).lstrip()
    return not start or start.startswith(_XML_STARTS)


def _kind(path: Path, archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        return guard.XLSX
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 200 and archive.read(info).strip() == _ODS_MIME:
            return guard.ODS
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        what = "a Word document" if "word/document.xml" in names else "a PowerPoint file"
        raise guard.refused(path, f"this is {what}, not a workbook", "Choose the workbook.")
    raise guard.refused(
        path,
        "this is a zip file, not a workbook (it lacks the parts of an .xlsx or .ods)",
        "Extract the workbook from the zip and choose that file.",
    )


def _check_directory(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > guard.MAX_ZIP_ENTRIES:
        raise guard.refused(
            path,
            f"the workbook holds {len(infos):,} parts, more than any workbook lcpdesk reads "
            f"({guard.MAX_ZIP_ENTRIES:,})",
            _BOMB_HINT,
        )
    total = 0
    for info in infos:
        total += info.file_size
        too_big = info.file_size > guard.MAX_PART_BYTES or total > guard.MAX_TOTAL_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > guard.RATIO_FLOOR_BYTES and ratio > guard.MAX_RATIO):
            raise guard.refused(
                path,
                f"the workbook's part '{info.filename}' unpacks to {info.file_size:,} bytes "
                f"from {info.compress_size:,} (a 'zip bomb'?)",
                _BOMB_HINT,
            )


def _chunks(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes, at most its declared size; refused if its stream runs on past it."""
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk
        decompressor = getattr(handle, "_decompressor", None)
        if isinstance(decompressor, type(zlib.decompressobj())) and not decompressor.eof:
            raise guard.refused(
                path,
                f"the workbook's part '{info.filename}' holds more than it declares",
                _BOMB_HINT,
            )


def check(path: Path) -> guard.Verdict:
    """Check a zip workbook; its Verdict, or InputError."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            kind = _kind(path, archive, {info.filename for info in infos})
            _check_directory(path, infos)
            why = ""
            for info in infos:
                if info.flag_bits & 0x1:
                    raise guard.refused(
                        path,
                        "the workbook's parts are encrypted",
                        "Save an unprotected copy from Excel and choose that.",
                    )
                if info.is_dir() or not _xml_like(archive, info):
                    continue
                doubt = xml.check_part(
                    path,
                    info.filename,
                    functools.partial(_chunks, path, archive, info),
                    kind,
                    info.file_size,
                )
                why = why or doubt
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, KeyError):
        raise guard.refused(path, "the workbook is damaged or incomplete", _DAMAGED_HINT) from None
    except NotImplementedError:
        raise guard.refused(
            path,
            "the workbook is packed in a way lcpdesk cannot read",
            "Open it in Excel and save it again as .xlsx.",
        ) from None
    return guard.Verdict(kind, isolate=bool(why), why=why)
