"""The flow matrix: registered-in partnership (rows) × resident-in partnership (columns).

Rows (named in the vertical header, which stays in view when the matrix scrolls sideways): the
area's counted partnerships, then a bold *Total* row (the footprint populations), then an
italic row of residents registered at practices outside the counted set, which is reported
beside the matrix and never added into it. Columns: the partnerships, *Outside every
footprint*, *Unknown residence*, then a bold *Total* (the membership population by
registrations). A cell on the diagonal (registered in and resident in the same partnership)
is bold. Every figure is an em dash when no practice-by-LSOA data is held for the extract.
The layout is the point, so the table is not sortable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from lcpdesk.services.populations import FlowTable
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

TOTAL = "Total"
BESIDE = "Registered at uncounted practices"
BESIDE_TIP = (
    "Residents of each footprint registered at practices outside the counted set (split "
    "practices, practices of other areas). Reported beside the matrix, not added into it."
)
WRAP_AT = 14  # header names longer than this break onto two lines

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)


def two_lines(name: str, width: int = WRAP_AT) -> str:
    """Break a long name at the space (or slash) nearest its middle, for a column header."""
    if len(name) <= width:
        return name
    breaks = [i for i, ch in enumerate(name) if ch in " /"]
    if not breaks:
        return name
    middle = len(name) / 2
    at = min(breaks, key=lambda i: abs(i - middle))
    if name[at] == "/":
        return f"{name[: at + 1]}\n{name[at + 1 :]}"
    return f"{name[:at]}\n{name[at + 1 :]}"


Totals = tuple[tuple[int, ...], tuple[int, ...]]  # (row totals, column totals)


def totals_of(table: FlowTable) -> Totals:
    """The margins, summed once (a national matrix has 1.5 million cells): call it in the
    worker that read the table, and hand the result to :meth:`FlowMatrixModel.set_table`."""
    return table.row_totals, table.column_totals


class FlowMatrixModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: FlowTable | None = None
        self._row_totals: tuple[int, ...] = ()
        self._column_totals: tuple[int, ...] = ()
        self._grand_total = self._beside_total = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_table(self, table: FlowTable | None, totals: Totals | None = None) -> None:
        """Show ``table``; ``totals`` as :func:`totals_of` gives them (summed here if not)."""
        if table is not None and totals is None:
            totals = totals_of(table)
        self.beginResetModel()
        self._table = table
        self._row_totals, self._column_totals = totals or ((), ())
        self._grand_total = sum(self._row_totals)
        self._beside_total = sum(table.beside) if table is not None else 0
        self.endResetModel()  # views read the headers again too: they are the names

    def table(self) -> FlowTable | None:
        return self._table

    # ------------------------------------------------------------------ layout

    @property
    def partnerships(self) -> int:
        return len(self._table.row_names) if self._table is not None else 0

    def total_row(self) -> int:
        return self.partnerships

    def beside_row(self) -> int:
        return self.partnerships + 1

    def total_column(self) -> int:
        return self.columnCount() - 1

    def row_name(self, row: int) -> str:
        assert self._table is not None
        n = self.partnerships
        return self._table.row_names[row] if row < n else (TOTAL if row == n else BESIDE)

    def column_name(self, column: int) -> str:
        assert self._table is not None
        return TOTAL if column == self.total_column() else self._table.column_names[column]

    def value(self, row: int, column: int) -> int | None:
        """The figure at a cell (``None``: not known, or no figure belongs there)."""
        table = self._table
        if table is None or not table.has_data:
            return None
        n = self.partnerships
        total = column == self.total_column()
        if row < n:
            return self._row_totals[row] if total else table.cells[row][column]
        if row == n:
            return self._grand_total if total else self._column_totals[column]
        if column < n:
            return table.beside[column]
        return self._beside_total if total else None

    def figures(self) -> list[tuple[str, list[int | None]]]:
        """What the table says, row by row: (name, figures left to right)."""
        return [
            (self.row_name(r), [self.value(r, c) for c in range(self.columnCount())])
            for r in range(self.rowCount())
        ]

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return self.partnerships + 2

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.column_names) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._table is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role) if 0 <= section < self.rowCount() else None
        if not 0 <= section < self.columnCount():
            return None
        name = self.column_name(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return name if section == self.total_column() else two_lines(name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._column_tip(section)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRE
        if role == Qt.ItemDataRole.FontRole and section == self.total_column():
            return self._bold
        return None

    def _row_header(self, row: int, role: int) -> Any:
        assert self._table is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_name(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT
        if role == Qt.ItemDataRole.FontRole:
            if row == self.total_row():
                return self._bold
            return self._italic if row == self.beside_row() else None
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self._table.area.partnership_label
            if row == self.beside_row():
                return BESIDE_TIP
            if row == self.total_row():
                return f"Patients of every counted practice, by the {label} they live in"
            return f"Patients registered at {self.row_name(row)}'s counted practices"
        return None

    def _column_tip(self, column: int) -> str:
        assert self._table is not None
        label = self._table.area.partnership_label
        n = self.partnerships
        if column == n:
            return f"Patients living in an English LSOA that is in no {label}'s footprint"
        if column == n + 1:
            return "Patients whose LSOA of residence is not known (e.g. NO2011, Welsh LSOAs)"
        if column == self.total_column():
            return f"Every patient registered at the {label}'s counted practices"
        return f"Patients living in {self.column_name(column)}'s footprint"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= col < self.columnCount()):
            return None
        n = self.partnerships
        value = self.value(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            if row == self.beside_row() and n <= col < self.total_column():
                return ""  # no figure belongs there
            return fmt.count(value)
        if role == SORT_ROLE:
            return -1 if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole:
            if row == self.beside_row():
                return self._italic
            diagonal = col == row
            if diagonal or row == self.total_row() or col == self.total_column():
                return self._bold
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if value == 0 and row < n and col != row:
                return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, value)
        return None

    def _tooltip(self, row: int, col: int, value: int | None) -> str | None:
        table = self._table
        assert table is not None
        n = self.partnerships
        if row == self.beside_row():
            return BESIDE_TIP
        if not table.has_data:
            return "No patients-by-LSOA data held for this extract"
        if value is None:
            return None
        registered = table.row_names[row] if row < n else "all counted practices"
        if col == self.total_column():
            return f"Registered in {registered}: {fmt.count(value)} patients"
        if col < n:
            where = f"living in {table.column_names[col]}"
        else:
            where = "living outside every footprint" if col == n else "residence unknown"
        return f"Registered in {registered}, {where}: {fmt.count(value)}"
