"""How long the real main window keeps its event loop waiting, at national and city scale.

    .venv/bin/python tests/benchmarks/bench_responsiveness.py [--practices 6500]
        [--partnerships 1250] [--lsoas-per-practice 150] [--skip-national-flow]

Builds a store holding one national-scale area ("England": about 1,250 partnerships, 6,500
practices and a million practice-by-LSOA rows, from ``bench_membership.build``) and the demo's
city-sized Leeds and LLR, opens the real :class:`MainWindow` on it (offscreen unless a display is
set), and drives it as a user does: selects areas and partnerships, shows every pane and every
inner tab, types a filter into the practice table and sorts it. A timer probe fires every 5 ms;
how late it fires is how long the window could not answer. Prints, per step and overall, the
longest stall and the 99th percentile. Target: no stall over 50 ms. Not collected by pytest.

``--skip-national-flow`` leaves out showing the flow matrix of the national area (before the
flow matrix was reworked that step froze the window for minutes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_membership

from lcpdesk.services.demo import load_demo
from lcpdesk.store.db import open_store

PROBE_MS = 5
SETTLE_MS = 150  # a step is over once the window has been idle this long
STEP_TIMEOUT_S = 180.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=6_500)
    parser.add_argument("--partnerships", type=int, default=1_250)
    parser.add_argument("--lsoas-per-practice", type=int, default=150)
    parser.add_argument("--skip-national-flow", action="store_true")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTabWidget

    from lcpdesk.ui import prompts
    from lcpdesk.ui.main_window import MainWindow

    def answer(prompt: prompts.Prompt) -> object:  # no modal box may stop the run
        print(f"  prompt ({prompt.kind}): {prompt.title}: {prompt.text}", flush=True)
        if prompt.detail:
            print("    " + prompt.detail.strip().splitlines()[-1], flush=True)
        return prompt.default

    prompts.set_auto_answer(answer)

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="lcpdesk-bench-") as tmp:
        folder = Path(tmp)
        store = open_store(folder)
        start = time.perf_counter()
        rows = bench_membership.build(
            store, args.practices, args.partnerships, args.lsoas_per_practice
        )
        load_demo(store)
        print(
            f"store: England {args.practices:,} practices, {args.partnerships:,} partnerships, "
            f"{rows:,} practice-by-LSOA rows, plus the demo's Leeds and LLR; "
            f"built in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        # Open on the national area, as a programme office would after its last session.
        settings.setValue("navigator/selection", "1:")

        start = time.perf_counter()
        window = MainWindow(store, data_dir=folder, settings=settings)
        window.show()
        shown = time.perf_counter() - start
        print(f"first window: constructed and shown in {shown * 1000:.0f} ms", flush=True)

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

        def idle() -> bool:
            return not window.tasks.tasks

        def run_step(action: Callable[[], object]) -> list[float]:
            lates.clear()
            last[0] = time.perf_counter()
            loop = QEventLoop()
            quiet_since = [0.0]
            began = time.perf_counter()

            def check() -> None:
                now = time.perf_counter()
                if not idle():
                    quiet_since[0] = 0.0
                elif not quiet_since[0]:
                    quiet_since[0] = now
                elif now - quiet_since[0] >= SETTLE_MS / 1000:
                    loop.quit()
                if now - began > STEP_TIMEOUT_S:
                    print("  (step timed out)", flush=True)
                    loop.quit()

            checker = QTimer()
            checker.setInterval(10)
            checker.timeout.connect(check)
            checker.start()
            QTimer.singleShot(0, action)
            loop.exec()
            checker.stop()
            return list(lates)

        results: list[tuple[str, list[float]]] = []

        def step(name: str, action: Callable[[], object]) -> None:
            started = time.perf_counter()
            found = run_step(action)
            took = time.perf_counter() - started
            results.append((name, found))
            worst = max(found, default=0.0)
            flag = "  <-- over 50 ms" if worst > 50 else ""
            print(
                f"{name:<52} longest {worst:8.1f} ms   p99 {percentile(found, 0.99):7.1f} ms"
                f"   ({took:5.2f} s){flag}",
                flush=True,
            )

        def typing(edit: object, text: str) -> Callable[[], None]:
            def start_typing() -> None:
                for n, ch in enumerate(text):  # a fast typist: a key every 80 ms
                    QTimer.singleShot(80 * n, lambda ch=ch: QTest.keyClicks(edit, ch))

            return start_typing

        membership = window.panes[0]
        england = 1
        leeds = next(a.id for a in window.membership.areas() if a.name == "Leeds")
        leeds_units = window.membership.partnerships(leeds)
        probe.start()

        step("window settles on the national area", lambda: None)
        nav = window.navigator
        step("select England", lambda: nav.select(england, None))
        tabs = membership.lower_tabs
        if not args.skip_national_flow:
            step("England: show the Flow matrix tab", lambda: tabs.setCurrentIndex(1))
            step("England: scroll the flow matrix", lambda: scroll(tabs.currentWidget()))
        step("England: show the Populations tab", lambda: tabs.setCurrentIndex(0))
        step("England: filter practices 'B82'", typing(membership.filter_edit, "B82"))
        step("England: clear the filter", membership.filter_edit.clear)
        table = membership.table
        step(
            "England: sort by practice name",
            lambda: table.sortByColumn(1, Qt.SortOrder.DescendingOrder),
        )
        step(
            "England: sort by list size",
            lambda: table.sortByColumn(5, Qt.SortOrder.DescendingOrder),
        )
        step("England: select partnership 7", lambda: nav.select(england, 7))
        step(
            "England: partnership 8 then 9 at once",
            lambda: (nav.select(england, 8), nav.select(england, 9)),
        )

        def every_pane(where: str) -> None:
            for index, pane in enumerate(window.panes):
                step(
                    f"{where}: show the {pane.title} pane",
                    lambda i=index: window.tabs.setCurrentIndex(i),
                )
                for inner in pane.findChildren(QTabWidget):
                    if not inner.isVisible():
                        continue
                    for t in range(inner.count()):
                        if (
                            where == "England"
                            and args.skip_national_flow
                            and inner is tabs
                            and t == 1
                        ):
                            continue
                        step(
                            f"{where}: {pane.title} tab {inner.tabText(t).replace('&', '')}",
                            lambda inner=inner, t=t: inner.setCurrentIndex(t),
                        )
            window.tabs.setCurrentIndex(0)

        every_pane("England")
        step("England: select partnership 7 (all panes)", lambda: nav.select(england, 7))
        every_pane("England p7")
        step("select Leeds", lambda: nav.select(leeds, None))
        every_pane("Leeds")
        step(f"select {leeds_units[0].name}", lambda: nav.select(leeds, leeds_units[0].id))
        every_pane(f"Leeds {leeds_units[0].name}")
        step("Leeds: filter practices 'surg'", typing(membership.filter_edit, "surg"))
        step("back to England", lambda: nav.select(england, None))
        probe.stop()

        every = [v for _name, found in results for v in found]
        worst_name, worst = max(
            ((name, max(found, default=0.0)) for name, found in results), key=lambda p: p[1]
        )
        over = [name for name, found in results if max(found, default=0.0) > 50]
        print()
        print(
            f"overall: {len(results)} steps, {len(every):,} probe ticks; longest stall "
            f"{worst:.1f} ms ({worst_name}); p99 {percentile(every, 0.99):.1f} ms; "
            f"median {statistics.median(every) if every else 0.0:.1f} ms; "
            f"{len(over)} step(s) over 50 ms"
        )
        window.close()
        store.close()
        app.processEvents()
    return 0


def scroll(widget: object) -> None:
    view = getattr(widget, "view", None)
    if view is not None:
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum() // 2)


if __name__ == "__main__":
    sys.exit(main())
