"""Unexpected errors (bugs) caught in the GUI: log, crash report file, crash dialog.

The report is written by :mod:`lcpdesk.logs` (as ``app.py``'s excepthook does) into
the crash-report folder of the data folder the window was opened on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from lcpdesk.logs import crash_details, write_crash_report
from lcpdesk.ui import prompts

log = logging.getLogger(__name__)

_data_dir: Path | None = None


def configure(data_dir: Path | None) -> None:
    """The data folder whose ``crash-reports/`` receives reports."""
    global _data_dir  # noqa: PLW0603
    _data_dir = data_dir


def report(exc: BaseException, parent: QWidget | None = None) -> Path | None:
    """Log the bug, write a crash report and show the crash dialog. Returns the report.
    When the data file turns out to be damaged, that is what the user is told instead."""
    from lcpdesk.services.checks import damage_message

    damaged = damage_message(_data_dir, exc) if _data_dir is not None else None
    if damaged is not None:
        prompts.show_error(damaged, parent)
        return None
    details = crash_details(type(exc), exc, exc.__traceback__)
    log.error("unexpected error\n%s", details)
    path = write_crash_report(_data_dir, details) if _data_dir is not None else None
    prompts.show_crash(details, path, parent=parent)
    return path
