"""Models for the Describe template… dialog: a sheet as a grid of cell values (columns A, B,
C…, rows 1, 2, 3…, chosen cells marked with their field), and lcpdesk's fields by plain name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from lcpdesk.io.datamaps import field_names
from lcpdesk.io.templates import column_letters
from lcpdesk.ui.models import SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 10
CHOSEN = "#C6EFCE"  # a cell given a field: green, and its tooltip names the field


def shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class GridModel(QAbstractTableModel):
    """A sheet's values (already bounded to its used range by the reader)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: list[list[Any]] = []
        self.columns = 0
        self.marks: dict[tuple[int, int], str] = {}  # (row, column) 0-based -> field name

    def set_grid(self, grid: list[list[Any]], marks: dict[tuple[int, int], str]) -> None:
        self.beginResetModel()
        self.grid = grid
        self.columns = max((len(r) for r in grid), default=0) + 4  # room to click beside
        self.marks = marks
        self.endResetModel()

    def set_marks(self, marks: dict[tuple[int, int], str]) -> None:
        self.marks = marks
        if self.grid:
            end = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), end)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid) + 5

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def value(self, row: int, column: int) -> Any:
        line = self.grid[row] if row < len(self.grid) else []
        return line[column] if column < len(line) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return shown(self.value(row, column))
        mark = self.marks.get((row, column))
        if role == Qt.ItemDataRole.ToolTipRole and mark:
            return f"lcpdesk field: {mark}"
        if role == Qt.ItemDataRole.BackgroundRole and mark:
            return QBrush(QColor(CHOSEN))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letters(section + 1)
        return str(section + 1)


def fields_model(parent: Any = None) -> QStandardItemModel:
    """lcpdesk's fields: the plain name shown, the key in :data:`KEY_ROLE` and the tooltip."""
    model = QStandardItemModel(parent)
    for key, name in field_names():
        item = QStandardItem(name)
        item.setData(key, KEY_ROLE)
        item.setToolTip(key)
        item.setEditable(False)
        model.appendRow(item)
    return model
