"""Opening the files people give us: a CSV, a zip holding a CSV, or a workbook.

What a file is comes from its first bytes, not its name. Text is read as UTF-8 (with or without a
byte-order mark), or as Windows-1252 when it is not valid UTF-8 (files saved by older Excel).
Every problem opening a file becomes an :class:`~lcpdesk.errors.InputError` saying what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import fnmatch
import io
import itertools
import os
import threading
import zipfile
import zlib
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import numpy as np
import pandas as pd

from lcpdesk.errors import Cancelled, InputError, Location
from lcpdesk.io.columns import Table

__all__ = [
    "LARGE_CSV_BYTES",
    "CsvData",
    "Rows",
    "csv_header_rows",
    "load_csv",
    "never_back",
    "peek_rows",
    "read_sheet",
    "sniff",
    "table_from_csv",
    "table_from_csv_file",
    "table_from_rows",
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
_LOAD_SHARE = 0.15


def _error(path: Path | str, problem: str, hint: str) -> InputError:
    return InputError(problem, where=Location(file=str(path)), hint=hint)


def _os_error(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return _error(path, "the file does not exist", "Check the name and folder, then try again.")
    if isinstance(exc, PermissionError):
        return _error(
            path,
            "the file cannot be opened: another program may have it open, or you may not be "
            "allowed to read it",
            "Close the file in Excel (or any other program) and try again.",
        )
    if isinstance(exc, IsADirectoryError):
        return _error(path, "this is a folder, not a file", "Choose a file inside it.")
    return _error(path, f"the file cannot be read ({exc.strerror or exc})", "Try again.")


def _damaged_zip(path: Path) -> InputError:
    return _error(
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
        raise _os_error(path, exc) from None
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
        raise _os_error(path, exc) from None
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
        raise _error(
            path,
            f"the zip file holds no CSV file (it holds {inside})",
            "Choose the zip downloaded from NHS Digital, or the CSV file itself.",
        )
    names = ", ".join(PurePosixPath(info.filename).name for info in members[:10])
    raise _error(
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
) -> bytes:
    if total <= _ONE_READ:
        # One read: no blocks to join (a national file is ~65 MB, read in well under a second).
        data = handle.read()
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None:
            progress(_LOAD_SHARE)
        return data
    blocks: list[bytes] = []
    done = 0
    while block := handle.read(_BLOCK):
        blocks.append(block)
        done += len(block)
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None and total:
            progress(_LOAD_SHARE * min(done / total, 1.0))
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
        raise _error(
            path,
            "this is a workbook, not a CSV file",
            "Choose the CSV file, or save the sheet as CSV.",
        )
    try:
        if kind == CSV:
            with path.open("rb") as handle:
                data = _read_blocks(handle, path.stat().st_size, progress, cancelled)
            label = str(path)
        else:
            with zipfile.ZipFile(path) as archive:
                member = _choose_member(path, archive, pattern)
                with archive.open(member) as handle:
                    data = _read_blocks(handle, member.file_size, progress, cancelled)
            label = _member_label(path, member.filename)
    except (zipfile.BadZipFile, EOFError, zlib.error):
        raise _damaged_zip(path) from None
    except NotImplementedError:
        raise _error(
            path,
            "the zip file is compressed in a way this program cannot read",
            "Extract the CSV with Windows Explorer and choose the CSV file instead.",
        ) from None
    except RuntimeError as exc:  # encrypted member
        raise _error(
            path,
            f"the zip file cannot be opened ({exc})",
            "Extract the CSV (with its password) and choose the CSV file instead.",
        ) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
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


def peek_rows(
    path: Path | str, *, sheet: str | int | None = None, pattern: Patterns = None, limit: int = 20
) -> Rows:
    """The first ``limit`` rows of a CSV, zipped CSV or sheet, without reading all of it."""
    path = Path(path)
    kind = sniff(path)
    if kind == WORKBOOK:
        return read_sheet(path, sheet, limit=limit)
    try:
        if kind == CSV:
            with path.open("rb") as handle:
                head = handle.read(_PEEK_BYTES)
                complete = not handle.read(1)
            label = str(path)
        else:
            with zipfile.ZipFile(path) as archive:
                member = _choose_member(path, archive, pattern)
                with archive.open(member) as handle:
                    head = handle.read(_PEEK_BYTES)
                complete = member.file_size <= _PEEK_BYTES
            label = _member_label(path, member.filename)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise _damaged_zip(path) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    encoding = detect_encoding(head, complete=complete)
    text = head.decode(encoding, errors="replace")
    return Rows(label, None, _parse_head(text, limit, complete))


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees in it (dates as ISO dates)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _workbook_error(path: Path, exc: Exception) -> InputError:
    return _error(
        path,
        f"the workbook cannot be read ({exc})",
        "Open it in Excel and save it again as .xlsx, or save the sheet as CSV.",
    )


def sheet_names(path: Path | str) -> list[str]:
    from lcpdesk.io.workbook_guard import read_workbook

    path = Path(path)
    try:
        return read_workbook(path, rows=False).sheet_names
    except InputError:
        raise
    except OSError as exc:
        raise _os_error(path, exc) from None
    except Exception as exc:  # calamine raises its own errors for damaged workbooks
        raise _workbook_error(path, exc) from None


def read_sheet(
    path: Path | str, sheet: str | int | None = None, *, limit: int | None = None
) -> Rows:
    """The rows of a worksheet (the first unless ``sheet`` names or numbers one), from A1."""
    from python_calamine import WorksheetNotFound

    from lcpdesk.io.workbook_guard import read_workbook

    path = Path(path)
    try:
        book = read_workbook(path, sheet, limit=limit)
        values, name = book.rows or [], book.name
    except InputError:
        raise
    except WorksheetNotFound:
        raise _error(
            path,
            f"the workbook has no sheet called '{sheet}'",
            "Choose one of its sheets: " + ", ".join(sheet_names(path)) + ".",
        ) from None
    except IndexError:
        raise _error(
            path, f"the workbook has no sheet number {sheet}", "Choose another sheet."
        ) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    except Exception as exc:  # calamine raises its own errors for damaged workbooks
        raise _workbook_error(path, exc) from None
    return Rows(str(path), name, [list(row) for row in values])


def table_from_rows(rows: Rows, header_index: int, positions: Mapping[str, int]) -> Table:
    """The rows under a header row as a :class:`Table`; blank rows are left out."""
    header = rows.rows[header_index]
    data: dict[str, list[str]] = {key: [] for key in positions}
    lines: list[int] = []
    for number, row in enumerate(rows.rows[header_index + 1 :], start=header_index + 2):
        cells = [cell_text(row[i]).strip() if i < len(row) else "" for i in positions.values()]
        if not any(cells):
            continue
        lines.append(number)
        for key, cell in zip(positions, cells, strict=True):
            data[key].append(cell)
    frame = pd.DataFrame({key: pd.Series(values, dtype="str") for key, values in data.items()})
    return Table(
        frame=frame,
        lines=np.asarray(lines, dtype=np.int64),
        file=rows.file,
        sheet=rows.sheet,
        headers={key: str(header[i]).strip() for key, i in positions.items()},
        header_line=header_index + 1,
        positions=dict(positions),
    )


def table_from_csv(
    csv_data: CsvData,
    header: Sequence[object],
    header_index: int,
    positions: Mapping[str, int],
    *,
    numbers: Collection[str] = (),
    chunk_rows: int = 500_000,  # large chunks: each chunk sorts its categories again
    pieces: int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table:
    """Read the columns found in a header row, in chunks, as text categories.

    Every column is categorical with text categories (a million rows hold few distinct values);
    blank lines are left out; ``lines`` numbers records as Excel would. A large file is cut at
    line breaks into ``pieces`` (one per processor core, at most 4) parsed side by side: the
    parser lets go of Python's lock while it splits text into fields. Progress goes from 0.15
    to 0.9 as the bytes are parsed; :class:`~lcpdesk.errors.Cancelled` is raised between chunks.

    The parser turns a chunk's categories into numbers when all of them look like numbers
    (``"05"`` becomes ``5``); a column where that happened is read again as plain text, unless
    it is one of ``numbers`` (keys whose values are only ever used as numbers).
    """
    spans = _pieces(csv_data, header_index, pieces)
    if progress is not None:  # a second pass (in one piece, or of text) starts again at 0.15
        progress = never_back(progress)
    parse = _Parse(
        _InMemory(csv_data),
        header_index,
        spans,
        chunk_rows=chunk_rows,
        progress=progress,
        cancelled=cancelled,
    )
    try:
        combined, lines = _parse_all(parse, positions, numbers)
    except (pd.errors.ParserError, ValueError) as exc:
        if len(spans) > 1:  # parse again in one piece, so the message counts lines from the top
            return table_from_csv(
                csv_data,
                header,
                header_index,
                positions,
                numbers=numbers,
                chunk_rows=chunk_rows,
                pieces=1,
                progress=progress,
                cancelled=cancelled,
            )
        raise InputError(
            f"the file cannot be read as CSV ({exc})",
            where=Location(file=csv_data.file),
            hint="Check that it is the CSV file as downloaded, not edited and saved in Excel.",
        ) from None
    return _table(
        csv_data.file,
        header,
        header_index=header_index,
        positions=positions,
        combined=combined,
        lines=lines,
    )


def table_from_csv_file(
    path: Path,
    header: Sequence[object],
    header_index: int,
    positions: Mapping[str, int],
    *,
    numbers: Collection[str] = (),
    chunk_rows: int = 500_000,
    pieces: int | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> Table | None:
    """:func:`table_from_csv` for a large plain CSV file, its pieces read straight from disk.

    Each piece's thread reads its own part of the file, so nothing waits for the whole file to
    be loaded first. Only for plain files: None when the file holds a double quote or a byte
    outside ASCII (its encoding then matters), or cannot be parsed in pieces. The caller then
    reads it whole, with :func:`load_csv` and :func:`table_from_csv`, which say what is wrong.
    """
    path = Path(path)
    try:
        spans = _file_pieces(path, header_index, pieces)
    except OSError:
        return None
    if len(spans) < 2:
        return None
    if progress is not None:
        progress = never_back(progress)
    parse = _Parse(
        _OnDisk(path),
        header_index,
        spans,
        chunk_rows=chunk_rows,
        progress=progress,
        cancelled=cancelled,
    )
    try:
        combined, lines = _parse_all(parse, positions, numbers)
    except (_NotPlain, pd.errors.ParserError, ValueError, OSError):
        return None
    return _table(
        str(path),
        header,
        header_index=header_index,
        positions=positions,
        combined=combined,
        lines=lines,
    )


def _parse_all(
    parse: _Parse, positions: Mapping[str, int], numbers: Collection[str]
) -> tuple[dict[int, pd.Categorical], np.ndarray]:
    combined, lines = parse.columns(sorted(set(positions.values())))
    as_numbers = {positions[key] for key in numbers if key in positions}
    again = sorted(parse.numeric - as_numbers)
    if again:
        texts, _lines = parse.columns(again, text=True)
        combined.update(texts)
    return combined, lines


def _table(
    file: str,
    header: Sequence[object],
    *,
    header_index: int,
    positions: Mapping[str, int],
    combined: dict[int, pd.Categorical],
    lines: np.ndarray,
) -> Table:
    """The table of the parsed columns, blank rows left out."""
    blank = np.ones(len(lines), dtype=bool)
    for values in combined.values():
        empty = int(values.categories.get_indexer(pd.Index([""]))[0])
        if empty < 0:  # no cell of this column is empty (a missing one is not): no blank rows
            blank[:] = False
            break
        blank &= values.codes == empty
    rows = ~blank
    if not rows.all():
        lines = lines[rows]
        combined = {i: values[rows] for i, values in combined.items()}
    frame = pd.DataFrame({key: combined[i] for key, i in positions.items()})
    return Table(
        frame=frame,
        lines=lines,
        file=file,
        headers={key: str(header[i]).strip() for key, i in positions.items()},
        header_line=header_index + 1,
        positions=dict(positions),
    )


class _Reader(io.BytesIO):
    """Bytes in memory that say how far the parser has read (it reads 256 KB at a time)."""

    def __init__(self, data: bytes, report: Callable[[int], None]) -> None:
        super().__init__(data)
        self._report = report

    def read(self, size: int | None = -1, /) -> bytes:
        block = super().read(size)
        self._report(self.tell())
        return block


class _NotPlain(Exception):
    """A file read straight from disk holds a quote or a byte outside ASCII."""


class _FileSpan(io.RawIOBase):
    """Part of a file, read as the parser asks for it, refusing what is not plain ASCII."""

    def __init__(self, path: Path, span: tuple[int, int], report: Callable[[int], None]) -> None:
        super().__init__()
        self._handle = path.open("rb")
        self._handle.seek(span[0])
        self._left = span[1] - span[0]
        self._done = 0
        self._report = report

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        wanted = self._left if size is None or size < 0 else min(size, self._left)
        block = self._handle.read(wanted)
        if not block.isascii() or block.find(b'"') >= 0:
            raise _NotPlain
        self._left -= len(block)
        self._done += len(block)
        self._report(self._done)
        return block

    def tell(self) -> int:
        return self._done

    def close(self) -> None:
        self._handle.close()
        super().close()


class _InMemory:
    """A loaded CSV's bytes, as a source of pieces."""

    def __init__(self, csv_data: CsvData) -> None:
        self._data = csv_data.data
        self.encoding = csv_data.encoding
        self.total = len(csv_data.data)

    def open(self, span: tuple[int, int], report: Callable[[int], None]) -> io.BytesIO:
        start, end = span
        whole = (start, end) == (0, self.total)
        return _Reader(self._data if whole else self._data[start:end], report)

    def count_lines(self, span: tuple[int, int]) -> int:
        return _count_lines(self._data, *span)


