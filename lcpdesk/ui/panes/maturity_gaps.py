"""The gaps of one assessment to the standard level, each of which can become a goal."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from lcpdesk.domain.maturity_views import GapRow
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.maturity import gap_columns, sort_in_source_order, sorting_proxy
from lcpdesk.ui.models.records import RecordTableModel
from lcpdesk.ui.widgets import button_for, make_action, read_only_table


class GapsPanel(QWidget):
    make_goal_requested = Signal(object)  # the GapRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Gaps")
        self.rows: list[GapRow] = []
        self.standard = "the standard"
        self.read_only = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Gaps summary")
        self.only_below = QCheckBox("Only &below the standard")
        self.only_below.setChecked(True)
        self.only_below.toggled.connect(lambda _on: self._fill())
        self.model: RecordTableModel = RecordTableModel(gap_columns(self.standard), self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = read_only_table(self.proxy, "Gaps to the standard")
        sort_in_source_order(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.make_goal_action = make_action(self, "&Make goal…", self._make_goal, on=self.table)
        self.table.doubleClicked.connect(lambda _i: self._make_goal())
        self.make_goal_button = button_for(self.make_goal_action)
        self.make_goal_button.setToolTip(
            "Turn the selected gap into a goal of the partnership, linked to its dimension"
        )
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_below)
        bottom = QHBoxLayout()
        bottom.addWidget(self.make_goal_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.proxy.modelReset.connect(self._update)
        self._update()

    def set_gaps(self, rows: list[GapRow], standard: str, message: str = "") -> None:
        if standard != self.standard:
            self.standard = standard
            self.model.set_columns(gap_columns(standard))
        self.rows = rows
        self._fill()
        if message:
            self.summary.setText(message)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update()

    def selected(self) -> GapRow | None:
        chosen = self.table.selectionModel().selectedRows()
        record = chosen[0].data(RECORD_ROLE) if chosen else None
        return record if isinstance(record, GapRow) else None

    def select(self, dimension_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(RECORD_ROLE).dimension_id == dimension_id:
                self.table.selectRow(r)
                return True
        return False

    def _fill(self) -> None:
        keep = self.selected()
        shown = (
            [g for g in self.rows if g.below_standard] if self.only_below.isChecked() else self.rows
        )
        self.model.set_records(shown)
        self.table.resizeColumnsToContents()
        below = sum(1 for g in self.rows if g.gap)
        unknown = sum(1 for g in self.rows if g.gap is None)
        if self.rows:
            text = (
                f"{below} of {fmt.plural(len(self.rows), 'dimension')} below {self.standard}"
                if below
                else f"Every dimension assessed is at or above {self.standard}"
            )
            if unknown:
                text += f"; {unknown} not yet assessed"
            self.summary.setText(text + ".")
        if keep is not None:
            self.select(keep.dimension_id)
        self._update()

    def _update(self) -> None:
        row = self.selected()
        self.make_goal_action.setEnabled(
            row is not None and row.below_standard and not self.read_only
        )

    def _make_goal(self) -> None:
        row = self.selected()
        if row is not None and self.make_goal_action.isEnabled():
            self.make_goal_requested.emit(row)
