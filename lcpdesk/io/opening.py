"""Opening the files people give us: a CSV, a zip holding a CSV, or a workbook (what it is).

What a file is comes from its first bytes, not its name. Text is read as UTF-8 (with or without a
byte-order mark), or as Windows-1252 when it is not valid UTF-8 (files saved by older Excel).
Every problem opening a file becomes an :class:`~lcpdesk.errors.InputError` saying what to do.
Workbooks are read in :mod:`lcpdesk.io.workbooks`; a whole CSV's columns in
:mod:`lcpdesk.io.csv_tables`.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from lcpdesk.errors import Cancelled, InputError, Location

__all__ = [
    "CSV",
    "LOAD_SHARE",
    "WORKBOOK",
    "ZIP",
    "CsvData",
    "Rows",
    "csv_header_rows",
    "detect_encoding",
    "file_error",
    "load_csv",
    "os_error",
    "peek_rows",
    "sniff",
]

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]

CSV, ZIP, WORKBOOK = "csv", "zip", "workbook"
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # .xls
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_PEEK_BYTES = 256 * 1024
_BLOCK = 8 * 1024 * 1024
_ONE_READ = 128 * 1024 * 1024  # files up to this size are read in one go
# Reading the bytes is the first part of the work, parsing them the rest.
LOAD_SHARE = 0.15
# No line of a file lcpdesk reads comes near this; a longer one is refused as soon as it is met.
MAX_LINE_BYTES = 1024 * 1024


class _Lines:
    """Counts lines in the blocks of a file as they are read, refusing one over the limit."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.line = 1  # the line the next byte belongs to
        self.run = 0  # bytes of that line seen so far

    def feed(self, block: bytes) -> None:
        import numpy as np

        breaks = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
        if not breaks.size:
            self.run += len(block)
            self._check(self.run)
            return
        self._check(self.run + int(breaks[0]))
        if breaks.size > 1:
            gaps = np.diff(breaks)
            worst = int(np.argmax(gaps))
            if int(gaps[worst]) - 1 > MAX_LINE_BYTES:
                self.line += worst + 1
                self._check(int(gaps[worst]) - 1)
        self.line += int(breaks.size)
        self.run = len(block) - int(breaks[-1]) - 1
        self._check(self.run)

    def _check(self, length: int) -> None:
        if length > MAX_LINE_BYTES:
            raise InputError(
                f"line {self.line} is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB, "
                "which no file lcpdesk reads has",
                where=Location(file=self.label),
                hint="Check that this is the file as downloaded; its lines may have been run "
                "together.",
            )


def file_error(path: Path | str, problem: str, hint: str) -> InputError:
    return InputError(problem, where=Location(file=str(path)), hint=hint)


