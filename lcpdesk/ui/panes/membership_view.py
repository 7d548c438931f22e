"""The Membership pane's layout: its widgets, built and arranged in one place.

What the widgets do (reading the data, reacting to the user) is in
:mod:`lcpdesk.ui.panes.membership`, which subclasses this view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lcpdesk.ui.models.members import Col, MemberFilterProxy, MemberTableModel
from lcpdesk.ui.panes.area_panel import AreaTablePanel
from lcpdesk.ui.panes.base import Pane, PaneContext
from lcpdesk.ui.panes.flow_panel import FlowMatrixPanel
from lcpdesk.ui.widgets import LoadingNote, button_for, pane_heading, read_only_table

BUTTONS = ("add", "edit", "move", "split", "remove")


class MembershipView(Pane):
    """Heading, filter and extract date, the practice table and its buttons; beneath, the
    area table and the flow matrix as tabs."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        em = self.fontMetrics().horizontalAdvance("M")
        self.heading = pane_heading("Selected partnership")
        self.subheading = QLabel()
        self.subheading.setAccessibleName("Selection summary")
        self.loading_note = LoadingNote()

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Code, name or PCN")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter practices")
        self.filter_edit.setMinimumWidth(em * 10)
        self.filter_label = QLabel("&Filter:")
        self.filter_label.setBuddy(self.filter_edit)
        self.date_combo = QComboBox()
        self.date_combo.setAccessibleName("As at extract")
        self.date_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.date_label = QLabel("&As at extract:")
        self.date_label.setBuddy(self.date_combo)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Practice count")

        self.model = MemberTableModel(self)
        self.proxy = MemberFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._practice_table()

        self.area_panel = AreaTablePanel()
        self.flow_panel = FlowMatrixPanel()
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setAccessibleName("Area tables")
        self.lower_tabs.tabBar().setAccessibleName("Area table tabs")
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(self.area_panel, "&Populations")
        self.lower_tabs.addTab(self.flow_panel, "Flo&w matrix")
        self.splitter = QSplitter(Qt.Orientation.Vertical)

    def _practice_table(self) -> QTableView:
        table = read_only_table(self.proxy, "Practices")
        table.setSortingEnabled(True)
        table.sortByColumn(Col.CODE, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(100)  # sample rows: 6,500 would take ~0.6 s
        header.setStretchLastSection(True)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        return table

    def arrange(self, actions: dict[str, QAction]) -> None:
        """Lay the widgets out, with a button for each of the practice ``actions``."""
        em = self.fontMetrics().horizontalAdvance("M")
        buttons = QHBoxLayout()
        for name in BUTTONS:
            buttons.addWidget(button_for(actions[name]))
        buttons.addStretch(1)

        tools = QHBoxLayout()
        tools.addWidget(self.filter_label)
        tools.addWidget(self.filter_edit, 2)
        tools.addSpacing(em)
        tools.addWidget(self.date_label)
        tools.addWidget(self.date_combo)
        tools.addStretch(1)
        tools.addWidget(self.loading_note)
        tools.addWidget(self.count_label)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(tools)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        self.splitter.setAccessibleName("Practices and area table")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.lower_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.splitter, 1)

    def size_splitter(self) -> None:
        """Room for every area-table row (Total included), up to two thirds of the height."""
        total = sum(self.splitter.sizes())
        view = self.area_panel.view
        rows = self.area_panel.model.rowCount()
        wanted = (
            view.verticalHeader().defaultSectionSize() * rows
            + view.horizontalHeader().sizeHint().height()
            + self.area_panel.heading.sizeHint().height()
            + self.lower_tabs.tabBar().sizeHint().height()
            + 4 * view.frameWidth()
            + 2 * self.fontMetrics().height()
        )
        bottom = min(wanted, int(total * 0.66))
        self.splitter.setSizes([total - bottom, bottom])
