"""How long the PDF reports take, and how the Overview pane loads at national scale.

    .venv/bin/python tests/benchmarks/bench_reports.py [--practices 6500]
        [--partnerships 1250] [--lsoas-per-practice 150] [--skip-national] [--skip-reports]

1. On the demo data: the area report for Leeds' 18 partnerships (target under 10 s) and the
   profile of one partnership (target under 2 s), each timed twice (the first run pays for
   importing ReportLab and matplotlib).
2. On a national-scale store (``bench_membership.build``: about 1,250 partnerships, plus the
   demo): the real main window opens on the national area and shows the Overview pane; the
   time until its figures are on screen (target under 2 s) and the longest stall of the UI
   thread meanwhile, measured by a 5 ms timer probe as bench_responsiveness does (target: no
   stall over 50 ms). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_membership

from lcpdesk.services.demo import load_demo
from lcpdesk.store.db import open_store

PROBE_MS = 5


def reports(folder: Path) -> None:
    from lcpdesk.services.report_area import area_report, profile_report

    store = open_store(folder / "demo")
    load_demo(store)
    for run in (1, 2):
        start = time.perf_counter()
        profile_report(store, "Armley", "2020/21 Q2", folder / "armley.pdf", area="Leeds")
        took = time.perf_counter() - start
        print(f"profile of Armley (run {run}): {took:.2f} s (target < 2 s)", flush=True)
    for run in (1, 2):
        start = time.perf_counter()
        area_report(store, "Leeds", "2020/21 Q2", folder / "leeds.pdf")
        took = time.perf_counter() - start
        print(f"area report for Leeds, 18 LCPs (run {run}): {took:.2f} s (target < 10 s)")
    store.close()


def national_overview(folder: Path, args: argparse.Namespace) -> None:
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from lcpdesk.ui import prompts
    from lcpdesk.ui.main_window import MainWindow
    from lcpdesk.ui.panes.overview import OverviewPane

    prompts.set_auto_answer(lambda p: p.default)
    app = QApplication.instance() or QApplication([])
    store = open_store(folder / "national")
    start = time.perf_counter()
    rows = bench_membership.build(store, args.practices, args.partnerships, args.lsoas_per_practice)
    load_demo(store)
    print(
        f"national store: {args.partnerships:,} partnerships, {rows:,} practice-by-LSOA rows; "
        f"built in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("navigator/selection", "1:")
    window = MainWindow(store, data_dir=folder, settings=settings)
    window.show()
    pane = next(p for p in window.panes if isinstance(p, OverviewPane))
    deadline = time.perf_counter() + 120
    while window.tasks.tasks and time.perf_counter() < deadline:  # the window's first reads
        app.processEvents()
        time.sleep(0.005)
    lates: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lates.append(max(0.0, (now - last[0]) * 1000 - PROBE_MS))
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(tick)
    probe.start()
    leeds = window.membership.area_named("Leeds").id
    window.show_pane(pane)
    window.navigate(leeds, None)  # the pane shows Leeds; then the user picks England
    while (pane.data is None or pane.data.area.id != leeds or window.tasks.tasks) and (
        time.perf_counter() < deadline
    ):
        app.processEvents()
        time.sleep(0.001)
    start = time.perf_counter()
    last[0] = start
    lates.clear()
    window.navigate(1, None)
    # shown once the Overview's figures are on screen (other panes may still be reading)
    while (pane.data is None or pane.data.area.id != 1) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    shown = time.perf_counter() - start
    settle = time.perf_counter() + 0.3
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.001)
    probe.stop()
    n = pane.models["population"].rowCount()
    print(
        f"Overview of the national area ({n:,} partnerships): shown in {shown:.2f} s "
        f"(target < 2 s); longest UI stall {max(lates, default=0.0):.1f} ms "
        f"(target < 50 ms) over {len(lates):,} probe ticks"
    )
    window.close()
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=6_500)
    parser.add_argument("--partnerships", type=int, default=1_250)
    parser.add_argument("--lsoas-per-practice", type=int, default=150)
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-reports", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lcpdesk-bench-") as tmp:
        folder = Path(tmp)
        (folder / "demo").mkdir()
        (folder / "national").mkdir()
        if not args.skip_reports:
            reports(folder)
        if not args.skip_national:
            national_overview(folder, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
