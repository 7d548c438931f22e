"""Starting the window: logging, Qt messages, crash handling, the store, the main window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from lcpdesk import __version__, paths
from lcpdesk.cli import EXIT_REFUSED, data_dir_of
from lcpdesk.errors import UserFacingError
from lcpdesk.logs import crash_details, log_dir_for, setup_logging, write_crash_report

if TYPE_CHECKING:
    from lcpdesk.store.db import Store

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
        from lcpdesk.services.checks import damage_message

        damaged = damage_message(data_dir, exc) if isinstance(exc, Exception) else None
        if damaged is not None:  # not a bug: the data file is damaged
            prompts.show_error(damaged)
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


def open_checked(data_dir: Path) -> Store | None:
    """Open the store after the start-up check; damage found: say so plainly, keep the damaged
    file beside the store and offer the newest good backup. None: nothing to open."""
    from lcpdesk.services import backups
    from lcpdesk.services.checks import ensure_sound
    from lcpdesk.store.damage import DamagedStore
    from lcpdesk.store.db import open_store
    from lcpdesk.ui import prompts

    try:
        store = open_store(data_dir, writer=True)
        try:
            ensure_sound(store)
        except BaseException:
            store.close()
            raise
    except DamagedStore as exc:
        log.error("the store is damaged: %s", exc)
        good = backups.newest_good(paths.backups_dir(data_dir))
        if good is None:
            prompts.show_error(exc)
            return None
        restore = prompts.ask_yes_no(
            None,
            "lcpdesk: the data file is damaged",
            exc.message,
            f"The newest good backup is from {good.taken:%d %b %Y %H:%M} "
            f"({good.what_came_after}). Restore it? The damaged file is kept beside it.",
            yes_text="Restore the backup",
            no_text="Quit",
            default=True,
        )
        if not restore:
            return None
        try:
            kept = backups.restore(data_dir, good.path)
            log.info("restored %s at start-up; the damaged file is %s", good.path, kept)
            return open_store(data_dir, writer=True)
        except UserFacingError as again:
            prompts.show_error(again)
            return None
    except UserFacingError as exc:
        log.error("cannot open the store: %s", exc)
        prompts.show_error(exc)
        return None
    from lcpdesk.store.writer import synced_warning

    warning = synced_warning(store.path)
    if warning:
        log.warning("%s", warning)
        prompts.warn(None, "lcpdesk: the data file is in a synced folder", warning)
    try:
        backups.daily(store)
    except UserFacingError as exc:
        log.warning("the daily backup could not be made: %s", exc)
        prompts.warn(None, "lcpdesk: no backup today", exc.message, exc.hint)
    return store


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

    store = open_checked(data_dir)
    if store is None:
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
