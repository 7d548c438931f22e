"""The programme office's quarter at scale: writing every partnership's pre-filled return, and
consolidating a folder of filled returns (read in worker processes on every core). Prints the
figures, with the peak memory of this process and of the largest worker.

    .venv/bin/python tests/benchmarks/bench_consolidate.py            # 200 partnerships
    .venv/bin/python tests/benchmarks/bench_consolidate.py 200 1250   # both sizes

The store: the demo data plus an area "Bench" of N partnerships, each with 8 practices (list
sizes given). The filled returns are the pre-filled ones completed as a partner would (who,
when, every practice confirmed, every level agreed), written by the returns service's writer.
Targets: consolidating 200 returns under 20 s; the aim at 1,250 under 60 s; memory under 500 MB.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert

from lcpdesk.domain.returns import ReturnContent
from lcpdesk.services import returns_files
from lcpdesk.services.consolidate import consolidate, partnerships_of
from lcpdesk.services.demo import load_demo
from lcpdesk.services.returns import ReturnsService
from lcpdesk.services.returns_out import write_returns
from lcpdesk.store.db import Store, open_store
from lcpdesk.store.schema import area, list_size, membership, partnership, practice
from tests.helpers.quarter import completed

PERIOD = "2026/27 Q3"
PRACTICES_EACH = 8


def build(store: Store, n: int) -> None:
    with store.write() as conn:
        area_id = conn.execute(
            insert(area).values(name="Bench", partnership_label="LCP")
        ).inserted_primary_key[0]
        for i in range(n):
            unit = conn.execute(
                insert(partnership).values(
                    area_id=area_id, name=f"Partnership {i:04d}", sort_order=i
                )
            ).inserted_primary_key[0]
            for j in range(PRACTICES_EACH):
                code = f"Z{i:04d}{j}"
                pid = conn.execute(
                    insert(practice).values(code=code, name=f"Practice {code}", pcn_name=f"PCN {i}")
                ).inserted_primary_key[0]
                size = {"extract_date": dt.date(2026, 10, 1), "patients": 5000 + 37 * j}
                conn.execute(insert(list_size).values(practice_id=pid, **size))
                joined = {"partnership_id": unit, "effective_from": dt.date(2020, 4, 1)}
                conn.execute(insert(membership).values(practice_id=pid, **joined))


def _write_filled(content: ReturnContent, path: Path, levels: list[str]) -> None:
    returns_files.write_return(completed(content, level=levels[1]), path, levels)


def make_filled(store: Store, folder: Path) -> None:
    service = ReturnsService(store)
    _a, units = partnerships_of(store, "Bench")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(mp_context=context) as pool:
        jobs = []
        for unit in units:
            content, levels, _partners = service.to_write(unit.id, PERIOD, filled=True)
            jobs.append(pool.submit(_write_filled, content, folder / f"{unit.name}.xlsx", levels))
        for job in jobs:
            job.result()


def cpu_s() -> float:
    """CPU seconds of this process and its finished workers (wall time depends on the load)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        store = open_store(data)
        try:
            load_demo(store)
            build(store, n)
            out, back = Path(tmp) / "out", Path(tmp) / "in"
            back.mkdir()
            start, cpu = time.perf_counter(), cpu_s()
            written = write_returns(store, "Bench", PERIOD, out)
            write_s, write_cpu = time.perf_counter() - start, cpu_s() - cpu
            assert len(written) == n
            make_filled(store, back)
            start, cpu = time.perf_counter(), cpu_s()
            result = consolidate(store, back, "Bench", PERIOD)
            consolidate_s, consolidate_cpu = time.perf_counter() - start, cpu_s() - cpu
            assert result.count("accepted") == n, result.lines()[:20]
            start = time.perf_counter()
            again = consolidate(store, back, "Bench", PERIOD)
            again_s = time.perf_counter() - start
            assert again.count("already read") == n
        finally:
            store.close()
    print(f"{n} partnerships: write the pre-filled returns {write_s:.1f} s; "
          f"consolidate the filled returns {consolidate_s:.1f} s; "
          f"again (all already read) {again_s:.1f} s")  # fmt: skip
    print(f"  CPU seconds (this process and its workers): writing {write_cpu:.1f}, "
          f"consolidating {consolidate_cpu:.1f}; load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"  peak memory: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")  # fmt: skip


def main(argv: list[str]) -> None:
    for n in [int(a) for a in argv] or [200]:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
