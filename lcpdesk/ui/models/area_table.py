"""The area table, laid out as the published table (seed 000) prints it.

``<partnership label> | Membership | Footprint``, one row per partnership in
tree order with its sub-units indented beneath it, then a bold Total row; an
em dash where a figure is not known. The layout is the point, so the table is
not sortable.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from lcpdesk.domain.model import AreaTable, AreaTableRow
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import RECORD_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

INDENT = "\u2003\u2003"  # two em spaces before a sub-unit's name
TOTAL = "Total"


class AreaCol(IntEnum):
    NAME = 0
    MEMBERSHIP = 1
    FOOTPRINT = 2


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class AreaTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: AreaTable | None = None
        self._rows: list[AreaTableRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: AreaTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self._rows = list(table.rows) if table is not None else []
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(AreaCol) - 1)

    def table(self) -> AreaTable | None:
        return self._table

    def total_row(self) -> int:
        """The row number of the Total row (the last row)."""
        return len(self._rows)

    def row_of(self, partnership_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.partnership_id == partnership_id:
                return i
        return None

    def figures(self) -> list[tuple[str, int | None, int | None]]:
        """(name, membership, footprint) per row, Total last, as a user reads them."""
        if self._table is None:
            return []
        out = [(r.name, r.membership, r.footprint) for r in self._rows]
        out.append((TOTAL, self._table.total_membership, self._table.total_footprint))
        return out

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AreaCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(AreaCol):
            return None
        col = AreaCol(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == AreaCol.NAME:
                return self._table.area.partnership_label if self._table else "Partnership"
            return "Membership" if col == AreaCol.MEMBERSHIP else "Footprint"
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == AreaCol.MEMBERSHIP:
                return "Registered patients of the practices wholly within the partnership"
            if col == AreaCol.FOOTPRINT:
                return "Patients of the counted practices who live in the partnership's LSOAs"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if col == AreaCol.NAME else _RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self._table
        if table is None or not index.isValid() or index.row() > len(self._rows):
            return None
        col = AreaCol(index.column())
        is_total = index.row() == len(self._rows)
        row = None if is_total else self._rows[index.row()]
        if row is None:
            name, members, foot = TOTAL, table.total_membership, table.total_footprint
        else:
            name, members, foot = row.name, row.membership, row.footprint
        value = members if col == AreaCol.MEMBERSHIP else foot
        if role == Qt.ItemDataRole.DisplayRole:
            if col == AreaCol.NAME:
                return INDENT + name if row is not None and row.parent_id is not None else name
            return fmt.count(value)
        if role == SORT_ROLE:
            if col == AreaCol.NAME:
                return name.casefold()
            return -1 if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if col == AreaCol.NAME else _RIGHT
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if is_total else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == RECORD_ROLE:
            return row
        return None

    def _tooltip(self, row: AreaTableRow | None, col: AreaCol) -> str | None:
        if row is None:
            return "Sum of the partnerships above (sub-units are included in their partnership)"
        if col == AreaCol.NAME:
            where = f" ({row.parent_name})" if row.parent_name else ""
            return f"{row.name}{where}: {fmt.plural(row.counted_practices, 'practice')} counted"
        if col == AreaCol.MEMBERSHIP:
            notes = [f"{fmt.plural(row.counted_practices, 'practice')} wholly within"]
            if row.practices_without_list_size:
                notes.append(
                    f"{fmt.plural(row.practices_without_list_size, 'practice')} "
                    "without a list size at this extract"
                )
            if row.published_population is not None:
                notes.append(f"Published figure: {fmt.count(row.published_population)}")
            return "\n".join(notes)
        if row.footprint is None:
            return "No patients-by-LSOA data held for this extract"
        return None
