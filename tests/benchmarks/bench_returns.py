"""Returns: writing a filled return, and reading + validating it with lcpdesk against loading the
same workbook with openpyxl's default loader. Prints the figures.

    .venv/bin/python tests/benchmarks/bench_returns.py

The partnership: 30 practices, 9 dimensions, 5 raters, 10 goals, 100 readings, 40 allocations
(tests/helpers/returns.py). Targets: writing under 1 s; reading at least 5x faster than openpyxl.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.returns import LEVELS, big_return

from lcpdesk.io import workbook_guard
from lcpdesk.io.return_reader import read_return
from lcpdesk.io.return_writer import ReturnLists, write_return


def best(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def fresh_read(path: Path) -> object:
    """Read a return as a user does, once: the guard's memory of files it passed is forgotten,
    so its check is timed too."""
    workbook_guard.forget()
    return read_return(path)


def main() -> None:
    import openpyxl

    content = big_return()
    lists = ReturnLists(levels=LEVELS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xlsx"
        start = time.perf_counter()
        write_return(content, path, lists=lists)
        first_write = time.perf_counter() - start
        write = best(5, lambda: write_return(content, path, lists=lists))
        read = best(5, lambda: fresh_read(path))
        assert read_return(path).content == content
        load = best(5, lambda: openpyxl.load_workbook(path))
    print(f"write a filled return: {write:.3f} s (first, with imports: {first_write:.3f} s)")
    print(f"read and validate it with lcpdesk: {read:.3f} s")
    print(f"load it with openpyxl.load_workbook: {load:.3f} s")
    print(f"lcpdesk is {load / read:.1f}x faster than openpyxl's loader")


if __name__ == "__main__":
    main()
