"""Helpers for the import dialog tests: files in NHS Digital's layouts, store snapshots, drops."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from lcpdesk.store import schema
from lcpdesk.store.db import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "nhsd"

# What an import can change. ``lsoa`` is left out: it only numbers LSOA codes (an import adds
# the codes it meets, and they stay after an undo, so that a redo's blocks still point at them).
IMPORTED_TABLES = (
    "area",
    "partnership",
    "practice",
    "list_size",
    "membership",
    "footprint",
    "registration_block",
)


def snapshot(store: Store) -> dict[str, list[str]]:
    """Every row of every table an import writes, for exact before/after comparison."""
    with store.read() as conn:
        return {
            name: sorted(repr(tuple(r)) for r in conn.execute(select(schema.metadata.tables[name])))
            for name in IMPORTED_TABLES
        }


def copy_data(names: list[str], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(DATA / name, folder / name)) for name in names]


def wait_idle(qtbot: Any, dialog: Any, timeout: int = 30000) -> None:
    """Until the dialog's reading, preview or import has finished."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=timeout)


def drop_mime(qapp: Any, target: QWidget, mime: QMimeData) -> tuple[bool, bool]:
    """Drag ``mime`` over ``target`` and drop it: (drag accepted, drop accepted)."""
    pos = QPointF(target.rect().center())
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    enter.ignore()
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    drop.ignore()
    QApplication.sendEvent(target, drop)
    return enter.isAccepted(), drop.isAccepted()


def file_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime
