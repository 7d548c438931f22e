"""One guard for every workbook, run before the Rust reader (python-calamine) sees it.

Workbooks arrive by email from many hands. calamine aborts the whole process, uncatchably, on
some crafted inputs (a 2 KB .xlsx with values at A1 and XFD1048576 asks for 512 GiB), so before
it opens a file, :func:`check_workbook` looks at what the file is and what it declares:

- what it is, by its bytes and not its name: an .xlsx/.xlsm is a zip holding the Office Open XML
  parts, an .ods a zip whose ``mimetype`` says so, an .xls an OLE2 compound file; an OLE2 file
  holding ``EncryptedPackage`` is a password-protected .xlsx; anything else is refused;
- a zip's entry count, declared sizes and compression ratios (zip bombs), and that every XML
  part decompresses to exactly what it declares;
- every XML part, parsed as a stream through defusedxml (no DTD entities, nothing external):
  each sheet's extent of cells holding values, shared-string counts, gigantic cells;
  for .ods the extent of cells holding values (blank repeats are normal there).

A size check cannot foresee every crafted input, so :func:`read_workbook` also reads a workbook
the check is unsure of (every .xls; an .xlsx whose declared size disagrees with its cells) in a
child process with a memory and a time limit (see :mod:`lcpdesk.io.workbook_guard_child`). What
passes the check is read in this process, which costs only the check.

Every refusal is an :class:`~lcpdesk.errors.InputError` naming the file and saying what to do.
An ``OSError`` (missing file, locked file) propagates for the caller to explain.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from lcpdesk.errors import InputError, Location
from lcpdesk.io import workbook_guard_child as child
from lcpdesk.io.workbook_guard_child import BookRead

A = TypeVar("A")
T = TypeVar("T")

__all__ = [
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "MAX_CELL_CHARS",
    "MAX_GRID_CELLS",
    "BookRead",
    "Verdict",
    "check_workbook",
    "forget",
    "read_workbook",
    "refused",
    "run_guarded",
]

# Excel's own grid. No spreadsheet program writes a cell beyond it; a reference past it is crafted.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
# What memory follows from is the grid of a sheet's cells holding values, from A1 to the last
# row and column holding one: calamine allocates ~32 bytes per cell of the used range, and the
# rows lcpdesk reads are padded from A1 as Python lists (8 bytes per cell, more per value).
# 10 million cells (~320 MB in calamine, ~80 MB of lists) holds a national practice-by-LSOA
# file saved as a sheet (about 1.05 million rows × 7 columns) with room to spare.
MAX_GRID_CELLS = 10_000_000
# Excel keeps at most 32,767 characters in a cell; other writers may keep more. A cell far past
# that is no data lcpdesk reads, and costs its size several times over.
MAX_CELL_CHARS = 1_000_000
# A workbook with many sheets, pictures and charts has a few thousand parts.
MAX_ZIP_ENTRIES = 10_000
# Declared uncompressed sizes. A million-row sheet is ~150 MB of XML.
MAX_PART_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
# Sheet XML compresses 5-50×; deflate's ceiling is ~1,030×, where zip bombs sit.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024  # small parts may compress better (runs of one character)
# calamine reserves memory for the shared-string count a workbook declares (24 bytes each).
# Excel's limit on distinct strings is bound by its grid; 20 million is far past any return.
MAX_SHARED_STRINGS = 20_000_000

XLSX, ODS, XLS = "xlsx", "ods", "xls"


@dataclass(frozen=True)
class Verdict:
    """A workbook that passed the check: its format, and whether to read it in a child."""

    kind: str  # XLSX (also .xlsm), ODS or XLS
    isolate: bool
    why: str = ""  # why it is read in a child process


def refused(path: Path | str, problem: str, hint: str) -> InputError:
    """The InputError for a workbook the guard refuses: the file's name, then the problem."""
    return InputError(problem, where=Location(file=str(path)), hint=hint)


_NOT_A_WORKBOOK_HINT = (
    "Choose an Excel workbook (.xlsx, .xlsm, .xls) or an OpenDocument spreadsheet (.ods). If it "
    "opens in Excel, save it again as .xlsx and choose that copy."
)


def _check_uncached(path: Path) -> Verdict:
    from lcpdesk.io import workbook_guard_ole, workbook_guard_zip

    with path.open("rb") as handle:
        start = handle.read(8)
    if not start:
        raise refused(path, "the file is empty (0 bytes)", _NOT_A_WORKBOOK_HINT)
    if start == workbook_guard_ole.SIGNATURE:
        workbook_guard_ole.check(path)
        return Verdict(XLS, isolate=True, why=".xls files are always read apart")
    if start.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return workbook_guard_zip.check(path)
    if b"\0" not in start:
        raise refused(
            path,
            "this is not a workbook: it holds text (a CSV or text file given a workbook's name?)",
            "If it is a CSV file, give it the .csv extension and choose it again; otherwise "
            + _NOT_A_WORKBOOK_HINT[0].lower()
            + _NOT_A_WORKBOOK_HINT[1:],
        )
    raise refused(path, "this is not a workbook", _NOT_A_WORKBOOK_HINT)


_CACHE: OrderedDict[tuple[str, int, int], Verdict] = OrderedDict()
_CACHE_SIZE = 32
_CACHE_LOCK = threading.Lock()


def check_workbook(path: Path | str) -> Verdict:
    """Check a workbook before any calamine open; InputError when it is unsafe or no workbook.

    A file that passed is remembered (by path, size and modification time): one import opens
    the same workbook several times, once per sheet it looks at.
    """
    path = Path(path)
    info = path.stat()
    key = (os.path.abspath(path), info.st_size, info.st_mtime_ns)
    with _CACHE_LOCK:
        known = _CACHE.get(key)
        if known is not None:
            _CACHE.move_to_end(key)
            return known
    verdict = _check_uncached(path)
    with _CACHE_LOCK:
        _CACHE[key] = verdict
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return verdict


def forget() -> None:
    """Forget which files passed the check (benchmarks time the check itself)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def run_guarded(
    path: Path | str, reader: child.Reader[A, T], argument: A, *, isolate: bool | None = None
) -> T:
    """Check the workbook, then run ``reader(str(path), argument)`` on it: in this process when
    the check is sure, else in a child process with a memory and a time limit (``isolate``
    forces either). The reader is a module-level function that opens the workbook with
    python-calamine and returns picklable data (see :data:`workbook_guard_child.Reader`).

    calamine's own errors (``WorksheetNotFound``, ``CalamineError``, ``IndexError``) propagate
    for the caller to explain; a child that dies or a reader that panics becomes an InputError
    naming the file.
    """
    path = Path(path)
    verdict = check_workbook(path)
    if isolate if isolate is not None else verdict.isolate:
        return child.run_apart(reader, str(path), argument)
    return child.run_here(reader, str(path), argument)


def read_workbook(
    path: Path | str,
    sheet: str | int | None = None,
    *,
    limit: int | None = None,
    rows: bool = True,
    isolate: bool | None = None,
) -> BookRead:
    """The sheet names and (``rows``) one sheet's rows from A1, through :func:`run_guarded`.

    The sheet is the first unless ``sheet`` names or numbers one; ``limit`` caps the rows read.
    """
    request = child.SheetRequest(sheet, limit, rows)
    return run_guarded(path, child.read_book, request, isolate=isolate)