class _OnDisk:
    """A plain (ASCII) CSV file on disk, as a source of pieces."""

    encoding = "utf-8"

    def __init__(self, path: Path) -> None:
        self._path = path
        self.total = path.stat().st_size

    def open(self, span: tuple[int, int], report: Callable[[int], None]) -> io.RawIOBase:
        return _FileSpan(self._path, span, report)

    def count_lines(self, span: tuple[int, int]) -> int:
        with self._path.open("rb") as handle:
            handle.seek(span[0])
            data = handle.read(span[1] - span[0])
        return _count_lines(data, 0, len(data))


_Source = _InMemory | _OnDisk


def _count_lines(data: bytes, start: int, end: int) -> int:
    """Lines between two offsets, ended by LF, CRLF or a lone CR."""
    return max(data.count(b"\n", start, end), data.count(b"\r", start, end))


def _file_pieces(path: Path, header_index: int, pieces: int | None) -> list[tuple[int, int]]:
    """Byte spans of a file to parse side by side, each starting on a new line."""
    with path.open("rb") as handle:

        def newline_from(at: int) -> int:
            handle.seek(at)
            found = handle.read(64 * 1024).find(b"\n")
            return at + found if found >= 0 else -1

        return _spans(path.stat().st_size, newline_from, header_index, pieces)


