"""Logging to a rotating file, and crash reports for bugs."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import logging.handlers
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from lcpdesk import __version__, paths

LOG_FILE = "lcpdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file; a line that cannot be written (a full disk) is dropped without the
    traceback logging would print on the user's screen."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def log_dir_for(data_dir: Path | None) -> Path:
    """Logs live beside a chosen data folder, else in the user's log folder."""
    return data_dir / "logs" if data_dir is not None else paths.default_log_dir()


def setup_logging(log_dir: Path, *, verbose: bool = False) -> Path | None:
    """Send lcpdesk's log records to ``log_dir/lcpdesk.log`` (rotating). Returns the file path,
    or None when the folder cannot be written (logging then goes to stderr only)."""
    root = logging.getLogger()
    close_logging()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    target: Path | None = log_dir / LOG_FILE
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _QuietFileHandler(
            log_dir / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        target = None
    handler.setFormatter(fmt)
    handler._lcpdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return target


def close_logging() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_lcpdesk", False):
            root.removeHandler(handler)
            # the last lines may not be writable (a full disk): nothing more to do about it
            with contextlib.suppress(OSError):
                handler.close()


def crash_details(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    lines = [
        f"lcpdesk {__version__} crash report",
        f"time: {dt.datetime.now().isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]} on {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)),
    ]
    return "\n".join(lines)


def write_crash_report(data_dir: Path, details: str) -> Path | None:
    """Save a crash report file; returns its path, or None if it could not be written."""
    folder = paths.crash_dir(data_dir)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"crash-{stamp}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(details, encoding="utf-8")
    except OSError:
        logging.getLogger(__name__).exception("could not write crash report")
        return None
    return target
