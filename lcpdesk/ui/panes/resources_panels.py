"""The Resources pane's tabs besides the allocations: totals with the sector chart, warnings
with the funding floor, and the area's partner organisations."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.domain import resources as res
from lcpdesk.domain.amounts import money_text, number_text
from lcpdesk.domain.resources import ResourceWarning, TotalRow
from lcpdesk.services.resources import ResourceView
from lcpdesk.ui import formatting as fmt
from lcpdesk.ui.chart_view import ChartView
from lcpdesk.ui.models import RECORD_ROLE
from lcpdesk.ui.models.goals import RAG_COLOURS
from lcpdesk.ui.models.records import RecordFilterProxy
from lcpdesk.ui.models.resources import TOTAL, partner_model, totals_model, warning_model
from lcpdesk.ui.tasks import TaskRunner
from lcpdesk.ui.widgets import button_row, table

SEED_003 = (
    "Seed 003: “Funding per organisation needs to be in chunks of at least £20k otherwise the "
    "bidding, management and reporting is disproportionate.”"
)


class TotalsPanel(QWidget):
    """Totals for one kind of resource, grouped by sector, partner, goal or partnership, with
    planned, committed and actual apart; beside them, the chart of contributions by sector."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ResourceView | None = None
        self.grouping = QComboBox()
        self.grouping.setAccessibleName("Totals by")
        for key, label in res.GROUPING_LABELS.items():
            self.grouping.addItem(label, key)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of resource")
        for key in res.KINDS:
            self.kind.addItem(res.kind_label(key), key)
        by_label = QLabel("Totals &by:")
        by_label.setBuddy(self.grouping)
        kind_label = QLabel("&Of:")
        kind_label.setBuddy(self.kind)
        self.model = totals_model(self.current_kind, self)
        self.table = table(self.model, "Totals", sortable=False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = ChartView(tasks, "Contributions", empty_text="No allocations to chart.")
        tools = QHBoxLayout()
        tools.addWidget(by_label)
        tools.addWidget(self.grouping)
        tools.addWidget(kind_label)
        tools.addWidget(self.kind)
        tools.addStretch(1)
        tools.addWidget(self.chart.save_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setAccessibleName("Totals and chart")
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.splitter = split
        self.split_sized = False
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        self.grouping.currentIndexChanged.connect(lambda _i: self._show())
        self.kind.currentIndexChanged.connect(lambda _i: self._show())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.split_sized:  # the first time, unless the user's split was restored
            self.split_sized = True
            QTimer.singleShot(0, self._size_split)

    def _size_split(self) -> None:
        """Less than half for the table, the rest for the chart."""
        total = sum(self.splitter.sizes())
        self.splitter.setSizes([total * 2 // 5, total - total * 2 // 5])

    def current_kind(self) -> str:
        return str(self.kind.currentData() or res.FUNDING)

    def current_grouping(self) -> str:
        return str(self.grouping.currentData() or "sector")

    def set_view(self, view: ResourceView | None) -> None:
        self.view = view
        self._show()

    def rows(self) -> list[TotalRow]:
        """What the table shows, the total last."""
        return self.model.records()

    def _show(self) -> None:
        view = self.view
        if view is None:
            self.model.set_records([])
            self.chart.show_chart(None, None)
            return
        rows = view.totals(self.current_grouping())
        self.model.set_records([*rows, TotalRow(TOTAL, view.grand)])
        self.model.set_header(0, res.GROUPING_LABELS[self.current_grouping()])
        self.model.refresh_all()
        kind = self.current_kind()
        # The chart follows the table's grouping (sector, partner, goal or partnership).
        grouping = self.current_grouping()
        label = view.period.label if view.period else "all periods"
        title = f"{res.kind_label(kind)} by {res.GROUPING_LABELS[grouping].lower()}, {label}"

        def build() -> object:
            from lcpdesk.charts.resources import sector_chart

            return sector_chart(rows, kind, title)

        key = ([(r.label, r.amounts) for r in rows], kind, title)
        self.chart.show_chart(key if rows else None, build if rows else None, title)


class WarningsPanel(QWidget):
    """``activated(allocation_id, goal_id)`` (-1 for none) when a warning is opened."""

    activated = Signal(int, int)

    def __init__(self, set_floor: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = warning_model(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table(self.proxy, "Warnings")
        self.table.activated.connect(self._on_activated)
        self.floor = QLineEdit()
        self.floor.setAccessibleName("Smallest funding piece")
        self.floor.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        self.floor.returnPressed.connect(set_floor.trigger)
        floor_label = QLabel("&Smallest piece of funding:")
        floor_label.setBuddy(self.floor)
        button = QPushButton(set_floor.text())
        button.setAccessibleName("Set smallest funding piece")
        button.clicked.connect(set_floor.trigger)
        set_floor.changed.connect(lambda: button.setEnabled(set_floor.isEnabled()))
        self.floor_button = button
        note = QLabel(SEED_003)
        note.setWordWrap(True)
        note.setAccessibleName("Why a smallest piece")
        row = QHBoxLayout()
        row.addWidget(floor_label)
        row.addWidget(self.floor)
        row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(note)

    def set_view(self, view: ResourceView | None) -> None:
        self.model.set_records(view.warnings if view is not None else [])
        self.table.resizeColumnToContents(0)
        if view is not None and not self.floor.hasFocus():
            self.floor.setText(floor_text(view.funding_floor_x100))

    def warnings(self) -> list[ResourceWarning]:
        return self.model.records()

    def _on_activated(self, index: QModelIndex) -> None:
        w = index.data(RECORD_ROLE)
        if isinstance(w, ResourceWarning):
            self.activated.emit(
                -1 if w.allocation_id is None else w.allocation_id,
                -1 if w.goal_id is None else w.goal_id,
            )


def floor_text(x100: int) -> str:
    return money_text(x100) if x100 % 100 == 0 else f"£{number_text(x100, places=2)}"


class PartnersPanel(QWidget):
    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = partner_model(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table(self.proxy, "Partner organisations")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()  # the name takes the room, not the last count
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(
            button_row(
                actions["add_partner"],
                (actions["edit_partner"], "Edit…"),
                (actions["delete_partner"], "Delete"),
            )
        )


def summary_chips(view: ResourceView) -> list[tuple[str, tuple[str, str] | None]]:
    """Each kind's total with its planned, committed and actual parts (never £ plus WTE),
    then the number of warnings."""
    chips: list[tuple[str, tuple[str, str] | None]] = []
    for key, kind in res.KINDS.items():
        by_status = view.grand[key]
        total = sum(by_status.values())
        if not total:
            continue
        parts = " · ".join(
            f"{s} {res.amount_text(key, by_status[s])}"
            for s in res.ALLOCATION_STATUSES
            if by_status[s]
        )
        chips.append((f"{kind.label} {res.amount_text(key, total)} ({parts})", None))
    if not chips:
        chips.append(("Nothing allocated", None))
    chips.append(("", None))
    n = len(view.warnings)
    chips.append(
        (f"⚠ {fmt.plural(n, 'warning')}", RAG_COLOURS["Amber"]) if n else ("No warnings", None)
    )
    return chips
