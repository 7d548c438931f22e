"""The guard's look inside an OLE2 compound file: an .xls, or a password-protected .xlsx.

Excel saves a workbook with a password to open as an OLE2 file holding the encrypted package
(streams ``EncryptionInfo`` and ``EncryptedPackage``), whatever its extension. A real .xls holds
a ``Workbook`` (or, before Excel 97, ``Book``) stream. Only the directory's names are read, with
every sector chain bounded (a looping chain ends the walk); the .xls itself is then read in a
child process, since its contents (BIFF records) cannot be judged cheaply.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from lcpdesk.io import workbook_guard as guard

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_LAST_SECTOR = 0xFFFFFFFA  # above it: end of chain, free, FAT or DIFAT sector markers
_MAX_DIRECTORY_SECTORS = 4096  # 16k+ entries: far past any workbook


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 4], "little")


def _sector(handle: BinaryIO, number: int, size: int) -> bytes:
    handle.seek((number + 1) * size)
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("a sector past the end of the file")
    return data


def _fat(handle: BinaryIO, header: bytes, size: int) -> list[int]:
    """The file allocation table: the next sector of each sector."""
    fat_sectors = [_u32(header, 76 + 4 * i) for i in range(109)]
    difat, seen = _u32(header, 68), set[int]()
    while difat <= _LAST_SECTOR and difat not in seen and len(seen) < _u32(header, 72):
        seen.add(difat)
        data = _sector(handle, difat, size)
        fat_sectors += [_u32(data, at) for at in range(0, size - 4, 4)]
        difat = _u32(data, size - 4)
    fat: list[int] = []
    for number in fat_sectors[: _u32(header, 44)]:
        if number > _LAST_SECTOR:
            continue
        data = _sector(handle, number, size)
        fat += [_u32(data, at) for at in range(0, size, 4)]
    return fat


def stream_names(path: Path) -> set[str]:
    """The names in an OLE2 file's directory; ValueError if it cannot be walked."""
    with path.open("rb") as handle:
        header = handle.read(512)
        if len(header) < 512 or not header.startswith(SIGNATURE):
            raise ValueError("no OLE2 header")
        shift = int.from_bytes(header[30:32], "little")
        if shift not in {9, 12}:
            raise ValueError("an unknown sector size")
        size = 1 << shift
        fat = _fat(handle, header, size)
        names: set[str] = set()
        sector, walked = _u32(header, 48), 0
        while sector <= _LAST_SECTOR and walked < _MAX_DIRECTORY_SECTORS:
            data = _sector(handle, sector, size)
            for at in range(0, size, 128):
                length = int.from_bytes(data[at + 64 : at + 66], "little")
                if 2 <= length <= 64 and data[at + 66] in {1, 2, 5}:
                    names.add(data[at : at + length - 2].decode("utf-16-le", "replace"))
            walked += 1
            sector = fat[sector] if sector < len(fat) else _LAST_SECTOR + 1
        return names


def check(path: Path) -> None:
    """Refuse a password-protected workbook and an OLE2 file that is no workbook."""
    try:
        names = stream_names(path)
    except ValueError:
        return  # not walkable here: the reader in the child process says what is wrong
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise guard.refused(
            path,
            "this workbook is password-protected",
            "Open it in Excel with its password, save an unprotected copy (File > Info > "
            "Protect Workbook > Encrypt with Password, clear the password) and choose that copy.",
        )
    if names and not names & {"Workbook", "Book", "WORKBOOK", "BOOK"}:
        what = "a Word document" if "WordDocument" in names else "an Office file"
        raise guard.refused(
            path,
            f"this is not an Excel workbook (it looks like {what})",
            "Choose the workbook (.xlsx, .xls or .ods).",
        )
