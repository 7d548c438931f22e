"""Returns out: one pre-filled return per partnership of an area, written into a folder (the
programme office's quarterly send-out), and the date each was written recorded as "sent".

The store is read here (one partnership after another); the workbooks are written by worker
processes (both cores). Cancel removes the files this run wrote and records nothing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from lcpdesk import clock
from lcpdesk.domain import periods
from lcpdesk.domain.returns import ReturnContent
from lcpdesk.errors import Cancelled, InputError
from lcpdesk.services import returns_files
from lcpdesk.services.consolidate import partnerships_of
from lcpdesk.services.returns import ReturnsService
from lcpdesk.store import returns_sent
from lcpdesk.store.db import Store

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}  # fmt: skip
POOL_FROM = 4


def file_name(partnership: str, period: str, taken: set[str] | None = None) -> str:
    """A file name for a partnership's return, safe on Windows and unique among ``taken``
    (compared without case, as Windows does)."""
    stem = _UNSAFE.sub("-", f"{partnership} {period} return".replace("/", "-"))
    stem = " ".join(stem.split()).rstrip(". ") or "return"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    stem = stem[:120].rstrip(". ")
    name, n = f"{stem}.xlsx", 1
    while taken is not None and name.casefold() in taken:
        n += 1
        name = f"{stem} ({n}).xlsx"
    if taken is not None:
        taken.add(name.casefold())
    return name


def _write(content: ReturnContent, path: Path, levels: Sequence[str],
           partners: Sequence[str]) -> list[str]:  # fmt: skip
    return returns_files.write_return(content, path, levels, partners, blank=True)


def write_returns(
    store: Store,
    area_name: str,
    period: str,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write every partnership's pre-filled return into ``folder``; the paths written."""
    say = progress or (lambda _f, _t: None)
    is_cancelled = cancelled or (lambda: False)
    chosen = str(periods.parse(period))
    _area, units = partnerships_of(store, area_name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"The folder '{folder}' cannot be made ({exc.strerror or exc}).") from None
    service = ReturnsService(store)
    taken = {p.name.casefold() for p in folder.iterdir()}
    written: list[tuple[int, Path]] = []
    futures: list[tuple[Future[list[str]] | None, int, Path]] = []
    workers = max(1, min(os.cpu_count() or 1, len(units)))
    pool = (
        ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        if len(units) >= POOL_FROM
        else None
    )
    try:
        for number, unit in enumerate(units, start=1):
            if is_cancelled():
                raise Cancelled()
            content, levels, partners = service.to_write(unit.id, chosen, filled=False)
            path = folder / file_name(unit.name, chosen, taken)
            if pool is None:
                _write(content, path, levels, partners)
                futures.append((None, unit.id, path))
            else:
                job = pool.submit(_write, content, path, levels, partners)
                futures.append((job, unit.id, path))
            say(0.5 * number / len(units), f"Prepared {unit.name}")
        for number, (future, unit_id, path) in enumerate(futures, start=1):
            if is_cancelled():
                raise Cancelled()
            if future is not None:
                future.result()
            written.append((unit_id, path))
            say(0.5 + 0.5 * number / len(futures), f"Wrote {path.name}")
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        for _f, _u, path in futures:
            path.unlink(missing_ok=True)
        raise
    finally:
        if pool is not None:
            pool.shutdown()
    day = today or clock.today()
    with store.write() as conn:
        for unit_id, path in written:
            returns_sent.mark_sent(conn, unit_id, chosen, path.name, day)
    return [p for _u, p in written]
