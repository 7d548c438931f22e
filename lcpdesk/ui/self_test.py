"""``lcpdesk --self-test``: does this installation work? Run by CI on the frozen build.

In a temporary folder (never the user's own data), it opens a new store, loads the demo data,
checks the Leeds area table against seed 000, writes a filled return and reads it back (it
must match the store: nothing to change), then opens the main window offscreen and shows every
pane, waiting for each to read its data. It prints one line per check and returns 0, or 1 at
the first check that fails (with what went wrong).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lcpdesk import __version__, clock

LEEDS_TOTAL = 861_287
LEEDS_LCPS = 18
RETURN_OF = "Armley"
RETURN_PERIOD = "2020/21 Q2"  # a complete demo assessment
WAIT_S = 60.0


class CheckFailed(Exception):
    pass


def _store_checks(data_dir: Path) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    def open_it(state: dict[str, Any]) -> str:
        from lcpdesk.store.db import open_store
        from lcpdesk.store.migrate import HEAD, current_revision

        store = open_store(data_dir)
        state["store"] = store
        revision = current_revision(store)
        if revision != HEAD:
            raise CheckFailed(f"the new store is at schema {revision}, not {HEAD}")
        return f"a new store at schema {revision}"

    def demo(state: dict[str, Any]) -> str:
        from lcpdesk.services.demo import load_demo

        summary = load_demo(state["store"])
        return f"the demo data: {', '.join(summary.areas)}; {summary.practices} practices"

    def table(state: dict[str, Any]) -> str:
        from lcpdesk.services import reports
        from lcpdesk.services.membership import MembershipService

        service = MembershipService(state["store"])
        area = service.area_named("Leeds")
        extract = reports.pick_extract(service.extract_dates(area.id), None)
        rows = list(reports.to_csv(service.area_table(area.id, extract)).splitlines())
        total = rows[-1].split(",")
        if len(rows) != LEEDS_LCPS + 2 or total[-2:] != [str(LEEDS_TOTAL)] * 2:
            raise CheckFailed(f"unexpected Leeds table:\n{chr(10).join(rows)}")
        return f"the Leeds table: {LEEDS_LCPS} LCPs, {LEEDS_TOTAL:,} both ways"

    def a_return(state: dict[str, Any]) -> str:
        import dataclasses

        from lcpdesk.domain.returns import CONFIRMED
        from lcpdesk.services import returns_files
        from lcpdesk.services.goals import GoalsService
        from lcpdesk.services.returns import ReturnsService

        store = state["store"]
        _area, unit = GoalsService(store).find_partnership(RETURN_OF, "Leeds")
        service = ReturnsService(store)
        content = service.gather(unit.id, RETURN_PERIOD, filled=True)
        # What the partnership fills in by hand: the cover and each practice's status.
        today = clock.today()
        cover = dataclasses.replace(
            content.cover,
            completed_by="Self Test",
            completed_role="lcpdesk",
            email="self-test@example.org",
            completed_on=today,
            signed_off_by="Self Test",
            signed_off_role="lcpdesk",
            signed_off_on=today,
        )
        practices = tuple(dataclasses.replace(p, status=CONFIRMED) for p in content.practices)
        content = dataclasses.replace(content, cover=cover, practices=practices)
        path = data_dir / "self-test-return.xlsx"
        returns_files.write_return(content, path)
        read = returns_files.read_return(path)
        preview = service.preview(
            read.content, read.problems, file_name=path.name, sha256=read.sha256, locate=read.locate
        )
        if preview.refused:
            raise CheckFailed("the return was refused:\n" + "\n".join(map(str, preview.problems)))
        if not preview.is_empty:
            raise CheckFailed("the return read back differs:\n" + "\n".join(preview.lines()))
        return f"a filled {RETURN_PERIOD} return of {RETURN_OF}, written and read back unchanged"

    return [
        ("store", open_it),
        ("demo", demo),
        ("table", table),
        ("return", a_return),
    ]


def _wait(window: Any) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + WAIT_S
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    while window.tasks.tasks:
        if time.monotonic() > deadline:
            raise CheckFailed(f"still reading after {WAIT_S:.0f} s")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.005)


def _window_checks(data_dir: Path) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    def open_window(state: dict[str, Any]) -> str:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from lcpdesk.app import route_qt_messages
        from lcpdesk.ui import prompts
        from lcpdesk.ui.main_window import MainWindow

        state["app"] = QApplication.instance() or QApplication(sys.argv[:1])
        route_qt_messages()  # into the log, as the app does
        prompts.set_dialogs_enabled(False)
        settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(state["store"], data_dir=data_dir, settings=settings)
        window.show()
        _wait(window)
        state["window"] = window
        areas = window.navigator.tree_model.rowCount()
        if areas < 2:
            raise CheckFailed(f"the navigator shows {areas} areas, not the demo's two")
        window.navigate(window.membership.area_named("Leeds").id, None)
        _wait(window)
        return f"the main window ({QApplication.platformName()}), {areas} areas in the navigator"

    def pane_check(index: int) -> Callable[[dict[str, Any]], str]:
        def check(state: dict[str, Any]) -> str:
            window = state["window"]
            window.tabs.setCurrentIndex(index)
            _wait(window)
            pane = window.current_pane()
            if pane is None:
                raise CheckFailed(f"tab {index + 1} shows no pane")
            picture = pane.grab()
            if picture.isNull() or picture.width() < 100:
                raise CheckFailed(f"the {pane.title} pane drew nothing")
            return f"the {pane.title} pane, {picture.width()}×{picture.height()} pixels"

        return check

    def crash_reports(_state: dict[str, Any]) -> str:
        folder = data_dir / "crash-reports"
        found = sorted(folder.glob("*")) if folder.is_dir() else []
        if found:
            raise CheckFailed(found[0].read_text(encoding="utf-8", errors="replace"))
        return "no crash report written"

    from lcpdesk.ui.panes import PANES

    panes = [(f"pane {i + 1}", pane_check(i)) for i in range(len(PANES))]
    return [("window", open_window), *panes, ("crash reports", crash_reports)]


def run_self_test() -> int:
    """Run every check; print what passed; return 0, or 1 at the first failure."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window appears, display or not
    print(f"lcpdesk {__version__} self-test", flush=True)
    started = time.perf_counter()
    state: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="lcpdesk-self-test-") as tmp:
        data_dir = Path(tmp)
        from lcpdesk import logs

        logs.setup_logging(data_dir / "logs", verbose=False)
        checks = [*_store_checks(data_dir), *_window_checks(data_dir)]
        try:
            for name, check in checks:
                try:
                    said = check(state)
                except CheckFailed as failed:
                    print(f"FAILED {name}: {failed}", file=sys.stderr, flush=True)
                    return 1
                except Exception:
                    print(f"FAILED {name}:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
                    return 1
                print(f"ok  {said}", flush=True)
        finally:
            _close(state)
            logs.close_logging()
    print(f"self-test passed: {len(checks)} checks in {time.perf_counter() - started:.1f} s")
    return 0


def _close(state: dict[str, Any]) -> None:
    window = state.get("window")
    if window is not None:
        window.close()
        window.deleteLater()
        app = state.get("app")
        if app is not None:
            app.processEvents()
    store = state.get("store")
    if store is not None:
        store.close()
