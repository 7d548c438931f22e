"""A read-only table of records (dataclasses from the services) described by its columns, and
a proxy that filters it with a predicate and sorts by the raw values.

The Goals and Resources panes show many small tables (goals, measures, readings, milestones,
partners, allocations, totals, warnings); each is a :class:`RecordTableModel` with a list of
:class:`Column` specs, so they all behave alike: display text, raw value under
:data:`SORT_ROLE`, the record under :data:`RECORD_ROLE`, numbers right-aligned, tooltips,
demo rows in italics, and optional background and foreground colours (never the only cue).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from lcpdesk.ui.models import RECORD_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
DEMO_NOTE = "Demo data: made up for the built-in demo, not real figures."
MUTED = "#595959"  # grey text that still reads at 7:1 on white


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # default: the text, case-folded
    numeric: bool = False
    tooltip: Callable[[Any], str | None] | None = None
    colours: Callable[[Any], tuple[str, str] | None] | None = None  # (background, text)
    header_tip: str = ""
    # "bold", "italic" (also in a muted grey unless ``colours`` says) or "" for the plain font
    emphasis: Callable[[Any], str] | None = None


class RecordTableModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        is_demo: Callable[[Any], bool] | None = None,
        is_total: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._records: list[Any] = []
        self._is_demo = is_demo
        self._is_total = is_total
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self._muted = QBrush(QColor(MUTED))

    # ------------------------------------------------------------------ content

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int) -> Any:
        return self._records[row]

    def row_where(self, predicate: Callable[[Any], bool]) -> int | None:
        return next((i for i, r in enumerate(self._records) if predicate(r)), None)

    def column_named(self, header: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.header == header)

    def refresh_all(self) -> None:
        """Every cell may read differently (e.g. another unit was chosen)."""
        if self._records:
            last = self.index(len(self._records) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def set_header(self, column: int, header: str) -> None:
        old = self.columns[column]
        if old.header != header:
            self.columns[column] = replace(old, header=header)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.header_tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        record = self._records[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(record)
        if role == SORT_ROLE:
            return col.sort(record) if col.sort is not None else col.text(record).casefold()
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, col)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            pair = col.colours(record) if col.colours is not None else None
            if pair is None:
                muted = role == Qt.ItemDataRole.ForegroundRole and self._emphasis(record, col)
                return self._muted if muted == "italic" else None
            colour = pair[0] if role == Qt.ItemDataRole.BackgroundRole else pair[1]
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.FontRole:
            if self._is_total is not None and self._is_total(record):
                return self._bold
            if self._is_demo is not None and self._is_demo(record):
                return self._italic
            kind = self._emphasis(record, col)
            return self._bold if kind == "bold" else self._italic if kind == "italic" else None
        return None

    @staticmethod
    def _emphasis(record: Any, col: Column) -> str:
        return col.emphasis(record) if col.emphasis is not None else ""

    def _tooltip(self, record: Any, col: Column) -> str | None:
        notes = []
        if col.tooltip is not None:
            tip = col.tooltip(record)
            if tip:
                notes.append(tip)
        if self._is_demo is not None and self._is_demo(record):
            notes.append(DEMO_NOTE)
        return "\n".join(notes) or None


class RecordFilterProxy(QSortFilterProxyModel):
    """Keeps the records a predicate accepts; sorts by :data:`SORT_ROLE`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._accept: Callable[[Any], bool] | None = None
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_predicate(self, accept: Callable[[Any], bool] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._accept = accept
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._accept = accept
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._accept is None:
            return True
        model = self.sourceModel()
        if not isinstance(model, RecordTableModel):
            return True
        return self._accept(model.record(source_row))

    def record_at(self, row: int) -> Any:
        return self.index(row, 0).data(RECORD_ROLE)

    def records(self) -> list[Any]:
        return [self.record_at(r) for r in range(self.rowCount())]

    def row_where(self, predicate: Callable[[Any], bool]) -> int | None:
        return next((r for r in range(self.rowCount()) if predicate(self.record_at(r))), None)