class _Parse:
    """Parsing some columns of a CSV in byte spans side by side (the first on this thread)."""

    def __init__(
        self,
        source: _Source,
        header_index: int,
        spans: list[tuple[int, int]],
        *,
        chunk_rows: int,
        progress: Progress | None,
        cancelled: IsCancelled | None,
    ) -> None:
        self.source = source
        self.header_index = header_index
        self.spans = spans
        self.chunk_rows = chunk_rows
        self.progress = progress
        self.cancelled = cancelled
        self.numeric: set[int] = set()  # columns the parser turned into numbers somewhere
        self._done = [0] * len(spans)
        self._stop = threading.Event()

    def columns(
        self, columns: list[int], *, text: bool = False
    ) -> tuple[dict[int, pd.Categorical], np.ndarray]:
        """Each column whole, and the line of each row (blank rows not yet left out)."""
        self._stop.clear()
        if len(self.spans) == 1:
            parsed = [self._piece(0, columns, text)]
        else:
            with ThreadPoolExecutor(len(self.spans) - 1, thread_name_prefix="csv") as pool:
                others = [
                    pool.submit(self._piece, k, columns, text) for k in range(1, len(self.spans))
                ]
                try:
                    parsed = [self._piece(0, columns, text)]
                except BaseException:
                    self._stop.set()  # the other pieces stop at their next chunk
                    raise
                parsed += [future.result() for future in others]
        if self.cancelled is not None and self.cancelled():
            raise Cancelled
        # Lines as Excel numbers them: on from the header, counting empty lines passed over.
        chunks: list[dict[int, pd.Categorical]] = []
        numbered: list[np.ndarray] = []
        line = self.header_index + 2
        for piece_chunks, passed in parsed:
            line += passed
            for chunk in piece_chunks:
                size = len(chunk[columns[0]])
                numbered.append(np.arange(line, line + size, dtype=np.int64))
                line += size
            chunks += piece_chunks
        lines = np.concatenate(numbered) if numbered else np.zeros(0, dtype=np.int64)
        return {i: _combine([chunk[i] for chunk in chunks]) for i in columns}, lines

    def _report(self, piece: int, position: int) -> None:
        self._done[piece] = position  # bytes of the piece parsed
        if self.progress is not None and piece == 0:  # this thread's piece speaks for all
            share = min(sum(self._done) / max(self.source.total, 1), 1.0)
            self.progress(_LOAD_SHARE + 0.75 * share)

    def _piece(
        self, piece: int, columns: list[int], text: bool
    ) -> tuple[list[dict[int, pd.Categorical]], int]:
        """The piece's chunks, and how many empty lines before its first row were passed over."""
        skip = self.header_index + 1 if piece == 0 else 0
        chunks: list[dict[int, pd.Categorical]] = []
        passed = 0
        limit: int | None = None
        while True:
            buffer = self.source.open(self.spans[piece], lambda at: self._report(piece, at))
            try:
                reader = pd.read_csv(
                    buffer,
                    encoding=self.source.encoding,
                    encoding_errors="replace",
                    header=None,
                    skiprows=skip + passed,
                    usecols=columns,
                    dtype=dict.fromkeys(columns, "str" if text else "category"),
                    na_filter=False,
                    skip_blank_lines=False,
                    engine="c",
                    chunksize=self.chunk_rows,
                    low_memory=False,  # each chunk in one pass: faster; chunks bound the memory
                )
                with reader, buffer:
                    for chunk in reader:
                        if self._stop.is_set() or (self.cancelled is not None and self.cancelled()):
                            raise Cancelled
                        chunks.append({i: self._as_text(i, chunk[i].array) for i in columns})
                        self._report(piece, buffer.tell())
                return chunks, passed
            except pd.errors.EmptyDataError:
                # The parser counts columns on the first line it reads, and an empty line has
                # none: pass over it (it would be left out anyway) and read again, unless
                # nothing is left.
                if limit is None:
                    limit = self.source.count_lines(self.spans[piece])
                if passed >= limit:  # every line of the piece was empty
                    return chunks, passed
                passed += 1

    def _as_text(self, column: int, values: object) -> pd.Categorical:
        if not isinstance(values, pd.Categorical):  # read as text
            return pd.Categorical(np.asarray(values, dtype=object))
        if values.categories.dtype == "str":
            return values
        self.numeric.add(column)
        return pd.Categorical.from_codes(values.codes, categories=values.categories.astype("str"))


