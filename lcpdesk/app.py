"""Starting the window: logging, Qt messages, crash handling, the store, the main window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from lcpdesk import __version__
from lcpdesk.cli import EXIT_REFUSED, data_dir_of
from lcpdesk.errors import UserFacingError
from lcpdesk.logs import crash_details, log_dir_for, setup_logging, write_crash_report

log = logging.getLogger(__name__)

READY_ENV = "LCPDESK_EXIT_WHEN_READY"


def qt_version() -> str:
    """Qt's and PySide6's versions, from QtCore alone (no widgets, no display)."""
    try:
        import PySide6
        from PySide6 import QtCore
    except ImportError as exc:  # pragma: no cover - Qt is a dependency
        return f"Qt not available ({exc})"
    return f"Qt {QtCore.qVersion()} (PySide6 {PySide6.__version__})"


def route_qt_messages() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: Any, _context: Any, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _install_excepthook(data_dir: Path) -> None:
    from lcpdesk.ui import prompts

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, UserFacingError):
            log.warning("refused: %s", exc)
            prompts.show_error(exc)
            return
        details = crash_details(exc_type, exc, tb)
        log.error("unexpected error\n%s", details)
        report = write_crash_report(data_dir, details)
        prompts.show_crash(details, report)

    sys.excepthook = hook


def _set_icon(app: Any) -> None:
    """The window and taskbar icon (the executables carry it too: see ``lcpdesk.spec``)."""
    from PySide6.QtGui import QIcon

    from lcpdesk.paths import resources_dir

    icon = resources_dir() / "icons" / "lcpdesk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window; returns the exit status."""
    data_dir = data_dir_of(args)
    log_file = setup_logging(log_dir_for(getattr(args, "data_dir", None)), verbose=args.verbose)
    log.info("lcpdesk %s starting; data folder %s; log %s", __version__, data_dir, log_file)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("lcpdesk")
    app.setOrganizationName("lcpdesk")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("lcpdesk")
    _set_icon(app)

    from lcpdesk.ui import prompts

    prompts.set_dialogs_enabled(not args.no_error_dialogs)
    route_qt_messages()
    _install_excepthook(data_dir)

    from lcpdesk.store.db import open_store

    try:
        store = open_store(data_dir)
    except UserFacingError as exc:
        log.error("cannot open the store: %s", exc)
        prompts.show_error(exc)
        return EXIT_REFUSED

    from lcpdesk.ui.main_window import MainWindow

    window = MainWindow(store, data_dir=data_dir, load_demo=bool(args.demo))
    window.show()
    # What start-up built (Qt, pandas, SQLAlchemy, the window) lives as long as the app: keep
    # the cycle collector from walking it again on every full collection.
    gc.freeze()
    if os.environ.get(READY_ENV) == "1":
        # For the start-up benchmark and the smoke test: once the window is shown, the event
        # loop has run and no task (e.g. loading the demo) is still at work, say so and quit.
        poll = QTimer(window)
        poll.setInterval(20)

        def ready() -> None:
            if window.tasks.tasks:
                return
            poll.stop()
            print("lcpdesk-ready", flush=True)
            window.close()
            app.quit()

        poll.timeout.connect(ready)
        poll.start()
    try:
        return int(app.exec())
    finally:
        store.close()
        log.info("lcpdesk closed")
