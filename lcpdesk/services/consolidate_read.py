"""Reading a folder's returns in worker processes (both cores), for :mod:`consolidate`.

What crosses between processes is plain data: a :class:`Read` (the reader's
:class:`~lcpdesk.services.returns_files.ReadReturn` without its locator closure, or the reason
the file could not be read). A worker that dies on a file (a workbook that makes the reader
abort) breaks the pool; the files it held are then read again one at a time, each in a fresh
single-worker pool, so only the file that kills its reader is refused.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from lcpdesk.errors import UserFacingError
from lcpdesk.services import returns_files
from lcpdesk.services.returns_refs import sheet_locator

# Below this many files a pool costs more (starting interpreters) than it saves.
POOL_FROM = 4


@dataclass(frozen=True)
class Read:
    path: Path
    read: returns_files.ReadReturn | None  # None: ``error`` says why
    error: str = ""


def read_one(path: Path) -> Read:
    """Read and check one return (in a worker process, or inline)."""
    try:
        found = returns_files.read_return(path)
    except UserFacingError as exc:
        text = exc.message + (f" ({exc.hint})" if exc.hint else "")
        return Read(path, None, text)
    except OSError as exc:
        return Read(path, None, f"the file cannot be read ({exc.strerror or exc})")
    return Read(path, replace(found, locate=sheet_locator))


def with_locator(found: returns_files.ReadReturn) -> returns_files.ReadReturn:
    """The read with its locator back (lost on the way from a worker)."""
    return replace(found, locate=returns_files.locator(found.locations))


def read_all(
    paths: Sequence[Path], cancelled: Callable[[], bool] = lambda: False
) -> Iterator[Read]:
    """Every file read, in the order they finish; stops early when ``cancelled``."""
    if len(paths) < POOL_FROM:
        for path in paths:
            if cancelled():
                return
            yield read_one(path)
        return
    workers = max(1, min(os.cpu_count() or 1, len(paths)))
    broken: list[Path] = []
    context = multiprocessing.get_context("spawn")  # never fork a process holding Qt threads
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures: dict[Future[Read], Path] = {pool.submit(read_one, p): p for p in paths}
        try:
            for future in as_completed(futures):
                if cancelled():
                    break
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
        finally:
            for future in futures:
                future.cancel()
    for path in broken:
        if cancelled():
            return
        yield _alone(path)


def _alone(path: Path) -> Read:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        try:
            return pool.submit(read_one, path).result()
        except BrokenProcessPool:
            return Read(path, None, "the reader stopped on this workbook (damaged or hostile)")
