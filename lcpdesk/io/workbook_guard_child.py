"""Reading a workbook with python-calamine, here or in a child process with limits.

calamine is Rust: on some crafted files it aborts the process (a failed allocation) or panics
(a ``PanicException``, a ``BaseException`` that ``except Exception`` lets through). In a child
process an abort only ends the child, and the parent says the file cannot be read.

The child is a ``multiprocessing`` *spawn* child, so it works the same on Linux, macOS and
Windows and from the PyInstaller bundle (``lcpdesk/__main__.py`` calls ``freeze_support()``
first thing, which runs the child when the bundle starts as one). On Linux and macOS the child
limits its own address space (``RLIMIT_AS``) before it opens the file; Windows has no such
limit without a job object (pywin32), so there the pre-check and the time limit are the guard.

This module imports nothing heavy: a child loads it, python-calamine and nothing else.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TypeVar, cast

from lcpdesk.errors import InputError, Location

log = logging.getLogger(__name__)

# A child reading the largest workbook the check lets through (10 million cells) needs ~1.5 GB;
# past 3 GiB of address space it is a crafted file. 2 minutes reads any sane workbook many
# times over on a slow laptop; a looping .xls sector chain never finishes.
CHILD_MEMORY_BYTES = 3 * 1024 * 1024 * 1024
CHILD_SECONDS = 120.0


T = TypeVar("T")
A = TypeVar("A")
# A reader: a module-level function (so a child can import it) taking the workbook's path and
# one picklable argument, opening the workbook with python-calamine, returning picklable data.
Reader = Callable[[str, A], T]


@dataclass(frozen=True)
class SheetRequest:
    sheet: str | int | None = None  # a name, a number from 0, or None for the first
    limit: int | None = None  # at most this many rows
    rows: bool = True  # False: only the sheet names


@dataclass(frozen=True)
class BookRead:
    """A workbook's sheet names, and the rows of the sheet read (from A1) with its name."""

    sheet_names: list[str]
    name: str | None = None
    rows: list[list[object]] | None = None


def read_book(path: str, request: SheetRequest) -> BookRead:
    """A :data:`Reader`: the sheet names, and one sheet's rows from A1 (padded, as Excel shows)."""
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(path) as book:
        names = list(book.sheet_names)
        if not request.rows:
            return BookRead(names)
        if isinstance(request.sheet, str):
            chosen = book.get_sheet_by_name(request.sheet)
        else:
            chosen = book.get_sheet_by_index(request.sheet or 0)
        values = chosen.to_python(skip_empty_area=False, nrows=request.limit)
        return BookRead(names, chosen.name, [list(row) for row in values])


def _unreadable(path: str, detail: str) -> InputError:
    return InputError(
        f"the workbook cannot be read safely: {detail}",
        where=Location(file=path),
        hint="It may be damaged or made to harm. Ask the sender for a new copy, or open it in "
        "Excel, save it again as .xlsx and choose that copy.",
    )


def run_here(reader: Reader[A, T], path: str, argument: A) -> T:
    """Run a reader in this process (for workbooks the check is sure of)."""
    try:
        return reader(path, argument)
    except Exception:
        raise
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        log.warning("calamine panicked reading %s: %s", path, exc)
        raise _unreadable(path, "the reader stopped on it") from None


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no RLIMIT_AS; the pre-check and the time limit guard it
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # macOS may refuse to lower it; the time limit still holds
        log.debug("could not limit the reader's memory")


def _child(conn: Connection, reader: Reader[A, T], path: str, argument: A, memory: int) -> None:
    """The child process: limit memory, read, send ("ok", result) or ("error", exception)."""
    _limit_memory(memory)
    try:
        answer: tuple[str, object] = ("ok", reader(path, argument))
    except Exception as exc:
        answer = ("error", exc)
    except BaseException as exc:  # a PanicException
        answer = ("panic", str(exc))
    try:
        conn.send(answer)
    except (pickle.PicklingError, TypeError, AttributeError):  # an exception that won't pickle
        conn.send(("error", RuntimeError(str(answer[1]))))
    conn.close()


def run_apart(
    reader: Reader[A, T],
    path: str,
    argument: A,
    *,
    memory: int = CHILD_MEMORY_BYTES,
    seconds: float = CHILD_SECONDS,
) -> T:
    """Run a reader in a spawned child with a memory limit (Linux, macOS) and a time limit."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(send, reader, path, argument, memory),
        name="lcpdesk-workbook",
        daemon=True,
    )
    process.start()
    send.close()  # the child holds the only sending end: its death ends the pipe
    try:
        if not wait([receive], timeout=seconds):
            process.kill()
            raise _unreadable(path, f"reading it took longer than {seconds:.0f} seconds") from None
        try:
            status, value = receive.recv()
        except (EOFError, OSError):
            process.join(5)
            code = process.exitcode
            log.warning("the workbook reader for %s ended with exit code %s", path, code)
            raise _unreadable(
                path, "the reader stopped on it (it may ask for far too much memory)"
            ) from None
    finally:
        receive.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
        process.close()
    if status == "ok":
        return cast(T, value)
    if status == "error" and isinstance(value, Exception):
        if isinstance(value, MemoryError):
            raise _unreadable(path, "it needs far too much memory") from None
        raise value
    raise _unreadable(path, "the reader stopped on it")