def os_error(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return file_error(
            path, "the file does not exist", "Check the name and folder, then try again."
        )
    if isinstance(exc, PermissionError):
        return file_error(
            path,
            "the file cannot be opened: another program may have it open, or you may not be "
            "allowed to read it",
            "Close the file in Excel (or any other program) and try again.",
        )
    if isinstance(exc, IsADirectoryError):
        return file_error(path, "this is a folder, not a file", "Choose a file inside it.")
    return file_error(path, f"the file cannot be read ({exc.strerror or exc})", "Try again.")


def _damaged_zip(path: Path) -> InputError:
    return file_error(
        path,
        "the zip file is damaged or incomplete",
        "Download it again. If you can open it in Windows, extract the CSV and choose that.",
    )


def sniff(path: Path | str) -> str:
    """``"csv"``, ``"zip"`` (a zip of CSV files) or ``"workbook"`` (xlsx/xlsm/xls/ods)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as exc:
        raise os_error(path, exc) from None
    if start.startswith(_OLE2):
        return WORKBOOK
    if not start.startswith(b"PK"):
        return CSV
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names or "xl/workbook.xml" in names:
                return WORKBOOK
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIME:
                return WORKBOOK
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError):
        raise _damaged_zip(path) from None
    except OSError as exc:
        raise os_error(path, exc) from None
    return ZIP


Patterns = str | Sequence[str] | None


def _choose_member(path: Path, archive: zipfile.ZipFile, pattern: Patterns) -> zipfile.ZipInfo:
    """The one CSV in a zip, or the one whose name matches the first pattern matching one."""
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".csv")
        and not info.filename.startswith("__MACOSX/")
    ]
    if len(members) == 1:
        return members[0]
    for wanted in [pattern] if isinstance(pattern, str) else pattern or ():
        matching = [
            info
            for info in members
            if fnmatch.fnmatch(PurePosixPath(info.filename).name.lower(), wanted.lower())
        ]
        if len(matching) == 1:
            return matching[0]
    if not members:
        inside = ", ".join(info.filename for info in archive.infolist()[:10]) or "nothing"
        raise file_error(
            path,
            f"the zip file holds no CSV file (it holds {inside})",
            "Choose the zip downloaded from NHS Digital, or the CSV file itself.",
        )
    names = ", ".join(PurePosixPath(info.filename).name for info in members[:10])
    raise file_error(
        path,
        f"the zip file holds {len(members)} CSV files ({names}) and it is not clear which to read",
        "Extract the CSV you want from the zip and choose that file.",
    )


def _member_label(path: Path, member: str) -> str:
    return str(path.with_name(f"{PurePosixPath(member).name} in {path.name}"))


def detect_encoding(data: bytes, *, complete: bool = True) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp1252``; ``complete=False`` for a file's first bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.isascii():
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), _BLOCK):
            decoder.decode(data[start : start + _BLOCK], final=False)
        decoder.decode(b"", final=complete)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


@dataclass(frozen=True, eq=False)
class CsvData:
    """The whole text of a CSV file, as bytes, with the encoding to read it in."""

    file: str  # for messages: the path, or "<member> in <zip>" beside the zip
    data: bytes
    encoding: str

    def text_head(self, size: int = _PEEK_BYTES) -> str:
        return self.data[:size].decode(self.encoding, errors="replace")


def _read_blocks(
    handle: IO[bytes],
    total: int,
    progress: Progress | None,
    cancelled: IsCancelled | None,
    label: str = "",
) -> bytes:
    lines = _Lines(label)
    if total <= _ONE_READ:
        # One read: no blocks to join (a national file is ~65 MB, read in well under a second).
        data = handle.read()
        lines.feed(data)
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None:
            progress(LOAD_SHARE)
        return data
    blocks: list[bytes] = []
    done = 0
    while block := handle.read(_BLOCK):
        lines.feed(block)
        blocks.append(block)
        done += len(block)
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None and total:
            progress(LOAD_SHARE * min(done / total, 1.0))
    return b"".join(blocks)


def load_csv(
    path: Path | str,
    *,
    pattern: Patterns = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> CsvData:
    """Read a CSV file, or the CSV inside a zip, into memory.

    ``pattern`` (a file-name pattern such as ``"*lsoa-all*.csv"``) picks the CSV when a zip holds
    several (of several patterns, the first that matches just one CSV). Progress goes from 0 to
    0.15 while the bytes are read.
    """
    path = Path(path)
    kind = sniff(path)
    if kind == WORKBOOK:
        raise file_error(
            path,
            "this is a workbook, not a CSV file",
            "Choose the CSV file, or save the sheet as CSV.",
        )
    try:
        if kind == CSV:
            with path.open("rb") as handle:
                data = _read_blocks(handle, path.stat().st_size, progress, cancelled, str(path))
            label = str(path)
        else:
            with zipfile.ZipFile(path) as archive:
                member = _choose_member(path, archive, pattern)
                with archive.open(member) as handle:
                    data = _read_blocks(
                        handle,
                        member.file_size,
                        progress,
                        cancelled,
                        _member_label(path, member.filename),
                    )
            label = _member_label(path, member.filename)
    except (zipfile.BadZipFile, EOFError, zlib.error):
        raise _damaged_zip(path) from None
    except NotImplementedError:
        raise file_error(
            path,
            "the zip file is compressed in a way this program cannot read",
            "Extract the CSV with Windows Explorer and choose the CSV file instead.",
        ) from None
    except RuntimeError as exc:  # encrypted member
        raise file_error(
            path,
            f"the zip file cannot be opened ({exc})",
            "Extract the CSV (with its password) and choose the CSV file instead.",
        ) from None
    except OSError as exc:
        raise os_error(path, exc) from None
    return CsvData(label, data, detect_encoding(data))


@dataclass(frozen=True)
class Rows:
    """The first rows (or all rows) of a file or sheet: ``rows[i]`` is line ``i + 1``."""

    file: str
    sheet: str | None
    rows: list[list[object]]


def csv_header_rows(csv_data: CsvData, limit: int = 20) -> Rows:
    """The first ``limit`` records of a loaded CSV (blank lines give empty rows)."""
    head = csv_data.text_head()
    complete = len(csv_data.data) <= _PEEK_BYTES
    return Rows(csv_data.file, None, _parse_head(head, limit, complete))


def _parse_head(head: str, limit: int, complete: bool) -> list[list[object]]:
    lines = head.splitlines(keepends=True)
    if not complete and lines:
        lines = lines[:-1]  # may be cut short
    rows: list[list[object]] = []
    try:
        for record in csv.reader(lines):
            rows.append(list(record))
            if len(rows) >= limit:
                break
    except csv.Error:
        pass  # an unbalanced quote in a title line; use what was read
    return rows


def _peek(handle: IO[bytes], label: str) -> tuple[bytes, bool]:
    """The head of a file and whether it is all of it; read on when even the first line is
    longer than the usual peek, up to :data:`MAX_LINE_BYTES` (then refused, naming the line)."""
    head = handle.read(_PEEK_BYTES)
    if b"\n" not in head:
        head += handle.read(MAX_LINE_BYTES + 1 - len(head))
    _Lines(label).feed(head[: head.rfind(b"\n") + 1] or head)
    return head, not handle.read(1)


def peek_rows(
    path: Path | str, *, sheet: str | int | None = None, pattern: Patterns = None, limit: int = 20
) -> Rows:
    """The first ``limit`` rows of a CSV, zipped CSV or sheet, without reading all of it."""
    path = Path(path)
    kind = sniff(path)
    if kind == WORKBOOK:
        from lcpdesk.io.workbooks import read_sheet

        return read_sheet(path, sheet, limit=limit)
    try:
        if kind == CSV:
            label = str(path)
            with path.open("rb") as handle:
                head, complete = _peek(handle, label)
        else:
            with zipfile.ZipFile(path) as archive:
                member = _choose_member(path, archive, pattern)
                label = _member_label(path, member.filename)
                with archive.open(member) as handle:
                    head, complete = _peek(handle, label)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise _damaged_zip(path) from None
    except OSError as exc:
        raise os_error(path, exc) from None
    encoding = detect_encoding(head, complete=complete)
    text = head.decode(encoding, errors="replace")
    return Rows(label, None, _parse_head(text, limit, complete))