def never_back(progress: Progress) -> Progress:
    """The same progress, never reported lower than it was (a second try starts lower)."""
    highest = 0.0

    def forward(fraction: float) -> None:
        nonlocal highest
        if fraction > highest:
            highest = fraction
            progress(fraction)

    return forward


# A file this big is parsed in pieces side by side; below it, one piece is quicker.
LARGE_CSV_BYTES = 4 * 1024 * 1024
# Encodings in which a line-feed byte is always a line feed.
_LF_SAFE = frozenset({"utf-8", "utf-8-sig", "cp1252"})


def _pieces(csv_data: CsvData, header_index: int, pieces: int | None) -> list[tuple[int, int]]:
    """Byte spans of loaded bytes to parse side by side, each starting on a new line.

    A file with any double quote stays whole: a quoted field may hold a line break.
    """
    data = csv_data.data
    if csv_data.encoding not in _LF_SAFE or data.find(b'"') >= 0:
        pieces = 1
    return _spans(len(data), lambda at: data.find(b"\n", at), header_index, pieces)


def _spans(
    size: int, newline_from: Callable[[int], int], header_index: int, pieces: int | None
) -> list[tuple[int, int]]:
    """``pieces`` spans of ``size`` bytes (by default one per core, at most 4, for a large file),
    cut just after the first line feed from each even share; ``newline_from(at)`` is the offset
    of the first line feed at or after ``at``, or -1. The first span holds the header.
    """
    if pieces is None:
        pieces = min(os.cpu_count() or 1, 4) if size >= LARGE_CSV_BYTES else 1
    whole = [(0, size)]
    if pieces <= 1:
        return whole
    floor = 0  # the first piece holds the header and any lines above it
    for _ in range(header_index + 1):
        floor = newline_from(floor) + 1
        if not floor:
            return whole
    cuts = [0]
    for k in range(1, pieces):
        at = newline_from(max(size * k // pieces, floor, cuts[-1]))
        if at < 0 or at + 1 >= size:
            break
        cuts.append(at + 1)
    cuts.append(size)
    return list(itertools.pairwise(cuts))


def _combine(parts: list[pd.Categorical]) -> pd.Categorical:
    """One categorical from the chunks' (each has its own categories)."""
    if not parts:
        return pd.Categorical([], categories=pd.Index([], dtype="str"))
    if len(parts) == 1:
        return parts[0]
    first = parts[0].categories
    if all(part.categories.equals(first) for part in parts[1:]):
        return pd.Categorical.from_codes(
            np.concatenate([part.codes for part in parts]), dtype=parts[0].dtype
        )
    # Number the chunks' categories together, then renumber each chunk's codes.
    every = np.concatenate([np.asarray(part.categories, dtype=object) for part in parts])
    numbers, distinct = pd.factorize(every)
    codes = []
    offset = 0
    for part in parts:
        size = len(part.categories)
        renumber = np.append(numbers[offset : offset + size], -1)  # code -1 (missing) stays -1
        codes.append(renumber[part.codes])
        offset += size
    return pd.Categorical.from_codes(
        np.concatenate(codes), categories=pd.Index(distinct, dtype="str")
    )
