"""The files of an import, as read: what each was recognised as, its rows, dates and set-asides.

One row per file the user chose: a file that was read shows its kind (in words), the rows read,
its extract dates and the rows set aside (with why); a refused file shows "Refused" and, as its
tooltip, the problem naming the file, line and column. The model holds the files' summaries
(:class:`~lcpdesk.io.kinds.base.FileSummary`), never their parsed data, which stays in the
import service's plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from lcpdesk.io.kinds.base import FileSummary
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import RECORD_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

REFUSED = "Refused"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ERROR_COLOUR = QColor("#a4262c")


class FileCol(IntEnum):
    FILE = 0
    KIND = 1
    ROWS = 2
    DATES = 3
    SET_ASIDE = 4


HEADERS = {
    FileCol.FILE: "File",
    FileCol.KIND: "Recognised as",
    FileCol.ROWS: "Rows",
    FileCol.DATES: "Extract dates",
    FileCol.SET_ASIDE: "Set aside",
}


@dataclass(frozen=True, eq=False)
class FileEntry:
    """A file the user chose: read (``summary``) or refused (``problem``)."""

    path: Path
    summary: FileSummary | None = None
    problem: str = ""

    @property
    def name(self) -> str:
        return self.summary.source_name if self.summary is not None else self.path.name


def kind_text(summary: FileSummary) -> str:
    """``"a practice list-size file (gp-reg-pat-prac-all.csv)"`` -> ``"Practice list-size file
    (gp-reg-pat-prac-all.csv)"``."""
    words = summary.description.removeprefix("a ").removeprefix("an ")
    return words[:1].upper() + words[1:]


def dates_text(summary: FileSummary) -> str:
    dates = summary.extract_dates
    if not dates:
        return fmt.UNKNOWN
    if len(dates) <= 3:
        return ", ".join(fmt.day(d) for d in dates)
    return f"{fmt.day(dates[0])} to {fmt.day(dates[-1])} ({len(dates)} dates)"


class ImportFilesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[FileEntry] = []

    def entries(self) -> list[FileEntry]:
        return list(self._entries)

    def refused(self) -> list[FileEntry]:
        return [e for e in self._entries if e.summary is None]

    def paths(self) -> list[Path]:
        return [e.path for e in self._entries]

    def add(self, entries: list[FileEntry]) -> None:
        if not entries:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._entries.extend(entries)
        self.endInsertRows()

    def remove(self, row: int) -> FileEntry:
        self.beginRemoveRows(QModelIndex(), row, row)
        entry = self._entries.pop(row)
        self.endRemoveRows()
        return entry

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FileCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FileCol):
            return None
        col = FileCol(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == FileCol.ROWS else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole and col == FileCol.ROWS:
            return "Rows of data in the file"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        col = FileCol(index.column())
        summary = entry.summary
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, col)
        if role == SORT_ROLE:
            if col == FileCol.ROWS:
                return -1 if summary is None else summary.rows_read
            if col == FileCol.DATES:
                dates = summary.extract_dates if summary is not None else ()
                return dates[0].isoformat() if dates else ""
            return str(self._display(entry, col)).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == FileCol.ROWS else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            if summary is None:
                return entry.problem
            if col == FileCol.FILE:
                return summary.source + (f", sheet {summary.sheet}" if summary.sheet else "")
            if col in (FileCol.KIND, FileCol.SET_ASIDE):
                return self._display(entry, col)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if summary is None and col == FileCol.KIND:
                return QBrush(_ERROR_COLOUR)
            return None
        if role == RECORD_ROLE:
            return entry
        return None

    @staticmethod
    def _display(entry: FileEntry, col: FileCol) -> str:
        summary = entry.summary
        if col == FileCol.FILE:
            return entry.name
        if summary is None:
            return REFUSED if col == FileCol.KIND else ""
        if col == FileCol.KIND:
            return kind_text(summary)
        if col == FileCol.ROWS:
            return f"{summary.rows_read:,}"
        if col == FileCol.DATES:
            return dates_text(summary)
        return summary.set_aside
